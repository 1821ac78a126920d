//! Where each part of the generated definition came from: JSON pointer → the span of the
//! tokens that produced it, so that a validator diagnostic at `/States/Pack/Next` is reported
//! on the user's `-> "Shipp"`. An object member's key is recorded too, for diagnostics about
//! the key itself (an unknown key is reported on the misspelling, not on its value).

use proc_macro2::Span;
use std::collections::HashMap;
use workflow_asl::{Pointer, Subject};

/// JSON pointers of the lowered definition and the spans that produced them.
#[derive(Default)]
pub(crate) struct SpanMap {
    spans: HashMap<String, Span>,
    keys: HashMap<String, Span>,
    /// The spans of the steps of each path written with tokens, by the path's location.
    path_steps: HashMap<Location, Vec<Span>>,
}

/// Where a span's tokens start and end in their file (every token of one invocation is in the
/// same file): its identity. Line and column are what stable compilers report (1.88+);
/// `byte_range` is a placeholder there.
pub(crate) type Location = (usize, usize, usize, usize);

/// The [`Location`] of `span`.
pub(crate) fn location(span: Span) -> Location {
    let (start, end) = (span.start(), span.end());
    (start.line, start.column, end.line, end.column)
}

impl SpanMap {
    /// Records that `pointer` was produced by the tokens at `span`.
    pub(crate) fn insert(&mut self, pointer: &Pointer, span: Span) {
        self.spans.insert(pointer.as_str().to_owned(), span);
    }

    /// Records that the key of the member at `pointer` was written at `span`.
    pub(crate) fn insert_key(&mut self, pointer: &Pointer, span: Span) {
        self.keys.insert(pointer.as_str().to_owned(), span);
    }

    /// Records the spans of the steps of the path written at `path` (one per step after the
    /// root, as `workflow_asl::path` counts them).
    pub(crate) fn insert_path_steps(&mut self, path: Span, steps: Vec<Span>) {
        self.path_steps.insert(location(path), steps);
    }

    /// The span of what a diagnostic about `subject` at `pointer` is about: the member's key
    /// when the key is at fault and was recorded; the step of the path at fault when the
    /// value is a path written with tokens; else [`SpanMap::find`].
    pub(crate) fn find_subject(&self, pointer: &Pointer, subject: Subject) -> Option<Span> {
        match subject {
            Subject::Key => self
                .keys
                .get(pointer.as_str())
                .copied()
                .or_else(|| self.find(pointer)),
            Subject::Value => self.find(pointer),
            Subject::PathStep(step) => {
                let whole = self.find(pointer)?;
                let steps = self.path_steps.get(&location(whole));
                Some(steps.and_then(|s| s.get(step)).copied().unwrap_or(whole))
            }
        }
    }

    /// The span of `pointer`, or of its nearest recorded ancestor.
    pub(crate) fn find(&self, pointer: &Pointer) -> Option<Span> {
        let mut text = pointer.as_str();
        loop {
            if let Some(span) = self.spans.get(text) {
                return Some(*span);
            }
            let (parent, _) = text.rsplit_once('/')?;
            text = parent;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SpanMap;
    use proc_macro2::Span;
    use workflow_asl::{Pointer, Subject};

    #[test]
    fn finds_the_nearest_recorded_ancestor() {
        let mut map = SpanMap::default();
        let state = Pointer::root().key("States").key("A");
        map.insert(&state, Span::call_site());
        assert!(map.find(&state.key("Next")).is_some());
        assert!(map.find(&Pointer::root().key("Other")).is_none());
    }

    #[test]
    fn a_key_has_its_own_span_and_falls_back_to_the_value() {
        let mut map = SpanMap::default();
        let member = Pointer::root().key("Parameters").key("Nmae");
        // Parsed tokens have distinct locations (`span-locations` in tests).
        let tokens: Vec<proc_macro2::TokenTree> =
            match "Nmae: \"v\"".parse::<proc_macro2::TokenStream>() {
                Ok(stream) => stream.into_iter().collect(),
                Err(e) => panic!("{e}"),
            };
        let (Some(key), Some(value)) = (tokens.first(), tokens.last()) else {
            panic!("no tokens");
        };
        let (key, value) = (key.span(), value.span());
        assert_ne!(format!("{key:?}"), format!("{value:?}"));
        map.insert(&member, value);
        map.insert_key(&member, key);
        let found = |s| format!("{:?}", map.find_subject(&member, s));
        assert_eq!(found(Subject::Key), format!("{:?}", Some(key)));
        assert_eq!(found(Subject::Value), format!("{:?}", Some(value)));
        let other = Pointer::root().key("Parameters").key("Other");
        assert!(map.find_subject(&other, Subject::Key).is_none());
    }
}

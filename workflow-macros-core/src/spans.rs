//! Where each part of the generated definition came from: JSON pointer → the span of the
//! tokens that produced it, so that a validator diagnostic at `/States/Pack/Next` is reported
//! on the user's `-> "Shipp"`.

use proc_macro2::Span;
use std::collections::HashMap;
use workflow_asl::Pointer;

/// JSON pointers of the lowered definition and the spans that produced them.
#[derive(Default)]
pub struct SpanMap {
    spans: HashMap<String, Span>,
}

impl SpanMap {
    /// Records that `pointer` was produced by the tokens at `span`.
    pub fn insert(&mut self, pointer: &Pointer, span: Span) {
        self.spans.insert(pointer.as_str().to_owned(), span);
    }

    /// The span of `pointer`, or of its nearest recorded ancestor.
    pub fn find(&self, pointer: &Pointer) -> Option<Span> {
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
    use workflow_asl::Pointer;

    #[test]
    fn finds_the_nearest_recorded_ancestor() {
        let mut map = SpanMap::default();
        let state = Pointer::root().key("States").key("A");
        map.insert(&state, Span::call_site());
        assert!(map.find(&state.key("Next")).is_some());
        assert!(map.find(&Pointer::root().key("Other")).is_none());
    }
}

//! A path field's string as decoded: its text and what it parses to, once.

use super::{Intrinsic, Path, PathError, looks_like_intrinsic, parse_intrinsic, parse_path};
use std::borrow::Cow;
use std::fmt;

/// The string of a path field (`InputPath`, `ResultPath`, `ItemsPath`, `…SecondsPath`, a
/// Choice `Variable` or `…Path` operand, `ErrorPath`, …) as decoded: its text, the [`Path`]
/// it parses to (or why it does not), and, when it is written as an intrinsic function call
/// (`ErrorPath` and `CausePath` may be), the call. Every consumer (the validator, the data
/// flow, the engine, the macro) reads the parsed forms from here; none parses the text again.
///
/// Equality and hashing are by text.
///
/// ```
/// use workflow_asl::path::{PathString, Segment};
/// let p = PathString::new("$.order.items[0]");
/// assert_eq!(p.path().unwrap().segments[0], Segment::Child("order".into()));
/// assert!(p.intrinsic().is_none());
/// assert!(PathString::new("$.a[").path().is_err());
/// let call = PathString::new("States.Format('{}', $.id)");
/// assert!(call.intrinsic().unwrap().is_ok());
/// ```
#[derive(Clone, Debug)]
pub struct PathString {
    text: String,
    path: Result<Path, PathError>,
    intrinsic: Option<Result<Intrinsic, PathError>>,
}

impl PathString {
    /// Parses `text` as a path and, when it looks like a call (`Name(…)`), as an intrinsic
    /// function.
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        PathString {
            path: parse_path(&text),
            intrinsic: looks_like_intrinsic(&text).then(|| parse_intrinsic(&text)),
            text,
        }
    }

    /// `decoded`, the form a definition's value was decoded into, or else `text` parsed now
    /// (the value of a template built in memory rather than decoded).
    pub fn decoded_or_parsed<'d>(
        decoded: Option<&'d PathString>,
        text: &str,
    ) -> Cow<'d, PathString> {
        match decoded {
            Some(decoded) => Cow::Borrowed(decoded),
            None => Cow::Owned(PathString::new(text)),
        }
    }

    /// The string as written.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The path, or why the text is not one.
    pub fn path(&self) -> Result<&Path, &PathError> {
        self.path.as_ref()
    }

    /// The intrinsic function call, when the text is written as one (`Name(…)`), or why it
    /// is not a valid call; `None` for any other text.
    pub fn intrinsic(&self) -> Option<Result<&Intrinsic, &PathError>> {
        self.intrinsic.as_ref().map(Result::as_ref)
    }
}

impl PartialEq for PathString {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for PathString {}

impl PartialEq<str> for PathString {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for PathString {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl std::hash::Hash for PathString {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl fmt::Display for PathString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::ops::Deref for PathString {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

impl From<String> for PathString {
    fn from(text: String) -> Self {
        PathString::new(text)
    }
}

impl From<&str> for PathString {
    fn from(text: &str) -> Self {
        PathString::new(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{PathOrNull, State, StateMachine};

    #[test]
    fn a_decoded_path_field_carries_its_parsed_path() {
        let m = StateMachine::from_json(
            r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "InputPath": "$.order['id']", "End": true}}}"#,
        )
        .unwrap();
        let Some(State::Pass(p)) = m.states.get("P") else {
            panic!("a Pass state");
        };
        let Some(PathOrNull::Path(input)) = &p.input_path else {
            panic!("an InputPath");
        };
        assert_eq!(input, "$.order['id']");
        assert_eq!(input.path().unwrap().segments.len(), 2);
    }

    #[test]
    fn a_call_is_parsed_as_one_and_a_broken_one_says_why() {
        let call = PathString::new("States.Format('{}', $.a)");
        assert!(call.path().is_err());
        assert_eq!(call.intrinsic().unwrap().unwrap().args.len(), 2);
        let broken = PathString::new("States.Format('{}', $.a");
        assert!(broken.intrinsic().unwrap().is_err());
        assert!(PathString::new("$.a").intrinsic().is_none());
        assert_eq!(PathString::new("$.a"), PathString::from("$.a".to_owned()));
        assert_eq!(PathString::new("$.a").to_string(), "$.a");
    }
}

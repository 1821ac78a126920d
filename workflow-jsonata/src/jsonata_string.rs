//! Which strings Step Functions evaluates as JSONata: `{% … %}`, the whole string (`" {% 1 %}"`
//! is a literal). The one definition of it, which the AWS request checker
//! (`workflow-aws-models`), the validator, the engine, the macro and the IAM policy all ask.
//! Offsets into the expression (a [`JsonataError`](crate::JsonataError)'s, a
//! [`References`](crate::References)' ones) plus the offset [`jsonata_body_with_offset`] gives
//! are offsets into the string.

/// The trimmed expression inside `{% ... %}`, when `s` is a JSONata string; otherwise `None`.
///
/// ```
/// use workflow_jsonata::jsonata_string::jsonata_body;
/// assert_eq!(jsonata_body("{% $states.input.x %}"), Some("$states.input.x"));
/// assert_eq!(jsonata_body("$.x"), None);
/// ```
#[must_use]
pub fn jsonata_body(s: &str) -> Option<&str> {
    jsonata_body_with_offset(s).map(|(_, body)| body)
}

/// Like [`jsonata_body`], with the byte offset of the trimmed expression in `s`.
///
/// ```
/// use workflow_jsonata::jsonata_string::jsonata_body_with_offset;
/// assert_eq!(jsonata_body_with_offset("{%  1 %}"), Some((4, "1")));
/// ```
#[must_use]
pub fn jsonata_body_with_offset(s: &str) -> Option<(usize, &str)> {
    let inner = s.strip_prefix("{%")?.strip_suffix("%}")?;
    let body = inner.trim();
    let leading = inner.len() - inner.trim_start().len();
    Some((2 + leading, body))
}

/// Whether `s` is a JSONata expression, `{% … %}`: the one test of "is this evaluated as
/// JSONata". The whole string counts: `" {% 1 %}"` is a literal, as it is to Step Functions.
/// To spot a string meant as JSONata but malformed (`{% 1`), use [`looks_like_jsonata`].
///
/// ```
/// use workflow_jsonata::jsonata_string::is_jsonata;
/// assert!(is_jsonata("{% $states.input.x %}"));
/// assert!(!is_jsonata("{% $states.input.x"));
/// assert!(!is_jsonata(" {% 1 %}"));
/// assert!(!is_jsonata("$.x"));
/// ```
#[must_use]
pub fn is_jsonata(s: &str) -> bool {
    jsonata_body(s).is_some()
}

/// Whether `s` starts with `{%`, i.e. is meant as a JSONata string (even if malformed).
///
/// ```
/// use workflow_jsonata::jsonata_string::looks_like_jsonata;
/// assert!(looks_like_jsonata("{% broken"));
/// assert!(!looks_like_jsonata(" {% 1 %}"));
/// ```
#[must_use]
pub fn looks_like_jsonata(s: &str) -> bool {
    s.starts_with("{%")
}

/// A string of a definition that Step Functions evaluates as JSONata (`{% … %}`), as decoded:
/// its text and its expression, parsed once. Every consumer (the validator, the engine, the
/// IAM policy) reads the parsed expression from here; none parses the text again.
///
/// A string that starts with `{%` but is malformed (`{% 1`) is one too, so the validator can
/// report it where it stands; [`JsonataString::expression`] says why it has no expression.
/// Equality and hashing are by text. Cloning is cheap: the tree is shared.
///
/// ```
/// use workflow_jsonata::jsonata_string::{JsonataString, JsonataStringError};
/// let s = JsonataString::parse("{% $states.input.total * 2 %}").unwrap();
/// assert_eq!(s.body(), Some("$states.input.total * 2"));
/// assert!(s.expression().unwrap().references().reads_states_context() == false);
/// assert!(matches!(JsonataString::parse("{% 1").unwrap().expression(), Err(JsonataStringError::Unclosed)));
/// assert!(JsonataString::parse("$.x").is_none());
/// ```
#[derive(Clone, Debug)]
pub struct JsonataString {
    text: String,
    parsed: Result<std::sync::Arc<crate::Jsonata>, JsonataStringError>,
}

/// Why a [`JsonataString`] has no expression.
#[derive(Clone, Debug, PartialEq)]
pub enum JsonataStringError {
    /// It starts with `{%` but does not end with `%}`.
    Unclosed,
    /// The expression inside does not parse (offsets are into the [body](JsonataString::body)).
    Syntax(crate::JsonataError),
}

impl JsonataString {
    /// Parses `text` when it is meant as JSONata ([`looks_like_jsonata`]); `None` for any other
    /// string, which Step Functions takes literally.
    #[must_use]
    pub fn parse(text: &str) -> Option<JsonataString> {
        looks_like_jsonata(text).then(|| JsonataString {
            text: text.to_owned(),
            parsed: match jsonata_body(text) {
                None => Err(JsonataStringError::Unclosed),
                Some(body) => crate::Jsonata::parse(body)
                    .map(std::sync::Arc::new)
                    .map_err(JsonataStringError::Syntax),
            },
        })
    }

    /// The JSONata string `{% body %}`: how a program that writes a definition (the
    /// `workflow!` macro) makes one from an expression.
    ///
    /// ```
    /// use workflow_jsonata::jsonata_string::JsonataString;
    /// assert_eq!(JsonataString::from_body("$x + 1").text(), "{% $x + 1 %}");
    /// ```
    #[must_use]
    pub fn from_body(body: &str) -> JsonataString {
        let text = format!("{{% {body} %}}");
        JsonataString {
            parsed: crate::Jsonata::parse(body)
                .map(std::sync::Arc::new)
                .map_err(JsonataStringError::Syntax),
            text,
        }
    }

    /// The string as written, braces and percent signs included.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The trimmed expression inside `{% … %}`; `None` when the string is not closed.
    pub fn body(&self) -> Option<&str> {
        jsonata_body(&self.text)
    }

    /// The byte offset of [`body`](Self::body) in [`text`](Self::text).
    pub fn body_offset(&self) -> Option<usize> {
        jsonata_body_with_offset(&self.text).map(|(offset, _)| offset)
    }

    /// The parsed expression, or why there is none.
    pub fn expression(&self) -> Result<&crate::Jsonata, &JsonataStringError> {
        self.parsed.as_deref()
    }
}

impl PartialEq for JsonataString {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for JsonataString {}

impl std::hash::Hash for JsonataString {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl std::fmt::Display for JsonataString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::ops::Deref for JsonataString {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn body() {
        assert_eq!(jsonata_body("{% $x %}"), Some("$x"));
        assert_eq!(jsonata_body("{%$x%}"), Some("$x"));
        assert_eq!(jsonata_body("{%%}"), Some(""));
        assert_eq!(jsonata_body("{%}"), None);
        assert_eq!(jsonata_body("{% $x"), None);
        assert_eq!(jsonata_body(" {% $x %}"), None);
        assert_eq!(jsonata_body("$.x"), None);
        assert_eq!(jsonata_body_with_offset("{%  $x %}"), Some((4, "$x")));
        assert_eq!(jsonata_body_with_offset("{%é%}"), Some((2, "é")));
        assert!(looks_like_jsonata("{%"));
        assert!(!looks_like_jsonata("$.a"));
    }

    proptest! {
        #[test]
        fn never_panics_and_offsets_point_at_the_body(text in any::<String>()) {
            if let Some((offset, body)) = jsonata_body_with_offset(&text) {
                prop_assert_eq!(text.get(offset..offset + body.len()), Some(body));
            }
        }
    }
}

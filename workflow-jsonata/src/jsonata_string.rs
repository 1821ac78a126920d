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

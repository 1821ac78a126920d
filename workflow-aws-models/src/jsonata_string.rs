//! Which strings Step Functions evaluates as JSONata: `{% … %}`, the whole string (`" {% 1 %}"`
//! is a literal). The one definition of it: the request checker here asks it, and
//! `workflow-asl` re-exports it (`workflow_asl::path::{is_jsonata, jsonata_body}`) for the
//! validator, the engine, the macro and the IAM policy. It lives in this crate because this is
//! the lowest crate that needs it.

/// The trimmed expression inside `{% ... %}`, when `s` is a JSONata string; otherwise `None`.
///
/// ```
/// use workflow_aws_models::jsonata_string::jsonata_body;
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
/// use workflow_aws_models::jsonata_string::jsonata_body_with_offset;
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
///
/// ```
/// use workflow_aws_models::jsonata_string::is_jsonata;
/// assert!(is_jsonata("{% $states.input.x %}"));
/// assert!(!is_jsonata("{% $states.input.x"));
/// assert!(!is_jsonata(" {% 1 %}"));
/// assert!(!is_jsonata("$.x"));
/// ```
#[must_use]
pub fn is_jsonata(s: &str) -> bool {
    jsonata_body(s).is_some()
}

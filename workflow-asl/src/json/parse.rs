//! Definition text → `serde_json::Value`, strictly ([`workflow_text::json::parse_strict`]:
//! no repeated key, nesting at most [`MAX_DEPTH`] deep), its errors as diagnostics at the JSON
//! pointer where they happened.

use crate::{Code, Diagnostic, Pointer};
use serde_json::Value;
use workflow_text::json::{PathSegment, parse_strict};

pub use workflow_text::json::MAX_DEPTH;

/// Parses JSON text into a value, keeping object member order.
///
/// Unlike `serde_json::from_str`, a repeated key in one object is an error (ASL definitions
/// that repeat a key mean two different things; the service rejects them).
///
/// An empty document is `SCHEMA_VALIDATION_FAILED` ("Definition must be a valid JSON object"),
/// as AWS's `ValidateStateMachineDefinition` answers it (recorded on AWS: LocalStack's
/// `test_sfn_api_validation` snapshots, `EMPTY_STRING`); text that is not JSON is
/// `INVALID_JSON_DESCRIPTION`, as AWS answers `not a definition`.
pub fn parse_json(text: &str) -> Result<Value, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error(
            Code::SchemaValidationFailed,
            Pointer::root(),
            "Definition must be a valid JSON object: the document is empty; a definition is a JSON object with `StartAt` and `States`",
        ));
    }
    parse_strict(text)
        .map_err(|e| Diagnostic::error(Code::InvalidJsonDescription, pointer(&e.path), e.message))
}

/// The pointer to where a path of keys and indexes leads.
pub(crate) fn pointer(path: &[PathSegment]) -> Pointer {
    let mut pointer = Pointer::root();
    for segment in path {
        match segment {
            PathSegment::Key(k) => pointer.push_key(k),
            PathSegment::Index(i) => pointer.push_index(*i),
        }
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::parse_json;

    #[test]
    fn errors_are_located_by_pointer() {
        let d = parse_json("{\"States\": {\"A\": [1, {\"b\": 1, \"b\": 2}]}}").unwrap_err();
        assert_eq!(d.code.as_str(), "INVALID_JSON_DESCRIPTION");
        assert_eq!(d.pointer.as_str(), "/States/A/1/b");
        assert!(d.message.contains("duplicate key `b`"), "{}", d.message);
        let d = parse_json("  ").unwrap_err();
        assert_eq!(d.code.as_str(), "SCHEMA_VALIDATION_FAILED");
        assert!(d.message.contains("the document is empty"), "{}", d.message);
        let d = parse_json("not a definition").unwrap_err();
        assert_eq!(d.code.as_str(), "INVALID_JSON_DESCRIPTION");
    }
}

//! Assertions shared by the validator's unit tests.

use crate::validate::dataflow::DataType;
use crate::{Code, Diagnostic};

/// An object type with exactly these required fields.
pub(crate) fn object_type(fields: &[(&str, DataType)]) -> DataType {
    DataType::Object(
        fields
            .iter()
            .map(|(name, t)| ((*name).to_owned(), (t.clone(), false)))
            .collect(),
    )
}

/// The diagnostics with `code`.
pub(crate) fn with_code(diagnostics: &[Diagnostic], code: Code) -> Vec<&Diagnostic> {
    diagnostics.iter().filter(|d| d.code == code).collect()
}

/// Asserts exactly one diagnostic with `code`, at `pointer`, whose message contains
/// `fragment`; returns it.
#[track_caller]
pub(crate) fn assert_one(
    diagnostics: &[Diagnostic],
    code: Code,
    pointer: &str,
    fragment: &str,
) -> Diagnostic {
    let found = with_code(diagnostics, code);
    assert_eq!(found.len(), 1, "expected one {code}, got {diagnostics:#?}");
    let d = found[0].clone();
    assert_eq!(d.pointer.as_str(), pointer, "{d}");
    assert!(
        d.message.contains(fragment),
        "message {:?} lacks {fragment:?}",
        d.message
    );
    d
}

/// Asserts that no diagnostic has `code`.
#[track_caller]
pub(crate) fn assert_none(diagnostics: &[Diagnostic], code: Code) {
    let found = with_code(diagnostics, code);
    assert!(found.is_empty(), "expected no {code}, got {found:#?}");
}

/// [`assert_one`] on the diagnostics of `check(text)`.
#[track_caller]
pub(crate) fn assert_one_in(text: &str, code: Code, pointer: &str, fragment: &str) -> Diagnostic {
    assert_one(&crate::check(text), code, pointer, fragment)
}

/// [`assert_none`] on the diagnostics of `check(text)`.
#[track_caller]
pub(crate) fn assert_none_in(text: &str, code: Code) {
    assert_none(&crate::check(text), code);
}

//! The string-level languages of the Amazon States Language, each parsed into values with
//! byte-located errors: JSONPath paths ([`parse_path`]), intrinsic functions
//! ([`parse_intrinsic`], [`check_intrinsic`]) and deployment substitutions
//! ([`find_substitutions`]). JSONata has a crate of its own, `workflow_jsonata`. Nothing here
//! panics, whatever the input, and nesting deeper than [`MAX_NESTING`] is refused with an
//! error.

mod error;
mod intrinsic;
mod jsonpath;
mod path_string;
mod substitution;
#[cfg(test)]
mod tests;

pub use error::{MAX_NESTING, PathError};
pub use intrinsic::{
    Arg, ArgAt, Intrinsic, IntrinsicFunction, MAX_INTRINSIC_DEPTH, MAX_INTRINSIC_INPUT_CHARS,
    Parameter, check_intrinsic, looks_like_intrinsic, parse_intrinsic,
};
pub use jsonpath::{
    CompareOp, Filter, FilterExpr, Literal, Operand, Path, Root, Segment, UnionMember, parse_path,
};
pub use path_string::PathString;
pub use substitution::{
    Substitution, contains_substitution, find_substitutions, is_whole_substitution,
};

// JSONata's string-level helpers moved to `workflow_jsonata` with JSONata itself (see
// CHANGELOG.md, "Deprecated"); these forward to them for the code that named them here.

/// Moved: `workflow_jsonata::step_functions::HASH_ALGORITHMS`.
#[deprecated(
    since = "0.1.0",
    note = "use `workflow_jsonata::step_functions::HASH_ALGORITHMS`"
)]
pub const HASH_ALGORITHMS: [&str; 5] = workflow_jsonata::step_functions::HASH_ALGORITHMS;

/// Moved: `workflow_jsonata::step_functions::MAX_ARRAY_RANGE_LEN`.
#[deprecated(
    since = "0.1.0",
    note = "use `workflow_jsonata::step_functions::MAX_ARRAY_RANGE_LEN`"
)]
pub const MAX_ARRAY_RANGE_LEN: usize = workflow_jsonata::step_functions::MAX_ARRAY_RANGE_LEN;

/// Moved: `workflow_jsonata::jsonata_string::is_jsonata`.
#[deprecated(
    since = "0.1.0",
    note = "use `workflow_jsonata::jsonata_string::is_jsonata`"
)]
pub fn is_jsonata(s: &str) -> bool {
    workflow_jsonata::jsonata_string::is_jsonata(s)
}

/// Moved: `workflow_jsonata::jsonata_string::looks_like_jsonata`.
#[deprecated(
    since = "0.1.0",
    note = "use `workflow_jsonata::jsonata_string::looks_like_jsonata`"
)]
pub fn looks_like_jsonata(s: &str) -> bool {
    workflow_jsonata::jsonata_string::looks_like_jsonata(s)
}

/// Moved: `workflow_jsonata::jsonata_string::jsonata_body`.
#[deprecated(
    since = "0.1.0",
    note = "use `workflow_jsonata::jsonata_string::jsonata_body`"
)]
pub fn jsonata_body(s: &str) -> Option<&str> {
    workflow_jsonata::jsonata_string::jsonata_body(s)
}

/// Moved: `workflow_jsonata::jsonata_string::jsonata_body_with_offset`.
#[deprecated(
    since = "0.1.0",
    note = "use `workflow_jsonata::jsonata_string::jsonata_body_with_offset`"
)]
pub fn jsonata_body_with_offset(s: &str) -> Option<(usize, &str)> {
    workflow_jsonata::jsonata_string::jsonata_body_with_offset(s)
}

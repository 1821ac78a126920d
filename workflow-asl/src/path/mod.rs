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
    Parameter, check_intrinsic, looks_like_intrinsic, parse_intrinsic, quote_intrinsic_string,
};
pub use jsonpath::{
    CompareOp, Filter, FilterExpr, Literal, Operand, Path, Root, Segment, UnionMember, parse_path,
};
pub use path_string::PathString;
pub use substitution::{
    Substitution, contains_substitution, find_substitutions, is_whole_substitution,
};

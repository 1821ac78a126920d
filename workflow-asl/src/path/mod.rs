//! The string-level languages of the Amazon States Language, each parsed or scanned into values
//! with byte-located errors: JSONPath paths ([`parse_path`]), intrinsic functions
//! ([`parse_intrinsic`], [`check_intrinsic`]), JSONata strings ([`scan_jsonata`]) and
//! deployment substitutions ([`find_substitutions`]). Nothing here panics, whatever the input,
//! and nesting deeper than [`MAX_NESTING`] is refused with an error.

mod error;
mod intrinsic;
mod jsonata;
mod jsonpath;
mod substitution;
#[cfg(test)]
mod tests;

pub use error::{MAX_NESTING, PathError};
pub use intrinsic::{
    Arg, ArgAt, HASH_ALGORITHMS, Intrinsic, IntrinsicFunction, MAX_ARRAY_RANGE_LEN,
    MAX_INTRINSIC_DEPTH, MAX_INTRINSIC_INPUT_CHARS, check_intrinsic, looks_like_intrinsic,
    parse_intrinsic,
};
pub use jsonata::{
    JsonataScan, is_jsonata, jsonata_body, jsonata_body_with_offset, looks_like_jsonata,
    scan_jsonata,
};
pub use jsonpath::{
    CompareOp, Filter, FilterExpr, Literal, Operand, Path, Root, Segment, UnionMember, parse_path,
};
pub use substitution::{
    Substitution, contains_substitution, find_substitutions, is_whole_substitution,
};

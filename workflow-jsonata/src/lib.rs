//! JSONata, the query and transformation language of the Amazon States Language's JSONata
//! states, as AWS Step Functions runs it: one front end for the validator and the engine.
//!
//! - [`jsonata_string`]: which strings are JSONata (`{% … %}`, the whole string) and their
//!   expression: the one test every crate asks;
//! - [`Jsonata::parse`]: the syntax of JSONata 2.0 (tokens, Pratt's parser, the post-parse
//!   stage) into a checked tree ([`ast`]), or a [`JsonataError`] with JSONata's code (`S0203`,
//!   …) and a byte offset;
//! - [`Jsonata::references`]: what an expression reads and calls ([`References`]: variables,
//!   `$states` fields, functions, the context value), which the validator checks;
//! - [`is_builtin`]: the names of JSONata's functions and AWS's own;
//! - [`step_functions`]: the limits and hash algorithms of AWS's JSONata functions and of the
//!   intrinsic functions;
//! - `eval` (feature `eval`): the evaluator, every function of JSONata 2.0 and AWS's
//!   (`$partition`, `$range`, `$hash`, `$random`, `$uuid`, `$parse`).
//!
//! # Invariants
//!
//! - **No panics**, whatever the expression or the data.
//! - **Bounded depth**: a tree deeper than [`MAX_DEPTH`] is refused with a located error
//!   (`U1003`); the parser's recursion runs on a stack that grows in segments
//!   (`workflow_text::stack`), and
//!   walks over a parsed tree ([`Jsonata::references`]) use an explicit stack.
//! - **Bounded evaluation**: an evaluation stays within AWS's limits of depth, time and memory
//!   (`eval::Limits`) and fails with `U1001`/`U1002`/`U1006` past them, as AWS does, so no
//!   expression can exhaust the stack, the memory or the time of the process.
//! - **Byte offsets**: errors and [`References`] locate what they name by byte offset in the
//!   expression; add the offset [`jsonata_string::jsonata_body_with_offset`] gives to locate
//!   it in the `{% … %}` string.
//!
//! ```
//! use workflow_jsonata::Jsonata;
//! let expr = Jsonata::parse("$sum($states.input.items.price)").unwrap();
//! assert_eq!(expr.source(), "$sum($states.input.items.price)");
//! assert_eq!(expr.references().functions, ["sum"]);
//! let err = Jsonata::parse("$sum(").unwrap_err();
//! assert_eq!((err.code, err.offset), ("S0203", Some(5)));
//! ```
#![deny(missing_docs)]
#![warn(unreachable_pub)]

pub mod ast;
mod builtins;
mod error;
#[cfg(feature = "eval")]
pub mod eval;
pub mod jsonata_string;
mod lexer;
mod parser;
mod process;
mod references;
pub mod step_functions;

pub use builtins::{builtin_names, builtin_signature, is_builtin};
pub use error::JsonataError;
pub use parser::MAX_DEPTH;
pub use references::{Comparison, Literal, PathStep, References, VariablePath};

use ast::{Kind, Node, Slot};

/// A parsed JSONata expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Jsonata {
    source: String,
    root: Node,
    slots: Vec<Slot>,
}

impl Jsonata {
    /// Parses `source`; the error carries JSONata's code and a byte offset.
    pub fn parse(source: &str) -> Result<Jsonata, JsonataError> {
        let raw = parser::Parser::parse(source)?;
        let mut processor = process::Processor::new();
        let root = processor.process(raw)?;
        if matches!(root.kind, Kind::Parent(_)) || !root.seeking_parent.is_empty() {
            return Err(JsonataError::new("S0217").at(root.offset).token(
                if matches!(root.kind, Kind::Parent(_)) {
                    "parent"
                } else {
                    "path"
                },
            ));
        }
        Ok(Jsonata {
            source: source.to_owned(),
            root,
            slots: processor.slots,
        })
    }

    /// The expression as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The root of the tree.
    pub fn root(&self) -> &Node {
        &self.root
    }

    /// The slots of the parent operators.
    pub fn slots(&self) -> &[Slot] {
        &self.slots
    }
}

/// A number as JSONata (JavaScript) writes it: integers without a fraction, up to 15
/// significant digits otherwise.
pub fn number_text(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n.is_infinite() {
        return if n > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    if n == n.trunc() && n.abs() < 1e21 {
        return format!("{}", n as i128);
    }
    // Shortest representation that reads back the same (like JavaScript's).
    let s = format!("{n}");
    if s.contains('e') {
        return s;
    }
    if n.abs() >= 1e21 || (n != 0.0 && n.abs() < 1e-6) {
        return format!("{n:e}").replace("e", "e+").replace("e+-", "e-");
    }
    s
}

#[cfg(test)]
mod tests;

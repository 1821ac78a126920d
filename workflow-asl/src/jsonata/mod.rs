//! JSONata, the query and transformation language of ASL's JSONata states: the syntax
//! (tokens, the Pratt parser, the post-parse stage) of JSONata 2.0, as AWS Step Functions
//! runs it. [`Jsonata::parse`] turns an expression into a checked tree with located errors;
//! evaluation lives in `workflow_asl::eval::jsonata` (the `eval` feature).
//!
//! ```
//! use workflow_asl::jsonata::Jsonata;
//! let expr = Jsonata::parse("$sum($states.input.items.price)").unwrap();
//! assert_eq!(expr.source(), "$sum($states.input.items.price)");
//! let err = Jsonata::parse("$sum(").unwrap_err();
//! assert_eq!(err.code, "S0203");
//! ```

pub mod ast;
mod error;
mod lexer;
mod parser;
mod process;

pub use error::JsonataError;
pub use parser::MAX_DEPTH;
#[cfg(feature = "eval")]
pub(crate) use parser::parse_signature;

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

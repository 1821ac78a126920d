//! The one scanner the string languages' parsers share (ASL JSONPath, intrinsic functions,
//! JSONata): a [`Cursor`] over `&str` that
//! moves a character at a time and reports byte offsets, with character positions for
//! messages ([`Cursor::column`]).
//!
//! The literals the grammars write alike but read by different rules are read here with the
//! rules passed in, never forced to agree: quoted strings with a chosen escape set
//! ([`Escapes`]), numbers ([`NumberSyntax`]) and regular expressions ([`RegexSyntax`]). Each
//! returns a small error of its own that says where the problem is; the parser turns it into
//! its own error code, message and offset.
//!
//! Nothing here panics, whatever the input, and nothing recurses.

mod cursor;
mod number;
mod quoted;
mod regex;

pub use cursor::Cursor;
pub use number::{MissingDigits, NumberSyntax};
pub use quoted::{Escapes, QuoteError};
pub use regex::{RegexBrackets, RegexLiteral, RegexSyntax};

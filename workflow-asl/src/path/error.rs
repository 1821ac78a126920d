//! The error every parser in this module returns: a byte offset and a message that says the fix.

use std::fmt;

/// The deepest nesting (brackets inside filters, parentheses, `!`, nested intrinsic calls) any
/// parser here accepts; deeper input is refused with an error instead of risking the stack.
pub const MAX_NESTING: usize = 64;

/// A syntax error in a path, an intrinsic function, a JSONata string or a substitution.
///
/// `offset` is a byte offset into the text that was parsed. The message is lowercase, names the
/// offending thing in backticks and says how to fix it, e.g.
/// "unclosed `[` at character 5; add `]`". Positions written in messages count characters (not
/// bytes) from 0, so they match `offset` for ASCII text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PathError {
    /// Byte offset of the problem in the parsed text.
    pub offset: usize,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl PathError {
    /// An error at `offset` with `message`.
    pub fn new(offset: usize, message: impl Into<String>) -> Self {
        PathError {
            offset,
            message: message.into(),
        }
    }
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PathError {}

/// A character as shown inside backticks in a message (control characters escaped).
pub(crate) fn show(c: char) -> String {
    if c.is_control() {
        c.escape_debug().to_string()
    } else {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_the_message() {
        let e = PathError::new(3, "unclosed `[` at character 3; add `]`");
        assert_eq!(e.to_string(), "unclosed `[` at character 3; add `]`");
        assert_eq!(show('\n'), "\\n");
        assert_eq!(show('x'), "x");
    }
}

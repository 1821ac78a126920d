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

/// The character index (from 0) of byte `offset` in `text`, for messages.
pub(crate) fn char_index(text: &str, offset: usize) -> usize {
    text.char_indices().take_while(|&(i, _)| i < offset).count()
}

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
    fn char_index_counts_characters() {
        assert_eq!(char_index("abc", 2), 2);
        assert_eq!(char_index("é.x", 3), 2);
        assert_eq!(char_index("ab", 10), 2);
    }

    #[test]
    fn display_is_the_message() {
        let e = PathError::new(3, "unclosed `[` at character 3; add `]`");
        assert_eq!(e.to_string(), "unclosed `[` at character 3; add `]`");
        assert_eq!(show('\n'), "\\n");
        assert_eq!(show('x'), "x");
    }
}

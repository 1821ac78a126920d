//! The cursor: a byte offset into a text, moved a character at a time, that never reads past
//! the end it was given.

/// A position in a text, moved by characters; every offset it takes or gives is a byte offset
/// from the start of the text, also when it starts further on ([`Cursor::within`]).
///
/// Reading past the end, or from an offset that is not on a character boundary, reads
/// nothing: no method panics.
#[derive(Clone, Copy, Debug)]
pub struct Cursor<'a> {
    /// The text up to where reading stops; offsets count from its start.
    text: &'a str,
    /// Where the next character starts.
    pos: usize,
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `text`, reading all of it.
    pub fn new(text: &'a str) -> Self {
        Cursor { text, pos: 0 }
    }

    /// A cursor at `start` that reads `text` up to `end` only (e.g. a path inside an intrinsic
    /// call), offsets still counted from the start of `text`. An `end` inside a character
    /// leaves nothing to read.
    pub fn within(text: &'a str, start: usize, end: usize) -> Self {
        Cursor {
            text: text.get(..end.min(text.len())).unwrap_or(""),
            pos: start,
        }
    }

    /// The text, up to where reading stops.
    #[inline]
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The byte offset of the next character.
    #[inline]
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// The byte offset where reading stops.
    #[inline]
    pub fn end(&self) -> usize {
        self.text.len()
    }

    /// Moves back to `pos`, an offset this cursor reported earlier (to read a word again).
    #[inline]
    pub fn rewind(&mut self, pos: usize) {
        self.pos = pos;
    }

    /// What is left to read.
    #[inline]
    pub fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    /// The text between two offsets (empty when they do not delimit characters of the text).
    #[inline]
    pub fn slice(&self, start: usize, end: usize) -> &'a str {
        self.text.get(start..end).unwrap_or("")
    }

    /// The text from `start` up to the cursor.
    #[inline]
    pub fn since(&self, start: usize) -> &'a str {
        self.slice(start, self.pos)
    }

    /// The next character, without moving.
    #[inline]
    pub fn peek(&self) -> Option<char> {
        match self.next_ascii() {
            Some(byte) => Some(char::from(byte)),
            None => self.peek_any(),
        }
    }

    /// The next character when it is ASCII (a byte that always starts a character, so there is
    /// no need to find where it ends).
    #[inline]
    fn next_ascii(&self) -> Option<u8> {
        let byte = *self.text.as_bytes().get(self.pos)?;
        byte.is_ascii().then_some(byte)
    }

    /// The next character, whatever it is (the slow way of [`Cursor::peek`]).
    #[inline(never)]
    fn peek_any(&self) -> Option<char> {
        self.rest().chars().next()
    }

    /// The character `n` characters ahead (`peek_nth(0)` is [`Cursor::peek`]), without moving.
    #[inline]
    pub fn peek_nth(&self, n: usize) -> Option<char> {
        // When the next n + 1 bytes are ASCII, they are the next n + 1 characters.
        let ahead = self
            .pos
            .checked_add(n)
            .and_then(|last| self.text.as_bytes().get(self.pos..=last));
        match ahead {
            Some(bytes) if bytes.is_ascii() => bytes.last().map(|&byte| char::from(byte)),
            _ => self.rest().chars().nth(n),
        }
    }

    /// The first character after any whitespace, without moving.
    #[inline]
    pub fn peek_past_whitespace(&self) -> Option<char> {
        self.rest().trim_start().chars().next()
    }

    /// Moves past the next character and returns it.
    #[inline]
    pub fn bump(&mut self) -> Option<char> {
        if let Some(byte) = self.next_ascii() {
            self.pos += 1;
            return Some(char::from(byte));
        }
        let c = self.peek_any()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    /// Moves past `c` if it is the next character; says whether it did.
    #[inline]
    pub fn eat(&mut self, c: char) -> bool {
        let found = self.peek() == Some(c);
        if found {
            self.pos += c.len_utf8();
        }
        found
    }

    /// Moves past `s` if the rest starts with it; says whether it did.
    #[inline]
    pub fn eat_str(&mut self, s: &str) -> bool {
        let found = self.rest().starts_with(s);
        if found {
            self.pos += s.len();
        }
        found
    }

    /// Moves past the word `word` if the rest starts with it and no character for which
    /// `is_word_char` holds follows it (so `in` is not read out of `index`); says whether it
    /// did.
    pub fn eat_keyword(&mut self, word: &str, is_word_char: impl Fn(char) -> bool) -> bool {
        let rest = self.rest();
        let ends = rest
            .get(word.len()..)
            .and_then(|after| after.chars().next())
            .is_none_or(|c| !is_word_char(c));
        rest.starts_with(word) && ends && self.eat_str(word)
    }

    /// Moves past every next character for which `keep` holds and returns them.
    #[inline]
    pub fn take_while(&mut self, keep: impl Fn(char) -> bool) -> &'a str {
        let start = self.pos;
        while let Some(byte) = self.next_ascii() {
            if !keep(char::from(byte)) {
                return self.since(start);
            }
            self.pos += 1;
        }
        // A character that is not ASCII, or the end.
        let rest = self.rest();
        self.pos += rest.find(|c| !keep(c)).unwrap_or(rest.len());
        self.since(start)
    }

    /// Moves past any whitespace (Unicode's `White_Space`, as [`char::is_whitespace`]).
    pub fn skip_whitespace(&mut self) {
        self.take_while(char::is_whitespace);
    }

    /// Moves just past the next `marker` (e.g. the `*/` that closes a comment); when there is
    /// none, stays and returns false.
    pub fn skip_past(&mut self, marker: &str) -> bool {
        match self.rest().find(marker) {
            Some(at) => {
                self.pos += at + marker.len();
                true
            }
            None => false,
        }
    }

    /// Reads an identifier: a first character for which `is_start` holds, then every
    /// character for which `is_continue` holds. `None`, without moving, when the next
    /// character cannot start one.
    pub fn identifier(
        &mut self,
        is_start: impl Fn(char) -> bool,
        is_continue: impl Fn(char) -> bool,
    ) -> Option<&'a str> {
        let start = self.pos;
        let first = self.peek().filter(|&c| is_start(c))?;
        self.pos += first.len_utf8();
        self.take_while(is_continue);
        Some(self.since(start))
    }

    /// The character position (counted from 0 at the start of the whole text) of the byte
    /// `offset`, as messages write it.
    pub fn column(&self, offset: usize) -> usize {
        char_index(self.text, offset)
    }
}

/// The character index (from 0) of byte `offset` in `text`, for messages: it matches the
/// offset for ASCII text, and counts a multi-byte character once.
fn char_index(text: &str, offset: usize) -> usize {
    text.char_indices().take_while(|&(i, _)| i < offset).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn char_index_counts_characters() {
        assert_eq!(char_index("abc", 2), 2);
        assert_eq!(char_index("é.x", 3), 2);
        assert_eq!(char_index("ab", 10), 2);
        assert_eq!(Cursor::new("éa").column(2), 1);
    }

    #[test]
    fn moves_by_characters_and_reports_bytes() {
        let mut c = Cursor::new("é+ab");
        assert_eq!(c.peek(), Some('é'));
        assert_eq!(c.peek_nth(1), Some('+'));
        assert_eq!(c.peek_nth(9), None);
        assert_eq!(c.bump(), Some('é'));
        assert_eq!(c.pos(), 2);
        assert!(!c.eat('-'));
        assert!(c.eat('+'));
        assert!(!c.eat_str("abc"));
        assert!(c.eat_str("ab"));
        assert_eq!((c.pos(), c.peek(), c.bump()), (5, None, None));
        assert_eq!(c.since(2), "+ab");
        c.rewind(3);
        assert_eq!(c.rest(), "ab");
        assert_eq!(c.slice(1, 2), "");
    }

    #[test]
    fn takes_skips_and_looks_ahead() {
        let mut c = Cursor::new("  \u{a0}x1_y (z /* c */ w");
        assert_eq!(c.peek_past_whitespace(), Some('x'));
        c.skip_whitespace();
        assert_eq!(c.pos(), 4);
        assert_eq!(c.identifier(|c| c.is_ascii_digit(), |_| true), None);
        assert_eq!(c.pos(), 4);
        let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
        assert_eq!(c.identifier(char::is_alphabetic, is_word), Some("x1_y"));
        assert_eq!(c.take_while(|c| c != 'z'), " (");
        assert!(c.skip_past("*/"));
        assert_eq!(c.rest(), " w");
        assert!(!c.skip_past("*/"));
        assert_eq!(c.rest(), " w");
    }

    #[test]
    fn keywords_end_at_a_word_boundary() {
        let is_word = |c: char| c.is_alphanumeric() || c == '_';
        let mut c = Cursor::new("index");
        assert!(!c.eat_keyword("in", is_word));
        assert_eq!(c.pos(), 0);
        let mut c = Cursor::new("in [1]");
        assert!(c.eat_keyword("in", is_word));
        assert_eq!(c.pos(), 2);
        assert!(Cursor::new("nin").eat_keyword("nin", is_word));
        assert!(!Cursor::new("ni").eat_keyword("nin", is_word));
    }

    #[test]
    fn reads_only_within_its_bounds() {
        let mut c = Cursor::within("f($.a) x", 2, 5);
        assert_eq!(c.rest(), "$.a");
        assert_eq!(c.take_while(|_| true), "$.a");
        assert_eq!((c.pos(), c.end(), c.peek()), (5, 5, None));
        assert_eq!(c.text(), "f($.a");
        assert_eq!(Cursor::within("abc", 2, 1).peek(), None);
        assert_eq!(Cursor::within("é", 1, 2).peek(), None);
        assert_eq!(Cursor::within("aé", 0, 2).peek(), None);
        assert_eq!(Cursor::within("ab", 0, 99).end(), 2);
    }

    proptest! {
        #[test]
        fn never_panics(text in any::<String>(), start in 0usize..12, end in 0usize..12) {
            let mut c = Cursor::within(&text, start, end);
            let _ = (c.peek_nth(3), c.peek_past_whitespace(), c.column(start));
            c.skip_past("*/");
            c.eat_keyword("in", char::is_alphanumeric);
            while c.bump().is_some() {}
            prop_assert!(c.pos() <= text.len().max(start));
        }
    }
}

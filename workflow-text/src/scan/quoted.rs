//! Quoted literals: `'text'`, `"text"` and backquoted names, with the escape set the grammar
//! allows.

use super::Cursor;
use std::borrow::Cow;

/// Which backslash sequences a quoted literal allows, and what they stand for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Escapes {
    /// ASL JSONPath's: a backslash before the quote or another backslash stands for that
    /// character; before anything else it is kept with the character, as AWS reads
    /// `$['Test\"Name']` (the key `Test\"Name`).
    KeepUnknown,
    /// Only these characters may follow a backslash, each standing for itself (intrinsic
    /// strings: `'`, `{`, `}` and `\`); anything else is [`QuoteError::UnknownEscape`].
    Only(&'static [char]),
    /// JSON's (JSONata strings): `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t` and `\uXXXX`,
    /// a surrogate pair written as two escapes in a row read as one character, a lone
    /// surrogate as the character that holds it ([`crate::surrogate`]); anything else is
    /// [`QuoteError::UnknownEscape`].
    Json,
}

/// Why a quoted literal could not be read. Offsets are byte offsets into the whole text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuoteError {
    /// The text ends before the closing quote.
    Unclosed {
        /// Where the opening quote is.
        open: usize,
    },
    /// The text ends right after a backslash.
    LoneBackslash {
        /// Where the opening quote is.
        open: usize,
        /// Where the backslash is (the escaped character would be one byte further).
        backslash: usize,
    },
    /// A backslash before a character the escape set does not allow.
    UnknownEscape {
        /// Where the backslash is (the escaped character is one byte further).
        backslash: usize,
        /// The character after the backslash.
        escaped: char,
    },
    /// `\u` not followed by four hexadecimal digits.
    BadUnicode {
        /// Where the backslash is.
        backslash: usize,
        /// Where the digits should start (just after the `u`).
        digits: usize,
    },
}

/// What a backslash sequence stands for.
enum Unescaped {
    /// One character.
    Char(char),
    /// The backslash and the character after it, as written.
    AsWritten(char),
}

/// Where a quoted literal's unescaped text goes while it is read.
enum Text {
    /// Nowhere: the literal is only skipped.
    Skipped,
    /// No escape so far: the text is the source between the quotes.
    AsWritten,
    /// Since the first escape, the text built so far.
    Unescaped(String),
}

impl Text {
    /// Adds `plain`, text without escapes.
    #[inline]
    fn push_str(&mut self, plain: &str) {
        if let Text::Unescaped(text) = self {
            text.push_str(plain);
        }
    }

    /// Adds an escape; `before` gives the source from the opening quote up to it, which
    /// becomes the text at the first escape.
    #[inline]
    fn push_escape<'a>(&mut self, before: impl FnOnce() -> &'a str, unescaped: Unescaped) {
        if let Text::AsWritten = self {
            *self = Text::Unescaped(before().to_owned());
        }
        if let Text::Unescaped(text) = self {
            match unescaped {
                Unescaped::Char(c) => text.push(c),
                Unescaped::AsWritten(c) => {
                    text.push('\\');
                    text.push(c);
                }
            }
        }
    }
}

impl<'a> Cursor<'a> {
    /// Reads a quoted literal whose opening quote is the next character; the same character
    /// closes it. Returns the text between the quotes with `escapes` applied (borrowed from
    /// the text when it holds no escape) and leaves the cursor after the closing quote; on an
    /// error, the cursor is where reading stopped (the end of the text, when it is unclosed).
    pub fn quoted(&mut self, escapes: Escapes) -> Result<Cow<'a, str>, QuoteError> {
        let mut text = Text::AsWritten;
        let (content, close) = self.read_quoted(escapes, &mut text)?;
        Ok(match text {
            Text::Unescaped(unescaped) => Cow::Owned(unescaped),
            Text::AsWritten | Text::Skipped => Cow::Borrowed(self.slice(content, close)),
        })
    }

    /// Moves past a quoted literal as [`Cursor::quoted`] reads it, without keeping its text.
    pub fn skip_quoted(&mut self, escapes: Escapes) -> Result<(), QuoteError> {
        self.read_quoted(escapes, &mut Text::Skipped).map(drop)
    }

    /// Reads a quoted literal into `text`; returns where its content starts and where the
    /// closing quote is.
    fn read_quoted(
        &mut self,
        escapes: Escapes,
        text: &mut Text,
    ) -> Result<(usize, usize), QuoteError> {
        let open = self.pos();
        let Some(quote) = self.bump() else {
            return Err(QuoteError::Unclosed { open });
        };
        let content = self.pos();
        loop {
            text.push_str(self.take_while(|c| c != quote && c != '\\'));
            let at = self.pos();
            match self.bump() {
                None => return Err(QuoteError::Unclosed { open }),
                Some('\\') => {
                    let Some(escaped) = self.bump() else {
                        return Err(QuoteError::LoneBackslash {
                            open,
                            backslash: at,
                        });
                    };
                    let unescaped = self.unescape(escapes, quote, at, escaped)?;
                    text.push_escape(|| self.slice(content, at), unescaped);
                }
                // The closing quote.
                Some(_) => return Ok((content, at)),
            }
        }
    }

    /// Reads a quoted literal without escapes (a backslash is an ordinary character) whose
    /// opening quote is the next character, e.g. JSONata's backquoted names; returns the text
    /// between the quotes and leaves the cursor after the closing one.
    pub fn raw_quoted(&mut self) -> Result<&'a str, QuoteError> {
        let open = self.pos();
        let Some(quote) = self.bump() else {
            return Err(QuoteError::Unclosed { open });
        };
        let content = self.pos();
        self.take_while(|c| c != quote);
        let text = self.since(content);
        if self.eat(quote) {
            Ok(text)
        } else {
            Err(QuoteError::Unclosed { open })
        }
    }

    /// What `\` + `escaped` stands for under `escapes` (reading the digits of a `\u` escape).
    fn unescape(
        &mut self,
        escapes: Escapes,
        quote: char,
        backslash: usize,
        escaped: char,
    ) -> Result<Unescaped, QuoteError> {
        let unknown = QuoteError::UnknownEscape { backslash, escaped };
        Ok(match escapes {
            Escapes::KeepUnknown if escaped == quote || escaped == '\\' => Unescaped::Char(escaped),
            Escapes::KeepUnknown => Unescaped::AsWritten(escaped),
            Escapes::Only(allowed) if allowed.contains(&escaped) => Unescaped::Char(escaped),
            Escapes::Only(_) => return Err(unknown),
            Escapes::Json => Unescaped::Char(match escaped {
                '"' | '\\' | '/' => escaped,
                'b' => '\u{8}',
                'f' => '\u{c}',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                'u' => self.unicode_escape(backslash)?,
                _ => return Err(unknown),
            }),
        })
    }

    /// The character of a `\uXXXX` escape (its backslash at `backslash`) after its `u`; a high
    /// surrogate followed by a `\u` low surrogate reads both.
    fn unicode_escape(&mut self, backslash: usize) -> Result<char, QuoteError> {
        let digits = self.pos();
        let Some(unit) = self.hex_unit() else {
            return Err(QuoteError::BadUnicode { backslash, digits });
        };
        if (0xD800..0xDC00).contains(&unit) {
            let mut low_cursor = *self;
            if low_cursor.eat_str("\\u")
                && let Some(low) = low_cursor.hex_unit()
                && (0xDC00..0xE000).contains(&low)
            {
                *self = low_cursor;
                let code = 0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                return Ok(char::from_u32(code).unwrap_or('\u{FFFD}'));
            }
        }
        Ok(crate::surrogate::hold(unit)
            .or_else(|| char::from_u32(u32::from(unit)))
            .unwrap_or('\u{FFFD}'))
    }

    /// Four hexadecimal digits as a UTF-16 code unit, moving past them; `None`, without
    /// moving, when the next four characters are not all hexadecimal digits.
    fn hex_unit(&mut self) -> Option<u16> {
        let hex = self.rest().get(..4)?;
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let unit = u16::from_str_radix(hex, 16).ok()?;
        self.eat_str(hex);
        Some(unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn read(text: &str, escapes: Escapes) -> Result<(String, usize), QuoteError> {
        let mut c = Cursor::new(text);
        c.quoted(escapes).map(|s| (s.into_owned(), c.pos()))
    }

    const INTRINSIC: Escapes = Escapes::Only(&['\'', '{', '}', '\\']);

    #[test]
    fn keeps_unknown_escapes_as_written() {
        assert_eq!(
            read("'a\\'b' x", Escapes::KeepUnknown),
            Ok(("a'b".into(), 6))
        );
        assert_eq!(
            read(r#""a\"b\\c\d""#, Escapes::KeepUnknown),
            Ok((r#"a"b\c\d"#.into(), 11))
        );
        assert_eq!(
            read(r#"'a\"b'"#, Escapes::KeepUnknown),
            Ok((r#"a\"b"#.into(), 6))
        );
        assert_eq!(
            read("'ab", Escapes::KeepUnknown),
            Err(QuoteError::Unclosed { open: 0 })
        );
        assert_eq!(
            read("'ab\\", Escapes::KeepUnknown),
            Err(QuoteError::LoneBackslash {
                open: 0,
                backslash: 3
            })
        );
    }

    #[test]
    fn allows_only_the_listed_escapes() {
        assert_eq!(read(r"'\'\{\}\\é'", INTRINSIC), Ok((r"'{}\é".into(), 12)));
        assert_eq!(
            read(r"'a\n'", INTRINSIC),
            Err(QuoteError::UnknownEscape {
                backslash: 2,
                escaped: 'n'
            })
        );
    }

    #[test]
    fn reads_json_escapes_and_surrogate_pairs() {
        let json = |text: &str| read(text, Escapes::Json).map(|(s, _)| s);
        assert_eq!(
            json(r#""\"\\\/\b\f\n\r\t""#),
            Ok("\"\\/\u{8}\u{c}\n\r\t".into())
        );
        assert_eq!(json(r"'\u00e9\ud83d\ude00'"), Ok("é😀".into()));
        // A lone surrogate is held as a character of its own (`surrogate`).
        let held = |unit| crate::surrogate::hold(unit).unwrap().to_string();
        assert_eq!(json(r"'\ud83d'"), Ok(held(0xD83D)));
        assert_eq!(json(r"'\ud83d\u0041'"), Ok(held(0xD83D) + "A"));
        assert_eq!(json(r"'\ude00'"), Ok(held(0xDE00)));
        let bad_unicode = Err(QuoteError::BadUnicode {
            backslash: 1,
            digits: 3,
        });
        assert_eq!(json(r"'\u12'"), bad_unicode);
        assert_eq!(json(r"'\u+123'"), bad_unicode);
        assert_eq!(
            json(r"'\''"),
            Err(QuoteError::UnknownEscape {
                backslash: 1,
                escaped: '\''
            })
        );
    }

    #[test]
    fn borrows_when_there_is_no_escape() {
        let mut c = Cursor::new("\"plain\"");
        assert!(matches!(
            c.quoted(Escapes::Json),
            Ok(Cow::Borrowed("plain"))
        ));
    }

    #[test]
    fn skips_as_it_reads() {
        let mut c = Cursor::new(r"'a\'b\n' x");
        assert_eq!(
            c.skip_quoted(INTRINSIC),
            Err(QuoteError::UnknownEscape {
                backslash: 5,
                escaped: 'n'
            })
        );
        let mut c = Cursor::new(r"'a\'b\n' x");
        assert_eq!(c.skip_quoted(Escapes::KeepUnknown), Ok(()));
        assert_eq!(c.rest(), " x");
        let mut c = Cursor::new(r"'a\");
        assert!(c.skip_quoted(Escapes::KeepUnknown).is_err());
        assert_eq!(c.rest(), "");
    }

    #[test]
    fn raw_quotes_have_no_escapes() {
        let mut c = Cursor::new("`a\\b` c");
        assert_eq!(c.raw_quoted(), Ok("a\\b"));
        assert_eq!(c.pos(), 5);
        assert_eq!(
            Cursor::new("`ab").raw_quoted(),
            Err(QuoteError::Unclosed { open: 0 })
        );
        assert_eq!(
            Cursor::new("").quoted(Escapes::Json),
            Err(QuoteError::Unclosed { open: 0 })
        );
    }

    proptest! {
        #[test]
        fn never_panics(text in "['\"`\\\\a-f0-9uUdD{}]{0,24}") {
            for escapes in [Escapes::KeepUnknown, INTRINSIC, Escapes::Json] {
                let mut read = Cursor::new(&text);
                let mut skipped = read;
                prop_assert_eq!(read.quoted(escapes).map(drop), skipped.skip_quoted(escapes));
                prop_assert_eq!(read.pos(), skipped.pos());
            }
            let _ = Cursor::new(&text).raw_quoted();
        }
    }
}

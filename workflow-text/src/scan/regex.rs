//! Regular expression literals: `/pattern/flags`.

use super::Cursor;

/// How brackets inside a regular expression literal decide where it ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegexBrackets {
    /// Brackets are ordinary characters: the first unescaped `/` closes the pattern (ASL
    /// JSONPath filters).
    Ignored,
    /// A `/` inside `()`, `[]` or `{}` does not close the pattern, and, as the JSONata
    /// reference implementation reads it, a bracket right after any backslash does not count,
    /// even after an escaped backslash (`\\(`).
    NestedUnlessAfterBackslash,
}

/// What a grammar's regular expression literal may hold.
#[derive(Clone, Copy, Debug)]
pub struct RegexSyntax {
    /// How brackets affect the closing `/`.
    pub brackets: RegexBrackets,
    /// Which characters after the closing `/` are flags.
    pub is_flag: fn(char) -> bool,
}

/// A regular expression literal as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RegexLiteral<'a> {
    /// The text between the slashes, escapes kept.
    pub pattern: &'a str,
    /// The flags after the closing `/`.
    pub flags: &'a str,
    /// Where the closing `/` is.
    pub close: usize,
}

impl<'a> Cursor<'a> {
    /// Reads a regular expression literal whose opening `/` is the next character, leaving the
    /// cursor after its flags. `None`, without moving, when no `/` closes it.
    pub fn regex(&mut self, syntax: RegexSyntax) -> Option<RegexLiteral<'a>> {
        let mut probe = *self;
        probe.bump();
        let pattern_start = probe.pos();
        let mut depth: i64 = 0;
        // Whether the previous character was a backslash that escapes this one.
        let mut escaped = false;
        // Whether the previous character was a backslash at all.
        let mut after_backslash = false;
        loop {
            let at = probe.pos();
            let c = probe.bump()?;
            let counts = match syntax.brackets {
                RegexBrackets::Ignored => false,
                RegexBrackets::NestedUnlessAfterBackslash => !after_backslash,
            };
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '/' && depth == 0 {
                let pattern = probe.slice(pattern_start, at);
                let flags = probe.take_while(syntax.is_flag);
                *self = probe;
                return Some(RegexLiteral {
                    pattern,
                    flags,
                    close: at,
                });
            }
            if counts && matches!(c, '(' | '[' | '{') {
                depth += 1;
            } else if counts && matches!(c, ')' | ']' | '}') {
                depth -= 1;
            }
            after_backslash = c == '\\';
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn syntax(brackets: RegexBrackets) -> RegexSyntax {
        RegexSyntax {
            brackets,
            is_flag: |c| c.is_ascii_alphabetic(),
        }
    }

    fn pattern(text: &str, brackets: RegexBrackets) -> Option<&str> {
        Cursor::new(text).regex(syntax(brackets)).map(|r| r.pattern)
    }

    #[test]
    fn reads_pattern_and_flags() {
        let mut c = Cursor::new(r"/a\/b/im)");
        let literal = c.regex(syntax(RegexBrackets::Ignored));
        assert_eq!(
            literal,
            Some(RegexLiteral {
                pattern: r"a\/b",
                flags: "im",
                close: 5
            })
        );
        assert_eq!(c.rest(), ")");
        let mut c = Cursor::new("/abc");
        assert_eq!(
            c.regex(syntax(RegexBrackets::NestedUnlessAfterBackslash)),
            None
        );
        assert_eq!(c.pos(), 0);
        assert_eq!(
            pattern("//", RegexBrackets::NestedUnlessAfterBackslash),
            Some("")
        );
    }

    #[test]
    fn brackets_hold_slashes_as_the_grammar_says() {
        use RegexBrackets::*;
        assert_eq!(pattern("/[/]/", Ignored), Some("["));
        assert_eq!(pattern("/[/]/", NestedUnlessAfterBackslash), Some("[/]"));
        assert_eq!(pattern(r"/\[/", NestedUnlessAfterBackslash), Some(r"\["));
        assert_eq!(
            pattern(r"/\\(/)/", NestedUnlessAfterBackslash),
            Some(r"\\(")
        );
        assert_eq!(pattern(r"/\\/", NestedUnlessAfterBackslash), Some(r"\\"));
        assert_eq!(pattern("/)/", NestedUnlessAfterBackslash), None);
    }

    proptest! {
        #[test]
        fn never_panics(text in "[/\\\\()\\[\\]{}aé]{0,16}") {
            use RegexBrackets::*;
            for brackets in [Ignored, NestedUnlessAfterBackslash] {
                let _ = Cursor::new(&text).regex(syntax(brackets));
            }
        }
    }
}

//! JSONata's tokens: names, `$variables`, string and number literals, regular expressions,
//! operators; whitespace and `/* */` comments are skipped. One token at a time, as the
//! parser asks (whether a `/` starts a regular expression depends on the parser's position).

use super::error::JsonataError;
use workflow_text::scan::{Cursor, Escapes, NumberSyntax, QuoteError, RegexBrackets, RegexSyntax};

/// A token and the byte offset where it starts.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token {
    pub kind: TokenKind,
    pub offset: usize,
}

/// What a token is.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TokenKind {
    /// A field name (bare or in backquotes).
    Name(String),
    /// `$name` (the name without `$`; empty for `$`, `$` for `$$`).
    Variable(String),
    /// A string literal, escapes resolved.
    Str(String),
    /// A number literal.
    Number(f64),
    /// `true`, `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// `/pattern/flags`.
    Regex { pattern: String, flags: String },
    /// An operator or punctuation (`.`, `[`, `:=`, `and`, …).
    Op(&'static str),
}

/// The characters of the operators; each ends a name.
const OPERATOR_CHARS: &[char] = &[
    '.', '[', ']', '{', '}', '(', ')', ',', '@', '#', ';', ':', '?', '+', '-', '*', '/', '%', '|',
    '=', '<', '>', '^', '&', '!', '~',
];

/// The one-character operators and punctuation, each with its text.
const SINGLE_OPS: &[(char, &str)] = &[
    ('.', "."),
    ('[', "["),
    (']', "]"),
    ('{', "{"),
    ('}', "}"),
    ('(', "("),
    (')', ")"),
    (',', ","),
    ('@', "@"),
    ('#', "#"),
    (';', ";"),
    (':', ":"),
    ('?', "?"),
    ('+', "+"),
    ('-', "-"),
    ('*', "*"),
    ('/', "/"),
    ('%', "%"),
    ('|', "|"),
    ('=', "="),
    ('<', "<"),
    ('>', ">"),
    ('^', "^"),
    ('&', "&"),
    ('!', "!"),
    ('~', "~"),
];

/// The two-character operators, read before the one-character ones.
const DOUBLE_OPS: &[(&str, &str)] = &[
    ("..", ".."),
    (":=", ":="),
    ("!=", "!="),
    (">=", ">="),
    ("<=", "<="),
    ("**", "**"),
    ("~>", "~>"),
];

/// Whether `c` is whitespace between tokens (JSONata's: space, tab, line feed, carriage
/// return, vertical tab).
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{000B}')
}

/// Whether `c` can be part of a name: anything but whitespace and operator characters.
fn is_name_char(c: char) -> bool {
    !is_space(c) && !OPERATOR_CHARS.contains(&c)
}

/// A number literal: `0`, `12`, `1.5`, `2e-3` (no sign: `-` is an operator; a lone `0` before
/// other digits; a `.` or `e` without digits after it ends the number before it).
const NUMBER: NumberSyntax = NumberSyntax {
    minus: false,
    leading_zeros: false,
    fraction_and_exponent: true,
    strict: false,
};

/// A regular expression literal, as the JSONata reference implementation reads it: a `/`
/// inside brackets does not close it, a bracket right after a backslash does not count; the
/// flags are `i` and `m`.
const REGEX: RegexSyntax = RegexSyntax {
    brackets: RegexBrackets::NestedUnlessAfterBackslash,
    is_flag: |c| c == 'i' || c == 'm',
};

/// The tokenizer over one expression.
pub(crate) struct Lexer<'s> {
    cursor: Cursor<'s>,
}

impl<'s> Lexer<'s> {
    /// A lexer at the start of `src`.
    pub(crate) fn new(src: &'s str) -> Self {
        Lexer {
            cursor: Cursor::new(src),
        }
    }

    /// The length of the source (the offset of the end).
    pub(crate) fn len(&self) -> usize {
        self.cursor.end()
    }

    /// The next token; `None` at the end. `prefix` is true where an operand is not expected
    /// (after an operand), so a `/` there is division, not a regular expression.
    pub(crate) fn next(&mut self, prefix: bool) -> Result<Option<Token>, JsonataError> {
        self.skip_space_and_comments()?;
        let start = self.cursor.pos();
        let Some(c) = self.cursor.peek() else {
            return Ok(None);
        };
        let token = |kind| {
            Ok(Some(Token {
                kind,
                offset: start,
            }))
        };
        if !prefix && c == '/' {
            return token(self.regex()?);
        }
        let rest = self.cursor.rest();
        if let Some((text, op)) = DOUBLE_OPS.iter().find(|(text, _)| rest.starts_with(text)) {
            self.cursor.eat_str(text);
            return token(TokenKind::Op(op));
        }
        if let Some((_, op)) = SINGLE_OPS.iter().find(|(ch, _)| *ch == c) {
            self.cursor.bump();
            return token(TokenKind::Op(op));
        }
        if c == '"' || c == '\'' {
            return token(TokenKind::Str(self.string()?));
        }
        if c.is_ascii_digit()
            && let Ok(text) = self.cursor.number(NUMBER)
        {
            return match text.parse::<f64>() {
                Ok(n) if n.is_finite() => token(TokenKind::Number(n)),
                _ => Err(JsonataError::new("S0102").at(start).token(text)),
            };
        }
        if c == '`' {
            return match self.cursor.raw_quoted() {
                Ok(name) => token(TokenKind::Name(name.to_owned())),
                Err(_) => Err(JsonataError::new("S0105").at(self.cursor.end())),
            };
        }
        let word = self.cursor.take_while(is_name_char);
        if let Some(name) = word.strip_prefix('$') {
            return token(TokenKind::Variable(name.to_owned()));
        }
        match word {
            "or" => token(TokenKind::Op("or")),
            "and" => token(TokenKind::Op("and")),
            "in" => token(TokenKind::Op("in")),
            "true" => token(TokenKind::Bool(true)),
            "false" => token(TokenKind::Bool(false)),
            "null" => token(TokenKind::Null),
            "" => Ok(None),
            _ => token(TokenKind::Name(word.to_owned())),
        }
    }

    /// Skips whitespace and `/* */` comments.
    fn skip_space_and_comments(&mut self) -> Result<(), JsonataError> {
        loop {
            self.cursor.take_while(is_space);
            let start = self.cursor.pos();
            if !self.cursor.eat_str("/*") {
                return Ok(());
            }
            if !self.cursor.skip_past("*/") {
                return Err(JsonataError::new("S0106").at(start));
            }
        }
    }

    /// A string literal at its opening quote, escapes resolved.
    fn string(&mut self) -> Result<String, JsonataError> {
        match self.cursor.quoted(Escapes::Json) {
            Ok(text) => Ok(text.into_owned()),
            Err(QuoteError::Unclosed { .. } | QuoteError::LoneBackslash { .. }) => {
                Err(JsonataError::new("S0101").at(self.cursor.end()))
            }
            // The escaped character is one byte after its backslash.
            Err(QuoteError::UnknownEscape { backslash, escaped }) => {
                Err(JsonataError::new("S0103")
                    .at(backslash + 1)
                    .token(escaped.to_string()))
            }
            Err(QuoteError::BadUnicode { digits, .. }) => {
                Err(JsonataError::new("S0104").at(digits))
            }
        }
    }

    /// A regular expression literal at its opening `/`: the pattern up to the closing `/` (not
    /// escaped, not inside brackets), then the flags `i` and `m`.
    fn regex(&mut self) -> Result<TokenKind, JsonataError> {
        let Some(literal) = self.cursor.regex(REGEX) else {
            return Err(JsonataError::new("S0302").at(self.cursor.end()));
        };
        if literal.pattern.is_empty() {
            return Err(JsonataError::new("S0301").at(literal.close));
        }
        Ok(TokenKind::Regex {
            pattern: literal.pattern.to_owned(),
            flags: literal.flags.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<TokenKind> {
        let mut lexer = Lexer::new(src);
        let mut out = Vec::new();
        let mut prefix = false;
        while let Some(t) = lexer.next(prefix).unwrap() {
            prefix = matches!(
                t.kind,
                TokenKind::Name(_) | TokenKind::Number(_) | TokenKind::Str(_)
            ) || t.kind == TokenKind::Op(")");
            out.push(t.kind);
        }
        out
    }

    #[test]
    fn tokens() {
        use TokenKind::*;
        assert_eq!(
            kinds("$states.input.a[0] ~> $sum() /* c */ and `x y`"),
            vec![
                Variable("states".into()),
                Op("."),
                Name("input".into()),
                Op("."),
                Name("a".into()),
                Op("["),
                Number(0.0),
                Op("]"),
                Op("~>"),
                Variable("sum".into()),
                Op("("),
                Op(")"),
                Op("and"),
                Name("x y".into()),
            ]
        );
        assert_eq!(
            kinds(r#"'a\n\u00e9' & "b""#),
            vec![Str("a\né".into()), Op("&"), Str("b".into())]
        );
        assert_eq!(
            kinds("/ab+c/i"),
            vec![Regex {
                pattern: "ab+c".into(),
                flags: "i".into()
            }]
        );
        assert_eq!(kinds("1.5e3"), vec![Number(1500.0)]);
    }

    #[test]
    fn errors() {
        let err = |src: &str| {
            let mut lexer = Lexer::new(src);
            loop {
                match lexer.next(false) {
                    Err(e) => return e.code,
                    Ok(None) => return "none",
                    Ok(Some(_)) => {}
                }
            }
        };
        assert_eq!(err("'abc"), "S0101");
        assert_eq!(err("'\\q'"), "S0103");
        assert_eq!(err("'\\u12'"), "S0104");
        assert_eq!(err("`abc"), "S0105");
        assert_eq!(err("/* x"), "S0106");
        assert_eq!(err("//"), "S0301");
        assert_eq!(err("/abc"), "S0302");
        assert_eq!(err("1e999"), "S0102");
    }
}

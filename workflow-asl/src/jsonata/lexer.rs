//! JSONata's tokens: names, `$variables`, string and number literals, regular expressions,
//! operators; whitespace and `/* */` comments are skipped. One token at a time, as the
//! parser asks (whether a `/` starts a regular expression depends on the parser's position).

use super::error::JsonataError;

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

/// Characters that end a name (operators and quotes).
const OPERATOR_CHARS: &[char] = &[
    '.', '[', ']', '{', '}', '(', ')', ',', '@', '#', ';', ':', '?', '+', '-', '*', '/', '%', '|',
    '=', '<', '>', '^', '&', '!', '~',
];

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

const DOUBLE_OPS: &[(&str, &str)] = &[
    ("..", ".."),
    (":=", ":="),
    ("!=", "!="),
    (">=", ">="),
    ("<=", "<="),
    ("**", "**"),
    ("~>", "~>"),
];

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{000B}')
}

/// The tokenizer over one expression.
pub(crate) struct Lexer<'s> {
    src: &'s str,
    pos: usize,
}

impl<'s> Lexer<'s> {
    pub fn new(src: &'s str) -> Self {
        Lexer { src, pos: 0 }
    }

    /// The length of the source (the offset of the end).
    pub fn len(&self) -> usize {
        self.src.len()
    }

    fn rest(&self) -> &'s str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    /// The next token; `None` at the end. `prefix` is true where an operand is not expected
    /// (after an operand), so a `/` there is division, not a regular expression.
    pub fn next(&mut self, prefix: bool) -> Result<Option<Token>, JsonataError> {
        loop {
            while self.peek().is_some_and(is_space) {
                self.pos += 1;
            }
            if self.rest().starts_with("/*") {
                let start = self.pos;
                match self.rest().get(2..).and_then(|r| r.find("*/")) {
                    Some(end) => self.pos += 2 + end + 2,
                    None => {
                        self.pos = self.src.len();
                        return Err(JsonataError::new("S0106").at(start));
                    }
                }
                continue;
            }
            break;
        }
        let start = self.pos;
        let Some(c) = self.peek() else {
            return Ok(None);
        };
        let token = |kind| {
            Ok(Some(Token {
                kind,
                offset: start,
            }))
        };
        if !prefix && c == '/' {
            self.pos += 1;
            let (pattern, flags) = self.regex()?;
            return token(TokenKind::Regex { pattern, flags });
        }
        for (text, op) in DOUBLE_OPS {
            if self.rest().starts_with(text) {
                self.pos += 2;
                return token(TokenKind::Op(op));
            }
        }
        if let Some((_, op)) = SINGLE_OPS.iter().find(|(ch, _)| *ch == c) {
            self.pos += 1;
            return token(TokenKind::Op(op));
        }
        if c == '"' || c == '\'' {
            self.pos += 1;
            let s = self.string(c)?;
            return token(TokenKind::Str(s));
        }
        if let Some(len) = number_prefix(self.rest()) {
            let text = &self.rest()[..len];
            return match text.parse::<f64>() {
                Ok(n) if n.is_finite() => {
                    self.pos += len;
                    token(TokenKind::Number(n))
                }
                _ => Err(JsonataError::new("S0102").at(start).token(text)),
            };
        }
        if c == '`' {
            self.pos += 1;
            return match self.rest().find('`') {
                Some(end) => {
                    let name = self.rest()[..end].to_owned();
                    self.pos += end + 1;
                    token(TokenKind::Name(name))
                }
                None => {
                    self.pos = self.src.len();
                    Err(JsonataError::new("S0105").at(self.pos))
                }
            };
        }
        let rest = self.rest();
        let end = rest
            .char_indices()
            .find(|&(_, ch)| is_space(ch) || OPERATOR_CHARS.contains(&ch))
            .map_or(rest.len(), |(i, _)| i);
        let word = &rest[..end];
        self.pos += end;
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

    /// A string literal after its opening quote.
    fn string(&mut self, quote: char) -> Result<String, JsonataError> {
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(JsonataError::new("S0101").at(self.pos));
            };
            self.pos += c.len_utf8();
            if c == quote {
                return Ok(out);
            }
            if c != '\\' {
                out.push(c);
                continue;
            }
            let Some(e) = self.peek() else {
                return Err(JsonataError::new("S0101").at(self.pos));
            };
            self.pos += e.len_utf8();
            match e {
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                '/' => out.push('/'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                'u' => {
                    let hex = self.rest().get(..4).unwrap_or("");
                    let Ok(unit) = u16::from_str_radix(hex, 16).map_err(|_| ()).and_then(|u| {
                        if hex.len() == 4 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
                            Ok(u)
                        } else {
                            Err(())
                        }
                    }) else {
                        return Err(JsonataError::new("S0104").at(self.pos));
                    };
                    self.pos += 4;
                    // A surrogate pair is two escapes in a row.
                    if (0xD800..0xDC00).contains(&unit) && self.rest().starts_with("\\u") {
                        let low_hex = self.rest().get(2..6).unwrap_or("");
                        if let Ok(low) = u16::from_str_radix(low_hex, 16)
                            && (0xDC00..0xE000).contains(&low)
                        {
                            self.pos += 6;
                            let code = 0x10000
                                + ((u32::from(unit) - 0xD800) << 10)
                                + (u32::from(low) - 0xDC00);
                            out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                            continue;
                        }
                    }
                    out.push(char::from_u32(u32::from(unit)).unwrap_or('\u{FFFD}'));
                }
                other => {
                    return Err(JsonataError::new("S0103")
                        .at(self.pos - other.len_utf8())
                        .token(other.to_string()));
                }
            }
        }
    }

    /// A regular expression after its opening `/`: the pattern up to the closing `/` (not
    /// escaped, not inside brackets), then the flags `i` and `m`.
    fn regex(&mut self) -> Result<(String, String), JsonataError> {
        let start = self.pos;
        let bytes = self.src.as_bytes();
        let mut depth: i64 = 0;
        let mut i = start;
        while i < bytes.len() {
            let c = bytes[i];
            let escaped = {
                let mut n = 0;
                while i > n && bytes[i - n - 1] == b'\\' {
                    n += 1;
                }
                n % 2 == 1
            };
            if c == b'/' && depth == 0 && !escaped {
                let pattern = self.src.get(start..i).unwrap_or("").to_owned();
                if pattern.is_empty() {
                    return Err(JsonataError::new("S0301").at(i));
                }
                i += 1;
                let flag_start = i;
                while i < bytes.len() && (bytes[i] == b'i' || bytes[i] == b'm') {
                    i += 1;
                }
                let flags = self.src.get(flag_start..i).unwrap_or("").to_owned();
                self.pos = i;
                return Ok((pattern, flags));
            }
            let prev_backslash = i > 0 && bytes[i - 1] == b'\\';
            if matches!(c, b'(' | b'[' | b'{') && !prev_backslash {
                depth += 1;
            }
            if matches!(c, b')' | b']' | b'}') && !prev_backslash {
                depth -= 1;
            }
            i += 1;
        }
        self.pos = self.src.len();
        Err(JsonataError::new("S0302").at(self.src.len()))
    }
}

/// The length of a number literal at the start of `s` (`0`, `12`, `1.5`, `2e-3`), if any.
fn number_prefix(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    match b.first()? {
        b'0' => i = 1,
        b'1'..=b'9' => {
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
        }
        _ => return None,
    }
    if i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        let mut j = i + 1;
        if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
            j += 1;
        }
        if j < b.len() && b[j].is_ascii_digit() {
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            i = j;
        }
    }
    Some(i)
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

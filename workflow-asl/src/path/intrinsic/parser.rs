//! The parser of an intrinsic function call: names, nested calls, paths, string, number,
//! boolean and null literals, with byte-located errors and a nesting limit.

use super::*;
use workflow_text::scan::{Escapes, NumberSyntax, QuoteError};

/// Whether `c` can be part of a dotted function name (`States.Format`) or a bare word
/// (`true`).
pub(super) fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '.'
}

/// A string argument's escapes: `\'`, `\{`, `\}` and `\\`.
const STRING_ESCAPES: Escapes = Escapes::Only(&['\'', '{', '}', '\\']);

/// A number argument: `-1`, `2.5`, `1e3`; a `.` or an exponent must be followed by digits.
const NUMBER: NumberSyntax = NumberSyntax {
    minus: true,
    leading_zeros: true,
    fraction_and_exponent: true,
    strict: true,
};

/// The parser: a cursor over the text and how deep calls nest.
pub(super) struct Parser<'a> {
    cursor: Cursor<'a>,
    depth: usize,
}

impl<'a> Parser<'a> {
    /// An error at `offset`, its message written with the character position of `offset`.
    fn error(&self, offset: usize, message: impl FnOnce(usize) -> String) -> PathError {
        PathError::new(offset, message(self.cursor.column(offset)))
    }

    /// A call: the function's name, `(`, its arguments and `)`.
    fn call(&mut self) -> Result<Intrinsic, PathError> {
        let start = self.cursor.pos();
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(self.error(start, |at| {
                format!(
                    "intrinsic calls nested deeper than {MAX_NESTING} levels at character {at}; \
                     simplify the expression"
                )
            }));
        }
        let name = self.cursor.take_while(is_name_char);
        if name.is_empty() {
            let found = self
                .cursor
                .peek()
                .map_or("the end".to_string(), |c| format!("`{}`", show(c)));
            return Err(self.error(start, |at| {
                format!(
                    "expected an intrinsic function such as `States.Format(...)` at character \
                     {at}, found {found}"
                )
            }));
        }
        let function =
            IntrinsicFunction::from_name(name).ok_or_else(|| unknown_function(name, start))?;
        self.cursor.skip_whitespace();
        let open = self.cursor.pos();
        if !self.cursor.eat('(') {
            return Err(self.error(open, |at| {
                format!("expected `(` after `{function}` at character {at}; call it as `{function}(...)`")
            }));
        }
        let args = self.args(open, function)?;
        self.depth = self.depth.saturating_sub(1);
        Ok(Intrinsic {
            function,
            args,
            offset: start,
        })
    }

    fn args(&mut self, open: usize, function: IntrinsicFunction) -> Result<Vec<ArgAt>, PathError> {
        let mut args = Vec::new();
        self.cursor.skip_whitespace();
        if self.cursor.eat(')') {
            return Ok(args);
        }
        loop {
            self.cursor.skip_whitespace();
            args.push(self.arg(open)?);
            self.cursor.skip_whitespace();
            let at = self.cursor.pos();
            match self.cursor.bump() {
                Some(',') => {}
                Some(')') => return Ok(args),
                None => return Err(self.unclosed_paren(open)),
                Some(c) => {
                    return Err(self.error(at, |pos| {
                        format!(
                            "unexpected `{}` at character {pos} in the arguments of `{function}`; \
                             separate arguments with `,` and close the call with `)`",
                            show(c)
                        )
                    }));
                }
            }
        }
    }

    fn unclosed_paren(&self, open: usize) -> PathError {
        self.error(open, |at| {
            format!("unclosed `(` at character {at}; add `)`")
        })
    }

    /// One argument, with where it starts and its text.
    fn arg(&mut self, open: usize) -> Result<ArgAt, PathError> {
        let start = self.cursor.pos();
        let arg = match self.cursor.peek() {
            None => return Err(self.unclosed_paren(open)),
            Some('\'') => Arg::String(self.string()?),
            Some('"') => {
                return Err(self.error(start, |at| {
                    format!(
                        "`\"` at character {at}: intrinsic string arguments use single quotes; \
                         write `'text'`"
                    )
                }));
            }
            Some('$') => Arg::Path(self.path()?),
            Some(c) if c == '-' || c.is_ascii_digit() => Arg::Number(self.number()?),
            Some(c) if c.is_ascii_alphabetic() || c == '_' => self.word()?,
            Some(c @ (',' | ')')) => {
                return Err(self.error(start, |at| {
                    format!(
                        "missing argument before `{c}` at character {at}; add an argument or \
                         remove the extra `,`"
                    )
                }));
            }
            Some(c) => {
                return Err(self.error(start, |at| {
                    format!(
                        "unexpected `{}` at character {at}; expected a quoted string, a number, \
                         `true`, `false`, `null`, a path or an intrinsic function",
                        show(c)
                    )
                }));
            }
        };
        Ok(ArgAt {
            arg,
            offset: start,
            source: self.cursor.since(start).to_string(),
        })
    }

    /// A single-quoted string with `\'`, `\{`, `\}` and `\\` escapes.
    fn string(&mut self) -> Result<String, PathError> {
        match self.cursor.quoted(STRING_ESCAPES) {
            Ok(text) => Ok(text.into_owned()),
            Err(QuoteError::Unclosed { open }) => Err(self.error(open, |pos| {
                format!("unclosed `'` at character {pos}; add a closing `'`")
            })),
            Err(QuoteError::LoneBackslash { backslash, .. }) => Err(self.error(backslash, |pos| {
                format!(
                    "lone `\\` at character {pos} at the end of the text; write `\\\\` for a \
                     backslash and close the string with `'`"
                )
            })),
            Err(QuoteError::UnknownEscape { backslash, escaped }) => {
                Err(self.unknown_escape(backslash, escaped))
            }
            // Only JSON's escape set reads `\u`; here it is an unknown escape like any other.
            Err(QuoteError::BadUnicode { backslash, .. }) => {
                Err(self.unknown_escape(backslash, 'u'))
            }
        }
    }

    /// A backslash at `backslash` before `escaped`, which is not an escape in a string.
    fn unknown_escape(&self, backslash: usize, escaped: char) -> PathError {
        self.error(backslash, |pos| {
            format!(
                "unknown escape `\\{}` at character {pos}; only `\\'`, `\\{{`, `\\}}` and \
                 `\\\\` are escapes, so write `\\\\` for a backslash",
                show(escaped)
            )
        })
    }

    /// A path: everything up to the next `,` or `)` outside brackets and quotes, trailing
    /// whitespace excluded.
    fn path(&mut self) -> Result<Path, PathError> {
        let start = self.cursor.pos();
        let mut depth = 0usize;
        while let Some(c) = self.cursor.peek() {
            match c {
                '[' | '(' => depth += 1,
                ']' | ')' if depth > 0 => depth -= 1,
                ',' | ')' => break,
                '\'' | '"' if depth > 0 => {
                    // The path parser reads the name; here it is skipped, to the end of the
                    // text when unclosed.
                    let _unclosed = self.cursor.skip_quoted(Escapes::KeepUnknown);
                    continue;
                }
                _ => {}
            }
            self.cursor.bump();
        }
        let end = start + self.cursor.since(start).trim_end().len();
        parse_path_span(self.cursor.text(), start, end)
    }

    /// A number literal: `-1`, `2.5`, `1e3`.
    fn number(&mut self) -> Result<serde_json::Number, PathError> {
        let start = self.cursor.pos();
        let text = self.cursor.number(NUMBER).map_err(|missing| {
            let written = self.cursor.slice(missing.start, missing.end);
            self.error(start, |at| {
                format!(
                    "malformed number `{written}` at character {at}; write a number such as `-1` \
                     or `2.5`"
                )
            })
        })?;
        text.parse::<serde_json::Number>().map_err(|_| {
            self.error(start, |at| {
                format!("number `{text}` at character {at} is out of range; use a smaller number")
            })
        })
    }

    /// `true`, `false`, `null` or a nested call.
    fn word(&mut self) -> Result<Arg, PathError> {
        let start = self.cursor.pos();
        let word = self.cursor.take_while(is_name_char);
        let literal = match word {
            "true" => Some(Arg::Bool(true)),
            "false" => Some(Arg::Bool(false)),
            "null" => Some(Arg::Null),
            _ => None,
        };
        if let Some(literal) = literal {
            return Ok(literal);
        }
        self.cursor.skip_whitespace();
        if self.cursor.peek() == Some('(') {
            self.cursor.rewind(start);
            return Ok(Arg::Call(Box::new(self.call()?)));
        }
        Err(self.error(start, |at| {
            format!(
                "unexpected `{word}` at character {at}; quote text as `'{word}'`, or start a path \
                 with `$`"
            )
        }))
    }
}

pub(super) fn unknown_function(name: &str, offset: usize) -> PathError {
    let message = match IntrinsicFunction::meant_by(name) {
        Some(f) => format!("unknown intrinsic function `{name}`; did you mean `{f}`?"),
        None => format!(
            "unknown intrinsic function `{name}`; use one of the `States.*` functions such as \
             `States.Format`, `States.Array` or `States.JsonToString`"
        ),
    };
    PathError::new(offset, message)
}

/// Parses a whole intrinsic call: one call, nothing after it but whitespace.
pub(super) fn parse_call(text: &str) -> Result<Intrinsic, PathError> {
    let mut parser = Parser {
        cursor: Cursor::new(text),
        depth: 0,
    };
    parser.cursor.skip_whitespace();
    let call = parser.call()?;
    parser.cursor.skip_whitespace();
    match parser.cursor.peek() {
        None => Ok(call),
        Some(c) => Err(PathError::new(
            parser.cursor.pos(),
            format!(
                "unexpected `{}` at character {} after the closing `)` of `{}`; remove it",
                show(c),
                parser.cursor.column(parser.cursor.pos()),
                call.function
            ),
        )),
    }
}

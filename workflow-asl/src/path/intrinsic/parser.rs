//! The parser of an intrinsic function call: names, nested calls, paths, string, number,
//! boolean and null literals, with byte-located errors and a nesting limit.

use super::*;

pub(super) fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '.'
}

pub(super) struct Parser<'a> {
    text: &'a str,
    pos: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn slice(&self, start: usize, end: usize) -> &'a str {
        self.text.get(start..end).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.peek() == Some(c);
        if found {
            self.pos += c.len_utf8();
        }
        found
    }

    fn take_while(&mut self, keep: impl Fn(char) -> bool) -> &'a str {
        let start = self.pos;
        while self.peek().is_some_and(&keep) {
            self.bump();
        }
        self.slice(start, self.pos)
    }

    fn skip_ws(&mut self) {
        self.take_while(char::is_whitespace);
    }

    fn at(&self, offset: usize) -> usize {
        char_index(self.text, offset)
    }

    fn error(&self, offset: usize, message: impl FnOnce(usize) -> String) -> PathError {
        PathError::new(offset, message(self.at(offset)))
    }

    fn call(&mut self) -> Result<Intrinsic, PathError> {
        let start = self.pos;
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(self.error(start, |at| {
                format!(
                    "intrinsic calls nested deeper than {MAX_NESTING} levels at character {at}; \
                     simplify the expression"
                )
            }));
        }
        let name = self.take_while(is_name_char);
        if name.is_empty() {
            let found = self
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
        self.skip_ws();
        let open = self.pos;
        if !self.eat('(') {
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
        self.skip_ws();
        if self.eat(')') {
            return Ok(args);
        }
        loop {
            self.skip_ws();
            args.push(self.arg(open)?);
            self.skip_ws();
            let at = self.pos;
            match self.bump() {
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

    fn arg(&mut self, open: usize) -> Result<ArgAt, PathError> {
        let start = self.pos;
        let arg = match self.peek() {
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
            source: self.slice(start, self.pos).to_string(),
        })
    }

    /// A single-quoted string with `\'`, `\{`, `\}` and `\\` escapes.
    fn string(&mut self) -> Result<String, PathError> {
        let open = self.pos;
        self.bump();
        let mut out = String::new();
        loop {
            let at = self.pos;
            match self.bump() {
                None => {
                    return Err(self.error(open, |pos| {
                        format!("unclosed `'` at character {pos}; add a closing `'`")
                    }));
                }
                Some('\\') => match self.bump() {
                    Some(c @ ('\'' | '{' | '}' | '\\')) => out.push(c),
                    Some(c) => {
                        return Err(self.error(at, |pos| {
                            format!(
                                "unknown escape `\\{}` at character {pos}; only `\\'`, `\\{{`, \
                                 `\\}}` and `\\\\` are escapes, so write `\\\\` for a backslash",
                                show(c)
                            )
                        }));
                    }
                    None => {
                        return Err(self.error(at, |pos| {
                            format!(
                                "lone `\\` at character {pos} at the end of the text; write `\\\\` \
                                 for a backslash and close the string with `'`"
                            )
                        }));
                    }
                },
                Some('\'') => return Ok(out),
                Some(c) => out.push(c),
            }
        }
    }

    /// A path: everything up to the next `,` or `)` outside brackets and quotes, trailing
    /// whitespace excluded.
    fn path(&mut self) -> Result<Path, PathError> {
        let start = self.pos;
        let mut depth = 0usize;
        let mut quote = None;
        while let Some(c) = self.peek() {
            if let Some(q) = quote {
                self.bump();
                if c == '\\' {
                    self.bump();
                } else if c == q {
                    quote = None;
                }
                continue;
            }
            match c {
                '[' | '(' => depth += 1,
                ']' | ')' if depth > 0 => depth -= 1,
                ',' | ')' => break,
                '\'' | '"' if depth > 0 => quote = Some(c),
                _ => {}
            }
            self.bump();
        }
        let end = start + self.slice(start, self.pos).trim_end().len();
        parse_path_span(self.text, start, end)
    }

    fn number(&mut self) -> Result<serde_json::Number, PathError> {
        let start = self.pos;
        self.eat('-');
        self.digits(start)?;
        if self.eat('.') {
            self.digits(start)?;
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            self.bump();
            if !self.eat('+') {
                self.eat('-');
            }
            self.digits(start)?;
        }
        let text = self.slice(start, self.pos);
        text.parse::<serde_json::Number>().map_err(|_| {
            self.error(start, |at| {
                format!("number `{text}` at character {at} is out of range; use a smaller number")
            })
        })
    }

    fn digits(&mut self, number_start: usize) -> Result<(), PathError> {
        if self.take_while(|c| c.is_ascii_digit()).is_empty() {
            let written = self.slice(number_start, self.pos).to_string();
            return Err(self.error(number_start, |at| {
                format!(
                    "malformed number `{written}` at character {at}; write a number such as `-1` \
                     or `2.5`"
                )
            }));
        }
        Ok(())
    }

    /// `true`, `false`, `null` or a nested call.
    fn word(&mut self) -> Result<Arg, PathError> {
        let start = self.pos;
        let word = self.take_while(is_name_char);
        let literal = match word {
            "true" => Some(Arg::Bool(true)),
            "false" => Some(Arg::Bool(false)),
            "null" => Some(Arg::Null),
            _ => None,
        };
        if let Some(literal) = literal {
            return Ok(literal);
        }
        self.skip_ws();
        if self.peek() == Some('(') {
            self.pos = start;
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
    let lower = name.to_lowercase();
    let wanted = if lower.starts_with("states.") {
        lower
    } else {
        format!("states.{lower}")
    };
    let nearest = IntrinsicFunction::ALL
        .into_iter()
        .map(|f| (strsim::levenshtein(&wanted, &f.name().to_lowercase()), f))
        .min_by_key(|&(distance, _)| distance);
    let message = match nearest {
        Some((distance, f)) if distance <= 3 => {
            format!("unknown intrinsic function `{name}`; did you mean `{f}`?")
        }
        _ => format!(
            "unknown intrinsic function `{name}`; use one of the `States.*` functions such as \
             `States.Format`, `States.Array` or `States.JsonToString`"
        ),
    };
    PathError::new(offset, message)
}

/// Parses a whole intrinsic call: one call, nothing after it but whitespace.
pub(super) fn parse_call(text: &str) -> Result<Intrinsic, PathError> {
    let mut parser = Parser {
        text,
        pos: 0,
        depth: 0,
    };
    parser.skip_ws();
    let call = parser.call()?;
    parser.skip_ws();
    match parser.peek() {
        None => Ok(call),
        Some(c) => Err(PathError::new(
            parser.pos,
            format!(
                "unexpected `{}` at character {} after the closing `)` of `{}`; remove it",
                show(c),
                parser.at(parser.pos),
                call.function
            ),
        )),
    }
}

//! Intrinsic functions (ASL Appendix B), e.g.
//! `States.Format('Hello {}', States.ArrayGetItem($.names, 0))`: the parser, and static checks of
//! arity, literal argument types and nesting depth.

use super::error::{MAX_NESTING, PathError, char_index, show};
use super::jsonpath::{Path, parse_path_span};
use std::fmt;

/// How deep intrinsic calls may nest inside one field (AWS allows 10).
pub const MAX_INTRINSIC_DEPTH: usize = 10;

/// The longest literal string `States.Base64Encode`, `States.Base64Decode` and `States.Hash`
/// accept, in characters.
pub const MAX_INTRINSIC_INPUT_CHARS: usize = 10_000;

/// The most elements `States.ArrayRange` may produce.
pub const MAX_ARRAY_RANGE_LEN: usize = 1000;

/// The hash algorithms `States.Hash` accepts.
pub const HASH_ALGORITHMS: [&str; 5] = ["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"];

/// One of the 18 intrinsic functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IntrinsicFunction {
    /// `States.Format(template, args...)`
    Format,
    /// `States.StringToJson(string)`
    StringToJson,
    /// `States.JsonToString(path)`
    JsonToString,
    /// `States.Array(args...)`
    Array,
    /// `States.ArrayPartition(array, chunk)`
    ArrayPartition,
    /// `States.ArrayContains(array, value)`
    ArrayContains,
    /// `States.ArrayRange(start, end, step)`
    ArrayRange,
    /// `States.ArrayGetItem(array, index)`
    ArrayGetItem,
    /// `States.ArrayLength(array)`
    ArrayLength,
    /// `States.ArrayUnique(array)`
    ArrayUnique,
    /// `States.Base64Encode(string)`
    Base64Encode,
    /// `States.Base64Decode(string)`
    Base64Decode,
    /// `States.Hash(data, algorithm)`
    Hash,
    /// `States.JsonMerge(object, object, deep)`
    JsonMerge,
    /// `States.MathRandom(start, end[, seed])`
    MathRandom,
    /// `States.MathAdd(a, b)`
    MathAdd,
    /// `States.StringSplit(string, delimiter)`
    StringSplit,
    /// `States.UUID()` (named as in the ASL).
    #[allow(clippy::upper_case_acronyms)]
    UUID,
}

impl IntrinsicFunction {
    /// All 18 functions, in the order of the ASL specification.
    pub const ALL: [IntrinsicFunction; 18] = [
        Self::Format,
        Self::StringToJson,
        Self::JsonToString,
        Self::Array,
        Self::ArrayPartition,
        Self::ArrayContains,
        Self::ArrayRange,
        Self::ArrayGetItem,
        Self::ArrayLength,
        Self::ArrayUnique,
        Self::Base64Encode,
        Self::Base64Decode,
        Self::Hash,
        Self::JsonMerge,
        Self::MathRandom,
        Self::MathAdd,
        Self::StringSplit,
        Self::UUID,
    ];

    /// The ASL name, e.g. `States.Format`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Format => "States.Format",
            Self::StringToJson => "States.StringToJson",
            Self::JsonToString => "States.JsonToString",
            Self::Array => "States.Array",
            Self::ArrayPartition => "States.ArrayPartition",
            Self::ArrayContains => "States.ArrayContains",
            Self::ArrayRange => "States.ArrayRange",
            Self::ArrayGetItem => "States.ArrayGetItem",
            Self::ArrayLength => "States.ArrayLength",
            Self::ArrayUnique => "States.ArrayUnique",
            Self::Base64Encode => "States.Base64Encode",
            Self::Base64Decode => "States.Base64Decode",
            Self::Hash => "States.Hash",
            Self::JsonMerge => "States.JsonMerge",
            Self::MathRandom => "States.MathRandom",
            Self::MathAdd => "States.MathAdd",
            Self::StringSplit => "States.StringSplit",
            Self::UUID => "States.UUID",
        }
    }

    /// The function with this exact ASL name (`States.Format`), if any.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The fewest and the most arguments the function takes (`None`: no upper limit).
    pub fn arity(self) -> (usize, Option<usize>) {
        match self {
            Self::Format => (1, None),
            Self::Array => (0, None),
            Self::UUID => (0, Some(0)),
            Self::StringToJson
            | Self::JsonToString
            | Self::ArrayLength
            | Self::ArrayUnique
            | Self::Base64Encode
            | Self::Base64Decode => (1, Some(1)),
            Self::ArrayPartition
            | Self::ArrayContains
            | Self::ArrayGetItem
            | Self::Hash
            | Self::MathAdd
            | Self::StringSplit => (2, Some(2)),
            Self::MathRandom => (2, Some(3)),
            Self::ArrayRange | Self::JsonMerge => (3, Some(3)),
        }
    }

    /// Whether the function always returns a string (Format, JsonToString, Base64Encode,
    /// Base64Decode, Hash, UUID).
    pub fn returns_string(self) -> bool {
        self.returns() == Some(Kind::String)
    }

    /// Whether the function may return a string: the six of [`Self::returns_string`], plus
    /// `States.ArrayGetItem` (whose result is whatever the array holds).
    pub fn may_return_string(self) -> bool {
        self.returns_string() || self == Self::ArrayGetItem
    }

    /// What the function returns, when that is known without running it.
    fn returns(self) -> Option<Kind> {
        match self {
            Self::Format
            | Self::JsonToString
            | Self::Base64Encode
            | Self::Base64Decode
            | Self::Hash
            | Self::UUID => Some(Kind::String),
            Self::ArrayLength | Self::MathRandom | Self::MathAdd => Some(Kind::Number),
            Self::ArrayContains => Some(Kind::Bool),
            Self::Array
            | Self::ArrayPartition
            | Self::ArrayRange
            | Self::ArrayUnique
            | Self::StringSplit => Some(Kind::Array),
            Self::JsonMerge => Some(Kind::Object),
            Self::StringToJson | Self::ArrayGetItem => None,
        }
    }
}

impl fmt::Display for IntrinsicFunction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A parsed intrinsic function call.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Intrinsic {
    /// The function called.
    pub function: IntrinsicFunction,
    /// The arguments, in order.
    pub args: Vec<ArgAt>,
    /// Byte offset of the function name in the parsed text.
    pub offset: usize,
}

/// An argument with where it was written.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ArgAt {
    /// The argument.
    pub arg: Arg,
    /// Byte offset of the argument in the parsed text.
    pub offset: usize,
    /// The argument exactly as written (a string keeps its quotes and escapes).
    pub source: String,
}

/// An intrinsic function argument.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Arg {
    /// A single-quoted string, escapes removed.
    String(String),
    /// A number literal.
    Number(serde_json::Number),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// A path (`$.x`, `$$.Execution.Id`, `$var`).
    Path(Path),
    /// A nested intrinsic call.
    Call(Box<Intrinsic>),
}

/// Whether `text` starts like an intrinsic call: a dotted name of ASCII identifiers followed by
/// `(` (leading whitespace and whitespace before `(` allowed). Use it to tell an intrinsic from a
/// path before parsing.
#[must_use]
pub fn looks_like_intrinsic(text: &str) -> bool {
    let text = text.trim_start();
    let name_len = text.find(|c: char| !is_name_char(c)).unwrap_or(text.len());
    let (Some(name), Some(rest)) = (text.get(..name_len), text.get(name_len..)) else {
        return false;
    };
    let is_identifier =
        |part: &str| part.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
    !name.is_empty() && name.split('.').all(is_identifier) && rest.trim_start().starts_with('(')
}

/// Parses an intrinsic function call such as `States.Format('{}', $.name)`.
///
/// Whitespace around the call and between arguments is allowed. String literals use single
/// quotes, with `\'`, `\{`, `\}` and `\\` as the only escapes (the text is the JSON-decoded
/// string). Paths are parsed with [`parse_path`](super::parse_path).
///
/// # Errors
///
/// A [`PathError`] with the byte offset of the first syntax error: an unknown function (with a
/// did-you-mean suggestion), an unclosed `(` or `'`, an unknown escape, a malformed number or
/// path, or calls nested deeper than [`MAX_NESTING`](super::MAX_NESTING). Arity and argument
/// types are not checked here: see [`check_intrinsic`].
///
/// ```
/// use workflow_asl::path::{parse_intrinsic, Arg, IntrinsicFunction};
/// let call = parse_intrinsic("States.Format('Hi {}', $.name)").unwrap();
/// assert_eq!(call.function, IntrinsicFunction::Format);
/// assert_eq!(call.args[0].arg, Arg::String("Hi {}".into()));
/// ```
pub fn parse_intrinsic(text: &str) -> Result<Intrinsic, PathError> {
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

/// Static checks of a parsed call and every nested call: arity, literal argument types,
/// `States.Format` placeholders, `States.ArrayRange` bounds, `States.Hash` algorithms, literal
/// lengths and the nesting limit of [`MAX_INTRINSIC_DEPTH`]. Returns every problem found.
#[must_use]
pub fn check_intrinsic(i: &Intrinsic) -> Vec<PathError> {
    let mut errors = Vec::new();
    check_call(i, 1, &mut errors);
    errors
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '.'
}

// ---- parsing --------------------------------------------------------------------------------

struct Parser<'a> {
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

fn unknown_function(name: &str, offset: usize) -> PathError {
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

// ---- checks ---------------------------------------------------------------------------------

/// The JSON type of a value, when known statically.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    String,
    Number,
    Bool,
    Null,
    Array,
    Object,
}

impl Kind {
    fn describe(self) -> &'static str {
        match self {
            Kind::String => "a string",
            Kind::Number => "a number",
            Kind::Bool => "a boolean",
            Kind::Null => "`null`",
            Kind::Array => "an array",
            Kind::Object => "an object",
        }
    }

    fn fix(self) -> &'static str {
        match self {
            Kind::String => "quote text as `'text'` or pass a path",
            Kind::Number => "pass an integer or a path",
            Kind::Bool => "pass `true` or `false`",
            Kind::Null => "pass `null`",
            Kind::Array => "pass a path to an array such as `$.items`",
            Kind::Object => "pass a path to an object such as `$.data`",
        }
    }
}

fn kind_of(arg: &Arg) -> Option<Kind> {
    match arg {
        Arg::String(_) => Some(Kind::String),
        Arg::Number(_) => Some(Kind::Number),
        Arg::Bool(_) => Some(Kind::Bool),
        Arg::Null => Some(Kind::Null),
        Arg::Path(_) => None,
        Arg::Call(call) => call.function.returns(),
    }
}

/// How an argument is named in a message: its text (shortened) and what it is.
fn describe(arg: &ArgAt) -> String {
    match (&arg.arg, kind_of(&arg.arg)) {
        (Arg::Call(call), Some(kind)) => {
            format!(
                "`{}(...)`, which returns {}",
                call.function,
                kind.describe()
            )
        }
        (_, Some(kind)) => format!("`{}`, {}", shorten(&arg.source), kind.describe()),
        (_, None) => format!("`{}`", shorten(&arg.source)),
    }
}

fn shorten(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        let head: String = text.chars().take(MAX - 3).collect();
        format!("{head}...")
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

fn check_call(call: &Intrinsic, depth: usize, errors: &mut Vec<PathError>) {
    if depth == MAX_INTRINSIC_DEPTH + 1 {
        errors.push(PathError::new(
            call.offset,
            format!(
                "intrinsic functions nest at most {MAX_INTRINSIC_DEPTH} deep; `{}` is at depth \
                 {depth}, so compute part of the value in an earlier state",
                call.function
            ),
        ));
    }
    check_arity(call, errors);
    check_arguments(call, errors);
    if depth >= MAX_NESTING {
        return;
    }
    for arg in &call.args {
        if let Arg::Call(inner) = &arg.arg {
            check_call(inner, depth + 1, errors);
        }
    }
}

fn check_arity(call: &Intrinsic, errors: &mut Vec<PathError>) {
    let (min, max) = call.function.arity();
    let given = call.args.len();
    if given >= min && max.is_none_or(|max| given <= max) {
        return;
    }
    let expected = match max {
        Some(0) => "no arguments".to_string(),
        Some(max) if max == min => format!("exactly {}", plural(min, "argument", "arguments")),
        Some(max) => format!("{min} or {max} arguments"),
        None => format!("at least {}", plural(min, "argument", "arguments")),
    };
    let given_text = match given {
        0 => "none was given".to_string(),
        1 => "1 was given".to_string(),
        n => format!("{n} were given"),
    };
    let fix = if given < min {
        "add the missing arguments"
    } else {
        "remove the extra arguments"
    };
    errors.push(PathError::new(
        call.offset,
        format!(
            "`{}` takes {expected} but {given_text}; {fix}",
            call.function
        ),
    ));
}

fn check_arguments(call: &Intrinsic, errors: &mut Vec<PathError>) {
    use IntrinsicFunction as F;
    match call.function {
        F::Format => check_format(call, errors),
        F::StringToJson => expect_kind(call, 0, Kind::String, errors),
        F::JsonToString => check_json_to_string(call, errors),
        F::Array | F::UUID => {}
        F::ArrayPartition => {
            expect_kind(call, 0, Kind::Array, errors);
            if expect_integer(call, 1, errors).is_some_and(|chunk| chunk <= 0) {
                push(call, 1, errors, |arg| {
                    format!(
                        "`{}` chunk size must be a positive integer, got `{}`; use 1 or more",
                        call.function, arg.source
                    )
                });
            }
        }
        F::ArrayContains | F::ArrayLength | F::ArrayUnique => {
            expect_kind(call, 0, Kind::Array, errors);
        }
        F::ArrayGetItem => {
            expect_kind(call, 0, Kind::Array, errors);
            if expect_integer(call, 1, errors).is_some_and(|index| index < 0) {
                push(call, 1, errors, |arg| {
                    format!(
                        "`{}` index must not be negative, got `{}`; indices start at 0",
                        call.function, arg.source
                    )
                });
            }
        }
        F::ArrayRange => check_array_range(call, errors),
        F::Base64Encode | F::Base64Decode => {
            expect_kind(call, 0, Kind::String, errors);
            check_literal_length(call, 0, errors);
        }
        F::Hash => {
            check_literal_length(call, 0, errors);
            check_hash_algorithm(call, errors);
        }
        F::JsonMerge => {
            expect_kind(call, 0, Kind::Object, errors);
            expect_kind(call, 1, Kind::Object, errors);
            expect_kind(call, 2, Kind::Bool, errors);
        }
        F::MathRandom | F::MathAdd => {
            for index in 0..call.args.len() {
                expect_integer(call, index, errors);
            }
        }
        F::StringSplit => {
            expect_kind(call, 0, Kind::String, errors);
            expect_kind(call, 1, Kind::String, errors);
        }
    }
}

/// Pushes an error located at argument `index` (when it exists).
fn push(
    call: &Intrinsic,
    index: usize,
    errors: &mut Vec<PathError>,
    message: impl FnOnce(&ArgAt) -> String,
) {
    if let Some(arg) = call.args.get(index) {
        errors.push(PathError::new(arg.offset, message(arg)));
    }
}

fn expect_kind(call: &Intrinsic, index: usize, want: Kind, errors: &mut Vec<PathError>) {
    let Some(arg) = call.args.get(index) else {
        return;
    };
    if kind_of(&arg.arg).is_some_and(|kind| kind != want) {
        errors.push(PathError::new(
            arg.offset,
            format!(
                "`{}` needs {} as argument {}, got {}; {}",
                call.function,
                want.describe(),
                index + 1,
                describe(arg),
                want.fix()
            ),
        ));
    }
}

/// Checks that argument `index` can be an integer; returns its value when it is a literal.
fn expect_integer(call: &Intrinsic, index: usize, errors: &mut Vec<PathError>) -> Option<i128> {
    let arg = call.args.get(index)?;
    match &arg.arg {
        Arg::Number(n) => {
            let value = n.as_i64().map(i128::from).or(n.as_u64().map(i128::from));
            if value.is_none() {
                errors.push(PathError::new(
                    arg.offset,
                    format!(
                        "`{}` needs an integer as argument {}, got `{}`; remove the fraction",
                        call.function,
                        index + 1,
                        arg.source
                    ),
                ));
            }
            value
        }
        other => {
            if kind_of(other).is_some_and(|kind| kind != Kind::Number) {
                errors.push(PathError::new(
                    arg.offset,
                    format!(
                        "`{}` needs an integer as argument {}, got {}; {}",
                        call.function,
                        index + 1,
                        describe(arg),
                        Kind::Number.fix()
                    ),
                ));
            }
            None
        }
    }
}

fn check_format(call: &Intrinsic, errors: &mut Vec<PathError>) {
    let Some(template) = call.args.first() else {
        return;
    };
    let values = call.args.len().saturating_sub(1);
    match &template.arg {
        Arg::String(_) => {
            let placeholders = count_placeholders(&template.source);
            if placeholders != values {
                errors.push(PathError::new(
                    template.offset,
                    format!(
                        "`States.Format` template has {} but {} {}; make them match",
                        plural(placeholders, "`{}` placeholder", "`{}` placeholders"),
                        plural(values, "argument", "arguments"),
                        if values == 1 { "follows" } else { "follow" }
                    ),
                ));
            }
        }
        Arg::Path(_) => {}
        Arg::Call(inner) if inner.function.may_return_string() => {}
        _ => errors.push(PathError::new(
            template.offset,
            format!(
                "`States.Format` needs a string literal or a path as its template, got {}; write \
                 the template as `'text with {{}}'`",
                describe(template)
            ),
        )),
    }
    for (index, arg) in call.args.iter().enumerate().skip(1) {
        if matches!(kind_of(&arg.arg), Some(Kind::Array | Kind::Object)) {
            errors.push(PathError::new(
                arg.offset,
                format!(
                    "`States.Format` arguments must be strings, numbers, booleans or `null`, but \
                     argument {} is {}; pass a single value instead, e.g. with \
                     `States.ArrayGetItem`",
                    index + 1,
                    describe(arg),
                ),
            ));
        }
    }
}

/// Counts unescaped `{}` in a string literal as written (quotes and escapes included).
fn count_placeholders(source: &str) -> usize {
    let mut count = 0;
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '{' if chars.peek() == Some(&'}') => {
                chars.next();
                count += 1;
            }
            _ => {}
        }
    }
    count
}

fn check_json_to_string(call: &Intrinsic, errors: &mut Vec<PathError>) {
    if let Some(arg) = call.args.first()
        && !matches!(arg.arg, Arg::Path(_))
    {
        errors.push(PathError::new(
            arg.offset,
            format!(
                "`States.JsonToString` needs a path such as `$.data` as its argument, got {}; \
                 pass the path of the value to serialise",
                describe(arg)
            ),
        ));
    }
}

fn check_array_range(call: &Intrinsic, errors: &mut Vec<PathError>) {
    let start = expect_integer(call, 0, errors);
    let end = expect_integer(call, 1, errors);
    let step = expect_integer(call, 2, errors);
    if step == Some(0) {
        push(call, 2, errors, |_| {
            "`States.ArrayRange` step must not be 0; use a positive or a negative step".to_string()
        });
    }
    if let (Some(start), Some(end), Some(step)) = (start, end, step) {
        let len = range_len(start, end, step);
        if len > MAX_ARRAY_RANGE_LEN as i128 {
            errors.push(PathError::new(
                call.offset,
                format!(
                    "`States.ArrayRange({start}, {end}, {step})` would produce {len} elements, \
                     more than the {MAX_ARRAY_RANGE_LEN} allowed; narrow the range or take a \
                     larger step"
                ),
            ));
        }
    }
}

/// How many elements `States.ArrayRange(start, end, step)` yields (both ends inclusive).
fn range_len(start: i128, end: i128, step: i128) -> i128 {
    match step {
        0 => 0,
        s if s > 0 && end >= start => (end - start) / s + 1,
        s if s < 0 && start >= end => (start - end) / -s + 1,
        _ => 0,
    }
}

fn check_literal_length(call: &Intrinsic, index: usize, errors: &mut Vec<PathError>) {
    if let Some(ArgAt {
        arg: Arg::String(s),
        offset,
        ..
    }) = call.args.get(index)
    {
        let len = s.chars().count();
        if len > MAX_INTRINSIC_INPUT_CHARS {
            errors.push(PathError::new(
                *offset,
                format!(
                    "`{}` accepts at most {MAX_INTRINSIC_INPUT_CHARS} characters, but this literal \
                     has {len}; pass a shorter string",
                    call.function
                ),
            ));
        }
    }
}

fn check_hash_algorithm(call: &Intrinsic, errors: &mut Vec<PathError>) {
    let Some(arg) = call.args.get(1) else {
        return;
    };
    match &arg.arg {
        Arg::String(name) if HASH_ALGORITHMS.contains(&name.as_str()) => {}
        Arg::String(name) => {
            let wanted = name.to_uppercase();
            let nearest = HASH_ALGORITHMS
                .into_iter()
                .min_by_key(|algorithm| strsim::levenshtein(&wanted, algorithm));
            let hint = match nearest {
                Some(algorithm) if strsim::levenshtein(&wanted, algorithm) <= 2 => {
                    format!("did you mean `'{algorithm}'`?")
                }
                _ => format!("use one of {}", HASH_ALGORITHMS.join(", ")),
            };
            errors.push(PathError::new(
                arg.offset,
                format!("unknown `States.Hash` algorithm `{name}`; {hint}"),
            ));
        }
        _ => expect_kind(call, 1, Kind::String, errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ok(text: &str) -> Intrinsic {
        match parse_intrinsic(text) {
            Ok(call) => call,
            Err(e) => panic!("`{text}` should parse: {e} (offset {})", e.offset),
        }
    }

    fn err(text: &str, offset: usize, fragments: &[&str]) {
        match parse_intrinsic(text) {
            Ok(call) => panic!("`{text}` should not parse: {call:?}"),
            Err(e) => {
                assert_eq!(e.offset, offset, "offset for `{text}`: {}", e.message);
                for f in fragments {
                    assert!(
                        e.message.contains(f),
                        "`{text}`: `{f}` not in {}",
                        e.message
                    );
                }
            }
        }
    }

    fn clean(text: &str) {
        let errors = check_intrinsic(&ok(text));
        assert!(errors.is_empty(), "`{text}`: {errors:?}");
    }

    /// The one error `check_intrinsic` reports for `text`: its offset and message fragments.
    fn check_err(text: &str, offset: usize, fragments: &[&str]) {
        let errors = check_intrinsic(&ok(text));
        assert_eq!(errors.len(), 1, "`{text}`: {errors:?}");
        for e in errors {
            assert_eq!(e.offset, offset, "offset for `{text}`: {}", e.message);
            for f in fragments {
                assert!(
                    e.message.contains(f),
                    "`{text}`: `{f}` not in {}",
                    e.message
                );
            }
        }
    }

    fn args(text: &str) -> Vec<Arg> {
        ok(text).args.into_iter().map(|a| a.arg).collect()
    }

    #[test]
    fn names_round_trip() {
        assert_eq!(IntrinsicFunction::ALL.len(), 18);
        for f in IntrinsicFunction::ALL {
            assert_eq!(IntrinsicFunction::from_name(f.name()), Some(f));
            assert_eq!(f.to_string(), f.name());
            assert!(f.name().starts_with("States."));
        }
        assert_eq!(IntrinsicFunction::from_name("Format"), None);
        assert_eq!(IntrinsicFunction::from_name("states.format"), None);
    }

    #[test]
    fn string_results() {
        let strings: Vec<_> = IntrinsicFunction::ALL
            .into_iter()
            .filter(|f| f.returns_string())
            .collect();
        use IntrinsicFunction as F;
        assert_eq!(
            strings,
            [
                F::Format,
                F::JsonToString,
                F::Base64Encode,
                F::Base64Decode,
                F::Hash,
                F::UUID
            ]
        );
        let maybe = IntrinsicFunction::ALL
            .into_iter()
            .filter(|f| f.may_return_string())
            .count();
        assert_eq!(maybe, 7);
        assert!(F::ArrayGetItem.may_return_string());
        assert!(!F::ArrayGetItem.returns_string());
    }

    #[test]
    fn looks_like() {
        for text in [
            "States.Format('x')",
            "States.UUID()",
            "  States.Array ()",
            "States.Fromat(1)",
            "Format(",
            "a.b.c(",
        ] {
            assert!(looks_like_intrinsic(text), "{text}");
        }
        for text in [
            "$.a",
            "States.Format",
            "",
            "(",
            "1.a(",
            ".a(",
            "a..b(",
            "States.Format 'x'",
        ] {
            assert!(!looks_like_intrinsic(text), "{text}");
        }
    }

    #[test]
    fn parses_arguments() {
        let call =
            ok("States.Format('Hello {} you have {} items', $.name, States.ArrayLength($.items))");
        assert_eq!(call.function, IntrinsicFunction::Format);
        assert_eq!(call.offset, 0);
        assert_eq!(call.args.len(), 3);
        assert_eq!(
            call.args[0].arg,
            Arg::String("Hello {} you have {} items".into())
        );
        assert_eq!(call.args[0].offset, 14);
        assert_eq!(call.args[1].offset, 44);
        assert_eq!(call.args[1].source, "$.name");
        match &call.args[2].arg {
            Arg::Call(inner) => {
                assert_eq!(inner.function, IntrinsicFunction::ArrayLength);
                assert_eq!(inner.offset, 52);
                assert_eq!(inner.args[0].offset, 71);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            args("States.Array(1, -2, 3.5, true, false, null)"),
            vec![
                Arg::Number(1.into()),
                Arg::Number((-2).into()),
                Arg::Number(serde_json::Number::from_f64(3.5).unwrap_or_else(|| 0.into())),
                Arg::Bool(true),
                Arg::Bool(false),
                Arg::Null,
            ]
        );
        assert_eq!(ok("States.UUID()").args, vec![]);
        assert_eq!(ok("  States.UUID ( )  ").args, vec![]);
        assert_eq!(
            args("States.Array(1e3)"),
            vec![Arg::Number(
                serde_json::Number::from_f64(1000.0).unwrap_or_else(|| 0.into())
            )]
        );
    }

    #[test]
    fn parses_escapes() {
        assert_eq!(
            args(r"States.Format('it\'s \{\} \\ {}', $.x)")[0],
            Arg::String(r"it's {} \ {}".into())
        );
        assert_eq!(
            args("States.Format('\n\nHuman: {}\n\nAssistant:', $.prompt)")[0],
            Arg::String("\n\nHuman: {}\n\nAssistant:".into())
        );
        assert_eq!(args("States.Array('')")[0], Arg::String(String::new()));
        assert_eq!(args("States.Array('a,b)')")[0], Arg::String("a,b)".into()));
    }

    #[test]
    fn parses_paths() {
        let path_of = |text: &str| match args(text).into_iter().next() {
            Some(Arg::Path(p)) => p.source().to_string(),
            other => panic!("{other:?}"),
        };
        assert_eq!(path_of("States.Array($)"), "$");
        assert_eq!(path_of("States.Array($.a['x,y'])"), "$.a['x,y']");
        assert_eq!(path_of("States.Array($.a['x)y'], 1)"), "$.a['x)y']");
        assert_eq!(path_of("States.StringToJson($.[0].body)"), "$.[0].body");
        assert_eq!(path_of("States.Array($$.Execution.Id)"), "$$.Execution.Id");
        assert_eq!(path_of("States.Array($myVar.x)"), "$myVar.x");
        assert_eq!(
            path_of("States.Array($.a[?(@.b == 'c,d')] )"),
            "$.a[?(@.b == 'c,d')]"
        );
        assert_eq!(
            path_of("States.Array($.a[?(@.b == 1 && (@.c > 2))])"),
            "$.a[?(@.b == 1 && (@.c > 2))]"
        );
        assert_eq!(
            path_of("States.Array($[1].IsolatedInstanceId)"),
            "$[1].IsolatedInstanceId"
        );
        let call = ok(
            "States.Format('{}/', States.ArrayGetItem( States.StringSplit($.detail.object.key , '/'), 0))",
        );
        assert!(check_intrinsic(&call).is_empty());
    }

    #[test]
    fn rejects_syntax_errors() {
        err("", 0, &["expected an intrinsic function", "the end"]);
        err("'abc'", 0, &["expected an intrinsic function", "`'`"]);
        err("States.Format", 13, &["expected `(` after `States.Format`"]);
        err(
            "States.Format('x'",
            13,
            &["unclosed `(` at character 13", "add `)`"],
        );
        err("States.Format('x", 14, &["unclosed `'` at character 14"]);
        err("States.Format('x', ", 13, &["unclosed `(`"]);
        err("States.Format('x',)", 18, &["missing argument before `)`"]);
        err("States.Array(,1)", 13, &["missing argument before `,`"]);
        err(
            "States.Format('x') x",
            19,
            &["after the closing `)`", "remove it"],
        );
        err("States.Format(\"x\")", 14, &["single quotes"]);
        err(
            r"States.Format('a\nb')",
            16,
            &["unknown escape `\\n`", "`\\\\`"],
        );
        err("States.Format('a\\", 16, &["lone `\\`"]);
        err("States.Format('x' 'y')", 18, &["unexpected `'`", "`,`"]);
        err("States.Array(abc)", 13, &["unexpected `abc`", "'abc'"]);
        err("States.Array(-)", 13, &["malformed number `-`"]);
        err("States.Array(1.)", 13, &["malformed number"]);
        err("States.Array(1e)", 13, &["malformed number"]);
        err("States.Array(1e999)", 13, &["out of range"]);
        err("States.Array(1x)", 14, &["unexpected `x`"]);
        err("States.Array(#)", 13, &["unexpected `#`"]);
        err("States.Array($.a b)", 16, &["whitespace"]);
        err(
            "States.Array($.a[)",
            17,
            &["unexpected `)`", "inside `[...]`"],
        );
        err(
            "States.Array($.a[0)",
            18,
            &["unexpected `)`", "expected `]`"],
        );
        err("States.Array(.a)", 13, &["unexpected `.`"]);
    }

    #[test]
    fn rejects_unknown_functions() {
        err(
            "States.Fromat('x')",
            0,
            &["unknown intrinsic function `States.Fromat`; did you mean `States.Format`?"],
        );
        err(
            "Format('x')",
            0,
            &["unknown intrinsic function `Format`", "`States.Format`"],
        );
        err("states.uuid()", 0, &["did you mean `States.UUID`?"]);
        err(
            "States.Foo()",
            0,
            &["unknown intrinsic function `States.Foo`"],
        );
        err("Whatever.Completely()", 0, &["such as `States.Format`"]);
        err("States.Array(States.Nope())", 13, &["`States.Nope`"]);
    }

    #[test]
    fn rejects_deep_parse_nesting() {
        let text = format!("{}1{}", "States.Array(".repeat(100), ")".repeat(100));
        match parse_intrinsic(&text) {
            Err(e) => assert!(e.message.contains("deeper than 64"), "{}", e.message),
            Ok(_) => panic!("should fail"),
        }
    }

    #[test]
    fn arity() {
        clean("States.Format('x')");
        clean("States.Array()");
        clean("States.UUID()");
        clean("States.MathRandom(1, 10)");
        clean("States.MathRandom(1, 10, 3)");
        check_err(
            "States.Format()",
            0,
            &["at least 1 argument but none was given", "add"],
        );
        check_err(
            "States.StringToJson($.a, $.b)",
            0,
            &["exactly 1 argument but 2 were given", "remove"],
        );
        check_err("States.UUID(1)", 0, &["takes no arguments but 1 was given"]);
        check_err(
            "States.MathRandom(1)",
            0,
            &["2 or 3 arguments but 1 was given"],
        );
        check_err(
            "States.JsonMerge($.a, $.b)",
            0,
            &["exactly 3 arguments but 2 were given"],
        );
        check_err("States.ArrayRange(1, 2)", 0, &["exactly 3 arguments"]);
        check_err("States.Hash($.a)", 0, &["exactly 2 arguments"]);
        check_err(
            "States.Array(States.ArrayLength())",
            13,
            &["`States.ArrayLength` takes exactly 1"],
        );
    }

    #[test]
    fn format_checks() {
        clean("States.Format('{} and {}', $.a, 1)");
        clean(r"States.Format('\{} and {}', $.a)");
        clean(r"States.Format('unload (\'{}\') to \'s3://{}/{}/result_\'', $.a, $.b, $.c)");
        clean("States.Format($.template, $.a)");
        clean("States.Format(States.ArrayGetItem($.t, 0), $.a)");
        clean("States.Format('{}', States.MathAdd(1, 2))");
        clean("States.Format('{}', null)");
        check_err(
            "States.Format('{} {}', $.a)",
            14,
            &["2 `{}` placeholders but 1 argument follows"],
        );
        check_err(
            "States.Format('{}')",
            14,
            &["1 `{}` placeholder but 0 arguments follow"],
        );
        check_err(
            r"States.Format('\{}', $.a)",
            14,
            &["0 `{}` placeholders but 1 argument"],
        );
        check_err(
            "States.Format(1, $.a)",
            14,
            &["string literal or a path", "`1`, a number"],
        );
        check_err(
            "States.Format(States.ArrayLength($.a))",
            14,
            &["which returns a number"],
        );
        check_err(
            "States.Format('{}', States.Array(1))",
            20,
            &["argument 2 is", "an array", "pass a single value"],
        );
        check_err(
            "States.Format('{}', States.JsonMerge($.a, $.b, false))",
            20,
            &["an object"],
        );
    }

    #[test]
    fn argument_type_checks() {
        clean("States.JsonToString($.a)");
        check_err("States.JsonToString('x')", 20, &["needs a path", "`'x'`"]);
        check_err("States.JsonToString(States.UUID())", 20, &["needs a path"]);
        clean("States.StringToJson('{\"a\": 1}')");
        clean("States.StringToJson(States.Format('{}', $.a))");
        check_err(
            "States.StringToJson(1)",
            20,
            &["needs a string as argument 1", "`1`, a number"],
        );
        check_err(
            "States.ArrayLength('x')",
            19,
            &[
                "needs an array as argument 1",
                "`'x'`, a string",
                "`$.items`",
            ],
        );
        check_err(
            "States.ArrayUnique(States.UUID())",
            19,
            &["needs an array", "which returns a string"],
        );
        check_err("States.ArrayContains(1, 2)", 21, &["needs an array"]);
        clean("States.ArrayContains(States.Array(1, 2), 2)");
        clean("States.ArrayLength(States.StringSplit($.a, ','))");
        clean("States.ArrayLength(States.StringToJson($.a))");
        clean("States.ArrayPartition($.a, 2)");
        check_err(
            "States.ArrayPartition($.a, 0)",
            27,
            &["chunk size must be a positive integer", "`0`"],
        );
        check_err("States.ArrayPartition($.a, -3)", 27, &["positive integer"]);
        check_err(
            "States.ArrayPartition($.a, 1.5)",
            27,
            &["needs an integer", "fraction"],
        );
        check_err("States.ArrayPartition($.a, 'x')", 27, &["needs an integer"]);
        clean("States.ArrayGetItem($.a, 0)");
        clean("States.ArrayGetItem($.a, $.i)");
        clean("States.ArrayGetItem($.a, States.MathAdd($.i, 1))");
        check_err(
            "States.ArrayGetItem($.a, -1)",
            25,
            &["must not be negative"],
        );
        check_err(
            "States.ArrayGetItem($.a, true)",
            25,
            &["needs an integer", "a boolean"],
        );
        clean("States.MathAdd($.count, -1)");
        clean("States.MathAdd(States.ArrayLength($.a), -1)");
        check_err(
            "States.MathAdd(1.5, 1)",
            15,
            &["needs an integer as argument 1"],
        );
        check_err(
            "States.MathRandom(1, 2, 'seed')",
            24,
            &["needs an integer as argument 3"],
        );
        check_err(
            "States.MathAdd(1, States.UUID())",
            18,
            &["which returns a string"],
        );
        clean("States.StringSplit($.a, ',')");
        check_err(
            "States.StringSplit($.a, 1)",
            24,
            &["needs a string as argument 2"],
        );
        clean("States.JsonMerge($.a, $.b, false)");
        clean("States.JsonMerge(States.StringToJson($.a), States.StringToJson('{}'), true)");
        check_err(
            "States.JsonMerge($.a, $.b, 'false')",
            27,
            &["needs a boolean as argument 3"],
        );
        check_err(
            "States.JsonMerge($.a, 'x', false)",
            22,
            &["needs an object as argument 2"],
        );
        check_err(
            "States.JsonMerge(States.Array(), $.b, false)",
            17,
            &["needs an object as argument 1"],
        );
        clean("States.Base64Encode($.a)");
        clean("States.Base64Decode('aGVsbG8=')");
        check_err("States.Base64Encode(1)", 20, &["needs a string"]);
    }

    #[test]
    fn literal_lengths() {
        let long = "a".repeat(MAX_INTRINSIC_INPUT_CHARS + 1);
        check_err(
            &format!("States.Base64Encode('{long}')"),
            20,
            &["at most 10000 characters", "10001"],
        );
        check_err(
            &format!("States.Base64Decode('{long}')"),
            20,
            &["at most 10000"],
        );
        check_err(
            &format!("States.Hash('{long}', 'MD5')"),
            12,
            &["at most 10000"],
        );
        let fine = "é".repeat(MAX_INTRINSIC_INPUT_CHARS);
        clean(&format!("States.Base64Encode('{fine}')"));
    }

    #[test]
    fn hash_algorithms() {
        for algorithm in HASH_ALGORITHMS {
            clean(&format!("States.Hash($.a, '{algorithm}')"));
        }
        clean("States.Hash($.a, $.algorithm)");
        check_err(
            "States.Hash($.a, 'sha256')",
            17,
            &[
                "unknown `States.Hash` algorithm `sha256`",
                "did you mean `'SHA-256'`?",
            ],
        );
        check_err(
            "States.Hash($.a, 'CRC32')",
            17,
            &["use one of MD5, SHA-1, SHA-256, SHA-384, SHA-512"],
        );
        check_err(
            "States.Hash($.a, 256)",
            17,
            &["needs a string as argument 2"],
        );
    }

    #[test]
    fn array_range() {
        clean("States.ArrayRange(1, 5, 1)");
        clean("States.ArrayRange(1,5,1)");
        clean("States.ArrayRange(1, 1000, 1)");
        clean("States.ArrayRange(1000, 1, -1)");
        clean("States.ArrayRange(1, 3000, 3)");
        clean("States.ArrayRange($.a, $.b, 1)");
        clean("States.ArrayRange(5, 1, 1)");
        check_err(
            "States.ArrayRange(1, 1001, 1)",
            0,
            &["would produce 1001 elements", "1000 allowed"],
        );
        check_err("States.ArrayRange(0, -1000, -1)", 0, &["1001 elements"]);
        check_err("States.ArrayRange(1, 5, 0)", 24, &["step must not be 0"]);
        check_err(
            "States.ArrayRange(1.5, 5, 1)",
            18,
            &["needs an integer as argument 1"],
        );
        check_err(
            "States.ArrayRange(-9223372036854775808, 9223372036854775807, 1)",
            0,
            &["18446744073709551616 elements"],
        );
        assert_eq!(range_len(1, 9, 2), 5);
        assert_eq!(range_len(9, 1, -2), 5);
        assert_eq!(range_len(1, 1, 1), 1);
        assert_eq!(range_len(1, 0, 1), 0);
    }

    #[test]
    fn nesting_depth() {
        let nested =
            |depth: usize| format!("{}$.a{}", "States.Array(".repeat(depth), ")".repeat(depth));
        clean(&nested(10));
        let errors = check_intrinsic(&ok(&nested(12)));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].message.contains("nest at most 10 deep"));
        assert_eq!(errors[0].offset, 10 * "States.Array(".len());
    }

    #[test]
    fn placeholder_counting() {
        assert_eq!(count_placeholders("'{}{}'"), 2);
        assert_eq!(count_placeholders(r"'\{}{}'"), 1);
        assert_eq!(count_placeholders(r"'\\{}'"), 1);
        assert_eq!(count_placeholders("'{ }{'"), 0);
        assert_eq!(count_placeholders("'{{}}'"), 1);
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_text(text in any::<String>()) {
            if let Ok(call) = parse_intrinsic(&text) {
                let _ = check_intrinsic(&call);
            }
            let _ = looks_like_intrinsic(&text);
        }

        #[test]
        fn never_panics_on_intrinsic_like_text(
            name in prop::sample::select(IntrinsicFunction::ALL.map(|f| f.name()).to_vec()),
            body in "[$.\\[\\]'\"*?@()=<>!&|,:0-9a-z {}\\\\-]{0,40}",
        ) {
            let text = format!("{name}({body}");
            if let Ok(call) = parse_intrinsic(&text) {
                let _ = check_intrinsic(&call);
            }
            let text = format!("{name}({body})");
            if let Ok(call) = parse_intrinsic(&text) {
                let _ = check_intrinsic(&call);
                prop_assert!(looks_like_intrinsic(&text));
            }
        }

        #[test]
        fn literal_strings_round_trip(s in "[^\\\\']{0,20}") {
            let text = format!("States.Format('{s}')");
            let call = parse_intrinsic(&text);
            prop_assert!(call.is_ok(), "{:?}", call);
            if let Ok(call) = call {
                prop_assert_eq!(&call.args[0].arg, &Arg::String(s.clone()));
            }
        }
    }
}

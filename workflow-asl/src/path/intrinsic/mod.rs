//! Intrinsic functions (ASL Appendix B), e.g.
//! `States.Format('Hello {}', States.ArrayGetItem($.names, 0))`: the syntax (the functions, a
//! call and its arguments) here, the parser in `parser`, and the static checks of arity,
//! literal argument types and nesting depth in `signatures`.

use super::error::{MAX_NESTING, PathError, show};
use super::jsonpath::{Path, parse_path_span};
use std::fmt;
use workflow_text::scan::Cursor;

mod parser;
mod signatures;
#[cfg(test)]
mod tests;

use parser::is_name_char;
use signatures::{Kind, check_call};
use workflow_jsonata::step_functions::{HASH_ALGORITHMS, MAX_ARRAY_RANGE_LEN};

/// How deep intrinsic calls may nest inside one field (AWS allows 10).
pub const MAX_INTRINSIC_DEPTH: usize = 10;

/// The longest literal string `States.Base64Encode`, `States.Base64Decode` and `States.Hash`
/// accept, in characters.
pub const MAX_INTRINSIC_INPUT_CHARS: usize = 10_000;

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

    /// The function an unknown name most likely meant: the one it names with `States.`
    /// missing or in other capitals (`Format`, `states.uuid`), else the closest by
    /// [`workflow_text::suggest`], comparing the names after `States.`, which every function
    /// shares (`States.Fromat` → `States.Format`).
    ///
    /// ```
    /// use workflow_asl::path::IntrinsicFunction;
    /// assert_eq!(IntrinsicFunction::meant_by("States.Fromat"), Some(IntrinsicFunction::Format));
    /// assert_eq!(IntrinsicFunction::meant_by("Format"), Some(IntrinsicFunction::Format));
    /// assert_eq!(IntrinsicFunction::meant_by("States.Foo"), None);
    /// ```
    pub fn meant_by(name: &str) -> Option<Self> {
        let short = |name: &'static str| name.strip_prefix("States.").unwrap_or(name);
        let written = match name.get(..7) {
            Some(prefix) if prefix.eq_ignore_ascii_case("States.") => name.get(7..).unwrap_or(""),
            _ => name,
        };
        if let Some(f) = Self::ALL.into_iter().find(|f| short(f.name()) == written) {
            return Some(f);
        }
        let names: Vec<&str> = Self::ALL.iter().map(|f| short(f.name())).collect();
        let meant = workflow_text::suggest::did_you_mean(written, &names)?;
        Self::ALL.into_iter().find(|f| short(f.name()) == meant)
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

    /// What the argument at `index` must be, where the function takes one kind of value
    /// there (AWS documentation, "Intrinsic functions"; the same kinds the literal-argument
    /// checks hold literals to); `None` where any JSON value is taken. The data-flow checks
    /// hold a path argument's type to it.
    pub fn parameter(self, index: usize) -> Option<Parameter> {
        use Parameter as P;
        match (self, index) {
            (Self::Format, 0) => Some(P::String),
            (Self::StringToJson | Self::Base64Encode | Self::Base64Decode, 0) => Some(P::String),
            (Self::StringSplit, 0 | 1) | (Self::Hash, 1) => Some(P::String),
            (
                Self::ArrayPartition
                | Self::ArrayContains
                | Self::ArrayGetItem
                | Self::ArrayLength
                | Self::ArrayUnique,
                0,
            ) => Some(P::Array),
            (Self::ArrayPartition | Self::ArrayGetItem, 1) => Some(P::Integer),
            (Self::ArrayRange, 0..=2) | (Self::MathAdd, 0 | 1) | (Self::MathRandom, 0..=2) => {
                Some(P::Integer)
            }
            (Self::JsonMerge, 0 | 1) => Some(P::Object),
            (Self::JsonMerge, 2) => Some(P::Bool),
            _ => None,
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

/// What an intrinsic function's argument must be ([`IntrinsicFunction::parameter`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Parameter {
    /// A string.
    String,
    /// A number (functions that take whole numbers round or refuse fractions).
    Integer,
    /// `true` or `false`.
    Bool,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl Parameter {
    /// `a string`, `a number`, … for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Parameter::String => "a string",
            Parameter::Integer => "a number",
            Parameter::Bool => "a boolean",
            Parameter::Array => "an array",
            Parameter::Object => "an object",
        }
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
    let mut cursor = Cursor::new(text);
    cursor.skip_whitespace();
    let name = cursor.take_while(is_name_char);
    let is_identifier =
        |part: &str| part.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
    !name.is_empty()
        && name.split('.').all(is_identifier)
        && cursor.peek_past_whitespace() == Some('(')
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
    parser::parse_call(text)
}

/// `text` as an intrinsic function's single-quoted string literal, the inverse of what
/// [`parse_intrinsic`] reads: `'`, `\`, `{` and `}` escaped with `\`, except, with
/// `placeholders` (a `States.Format` template), each `{}`, which stays a placeholder.
///
/// ```
/// use workflow_asl::path::{Arg, parse_intrinsic, quote_intrinsic_string};
///
/// assert_eq!(quote_intrinsic_string("it's {x}", false), r"'it\'s \{x\}'");
/// assert_eq!(quote_intrinsic_string("Hi {} {x}", true), r"'Hi {} \{x\}'");
/// let call = format!("States.StringToJson({})", quote_intrinsic_string(r"a\b", false));
/// assert_eq!(parse_intrinsic(&call).unwrap().args[0].arg, Arg::String(r"a\b".into()));
/// ```
#[must_use]
pub fn quote_intrinsic_string(text: &str, placeholders: bool) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if placeholders && chars.peek() == Some(&'}') => {
                chars.next();
                out.push_str("{}");
            }
            '\'' | '\\' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out.push('\'');
    out
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

//! Small value types shared by many fields: query languages, nullable paths,
//! "literal or JSONata or substitution" values, "value or path" pairs, payload templates.

use serde_json::{Map, Value};

/// The query language of a machine or a state (`QueryLanguage`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum QueryLanguage {
    /// `"JSONPath"`, the default.
    #[default]
    JsonPath,
    /// `"JSONata"`.
    Jsonata,
}

impl QueryLanguage {
    /// The ASL spelling: `JSONPath` or `JSONata`.
    pub fn as_str(self) -> &'static str {
        match self {
            QueryLanguage::JsonPath => "JSONPath",
            QueryLanguage::Jsonata => "JSONata",
        }
    }

    /// Parses the ASL spelling.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "JSONPath" => Some(QueryLanguage::JsonPath),
            "JSONata" => Some(QueryLanguage::Jsonata),
            _ => None,
        }
    }
}

/// A path field that may also be JSON `null` (`InputPath`, `OutputPath`, `ResultPath`).
///
/// `null` has its own meaning: for InputPath the state sees `{}`, for ResultPath the result
/// is discarded, for OutputPath the state outputs `{}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PathOrNull {
    /// JSON `null`.
    Null,
    /// A path string such as `$.order`.
    Path(String),
}

/// A value that is usually a literal but may be written as a JSONata expression
/// (`"{% ... %}"`, JSONata states only) or as a whole-string `${Name}` deployment
/// substitution that CloudFormation or SAM replaces before deployment.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Expr<T> {
    /// The literal value.
    Literal(T),
    /// A JSONata expression string, braces and percent signs included.
    Jsonata(String),
    /// A `${Name}` substitution string, kept verbatim.
    Substitution(String),
}

impl<T> Expr<T> {
    /// The literal, if this is one.
    pub fn literal(&self) -> Option<&T> {
        match self {
            Expr::Literal(v) => Some(v),
            _ => None,
        }
    }
}

impl<T> From<T> for Expr<T> {
    fn from(value: T) -> Self {
        Expr::Literal(value)
    }
}

/// One of the many `X` / `XPath` pairs of ASL (`TimeoutSeconds` / `TimeoutSecondsPath`,
/// `Error` / `ErrorPath`, `MaxConcurrency` / `MaxConcurrencyPath`, ...): exactly one is given.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ValueOrPath<T> {
    /// The `X` field.
    Value(T),
    /// The `XPath` field: a Reference Path (or, for `ErrorPath`/`CausePath`, an intrinsic).
    Path(String),
}

impl<T> ValueOrPath<T> {
    /// The value, if the `X` form was used.
    pub fn value(&self) -> Option<&T> {
        match self {
            ValueOrPath::Value(v) => Some(v),
            ValueOrPath::Path(_) => None,
        }
    }

    /// The path, if the `XPath` form was used.
    pub fn path(&self) -> Option<&str> {
        match self {
            ValueOrPath::Value(_) => None,
            ValueOrPath::Path(p) => Some(p),
        }
    }
}

/// A non-negative integer field that may also be JSONata or a substitution.
pub type IntExpr = Expr<u64>;

/// A number field (kept as written: `2` stays `2`, `2.0` stays `2.0`).
pub type Number = serde_json::Number;

/// A JSON object whose keys ending in `.$` are evaluated (`Parameters`, `ResultSelector`,
/// `ItemSelector`, `Credentials`, ...). Values stay JSON: the shape is the user's.
pub type PayloadTemplate = Map<String, Value>;

/// The `Assign` object: variable name → value (JSONPath: a payload template; JSONata: values
/// that may contain `{% %}` expressions).
pub type Assign = Map<String, Value>;

/// A JSONata-mode value (`Arguments`, `Output`, `Items`, `BatchInput`): any JSON, with
/// `{% %}` strings evaluated wherever they appear.
pub type JsonataValue = Value;

//! Small value types shared by many fields: query languages, nullable paths,
//! "literal or JSONata or substitution" values, "value or path" pairs, payload templates.

use crate::Pointer;
use crate::path::PathString;
use serde_json::{Map, Value};
use workflow_jsonata::jsonata_string::JsonataString;

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
    /// A path string such as `$.order`, parsed when decoded.
    Path(PathString),
}

/// A value that is usually a literal but may be written as a JSONata expression
/// (`"{% ... %}"`, JSONata states only) or as a whole-string `${Name}` deployment
/// substitution that CloudFormation or SAM replaces before deployment.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Expr<T> {
    /// The literal value.
    Literal(T),
    /// A JSONata expression string (`{% … %}`), parsed when decoded.
    Jsonata(JsonataString),
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

impl Expr<String> {
    /// A string field as written: a `{% %}` expression (parsed now), a whole-string `${Name}`
    /// substitution, or a literal.
    pub fn from_text(text: String) -> Self {
        if let Some(expression) = JsonataString::parse(&text) {
            Expr::Jsonata(expression)
        } else if crate::path::is_whole_substitution(&text).is_some() {
            Expr::Substitution(text)
        } else {
            Expr::Literal(text)
        }
    }

    /// The string as written.
    pub fn text(&self) -> &str {
        match self {
            Expr::Literal(s) | Expr::Substitution(s) => s,
            Expr::Jsonata(e) => e.text(),
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
    /// The `XPath` field: a Reference Path (or, for `ErrorPath`/`CausePath`, an intrinsic),
    /// parsed when decoded.
    Path(PathString),
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
    pub fn path(&self) -> Option<&PathString> {
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
/// that may contain `{% %}` expressions, parsed when decoded).
pub type Assign = JsonataValue<Map<String, Value>>;

/// A JSONata-mode value (`Arguments`, `Output`, `Items`, `BatchInput`, `Assign`, ...): any JSON,
/// with `{% %}` strings evaluated wherever they appear. Those strings are parsed once, when the
/// value is made ([`JsonataValue::new`]); consumers read them from [`expressions`](Self::expressions)
/// and never parse the text again. The JSON itself is read through `Deref`.
///
/// ```
/// use workflow_asl::JsonataValue;
/// let v = JsonataValue::new(serde_json::json!({"total": "{% $sum($states.input.prices) %}", "n": 1}));
/// let (at, expression) = &v.expressions()[0];
/// assert_eq!(at.as_str(), "/total");
/// assert_eq!(expression.body(), Some("$sum($states.input.prices)"));
/// assert_eq!(v["n"], 1);
/// ```
#[derive(Clone, Debug, Default)]
pub struct JsonataValue<T = Value> {
    json: T,
    /// Every string of `json` that starts with `{%`, in document order (objects' members in
    /// order, arrays' elements in order), with its pointer relative to the value.
    expressions: Vec<(Pointer, JsonataString)>,
    /// Indices into `expressions`, ordered by text: [`JsonataValue::expression`] in log time.
    by_text: Vec<usize>,
}

impl<T: sealed::JsonRoots> JsonataValue<T> {
    /// Parses every `{% %}` string of `json` (a value, or an object's members).
    pub fn new(json: T) -> Self {
        let expressions = expressions_in(json.roots());
        JsonataValue::with(json, expressions)
    }
}

mod sealed {
    use super::{Map, Pointer, Value};

    /// The JSON a [`JsonataValue`](super::JsonataValue) holds: a value or an object.
    pub trait JsonRoots {
        /// Where a walk starts, the last root first.
        fn roots(&self) -> Vec<(Pointer, &Value)>;
    }

    impl JsonRoots for Value {
        fn roots(&self) -> Vec<(Pointer, &Value)> {
            vec![(Pointer::root(), self)]
        }
    }

    impl JsonRoots for Map<String, Value> {
        fn roots(&self) -> Vec<(Pointer, &Value)> {
            self.iter()
                .rev()
                .map(|(k, v)| (Pointer::root().key(k), v))
                .collect()
        }
    }
}

impl<T> JsonataValue<T> {
    fn with(json: T, expressions: Vec<(Pointer, JsonataString)>) -> Self {
        let mut by_text: Vec<usize> = (0..expressions.len()).collect();
        by_text.sort_by(|&a, &b| expressions[a].1.text().cmp(expressions[b].1.text()));
        JsonataValue {
            json,
            expressions,
            by_text,
        }
    }

    /// The parsed form of `text`, a string of this value that starts with `{%`: what a walk over
    /// the JSON asks when it meets one. `None` for any other string.
    pub fn expression(&self, text: &str) -> Option<&JsonataString> {
        let found = self
            .by_text
            .binary_search_by(|&i| self.expressions[i].1.text().cmp(text))
            .ok()?;
        self.expressions
            .get(*self.by_text.get(found)?)
            .map(|(_, e)| e)
    }

    /// The JSON as written.
    pub fn json(&self) -> &T {
        &self.json
    }

    /// The JSON as written, taken out.
    pub fn into_json(self) -> T {
        self.json
    }

    /// Every `{% %}` string in the value, in document order, with its pointer relative to the
    /// value.
    pub fn expressions(&self) -> &[(Pointer, JsonataString)] {
        &self.expressions
    }
}

impl<T> std::ops::Deref for JsonataValue<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.json
    }
}

impl<T: PartialEq> PartialEq for JsonataValue<T> {
    fn eq(&self, other: &Self) -> bool {
        self.json == other.json
    }
}

impl<T: sealed::JsonRoots> From<T> for JsonataValue<T> {
    fn from(json: T) -> Self {
        JsonataValue::new(json)
    }
}

/// The `{%` strings under `roots` (the last root first), in document order; an iterative walk,
/// so no depth of user data can exhaust the stack. A member's or an element's pointer is built
/// when it is visited: the stack holds one pending container per level, so a wide array deep in
/// a value costs memory in proportion to its depth, not to its width times its depth.
fn expressions_in(mut roots: Vec<(Pointer, &Value)>) -> Vec<(Pointer, JsonataString)> {
    enum Pending<'v> {
        Value(Pointer, &'v Value),
        Members(Pointer, serde_json::map::Iter<'v>),
        Elements(Pointer, usize, std::slice::Iter<'v, Value>),
    }
    let mut out = Vec::new();
    let mut stack: Vec<Pending<'_>> = Vec::new();
    while let Some((at, root)) = roots.pop() {
        stack.push(Pending::Value(at, root));
        while let Some(pending) = stack.pop() {
            match pending {
                Pending::Value(at, Value::String(s)) => {
                    out.extend(JsonataString::parse(s).map(|e| (at, e)));
                }
                Pending::Value(at, Value::Array(items)) => {
                    stack.push(Pending::Elements(at, 0, items.iter()));
                }
                Pending::Value(at, Value::Object(map)) => {
                    stack.push(Pending::Members(at, map.iter()))
                }
                Pending::Value(_, Value::Null | Value::Bool(_) | Value::Number(_)) => {}
                Pending::Members(at, mut members) => {
                    if let Some((key, value)) = members.next() {
                        let child = at.key(key);
                        stack.push(Pending::Members(at, members));
                        stack.push(Pending::Value(child, value));
                    }
                }
                Pending::Elements(at, index, mut items) => {
                    if let Some(item) = items.next() {
                        let child = at.index(index);
                        stack.push(Pending::Elements(at, index + 1, items));
                        stack.push(Pending::Value(child, item));
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use workflow_jsonata::jsonata_string::JsonataStringError;

    #[test]
    fn every_jsonata_string_is_parsed_once_in_document_order() {
        let v = JsonataValue::new(json!({
            "a": "{% $x %}",
            "b": [1, "{% $y + 1 %}", {"c": "{% 1"}],
            "d": " {% literal %}",
            "e": "text",
            "f": "{% $x %}"
        }));
        let found: Vec<(&str, &str)> = v
            .expressions()
            .iter()
            .map(|(at, e)| (at.as_str(), e.text()))
            .collect();
        assert_eq!(
            found,
            [
                ("/a", "{% $x %}"),
                ("/b/1", "{% $y + 1 %}"),
                ("/b/2/c", "{% 1"),
                ("/f", "{% $x %}"),
            ]
        );
        // Looked up by text, as a walk over the JSON meets them.
        let y = v.expression("{% $y + 1 %}").unwrap();
        assert_eq!(y.expression().unwrap().source(), "$y + 1");
        assert!(matches!(
            v.expression("{% 1").unwrap().expression(),
            Err(JsonataStringError::Unclosed)
        ));
        assert!(v.expression("text").is_none());
        assert!(v.expression(" {% literal %}").is_none());
        assert_eq!(v["e"], "text");
    }

    #[test]
    fn an_object_value_points_at_its_members() {
        let mut map = Map::new();
        map.insert("total".into(), json!("{% $sum($states.input.n) %}"));
        map.insert("a/b".into(), json!(["{% $states.input( %}"]));
        let assign = Assign::new(map);
        let found: Vec<&str> = assign
            .expressions()
            .iter()
            .map(|(at, _)| at.as_str())
            .collect();
        assert_eq!(found, ["/total", "/a~1b/0"]);
        assert!(matches!(
            assign.expressions()[1].1.expression(),
            Err(JsonataStringError::Syntax(_))
        ));
    }

    #[test]
    fn a_string_field_is_an_expression_a_substitution_or_a_literal() {
        assert!(matches!(
            Expr::from_text("{% $x %}".into()),
            Expr::Jsonata(_)
        ));
        assert!(matches!(
            Expr::from_text("${Time}".into()),
            Expr::Substitution(_)
        ));
        let literal = Expr::from_text("2026-01-01T00:00:00Z".into());
        assert_eq!(literal, Expr::Literal("2026-01-01T00:00:00Z".to_owned()));
        assert_eq!(Expr::from_text("{% $x %}".into()).text(), "{% $x %}");
    }
}

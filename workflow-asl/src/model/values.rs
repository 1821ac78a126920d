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

/// A JSON object whose values are evaluated, parsed when decoded: a JSONPath payload template
/// (`Parameters`, `ResultSelector`, `Credentials`, a reader's or writer's `Parameters`, ...),
/// whose keys ending in `.$` hold paths and intrinsic functions, or an `Assign` object
/// (variable name → value: a payload template in JSONPath states, values that may contain
/// `{% %}` expressions in JSONata states). The shape is the user's.
pub type PayloadTemplate = ParsedJson<Map<String, Value>>;

/// A JSONata-mode value (`Arguments`, `Output`, `Items`, `BatchInput`), or an `ItemSelector`:
/// any JSON, parsed when decoded.
pub type JsonataValue = ParsedJson<Value>;

/// JSON of a definition with the strings embedded in it parsed once, when the value is made
/// ([`ParsedJson::new`]): every `{% %}` string ([`expressions`](Self::expressions), JSONata) and
/// every value of a member whose name ends in `.$` ([`paths`](Self::paths), a JSONPath path or
/// an intrinsic function). Which of them a state evaluates is its query language's business;
/// consumers read the parsed forms from here and never parse the text again. The JSON itself
/// is read through `Deref`.
///
/// ```
/// use workflow_asl::JsonataValue;
/// let v = JsonataValue::new(serde_json::json!({"total": "{% $sum($states.input.prices) %}", "n": 1}));
/// let (at, expression) = &v.expressions()[0];
/// assert_eq!(at.as_str(), "/total");
/// assert_eq!(expression.body(), Some("$sum($states.input.prices)"));
/// assert_eq!(v["n"], 1);
///
/// let template = JsonataValue::new(serde_json::json!({"id.$": "$.order.id"}));
/// assert!(template.path("$.order.id").unwrap().path().is_ok());
/// ```
#[derive(Clone, Debug, Default)]
pub struct ParsedJson<T = Value> {
    json: T,
    /// Every string of `json` that starts with `{%`, in document order (objects' members in
    /// order, arrays' elements in order), with its pointer relative to the value.
    expressions: Vec<(Pointer, JsonataString)>,
    /// Indices into `expressions`, ordered by text: [`ParsedJson::expression`] in log time.
    expressions_by_text: Vec<usize>,
    /// Every string value of a `….$` member, in document order, with its member's pointer.
    paths: Vec<(Pointer, PathString)>,
    /// Indices into `paths`, ordered by text: [`ParsedJson::path`] in log time.
    paths_by_text: Vec<usize>,
}

impl<T: JsonRoots> ParsedJson<T> {
    /// Parses every `{% %}` string and every `.$` member's value of `json` (a value, or an
    /// object's members).
    pub fn new(json: T) -> Self {
        let (expressions, paths) = embedded_in(json.roots());
        let expressions_by_text = by_text(&expressions, |e| e.text());
        let paths_by_text = by_text(&paths, |p| p.text());
        ParsedJson {
            json,
            expressions,
            expressions_by_text,
            paths,
            paths_by_text,
        }
    }

    /// The JSON as an object (a payload template), when it is one.
    pub fn object(&self) -> Option<&Map<String, Value>> {
        self.json.object()
    }
}

pub use roots::JsonRoots;

mod roots {
    use super::{Map, Pointer, Value};

    /// The JSON a [`ParsedJson`](super::ParsedJson) holds: a value (`serde_json::Value`) or an
    /// object (`serde_json::Map`).
    pub trait JsonRoots {
        /// Where a walk starts (with the member name of a root that is an object's member),
        /// the last root first.
        fn roots(&self) -> Vec<(Pointer, Option<&str>, &Value)>;

        /// The JSON as an object, when it is one.
        fn object(&self) -> Option<&Map<String, Value>>;
    }

    impl JsonRoots for Value {
        fn roots(&self) -> Vec<(Pointer, Option<&str>, &Value)> {
            vec![(Pointer::root(), None, self)]
        }

        fn object(&self) -> Option<&Map<String, Value>> {
            self.as_object()
        }
    }

    impl JsonRoots for Map<String, Value> {
        fn roots(&self) -> Vec<(Pointer, Option<&str>, &Value)> {
            self.iter()
                .rev()
                .map(|(k, v)| (Pointer::root().key(k), Some(k.as_str()), v))
                .collect()
        }

        fn object(&self) -> Option<&Map<String, Value>> {
            Some(self)
        }
    }
}

/// The indices of `items`, ordered by `text`.
fn by_text<E>(items: &[(Pointer, E)], text: impl Fn(&E) -> &str) -> Vec<usize> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| match (items.get(a), items.get(b)) {
        (Some((_, a)), Some((_, b))) => text(a).cmp(text(b)),
        _ => std::cmp::Ordering::Equal,
    });
    order
}

/// The item of `items` whose text is `wanted`, through `order` (indices ordered by text).
fn find<'i, E>(
    items: &'i [(Pointer, E)],
    order: &[usize],
    wanted: &str,
    text: impl Fn(&E) -> &str,
) -> Option<&'i E> {
    let found = order
        .binary_search_by(|&i| {
            items
                .get(i)
                .map_or(std::cmp::Ordering::Less, |(_, e)| text(e).cmp(wanted))
        })
        .ok()?;
    items.get(*order.get(found)?).map(|(_, e)| e)
}

impl<T> ParsedJson<T> {
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

    /// The parsed form of `text`, a string of this value that starts with `{%`: what a walk over
    /// the JSON asks when it meets one. `None` for any other string.
    pub fn expression(&self, text: &str) -> Option<&JsonataString> {
        find(&self.expressions, &self.expressions_by_text, text, |e| {
            e.text()
        })
    }

    /// Every value of a `….$` member in the value, in document order, with its member's pointer
    /// relative to the value.
    pub fn paths(&self) -> &[(Pointer, PathString)] {
        &self.paths
    }

    /// The parsed form of `text`, the value of a `….$` member of this value: what a walk over
    /// the JSON asks when it meets one. `None` for any other string.
    pub fn path(&self, text: &str) -> Option<&PathString> {
        find(&self.paths, &self.paths_by_text, text, |p| p.text())
    }
}

impl<T> std::ops::Deref for ParsedJson<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.json
    }
}

impl<T: PartialEq> PartialEq for ParsedJson<T> {
    fn eq(&self, other: &Self) -> bool {
        self.json == other.json
    }
}

impl<T: JsonRoots> From<T> for ParsedJson<T> {
    fn from(json: T) -> Self {
        ParsedJson::new(json)
    }
}

/// The `{%` strings and the `.$` members' string values under `roots` (the last root first),
/// in document order; an iterative walk, so no depth of user data can exhaust the stack. A
/// member's or an element's pointer is built when it is visited: the stack holds one pending
/// container per level, so a wide array deep in a value costs memory in proportion to its
/// depth, not to its width times its depth.
#[allow(clippy::type_complexity)]
fn embedded_in(
    mut roots: Vec<(Pointer, Option<&str>, &Value)>,
) -> (Vec<(Pointer, JsonataString)>, Vec<(Pointer, PathString)>) {
    enum Pending<'v> {
        /// A value, and the name of the member it is the value of.
        Value(Pointer, Option<&'v str>, &'v Value),
        Members(Pointer, serde_json::map::Iter<'v>),
        Elements(Pointer, usize, std::slice::Iter<'v, Value>),
    }
    let (mut expressions, mut paths) = (Vec::new(), Vec::new());
    let mut stack: Vec<Pending<'_>> = Vec::new();
    while let Some((at, key, root)) = roots.pop() {
        stack.push(Pending::Value(at, key, root));
        while let Some(pending) = stack.pop() {
            match pending {
                Pending::Value(at, key, Value::String(s)) => {
                    if key.is_some_and(|k| k.ends_with(".$")) {
                        paths.push((at.clone(), PathString::new(s.as_str())));
                    }
                    expressions.extend(JsonataString::parse(s).map(|e| (at, e)));
                }
                Pending::Value(at, _, Value::Array(items)) => {
                    stack.push(Pending::Elements(at, 0, items.iter()));
                }
                Pending::Value(at, _, Value::Object(map)) => {
                    stack.push(Pending::Members(at, map.iter()));
                }
                Pending::Value(_, _, Value::Null | Value::Bool(_) | Value::Number(_)) => {}
                Pending::Members(at, mut members) => {
                    if let Some((key, value)) = members.next() {
                        let child = at.key(key);
                        stack.push(Pending::Members(at, members));
                        stack.push(Pending::Value(child, Some(key), value));
                    }
                }
                Pending::Elements(at, index, mut items) => {
                    if let Some(item) = items.next() {
                        let child = at.index(index);
                        stack.push(Pending::Elements(at, index + 1, items));
                        stack.push(Pending::Value(child, None, item));
                    }
                }
            }
        }
    }
    (expressions, paths)
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
        let assign = PayloadTemplate::new(map);
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
    fn every_dollar_member_value_is_parsed_once_wherever_it_is() {
        let template = PayloadTemplate::new(
            json!({
                "id.$": "$.order.id",
                "items": [{"sku.$": "$$.Map.Item.Value.sku"}],
                "label.$": "States.Format('{}', $.name)",
                "literal": "$.not.evaluated",
                "broken.$": "$.a["
            })
            .as_object()
            .cloned()
            .unwrap_or_default(),
        );
        let found: Vec<&str> = template.paths().iter().map(|(at, _)| at.as_str()).collect();
        assert_eq!(found, ["/id.$", "/items/0/sku.$", "/label.$", "/broken.$"]);
        assert!(template.path("$.order.id").unwrap().path().is_ok());
        assert!(
            template
                .path("States.Format('{}', $.name)")
                .unwrap()
                .intrinsic()
                .is_some()
        );
        assert!(template.path("$.a[").unwrap().path().is_err());
        // A member without `.$` is text.
        assert!(template.path("$.not.evaluated").is_none());
        assert_eq!(template.object().map(Map::len), Some(5));
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

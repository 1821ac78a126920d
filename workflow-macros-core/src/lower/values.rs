//! Values → JSON. Literals stay literals (numbers keep integer or float form), objects and
//! arrays are lowered member by member. A dynamic value (a path, `input.…`, a variable, an
//! intrinsic call) becomes, in a JSONPath state, a string under a key with the `.$` suffix
//! (`{ id: $.order.id }` → `"id.$": "$.order.id"`), and, in a JSONata state, a `{% … %}`
//! string (`$.a.b` → `"{% $states.input.a.b %}"`). Every member's pointer gets the span of its
//! value, and the span of its key as the key's (a diagnostic about the key, or about a member
//! missing from an object, lands on the key).

use super::{Cx, input_refs, intrinsics, paths};
use crate::ast::{Key, Value};
use proc_macro2::Span;
use serde_json::{Map, Number, Value as Json};
use workflow_asl::{Pointer, QueryLanguage};
use workflow_jsonata::jsonata_string::JsonataString;

/// How values are lowered where they are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mode {
    /// A JSONPath payload template: dynamic values get `.$` keys.
    JsonPath,
    /// A JSONata value: dynamic values become `{% … %}` strings.
    Jsonata,
    /// A static value (a Pass state's `Result`): nothing is evaluated.
    Static,
}

impl Mode {
    /// The template mode of a query language.
    pub(super) fn of(ql: QueryLanguage) -> Self {
        match ql {
            QueryLanguage::JsonPath => Mode::JsonPath,
            QueryLanguage::Jsonata => Mode::Jsonata,
        }
    }
}

/// A lowered value: JSON, or (JSONPath only) the text of a value its key must mark with `.$`.
pub(super) enum Piece {
    /// Plain JSON.
    Json(Json),
    /// A path, reference or intrinsic call evaluated at run time (JSONPath).
    Dynamic(String),
}

/// Where a value is written (the parser's definition).
pub(super) use crate::parse::value_span as span_of;

/// Whether the value is evaluated at run time: a path, `input.…`, a variable or an intrinsic.
pub(super) fn is_dynamic(value: &Value) -> bool {
    matches!(
        value,
        Value::Path(_) | Value::Input(_) | Value::Intrinsic { .. } | Value::IntrinsicText { .. }
    )
}

/// The text of a dynamic value: JSONPath text in JSONPath states, a JSONata expression (without
/// `{% %}`) in JSONata states. `None` when it is not dynamic or does not lower (errors recorded).
pub(super) fn dynamic_text(cx: &mut Cx<'_>, value: &Value, ql: QueryLanguage) -> Option<String> {
    match value {
        Value::Path(path) => paths::render(cx, path, ql),
        Value::Input(r) => input_refs::resolve(cx, r).map(|r| r.text(ql).to_owned()),
        Value::Intrinsic { name, args, span } => match ql {
            QueryLanguage::JsonPath => intrinsics::render(cx, name, args),
            QueryLanguage::Jsonata => {
                cx.error(*span, "intrinsic functions are JSONPath only; in a JSONata state write the expression in a `\"{% … %}\"` string");
                None
            }
        },
        Value::IntrinsicText { text, span } => match ql {
            QueryLanguage::JsonPath => Some(text.clone()),
            QueryLanguage::Jsonata => {
                cx.error(*span, "intrinsic functions are JSONPath only; in a JSONata state write the expression in a `\"{% … %}\"` string");
                None
            }
        },
        _ => None,
    }
}

/// `{% expr %}`.
pub(super) fn jsonata(expr: &str) -> String {
    format!("{{% {expr} %}}")
}

/// The parsed JSONata string `{% expr %}`.
pub(super) fn jsonata_string(expr: &str) -> JsonataString {
    JsonataString::from_body(expr)
}

/// A JSON number from its literal text (underscores allowed).
pub(super) fn number(cx: &mut Cx<'_>, text: &str, span: Span) -> Option<Number> {
    let cleaned: String = text
        .chars()
        .filter(|c| *c != '_' && !c.is_whitespace())
        .collect();
    match cleaned.parse::<Number>() {
        Ok(n) => Some(n),
        Err(_) => {
            cx.error(span, format!("`{text}` is not a JSON number; write digits with an optional fraction and exponent, e.g. `3`, `2.5` or `1e3`"));
            None
        }
    }
}

/// Lowers a value; the members of objects and arrays are recorded under `at`.
pub(super) fn piece(cx: &mut Cx<'_>, value: &Value, mode: Mode, at: &Pointer) -> Option<Piece> {
    if is_dynamic(value) {
        return match mode {
            Mode::Static => {
                cx.error(
                    span_of(value),
                    "this value is static (a pass state's `result` is never evaluated); move the dynamic value into the state's body, e.g. `pass { value: $.x }`",
                );
                None
            }
            Mode::JsonPath => dynamic_text(cx, value, QueryLanguage::JsonPath).map(Piece::Dynamic),
            Mode::Jsonata => dynamic_text(cx, value, QueryLanguage::Jsonata)
                .map(|e| Piece::Json(Json::String(jsonata(&e)))),
        };
    }
    let json = match value {
        Value::Str(lit) => Json::String(cx.string(lit)),
        Value::Number { text, span } => Json::Number(number(cx, text, *span)?),
        Value::Bool(b, _) => Json::Bool(*b),
        Value::Null(_) => Json::Null,
        Value::Object { entries, .. } => Json::Object(object(cx, entries, mode, at)),
        Value::Array { items, .. } => Json::Array(array(cx, items, mode, at)),
        Value::Ident(ident) => {
            cx.error(
                ident.span(),
                format!("`{ident}` is not a value; write a string (`\"{ident}\"`), a number, `true`, `false`, `null`, an object, an array, a path or `input.…`"),
            );
            return None;
        }
        Value::Workflow { path, span } => super::started::lower(cx, path, *span, at)?,
        Value::Path(_)
        | Value::Input(_)
        | Value::Intrinsic { .. }
        | Value::IntrinsicText { .. } => return None,
    };
    Some(Piece::Json(json))
}

/// Lowers a value that must be JSON as a whole (no key to carry `.$`); `what` names the field.
pub(super) fn json(
    cx: &mut Cx<'_>,
    value: &Value,
    mode: Mode,
    at: &Pointer,
    what: &str,
) -> Option<Json> {
    match piece(cx, value, mode, at)? {
        Piece::Json(json) => Some(json),
        Piece::Dynamic(text) => {
            cx.error(
                span_of(value),
                format!("`{what}` cannot be a bare JSONPath value here: `{text}` needs an object key to carry `.$`; wrap it in an object key, e.g. `{{ value: {text} }}`"),
            );
            None
        }
    }
}

/// Lowers a value that must be an object (a payload template); `what` names the field.
pub(super) fn template(
    cx: &mut Cx<'_>,
    value: &Value,
    mode: Mode,
    at: &Pointer,
    what: &str,
) -> Option<Map<String, Json>> {
    match value {
        Value::Object { entries, .. } => Some(object(cx, entries, mode, at)),
        other => {
            cx.error(
                span_of(other),
                format!("`{what}` takes an object `{{ key: value, … }}`"),
            );
            None
        }
    }
}

/// Lowers an `assign { … }` block: a template whose keys are variable names, so diagnostics
/// about a variable (its name, its scope) land on the name rather than on its value.
pub(super) fn assign(
    cx: &mut Cx<'_>,
    value: &Value,
    mode: Mode,
    at: &Pointer,
) -> Option<Map<String, Json>> {
    let lowered = template(cx, value, mode, at, "assign")?;
    if let Value::Object { entries, .. } = value {
        for (key, _) in entries {
            let name = key.value.trim_end_matches(".$");
            cx.record(&at.key(name), key.span);
            cx.record(&at.key(&format!("{name}.$")), key.span);
        }
    }
    Some(lowered)
}

fn object(
    cx: &mut Cx<'_>,
    entries: &[(Key, Value)],
    mode: Mode,
    at: &Pointer,
) -> Map<String, Json> {
    let mut map = Map::new();
    for (key, value) in entries {
        super::substitutions::check(cx, &key.value, key.span);
        let (name, json, span) = match value {
            Value::Object { .. } | Value::Array { .. } => {
                let child = at.key(&key.value);
                cx.record(&child, span_of(value));
                cx.record_key(&child, key.span);
                match piece(cx, value, mode, &child) {
                    Some(Piece::Json(json)) => (key.value.clone(), json, span_of(value)),
                    _ => continue,
                }
            }
            _ => match piece(cx, value, mode, &at.key(&key.value)) {
                Some(Piece::Json(json)) => (key.value.clone(), json, span_of(value)),
                Some(Piece::Dynamic(text)) => {
                    let name = if key.value.ends_with(".$") {
                        key.value.clone()
                    } else {
                        format!("{}.$", key.value)
                    };
                    (name, Json::String(text), span_of(value))
                }
                None => continue,
            },
        };
        if map.contains_key(&name) {
            cx.error(
                key.span,
                format!(
                    "key `{}` is given twice in this object; remove one",
                    key.value
                ),
            );
            continue;
        }
        cx.record(&at.key(&name), span);
        cx.record_key(&at.key(&name), key.span);
        map.insert(name, json);
    }
    map
}

fn array(cx: &mut Cx<'_>, items: &[Value], mode: Mode, at: &Pointer) -> Vec<Json> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let index = out.len();
        let child = at.index(index);
        match piece(cx, item, mode, &child) {
            Some(Piece::Json(json)) => {
                cx.record(&child, span_of(item));
                out.push(json);
            }
            Some(Piece::Dynamic(text)) => cx.error(
                span_of(item),
                format!("`{text}` in an array has no key to carry `.$`; wrap it in an object key, e.g. `{{ value: {text} }}`, or build the array with `States.Array({text}, …)`"),
            ),
            None => {}
        }
    }
    out
}

//! JSON values as the language writes them: objects with bare keys where they can be, and —
//! in a JSONPath payload template — each `"key.$": "…"` member as `key: <path or intrinsic>`.

use super::dynamic::dynamic;
use super::layout::Doc;
use super::names::{name, string_literal};
use serde_json::{Map, Value};

/// How a value is read by the language where it is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mode {
    /// A JSONPath payload template: `.$` members are computed values.
    Template,
    /// A value taken as it is (JSONata fields, a Pass state's `Result`).
    Literal,
}

impl Mode {
    /// The mode of a state's payloads in its query language.
    pub(super) fn of(ql: workflow_asl::QueryLanguage) -> Self {
        match ql {
            workflow_asl::QueryLanguage::JsonPath => Mode::Template,
            workflow_asl::QueryLanguage::Jsonata => Mode::Literal,
        }
    }
}

/// A JSON value.
pub(super) fn value(v: &Value, mode: Mode) -> Doc {
    match v {
        Value::Null => Doc::text("null"),
        Value::Bool(b) => Doc::text(b.to_string()),
        Value::Number(n) => Doc::text(n.to_string()),
        Value::String(s) => Doc::text(string_literal(s)),
        Value::Array(items) => Doc::Group {
            open: "[".into(),
            members: items.iter().map(|i| value(i, mode)).collect(),
            close: "]".into(),
        },
        Value::Object(map) => object(map, mode),
    }
}

/// An object.
pub(super) fn object(map: &Map<String, Value>, mode: Mode) -> Doc {
    let members = map
        .iter()
        .map(|(k, v)| {
            let computed = match (mode, v) {
                (Mode::Template, Value::String(s)) => k
                    .strip_suffix(".$")
                    .filter(|base| !base.is_empty())
                    .map(|base| (base, s)),
                _ => None,
            };
            match computed {
                Some((base, text)) => Doc::Concat(vec![
                    Doc::text(format!("{}: ", name(base))),
                    Doc::text(dynamic(text)),
                ]),
                None => Doc::Concat(vec![Doc::text(format!("{}: ", name(k))), value(v, mode)]),
            }
        })
        .collect();
    Doc::Group {
        open: "{".into(),
        members,
        close: "}".into(),
    }
}

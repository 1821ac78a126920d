//! The decoding toolkit: take the members of one JSON object by name, with typed
//! accessors that report wrong types at the member's pointer, and report the members
//! nobody took as unknown fields (with a did-you-mean).

use crate::model::{Expr, JsonataValue, PathOrNull, PayloadTemplate, ValueOrPath};
use crate::{Code, Diagnostic, Pointer};
use serde_json::{Map, Number, Value};
use workflow_jsonata::jsonata_string::JsonataString;

/// Collects the diagnostics of one decoding run.
#[derive(Default)]
pub(crate) struct Cx {
    pub diagnostics: Vec<Diagnostic>,
    /// How deep the scope being decoded is nested in Parallel and Map states (the machine's
    /// own states are at 0).
    pub scope_depth: usize,
}

impl Cx {
    /// Records a schema error at `pointer`.
    pub(super) fn error(
        &mut self,
        pointer: &Pointer,
        message: impl Into<crate::diagnostic::Message>,
    ) {
        self.diagnostics.push(Diagnostic::error(
            Code::SchemaValidationFailed,
            pointer.clone(),
            message,
        ));
    }

    /// Records that the value at `pointer` has the wrong JSON type.
    pub(super) fn expected(
        &mut self,
        pointer: &Pointer,
        field: &str,
        expected: &str,
        found: &Value,
    ) {
        self.error(
            pointer,
            format!(
                "`{field}` must be {expected}, found {}",
                describe_json(found)
            ),
        );
    }
}

/// A short description of a JSON value for messages: `a string`, `the number 3`, ...
pub(crate) fn describe_json(value: &Value) -> String {
    match value {
        Value::Null => "`null`".into(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number `{n}`"),
        Value::String(s) if s.chars().count() <= 40 => format!("the string `{s:?}`"),
        Value::String(_) => "a string".into(),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// The members of one JSON object, taken one by one.
pub(crate) struct Fields<'a> {
    map: &'a Map<String, Value>,
    pointer: Pointer,
    /// Every member name asked for, present or not (the candidates for did-you-mean).
    known: Vec<&'static str>,
    /// What the object is, for messages: "a Task state", "a Retrier".
    what: &'static str,
}

impl<'a> Fields<'a> {
    /// Starts taking members of `value`; reports and returns `None` if it is not an object.
    pub(super) fn of(
        cx: &mut Cx,
        value: &'a Value,
        pointer: Pointer,
        what: &'static str,
    ) -> Option<Self> {
        match value {
            Value::Object(map) => Some(Fields {
                map,
                pointer,
                known: Vec::new(),
                what,
            }),
            other => {
                cx.error(
                    &pointer,
                    format!(
                        "{what} must be a JSON object, found {}",
                        describe_json(other)
                    ),
                );
                None
            }
        }
    }

    /// The pointer of the object itself.
    pub(super) fn pointer(&self) -> &Pointer {
        &self.pointer
    }

    /// Which of `candidates` are present, in the order the document writes them (each marked
    /// as known).
    pub(super) fn present_in_order(&mut self, candidates: &[&'static str]) -> Vec<&'static str> {
        for c in candidates {
            self.note(c);
        }
        self.map
            .keys()
            .filter_map(|k| candidates.iter().find(|c| **c == k).copied())
            .collect()
    }

    /// Whether the member is present (and marks it as known).
    pub(super) fn has(&mut self, key: &'static str) -> bool {
        self.note(key);
        self.map.contains_key(key)
    }

    fn note(&mut self, key: &'static str) {
        if !self.known.contains(&key) {
            self.known.push(key);
        }
    }

    /// Takes a member: its value and pointer, if present.
    pub(super) fn take(&mut self, key: &'static str) -> Option<(&'a Value, Pointer)> {
        self.note(key);
        self.map.get(key).map(|v| (v, self.pointer.key(key)))
    }

    /// A string member.
    pub(super) fn string(&mut self, cx: &mut Cx, key: &'static str) -> Option<String> {
        let (value, pointer) = self.take(key)?;
        match value {
            Value::String(s) => Some(s.clone()),
            other => {
                cx.expected(&pointer, key, "a string", other);
                None
            }
        }
    }

    /// Reports, in one diagnostic at this object, every one of `keys` it lacks, as AWS does
    /// ("These fields are required: [States, StartAt]", recorded by
    /// `ValidateStateMachineDefinition` for `{}`: LocalStack's AWS-validated
    /// `test_sfn_api_validation` snapshot, 2025-10-19), then each with what it is (`keys` pairs
    /// a key with its description, empty for none). Returns whether all are present.
    pub(super) fn require(&mut self, cx: &mut Cx, keys: &[(&'static str, &str)]) -> bool {
        let missing: Vec<(&'static str, &str)> = keys
            .iter()
            .copied()
            .filter(|(k, _)| !self.map.contains_key(*k))
            .collect();
        for (key, _) in &missing {
            self.note(key);
        }
        if missing.is_empty() {
            return true;
        }
        let names: Vec<&str> = missing.iter().map(|(k, _)| *k).collect();
        let described: Vec<String> = missing
            .iter()
            .map(|(k, what)| match what {
                &"" => format!("`{k}`"),
                what => format!("`{k}` ({what})"),
            })
            .collect();
        cx.error(
            &self.pointer,
            format!(
                "These fields are required: [{}]; {} needs {}",
                names.join(", "),
                self.what,
                described.join(" and ")
            ),
        );
        false
    }

    /// A required string member (a missing one reported as [`Fields::require`] does).
    pub(super) fn required_string(&mut self, cx: &mut Cx, key: &'static str) -> Option<String> {
        if !self.require(cx, &[(key, "")]) {
            return None;
        }
        self.string(cx, key)
    }

    /// A non-negative integer member.
    pub(super) fn u64(&mut self, cx: &mut Cx, key: &'static str) -> Option<u64> {
        let (value, pointer) = self.take(key)?;
        match value.as_u64() {
            Some(n) => Some(n),
            None => {
                cx.expected(&pointer, key, "a non-negative integer", value);
                None
            }
        }
    }

    /// A number member, kept as written.
    pub(super) fn number(&mut self, cx: &mut Cx, key: &'static str) -> Option<Number> {
        let (value, pointer) = self.take(key)?;
        match value {
            Value::Number(n) => Some(n.clone()),
            other => {
                cx.expected(&pointer, key, "a number", other);
                None
            }
        }
    }

    /// An object member (a payload template, `Assign`, ...).
    pub(super) fn object(&mut self, cx: &mut Cx, key: &'static str) -> Option<Map<String, Value>> {
        let (value, pointer) = self.take(key)?;
        match value {
            Value::Object(map) => Some(map.clone()),
            other => {
                cx.expected(&pointer, key, "a JSON object", other);
                None
            }
        }
    }

    /// Any JSON member, kept as is.
    pub(super) fn json(&mut self, key: &'static str) -> Option<Value> {
        self.take(key).map(|(v, _)| v.clone())
    }

    /// Any JSON value whose `{% %}` strings are JSONata, parsed now.
    pub(super) fn jsonata_value(&mut self, key: &'static str) -> Option<JsonataValue> {
        self.json(key).map(JsonataValue::new)
    }

    /// A payload template (`Parameters`, `ResultSelector`, `Credentials`): a JSON object whose
    /// `.$` values are parsed now.
    pub(super) fn template(&mut self, cx: &mut Cx, key: &'static str) -> Option<PayloadTemplate> {
        self.object(cx, key).map(PayloadTemplate::new)
    }

    /// `Assign`: a JSON object whose `{% %}` strings are JSONata, parsed now.
    pub(super) fn assign(&mut self, cx: &mut Cx) -> Option<PayloadTemplate> {
        self.object(cx, "Assign").map(PayloadTemplate::new)
    }

    /// An array of strings.
    pub(super) fn strings(&mut self, cx: &mut Cx, key: &'static str) -> Option<Vec<String>> {
        let (value, pointer) = self.take(key)?;
        let Value::Array(items) = value else {
            cx.expected(&pointer, key, "an array of strings", value);
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            match item {
                Value::String(s) => out.push(s.clone()),
                other => {
                    cx.expected(&pointer.index(i), key, "an array of strings", other);
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    /// A path member that may be `null` (`InputPath`, `OutputPath`, `ResultPath`).
    pub(super) fn path_or_null(&mut self, cx: &mut Cx, key: &'static str) -> Option<PathOrNull> {
        let (value, pointer) = self.take(key)?;
        match value {
            Value::Null => Some(PathOrNull::Null),
            Value::String(s) => Some(PathOrNull::Path(s.as_str().into())),
            other => {
                cx.expected(&pointer, key, "a path string or `null`", other);
                None
            }
        }
    }

    /// An integer that may also be a JSONata expression or a `${Name}` substitution.
    pub(super) fn int_expr(&mut self, cx: &mut Cx, key: &'static str) -> Option<Expr<u64>> {
        let (value, pointer) = self.take(key)?;
        expr_of(
            cx,
            value,
            &pointer,
            key,
            "a non-negative integer",
            Value::as_u64,
        )
    }

    /// A number that may also be a JSONata expression or a `${Name}` substitution.
    pub(super) fn number_expr(&mut self, cx: &mut Cx, key: &'static str) -> Option<Expr<Number>> {
        let (value, pointer) = self.take(key)?;
        expr_of(cx, value, &pointer, key, "a number", |v| {
            v.as_number().cloned()
        })
    }

    /// A boolean that may also be a JSONata expression or a `${Name}` substitution.
    pub(super) fn bool_expr(&mut self, cx: &mut Cx, key: &'static str) -> Option<Expr<bool>> {
        let (value, pointer) = self.take(key)?;
        expr_of(
            cx,
            value,
            &pointer,
            key,
            "`true` or `false`",
            Value::as_bool,
        )
    }

    /// One of the pair `key` / `path_key` (e.g. `TimeoutSeconds` / `TimeoutSecondsPath`);
    /// both present is an error.
    pub(super) fn value_or_path<T>(
        &mut self,
        cx: &mut Cx,
        key: &'static str,
        path_key: &'static str,
        value: impl FnOnce(&mut Self, &mut Cx) -> Option<T>,
    ) -> Option<ValueOrPath<T>> {
        let both = self.has(key) && self.has(path_key);
        if both {
            cx.error(
                &self.pointer.key(path_key),
                format!("`{key}` and `{path_key}` cannot both be set; keep one of them"),
            );
            self.take(key);
            self.take(path_key);
            return None;
        }
        if self.has(path_key) {
            return self
                .string(cx, path_key)
                .map(|p| ValueOrPath::Path(p.into()));
        }
        value(self, cx).map(ValueOrPath::Value)
    }

    /// Reports every member nobody took.
    pub(super) fn finish(self, cx: &mut Cx) {
        self.finish_with(cx, |_| None);
    }

    /// Reports every member nobody took; `hint` may explain a specific key better than
    /// "unknown field" (e.g. "`Retry` is only allowed in Task, Parallel and Map states").
    pub(super) fn finish_with(self, cx: &mut Cx, hint: impl Fn(&str) -> Option<String>) {
        for key in self.map.keys() {
            if self.known.iter().any(|k| k == key) {
                continue;
            }
            let pointer = self.pointer.key(key);
            if let Some(message) = hint(key) {
                cx.error(&pointer, message);
                continue;
            }
            let mut message = format!("unknown field `{key}` in {}", self.what);
            if let Some(best) = workflow_text::suggest::did_you_mean(key, &self.known) {
                message.push_str(&format!("; did you mean `{best}`?"));
            } else {
                message.push_str("; remove it");
            }
            cx.error(&pointer, message);
        }
    }
}

fn expr_of<T>(
    cx: &mut Cx,
    value: &Value,
    pointer: &Pointer,
    key: &str,
    expected: &str,
    literal: impl Fn(&Value) -> Option<T>,
) -> Option<Expr<T>> {
    if let Some(v) = literal(value) {
        return Some(Expr::Literal(v));
    }
    if let Value::String(s) = value {
        if let Some(expression) = JsonataString::parse(s) {
            return Some(Expr::Jsonata(expression));
        }
        if crate::path::is_whole_substitution(s).is_some() {
            return Some(Expr::Substitution(s.clone()));
        }
    }
    cx.expected(
        pointer,
        key,
        &format!("{expected} (or, in JSONata states, a `{{% … %}}` expression)"),
        value,
    );
    None
}

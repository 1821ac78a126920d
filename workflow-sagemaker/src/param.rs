//! [`Param`]: a request value that is either written into the definition or read when the
//! state runs (the Python SDK's `Placeholder`s: `ExecutionInput`, `StepInput`).

use serde_json::{Map, Value};

/// A request value: a literal baked into the definition, or a path read when the state runs
/// (written as the `Key.$` field, as the Python SDK writes a placeholder).
///
/// ```
/// use workflow_sagemaker::Param;
/// assert_eq!(Param::execution_input("JobName"), Param::Path("$$.Execution.Input['JobName']".into()));
/// assert_eq!(Param::from("my-job"), Param::Literal("my-job".into()));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Param {
    /// A literal value.
    Literal(Value),
    /// A JSONPath (`$…` or `$$…`) read when the state runs.
    Path(String),
}

impl Param {
    /// `$$.Execution.Input['key']`: a field of the execution input (the SDK's
    /// `ExecutionInput()["key"]`, in its bracket notation).
    pub fn execution_input(key: &str) -> Self {
        Param::Path(format!(
            "$$.Execution.Input['{}']",
            key.replace('\'', "\\'")
        ))
    }

    /// `$['a']['b']…`: a field of the state's input (the SDK's `StepInput`, e.g. the previous
    /// step's output).
    pub fn step_input<'k>(keys: impl IntoIterator<Item = &'k str>) -> Self {
        let mut path = String::from("$");
        for key in keys {
            path.push_str(&format!("['{}']", key.replace('\'', "\\'")));
        }
        Param::Path(path)
    }

    /// The literal string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Param::Literal(Value::String(s)) => Some(s),
            _ => None,
        }
    }

    /// Writes this value under `key` (`key.$` for a path).
    pub(crate) fn insert_into(&self, map: &mut Map<String, Value>, key: &str) {
        match self {
            Param::Literal(v) => {
                map.insert(key.to_owned(), v.clone());
            }
            Param::Path(p) => {
                map.insert(format!("{key}.$"), Value::String(p.clone()));
            }
        }
    }
}

impl From<&str> for Param {
    fn from(value: &str) -> Self {
        Param::Literal(Value::String(value.to_owned()))
    }
}

impl From<String> for Param {
    fn from(value: String) -> Self {
        Param::Literal(Value::String(value))
    }
}

impl From<&String> for Param {
    fn from(value: &String) -> Self {
        Param::Literal(Value::String(value.clone()))
    }
}

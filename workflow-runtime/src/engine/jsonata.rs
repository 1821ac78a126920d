//! JSONata expressions of JSONata states, evaluated with the `jsonata-rs` crate.
//!
//! `$states` (`input`, `result`, `errorOutput`, `context`) and the workflow variables are
//! bound; `$partition()` and `$parse()` of the service are provided. Errors (a syntax error, a
//! function the crate lacks, an undefined result) become `States.QueryEvaluationError`.

use super::error::Failure;
use bumpalo::Bump;
use jsonata_rs::{FunctionContext, JsonAta, Value as JValue};
use serde_json::{Map, Value};
use std::collections::HashMap;
use workflow_asl::path::jsonata_body;

/// Evaluates a JSONata-mode value: every `{% %}` string in it (nested ones too) is replaced by
/// its result; a nested field whose expression is undefined is left out, as the service does.
pub(crate) fn evaluate(
    value: &Value,
    states: &Value,
    vars: &Map<String, Value>,
) -> Result<Value, Failure> {
    match value {
        Value::String(s) if jsonata_body(s).is_some() => evaluate_str(s, states, vars),
        Value::Array(items) => items
            .iter()
            .map(|v| evaluate(v, states, vars))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        Value::Object(map) => evaluate_object(map, states, vars).map(Value::Object),
        other => Ok(other.clone()),
    }
}

/// Evaluates every member of an object (`Arguments`, `Assign`, ...).
pub(crate) fn evaluate_object(
    map: &Map<String, Value>,
    states: &Value,
    vars: &Map<String, Value>,
) -> Result<Map<String, Value>, Failure> {
    let mut out = Map::with_capacity(map.len());
    for (k, v) in map {
        match evaluate(v, states, vars) {
            Ok(v) => {
                out.insert(k.clone(), v);
            }
            Err(f) if f.cause.contains(UNDEFINED) => {}
            Err(f) => return Err(f),
        }
    }
    Ok(out)
}

const UNDEFINED: &str = "evaluated to undefined";

/// Evaluates one `{% expression %}` string.
pub(crate) fn evaluate_str(
    text: &str,
    states: &Value,
    vars: &Map<String, Value>,
) -> Result<Value, Failure> {
    let Some(body) = jsonata_body(text) else {
        return Err(query_error(format!(
            "`{text}` is not a `{{% … %}}` expression"
        )));
    };
    let arena = Bump::new();
    let expression = JsonAta::new(body, &arena)
        .map_err(|e| query_error(format!("cannot parse `{body}`: {e}")))?;
    expression.register_function("partition", 0, partition);
    expression.register_function("parse", 1, parse);
    let mut bindings: HashMap<&str, &Value> = HashMap::with_capacity(vars.len() + 1);
    for (name, value) in vars {
        bindings.insert(name.as_str(), value);
    }
    bindings.insert("states", states);
    let result = expression
        .evaluate(None, Some(&bindings))
        .map_err(|e| query_error(format!("evaluating `{body}`: {e}")))?;
    if result.is_undefined() {
        return Err(query_error(format!("`{body}` {UNDEFINED}")));
    }
    serde_json::from_str(&result.serialize(false))
        .map_err(|e| query_error(format!("the result of `{body}` is not JSON: {e}")))
}

fn query_error(cause: String) -> Failure {
    Failure::new("States.QueryEvaluationError", cause)
}

/// `$partition()`: the AWS partition of the execution (always `aws` locally).
fn partition<'a>(
    context: FunctionContext<'a, '_>,
    _args: &[&'a JValue<'a>],
) -> jsonata_rs::Result<&'a JValue<'a>> {
    Ok(JValue::string(context.arena, "aws"))
}

/// `$parse(text)`: JSON text to a value.
fn parse<'a>(
    context: FunctionContext<'a, '_>,
    args: &[&'a JValue<'a>],
) -> jsonata_rs::Result<&'a JValue<'a>> {
    let Some(text) = args.first().filter(|a| a.is_string()) else {
        return Ok(JValue::undefined());
    };
    let arena = context.arena;
    let parsed = JsonAta::new(&text.as_str(), arena).and_then(|j| j.evaluate(None, None));
    parsed.or_else(|_| Ok(JValue::undefined()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn evaluates_states_variables_and_nested_values() {
        let states = json!({"input": {"n": 2, "items": [1, 2, 3]}});
        let mut vars = Map::new();
        vars.insert("total".into(), json!(10));
        let out = evaluate(
            &json!({"sum": "{% $sum($states.input.items) + $total %}", "fixed": 1, "list": ["{% $states.input.n * 2 %}"]}),
            &states,
            &vars,
        )
        .unwrap();
        assert_eq!(out, json!({"sum": 16, "fixed": 1, "list": [4]}));
        assert_eq!(
            evaluate_str("{% $partition() %}", &states, &vars).unwrap(),
            json!("aws")
        );
        assert_eq!(
            evaluate_str("{% $parse('{\"a\": 1}').a %}", &states, &vars).unwrap(),
            json!(1)
        );
    }

    #[test]
    fn errors_are_query_evaluation_errors() {
        let states = json!({"input": {}});
        let e = evaluate_str("{% $states.input.( %}", &states, &Map::new()).unwrap_err();
        assert_eq!(e.error, "States.QueryEvaluationError");
        let e = evaluate_str("{% $states.input.missing %}", &states, &Map::new()).unwrap_err();
        assert!(e.cause.contains("undefined"), "{}", e.cause);
        let out = evaluate_object(
            &serde_json::from_value(json!({"a": "{% $states.input.missing %}", "b": 1})).unwrap(),
            &states,
            &Map::new(),
        )
        .unwrap();
        assert_eq!(Value::Object(out), json!({"b": 1}));
    }
}

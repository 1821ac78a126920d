//! JSONata expressions of JSONata states, evaluated with the `jsonata-rs` crate.
//!
//! `$states` (`input`, `result`, `errorOutput`, `context`) and the workflow variables are
//! bound; `$partition()` and `$parse()` of the service are provided. Errors (a syntax error, a
//! function the crate lacks, a result that is nothing or a function) become
//! `States.QueryEvaluationError`.

use super::error::Failure;
use bumpalo::Bump;
use jsonata_rs::{FunctionContext, JsonAta, Value as JValue};
use serde_json::{Map, Value};
use std::collections::HashMap;
use workflow_asl::path::jsonata_body;

/// Evaluates a JSONata-mode value: every `{% %}` string in it (nested ones too) is replaced by
/// its result. `field` names where the value stands in its state (`Output`, `Arguments`,
/// `Items`, `Assign/total`); nested members extend it (`Output/a/b[0]`), as the causes of
/// the service's errors name them. An expression that returns nothing fails the state with
/// `States.QueryEvaluationError`, at any depth, as the service does.
pub(crate) fn evaluate(
    value: &Value,
    states: &Value,
    vars: &Map<String, Value>,
    field: &str,
) -> Result<Value, Failure> {
    match value {
        Value::String(s) if jsonata_body(s).is_some() => evaluate_str(s, states, vars, field),
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                out.push(evaluate(item, states, vars, &format!("{field}[{i}]"))?);
            }
            Ok(Value::Array(out))
        }
        Value::Object(map) => evaluate_object(map, states, vars, field).map(Value::Object),
        other => Ok(other.clone()),
    }
}

/// Evaluates every member of an object (`Arguments`, `Assign`, ...); `field` names the object.
pub(crate) fn evaluate_object(
    map: &Map<String, Value>,
    states: &Value,
    vars: &Map<String, Value>,
    field: &str,
) -> Result<Map<String, Value>, Failure> {
    let mut out = Map::with_capacity(map.len());
    for (k, v) in map {
        out.insert(
            k.clone(),
            evaluate(v, states, vars, &format!("{field}/{k}"))?,
        );
    }
    Ok(out)
}

/// Evaluates one `{% expression %}` string standing in `field`.
pub(crate) fn evaluate_str(
    text: &str,
    states: &Value,
    vars: &Map<String, Value>,
    field: &str,
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
        return Err(query_error(format!(
            "The JSONata expression '{body}' specified for the field '{field}' returned nothing (undefined)."
        )));
    }
    if result.is_function() {
        return Err(query_error(format!(
            "The JSONata expression '{body}' specified for the field '{field}' returned an unsupported result type."
        )));
    }
    serde_json::from_str(&result.serialize(false))
        .map_err(|e| query_error(format!("the result of `{body}` is not JSON: {e}")))
}

fn query_error(cause: String) -> Failure {
    Failure::query(cause)
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
            "Output",
        )
        .unwrap();
        assert_eq!(out, json!({"sum": 16, "fixed": 1, "list": [4]}));
        assert_eq!(
            evaluate_str("{% $partition() %}", &states, &vars, "Output").unwrap(),
            json!("aws")
        );
        assert_eq!(
            evaluate_str("{% $parse('{\"a\": 1}').a %}", &states, &vars, "Output").unwrap(),
            json!(1)
        );
    }

    #[test]
    fn errors_are_query_evaluation_errors() {
        let states = json!({"input": {}});
        let e = evaluate_str("{% $states.input.( %}", &states, &Map::new(), "Output").unwrap_err();
        assert_eq!(e.error, "States.QueryEvaluationError");
        let e = evaluate_str(
            "{% $states.input.missing %}",
            &states,
            &Map::new(),
            "Output",
        )
        .unwrap_err();
        assert_eq!(
            e.cause,
            "The JSONata expression '$states.input.missing' specified for the field 'Output' returned nothing (undefined)."
        );
        // A nested member that returns nothing fails too, naming its field.
        let e = evaluate_object(
            &serde_json::from_value(
                json!({"a": [1, {"b": "{% $states.input.missing %}"}], "c": 1}),
            )
            .unwrap(),
            &states,
            &Map::new(),
            "Assign",
        )
        .unwrap_err();
        assert_eq!(
            e.cause,
            "The JSONata expression '$states.input.missing' specified for the field 'Assign/a[1]/b' returned nothing (undefined)."
        );
    }
}

//! The JSONata values of a JSONata state (`Arguments`, `Output`, `Assign`, `Items`, ...):
//! every `{% %}` string in them evaluated with `workflow_jsonata::eval` (JSONata 2.0 and AWS's
//! own functions, in budgets of depth, steps and size).
//!
//! `$states` (`input`, `result`, `errorOutput`, `context`) and the workflow variables are
//! bound; `$now()`/`$millis()` read the execution's clock and `$uuid()`/`$random()` the
//! engine's seeded entropy (in a replay, what the record drew: `super::draws`);
//! `$random(seed)` is `java.util.Random`'s, as on AWS, and needs none. Errors (a syntax error,
//! a JSONata error, a result that is nothing or a function) become
//! `States.QueryEvaluationError` with the service's cause.

use super::draws::{Draws, Visit};
use super::error::Failure;
use serde_json::{Map, Value};
use std::cell::Cell;
use std::sync::Mutex;
use workflow_asl::eval::{Entropy, SeededEntropy};
use workflow_asl::{JsonataValue, ParsedJson};
use workflow_jsonata::JsonataError;
use workflow_jsonata::eval::{Context, Limits};
use workflow_jsonata::jsonata_string::{JsonataString, JsonataStringError};

/// What a JSONata expression of a state sees: `$states`, the variables, the clock and the
/// execution's entropy.
pub(crate) struct Scope<'s> {
    pub states: &'s Value,
    pub vars: &'s Map<String, Value>,
    pub now_millis: i64,
    pub entropy: &'s Mutex<SeededEntropy>,
    /// In a replay, its draws and the state's entry: what the expression draws (its clock,
    /// `$uuid()`, `$random()`) is the record's (see `super::draws`).
    pub draws: Option<(&'s Draws, Visit)>,
}

/// The engine's side of an evaluation's [`Context`].
struct EngineContext<'s> {
    now: i64,
    entropy: &'s Mutex<SeededEntropy>,
    draws: Option<(&'s Draws, Visit)>,
    /// A replay's clock, drawn once per evaluation (`$now()` is fixed for one).
    drawn_now: Cell<Option<i64>>,
}

impl Context for EngineContext<'_> {
    fn now_millis(&self) -> i64 {
        let Some((draws, visit)) = self.draws else {
            return self.now;
        };
        if let Some(now) = self.drawn_now.get() {
            return now;
        }
        let now = draws.millis(visit, self.now);
        self.drawn_now.set(Some(now));
        now
    }

    fn random(&mut self) -> f64 {
        if let Some((draws, visit)) = self.draws {
            return draws.float(visit);
        }
        let mut e = self.entropy.lock().unwrap_or_else(|p| p.into_inner());
        e.random_int(0, 1 << 53, None) as f64 / (1u64 << 53) as f64
    }

    fn uuid(&mut self) -> String {
        if let Some((draws, visit)) = self.draws {
            return draws.uuid(visit);
        }
        let mut e = self.entropy.lock().unwrap_or_else(|p| p.into_inner());
        e.uuid()
    }
}

/// Evaluates a JSONata-mode value: every `{% %}` string in it (nested ones too) is replaced by
/// its result, the expression parsed when the definition was decoded. `field` names where the
/// value stands in its state (`Output`, `Arguments`, `Items`, `Assign/total`); nested members
/// extend it (`Output/a/b[0]`), as the causes of the service's errors name them. An expression
/// that returns nothing fails the state with `States.QueryEvaluationError`, at any depth, as
/// the service does.
pub(crate) fn evaluate(
    value: &JsonataValue,
    scope: &Scope<'_>,
    field: &str,
) -> Result<Value, Failure> {
    evaluate_json(value.json(), &|text| value.expression(text), scope, field)
}

/// Evaluates every member of an object (`Assign`, ...); `field` names the object.
pub(crate) fn evaluate_object(
    map: &ParsedJson<Map<String, Value>>,
    scope: &Scope<'_>,
    field: &str,
) -> Result<Map<String, Value>, Failure> {
    evaluate_members(map.json(), &|text| map.expression(text), scope, field)
}

/// What a walk asks for the parsed form of a `{% %}` string it meets.
type Parsed<'v> = dyn Fn(&str) -> Option<&'v JsonataString> + 'v;

fn evaluate_json(
    value: &Value,
    parsed: &Parsed<'_>,
    scope: &Scope<'_>,
    field: &str,
) -> Result<Value, Failure> {
    match value {
        // An unclosed `{% …` string is text to the service.
        Value::String(s) => match parsed(s).filter(|e| e.body().is_some()) {
            Some(expression) => evaluate_str(expression, scope, field),
            None => Ok(value.clone()),
        },
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                out.push(evaluate_json(
                    item,
                    parsed,
                    scope,
                    &format!("{field}[{i}]"),
                )?);
            }
            Ok(Value::Array(out))
        }
        Value::Object(map) => evaluate_members(map, parsed, scope, field).map(Value::Object),
        other => Ok(other.clone()),
    }
}

fn evaluate_members(
    map: &Map<String, Value>,
    parsed: &Parsed<'_>,
    scope: &Scope<'_>,
    field: &str,
) -> Result<Map<String, Value>, Failure> {
    let mut out = Map::with_capacity(map.len());
    for (k, v) in map {
        out.insert(
            k.clone(),
            evaluate_json(v, parsed, scope, &format!("{field}/{k}"))?,
        );
    }
    Ok(out)
}

/// Evaluates one `{% expression %}` string standing in `field`.
pub(crate) fn evaluate_str(
    expression: &JsonataString,
    scope: &Scope<'_>,
    field: &str,
) -> Result<Value, Failure> {
    let unclosed = || {
        query_error(
            field,
            format!("`{}` is not a `{{% … %}}` expression", expression.text()),
        )
    };
    let Some(body) = expression.body() else {
        return Err(unclosed());
    };
    // AWS reports its evaluation limits by their message alone, after a colon, and every other
    // error as a sentence of its own, `CODE: message` (`JsonataError::is_evaluation_limit`).
    let threw = |e: &JsonataError| {
        let during = format!(
            "The JSONata expression '{body}' specified for the field '{field}' threw an error during evaluation"
        );
        query_error(
            field,
            if e.is_evaluation_limit() {
                format!("{during}: {}", e.message())
            } else {
                format!("{during}. {}: {}", e.code, e.message())
            },
        )
    };
    let expr = match expression.expression() {
        Ok(expr) => expr,
        Err(JsonataStringError::Syntax(e)) => return Err(threw(e)),
        Err(JsonataStringError::Unclosed) => return Err(unclosed()),
    };
    let mut ctx = EngineContext {
        now: scope.now_millis,
        entropy: scope.entropy,
        draws: scope.draws,
        drawn_now: Cell::new(None),
    };
    let mut bindings: Vec<(&str, &Value)> = Vec::with_capacity(scope.vars.len() + 1);
    for (name, value) in scope.vars {
        bindings.push((name.as_str(), value));
    }
    bindings.push(("states", scope.states));
    match workflow_jsonata::eval::evaluate(expr, None, &bindings, &mut ctx, Limits::default()) {
        Ok(Some(v)) => Ok(v),
        Ok(None) => Err(query_error(
            field,
            format!(
                "The JSONata expression '{body}' specified for the field '{field}' returned nothing (undefined)."
            ),
        )),
        Err(e) if e.code == "U1005" => Err(query_error(
            field,
            format!(
                "The JSONata expression '{body}' specified for the field '{field}' returned an unsupported result type."
            ),
        )),
        Err(e) => Err(threw(&e)),
    }
}

fn query_error(field: &str, cause: String) -> Failure {
    Failure::query_at(field, cause)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A `{% %}` string as the decoder makes it.
    fn expr(text: &str) -> JsonataString {
        JsonataString::parse(text).unwrap()
    }

    fn with<T>(states: &Value, vars: &Map<String, Value>, f: impl FnOnce(&Scope<'_>) -> T) -> T {
        let entropy = Mutex::new(SeededEntropy::new(1));
        let scope = Scope {
            states,
            vars,
            now_millis: 0,
            entropy: &entropy,
            draws: None,
        };
        f(&scope)
    }

    #[test]
    fn evaluates_states_variables_and_nested_values() {
        let states = json!({"input": {"n": 2, "items": [1, 2, 3]}});
        let mut vars = Map::new();
        vars.insert("total".into(), json!(10));
        with(&states, &vars, |scope| {
            let out = evaluate(
                &JsonataValue::new(json!({"sum": "{% $sum($states.input.items) + $total %}", "fixed": 1, "list": ["{% $states.input.n * 2 %}"]})),
                scope,
                "Output",
            )
            .unwrap();
            assert_eq!(out, json!({"sum": 16, "fixed": 1, "list": [4]}));
            assert_eq!(
                evaluate_str(&expr("{% $partition([1,2,3], 2) %}"), scope, "Output").unwrap(),
                json!([[1, 2], [3]])
            );
            assert_eq!(
                evaluate_str(&expr("{% $parse('{\"a\": 1}').a %}"), scope, "Output").unwrap(),
                json!(1)
            );
        });
    }

    #[test]
    fn errors_are_query_evaluation_errors() {
        let states = json!({"input": {}});
        with(&states, &Map::new(), |scope| {
            let e = evaluate_str(&expr("{% $states.input.( %}"), scope, "Output").unwrap_err();
            assert_eq!(e.error, "States.QueryEvaluationError");
            let e =
                evaluate_str(&expr("{% $states.input.missing %}"), scope, "Output").unwrap_err();
            assert_eq!(
                e.cause,
                "The JSONata expression '$states.input.missing' specified for the field 'Output' returned nothing (undefined)."
            );
            let e = evaluate_str(&expr("{% $range('0',4,1) %}"), scope, "Output").unwrap_err();
            assert_eq!(
                e.cause,
                "The JSONata expression '$range('0',4,1)' specified for the field 'Output' threw an error during evaluation. T0410: Argument 1 of function \"range\" does not match function signature"
            );
            // AWS's causes, as recorded with TestState (floci-io/floci issue #2737): a coded
            // error after a full stop, an evaluation limit after a colon without a code.
            let e = evaluate_str(&expr("{% $eval(\"1+1\") %}"), scope, "Output/r").unwrap_err();
            assert_eq!(
                e.cause,
                "The JSONata expression '$eval(\"1+1\")' specified for the field 'Output/r' threw an error during evaluation. T1006: Attempted to invoke a non-function"
            );
            let e = evaluate_str(&expr("{% [1..900000] ~> $count() %}"), scope, "Output/r")
                .unwrap_err();
            assert_eq!(
                e.cause,
                "The JSONata expression '[1..900000] ~> $count()' specified for the field 'Output/r' threw an error during evaluation: Expression evaluation memory limit exceeded: Check for excessive memory usage"
            );
            let e = evaluate_str(&expr("{% function($x){$x} %}"), scope, "Items").unwrap_err();
            assert_eq!(
                e.cause,
                "The JSONata expression 'function($x){$x}' specified for the field 'Items' returned an unsupported result type."
            );
            // A nested member that returns nothing fails too, naming its field.
            let e = evaluate_object(
                &ParsedJson::new(
                    serde_json::from_value::<Map<String, Value>>(
                        json!({"a": [1, {"b": "{% $states.input.missing %}"}], "c": 1}),
                    )
                    .unwrap(),
                ),
                scope,
                "Assign",
            )
            .unwrap_err();
            assert_eq!(
                e.cause,
                "The JSONata expression '$states.input.missing' specified for the field 'Assign/a[1]/b' returned nothing (undefined)."
            );
        });
    }
}

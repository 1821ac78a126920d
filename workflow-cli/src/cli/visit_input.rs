//! `workflow resume --from-state VISIT --input FILE`: the replaced input checked against the
//! input types a crate's workflow declares (`workflow!`'s `input { … }`): at the state the
//! execution starts at (the machine's `StartAt`, at the top level), its input is the
//! execution's, held to the schema as `workflow run` holds it (`InputType::check`); at any
//! other state, to the type the validator's data flow gives that state's input from the
//! schema (`workflow types`), as far as it is known: a field it requires missing, a value of
//! another JSON type. A definition file declares no input type: nothing is checked.

use crate::source::Definition;
use serde_json::Value;
use workflow_asl::StateMachine;
use workflow_asl::validate::dataflow::{DataType, state_inputs};
use workflow_runtime::execution::Visit;

/// The most misfits listed.
const MOST_LISTED: usize = 10;

/// Where `input` does not fit the input type of the state `visit` names in `definition`, a
/// crate's workflow (`machine`, decoded): its problems, or `None` where it fits or nothing
/// declares a type.
pub(crate) fn misfit(
    definition: &Definition,
    machine: &StateMachine,
    visit: &Visit,
    input: &Value,
) -> Option<String> {
    let workflow = definition.crate_workflow()?;
    if visit.is_top_level() && visit.state() == machine.start_at.as_str() {
        return crate::cli::input::input_misfit(definition, input);
    }
    let declared = workflow.input_schema.data_type();
    let expected = state_inputs(machine, &declared)
        .into_iter()
        .find(|s| s.name == visit.state())?
        .input?;
    let mut problems = Vec::new();
    check(input, &expected, "$", &mut problems);
    (!problems.is_empty()).then(|| {
        format!(
            "the input does not fit the type of `{}`'s input that `{}`'s `input {{ … }}` schema gives it ({expected}):\n{}",
            visit.state(),
            workflow.name,
            problems
                .iter()
                .take(MOST_LISTED)
                .map(|p| format!("  {p}"))
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

/// Where `value` (at `path`) does not fit `expected`, into `problems`: a required field
/// missing, a value of another JSON type. What the type leaves unknown fits.
fn check(value: &Value, expected: &DataType, path: &str, problems: &mut Vec<String>) {
    if problems.len() >= MOST_LISTED {
        return;
    }
    let mut wrong = |what: &str| {
        problems.push(format!("{path}: {what} expected, found {}", kind_of(value)));
    };
    match (expected, value) {
        (DataType::Any, _) | (DataType::Null, Value::Null) | (DataType::Bool, Value::Bool(_)) => {}
        (DataType::Null, _) => wrong("null"),
        (DataType::Bool, _) => wrong("a boolean"),
        (DataType::Integer, Value::Number(n)) if n.is_i64() || n.is_u64() => {}
        (DataType::Integer, Value::Number(n)) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => {}
        (DataType::Integer, _) => wrong("a whole number"),
        (DataType::Number, Value::Number(_)) => {}
        (DataType::Number, _) => wrong("a number"),
        (DataType::String | DataType::Timestamp, Value::String(_)) => {}
        (DataType::String | DataType::Timestamp, _) => wrong("a string"),
        (DataType::Array(element), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                check(item, element, &format!("{path}[{i}]"), problems);
            }
        }
        (DataType::Tuple(elements), Value::Array(items)) => {
            if elements.len() != items.len() {
                wrong(&format!("an array of {} elements", elements.len()));
                return;
            }
            for (i, (item, element)) in items.iter().zip(elements).enumerate() {
                check(item, element, &format!("{path}[{i}]"), problems);
            }
        }
        (DataType::Array(_) | DataType::Tuple(_), _) => wrong("an array"),
        (DataType::Object(fields) | DataType::Partial(fields), Value::Object(map)) => {
            for (name, (field, optional)) in fields {
                match map.get(name) {
                    Some(found) => check(found, field, &format!("{path}.{name}"), problems),
                    None if !optional => problems.push(format!("{path}.{name}: missing")),
                    None => {}
                }
            }
        }
        (DataType::Map(element), Value::Object(map)) => {
            for (name, found) in map {
                check(found, element, &format!("{path}.{name}"), problems);
            }
        }
        (DataType::Object(_) | DataType::Partial(_) | DataType::Map(_), _) => wrong("an object"),
        // A Distributed Map child's output or its error: either.
        (DataType::Outcome(_), _) => check(value, &expected.widened(), path, problems),
    }
}

/// What JSON type `value` is, in words.
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_value_is_held_to_what_the_type_knows() {
        let expected = DataType::of_value(&json!({"order": {"id": 7, "lines": ["a"]}}));
        let mut problems = Vec::new();
        check(
            &json!({"order": {"id": 8, "lines": ["b", "c"], "extra": true}}),
            &expected,
            "$",
            &mut problems,
        );
        assert!(problems.is_empty(), "{problems:?}");
        check(
            &json!({"order": {"id": "8", "lines": [1]}}),
            &expected,
            "$",
            &mut problems,
        );
        assert_eq!(
            problems,
            [
                "$.order.id: a whole number expected, found a string",
                "$.order.lines[0]: a string expected, found a number"
            ]
        );
        problems.clear();
        check(&json!({}), &expected, "$", &mut problems);
        assert_eq!(problems, ["$.order: missing"]);
        problems.clear();
        check(&json!([1]), &DataType::Any, "$", &mut problems);
        assert!(problems.is_empty());
    }
}

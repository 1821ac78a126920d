//! `workflow types`: the type of the JSON entering and leaving every state, as the validator's
//! data-flow inference finds it (from literals, templates and result paths; the execution input
//! is a crate's workflow's `input { … }` schema, unknown in an ASL file), as text (each state's
//! input) or, with `--json`, the object the `types` tool of `workflow mcp` answers.

use crate::cli::input::{decode, read_definition};
use crate::cli::{EXIT_OK, Failure};
use serde_json::{Value, json};
use std::path::Path;
use workflow_asl::StateMachine;
use workflow_asl::validate::dataflow::{DataType, output_type, state_inputs};

/// Runs `workflow types`.
pub(crate) fn run(file: &Path, json: bool) -> Result<u8, Failure> {
    let definition = read_definition(file, "types")?;
    let machine = decode(&definition)?;
    let input = crate::cli::input::execution_input_type(&definition);
    if json {
        crate::cli::out::line(report(&machine, &input));
        return Ok(EXIT_OK);
    }
    let mut out = String::new();
    for state in state_inputs(&machine, &input) {
        let input = match &state.input {
            Some(t) => t.to_string(),
            None => "(not reached)".to_owned(),
        };
        out.push_str(&format!("{}: {input}\n", state.pointer.as_str()));
    }
    crate::cli::out::text(out);
    Ok(EXIT_OK)
}

/// `{"states": [{"state", "pointer", "reached", "input", "output", "variables"}], "output"}`:
/// each state's input and output types (`null` where no transition reaches it; a Fail state's
/// output is `null`: it hands nothing on), the variables it sees, and the type of what the
/// machine ends with, each written as `workflow types` writes types (`{ n: integer, … }`), the
/// execution input being of type `input`.
pub(crate) fn report(machine: &StateMachine, input: &DataType) -> Value {
    let states: Vec<Value> = state_inputs(machine, input)
        .into_iter()
        .map(|s| {
            let variables: serde_json::Map<String, Value> = s
                .vars
                .iter()
                .map(|(name, t)| (name.clone(), Value::String(t.to_string())))
                .collect();
            json!({
                "state": s.name,
                "pointer": s.pointer.as_str(),
                "reached": s.input.is_some(),
                "input": s.input.map(|t| t.to_string()),
                "output": s.output.map(|t| t.to_string()),
                "variables": variables,
            })
        })
        .collect();
    json!({
        "states": states,
        "output": output_type(machine, input).to_string(),
    })
}

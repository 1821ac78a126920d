//! The child executions a replayed run starts with `states:startExecution` Tasks
//! (request-response, `.sync`, `.sync:2`), and the input each is started on now: a replay
//! replays each such child the record holds on its definition, on what the replayed
//! definition sends it, so that a change of the parent's request shows in the child.
//!
//! The children are found in the run's own history and in those of its Distributed Maps'
//! children, at any depth (a child started by a Map's child is the Map child's, whose history
//! the run holds): the event that names the child (`started_executions`: a `TaskSubmitted`'s
//! or `TaskSucceeded`'s `ExecutionArn`, a failed `.sync` child's cause) follows, on its
//! strand, the Task's `TaskScheduled`, whose `parameters` are the request sent. Its `Input`
//! is the child's input: "The string that contains the JSON input data for the execution"
//! (AWS Step Functions API Reference, `StartExecution`), which a Task may also give as JSON
//! ("Start a new AWS Step Functions state machine from a running execution":
//! `"Input": {"Comment": "Hello world!"}`); an execution started without one has the input
//! `{}` (the same reference: "If you don't include any JSON input data, you still must
//! include the two braces").

use crate::Execution;
use crate::execution::{EventKind, HistoryEvent, started_executions};
use serde_json::{Map, Value};
use std::collections::HashMap;
use workflow_aws_models::StatesArn;

/// The child executions `execution`'s `states:startExecution` Tasks started (its own, and
/// its Distributed Maps' children's at any depth), each once, in the order found, with the
/// input its Task sent.
pub(super) fn started_by(execution: &Execution) -> Vec<(StatesArn, Value)> {
    let mut found: Vec<(StatesArn, Value)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut histories: Vec<&[HistoryEvent]> = vec![&execution.history];
    let mut map_runs: Vec<&crate::MapRun> = execution.map_runs.iter().collect();
    while let Some(run) = map_runs.pop() {
        for child in &run.executions {
            histories.push(&child.history);
            map_runs.extend(child.map_runs.iter());
        }
    }
    for history in histories {
        let position: HashMap<u64, usize> = history
            .iter()
            .enumerate()
            .map(|(at, e)| (e.id, at))
            .collect();
        for (at, event) in history.iter().enumerate() {
            for arn in started_executions(std::slice::from_ref(event)) {
                if !seen.insert(arn.clone()) {
                    continue;
                }
                let input = sent_input(history, &position, at);
                found.push((arn, input));
            }
        }
    }
    found
}

/// The input the Task whose event is at `at` sent its child: its `TaskScheduled`'s
/// `Input`, back along the strand.
fn sent_input(history: &[HistoryEvent], position: &HashMap<u64, usize>, at: usize) -> Value {
    let mut cursor = at;
    for _ in 0..history.len() {
        if let EventKind::TaskScheduled { parameters, .. } = &history[cursor].kind {
            return input_of(&parameters.to_value());
        }
        match position.get(&history[cursor].previous_event_id) {
            Some(&before) if before < cursor => cursor = before,
            _ => break,
        }
    }
    Value::Object(Map::new())
}

/// A `StartExecution` request's `Input` as the execution receives it: JSON text read, JSON
/// as it is, `{}` when there is none.
fn input_of(request: &Value) -> Value {
    match request.get("Input") {
        None | Some(Value::Null) => Value::Object(Map::new()),
        Some(Value::String(text)) => {
            serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.clone()))
        }
        Some(other) => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::input_of;
    use serde_json::json;

    #[test]
    fn a_requests_input_is_its_json_given_as_text_or_as_json() {
        assert_eq!(input_of(&json!({"Input": "{\"n\": 1}"})), json!({"n": 1}));
        assert_eq!(input_of(&json!({"Input": {"n": 1}})), json!({"n": 1}));
        assert_eq!(input_of(&json!({"StateMachineArn": "arn"})), json!({}));
    }
}

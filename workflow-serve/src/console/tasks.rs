//! The tasks of a running execution that wait for an answer from outside, which the console
//! offers to give: a `.waitForTaskToken` Task waiting for its token's callback
//! (`SendTaskSuccess`, `SendTaskFailure`, `SendTaskHeartbeat`), and an activity task waiting for
//! a worker (`GetActivityTask`) or for the answer of the worker that took it. Read from the
//! execution's history and its machine, both through the service's own operations.
//!
//! A callback's token is not in the history as such: the Task hands it to the service it
//! calls, in its request, which its `TaskScheduled` event records (`parameters`). Where the
//! state's request template puts the token alone in a member (`"TaskToken.$":
//! "$$.Task.Token"` in JSONPath's `Parameters`, `"TaskToken": "{% $states.context.Task.Token
//! %}"` in JSONata's `Arguments`), the same place of the recorded request holds it; where the
//! token is only part of a value (`States.Format`, a JSONata expression that builds a string),
//! the console cannot take it apart and asks for it.

use super::pictures::{described, history, machine_of};
use crate::protocol::ApiError;
use crate::service::Service;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use workflow_runtime::asl::path::Root;
use workflow_runtime::asl::{Pointer, StateMachine};
use workflow_runtime::execution::{EventKind, ExecutionStatus, HistoryEvent};

/// What a waiting task is.
#[derive(Debug, PartialEq)]
enum Kind {
    /// A `.waitForTaskToken` Task.
    Callback,
    /// An activity task.
    Activity,
    /// Another Task, which the service answers itself.
    Other,
}

/// A task scheduled on a strand of the history.
#[derive(Debug)]
struct Scheduled<'e> {
    event: &'e HistoryEvent,
    kind: Kind,
    state: Option<String>,
    open: bool,
    /// Failed, and not yet closed by its own `TaskStateAborted`.
    failed: bool,
    worker: Option<Option<String>>,
}

/// The tasks of execution `arn` that wait for an answer, as the page shows them: a JSON array
/// of `{state, kind ("callback" or "activity"), scheduledEventId, timestamp, resource, input,
/// heartbeatSeconds, timeoutSeconds}`, with `token` for a callback whose token the console
/// found, and `activityArn` and `worker` (`null` until a worker took it) for an activity.
/// Empty for an execution that is not running.
pub(super) async fn waiting_tasks(service: &Arc<Service>, arn: &str) -> Result<Value, ApiError> {
    let described = described(service, arn).await?;
    if described.status != ExecutionStatus::Running {
        return Ok(json!([]));
    }
    let events = history(service, arn).await?;
    let machine = machine_of(service, arn).await?;
    Ok(Value::Array(
        open_tasks(&events)
            .iter()
            .filter_map(|task| shown(task, &machine))
            .collect(),
    ))
}

/// The tasks `events` scheduled and did not close, in the order scheduled. Each event's
/// strand (its chain of `previousEventId`s) leads back to the state it belongs to and the
/// task it answers; a `<Type>StateAborted` event (which AWS writes without details, pointing at
/// the failure that stopped a Parallel branch or Map iteration) closes the failed task first,
/// then the task scheduled last.
fn open_tasks(events: &[HistoryEvent]) -> Vec<Scheduled<'_>> {
    let mut tasks: Vec<Scheduled<'_>> = Vec::new();
    // Event id → the state entered on its strand, and the task scheduled on it.
    let mut state_of: HashMap<u64, String> = HashMap::new();
    let mut task_of: HashMap<u64, usize> = HashMap::new();
    for event in events {
        let previous = event.previous_event_id;
        match &event.kind {
            EventKind::StateEntered { name, .. } => {
                state_of.insert(event.id, name.to_string());
                continue;
            }
            EventKind::StateExited { .. } => continue,
            _ => {}
        }
        if let Some(state) = state_of.get(&previous).cloned() {
            state_of.insert(event.id, state);
        }
        let kind = match &event.kind {
            EventKind::TaskScheduled { resource, .. }
                if resource.ends_with(".waitForTaskToken") =>
            {
                Some(Kind::Callback)
            }
            EventKind::TaskScheduled { .. } => Some(Kind::Other),
            EventKind::ActivityScheduled { .. } => Some(Kind::Activity),
            _ => None,
        };
        if let Some(kind) = kind {
            task_of.insert(event.id, tasks.len());
            tasks.push(Scheduled {
                event,
                kind,
                state: state_of.get(&previous).cloned(),
                open: true,
                failed: false,
                worker: None,
            });
            continue;
        }
        let on_strand = task_of.get(&previous).copied();
        if let Some(i) = on_strand {
            task_of.insert(event.id, i);
        }
        match &event.kind {
            EventKind::ActivityStarted { worker_name } => {
                if let Some(task) = on_strand.and_then(|i| tasks.get_mut(i)) {
                    task.worker = Some(worker_name.clone());
                }
            }
            EventKind::TaskSucceeded { .. }
            | EventKind::ActivitySucceeded { .. }
            | EventKind::TaskTimedOut { .. }
            | EventKind::ActivityTimedOut { .. } => {
                if let Some(task) = on_strand.and_then(|i| tasks.get_mut(i)) {
                    task.open = false;
                }
            }
            EventKind::TaskFailed { .. } | EventKind::ActivityFailed { .. } => {
                if let Some(task) = on_strand.and_then(|i| tasks.get_mut(i)) {
                    task.open = false;
                    task.failed = true;
                }
            }
            EventKind::StateAborted { .. } => {
                let failed = on_strand.filter(|&i| tasks.get(i).is_some_and(|t| t.failed));
                match failed {
                    Some(i) => tasks[i].failed = false,
                    None => {
                        if let Some(task) = tasks.iter_mut().rev().find(|t| t.open) {
                            task.open = false;
                        }
                    }
                }
            }
            _ => {}
        }
    }
    tasks.retain(|t| t.open && t.kind != Kind::Other);
    tasks
}

/// `task` as the page shows it (see [`waiting_tasks`]).
fn shown(task: &Scheduled<'_>, machine: &StateMachine) -> Option<Value> {
    let event = task.event;
    let timestamp = event.timestamp_millis as f64 / 1000.0;
    let mut shown = match &event.kind {
        EventKind::TaskScheduled {
            resource,
            parameters,
            timeout_seconds,
            heartbeat_seconds,
            ..
        } => {
            let mut shown = json!({
                "kind": "callback",
                "resource": resource,
                "input": parameters.as_str(),
                "timeoutSeconds": timeout_seconds,
                "heartbeatSeconds": heartbeat_seconds,
            });
            if let Some(token) = task
                .state
                .as_deref()
                .and_then(|state| token_in(machine, state, &parameters.to_value()))
            {
                shown["token"] = token.into();
            }
            shown
        }
        EventKind::ActivityScheduled {
            resource,
            input,
            timeout_seconds,
            heartbeat_seconds,
        } => json!({
            "kind": "activity",
            "resource": resource,
            "activityArn": resource,
            "input": input.as_str(),
            "timeoutSeconds": timeout_seconds,
            "heartbeatSeconds": heartbeat_seconds,
            "worker": task.worker.as_ref().map(|w| w.clone().unwrap_or_default()),
        }),
        _ => return None,
    };
    shown["state"] = task.state.clone().into();
    shown["scheduledEventId"] = event.id.into();
    shown["timestamp"] = timestamp.into();
    Some(shown)
}

/// The task token in `request`, the request the Task state `state` of `machine` sent: the
/// value at the place where its template puts the token alone.
fn token_in(machine: &StateMachine, state: &str, request: &Value) -> Option<String> {
    let walk = machine.walk();
    let task = walk.tasks().find(|(s, _)| s.name == state)?.1;
    let mut places: Vec<Pointer> = Vec::new();
    if let Some(parameters) = &task.parameters {
        for (member, path) in parameters.paths() {
            let Ok(path) = path.path() else { continue };
            let token = path.root == Root::Context
                && path.segments.len() == 2
                && matches!(&path.segments[0], workflow_runtime::asl::path::Segment::Child(t) if t == "Task")
                && matches!(&path.segments[1], workflow_runtime::asl::path::Segment::Child(t) if t == "Token");
            if token {
                // The member `TaskToken.$` is written as `TaskToken`.
                let mut place = Pointer::root();
                let segments: Vec<String> = member.segments().collect();
                for (i, segment) in segments.iter().enumerate() {
                    let key = if i + 1 == segments.len() {
                        segment.strip_suffix(".$").unwrap_or(segment)
                    } else {
                        segment
                    };
                    place.push_key(key);
                }
                places.push(place);
            }
        }
    }
    if let Some(arguments) = &task.arguments {
        places.extend(
            arguments
                .expressions()
                .iter()
                .filter(|(_, e)| e.body() == Some("$states.context.Task.Token"))
                .map(|(at, _)| at.clone()),
        );
    }
    places.iter().find_map(|place| {
        request
            .pointer(place.as_str())
            .and_then(Value::as_str)
            .map(str::to_owned)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(list: &[Value]) -> Vec<HistoryEvent> {
        list.iter()
            .map(|e| HistoryEvent::from_json(e).expect("an event"))
            .collect()
    }

    fn entered(id: u64, previous: u64, name: &str) -> Value {
        json!({"id": id, "previousEventId": previous, "timestamp": 0, "type": "TaskStateEntered",
            "stateEnteredEventDetails": {"name": name, "input": "{}"}})
    }

    fn scheduled(id: u64, previous: u64, resource: &str, parameters: &Value) -> Value {
        json!({"id": id, "previousEventId": previous, "timestamp": 0, "type": "TaskScheduled",
            "taskScheduledEventDetails": {"resourceType": "sqs", "resource": resource,
                "region": "us-east-1", "parameters": parameters.to_string()}})
    }

    fn plain(id: u64, previous: u64, kind: &str) -> Value {
        json!({"id": id, "previousEventId": previous, "timestamp": 0, "type": kind})
    }

    #[test]
    fn a_callbacks_token_is_read_where_its_template_puts_it() {
        let machine = StateMachine::from_json(
            r#"{"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
                {"StartAt": "Approve", "States": {"Approve": {"Type": "Task",
                    "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                    "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token", "id.$": "$.id"}},
                    "End": true}}},
                {"StartAt": "Confirm", "States": {"Confirm": {"Type": "Task", "QueryLanguage": "JSONata",
                    "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                    "Arguments": {"QueueUrl": "q", "MessageBody": {"t": "{% $states.context.Task.Token %}"}},
                    "End": true}}},
                {"StartAt": "Hidden", "States": {"Hidden": {"Type": "Task",
                    "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                    "Parameters": {"QueueUrl": "q", "MessageBody.$": "States.Format('t={}', $$.Task.Token)"},
                    "End": true}}}
            ]}}}"#,
        )
        .expect("decodes");
        let history = events(&[
            entered(2, 1, "Approve"),
            entered(3, 1, "Confirm"),
            entered(4, 1, "Hidden"),
            scheduled(
                5,
                2,
                "sendMessage.waitForTaskToken",
                &json!({"QueueUrl": "q", "MessageBody": {"token": "TOKEN-A", "id": 1}}),
            ),
            scheduled(
                6,
                3,
                "sendMessage.waitForTaskToken",
                &json!({"QueueUrl": "q", "MessageBody": {"t": "TOKEN-B"}}),
            ),
            scheduled(
                7,
                4,
                "sendMessage.waitForTaskToken",
                &json!({"QueueUrl": "q", "MessageBody": "t=TOKEN-C"}),
            ),
            plain(8, 5, "TaskStarted"),
        ]);
        let open = open_tasks(&history);
        let shown: Vec<Value> = open.iter().filter_map(|t| shown(t, &machine)).collect();
        assert_eq!(shown.len(), 3);
        assert_eq!(shown[0]["state"], "Approve");
        assert_eq!(shown[0]["token"], "TOKEN-A");
        assert_eq!(shown[1]["state"], "Confirm");
        assert_eq!(shown[1]["token"], "TOKEN-B");
        assert_eq!(shown[2]["state"], "Hidden");
        assert!(
            shown[2].get("token").is_none(),
            "part of a value: asked for"
        );
        assert_eq!(shown[0]["kind"], "callback");
    }

    #[test]
    fn answered_failed_and_aborted_tasks_are_not_waiting() {
        let request = json!({"token": "x"});
        let history = events(&[
            entered(2, 1, "A"),
            entered(3, 1, "B"),
            entered(4, 1, "C"),
            scheduled(5, 2, "invoke.waitForTaskToken", &request),
            scheduled(6, 3, "invoke.waitForTaskToken", &request),
            scheduled(7, 4, "invoke", &request),
            json!({"id": 8, "previousEventId": 5, "timestamp": 0, "type": "TaskFailed",
                "taskFailedEventDetails": {"resourceType": "lambda", "resource": "invoke.waitForTaskToken", "error": "E"}}),
            // The failed branch's Task, then the other branches' ones, closed as AWS closes
            // them: each `…StateAborted` points at the failure.
            plain(9, 8, "TaskStateAborted"),
            plain(10, 8, "TaskStateAborted"),
            plain(11, 8, "TaskStateAborted"),
            entered(12, 1, "D"),
            scheduled(13, 12, "invoke.waitForTaskToken", &request),
            json!({"id": 14, "previousEventId": 1, "timestamp": 0, "type": "ActivityScheduled",
                "activityScheduledEventDetails": {"resource": "arn:aws:states:us-east-1:123456789012:activity:a", "input": "{}"}}),
            json!({"id": 15, "previousEventId": 14, "timestamp": 0, "type": "ActivityStarted",
                "activityStartedEventDetails": {"workerName": "w"}}),
        ]);
        let open = open_tasks(&history);
        let ids: Vec<u64> = open.iter().map(|t| t.event.id).collect();
        assert_eq!(ids, [13, 14]);
        assert_eq!(open[1].worker, Some(Some("w".to_owned())));
    }
}

//! What a replay compares between a recorded event and the event the run wrote in its place:
//! an event's details as compared ([`details`]: its JSON texts parsed, what is not data left
//! out), in words ([`describe`]), and where two of them differ, as JSON pointers with the
//! recorded and the new value ([`changes`]).

use crate::execution::{EventKind, HistoryEvent};
use serde_json::{Map, Value};

/// One place where a recorded event's details and the run's differ: its JSON pointer into the
/// details (`/output/orderId`), and the value on each side (`None` where that side has none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Change {
    /// Where, as a JSON pointer (RFC 6901) into the event's details.
    pub pointer: String,
    /// The recorded value there, if the record has one.
    pub recorded: Option<Value>,
    /// The run's value there, if the run has one.
    pub now: Option<Value>,
}

/// The details of an event that are compared: the event's `…EventDetails` with its JSON texts
/// (`input`, `output`, `parameters`, the values of `assignedVariables`, and a `cause` that is a
/// JSON object or array) parsed, and what says nothing about the run's data left out (the
/// truncation flags, the role and region, the alias and version ARNs). `Null` for an event
/// without details.
pub(crate) fn details(kind: &EventKind) -> Value {
    let event = HistoryEvent {
        id: 0,
        previous_event_id: 0,
        timestamp_millis: 0,
        kind: kind.clone(),
    }
    .to_json();
    let Value::Object(map) = event else {
        return Value::Null;
    };
    let Some((_, Value::Object(details))) =
        map.into_iter().find(|(k, _)| k.ends_with("EventDetails"))
    else {
        return Value::Null;
    };
    let mut kept = Map::new();
    for (name, value) in details {
        match name.as_str() {
            "inputDetails"
            | "outputDetails"
            | "assignedVariablesDetails"
            | "roleArn"
            | "region"
            | "stateMachineAliasArn"
            | "stateMachineVersionArn" => {}
            "input" | "output" | "parameters" => {
                kept.insert(name, parsed(value));
            }
            // A task's cause is often its error's JSON (a Lambda function's): compared, and
            // pointed into, as a value.
            "cause" => {
                let value = match parsed(value.clone()) {
                    structured @ (Value::Object(_) | Value::Array(_)) => structured,
                    _ => value,
                };
                kept.insert(name, value);
            }
            "assignedVariables" => {
                let value = match value {
                    Value::Object(vars) => {
                        Value::Object(vars.into_iter().map(|(k, v)| (k, parsed(v))).collect())
                    }
                    other => other,
                };
                kept.insert(name, value);
            }
            _ => {
                kept.insert(name, value);
            }
        }
    }
    Value::Object(kept)
}

/// `kind` with the recorded event's values at `pointers` (JSON pointers into [`details`]: a
/// state's output, a Task's request, an assigned variable), where the run has a value there
/// to replace; `None` when nothing was replaced. A replay takes the record's values where
/// what the run drew makes them in a way it cannot undo (`super::draws`).
pub(crate) fn with_recorded_values(
    kind: &EventKind,
    recorded: &EventKind,
    pointers: &[String],
) -> Option<EventKind> {
    let was = details(recorded);
    let event = HistoryEvent {
        id: 0,
        previous_event_id: 0,
        timestamp_millis: 0,
        kind: kind.clone(),
    };
    let mut json = event.to_json();
    let map = json.as_object_mut()?;
    let key = map.keys().find(|k| k.ends_with("EventDetails"))?.clone();
    let fields = map.get_mut(&key)?.as_object_mut()?;
    let mut replaced = false;
    for pointer in pointers {
        let Some(value) = was.pointer(pointer) else {
            continue;
        };
        let mut tokens = pointer.splitn(3, '/').skip(1);
        let Some(field) = tokens.next().map(unescape) else {
            continue;
        };
        let rest = tokens.next().map(|r| format!("/{r}")).unwrap_or_default();
        replaced |= match field.as_str() {
            "assignedVariables" => {
                let mut vars = rest.splitn(3, '/').skip(1);
                let (Some(name), inner) = (vars.next().map(unescape), vars.next()) else {
                    continue;
                };
                let inner = inner.map(|r| format!("/{r}")).unwrap_or_default();
                fields
                    .get_mut("assignedVariables")
                    .and_then(Value::as_object_mut)
                    .and_then(|v| v.get_mut(&name))
                    .is_some_and(|text| set_in_text(text, &inner, value))
            }
            _ => match fields.get_mut(&field) {
                Some(text @ Value::String(_)) if text.as_str().is_some_and(is_json_text) => {
                    set_in_text(text, &rest, value)
                }
                Some(plain) if rest.is_empty() => {
                    *plain = value.clone();
                    true
                }
                _ => false,
            },
        };
    }
    if !replaced {
        return None;
    }
    let mut replaced_event = HistoryEvent::from_json(&json).ok()?;
    replaced_event.id = 0;
    Some(replaced_event.kind)
}

/// Whether `text` is JSON text of an object or array (a state's input or output, a Task's
/// request), not a plain string field.
fn is_json_text(text: &str) -> bool {
    serde_json::from_str::<Value>(text).is_ok()
}

/// Sets `value` at `pointer` in the JSON text `text` holds (the whole of it for an empty
/// pointer), where the text has a value there.
fn set_in_text(text: &mut Value, pointer: &str, value: &Value) -> bool {
    let Some(mut parsed) = text
        .as_str()
        .and_then(|t| serde_json::from_str::<Value>(t).ok())
    else {
        return false;
    };
    let Some(slot) = parsed.pointer_mut(pointer) else {
        return false;
    };
    *slot = value.clone();
    *text = Value::String(parsed.to_string());
    true
}

/// An RFC 6901 token unescaped.
fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// `value` parsed when it is JSON text; as it is otherwise.
fn parsed(value: Value) -> Value {
    value
        .as_str()
        .and_then(|text| serde_json::from_str(text).ok())
        .unwrap_or(value)
}

/// An event in words: its type, its state and its details.
pub(crate) fn describe(kind: &EventKind) -> String {
    let details = details(kind);
    match (&details, kind.state_name()) {
        (Value::Object(map), Some(name)) => {
            let mut rest = map.clone();
            rest.remove("name");
            format!("{} `{name}` {}", kind.event_type(), Value::Object(rest))
        }
        (Value::Object(map), None) if map.is_empty() => kind.event_type().to_string(),
        _ => format!("{} {details}", kind.event_type()),
    }
}

/// Where `recorded` and `now` differ, in document order: a member or an element only one
/// side has, or a value that is not the other's (numbers compared as JSON writes them: `1`
/// and `1.0` differ, as they do in the recorded text). Objects and arrays are walked; any other
/// pair that differs is one change.
pub(crate) fn changes(recorded: &Value, now: &Value) -> Vec<Change> {
    let mut found = Vec::new();
    walk(recorded, now, &mut String::new(), &mut found);
    found
}

fn walk(recorded: &Value, now: &Value, pointer: &mut String, found: &mut Vec<Change>) {
    match (recorded, now) {
        (Value::Object(was), Value::Object(is)) => {
            for (key, value) in was {
                let len = push_token(pointer, key);
                match is.get(key) {
                    Some(other) => walk(value, other, pointer, found),
                    None => found.push(Change {
                        pointer: pointer.clone(),
                        recorded: Some(value.clone()),
                        now: None,
                    }),
                }
                pointer.truncate(len);
            }
            for (key, value) in is.iter().filter(|(k, _)| !was.contains_key(*k)) {
                let len = push_token(pointer, key);
                found.push(Change {
                    pointer: pointer.clone(),
                    recorded: None,
                    now: Some(value.clone()),
                });
                pointer.truncate(len);
            }
        }
        (Value::Array(was), Value::Array(is)) => {
            for index in 0..was.len().max(is.len()) {
                let len = push_token(pointer, &index.to_string());
                match (was.get(index), is.get(index)) {
                    (Some(a), Some(b)) => walk(a, b, pointer, found),
                    (a, b) => found.push(Change {
                        pointer: pointer.clone(),
                        recorded: a.cloned(),
                        now: b.cloned(),
                    }),
                }
                pointer.truncate(len);
            }
        }
        (a, b) if a == b => {}
        (a, b) => found.push(Change {
            pointer: pointer.clone(),
            recorded: Some(a.clone()),
            now: Some(b.clone()),
        }),
    }
}

/// Appends `/token` (escaped as RFC 6901 says) to `pointer`; returns its length before.
fn push_token(pointer: &mut String, token: &str) -> usize {
    let len = pointer.len();
    pointer.push('/');
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
    len
}

/// How an EXPRESS child a replay ran again ended (`end`) against how the record holds it
/// ended (`recorded`: a result file's entry, which is all AWS keeps of it): another status is
/// another path, another output (or error and cause) other data; `None` when they agree.
pub(crate) fn child_outcome(
    recorded: &super::map_run::ChildExecution,
    end: &super::child_execution::ChildEnd,
) -> Option<super::prior::Difference> {
    use super::prior::{Difference, DifferenceKind};
    use crate::execution::ExecutionStatus;
    use crate::execution::api::HistoryEventType;
    let outcome_of = |status: &ExecutionStatus,
                      output: Option<Value>,
                      error: Option<&str>,
                      cause: Option<&str>| {
        let mut map = Map::new();
        map.insert("status".into(), Value::from(status.as_str()));
        if let Some(output) = output {
            map.insert("output".into(), output);
        }
        if let Some(error) = error {
            map.insert("error".into(), Value::from(error));
        }
        if let Some(cause) = cause.filter(|c| !c.is_empty()) {
            map.insert("cause".into(), Value::from(cause));
        }
        Value::Object(map)
    };
    let was = outcome_of(
        &recorded.status,
        recorded.output.as_ref().map(|o| o.to_value()),
        recorded.error.as_ref().map(|e| e.as_str()),
        recorded.cause.as_deref(),
    );
    let (output, error, cause) = match &end.outcome {
        Ok(output) => (Some(output.clone()), None, None),
        Err(_) if end.status == ExecutionStatus::Aborted => (None, None, None),
        Err(f) => (
            None,
            f.error_name().map(|e| e.as_str()),
            Some(f.cause.as_str()),
        ),
    };
    let is = outcome_of(&end.status, output, error, cause);
    if was == is {
        return None;
    }
    let end_event = |status: &ExecutionStatus| match status {
        ExecutionStatus::Succeeded => HistoryEventType::ExecutionSucceeded,
        ExecutionStatus::TimedOut => HistoryEventType::ExecutionTimedOut,
        ExecutionStatus::Aborted => HistoryEventType::ExecutionAborted,
        _ => HistoryEventType::ExecutionFailed,
    };
    let (kind, changes) = match recorded.status == end.status {
        true => (DifferenceKind::Data, changes(&was, &is)),
        false => (DifferenceKind::Path, Vec::new()),
    };
    Some(Difference {
        kind,
        state: None,
        after_state: end.failed_state.clone(),
        recorded: None,
        now: Some(end_event(&end.status)),
        was: format!("{} {was}", end_event(&recorded.status)),
        is: format!("{} {is}", end_event(&end.status)),
        was_details: Some(was),
        is_details: Some(is),
        changes,
        execution: None,
        file: None,
    })
}

#[cfg(test)]
mod tests {
    use super::{Change, changes};
    use serde_json::json;

    #[test]
    fn changes_name_each_differing_member_and_element_by_its_pointer() {
        let was = json!({"output": {"orderId": "a", "items": [1, 2], "gone": true, "a/b": 1}});
        let is = json!({"output": {"orderId": "b", "items": [1, 2, 3], "new": null, "a/b": 1.0}});
        let found = changes(&was, &is);
        let pointers: Vec<&str> = found.iter().map(|c| c.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/output/orderId",
                "/output/items/2",
                "/output/gone",
                "/output/a~1b",
                "/output/new"
            ]
        );
        assert_eq!(
            found[0],
            Change {
                pointer: "/output/orderId".into(),
                recorded: Some(json!("a")),
                now: Some(json!("b")),
            }
        );
        assert_eq!(
            (found[1].recorded.as_ref(), found[1].now.as_ref()),
            (None, Some(&json!(3)))
        );
        assert!(changes(&was, &was).is_empty());
        // A value of another type is one change at its pointer.
        assert_eq!(changes(&json!({"a": [1]}), &json!({"a": "x"})).len(), 1);
    }
}

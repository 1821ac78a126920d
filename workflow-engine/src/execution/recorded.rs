//! [`RecordedHistory`]: an execution's history as it was recorded, locally or on AWS, which a
//! run starts from (a resume continues it, a replay runs a definition on it): its events and
//! those of its Distributed Maps' child executions. Read once from the JSON
//! `GetExecutionHistory` returns (`aws stepfunctions get-execution-history --output json`
//! prints `{"events": [...]}`) into the engine's typed events.

use super::history::{EventKind, HistoryEvent};
use serde_json::Value;
use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use workflow_aws_models::StatesArn;

/// The most bytes a history file may have: 25,000 events of at most 256 KiB of input and
/// output each, with room for their details (a service history's bound).
pub const MAX_HISTORY_FILE_BYTES: u64 = 16 << 30;

/// An execution's history as it was recorded, and its Distributed Maps' children's.
///
/// ```
/// use workflow_runtime::execution::RecordedHistory;
/// let history = RecordedHistory::from_json_text(r#"{"events": [
///     {"id": 1, "previousEventId": 0, "timestamp": 1767225600.0, "type": "ExecutionStarted",
///      "executionStartedEventDetails": {"input": "{\"n\": 1}"}},
///     {"id": 2, "previousEventId": 1, "timestamp": 1767225600.0, "type": "PassStateEntered",
///      "stateEnteredEventDetails": {"name": "P", "input": "{\"n\": 1}"}}]}"#)?;
/// assert_eq!(history.events().len(), 2);
/// assert_eq!(history.events()[1].kind.state_name(), Some("P"));
/// # Ok::<(), workflow_runtime::execution::HistoryReadError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RecordedHistory {
    events: Vec<HistoryEvent>,
    children: HashMap<StatesArn, Vec<HistoryEvent>>,
}

/// Why a recorded history could not be read: where (a file, a JSON pointer, a line and
/// column) and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}{}: {message}", .file.as_deref().map(|f| format!("{f}: ")).unwrap_or_default(), .at)]
pub struct HistoryReadError {
    /// The file, when it was read from one.
    pub file: Option<String>,
    /// Where in it: a JSON pointer (`/events/3/type`), or the line and column of a JSON
    /// syntax error.
    pub at: String,
    /// What is wrong.
    pub message: String,
}

impl RecordedHistory {
    /// A history of `events`, in order (the first one `ExecutionStarted`).
    pub fn new(events: Vec<HistoryEvent>) -> Self {
        RecordedHistory {
            events,
            children: HashMap::new(),
        }
    }

    /// The recorded events of the child execution `arn` of one of its Distributed Maps (at
    /// any depth): a resume keeps the children whose history ends, and resumes the others.
    #[must_use]
    pub fn child(mut self, arn: StatesArn, events: Vec<HistoryEvent>) -> Self {
        self.children.insert(arn, events);
        self
    }

    /// The execution's events.
    pub fn events(&self) -> &[HistoryEvent] {
        &self.events
    }

    /// The recorded children's events, by child ARN.
    pub fn children(&self) -> &HashMap<StatesArn, Vec<HistoryEvent>> {
        &self.children
    }

    /// The history and children, taken apart.
    pub(crate) fn into_parts(self) -> (Vec<HistoryEvent>, HashMap<StatesArn, Vec<HistoryEvent>>) {
        (self.events, self.children)
    }

    /// Reads `GetExecutionHistory`'s JSON (`{"events": [...]}`, or the array of events): each
    /// event's `id`, `previousEventId`, `timestamp` (RFC 3339 text, or seconds since the
    /// epoch) and `type` with its details. An event that is not one, or events out of order,
    /// are refused at their JSON pointer.
    pub fn from_json_text(text: &str) -> Result<RecordedHistory, HistoryReadError> {
        let value =
            workflow_text::json::parse_data(text.trim_start_matches('\u{feff}')).map_err(|e| {
                HistoryReadError {
                    file: None,
                    at: pointer_of(&e.path),
                    message: e.message,
                }
            })?;
        RecordedHistory::from_json(&value)
    }

    /// [`RecordedHistory::from_json_text`] of a JSON value already read.
    pub fn from_json(value: &Value) -> Result<RecordedHistory, HistoryReadError> {
        let refuse = |at: String, message: String| HistoryReadError {
            file: None,
            at,
            message,
        };
        let (events, base) = match value {
            Value::Array(events) => (events, String::new()),
            Value::Object(map) => match map.get("events") {
                Some(Value::Array(events)) => (events, "/events".to_owned()),
                Some(_) => {
                    return Err(refuse(
                        "/events".into(),
                        "`events` is not an array of history events".into(),
                    ));
                }
                None => {
                    return Err(refuse(
                        String::new(),
                        "no `events`: a history is the JSON `aws stepfunctions get-execution-history --output json` prints, `{\"events\": [...]}`".into(),
                    ));
                }
            },
            _ => {
                return Err(refuse(
                    String::new(),
                    "a history is an object with `events`, or an array of events".into(),
                ));
            }
        };
        let mut read = Vec::with_capacity(events.len());
        for (index, event) in events.iter().enumerate() {
            let at = format!("{base}/{index}");
            let typed = HistoryEvent::from_json(event).map_err(|e| {
                refuse(
                    format!("{at}{}", e.at),
                    format!("not a history event: {}", e.message),
                )
            })?;
            if let Some((field, message)) = unreadable_arn(&typed.kind) {
                return Err(refuse(format!("{at}/{field}"), message));
            }
            if let Some(last) = read.last().map(|e: &HistoryEvent| e.id)
                && typed.id <= last
            {
                return Err(refuse(
                    format!("{at}/id"),
                    format!(
                        "event id {} follows event id {last}: the events must be in order, oldest first (as `get-execution-history` prints them without `--reverse-order`)",
                        typed.id
                    ),
                ));
            }
            read.push(typed);
        }
        match read.first().map(|e| &e.kind) {
            Some(EventKind::ExecutionStarted { .. }) => {}
            Some(_) => {
                return Err(refuse(
                    format!("{base}/0/type"),
                    "the first event is not `ExecutionStarted`: the history is not whole (read every page, oldest first)".into(),
                ));
            }
            None => return Err(refuse(base, "the history has no events".into())),
        }
        Ok(RecordedHistory::new(read))
    }

    /// Reads a history file (`aws stepfunctions get-execution-history --output json >
    /// FILE`); errors name the file.
    pub fn read(path: impl AsRef<Path>) -> Result<RecordedHistory, HistoryReadError> {
        let path = path.as_ref();
        let file = Some(path.display().to_string());
        let size = std::fs::metadata(path)
            .map(|m| m.len())
            .map_err(|e| HistoryReadError {
                file: file.clone(),
                at: String::new(),
                message: format!("cannot read it: {e}"),
            })?;
        if size > MAX_HISTORY_FILE_BYTES {
            return Err(HistoryReadError {
                file,
                at: String::new(),
                message: format!(
                    "it is {size} bytes; a history is at most {MAX_HISTORY_FILE_BYTES}"
                ),
            });
        }
        let text = std::fs::read_to_string(path).map_err(|e| HistoryReadError {
            file: file.clone(),
            at: String::new(),
            message: format!("cannot read it: {e}"),
        })?;
        RecordedHistory::from_json_text(&text).map_err(|e| HistoryReadError { file, ..e })
    }
}

impl fmt::Display for RecordedHistory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a history of {} events", self.events.len())
    }
}

/// Where an event the engine types was read as [`EventKind::Other`] because its ARN does not
/// parse (`HistoryEvent::from_json`), the pointer to that ARN below the event and what it is
/// not: a resume from it would miss the execution's start or its Map Run.
fn unreadable_arn(kind: &EventKind) -> Option<(&'static str, String)> {
    let EventKind::Other {
        event_type,
        details,
    } = kind
    else {
        return None;
    };
    let (field, what) = match event_type.as_str() {
        "ExecutionStarted" => (
            "executionStartedEventDetails/roleArn",
            "an IAM role's ARN (`arn:PARTITION:iam::ACCOUNT:role/NAME`)",
        ),
        "MapRunStarted" => (
            "mapRunStartedEventDetails/mapRunArn",
            "a Map Run's ARN (`arn:PARTITION:states:REGION:ACCOUNT:mapRun:NAME/LABEL:ID`)",
        ),
        "MapRunRedriven" => (
            "mapRunRedrivenEventDetails/mapRunArn",
            "a Map Run's ARN (`arn:PARTITION:states:REGION:ACCOUNT:mapRun:NAME/LABEL:ID`)",
        ),
        _ => return None,
    };
    let key = field.rsplit('/').next().unwrap_or(field);
    let arn = match event_type.as_str() {
        "ExecutionStarted" => details
            .execution_started_event_details
            .as_ref()
            .and_then(|d| d.role_arn.as_ref()),
        "MapRunStarted" => details
            .map_run_started_event_details
            .as_ref()
            .and_then(|d| d.map_run_arn.as_ref()),
        _ => details
            .map_run_redriven_event_details
            .as_ref()
            .and_then(|d| d.map_run_arn.as_ref()),
    };
    let shown = arn.map_or_else(
        || "nothing".to_owned(),
        |arn| Value::from(arn.as_str()).to_string(),
    );
    Some((
        field,
        format!("{event_type}'s `{key}` is {shown}, not {what}"),
    ))
}

/// A JSON pointer to the path of a JSON syntax error (where the reader was).
fn pointer_of(path: &[workflow_text::json::PathSegment]) -> String {
    path.iter()
        .map(|segment| match segment {
            workflow_text::json::PathSegment::Key(k) => {
                format!("/{}", k.replace('~', "~0").replace('/', "~1"))
            }
            workflow_text::json::PathSegment::Index(i) => format!("/{i}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_not_a_history_is_refused_where_it_is() {
        let e = RecordedHistory::from_json_text(r#"{"events": [{"id": 1}]}"#).unwrap_err();
        assert_eq!(e.at, "/events/0");
        assert!(e.message.contains("`timestamp`"), "{}", e.message);
        // A member of the wrong type, at its pointer below the event.
        let e = RecordedHistory::from_json_text(
            r#"[{"id": 1, "timestamp": 1.5, "type": "ExecutionStarted", "executionStartedEventDetails": {"input": 3}}]"#,
        )
        .unwrap_err();
        assert_eq!(e.at, "/0/executionStartedEventDetails/input");
        assert!(e.message.contains("invalid type"), "{}", e.message);
        let e = RecordedHistory::from_json_text(
            r#"[{"id": -1, "timestamp": "yesterday", "type": "ExecutionStarted"}]"#,
        )
        .unwrap_err();
        assert_eq!(e.at, "/0/timestamp");
        let e = RecordedHistory::from_json_text(
            r#"[{"id": -1, "timestamp": 1.5, "type": "ExecutionStarted"}]"#,
        )
        .unwrap_err();
        assert_eq!(e.at, "/0/id");
        let e = RecordedHistory::from_json_text("{\"events\": [\n  {,}]}").unwrap_err();
        assert!(e.message.contains("line 2"), "{}", e.message);
        let e = RecordedHistory::from_json_text(r#"{"Events": []}"#).unwrap_err();
        assert!(e.message.contains("get-execution-history"), "{}", e.message);
        let started = r#"{"id": 1, "previousEventId": 0, "timestamp": 1.0, "type": "ExecutionStarted", "executionStartedEventDetails": {"input": "{}"}}"#;
        let e = RecordedHistory::from_json_text(&format!("[{started}, {started}]")).unwrap_err();
        assert_eq!(e.at, "/1/id");
    }

    #[test]
    fn an_arn_that_does_not_parse_is_refused_at_its_pointer() {
        let started = |role: &str| {
            format!(
                r#"{{"id": 1, "previousEventId": 0, "timestamp": 1.0, "type": "ExecutionStarted", "executionStartedEventDetails": {{"input": "{{}}", "roleArn": "{role}"}}}}"#
            )
        };
        let e = RecordedHistory::from_json_text(&format!("[{}]", started("arn:aws:iam::1:user/u")))
            .unwrap_err();
        assert_eq!(e.at, "/0/executionStartedEventDetails/roleArn");
        assert!(
            e.message.contains("\"arn:aws:iam::1:user/u\""),
            "{}",
            e.message
        );
        let good = started("arn:aws:iam::123456789012:role/R");
        let read = RecordedHistory::from_json_text(&format!("[{good}]")).unwrap();
        assert!(matches!(
            &read.events()[0].kind,
            EventKind::ExecutionStarted { role_arn: Some(role), .. } if role.name() == "R"
        ));
        let map_run = |arn: &str| {
            format!(
                r#"{{"id": 2, "previousEventId": 1, "timestamp": 2.0, "type": "MapRunStarted", "mapRunStartedEventDetails": {{"mapRunArn": "{arn}"}}}}"#
            )
        };
        // An execution's ARN is a Step Functions ARN, not a Map Run's.
        let execution = "arn:aws:states:us-east-1:123456789012:execution:M:e";
        let e = RecordedHistory::from_json_text(&format!("[{good}, {}]", map_run(execution)))
            .unwrap_err();
        assert_eq!(e.at, "/1/mapRunStartedEventDetails/mapRunArn");
        let run = "arn:aws:states:us-east-1:123456789012:mapRun:M/Each:7";
        let read = RecordedHistory::from_json_text(&format!("[{good}, {}]", map_run(run))).unwrap();
        assert!(matches!(
            &read.events()[1].kind,
            EventKind::MapRunStarted { map_run_arn } if map_run_arn.to_string() == run
        ));
    }
}

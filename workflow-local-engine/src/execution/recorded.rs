//! [`RecordedHistory`]: an execution's record, the one type every tool reads and writes (a
//! resume continues it, a replay runs a definition on it, the debugger steps through it): its
//! events, its ARN and the definition it ran when known, the child executions its
//! `states:startExecution` Tasks started (with their definitions), and what the record holds of
//! each Map Run ([`RecordedMapRun`]: its children, their histories or (EXPRESS) descriptions,
//! its items, its `ResultWriter`'s files). A history file is read here (the JSON
//! `GetExecutionHistory` returns: `aws stepfunctions get-execution-history --output json`
//! prints `{"events": [...]}`); every other source (a record's directory, the client against
//! AWS or `workflow serve`, serve's own store, a local run) is read by the one walk of
//! `record_source` ([`RecordedHistory::read_from`]). What a record lacks is named by
//! [`RecordedHistory::missing`], with how to get it.

use super::api::HistoryEventType;
use super::history::{EventKind, HistoryEvent};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
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
    /// The execution's ARN, when the record names it.
    execution: Option<StatesArn>,
    /// The definition the execution ran (`DescribeStateMachineForExecution`), when known.
    definition: Option<String>,
    children: HashMap<StatesArn, Vec<HistoryEvent>>,
    map_runs: HashMap<StatesArn, RecordedMapRun>,
    /// The definitions the child executions its `states:startExecution` Tasks started ran.
    definitions: HashMap<StatesArn, String>,
}

/// What a record holds of one Map Run of its execution (or of a child's), besides the
/// `MapRunStarted` in its history: which child executions it started (their histories are
/// the record's children: [`RecordedHistory::child`]), how many items it had, and the files
/// its `ResultWriter` wrote. A replay runs a Map Run's children on their records (each on
/// its recorded history), and compares the children the definition makes now with them (from
/// the items read again where it can: `core::map_replay`); an EXPRESS child, which keeps no
/// history, is known by its entry in the result files (its input, output or error and
/// cause).
///
/// ```
/// use workflow_runtime::execution::{RecordedHistory, RecordedMapRun};
/// let run = "arn:aws:states:us-east-1:123456789012:mapRun:Orders/Each:1a2b".parse()?;
/// let child = "arn:aws:states:us-east-1:123456789012:execution:Orders/Each:c1".parse()?;
/// let record = RecordedHistory::default()
///     .map_run(run, RecordedMapRun::default().child(child).items(1));
/// assert_eq!(record.map_runs().len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RecordedMapRun {
    /// Its child executions, as listed (`ListExecutions` with `mapRunArn`, or a record's
    /// directory), in the order of their ARNs.
    pub children: Vec<StatesArn>,
    /// How many items (or batches) it had, started or not (`DescribeMapRun`'s
    /// `itemCounts.total`), when it is known.
    pub items: Option<u64>,
    /// The files its `ResultWriter` wrote, by name in the Map Run's folder
    /// (`manifest.json`, `SUCCEEDED_0.json`, …), as text.
    pub result_files: BTreeMap<String, String>,
    /// What the record holds of children that keep no history (EXPRESS children), each as a
    /// result file writes it (`ExecutionArn`, `Input`, `Output` or `Error` and `Cause`,
    /// `Status`, `StartDate`, …), besides the result files' own entries.
    pub child_records: Vec<Value>,
}

impl RecordedMapRun {
    /// The same, with the child execution `arn` listed.
    #[must_use]
    pub fn child(mut self, arn: StatesArn) -> Self {
        // Kept in the order of their ARNs: a listing's order is the service's, not the items'.
        let text = arn.to_string();
        if let Err(at) = self
            .children
            .binary_search_by(|listed| listed.to_string().cmp(&text))
        {
            self.children.insert(at, arn);
        }
        self
    }

    /// The same, with `items` items (or batches).
    #[must_use]
    pub fn items(mut self, items: u64) -> Self {
        self.items = Some(items);
        self
    }

    /// The same, with the `ResultWriter`'s file `name` (in the Map Run's folder) holding
    /// `text`.
    #[must_use]
    pub fn result_file(mut self, name: impl Into<String>, text: impl Into<String>) -> Self {
        self.result_files.insert(name.into(), text.into());
        self
    }

    /// The same, holding `record` of a child that keeps no history (see `child_records`).
    #[must_use]
    pub fn child_record(mut self, record: Value) -> Self {
        self.child_records.push(record);
        self
    }

    /// What the record holds of the children that keep no history: [`child_records`](Self::child_records),
    /// then the entries of its result files (`SUCCEEDED_*.json`, `FAILED_*.json`,
    /// `PENDING_*.json`, or their `.jsonl` forms), each a child execution as the service
    /// writes it (`ExecutionArn`, `Input`, `Output` or `Error` and `Cause`, `Status`, …), in
    /// the order of the files' names; files that do not read as such are left out.
    pub fn result_entries(&self) -> Vec<Value> {
        let mut entries = self.child_records.clone();
        for (name, text) in &self.result_files {
            let results = ["SUCCEEDED_", "FAILED_", "PENDING_"]
                .iter()
                .any(|prefix| name.starts_with(prefix));
            if !results {
                continue;
            }
            if name.ends_with(".jsonl") {
                entries.extend(
                    text.lines()
                        .filter(|line| !line.trim().is_empty())
                        .filter_map(|line| serde_json::from_str::<Value>(line).ok()),
                );
            } else if let Ok(Value::Array(items)) = serde_json::from_str::<Value>(text) {
                entries.extend(items);
            }
        }
        entries
    }
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
            execution: None,
            definition: None,
            children: HashMap::new(),
            map_runs: HashMap::new(),
            definitions: HashMap::new(),
        }
    }

    /// The execution's ARN, when the record names it (read through the client, or a record's
    /// directory with its `execution.json`).
    pub fn execution_arn(&self) -> Option<&StatesArn> {
        self.execution.as_ref()
    }

    /// The same record, naming its execution `arn`.
    #[must_use]
    pub fn with_execution_arn(mut self, arn: StatesArn) -> Self {
        self.execution = Some(arn);
        self
    }

    /// The definition the execution ran (`DescribeStateMachineForExecution`), when the record
    /// holds it.
    pub fn definition(&self) -> Option<&str> {
        self.definition.as_deref()
    }

    /// The same record, holding `definition` as the one the execution ran.
    #[must_use]
    pub fn with_definition(mut self, definition: impl Into<String>) -> Self {
        self.definition = Some(definition.into());
        self
    }

    /// The record of a local run: its history, its Distributed Maps' Map Runs (at any depth)
    /// with their children and the children's histories (an EXPRESS child's entry in the
    /// results, as a `ResultWriter` would write it). The `ResultWriter`'s files themselves
    /// are in the engine's object store, not in the run: a replay reads them there.
    pub fn of_run(run: &crate::Execution) -> Self {
        super::record_source::of_run(run)
    }

    /// What the record holds of the Map Run `arn` (at any depth).
    #[must_use]
    pub fn map_run(mut self, arn: StatesArn, run: RecordedMapRun) -> Self {
        self.map_runs.insert(arn, run);
        self
    }

    /// What the record holds of each Map Run, by ARN.
    pub fn map_runs(&self) -> &HashMap<StatesArn, RecordedMapRun> {
        &self.map_runs
    }

    /// The child execution `arn` a `states:startExecution` Task started (at any depth): its
    /// recorded events and the definition it ran (`DescribeStateMachineForExecution`). A
    /// replay replays it on that definition, or on the one
    /// [`started_definition`](Self::started_definition) gives in its place.
    #[must_use]
    pub fn started_execution(
        mut self,
        arn: StatesArn,
        events: Vec<HistoryEvent>,
        definition: impl Into<String>,
    ) -> Self {
        self.children.insert(arn.clone(), events);
        self.definitions.insert(arn, definition.into());
        self
    }

    /// The same, the started child execution `arn` replayed on `definition` (a changed one)
    /// instead of the one it ran.
    #[must_use]
    pub fn started_definition(mut self, arn: &StatesArn, definition: impl Into<String>) -> Self {
        if let Some(held) = self.definitions.get_mut(arn) {
            *held = definition.into();
        }
        self
    }

    /// The child executions `states:startExecution` Tasks started that the record holds, each
    /// with the definition it is replayed on.
    pub fn started_executions(&self) -> &HashMap<StatesArn, String> {
        &self.definitions
    }

    /// The child executions `states:startExecution` Tasks of this execution started (not of
    /// its children) whose records end them unsuccessfully (failed, timed out or stopped),
    /// each with its state machine: what a resume resumes from the child's own record, on
    /// the definition the record holds for it ([`started_definition`](Self::started_definition)
    /// puts its fix there).
    pub fn unsuccessful_started(&self) -> Vec<(StatesArn, StatesArn)> {
        let mut found = Vec::new();
        for arn in super::started_executions(&self.events) {
            let ended_badly = self
                .children
                .get(&arn)
                .and_then(|h| h.last())
                .is_some_and(|e| {
                    matches!(
                        e.kind,
                        EventKind::ExecutionFailed { .. }
                            | EventKind::ExecutionTimedOut { .. }
                            | EventKind::ExecutionAborted { .. }
                    )
                });
            if let (true, Some(machine)) = (ended_badly, arn.state_machine()) {
                found.push((arn, machine));
            }
        }
        found
    }

    /// The record of the child execution `arn` (a Distributed Map's or a started one): its
    /// events, and the rest of this record, which holds its own children.
    pub fn child_record(&self, arn: &StatesArn) -> Option<RecordedHistory> {
        Some(RecordedHistory {
            events: self.children.get(arn)?.clone(),
            execution: Some(arn.clone()),
            definition: self.definitions.get(arn).cloned(),
            children: self.children.clone(),
            map_runs: self.map_runs.clone(),
            definitions: self.definitions.clone(),
        })
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

    /// The history, and the rest of the record (children, Map Runs), taken apart.
    pub(crate) fn into_record(self) -> (Vec<HistoryEvent>, Record) {
        (
            self.events,
            Record {
                children: self.children,
                map_runs: self.map_runs,
            },
        )
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

    /// Reads one history file.
    pub(crate) fn read_file(path: &Path) -> Result<RecordedHistory, HistoryReadError> {
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

/// The children's histories and the Map Runs of a record, shared by the runs started from it
/// (the execution's and its children's).
#[derive(Clone, Debug, Default)]
pub(crate) struct Record {
    /// Each child execution's history, by ARN.
    pub children: HashMap<StatesArn, Vec<HistoryEvent>>,
    /// What the record holds of each Map Run, by ARN.
    pub map_runs: HashMap<StatesArn, RecordedMapRun>,
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
    let map_run = "a Map Run's ARN (`arn:PARTITION:states:REGION:ACCOUNT:mapRun:NAME/LABEL:ID`)";
    let (field, what, arn) = match event_type {
        HistoryEventType::ExecutionStarted => (
            "executionStartedEventDetails/roleArn",
            "an IAM role's ARN (`arn:PARTITION:iam::ACCOUNT:role/NAME`)",
            details
                .execution_started_event_details
                .as_ref()
                .and_then(|d| d.role_arn.as_ref()),
        ),
        HistoryEventType::MapRunStarted => (
            "mapRunStartedEventDetails/mapRunArn",
            map_run,
            details
                .map_run_started_event_details
                .as_ref()
                .and_then(|d| d.map_run_arn.as_ref()),
        ),
        HistoryEventType::MapRunRedriven => (
            "mapRunRedrivenEventDetails/mapRunArn",
            map_run,
            details
                .map_run_redriven_event_details
                .as_ref()
                .and_then(|d| d.map_run_arn.as_ref()),
        ),
        _ => return None,
    };
    let key = field.rsplit('/').next().unwrap_or(field);
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

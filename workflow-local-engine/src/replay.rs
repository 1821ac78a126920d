//! What a replay found ([`Replayed`]): a definition run on a recorded history
//! ([`StartExecution::replay`](crate::StartExecution::replay)), and how its run differs from
//! the record, event by event. A [`Difference`] is of one of two kinds: the run takes another
//! path ([`DifferenceKind::Path`]: it enters another state, runs a Task the record never ran,
//! writes an event the record does not have or leaves out one it has, ends otherwise), or it
//! writes the same event with other data ([`DifferenceKind::Data`]: a state's input or output,
//! a Task's request, an error or a cause, assigned variables), each place where the data
//! differs named by its JSON pointer ([`DataChange`]). A replay is identical only when it finds
//! none. A difference inside a child execution of a Distributed Map names the child
//! ([`Difference::execution`]); one in the files a `ResultWriter` writes names the file
//! ([`Difference::file`]).

use crate::Execution;
use crate::core::{map_replay, prior, record_diff};
use crate::execution::api::HistoryEventType;
use serde_json::{Value, json};
use std::fmt;
use workflow_aws_models::StatesArn;

/// A replay's run and how it differs from the record it replays.
#[derive(Clone, Debug, PartialEq)]
pub struct Replayed {
    /// The run, as the definition does it now on the recorded results.
    pub execution: Execution,
    /// The differences with the record, in the order the run met them (then the recorded
    /// events it never matched, in their order).
    pub differences: Vec<Difference>,
    /// The EXPRESS children of its Distributed Maps that were not run again but taken from
    /// the record: an EXPRESS child keeps no history, so a Task of it that no handler or
    /// mock answers has no recorded result; its recorded outcome (a `ResultWriter`'s entry)
    /// stands for its run.
    pub taken_from_record: Vec<StatesArn>,
    /// What the replay took from the record without checking it against the definition: a
    /// Distributed Map's items that could not be read again (its `ItemReader`'s source not
    /// in the replay's object store) or whose `ResultWriter`'s files had nothing recorded to
    /// compare with, when the record does not hold the definition the execution ran.
    pub unchecked: Vec<Unchecked>,
}

/// A part of a Distributed Map's Map Run a replay took from the record without checking it
/// against the definition it replays, and why ([`Replayed::unchecked`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unchecked {
    /// The child execution the Map ran in, `None` for the replayed execution itself.
    pub execution: Option<StatesArn>,
    /// The Map state.
    pub state: String,
    /// The Map Run.
    pub map_run: StatesArn,
    /// What was not checked.
    pub part: UncheckedPart,
    /// Why, in words: what the replay could not read.
    pub reason: String,
}

/// What of a Map Run a replay did not check ([`Unchecked`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UncheckedPart {
    /// Its items: each child ran on its recorded input, and the definition's `ItemReader`,
    /// `ItemSelector` and `ItemBatcher` were not applied.
    Items,
    /// Its `ResultWriter`'s files: the record holds none, and the replay's object store none
    /// where the definition writes them.
    ResultFiles,
}

/// One difference between a replay and its record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// Whether the run takes another path, or writes the same event with other data.
    pub kind: DifferenceKind,
    /// The state it is about, when it is about one: the event's own, or the state the event
    /// belongs to (a Task's request, a Map iteration).
    pub state: Option<String>,
    /// For another path, the state the strand had reached before it, as recorded: the state
    /// whose transition or ending differs (a Choice that now chooses another branch, a Task
    /// that is no longer retried or caught).
    pub after_state: Option<String>,
    /// The recorded event's type and id, when there is one.
    pub recorded_event: Option<(HistoryEventType, u64)>,
    /// The type of the event the run wrote now, when it wrote one.
    pub event: Option<HistoryEventType>,
    /// What was recorded.
    pub recorded: String,
    /// What the definition does now.
    pub now: String,
    /// The recorded event's details as compared (its inputs and outputs parsed), when there
    /// is one.
    pub recorded_details: Option<Value>,
    /// The details of the event the run wrote, as compared, when it wrote one.
    pub now_details: Option<Value>,
    /// Where the data differs, for a [`DifferenceKind::Data`] difference: each place in the
    /// event's details, by its JSON pointer.
    pub changes: Vec<DataChange>,
    /// The child execution of a Distributed Map it is in (its events are in its own history),
    /// `None` for the replayed execution itself.
    pub execution: Option<StatesArn>,
    /// The `ResultWriter`'s file it is about (`s3://bucket/key`), when it is about one.
    pub file: Option<String>,
}

/// What kind of [`Difference`] a replay found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DifferenceKind {
    /// The run takes another path than the record: an event only one side has (a state
    /// entered or not, a Task run or not, another end).
    Path,
    /// The run writes the same event as the record with other data.
    Data,
}

/// One place where a recorded event's details and the run's differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataChange {
    /// Where, as a JSON pointer into the event's details (`/output/orderId`).
    pub pointer: String,
    /// The recorded value there; `None` where the record has none.
    pub recorded: Option<Value>,
    /// The run's value there; `None` where the run has none.
    pub now: Option<Value>,
}

impl From<prior::Difference> for Difference {
    fn from(d: prior::Difference) -> Self {
        Difference {
            kind: match d.kind {
                prior::DifferenceKind::Path => DifferenceKind::Path,
                prior::DifferenceKind::Data => DifferenceKind::Data,
            },
            state: d.state,
            after_state: d.after_state,
            recorded_event: d.recorded,
            event: d.now,
            recorded: d.was,
            now: d.is,
            recorded_details: d.was_details,
            now_details: d.is_details,
            changes: d.changes.into_iter().map(DataChange::from).collect(),
            execution: d.execution,
            file: d.file,
        }
    }
}

impl Replayed {
    pub(crate) fn new(
        execution: Execution,
        differences: Vec<prior::Difference>,
        taken_from_record: Vec<StatesArn>,
    ) -> Self {
        Replayed {
            execution,
            taken_from_record,
            unchecked: Vec::new(),
            differences: differences.into_iter().map(Difference::from).collect(),
        }
    }

    /// The same, with the parts of Map Runs the core took from the record unchecked.
    pub(crate) fn with_unchecked(mut self, unchecked: Vec<map_replay::Unchecked>) -> Self {
        self.unchecked = unchecked.into_iter().map(Unchecked::from).collect();
        self
    }

    /// Takes in `child`, the replay of the child execution `arn` a `states:startExecution`
    /// Task started: its differences, the EXPRESS children it took from the record and what it
    /// left unchecked, each naming the child (or, for one in a child of its own, that one).
    pub(crate) fn absorb(&mut self, arn: &StatesArn, child: Replayed) {
        for mut d in child.differences {
            d.execution.get_or_insert_with(|| arn.clone());
            self.differences.push(d);
        }
        self.taken_from_record.extend(child.taken_from_record);
        for mut u in child.unchecked {
            u.execution.get_or_insert_with(|| arn.clone());
            self.unchecked.push(u);
        }
    }

    /// The first difference, if the replay differs from its record at all: what a replay
    /// that is not identical reports first.
    pub fn divergence(&self) -> Option<&Difference> {
        self.differences.first()
    }

    /// The first place where the run takes another path than the record, if it does.
    pub fn path_divergence(&self) -> Option<&Difference> {
        self.differences
            .iter()
            .find(|d| d.kind == DifferenceKind::Path)
    }

    /// Whether the definition replays the record identically: it enters the same states
    /// (in any order among a Parallel's branches or a Map's iterations), runs the same Tasks,
    /// writes every event the record has with the same data (inputs, outputs, Task requests
    /// and results, errors, causes, assigned variables), and ends as the record does.
    pub fn is_identical(&self) -> bool {
        self.differences.is_empty()
    }

    /// Whether the run takes the recorded path (the same states, Tasks, events and ending),
    /// whatever its data: what a user who expects a change of data asks.
    pub fn takes_recorded_path(&self) -> bool {
        self.path_divergence().is_none()
    }

    /// Panics, naming the first difference, unless the definition replays the record
    /// identically: the assertion a test makes that a workflow still replays a recorded
    /// execution.
    ///
    /// ```
    /// use serde_json::json;
    /// use workflow_runtime::asl::StateMachine;
    /// use workflow_runtime::engine::Engine;
    /// use workflow_runtime::execution::RecordedHistory;
    /// use workflow_runtime::engine::blocking;
    ///
    /// let machine = StateMachine::from_json(r#"{"StartAt": "P", "States": {
    ///     "P": {"Type": "Pass", "Result": 1, "End": true}}}"#)?;
    /// let engine = Engine::new();
    /// let recorded = blocking::run(engine.machine(&machine).input(json!({})))?;
    /// let history = RecordedHistory::new(recorded.history);
    /// blocking::run(engine.machine(&machine).replay(history))?.assert_identical();
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[track_caller]
    pub fn assert_identical(&self) {
        if let Some(d) = self.divergence() {
            panic!("the definition does not replay the recorded history: {d}");
        }
    }

    /// Panics, naming where the path diverges, unless the run takes the recorded path
    /// (its data may differ): the assertion of a test whose change is meant to change data.
    #[track_caller]
    pub fn assert_recorded_path(&self) {
        if let Some(d) = self.path_divergence() {
            panic!("the definition does not take the recorded path: {d}");
        }
    }

    /// The report as JSON (what `workflow replay --json` prints): `{"identical",
    /// "recordedPath", "divergence" (the first difference, or null), "pathDivergence",
    /// "differences": [...], "summary": {"differences", "path", "data"}, "takenFromRecord"
    /// (the EXPRESS children taken from the record), "unchecked" (what of its Map Runs it
    /// took from the record unchecked: [`Unchecked::to_json`]), "status", "output", "error",
    /// "cause", "states"}`.
    pub fn to_json(&self) -> Value {
        let mut summary = self.execution.summary_json();
        let count =
            |kind: DifferenceKind| self.differences.iter().filter(|d| d.kind == kind).count();
        if let Some(map) = summary.as_object_mut() {
            map.insert("identical".into(), self.is_identical().into());
            map.insert("recordedPath".into(), self.takes_recorded_path().into());
            map.insert(
                "divergence".into(),
                self.divergence().map_or(Value::Null, Difference::to_json),
            );
            map.insert(
                "pathDivergence".into(),
                self.path_divergence()
                    .map_or(Value::Null, Difference::to_json),
            );
            map.insert(
                "differences".into(),
                Value::Array(self.differences.iter().map(Difference::to_json).collect()),
            );
            map.insert(
                "summary".into(),
                json!({
                    "differences": self.differences.len(),
                    "path": count(DifferenceKind::Path),
                    "data": count(DifferenceKind::Data),
                }),
            );
            map.insert(
                "takenFromRecord".into(),
                Value::Array(
                    self.taken_from_record
                        .iter()
                        .map(|arn| arn.to_string().into())
                        .collect(),
                ),
            );
            map.insert(
                "unchecked".into(),
                Value::Array(self.unchecked.iter().map(Unchecked::to_json).collect()),
            );
        }
        summary
    }
}

impl Unchecked {
    /// `{"execution" (the child execution, or null), "state", "mapRun", "part": "items" |
    /// "resultFiles", "reason"}`.
    pub fn to_json(&self) -> Value {
        json!({
            "execution": self.execution.as_ref().map(ToString::to_string),
            "state": self.state,
            "mapRun": self.map_run.to_string(),
            "part": match self.part {
                UncheckedPart::Items => "items",
                UncheckedPart::ResultFiles => "resultFiles",
            },
            "reason": self.reason,
        })
    }
}

impl From<map_replay::Unchecked> for Unchecked {
    fn from(u: map_replay::Unchecked) -> Self {
        Unchecked {
            execution: u.execution,
            state: u.state,
            map_run: u.map_run,
            part: match u.part {
                map_replay::UncheckedPart::Items => UncheckedPart::Items,
                map_replay::UncheckedPart::ResultFiles => UncheckedPart::ResultFiles,
            },
            reason: u.reason,
        }
    }
}

impl DifferenceKind {
    /// `"path"` or `"data"`, as the JSON report names it.
    pub fn as_str(self) -> &'static str {
        match self {
            DifferenceKind::Path => "path",
            DifferenceKind::Data => "data",
        }
    }
}

impl Difference {
    /// The difference as JSON: `{"kind": "path"|"data", "execution" (the child execution it
    /// is in, or null), "state", "afterState", "file", "recordedEvent": {"type", "id"},
    /// "event", "recorded", "now", "changes": [{"pointer", "recorded", "now"}],
    /// "recordedDetails", "nowDetails"}` (a side that has no value at a pointer is left out of
    /// its change).
    pub fn to_json(&self) -> Value {
        json!({
            "kind": self.kind.as_str(),
            "execution": self.execution.as_ref().map(ToString::to_string),
            "file": self.file,
            "state": self.state,
            "afterState": self.after_state,
            "recordedEvent": self.recorded_event.as_ref().map(|(t, id)| json!({"type": t, "id": id})),
            "event": self.event,
            "recorded": self.recorded,
            "now": self.now,
            "changes": self.changes.iter().map(DataChange::to_json).collect::<Vec<_>>(),
            "recordedDetails": self.recorded_details,
            "nowDetails": self.now_details,
        })
    }
}

impl DataChange {
    /// `{"pointer", "recorded", "now"}`, a side without a value left out.
    pub fn to_json(&self) -> Value {
        let mut out = serde_json::Map::new();
        out.insert("pointer".into(), self.pointer.clone().into());
        if let Some(v) = &self.recorded {
            out.insert("recorded".into(), v.clone());
        }
        if let Some(v) = &self.now {
            out.insert("now".into(), v.clone());
        }
        Value::Object(out)
    }
}

impl From<record_diff::Change> for DataChange {
    fn from(c: record_diff::Change) -> Self {
        DataChange {
            pointer: c.pointer,
            recorded: c.recorded,
            now: c.now,
        }
    }
}

/// How many changes a difference's text lists, and how long a value in them may be.
const LISTED_CHANGES: usize = 10;
const SHOWN_CHARS: usize = 200;

/// `value` as JSON text, cut at [`SHOWN_CHARS`] characters.
fn shown(value: Option<&Value>) -> String {
    match value {
        None => "(none)".to_owned(),
        Some(v) => cut(&v.to_string()),
    }
}

pub(crate) fn cut(text: &str) -> String {
    match text.char_indices().nth(SHOWN_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

impl fmt::Display for DataChange {
    /// `/orderId: "a" → "b"`; a side without a value is `(none)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "(the whole value)"
        } else {
            &self.pointer
        };
        write!(
            f,
            "{pointer}: {} → {}",
            shown(self.recorded.as_ref()),
            shown(self.now.as_ref())
        )
    }
}

impl Difference {
    /// Where it is, in words: `state `Small` (after `Big?`), event 7 (PassStateEntered)`;
    /// in a child execution, `child execution ARN, state …`; in a `ResultWriter`'s file,
    /// `state `Each`, the ResultWriter's file s3://…`.
    pub fn place(&self) -> String {
        let child = self
            .execution
            .as_ref()
            .map(|arn| format!("child execution {arn}, "))
            .unwrap_or_default();
        if let Some(file) = &self.file {
            let state = self
                .state
                .as_ref()
                .map(|s| format!("state `{s}`, "))
                .unwrap_or_default();
            return format!("{child}{state}the ResultWriter's file {file}");
        }
        format!("{child}{}", self.place_in_history())
    }

    /// Where it is in its execution's history.
    fn place_in_history(&self) -> String {
        let state = match (&self.state, &self.after_state) {
            (Some(state), Some(after)) if after != state => {
                format!("state `{state}` (after `{after}`), ")
            }
            (Some(state), _) => format!("state `{state}`, "),
            (None, Some(after)) => format!("after state `{after}`, "),
            (None, None) => String::new(),
        };
        let event = match (&self.recorded_event, &self.event) {
            (Some((t, id)), _) => format!("event {id} ({t})"),
            (None, Some(now)) => format!("event {now}, which the record does not have"),
            (None, None) => "the end".to_owned(),
        };
        format!("{state}{event}")
    }
}

impl fmt::Display for Unchecked {
    /// `child execution ARN, state `Orders` (Map Run ARN): its items were taken from the
    /// record, not read again: REASON`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(child) = &self.execution {
            write!(f, "child execution {child}, ")?;
        }
        let what = match self.part {
            UncheckedPart::Items => "its items were taken from the record, not read again",
            UncheckedPart::ResultFiles => "its ResultWriter's files were not compared",
        };
        write!(
            f,
            "state `{}` (Map Run {}): {what}: {}",
            self.state, self.map_run, self.reason
        )
    }
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.place())?;
        match self.kind {
            DifferenceKind::Path => f.write_str(": the run takes another path")?,
            DifferenceKind::Data => f.write_str(": the data differs")?,
        }
        write!(
            f,
            "\n  recorded: {}\n  now:      {}",
            cut(&self.recorded),
            cut(&self.now)
        )?;
        for change in self.changes.iter().take(LISTED_CHANGES) {
            write!(f, "\n  {change}")?;
        }
        if self.changes.len() > LISTED_CHANGES {
            write!(
                f,
                "\n  … and {} more changes",
                self.changes.len() - LISTED_CHANGES
            )?;
        }
        Ok(())
    }
}

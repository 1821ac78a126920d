//! What a replay found ([`Replayed`]): a definition run on a recorded history
//! ([`StartExecution::replay`](crate::StartExecution::replay)), and how its run differs from
//! the record. A difference [diverges](Difference::diverges) when the definition enters
//! another state than the record did, runs a Task the record never ran (or sends it another
//! request), or ends otherwise (another status, output, error or cause); the others are
//! details of events (an intermediate input or output, an event one side writes and the
//! other does not) that leave what ran and how it ended as recorded.

use crate::Execution;
use crate::core::prior;
use serde_json::{Value, json};
use std::fmt;

/// A replay's run and how it differs from the record it replays.
#[derive(Clone, Debug, PartialEq)]
pub struct Replayed {
    /// The run, as the definition does it now on the recorded results.
    pub execution: Execution,
    /// The differences with the record, in the order the run met them (then the recorded
    /// events it never matched, in their order).
    pub differences: Vec<Difference>,
}

/// One difference between a replay and its record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// Whether it makes the replay diverge (see [`Replayed`]).
    pub diverges: bool,
    /// The state it is about, when it is about one.
    pub state: Option<String>,
    /// The recorded event's type and id, when there is one.
    pub recorded_event: Option<(String, u64)>,
    /// The type of the event the run wrote now, when it wrote one.
    pub event: Option<String>,
    /// What was recorded.
    pub recorded: String,
    /// What the definition does now.
    pub now: String,
    /// The recorded event's details as compared (its inputs and outputs parsed), when there
    /// is one.
    pub recorded_details: Option<Value>,
    /// The details of the event the run wrote, as compared, when it wrote one.
    pub now_details: Option<Value>,
}

impl Replayed {
    pub(crate) fn new(execution: Execution, differences: Vec<prior::Difference>) -> Self {
        Replayed {
            execution,
            differences: differences
                .into_iter()
                .map(|d| Difference {
                    diverges: d.diverges,
                    state: d.state,
                    recorded_event: d.recorded,
                    event: d.now,
                    recorded: d.was,
                    now: d.is,
                    recorded_details: d.was_details,
                    now_details: d.is_details,
                })
                .collect(),
        }
    }

    /// The first divergence, if the replay diverges.
    pub fn divergence(&self) -> Option<&Difference> {
        self.differences.iter().find(|d| d.diverges)
    }

    /// Whether the definition replays the record identically: it enters the same states
    /// (in any order among a Parallel's branches or a Map's iterations), runs the same Tasks
    /// with the same requests, and ends with the same status and output or error.
    pub fn is_identical(&self) -> bool {
        self.divergence().is_none()
    }

    /// Panics, naming the first divergence, unless the definition replays the record
    /// identically: the assertion a test makes that a workflow still replays a recorded
    /// execution.
    ///
    /// ```
    /// use serde_json::json;
    /// use workflow_runtime::asl::StateMachine;
    /// use workflow_runtime::engine::Engine;
    /// use workflow_runtime::execution::RecordedHistory;
    ///
    /// let machine = StateMachine::from_json(r#"{"StartAt": "P", "States": {
    ///     "P": {"Type": "Pass", "Result": 1, "End": true}}}"#)?;
    /// let engine = Engine::new();
    /// let recorded = engine.machine(&machine).input(json!({})).run_blocking()?;
    /// let history = RecordedHistory::new(recorded.history);
    /// engine.machine(&machine).replay(history).run_blocking()?.assert_identical();
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[track_caller]
    pub fn assert_identical(&self) {
        if let Some(d) = self.divergence() {
            panic!("the definition does not replay the recorded history: {d}");
        }
    }

    /// The report as JSON: `{"identical": bool, "divergence": …, "differences": [...],
    /// "status", "output", "error", "cause", "states"}` (what `workflow replay --json`
    /// prints).
    pub fn to_json(&self) -> Value {
        let mut summary = self.execution.summary_json();
        if let Some(map) = summary.as_object_mut() {
            map.insert("identical".into(), self.is_identical().into());
            map.insert(
                "divergence".into(),
                self.divergence().map_or(Value::Null, Difference::to_json),
            );
            map.insert(
                "differences".into(),
                Value::Array(self.differences.iter().map(Difference::to_json).collect()),
            );
        }
        summary
    }
}

impl Difference {
    /// The difference as JSON: `{"diverges", "state", "recordedEvent": {"type", "id"},
    /// "event", "recorded", "now", "recordedDetails", "nowDetails"}`.
    pub fn to_json(&self) -> Value {
        json!({
            "diverges": self.diverges,
            "state": self.state,
            "recordedEvent": self.recorded_event.as_ref().map(|(t, id)| json!({"type": t, "id": id})),
            "event": self.event,
            "recorded": self.recorded,
            "now": self.now,
            "recordedDetails": self.recorded_details,
            "nowDetails": self.now_details,
        })
    }
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(state) = &self.state {
            write!(f, "state `{state}`, ")?;
        }
        match (&self.recorded_event, &self.event) {
            (Some((t, id)), _) => write!(f, "event {id} ({t})")?,
            (None, Some(now)) => write!(f, "event {now}, which the record does not have")?,
            (None, None) => f.write_str("the end")?,
        }
        write!(
            f,
            "\n  recorded: {}\n  now:      {}",
            self.recorded, self.now
        )
    }
}

//! The progress of an execution: each state's status, read from history events.
//!
//! [`Event`] is the part of a history event the pictures need (its type as the service
//! names it, the state it concerns, its time and details), so that both the local engine's
//! history and the service's (`GetExecutionHistory`) map into it.

use std::collections::{HashMap, HashSet};

/// Where a state stands in an execution, with the colours of the Step Functions Data Science
/// SDK's legend.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum StateStatus {
    /// Entered and left.
    Succeeded,
    /// Failed (a Task, Parallel or Map error not caught, a Fail state reached).
    Failed,
    /// Stopped before it finished (the execution was aborted or failed elsewhere).
    Cancelled,
    /// Entered, not left yet.
    InProgress,
    /// Failed, and a Catcher took the execution on.
    CaughtError,
    /// Not entered.
    #[default]
    NotReached,
}

impl StateStatus {
    /// Every status, in the legend's order.
    pub const ALL: [StateStatus; 6] = [
        StateStatus::Succeeded,
        StateStatus::Failed,
        StateStatus::Cancelled,
        StateStatus::InProgress,
        StateStatus::CaughtError,
        StateStatus::NotReached,
    ];

    /// Its fill colour (`None` for a state not reached: drawn plain).
    pub fn colour(self) -> Option<&'static str> {
        match self {
            StateStatus::Succeeded => Some("#2BD62E"),
            StateStatus::Failed => Some("#DE322F"),
            StateStatus::Cancelled => Some("#DDDDDD"),
            StateStatus::InProgress => Some("#53C9ED"),
            StateStatus::CaughtError => Some("#FFA500"),
            StateStatus::NotReached => None,
        }
    }

    /// Its name in the legend.
    pub fn label(self) -> &'static str {
        match self {
            StateStatus::Succeeded => "Succeeded",
            StateStatus::Failed => "Failed",
            StateStatus::Cancelled => "Cancelled",
            StateStatus::InProgress => "In Progress",
            StateStatus::CaughtError => "Caught Error",
            StateStatus::NotReached => "Not Reached",
        }
    }

    /// A short identifier (`succeeded`, `caught-error`, …), for markup.
    pub fn slug(self) -> &'static str {
        match self {
            StateStatus::Succeeded => "succeeded",
            StateStatus::Failed => "failed",
            StateStatus::Cancelled => "cancelled",
            StateStatus::InProgress => "in-progress",
            StateStatus::CaughtError => "caught-error",
            StateStatus::NotReached => "not-reached",
        }
    }
}

/// One history event, as the pictures and tables use it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Event {
    /// Its id (1-based, in order).
    pub id: u64,
    /// The id of the event before it on its strand of execution (0 for none).
    pub previous_id: u64,
    /// When it happened, in milliseconds since the Unix epoch, when known.
    pub timestamp_millis: Option<i64>,
    /// Its type as the service names it: `ExecutionStarted`, `TaskStateEntered`,
    /// `TaskFailed`, …
    pub event_type: String,
    /// The state it concerns, for `…StateEntered` and `…StateExited` events.
    pub state: Option<String>,
    /// Its details as one line of text (input, output, error and cause).
    pub details: String,
}

/// Each state's status in an execution, by state name.
///
/// ```
/// use workflow_graph::{Event, Progress, StateStatus};
/// let event = |id: u64, event_type: &str, state: Option<&str>| Event {
///     id,
///     previous_id: id - 1,
///     event_type: event_type.to_owned(),
///     state: state.map(str::to_owned),
///     ..Event::default()
/// };
/// let progress = Progress::from_events(&[
///     event(1, "ExecutionStarted", None),
///     event(2, "PassStateEntered", Some("A")),
///     event(3, "PassStateExited", Some("A")),
///     event(4, "FailStateEntered", Some("Oops")),
///     event(5, "ExecutionFailed", None),
/// ]);
/// assert_eq!(progress.status("A"), StateStatus::Succeeded);
/// assert_eq!(progress.status("Oops"), StateStatus::Failed);
/// assert_eq!(progress.status("Elsewhere"), StateStatus::NotReached);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    statuses: HashMap<String, StateStatus>,
    /// The states whose status came from child executions ([`Progress::include_children`]).
    from_children: HashSet<String>,
}

/// How much a status tells of a state several child executions ran: a failure anywhere
/// outranks every success.
fn telling(status: StateStatus) -> u8 {
    match status {
        StateStatus::NotReached => 0,
        StateStatus::Succeeded => 1,
        StateStatus::Cancelled => 2,
        StateStatus::InProgress => 3,
        StateStatus::CaughtError => 4,
        StateStatus::Failed => 5,
    }
}

/// A state entered and not left: its name and its type (`Task`, `Parallel`, …).
struct Open {
    name: String,
    kind: String,
}

impl Progress {
    /// No state reached.
    pub fn new() -> Progress {
        Progress::default()
    }

    /// The status of `state` (not reached when no event names it).
    pub fn status(&self, state: &str) -> StateStatus {
        self.statuses.get(state).copied().unwrap_or_default()
    }

    /// Sets the status of `state`.
    pub fn set(&mut self, state: impl Into<String>, status: StateStatus) {
        self.statuses.insert(state.into(), status);
    }

    /// Every state with a status, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, StateStatus)> {
        self.statuses.iter().map(|(k, v)| (k.as_str(), *v))
    }

    /// Adds the statuses a Distributed Map's child execution left (`child`, its own
    /// history's [`Progress`]) for the states the Map runs: the parent's history never
    /// enters them, its children do (each item, or batch, runs the item processor as an
    /// execution of its own). A state the parent's own events set keeps its status; one
    /// that several children reached shows the most telling of their statuses: failed, then
    /// a caught error, in progress, cancelled, succeeded.
    ///
    /// ```
    /// use workflow_graph::{Progress, StateStatus};
    /// let mut parent = Progress::new();
    /// parent.set("Each", StateStatus::Succeeded);
    /// let (mut ok, mut bad) = (Progress::new(), Progress::new());
    /// ok.set("Work", StateStatus::Succeeded);
    /// bad.set("Work", StateStatus::CaughtError);
    /// parent.include_children(&ok);
    /// parent.include_children(&bad);
    /// assert_eq!(parent.status("Work"), StateStatus::CaughtError);
    /// assert_eq!(parent.status("Each"), StateStatus::Succeeded);
    /// ```
    pub fn include_children(&mut self, child: &Progress) {
        for (state, status) in child.iter() {
            match self.statuses.get_mut(state) {
                None => {
                    self.statuses.insert(state.to_owned(), status);
                    self.from_children.insert(state.to_owned());
                }
                Some(known) if self.from_children.contains(state) => {
                    if telling(status) > telling(*known) {
                        *known = status;
                    }
                }
                Some(_) => {}
            }
        }
    }

    /// The statuses that `events` (in order) leave: a state entered is in progress, left is
    /// succeeded; a Task, Parallel or Map failure fails the open state of that type, and
    /// turns into a caught error when the state is then left or its strand goes on; a retry
    /// puts it back in progress. A state closed by `<Type>StateAborted` (a Parallel branch or
    /// Map iteration stopped under it) is cancelled, unless it is the state whose failure
    /// stopped them, which stays failed. When the execution fails or times out, a Fail state
    /// still open has failed and the other open states are cancelled (failed on a time-out);
    /// when it is aborted, they are cancelled. A stop is no failure: `MapRunAborted` (the
    /// Map Run of an execution stopped while it ran) leaves its Map state to the execution's
    /// end, which cancels it.
    pub fn from_events(events: &[Event]) -> Progress {
        let mut progress = Progress::new();
        let mut open: Vec<Open> = Vec::new();
        let mut pending: HashSet<String> = HashSet::new();
        // Failure event id → the state it failed.
        let mut failures: HashMap<u64, String> = HashMap::new();
        for event in events {
            let t = event.event_type.as_str();
            if let Some(kind) = t.strip_suffix("StateEntered") {
                let name = event.state.clone().unwrap_or_default();
                // A strand going on right after a failure: the failure was caught.
                if let Some(failed) = failures.get(&event.previous_id)
                    && pending.remove(failed)
                {
                    progress.set(failed.clone(), StateStatus::CaughtError);
                    if let Some(i) = open.iter().rposition(|o| &o.name == failed) {
                        open.remove(i);
                    }
                }
                pending.remove(&name);
                progress.set(name.clone(), StateStatus::InProgress);
                open.push(Open {
                    name,
                    kind: kind.to_owned(),
                });
            } else if t.ends_with("StateExited") {
                let name = event.state.clone().unwrap_or_default();
                let status = if pending.remove(&name) {
                    StateStatus::CaughtError
                } else {
                    StateStatus::Succeeded
                };
                progress.set(name.clone(), status);
                if let Some(i) = open.iter().rposition(|o| o.name == name) {
                    open.remove(i);
                }
            } else if let Some(kind) = t.strip_suffix("StateAborted") {
                // AWS names no state in a `…StateAborted` event (it has no details): the open
                // state of its type, the failed one first (AWS closes the failed branch's Task
                // before the states the failure stopped).
                let at = match &event.state {
                    Some(name) => open.iter().rposition(|o| &o.name == name),
                    None => open
                        .iter()
                        .rposition(|o| o.kind == kind && pending.contains(&o.name))
                        .or_else(|| open.iter().rposition(|o| o.kind == kind)),
                };
                if let Some(i) = at {
                    let closed = open.remove(i);
                    // A failure that ends its branch is not caught there.
                    if !pending.remove(&closed.name) {
                        progress.set(closed.name, StateStatus::Cancelled);
                    }
                }
            } else if let Some(kind) = failure_kind(t) {
                let target = event.state.clone().or_else(|| {
                    open.iter()
                        .rev()
                        .find(|o| o.kind == kind)
                        .or(open.last())
                        .map(|o| o.name.clone())
                });
                if let Some(name) = target {
                    progress.set(name.clone(), StateStatus::Failed);
                    pending.insert(name.clone());
                    failures.insert(event.id, name);
                }
            } else if is_retry(t) {
                // Scheduled again after a failure: a retry.
                if let Some(o) = open.iter().rev().find(|o| o.kind == "Task")
                    && pending.remove(&o.name)
                {
                    progress.set(o.name.clone(), StateStatus::InProgress);
                }
            } else if matches!(
                t,
                "ExecutionFailed" | "ExecutionTimedOut" | "ExecutionAborted"
            ) {
                for o in open.drain(..) {
                    if progress.status(&o.name) != StateStatus::InProgress {
                        continue;
                    }
                    let status = match t {
                        "ExecutionAborted" => StateStatus::Cancelled,
                        "ExecutionTimedOut" => StateStatus::Failed,
                        _ if o.kind == "Fail" => StateStatus::Failed,
                        _ => StateStatus::Cancelled,
                    };
                    progress.set(o.name, status);
                }
            }
        }
        progress
    }
}

/// The type of state a failure event concerns (`Task`, `Parallel`, `Map`), if it is one. An
/// `…Aborted` event is a stop, not a failure: `MapRunAborted` ends a Map Run whose execution
/// was stopped while it ran (its status `ABORTED`, beside `FAILED` for a Map Run that failed),
/// and a state's own `…StateAborted` is read before this.
fn failure_kind(event_type: &str) -> Option<&'static str> {
    let failed = ["Failed", "TimedOut"]
        .iter()
        .any(|s| event_type.ends_with(s));
    if !failed || event_type.starts_with("Execution") || event_type.starts_with("MapIteration") {
        return None;
    }
    Some(if event_type.starts_with("Parallel") {
        "Parallel"
    } else if event_type.starts_with("MapState") || event_type.starts_with("MapRun") {
        "Map"
    } else {
        "Task"
    })
}

/// Whether `event_type` schedules a task again.
fn is_retry(event_type: &str) -> bool {
    matches!(
        event_type,
        "TaskScheduled" | "ActivityScheduled" | "LambdaFunctionScheduled"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: u64, t: &str, state: Option<&str>) -> Event {
        Event {
            id,
            previous_id: id.saturating_sub(1),
            event_type: t.to_owned(),
            state: state.map(str::to_owned),
            ..Event::default()
        }
    }

    #[test]
    fn a_caught_failure_a_retry_and_a_cancelled_branch() {
        let progress = Progress::from_events(&[
            event(1, "ExecutionStarted", None),
            event(2, "TaskStateEntered", Some("T")),
            event(3, "TaskScheduled", None),
            event(4, "TaskFailed", None),
            event(5, "TaskScheduled", None),
            event(6, "TaskFailed", None),
            event(7, "TaskStateExited", Some("T")),
            event(8, "ParallelStateEntered", Some("P")),
            event(9, "PassStateEntered", Some("Slow")),
            event(10, "TaskStateEntered", Some("U")),
            event(11, "TaskFailed", None),
            event(12, "ParallelStateFailed", None),
            event(13, "ExecutionFailed", None),
        ]);
        assert_eq!(progress.status("T"), StateStatus::CaughtError);
        assert_eq!(progress.status("U"), StateStatus::Failed);
        assert_eq!(progress.status("P"), StateStatus::Failed);
        assert_eq!(progress.status("Slow"), StateStatus::Cancelled);
    }

    #[test]
    fn a_distributed_map_stopped_while_its_map_run_runs_is_cancelled_not_failed() {
        // What a stop writes while a Distributed Map runs: `MapRunAborted`, then the
        // execution's `ExecutionAborted`.
        let progress = Progress::from_events(&[
            event(1, "ExecutionStarted", None),
            event(2, "MapStateEntered", Some("Each")),
            event(3, "MapStateStarted", None),
            event(4, "MapRunStarted", None),
            event(5, "MapRunAborted", None),
            event(6, "ExecutionAborted", None),
        ]);
        assert_eq!(progress.status("Each"), StateStatus::Cancelled);
        // A Map Run that failed fails its state.
        let failed = Progress::from_events(&[
            event(1, "ExecutionStarted", None),
            event(2, "MapStateEntered", Some("Each")),
            event(3, "MapRunStarted", None),
            event(4, "MapRunFailed", None),
            event(5, "MapStateFailed", None),
            event(6, "ExecutionFailed", None),
        ]);
        assert_eq!(failed.status("Each"), StateStatus::Failed);
    }

    #[test]
    fn states_a_failed_branch_stopped_are_cancelled_and_the_failed_one_stays_failed() {
        // As AWS writes a Parallel whose branch failed (the engine's
        // `a_failed_branch_stops_the_other_branches_of_a_parallel`): `TaskFailed`, then
        // `TaskStateAborted` for the failed Task and `WaitStateAborted` for the other
        // branch's Wait, both after the failure, naming no state.
        let mut events = vec![
            event(1, "ExecutionStarted", None),
            event(2, "ParallelStateEntered", Some("Both")),
            event(3, "ParallelStateStarted", None),
            event(4, "TaskStateEntered", Some("Charge")),
            event(5, "WaitStateEntered", Some("Pause")),
            event(6, "TaskScheduled", None),
            event(7, "TaskFailed", None),
            event(8, "TaskStateAborted", None),
            event(9, "WaitStateAborted", None),
            event(10, "ParallelStateFailed", None),
        ];
        for e in &mut events[7..] {
            e.previous_id = 7;
        }
        // The Parallel's catcher takes the execution on.
        let mut caught = events.clone();
        caught.push(Event {
            previous_id: 10,
            ..event(11, "PassStateEntered", Some("Recover"))
        });
        events.push(event(11, "ExecutionFailed", None));
        let progress = Progress::from_events(&events);
        assert_eq!(progress.status("Charge"), StateStatus::Failed);
        assert_eq!(progress.status("Pause"), StateStatus::Cancelled);
        assert_eq!(progress.status("Both"), StateStatus::Failed);
        let progress = Progress::from_events(&caught);
        assert_eq!(progress.status("Both"), StateStatus::CaughtError);
        assert_eq!(progress.status("Charge"), StateStatus::Failed);
        assert_eq!(progress.status("Pause"), StateStatus::Cancelled);
        assert_eq!(progress.status("Recover"), StateStatus::InProgress);
    }
}

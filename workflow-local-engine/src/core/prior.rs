//! Starting from a prior history: the core's own mode, of which resume, redrive and replay
//! are three uses.
//!
//! A run given a [`Prior`] walks the definition from the recorded input as any run does, and
//! every event it writes is first matched against the recorded ones. An event matches the
//! recorded event that follows the strand's last one (`previousEventId`, the chain AWS and the
//! engine write per strand of execution: the main path, a Parallel branch, a Map iteration)
//! and has the same type and state; a match moves the strand's clock to the recorded time.
//! What a Task answered, the core takes from the record (the recorded end of the task that
//! follows the same chain, with its `TaskSubmitted` or `ActivityStarted` and how long it
//! took); where the record of a strand ends, the strand goes live: its events are new, its
//! Tasks are answered by the host, its Waits wait what is left of them.
//!
//! - **Resume** ([`PriorKind::Resume`]): an execution whose process stopped continues as the
//!   same execution. Its history goes on after the last recorded event (matched events are not
//!   written again, the ids continue), the recorded outputs and variables are the run's data
//!   (so that what a state drew at random stays what it drew), a Wait keeps the deadline its
//!   recorded entry gives it, a Task whose end was not recorded is invoked again (a callback
//!   keeps its token, which is derived from the state's entry, and its service call is not
//!   made again when its `TaskSubmitted` was recorded), a Distributed Map keeps its Map Run
//!   and its finished children, and its unfinished children resume in turn.
//! - **Redrive** ([`PriorKind::Redrive`]): `RedriveExecution`. The states that did not
//!   finish (entered, never exited) and everything that followed them on their strands are
//!   cut from the record: the run goes live where it reaches one, after `ExecutionRedriven`
//!   (see `hosts/redrive.rs` for the service's rules and their sources). The Tasks of states
//!   that finished keep their recorded results.
//! - **Replay** ([`PriorKind::Replay`]): a (possibly changed) definition runs on the recorded
//!   results and writes a history of its own, which is compared with the record as it is
//!   written; the differences are collected ([`Difference`]). A recorded history whose
//!   `previousEventId`s do not chain (LocalStack's snapshots mask those of concurrent
//!   branches) is matched by type and state when the chain finds nothing. A recorded
//!   Distributed Map replays from the record ([`Prior::recorded_children`]): its children are
//!   the recorded ones, each replayed on its own history (a child's differences name it:
//!   [`Difference::execution`]); an EXPRESS child, which keeps no history, runs again and its
//!   outcome is compared with the recorded one. Where the replay can have the Map Run's items
//!   (the Map's input; a reader's source the object store holds), the definition's own item
//!   processing makes each child's input and the number of children, compared with the
//!   record's; where it cannot, each child runs on its recorded input and the replay compares
//!   the Map's configuration with the definition the execution ran
//!   ([`Prior::recorded_maps`]), or notes the Map Run unchecked ([`Prior::note_unchecked`]):
//!   see `super::map_replay`.
//! - **Resume on a changed definition** ([`PriorKind::ResumeFailed`]): a failed, timed out
//!   or stopped execution's record, run on a (fixed) definition as a new execution: up to
//!   where the record failed the run is a replay (the recorded results answer its Tasks, its
//!   events are matched and compared), and where a strand's record ends it goes live. What
//!   ends a strand's record is AWS's redrive rule (`super::unfinished`): the states where it
//!   failed or was stopped are cut from the record with what followed them on their own
//!   strand, never into another iteration; a Parallel or an inline Map holding one is entered
//!   again from the record, its branches and iterations that finished matched along their
//!   chains and answered from them whatever their Tasks now send (where a chain shows no end,
//!   by the recorded entry the state's entry matched, [`Prior::recorded_task`]); a strand
//!   whose record was cut goes live without taking another strand's like event. A
//!   Distributed Map keeps its children that succeeded and runs the others again (each a
//!   resume of its own record; an EXPRESS one, which keeps no history, from its start). An
//!   event that matches nothing where the record shows another is a divergence before the
//!   failure. The states where the record ended ([`Prior::failed_states`]) are what a fix
//!   must still have (one it removed or renamed is refused before anything runs). A plan
//!   ([`Prior::is_plan`]) runs each strand to where it would go live, and no further: what a
//!   resume on AWS starts from.

use super::map_replay::{RecordedMaps, Unchecked};
use super::map_run::{ChildExecution, MapRun};
use super::record_diff::{self, Change, describe, details};
use super::unfinished::{Chains, FailedState, Unfinished, Within};
use crate::execution::api::HistoryEventType;
use crate::execution::{EventKind, ExecutionStatus, HistoryEvent, JsonText, RecordedMapRun};
use serde_json::Value;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use workflow_asl::{ErrorName, StateKind};
use workflow_aws_models::{MachineName, ResourceType, RoleArn, StatesArn};

/// What a run started from a prior history does with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PriorKind {
    /// The execution continues after its last recorded event.
    Resume,
    /// `RedriveExecution`: the `count`th redrive (1 for the first).
    Redrive {
        /// This redrive's number.
        count: u64,
    },
    /// A definition run on the recorded results, compared with the record.
    Replay,
    /// A (changed) definition run on a failed execution's record up to where it failed,
    /// then live, as a new execution.
    ResumeFailed,
}

/// Where a resume on a changed definition starts on AWS: the top-level state the run is in
/// where it goes live (a state inside a Parallel or a Map cannot be a state machine's
/// `StartAt`), its input and the variables it sees as it enters it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ResumeAt {
    /// The state.
    pub state: String,
    /// Its input.
    pub input: Value,
    /// The variables in scope as it is entered.
    pub variables: serde_json::Map<String, Value>,
}

/// Why a prior history cannot be started from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PriorError(pub String);

/// How a recorded Task ended, and what it recorded on the way.
#[derive(Clone, Debug)]
pub(crate) struct RecordedTask {
    /// `TaskSubmitted`'s response, when it was recorded.
    pub submitted: Option<Value>,
    /// The worker that took an activity task (`ActivityStarted`), when one did.
    pub worker: Option<Option<String>>,
    /// When the task started, as recorded (its `TaskStarted`, `LambdaFunctionStarted` or an
    /// activity's `ActivityScheduled`), and when its worker took it (`ActivityStarted`): what
    /// a resumed task's `TimeoutSeconds` and `HeartbeatSeconds` count from. `None` for an end
    /// taken from elsewhere than the task's chain.
    pub started_millis: Option<i64>,
    pub worker_millis: Option<i64>,
    /// Its result, or its error (none when it named none) and cause, and whether it timed
    /// out; `None` when the record ends before the task did.
    pub end: Option<RecordedEnd>,
}

/// How a recorded Task ended.
#[derive(Clone, Debug)]
pub(crate) struct RecordedEnd {
    /// Its result, or its failure.
    pub outcome: RecordedOutcome,
    /// How long it ran, from its start (or scheduling) to its end.
    pub took: Duration,
}

/// A difference between a replay and the record it replays.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Difference {
    /// Whether the run took another path than the record, or wrote the same event with other
    /// data.
    pub kind: DifferenceKind,
    /// The state it is about, when it is about one.
    pub state: Option<String>,
    /// For another path, the state the strand had reached before it (on the record's side):
    /// the state whose transition or ending differs (a Choice that now chooses otherwise).
    pub after_state: Option<String>,
    /// The recorded event's type and id, when there is one.
    pub recorded: Option<(HistoryEventType, u64)>,
    /// The event the run wrote now, when it wrote one.
    pub now: Option<HistoryEventType>,
    /// What was recorded, in words.
    pub was: String,
    /// What the definition does now, in words.
    pub is: String,
    /// The recorded event's details, as compared (inputs and outputs parsed).
    pub was_details: Option<Value>,
    /// The details of the event the run wrote, as compared.
    pub is_details: Option<Value>,
    /// Where the details differ, for the same event with other data.
    pub changes: Vec<Change>,
    /// The child execution it is in (a Distributed Map's), `None` for the execution itself.
    pub execution: Option<StatesArn>,
    /// The `ResultWriter`'s file it is about (`s3://bucket/key`), when it is about one.
    pub file: Option<String>,
}

/// What kind of difference a replay found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DifferenceKind {
    /// An event only one side has: a state entered or not, a Task run or not, another end.
    Path,
    /// The same event with other data (an input, an output, a Task's request, an error, a
    /// cause, assigned variables).
    Data,
}

/// A replay's strand reached the end of what the record shows of it, and the record stops
/// there: the execution was stopped (`ExecutionAborted`), or it is still running. The strand
/// stops where the record does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RecordEnded;

/// A recorded Map Run a run starts from.
#[derive(Clone, Debug)]
pub(crate) struct PriorMapRun {
    /// Its record: ARN, status, counts, children.
    pub run: MapRun,
    /// What the run does with it.
    pub disposition: Disposition,
}

/// What a run from a prior history does with a recorded Map Run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Disposition {
    /// A resume continues it as it was: its finished children are kept, its unfinished ones
    /// resume, its `MapRunStarted` was recorded.
    Resume,
    /// A redrive replays it (it succeeded) or redrives it (`MapRunRedriven`).
    Redrive,
    /// A replay runs it again under its recorded ARN, its children too (their histories are
    /// not in the parent's), each on its recorded input.
    Replay,
    /// A resume on a changed definition runs it again under its recorded ARN: the children
    /// that succeeded (every child, when it succeeded) are kept as they ended, the others run
    /// again.
    ResumeFailed {
        /// Whether the recorded Map Run succeeded.
        succeeded: bool,
    },
}

/// The key events are matched by: their type, their state (or a Task's resource) and a Map
/// iteration's index.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    event_type: HistoryEventType,
    subject: Option<String>,
    index: Option<usize>,
}

fn key(kind: &EventKind) -> Key {
    let (subject, index) = match kind {
        EventKind::StateEntered { name, .. } | EventKind::StateExited { name, .. } => {
            (Some(name.to_string()), None)
        }
        // AWS records an aborted state's event without details: its name is not known.
        EventKind::StateAborted { .. } => (None, None),
        EventKind::EvaluationFailed { state, .. } => (Some(state.to_string()), None),
        EventKind::MapIterationStarted { name, index }
        | EventKind::MapIterationSucceeded { name, index }
        | EventKind::MapIterationFailed { name, index, .. }
        | EventKind::MapIterationAborted { name, index } => (Some(name.to_string()), Some(*index)),
        EventKind::TaskScheduled {
            resource_type,
            resource,
            ..
        }
        | EventKind::TaskStarted {
            resource_type,
            resource,
        }
        | EventKind::TaskSucceeded {
            resource_type,
            resource,
            ..
        }
        | EventKind::TaskSubmitted {
            resource_type,
            resource,
            ..
        }
        | EventKind::TaskFailed {
            resource_type,
            resource,
            ..
        }
        | EventKind::TaskTimedOut {
            resource_type,
            resource,
            ..
        } => (Some(format!("{resource_type}:{resource}")), None),
        EventKind::ActivityScheduled { resource, .. }
        | EventKind::LambdaFunctionScheduled { resource, .. } => (Some(resource.clone()), None),
        // A redrive's new Map Run is not the failed attempt's.
        EventKind::MapRunStarted { map_run_arn }
        | EventKind::MapRunRedriven { map_run_arn, .. } => (Some(map_run_arn.to_string()), None),
        _ => (None, None),
    };
    Key {
        event_type: kind.event_type(),
        subject,
        index,
    }
}

/// The state an event names itself: a `…StateEntered`'s or `…StateExited`'s, an
/// `EvaluationFailed`'s.
fn own_state(kind: &EventKind) -> Option<&str> {
    match kind {
        EventKind::EvaluationFailed { state, .. } => Some(state),
        other => other.state_name(),
    }
}

/// The event the event at `at` follows on its strand: its `previousEventId`, but for the
/// first state's entry, which AWS records with `previousEventId` 0: it follows
/// `ExecutionStarted`.
pub(super) fn chained_previous(events: &[HistoryEvent], at: usize) -> u64 {
    match (at, events[at].previous_event_id) {
        (1, 0) => events[0].id,
        (_, previous) => previous,
    }
}

/// The kind of state an event of type `event_type` belongs to, when only one kind writes it
/// (`MapRunStarted`: a Map state; `LambdaFunctionScheduled`: a Task state), by the family its
/// name begins with (so also for a type the model does not list).
fn state_family(event_type: &HistoryEventType) -> Option<StateKind> {
    let event_type = event_type.as_str();
    if event_type.starts_with("Map") {
        Some(StateKind::Map)
    } else if event_type.starts_with("Parallel") {
        Some(StateKind::Parallel)
    } else if ["Task", "LambdaFunction", "Activity"]
        .iter()
        .any(|prefix| event_type.starts_with(prefix))
    {
        Some(StateKind::Task)
    } else {
        None
    }
}

/// Whether an event ends an execution.
fn is_terminal(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::ExecutionSucceeded { .. }
            | EventKind::ExecutionFailed { .. }
            | EventKind::ExecutionTimedOut { .. }
            | EventKind::ExecutionAborted { .. }
    )
}

/// How a recorded Task ended: its result, or its error (none when it named none) and cause
/// (none when it gave none).
pub(crate) type RecordedOutcome = Result<Value, (Option<ErrorName>, Option<String>)>;

/// Whether an event ends a Task, and how.
fn task_end(kind: &EventKind) -> Option<RecordedOutcome> {
    let failed = |error: Option<&ErrorName>, cause: &str| {
        Some(Err((
            error.cloned(),
            (!cause.is_empty()).then(|| cause.to_owned()),
        )))
    };
    match kind {
        EventKind::TaskSucceeded { output, .. }
        | EventKind::ActivitySucceeded { output }
        | EventKind::LambdaFunctionSucceeded { output } => Some(Ok(output.to_value())),
        EventKind::TaskFailed { error, cause, .. }
        | EventKind::ActivityFailed { error, cause }
        | EventKind::LambdaFunctionFailed { error, cause } => failed(error.as_ref(), cause),
        EventKind::TaskTimedOut { error, cause, .. }
        | EventKind::ActivityTimedOut { error, cause }
        | EventKind::LambdaFunctionTimedOut { error, cause } => failed(Some(error), cause),
        _ => None,
    }
}

/// The request a Task's scheduling event carries.
fn scheduled_request(kind: &EventKind) -> Option<&JsonText> {
    match kind {
        EventKind::TaskScheduled { parameters, .. } => Some(parameters),
        EventKind::ActivityScheduled { input, .. }
        | EventKind::LambdaFunctionScheduled { input, .. } => Some(input),
        _ => None,
    }
}

/// What is matched while the run goes: the recorded events taken, and in a replay the ids the
/// run's own events have in the record, and the differences found.
#[derive(Default)]
struct Matching {
    consumed: Vec<bool>,
    /// Replay: a generated event's id → the recorded event it matched (or, for one that
    /// matched none, the recorded event its strand was at).
    generated: HashMap<u64, u64>,
    /// Replay: a generated event's id → the position of the recorded event it matched.
    matched: HashMap<u64, usize>,
    differences: Vec<Difference>,
    /// A resume on a changed definition: the run's events written live (a strand that went
    /// live stays live).
    live: std::collections::HashSet<u64>,
}

/// A recorded history a run starts from (see the module's documentation).
pub(crate) struct Prior {
    kind: PriorKind,
    events: Vec<HistoryEvent>,
    position: HashMap<u64, usize>,
    /// Positions of the events that follow each event id on its strand.
    successors: HashMap<u64, Vec<usize>>,
    /// Positions of the events, by key (a replay's matching when the chain finds nothing).
    by_key: HashMap<Key, Vec<usize>>,
    /// Whether each event may be matched (a redrive's cut ones may not).
    usable: Vec<bool>,
    /// Whether each `…StateEntered` event's state finished (a redrive takes the recorded
    /// results of the Task states that did).
    finished: Vec<bool>,
    matching: Mutex<Matching>,
    /// Task ends by (state, request text), in recorded order: what answers a Task whose chain
    /// the record does not show (a redrive's re-run branch, a replay of a history without
    /// chains). Empty for a resume, which follows chains only.
    outcomes: Mutex<HashMap<(String, String), VecDeque<RecordedEnd>>>,
    /// A resume on a changed definition's: the Task ends not cut, by the position of their
    /// state's recorded entry (what answers a Task whose entry matched it where the chain
    /// does not show its end: the request it sends now may differ).
    entry_outcomes: Mutex<HashMap<usize, VecDeque<RecordedEnd>>>,
    /// A resume on a changed definition's: what its record leaves unfinished.
    unfinished: Option<Unfinished>,
    /// A redrive resumed ([`Prior::continue_redrive`]): the recorded `ExecutionRedriven`'s id
    /// and time; the events after it are the redriven run's, recorded before its process
    /// stopped.
    redriven: Option<(u64, i64)>,
    input: Value,
    /// A replay: the places (a recorded event's position, JSON pointers into its details)
    /// where the run takes the recorded value (what it drew makes them in a way it cannot
    /// undo: `super::draws`).
    recorded_values: HashMap<usize, Vec<String>>,
    /// A replay: set once its strands stopped where its record stops (see [`RecordEnded`]).
    stopped: std::sync::atomic::AtomicBool,
    /// A redrive's Map Runs of the failed attempt not taken yet, in the order they ran.
    map_runs: Mutex<VecDeque<MapRun>>,
    /// A redrive's: the unsuccessful STANDARD children of its Map Runs, by ARN. A resume's,
    /// a replay's: the recorded histories of every child execution of its Distributed Maps
    /// (at any depth), by ARN.
    children: Children,
    /// A replay's and a resume's on a changed definition: what the record holds of each Map
    /// Run (at any depth), by ARN.
    map_runs_held: Arc<HashMap<StatesArn, RecordedMapRun>>,
    /// A plan of a resume on a changed definition: the run stops where it would go live.
    plan: bool,
    /// A plan: set once a strand reached where it would go live.
    went_live: std::sync::atomic::AtomicBool,
    /// A replay's: the EXPRESS children whose recorded outcome was taken rather than run
    /// (a Task nothing answers without their history).
    taken: Mutex<Vec<StatesArn>>,
    /// A plan's: the top-level state the run is in, as it entered it (where it goes live).
    resume_at: Mutex<Option<ResumeAt>>,
    /// A replay's: the Map states of the definition the execution ran, when the record holds
    /// it (its Distributed Maps' children share it).
    recorded_maps: Option<Arc<RecordedMaps>>,
    /// A replay's: the parts of Map Runs it took from the record without checking them.
    unchecked: Mutex<Vec<Unchecked>>,
}

/// The rest of a record a replay (or a resume on a changed definition) shares with its
/// children's: every child's history, by ARN, and what it holds of each Map Run.
#[derive(Clone, Default)]
pub(crate) struct SharedRecord(
    pub Arc<HashMap<StatesArn, Vec<HistoryEvent>>>,
    pub Arc<HashMap<StatesArn, RecordedMapRun>>,
);

impl SharedRecord {
    /// The shared parts of `record`.
    pub(crate) fn of(record: crate::execution::Record) -> Self {
        SharedRecord(Arc::new(record.children), Arc::new(record.map_runs))
    }
}

/// A child execution as the record of one that keeps no history holds it (a result file's
/// entry, `ExecutionArn`, `Input`, `Output` or `Error` and `Cause`, `Status`, `StartDate`,
/// `StopDate`): `None` for an entry that names no execution's ARN.
fn child_of_entry(entry: &Value, machine: &MachineName) -> Option<ChildExecution> {
    let arn: StatesArn = entry.get("ExecutionArn")?.as_str()?.parse().ok()?;
    let text = |name: &str| entry.get(name).and_then(Value::as_str);
    let millis = |name: &str| {
        text(name)
            .and_then(workflow_asl::timestamp::parse_rfc3339)
            .and_then(|t| i64::try_from(t.unix_nanos / 1_000_000).ok())
            .unwrap_or(0)
    };
    let status = text("Status").map_or(ExecutionStatus::Succeeded, ExecutionStatus::parse);
    Some(ChildExecution {
        name: arn.execution_name().unwrap_or_default().to_owned(),
        state_machine: machine.to_string(),
        state_machine_arn: arn.sibling(workflow_aws_models::StatesResource::state_machine(
            machine.clone(),
        )),
        status,
        input: JsonText::from(text("Input").unwrap_or("null")),
        output: text("Output").map(JsonText::from),
        error: text("Error").map(ErrorName::from),
        cause: text("Cause").map(str::to_owned),
        start_millis: millis("StartDate"),
        stop_millis: millis("StopDate"),
        history: Vec::new(),
        map_runs: Vec::new(),
        failed_state: None,
        arn,
    })
}

/// The recorded children of a Map Run, each assigned to its item: child `index` is the one
/// whose ARN is `derived(index)` (the engine derives a child's name from its Map Run and its
/// index, so a local or `workflow serve` record assigns exactly), the others in the order
/// they started (AWS starts a Map Run's children in the order of its items) on the items
/// left, then by name.
pub(crate) fn assign_children(
    children: Vec<ChildExecution>,
    derived: impl Fn(usize) -> StatesArn,
) -> Vec<ChildExecution> {
    let count = children.len();
    let mut by_arn: HashMap<StatesArn, ChildExecution> =
        children.into_iter().map(|c| (c.arn.clone(), c)).collect();
    let mut slots: Vec<Option<ChildExecution>> = (0..count)
        .map(|index| by_arn.remove(&derived(index)))
        .collect();
    let mut rest: Vec<ChildExecution> = by_arn.into_values().collect();
    rest.sort_by(|a, b| (a.start_millis, &a.name).cmp(&(b.start_millis, &b.name)));
    let mut rest = rest.into_iter();
    for slot in &mut slots {
        if slot.is_none() {
            *slot = rest.next();
        }
    }
    slots.into_iter().flatten().collect()
}

/// The child executions a prior history knows.
#[derive(Clone)]
enum Children {
    /// A redrive's: the prior of each unsuccessful STANDARD child, by ARN.
    Redriven(Arc<HashMap<StatesArn, Arc<Prior>>>),
    /// A resume's: every child's recorded history, by ARN.
    Recorded(Arc<HashMap<StatesArn, Vec<HistoryEvent>>>),
}

impl Prior {
    /// A resume of the execution whose recorded events are `history` (its Distributed Maps'
    /// children's in `children`, by child ARN).
    pub(crate) fn resume(
        history: Vec<HistoryEvent>,
        children: Arc<HashMap<StatesArn, Vec<HistoryEvent>>>,
    ) -> Result<Prior, PriorError> {
        if history.last().is_some_and(|e| is_terminal(&e.kind)) {
            return Err(PriorError(
                "the execution already ended: its history ends with its end".into(),
            ));
        }
        let prior = Prior::indexed(
            PriorKind::Resume,
            history,
            Children::Recorded(children),
            Vec::new(),
        )?;
        Ok(prior)
    }

    /// A redrive of the execution whose history is `history` and whose Map Runs are
    /// `map_runs`.
    pub(crate) fn redrive(
        history: &[HistoryEvent],
        map_runs: Vec<MapRun>,
    ) -> Result<Prior, PriorError> {
        let count = crate::execution::redrives(history) + 1;
        let children = redriven_children(&map_runs);
        let mut prior = Prior::indexed(
            PriorKind::Redrive { count },
            history.to_vec(),
            Children::Redriven(Arc::new(children)),
            map_runs,
        )?;
        // The failed attempt's end is not the redrive's.
        prior.cut_failed_attempt();
        Ok(prior)
    }

    /// Cuts the failed attempt's end and the states that did not finish (see
    /// [`Prior::cut_unfinished`]), and takes the recorded results of the Task states that
    /// did: what a redrive and a resume on a changed definition go live from.
    fn cut_failed_attempt(&mut self) {
        for (at, event) in self.events.iter().enumerate() {
            if is_terminal(&event.kind) {
                self.usable[at] = false;
            }
        }
        match self.kind {
            PriorKind::ResumeFailed => self.cut_failed_states(),
            _ => self.cut_unfinished(),
        }
        self.collect_outcomes(true);
    }

    /// Cuts, for a resume on a changed definition, the states where the record's strands
    /// failed or were stopped, and what followed them on their strands (see
    /// `super::unfinished`): a Parallel or inline Map that holds one is entered again from
    /// the record, its branches and iterations that finished taken from it.
    fn cut_failed_states(&mut self) {
        let unfinished = Unfinished::of(&self.chains());
        for (at, cut) in unfinished.cut.iter().enumerate() {
            if *cut {
                self.usable[at] = false;
            }
        }
        self.finished = unfinished.exits.iter().map(Option::is_some).collect();
        self.unfinished = Some(unfinished);
    }

    /// The record's events with their chains.
    fn chains(&self) -> Chains<'_> {
        Chains {
            events: &self.events,
            position: &self.position,
            successors: &self.successors,
        }
    }

    /// A redrive resumed: this redrive's record (the failed attempt's history, as
    /// [`Prior::redrive`] read it) followed by what the redriven run recorded before its
    /// process stopped, `history` (the whole history: the failed attempt's events, then the
    /// `ExecutionRedriven` of this redrive, then the redriven run's events). The run walks the
    /// failed attempt as the redrive did, and where a strand went live after
    /// `ExecutionRedriven` it matches the recorded events of the redriven run, as a resume
    /// does; its history goes on after the last recorded event (`ExecutionRedriven` is not
    /// written again). The history must begin with the failed attempt's events.
    pub(crate) fn continue_redrive(
        mut self,
        history: Vec<HistoryEvent>,
    ) -> Result<Prior, PriorError> {
        let PriorKind::Redrive { count } = self.kind else {
            return Err(PriorError("only a redrive is continued".into()));
        };
        let before = self.events.len();
        let same_start = history.len() > before
            && history[..before]
                .iter()
                .zip(&self.events)
                .all(|(a, b)| a.id == b.id && a.kind.event_type() == b.kind.event_type());
        let redriven = match history.get(before) {
            Some(event)
                if same_start
                    && matches!(event.kind, EventKind::ExecutionRedriven { redrive_count } if redrive_count == count) =>
            {
                (event.id, event.timestamp_millis)
            }
            _ => {
                return Err(PriorError(format!(
                    "the history does not go on from the failed attempt with its redrive number {count} (`ExecutionRedriven`)"
                )));
            }
        };
        if history.last().is_some_and(|e| is_terminal(&e.kind)) {
            return Err(PriorError(
                "the execution already ended: its history ends with its end".into(),
            ));
        }
        let matching = self.matching.get_mut().unwrap_or_else(|p| p.into_inner());
        for (at, event) in history.into_iter().enumerate().skip(before) {
            self.position.insert(event.id, at);
            self.successors
                .entry(event.previous_event_id)
                .or_default()
                .push(at);
            self.by_key.entry(key(&event.kind)).or_default().push(at);
            self.usable.push(true);
            self.finished.push(true);
            // `ExecutionRedriven` is the record's, never written again.
            matching.consumed.push(at == before);
            self.events.push(event);
        }
        self.redriven = Some(redriven);
        Ok(self)
    }

    /// When a resumed redrive was redriven (its recorded `ExecutionRedriven`'s time): the time
    /// the redriven run went live at.
    pub(crate) fn redriven_millis(&self) -> Option<i64> {
        self.redriven.map(|(_, at)| at)
    }

    /// The id of this redrive's `ExecutionRedriven`: recorded, or the next after the record.
    fn redriven_id(&self) -> u64 {
        self.redriven.map_or(self.recorded() + 1, |(id, _)| id)
    }

    /// A replay of the recorded `history`, its children's histories and Map Runs in
    /// `record`.
    pub(crate) fn replay(
        history: Vec<HistoryEvent>,
        record: &SharedRecord,
    ) -> Result<Prior, PriorError> {
        let mut prior = Prior::indexed(
            PriorKind::Replay,
            history,
            Children::Recorded(Arc::clone(&record.0)),
            Vec::new(),
        )?;
        prior.map_runs_held = Arc::clone(&record.1);
        prior.collect_outcomes(false);
        Ok(prior)
    }

    /// A resume on a changed definition of the failed, timed out or stopped execution whose
    /// history is `history` (its children's and Map Runs in `record`); a `plan` stops where
    /// the run would go live. Refused for a history that does not end the execution
    /// unsuccessfully.
    pub(crate) fn resume_failed(
        history: Vec<HistoryEvent>,
        record: &SharedRecord,
        plan: bool,
    ) -> Result<Prior, PriorError> {
        match history.last().map(|e| &e.kind) {
            Some(
                EventKind::ExecutionFailed { .. }
                | EventKind::ExecutionTimedOut { .. }
                | EventKind::ExecutionAborted { .. },
            ) => {}
            Some(EventKind::ExecutionSucceeded { .. }) => {
                return Err(PriorError(
                    "the execution succeeded: there is nothing to resume".into(),
                ));
            }
            _ => {
                return Err(PriorError(
                    "the record does not end the execution (it is still running, or the history is not whole): only a failed, timed out or stopped execution is resumed".into(),
                ));
            }
        }
        let mut prior = Prior::indexed(
            PriorKind::ResumeFailed,
            history,
            Children::Recorded(Arc::clone(&record.0)),
            Vec::new(),
        )?;
        prior.map_runs_held = Arc::clone(&record.1);
        prior.plan = plan;
        prior.cut_failed_attempt();
        Ok(prior)
    }

    /// A fresh copy of this record to run from again (a replay's or a plan's next round):
    /// nothing matched yet.
    pub(crate) fn again(&self) -> Result<Prior, PriorError> {
        let record = SharedRecord(
            match &self.children {
                Children::Recorded(children) => Arc::clone(children),
                Children::Redriven(_) => Arc::default(),
            },
            Arc::clone(&self.map_runs_held),
        );
        match self.kind {
            PriorKind::ResumeFailed => {
                Prior::resume_failed(self.events.clone(), &record, self.plan)
            }
            _ => Prior::replay(self.events.clone(), &record).map(|p| p.inheriting(self)),
        }
    }

    /// This replay, run on `input` rather than the recorded one (a child execution a
    /// `states:startExecution` Task of the replayed definition starts on what it sends now):
    /// its `ExecutionStarted` is compared with the record's.
    #[must_use]
    pub(crate) fn with_input(mut self, input: Value) -> Self {
        self.input = input;
        self
    }

    /// This replay, comparing its Distributed Maps with those of the definition the execution
    /// ran, when the record holds it (`maps`).
    #[must_use]
    pub(crate) fn with_recorded_maps(mut self, maps: Option<Arc<RecordedMaps>>) -> Self {
        self.recorded_maps = maps;
        self
    }

    /// This replay with what `template` (the same record) adds to it: its input and the
    /// definition the execution ran.
    fn inheriting(self, template: &Prior) -> Self {
        self.with_input(template.input.clone())
            .with_recorded_maps(template.recorded_maps.clone())
    }

    /// The Map states of the definition the execution ran, when the record holds it.
    pub(crate) fn recorded_maps(&self) -> Option<&RecordedMaps> {
        self.recorded_maps.as_deref()
    }

    /// Notes a part of a Map Run the replay took from the record without checking it.
    pub(crate) fn note_unchecked(&self, unchecked: Unchecked) {
        let mut held = self.unchecked.lock().unwrap_or_else(|p| p.into_inner());
        held.push(unchecked);
    }

    /// Takes in what `child`'s replay left unchecked, each naming the child (or, for one in a
    /// child of its own, that one).
    pub(crate) fn absorb_unchecked(&self, child: &StatesArn, unchecked: Vec<Unchecked>) {
        let mut held = self.unchecked.lock().unwrap_or_else(|p| p.into_inner());
        for mut u in unchecked {
            u.execution.get_or_insert_with(|| child.clone());
            held.push(u);
        }
    }

    /// The parts of Map Runs the replay took from the record without checking them, in the
    /// order they were.
    pub(crate) fn unchecked(&self) -> Vec<Unchecked> {
        self.unchecked
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The same record, resumed for real (not a plan): the run goes live where the plan
    /// stopped.
    pub(crate) fn live(&self) -> Result<Prior, PriorError> {
        let mut prior = self.again()?;
        prior.plan = false;
        Ok(prior)
    }

    /// Whether this is a plan that stops where the run would go live.
    pub(crate) fn is_plan(&self) -> bool {
        self.plan
    }

    /// Whether a plan's run reached where it would go live.
    pub(crate) fn went_live(&self) -> bool {
        self.went_live.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// A plan reached where it goes live outside the events (a Distributed Map's child to
    /// run again): it stops there.
    pub(crate) fn go_live_now(&self) {
        self.went_live
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// A plan's run enters the top-level state `at` (until it went live: then it is where
    /// the resume starts).
    pub(crate) fn enters_top_state(&self, at: impl FnOnce() -> ResumeAt) {
        if !self.plan || self.went_live() || self.stopped() {
            return;
        }
        *self.resume_at.lock().unwrap_or_else(|p| p.into_inner()) = Some(at());
    }

    /// Where a plan went live: the top-level state its run was in, once it went live.
    pub(crate) fn resume_at(&self) -> Option<ResumeAt> {
        if !self.went_live() {
            return None;
        }
        self.resume_at
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The top-level state `state` as the record last entered it: its input, and the variables
    /// the record shows assigned before it by the top-level states (`top_level`, the
    /// definition's: a state's `Assign` sets variables of its own scope, and state names are
    /// unique in a state machine); `None` when the record never entered it.
    pub(crate) fn recorded_entry(&self, state: &str, top_level: &[&str]) -> Option<ResumeAt> {
        let entry = self.events.iter().rposition(
            |e| matches!(&e.kind, EventKind::StateEntered { name, .. } if &**name == state),
        )?;
        let EventKind::StateEntered { input, .. } = &self.events[entry].kind else {
            return None;
        };
        let mut variables = serde_json::Map::new();
        for event in &self.events[..entry] {
            if let EventKind::StateExited { name, assigned, .. } = &event.kind
                && top_level.contains(&&**name)
            {
                for (variable, value) in assigned {
                    variables.insert(variable.clone(), value.to_value());
                }
            }
        }
        Some(ResumeAt {
            state: state.to_owned(),
            input: input.to_value(),
            variables,
        })
    }

    /// The recorded events whose states the run entered as the record shows them (each
    /// `…StateEntered` matched): what a resume did not run again.
    pub(crate) fn matched_states(&self) -> usize {
        let matching = self.matching.lock().unwrap_or_else(|p| p.into_inner());
        matching
            .matched
            .values()
            .filter(|&&at| matches!(self.events[at].kind, EventKind::StateEntered { .. }))
            .count()
    }

    /// A resume on a changed definition's: the states where its record's strands failed or
    /// were stopped (see `super::unfinished`), then those of the children of its Distributed
    /// Maps' Map Runs that did not succeed (what those Map Runs run again), each placed in
    /// its child.
    pub(crate) fn failed_states(&self) -> Vec<FailedState> {
        let Some(unfinished) = &self.unfinished else {
            return Vec::new();
        };
        let mut failed = unfinished.failed_states(&self.events);
        let Children::Recorded(children) = &self.children else {
            return failed;
        };
        let record = SharedRecord(Arc::clone(children), Arc::clone(&self.map_runs_held));
        for (at, event) in self.events.iter().enumerate() {
            let EventKind::MapRunStarted { map_run_arn } = &event.kind else {
                continue;
            };
            let Some(held) = self.map_runs_held.get(map_run_arn) else {
                continue;
            };
            if self.map_run_succeeded(map_run_arn) {
                continue;
            }
            let map = self.state_of(at).unwrap_or_default();
            let outer = failed
                .iter()
                .find(|f| f.state == map)
                .map(|f| f.within.clone())
                .unwrap_or_default();
            let mut arns: Vec<&StatesArn> = held.children.iter().collect();
            arns.sort_by_key(|arn| arn.to_string());
            for child in arns {
                let Some(history) = children.get(child) else {
                    continue;
                };
                let Ok(prior) = Prior::resume_failed(history.clone(), &record, false) else {
                    continue;
                };
                let execution = child.execution_name().unwrap_or_default().to_owned();
                for mut inner in prior.failed_states() {
                    let mut within = outer.clone();
                    within.push(Within::Child {
                        map: map.clone(),
                        execution: execution.clone(),
                    });
                    within.append(&mut inner.within);
                    inner.within = within;
                    failed.push(inner);
                }
            }
        }
        failed
    }

    /// A resume on a changed definition's: the child executions the Task states where its
    /// record failed started (`states:startExecution`: the `TaskSubmitted`, `TaskSucceeded`
    /// or `TaskFailed` cut from the record names each), with the state, in record order.
    pub(crate) fn failed_tasks_children(&self) -> Vec<(String, StatesArn)> {
        let mut found: Vec<(String, StatesArn)> = Vec::new();
        for (at, event) in self.events.iter().enumerate() {
            if self.usable[at] || self.kind != PriorKind::ResumeFailed {
                continue;
            }
            let Some(arn) = crate::execution::started_execution(&event.kind) else {
                continue;
            };
            if let Some(state) = self.state_of(at)
                && !found.iter().any(|(_, a)| *a == arn)
            {
                found.push((state, arn));
            }
        }
        found
    }

    fn indexed(
        kind: PriorKind,
        events: Vec<HistoryEvent>,
        children: Children,
        map_runs: Vec<MapRun>,
    ) -> Result<Prior, PriorError> {
        let input = match events.first().map(|e| &e.kind) {
            Some(EventKind::ExecutionStarted { input, .. }) => input.to_value(),
            _ => {
                return Err(PriorError(
                    "the history does not begin with `ExecutionStarted` (was it kept? `Engine::history(false)` keeps none)".into(),
                ));
            }
        };
        let mut position = HashMap::with_capacity(events.len());
        let mut successors: HashMap<u64, Vec<usize>> = HashMap::new();
        let mut by_key: HashMap<Key, Vec<usize>> = HashMap::new();
        for (at, event) in events.iter().enumerate() {
            position.insert(event.id, at);
            successors
                .entry(chained_previous(&events, at))
                .or_default()
                .push(at);
            by_key.entry(key(&event.kind)).or_default().push(at);
        }
        let usable = vec![true; events.len()];
        let matching = Matching {
            consumed: vec![false; events.len()],
            ..Matching::default()
        };
        Ok(Prior {
            kind,
            finished: vec![true; events.len()],
            position,
            successors,
            by_key,
            usable,
            matching: Mutex::new(matching),
            outcomes: Mutex::new(HashMap::new()),
            entry_outcomes: Mutex::new(HashMap::new()),
            unfinished: None,
            redriven: None,
            input,
            recorded_values: HashMap::new(),
            stopped: std::sync::atomic::AtomicBool::new(false),
            map_runs: Mutex::new(map_runs.into()),
            children,
            map_runs_held: Arc::default(),
            plan: false,
            went_live: std::sync::atomic::AtomicBool::new(false),
            taken: Mutex::new(Vec::new()),
            resume_at: Mutex::new(None),
            recorded_maps: None,
            unchecked: Mutex::new(Vec::new()),
            events,
        })
    }

    /// This replay, taking the recorded value at each place of `places` (a recorded event's
    /// position, a JSON pointer into its details).
    #[must_use]
    pub(crate) fn taking_recorded_values(mut self, places: &[(usize, String)]) -> Self {
        for (at, pointer) in places {
            let pointers = self.recorded_values.entry(*at).or_default();
            if !pointers.contains(pointer) {
                pointers.push(pointer.clone());
            }
        }
        self
    }

    /// Whether the replay takes recorded values into the run's event matching the recorded
    /// event at `at`.
    pub(crate) fn takes_recorded_values_at(&self, at: usize) -> bool {
        self.recorded_values.contains_key(&at)
    }

    /// What the run does with the record.
    pub(crate) fn kind(&self) -> PriorKind {
        self.kind
    }

    /// The execution's input, as recorded.
    pub(crate) fn input(&self) -> &Value {
        &self.input
    }

    /// The execution role its `ExecutionStarted` recorded, if it did.
    pub(crate) fn role_arn(&self) -> Option<&RoleArn> {
        match self.events.first().map(|e| &e.kind) {
            Some(EventKind::ExecutionStarted { role_arn, .. }) => role_arn.as_ref(),
            _ => None,
        }
    }

    /// When the execution started, as recorded.
    pub(crate) fn start_millis(&self) -> i64 {
        self.events.first().map_or(0, |e| e.timestamp_millis)
    }

    /// When the record ends: a redrive's time.
    pub(crate) fn end_millis(&self) -> i64 {
        self.events.last().map_or(0, |e| e.timestamp_millis)
    }

    /// How many events were recorded.
    pub(crate) fn recorded(&self) -> u64 {
        self.events.len() as u64
    }

    /// The history the run continues: a resume's recorded events; a redrive's, then
    /// `ExecutionRedriven` at `at_millis` (the last event, its id the one new events of
    /// replayed strands name as their previous); none for a replay, which writes a history of
    /// its own.
    pub(crate) fn history(&self, at_millis: i64) -> Vec<HistoryEvent> {
        match self.kind {
            PriorKind::Resume => self.events.clone(),
            PriorKind::Redrive { .. } if self.redriven.is_some() => self.events.clone(),
            PriorKind::Redrive { count } => {
                let mut events = self.events.clone();
                events.push(HistoryEvent {
                    id: events.len() as u64 + 1,
                    previous_event_id: 0,
                    timestamp_millis: at_millis,
                    kind: EventKind::ExecutionRedriven {
                        redrive_count: count,
                    },
                });
                events
            }
            PriorKind::Replay | PriorKind::ResumeFailed => Vec::new(),
        }
    }

    /// Whether the run writes its own history in full (a replay, a resume on a changed
    /// definition) rather than continuing the recorded one.
    pub(crate) fn writes_own_history(&self) -> bool {
        matches!(self.kind, PriorKind::Replay | PriorKind::ResumeFailed)
    }

    /// Whether the run compares itself with the record as it goes, and the record answers
    /// what the chains do not show by type and state (a replay, a resume on a changed
    /// definition up to where the record failed).
    fn compares(&self) -> bool {
        self.writes_own_history()
    }

    /// The previous event a new event of a strand at `last` names: a redrive's first new
    /// event of a strand that was replaying names `ExecutionRedriven`.
    pub(crate) fn live_previous(&self, last: u64) -> u64 {
        match self.kind {
            PriorKind::Redrive { .. } if last < self.redriven_id() => self.redriven_id(),
            _ => last,
        }
    }

    /// The recorded event at `position`.
    pub(crate) fn event(&self, position: usize) -> &HistoryEvent {
        &self.events[position]
    }

    /// The recorded events.
    pub(crate) fn events(&self) -> &[HistoryEvent] {
        &self.events
    }

    /// The recorded id the run's event `generated` stands for (a replay's own ids differ from
    /// the record's; a resume's and a redrive's are the record's).
    fn recorded_id(&self, matching: &Matching, generated: u64) -> u64 {
        match self.kind {
            PriorKind::Replay | PriorKind::ResumeFailed => {
                matching.generated.get(&generated).copied().unwrap_or(0)
            }
            _ => generated,
        }
    }

    /// Matches an event the run writes at `at_millis` on a strand whose last event is
    /// `previous` (and, in a replay, whose own id is `id`): the position of the recorded event
    /// it stands for, if any (then taken). A replay notes the differences it finds; where the
    /// record of the strand ends before the event, the record stops there (a stopped or still
    /// running execution's) and the event comes no earlier than the record's last, the event
    /// is not the run's to write: [`RecordEnded`]. A replay's event
    /// that matched takes the recorded values at the places its draws make in a way the
    /// replay cannot undo (`kind` is changed).
    pub(crate) fn match_event(
        &self,
        previous: u64,
        id: u64,
        at_millis: i64,
        kind: &mut EventKind,
    ) -> Result<Option<usize>, RecordEnded> {
        // A plan that stopped writes nothing more, its closing event included.
        if self.plan && self.stopped() {
            return Err(RecordEnded);
        }
        let mut matching = self.matching.lock().unwrap_or_else(|p| p.into_inner());
        if self.kind == PriorKind::ResumeFailed && matching.live.contains(&previous) {
            let after = matching.generated.get(&previous).copied().unwrap_or(0);
            matching.generated.insert(id, after);
            matching.live.insert(id);
            return Ok(None);
        }
        let after = self.recorded_id(&matching, previous);
        let wanted = key(kind);
        let chained = self.successors.get(&after).and_then(|next| {
            next.iter().copied().find(|&at| {
                self.usable[at] && !matching.consumed[at] && key(&self.events[at].kind) == wanted
            })
        });
        // A strand of a resumed redrive whose record of the failed attempt ended went live
        // after `ExecutionRedriven`: what it wrote then follows that event.
        let chained = chained.or_else(|| {
            let redriven = self.redriven.map(|(id, _)| id).filter(|id| after < *id)?;
            self.successors.get(&redriven)?.iter().copied().find(|&at| {
                self.usable[at] && !matching.consumed[at] && key(&self.events[at].kind) == wanted
            })
        });
        let found = match chained {
            Some(at) => Some(at),
            // Our own histories chain exactly: a resume and a redrive follow the chains only,
            // so that a strand that went live never takes another strand's recorded events.
            None if !self.compares() => None,
            // A resume on a changed definition's strand whose record was cut here goes live:
            // the like events elsewhere are other strands'.
            None if self.kind == PriorKind::ResumeFailed && self.cut_at(after) => None,
            // Where the chain shows another event next, the run takes another path, even if
            // the record has an event like this one elsewhere (a loop's later turn).
            None if self.shows_next(&matching, after) => None,
            None => self.by_key.get(&wanted).and_then(|all| {
                let open = all
                    .iter()
                    .copied()
                    .filter(|&at| self.usable[at] && !matching.consumed[at]);
                let mut first = None;
                for at in open {
                    if same_details(&self.events[at].kind, kind) {
                        return Some(at);
                    }
                    first.get_or_insert(at);
                }
                first
            }),
        };
        if let Some(at) = found
            && let Some(pointers) = self.recorded_values.get(&at)
            && let Some(taken) =
                record_diff::with_recorded_values(kind, &self.events[at].kind, pointers)
        {
            *kind = taken;
        }
        let kind = &*kind;
        if self.kind == PriorKind::ResumeFailed && found.is_none() {
            // Where the strand's record ends (what did not finish is cut from it), the
            // strand goes live; where it shows another event, the definition diverges before
            // the failure.
            if self.next_open(&matching, after).is_none() {
                // A plan stops there and writes nothing: the event's id is not taken (the
                // next event another strand writes gets it).
                if self.plan {
                    drop(matching);
                    self.went_live
                        .store(true, std::sync::atomic::Ordering::SeqCst);
                    return Err(RecordEnded);
                }
                matching.generated.insert(id, after);
                matching.live.insert(id);
                return Ok(None);
            }
        }
        if self.compares() {
            let difference = match found {
                Some(at) => compare(&self.events[at], kind, self.state_of(at)),
                None if self.kind == PriorKind::ResumeFailed => {
                    self.unmatched_path(&matching, after, kind)
                }
                None => self.unmatched(&matching, after, at_millis, kind)?,
            };
            let stands_for = found.map_or(after, |at| self.events[at].id);
            matching.generated.insert(id, stands_for);
            if let Some(at) = found {
                matching.matched.insert(id, at);
            }
            let diverged = found.is_none();
            if let Some(d) = difference {
                matching.differences.push(d);
            }
            // A plan stops at a divergence before the failure: the resume is refused.
            if diverged && self.plan {
                return Err(RecordEnded);
            }
        }
        if let Some(at) = found {
            matching.consumed[at] = true;
        }
        Ok(found)
    }

    /// The divergence an event of a resume on a changed definition makes where the strand's
    /// record shows another event: the run takes another path before the failure.
    fn unmatched_path(
        &self,
        matching: &Matching,
        after: u64,
        kind: &EventKind,
    ) -> Option<Difference> {
        let expected = self.next_open(matching, after)?;
        let event = &self.events[expected];
        Some(Difference {
            kind: DifferenceKind::Path,
            state: own_state(kind)
                .map(str::to_owned)
                .or_else(|| self.state_of(expected)),
            after_state: self.position.get(&after).and_then(|&at| self.state_of(at)),
            recorded: Some((event.kind.event_type(), event.id)),
            now: Some(kind.event_type()),
            was: describe(&event.kind),
            is: describe(kind),
            was_details: Some(details(&event.kind)),
            is_details: Some(details(kind)),
            changes: Vec::new(),
            execution: None,
            file: None,
        })
    }

    /// Notes a difference the run found outside the events (a `ResultWriter`'s file, an
    /// EXPRESS child's outcome).
    pub(crate) fn note(&self, difference: Difference) {
        let mut matching = self.matching.lock().unwrap_or_else(|p| p.into_inner());
        matching.differences.push(difference);
    }

    /// Takes in the differences `child`'s replay (or resume) found, each naming the child
    /// (or, for one in a child of its own, that one).
    pub(crate) fn absorb(&self, child: &StatesArn, differences: Vec<Difference>) {
        let mut matching = self.matching.lock().unwrap_or_else(|p| p.into_inner());
        for mut d in differences {
            d.execution.get_or_insert_with(|| child.clone());
            matching.differences.push(d);
        }
    }

    /// Notes that the EXPRESS child `arn` was not run but taken from the record (the
    /// replay had nothing to answer one of its Tasks), with those its own children took.
    pub(crate) fn took_from_record(&self, arn: StatesArn) {
        let mut taken = self.taken.lock().unwrap_or_else(|p| p.into_inner());
        if !taken.contains(&arn) {
            taken.push(arn);
        }
    }

    /// The EXPRESS children taken from the record rather than run, in the order they were.
    pub(crate) fn taken(&self) -> Vec<StatesArn> {
        self.taken.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The state the recorded event at `at` belongs to: its own, or that of the nearest
    /// `…StateEntered` of a state of its kind before it on its strand (a Task's events belong
    /// to a Task state, a Map's to a Map state: a retried Map's `MapStateStarted` follows its
    /// failed iteration's events), before it in the record where the record's chains are
    /// masked.
    fn state_of(&self, at: usize) -> Option<String> {
        let event = &self.events[at].kind;
        if let Some(name) = own_state(event) {
            return Some(name.to_owned());
        }
        let family = state_family(&event.event_type());
        let owns = |before: usize| match &self.events[before].kind {
            EventKind::StateEntered {
                name, state_type, ..
            } if family.is_none_or(|f| f == *state_type) => Some(name.to_string()),
            _ => None,
        };
        let mut cursor = self.events[at].previous_event_id;
        for _ in 0..self.events.len() {
            let Some(&before) = self.position.get(&cursor) else {
                break;
            };
            if let Some(name) = owns(before) {
                return Some(name);
            }
            cursor = self.events[before].previous_event_id;
        }
        (0..at).rev().find_map(owns)
    }

    /// The position of the recorded event the run's event `generated` matched, in a replay.
    pub(crate) fn matched_position(&self, generated: u64) -> Option<usize> {
        let matching = self.matching.lock().unwrap_or_else(|p| p.into_inner());
        matching.matched.get(&generated).copied()
    }

    /// The run's events that matched recorded ones, in a replay: (the run's event id, the
    /// recorded event's position).
    pub(crate) fn matched_pairs(&self) -> Vec<(u64, usize)> {
        let matching = self.matching.lock().unwrap_or_else(|p| p.into_inner());
        let mut pairs: Vec<(u64, usize)> =
            matching.matched.iter().map(|(&g, &at)| (g, at)).collect();
        pairs.sort_unstable();
        pairs
    }

    /// Notes that a replay's strands went as far as its record takes them: the run stops
    /// (see [`RecordEnded`]).
    pub(crate) fn stop(&self) {
        self.stopped
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// Whether a replay's run stopped where its record stops.
    pub(crate) fn stopped(&self) -> bool {
        self.stopped.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The event that ends the record, if it ends the execution.
    pub(crate) fn recorded_end(&self) -> Option<&HistoryEvent> {
        self.events.last().filter(|e| is_terminal(&e.kind))
    }

    /// Whether this is a replay of a record that stops without the execution's own end: a
    /// Task it shows started and not ended had not ended then (a replay's strand stops
    /// there, see [`RecordEnded`]).
    pub(crate) fn replays_an_unfinished_record(&self) -> bool {
        self.kind == PriorKind::Replay && self.stops_early()
    }

    /// Whether the record stops without the execution's own end: it was stopped
    /// (`ExecutionAborted`) or is still running. A replay's strands stop where it does.
    fn stops_early(&self) -> bool {
        match self.events.last().map(|e| &e.kind) {
            Some(EventKind::ExecutionAborted { .. }) => true,
            Some(kind) => !is_terminal(kind),
            None => true,
        }
    }

    /// The position of the first event the chain shows after the recorded event `after` that
    /// may be matched and is not taken yet.
    fn next_open(&self, matching: &Matching, after: u64) -> Option<usize> {
        self.successors.get(&after).and_then(|next| {
            next.iter()
                .copied()
                .find(|&at| self.usable[at] && !matching.consumed[at])
        })
    }

    /// Whether the chain goes on after the recorded event `after` with events that are cut:
    /// the strand's record ends there.
    fn cut_at(&self, after: u64) -> bool {
        self.successors
            .get(&after)
            .is_some_and(|next| next.iter().any(|&at| !self.usable[at]))
    }

    /// Whether the chain shows an event after the recorded event `after` that is not taken
    /// yet. Where it shows none, a replay matches by type and state: AWS chains a Map's
    /// iterations one after another (an iteration's `MapIterationStarted` follows the last
    /// event of the one before, not the Map's start), and LocalStack's snapshots mask the
    /// chains of concurrent branches.
    fn shows_next(&self, matching: &Matching, after: u64) -> bool {
        self.next_open(matching, after).is_some()
    }

    /// Whether the record shows what follows the recorded event `id` on its strand: a strand
    /// that passes time there (a Wait, a retry interval) need not wait for it.
    pub(crate) fn continues_after(&self, id: u64) -> bool {
        let matching = self.matching.lock().unwrap_or_else(|p| p.into_inner());
        self.next_open(&matching, id).is_some()
    }

    /// The difference an event the run wrote makes when it matches no recorded one: the run
    /// takes another path. Where the record of the strand ends there and the record stops
    /// (the execution was stopped, or is still running), the strand stops with it:
    /// [`RecordEnded`].
    fn unmatched(
        &self,
        matching: &Matching,
        after: u64,
        at_millis: i64,
        kind: &EventKind,
    ) -> Result<Option<Difference>, RecordEnded> {
        let expected = self.next_open(matching, after);
        let ends_here = match expected {
            None => true,
            Some(at) => self
                .recorded_end()
                .is_some_and(|end| end.id == self.events[at].id),
        };
        // An event the run writes before the record's last one would have been recorded: it
        // is another path (a Wait that now ends before the execution was stopped).
        let after_the_record = self
            .events
            .last()
            .is_some_and(|last| at_millis >= last.timestamp_millis);
        if ends_here && after_the_record && self.stops_early() {
            return Err(RecordEnded);
        }
        let now = kind.event_type();
        let state = own_state(kind).map(str::to_owned);
        let (recorded, was, was_details) = match expected {
            Some(at) => {
                let event = &self.events[at];
                (
                    Some((event.kind.event_type(), event.id)),
                    describe(&event.kind),
                    Some(details(&event.kind)),
                )
            }
            None => (None, "nothing more".to_owned(), None),
        };
        Ok(Some(Difference {
            kind: DifferenceKind::Path,
            state: state.or_else(|| expected.and_then(|at| self.state_of(at))),
            after_state: self.position.get(&after).and_then(|&at| self.state_of(at)),
            recorded,
            now: Some(now),
            was,
            is: describe(kind),
            was_details,
            is_details: Some(details(kind)),
            changes: Vec::new(),
            execution: None,
            file: None,
        }))
    }

    /// How many differences a replay found so far.
    pub(crate) fn difference_count(&self) -> usize {
        let matching = self.matching.lock().unwrap_or_else(|p| p.into_inner());
        matching.differences.len()
    }

    /// The `index`th difference a replay found (from 0), once found.
    pub(crate) fn difference(&self, index: usize) -> Option<Difference> {
        let matching = self.matching.lock().unwrap_or_else(|p| p.into_inner());
        matching.differences.get(index).cloned()
    }

    /// The differences found so far, then, once the run ended, those the recorded events it
    /// never matched make.
    pub(crate) fn differences(&self, ended: bool) -> Vec<Difference> {
        let matching = self.matching.lock().unwrap_or_else(|p| p.into_inner());
        let mut found = matching.differences.clone();
        // A resume on a changed definition leaves the record where it goes live: its events
        // not taken are not differences.
        if ended && self.kind != PriorKind::ResumeFailed {
            for (at, event) in self.events.iter().enumerate() {
                if matching.consumed[at] || !self.usable[at] {
                    continue;
                }
                found.push(Difference {
                    kind: DifferenceKind::Path,
                    state: self.state_of(at),
                    after_state: self
                        .position
                        .get(&event.previous_event_id)
                        .and_then(|&before| self.state_of(before)),
                    recorded: Some((event.kind.event_type(), event.id)),
                    now: None,
                    was: describe(&event.kind),
                    is: "nothing of the kind".to_owned(),
                    was_details: Some(details(&event.kind)),
                    is_details: None,
                    changes: Vec::new(),
                    execution: None,
                    file: None,
                });
            }
        }
        found
    }

    /// The recorded Task that follows the recorded event `after` (the task's `…Started`, or
    /// an activity's `ActivityScheduled`) on its strand: what it recorded up to its end, when
    /// it recorded its end. Else, for a redrive or a replay, the next recorded end of a task
    /// of `state` that sent `request`; for a resume on a changed definition, the next of the
    /// task whose recorded entry the state's entry (the run's event `entered`) matched.
    pub(crate) fn recorded_task(
        &self,
        after: u64,
        (entered, state): (u64, &str),
        request: &Value,
    ) -> Option<RecordedTask> {
        let from_chain = self.task_on_chain(after);
        if from_chain.is_some() || self.kind == PriorKind::Resume {
            return from_chain;
        }
        let end = match self.kind {
            // A resume on a changed definition: the next end of the task whose entry the
            // run's (`entered`) matched, whatever it sends now; none for a state run live.
            PriorKind::ResumeFailed => {
                let entry = self.matched_position(entered)?;
                self.entry_outcomes
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .get_mut(&entry)
                    .and_then(VecDeque::pop_front)?
            }
            _ => {
                let key = (state.to_owned(), request.to_string());
                self.outcomes
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .get_mut(&key)
                    .and_then(VecDeque::pop_front)?
            }
        };
        Some(RecordedTask {
            submitted: None,
            worker: None,
            started_millis: None,
            worker_millis: None,
            end: Some(end),
        })
    }

    /// What the record shows of a task after its start (the recorded event `after`): its
    /// `TaskSubmitted` and `ActivityStarted` (not taken: the run writes them and they match),
    /// and its end.
    fn task_on_chain(&self, after: u64) -> Option<RecordedTask> {
        let matching = self.matching.lock().unwrap_or_else(|p| p.into_inner());
        let after = self.recorded_id(&matching, after);
        let start = self.position.get(&after).map(|&at| &self.events[at])?;
        if !matches!(
            start.kind,
            EventKind::TaskStarted { .. }
                | EventKind::LambdaFunctionStarted
                | EventKind::ActivityScheduled { .. }
        ) {
            return None;
        }
        let mut task = RecordedTask {
            submitted: None,
            worker: None,
            started_millis: Some(start.timestamp_millis),
            worker_millis: None,
            end: None,
        };
        let mut cursor = start.id;
        for _ in 0..3 {
            let Some(next) = self.successors.get(&cursor).and_then(|next| {
                next.iter()
                    .copied()
                    .find(|&at| self.usable[at] && !matching.consumed[at])
            }) else {
                break;
            };
            let event = &self.events[next];
            match &event.kind {
                EventKind::TaskSubmitted { output, .. } => {
                    task.submitted = Some(output.to_value());
                }
                EventKind::ActivityStarted { worker_name } => {
                    task.worker = Some(worker_name.clone());
                    task.worker_millis = Some(event.timestamp_millis);
                }
                other => {
                    if let Some(outcome) = task_end(other) {
                        let took = event.timestamp_millis - start.timestamp_millis;
                        task.end = Some(RecordedEnd {
                            outcome,
                            took: Duration::from_millis(u64::try_from(took).unwrap_or(0)),
                        });
                    }
                    break;
                }
            }
            cursor = event.id;
        }
        Some(task)
    }

    /// The recorded Map Run the Map state whose strand is at `after` starts (its
    /// `MapRunStarted` or `MapRunRedriven` next on the strand's chain, not taken), for a
    /// resume or a replay; for a redrive, the failed attempt's next Map Run of the labelled
    /// machine `machine`.
    pub(crate) fn map_run(&self, after: u64, machine: &MachineName) -> Option<PriorMapRun> {
        match self.kind {
            PriorKind::Redrive { .. } => {
                let mut runs = self.map_runs.lock().unwrap_or_else(|p| p.into_inner());
                let at = runs.iter().position(|run| {
                    run.arn.kind() == ResourceType::MapRun && run.arn.machine() == Some(machine)
                })?;
                runs.remove(at).map(|run| PriorMapRun {
                    run,
                    disposition: Disposition::Redrive,
                })
            }
            PriorKind::Resume | PriorKind::Replay | PriorKind::ResumeFailed => {
                let matching = self.matching.lock().unwrap_or_else(|p| p.into_inner());
                let after = self.recorded_id(&matching, after);
                let recorded = self.successors.get(&after)?.iter().find_map(|&at| {
                    let event = &self.events[at];
                    match &event.kind {
                        EventKind::MapRunStarted { map_run_arn }
                        | EventKind::MapRunRedriven { map_run_arn, .. }
                            if self.usable[at] && !matching.consumed[at] =>
                        {
                            Some((map_run_arn.clone(), event.timestamp_millis))
                        }
                        _ => None,
                    }
                })?;
                drop(matching);
                Some(self.recorded_map_run(recorded.0, recorded.1))
            }
        }
    }

    /// A Map Run that a resume or replay found recorded: its ARN, its start and the children
    /// whose histories are known.
    fn recorded_map_run(&self, arn: StatesArn, start_millis: i64) -> PriorMapRun {
        let redrive_count = self
            .events
            .iter()
            .filter(|e| {
                matches!(&e.kind, EventKind::MapRunRedriven { map_run_arn, .. } if *map_run_arn == arn)
            })
            .count() as u64;
        let disposition = match self.kind {
            PriorKind::Resume => Disposition::Resume,
            PriorKind::ResumeFailed => Disposition::ResumeFailed {
                succeeded: self.map_run_succeeded(&arn),
            },
            _ => Disposition::Replay,
        };
        PriorMapRun {
            run: MapRun {
                arn,
                status: ExecutionStatus::Running,
                start_millis,
                stop_millis: start_millis,
                max_concurrency: 0,
                tolerated_failure_count: 0,
                tolerated_failure_percentage: 0.0,
                executions: Vec::new(),
                items: 0,
                redrive_count,
                error: None,
            },
            disposition,
        }
    }

    /// Whether the record shows the Map Run `arn` succeeded (its `MapRunSucceeded`).
    fn map_run_succeeded(&self, arn: &StatesArn) -> bool {
        let Some(started) = self.events.iter().position(
            |e| matches!(&e.kind, EventKind::MapRunStarted { map_run_arn } if map_run_arn == arn),
        ) else {
            return false;
        };
        let mut cursor = self.events[started].id;
        for _ in 0..self.events.len() {
            let Some(&next) = self.successors.get(&cursor).and_then(|n| n.first()) else {
                return false;
            };
            match &self.events[next].kind {
                EventKind::MapRunSucceeded => return true,
                EventKind::MapRunFailed { .. } | EventKind::MapRunAborted => return false,
                _ => cursor = self.events[next].id,
            }
        }
        false
    }

    /// The child executions the record holds of the Map Run `arn` (of the labelled machine
    /// `machine`), for a replay or a resume on a changed definition: each STANDARD child as
    /// its history tells it, each EXPRESS child as its record (a result file's entry) does;
    /// `None` when the record holds nothing of the Map Run. In the order of their ARNs: the
    /// Map Run assigns them to its items ([`assign_children`]).
    pub(crate) fn recorded_children(
        &self,
        arn: &StatesArn,
        machine: &MachineName,
    ) -> Option<Vec<ChildExecution>> {
        if !matches!(self.kind, PriorKind::Replay | PriorKind::ResumeFailed) {
            return None;
        }
        let held = self.map_runs_held.get(arn)?;
        let mut children = Vec::new();
        for child in &held.children {
            if let Some(c) = self.recorded_child_of(child, machine) {
                children.push(c);
            }
        }
        for entry in held.result_entries() {
            let Some(child) = child_of_entry(&entry, machine) else {
                continue;
            };
            if !children.iter().any(|c| c.arn == child.arn) {
                children.push(child);
            }
        }
        Some(children)
    }

    /// How many items the record says the Map Run `arn` had, when it says.
    pub(crate) fn recorded_items(&self, arn: &StatesArn) -> Option<u64> {
        self.map_runs_held.get(arn).and_then(|run| run.items)
    }

    /// The `ResultWriter`'s files the record holds of the Map Run `arn`, by name in its
    /// folder.
    pub(crate) fn recorded_result_files(
        &self,
        arn: &StatesArn,
    ) -> Option<&std::collections::BTreeMap<String, String>> {
        self.map_runs_held
            .get(arn)
            .map(|run| &run.result_files)
            .filter(|files| !files.is_empty())
    }

    /// The recorded child execution `arn` of a Map Run a resume continues, as its history
    /// tells it: its status is `RUNNING` when the history does not end it.
    pub(crate) fn recorded_child(
        &self,
        arn: &StatesArn,
        state_machine: &MachineName,
    ) -> Option<ChildExecution> {
        self.recorded_child_of(arn, state_machine)
    }

    /// The recorded child execution `arn`, as its history tells it.
    fn recorded_child_of(
        &self,
        arn: &StatesArn,
        state_machine: &MachineName,
    ) -> Option<ChildExecution> {
        let Children::Recorded(children) = &self.children else {
            return None;
        };
        let history = children.get(arn)?;
        let first = history.first()?;
        let EventKind::ExecutionStarted { input, .. } = &first.kind else {
            return None;
        };
        let last = history.last()?;
        let (status, output, error, cause) = match &last.kind {
            EventKind::ExecutionSucceeded { output } => {
                (ExecutionStatus::Succeeded, Some(output.clone()), None, None)
            }
            EventKind::ExecutionFailed { error, cause } => (
                ExecutionStatus::Failed,
                None,
                error.clone(),
                Some(cause.clone()),
            ),
            EventKind::ExecutionTimedOut { error, cause } => (
                ExecutionStatus::TimedOut,
                None,
                Some(error.clone()),
                Some(cause.clone()),
            ),
            EventKind::ExecutionAborted { .. } => (ExecutionStatus::Aborted, None, None, None),
            _ => (ExecutionStatus::Running, None, None, None),
        };
        let name = arn.execution_name().unwrap_or_default().to_owned();
        Some(ChildExecution {
            arn: arn.clone(),
            name,
            state_machine: state_machine.to_string(),
            state_machine_arn: arn.sibling(workflow_aws_models::StatesResource::state_machine(
                state_machine.clone(),
            )),
            status,
            input: input.clone(),
            output,
            error,
            cause,
            start_millis: first.timestamp_millis,
            stop_millis: last.timestamp_millis,
            failed_state: crate::execution::failed_state(history).map(str::to_owned),
            history: history.clone(),
            map_runs: Vec::new(),
        })
    }

    /// The prior a child execution that did not finish continues from: a redrive's
    /// unsuccessful STANDARD child is redriven, a resume's unfinished child resumed.
    pub(crate) fn child(&self, arn: &StatesArn) -> Option<Arc<Prior>> {
        match &self.children {
            Children::Redriven(children) => children.get(arn).cloned(),
            Children::Recorded(children) => {
                let history = children.get(arn)?.clone();
                let record = SharedRecord(Arc::clone(children), Arc::clone(&self.map_runs_held));
                match self.kind {
                    PriorKind::Replay => Prior::replay(history, &record)
                        .map(|p| p.with_recorded_maps(self.recorded_maps.clone())),
                    PriorKind::ResumeFailed => Prior::resume_failed(history, &record, self.plan),
                    _ => Prior::resume(history, Arc::clone(children)),
                }
                .ok()
                .map(Arc::new)
            }
        }
    }

    /// Cuts, for a redrive, the states that did not finish and what followed them on their
    /// strands: the run goes live where it reaches one. A state finished when its
    /// `…StateExited` leads back along its strand to its `…StateEntered`.
    fn cut_unfinished(&mut self) {
        let finished: Vec<bool> = self.chains().exits().iter().map(Option::is_some).collect();
        let unfinished: Vec<usize> = self
            .events
            .iter()
            .enumerate()
            .filter(|(at, e)| matches!(e.kind, EventKind::StateEntered { .. }) && !finished[*at])
            .map(|(at, _)| at)
            .collect();
        // A Distributed Map that did not finish is not entered again: its Map Run is redriven
        // (`MapRunRedriven` follows `ExecutionRedriven`), so the cut starts after its
        // `MapRunStarted`.
        let mut cut = Vec::new();
        for at in unfinished {
            match self.chains().map_run_started_after(at) {
                Some(started) => {
                    if let Some(next) = self.successors.get(&self.events[started].id) {
                        cut.extend(next.iter().copied());
                    }
                }
                None => cut.push(at),
            }
        }
        let mut seen = vec![false; self.events.len()];
        while let Some(at) = cut.pop() {
            if std::mem::replace(&mut seen[at], true) {
                continue;
            }
            self.usable[at] = false;
            if let Some(next) = self.successors.get(&self.events[at].id) {
                cut.extend(next.iter().copied());
            }
        }
        self.finished = finished;
    }

    /// Collects the recorded task ends by state and request: for a redrive (`finished_only`),
    /// those of Task states that finished; for a resume on a changed definition, those not
    /// cut, by their state's entry.
    fn collect_outcomes(&mut self, finished_only: bool) {
        let mut outcomes: HashMap<(String, String), VecDeque<RecordedEnd>> = HashMap::new();
        let mut by_entry: HashMap<usize, VecDeque<RecordedEnd>> = HashMap::new();
        for (at, event) in self.events.iter().enumerate() {
            let Some(outcome) = task_end(&event.kind) else {
                continue;
            };
            let Some((entry, request, started)) = self.task_origin(at) else {
                continue;
            };
            let took = u64::try_from(event.timestamp_millis - started).unwrap_or(0);
            let end = RecordedEnd {
                outcome,
                took: Duration::from_millis(took),
            };
            if self.kind == PriorKind::ResumeFailed {
                if self.usable[at] {
                    by_entry.entry(entry).or_default().push_back(end);
                }
                continue;
            }
            let Some(state) = self.events[entry].kind.state_name() else {
                continue;
            };
            if finished_only && !self.finished[entry] {
                continue;
            }
            outcomes
                .entry((state.to_owned(), request))
                .or_default()
                .push_back(end);
        }
        self.outcomes = Mutex::new(outcomes);
        self.entry_outcomes = Mutex::new(by_entry);
    }

    /// The position of the Task state's entry, the request and the start time of the task
    /// whose end is at `end`: back along its strand when the history chains, else the nearest
    /// scheduling and Task entry before it.
    fn task_origin(&self, end: usize) -> Option<(usize, String, i64)> {
        let mut started = self.events[end].timestamp_millis;
        let mut request: Option<String> = None;
        let mut cursor = self.events[end].previous_event_id;
        for _ in 0..8 {
            let Some(&at) = self.position.get(&cursor) else {
                break;
            };
            let event = &self.events[at];
            match &event.kind {
                EventKind::TaskStarted { .. }
                | EventKind::LambdaFunctionStarted
                | EventKind::ActivityStarted { .. }
                    if request.is_none() =>
                {
                    started = event.timestamp_millis;
                }
                kind if request.is_none() && scheduled_request(kind).is_some() => {
                    request = scheduled_request(kind).map(|r| r.as_str().to_owned());
                }
                EventKind::StateEntered { .. } => {
                    return Some((at, request?, started));
                }
                _ => {}
            }
            cursor = event.previous_event_id;
        }
        // Without a chain: the nearest scheduling before the end, and the nearest Task entry
        // before that.
        let scheduled = (0..end)
            .rev()
            .find(|&at| scheduled_request(&self.events[at].kind).is_some())?;
        let request = scheduled_request(&self.events[scheduled].kind)?
            .as_str()
            .to_owned();
        let entered = (0..scheduled).rev().find(|&at| {
            matches!(
                self.events[at].kind,
                EventKind::StateEntered {
                    state_type: StateKind::Task,
                    ..
                }
            )
        })?;
        Some((entered, request, self.events[scheduled].timestamp_millis))
    }
}

/// The priors of the unsuccessful STANDARD children of `map_runs`, by child ARN, each with the
/// priors of its own Map Runs' children. Only a Map Run that did not succeed reruns children:
/// one that succeeded is replayed as it ended. An EXPRESS child keeps no history: it starts
/// again.
fn redriven_children(map_runs: &[MapRun]) -> HashMap<StatesArn, Arc<Prior>> {
    let mut priors = HashMap::new();
    let mut to_visit: Vec<&[MapRun]> = vec![map_runs];
    while let Some(runs) = to_visit.pop() {
        for run in runs
            .iter()
            .filter(|r| r.status != ExecutionStatus::Succeeded)
        {
            for child in &run.executions {
                if child.status == ExecutionStatus::Succeeded {
                    continue;
                }
                if let Ok(prior) = Prior::redrive(&child.history, child.map_runs.clone()) {
                    priors.insert(child.arn.clone(), Arc::new(prior));
                }
            }
        }
    }
    priors
}

/// Whether two events say the same (their details compared as JSON values, inputs and outputs
/// parsed; times, ids and what AWS adds about truncation left out).
fn same_details(recorded: &EventKind, now: &EventKind) -> bool {
    details(recorded) == details(now)
}

/// The difference between a recorded event and the run's event that matched it, if any: the
/// same event with other data.
fn compare(recorded: &HistoryEvent, now: &EventKind, state: Option<String>) -> Option<Difference> {
    let (was, is) = (details(&recorded.kind), details(now));
    if was == is {
        return None;
    }
    Some(Difference {
        kind: DifferenceKind::Data,
        state: own_state(now).map(str::to_owned).or(state),
        after_state: None,
        recorded: Some((recorded.kind.event_type(), recorded.id)),
        now: Some(now.event_type()),
        was: format!("{} {was}", recorded.kind.event_type()),
        is: format!("{} {is}", now.event_type()),
        changes: record_diff::changes(&was, &is),
        was_details: Some(was),
        is_details: Some(is),
        execution: None,
        file: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn child(name: &str, start_millis: i64) -> ChildExecution {
        let arn: StatesArn = format!("arn:aws:states:us-east-1:123456789012:execution:M/L:{name}")
            .parse()
            .expect("an ARN");
        ChildExecution {
            name: name.to_owned(),
            state_machine: "M/L".into(),
            state_machine_arn: arn.sibling(workflow_aws_models::StatesResource::state_machine(
                MachineName::new("M/L"),
            )),
            status: ExecutionStatus::Succeeded,
            input: JsonText::from("{}"),
            output: None,
            error: None,
            cause: None,
            start_millis,
            stop_millis: start_millis,
            history: Vec::new(),
            map_runs: Vec::new(),
            failed_state: None,
            arn,
        }
    }

    #[test]
    fn recorded_children_take_their_derived_items_then_the_rest_in_the_order_they_started() {
        // AWS names a child by a UUID of its own: its item is known by when it started.
        let children = vec![child("c", 30), child("a", 10), child("b", 20)];
        let assigned = assign_children(children.clone(), |index| {
            format!("arn:aws:states:us-east-1:123456789012:execution:M/L:none-{index}")
                .parse()
                .expect("an ARN")
        });
        let names: Vec<&str> = assigned.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        // The engine's names are derived from the item: the one named for item 0 takes it,
        // whenever it started.
        let assigned = assign_children(children, |index| {
            let name = ["c", "x", "y"][index];
            format!("arn:aws:states:us-east-1:123456789012:execution:M/L:{name}")
                .parse()
                .expect("an ARN")
        });
        let names: Vec<&str> = assigned.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["c", "a", "b"]);
    }
}

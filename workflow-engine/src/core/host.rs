//! The seam between the core and its hosts: everything the core asks about an execution that
//! depends on how it was started. Who answers a Task (a handler, a mock, the test's callback,
//! an activity's worker, a redrive's recorded result), where events go besides the history (a
//! started execution shows them as they happen), what a run again replays, the context object
//! a host gives whole (TestState), a compound state's result a host gives instead of running
//! it, and which Map Runs are shown while they run. The core holds one `Host` per execution
//! (each child execution of a Distributed Map gets its own, from [`Host::child`]) and never
//! asks which host it is: every answer here has a default that is the plain run's.

use super::error::Failure;
use super::live_map_run::{MapRunSignal, RunningMapRun};
use super::map_run::MapRun;
use super::program::{MapOp, Node};
use super::run::{Run, Strand};
use super::task_outcome::{TaskFailure, TaskOutput};
use crate::execution::{ExecutionStatus, HistoryEvent};
use futures::future::BoxFuture;
use serde_json::Value;
use std::task::{Context, Poll};
use workflow_aws_models::Resource;

/// A Task the core hands its host to answer.
pub(crate) struct TaskAt<'a> {
    /// The Task state.
    pub node: &'a Node,
    /// Its resource.
    pub resource: &'a Resource,
    /// The effective request: `Parameters` or `Arguments` evaluated.
    pub parameters: Value,
    /// The task token (`$$.Task.Token`), for a callback or a job.
    pub token: Option<String>,
    /// 0 for the first attempt, then 1, 2, … for the retries.
    pub retry_count: u32,
    /// `TimeoutSeconds`.
    pub timeout: Option<u64>,
    /// `HeartbeatSeconds`.
    pub heartbeat: Option<u64>,
    /// The id of the event that entered the state (what its tokens are derived from).
    pub entered: u64,
    /// What a prior history recorded of the task before its record ended (a resume): its
    /// submission, its worker's start.
    pub recorded: Option<super::prior::RecordedTask>,
}

/// A Parallel or Map state about to run, for a host that may give its result instead.
pub(crate) enum Compound<'a> {
    /// A Parallel state.
    Parallel,
    /// A Map state, with its effective input and context object.
    Map {
        /// The Map's compiled fields.
        map: &'a MapOp,
        /// Its effective input.
        effective: &'a Value,
        /// Its context object (`Value::Null` in JSONata).
        context: &'a Value,
    },
}

/// A point of the definition an execution reached, which a host may record (coverage): each
/// is named by its state, the only identity the core keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Observed<'a> {
    /// The state was entered.
    Entered(&'a str),
    /// The Choice state took its rule at this index of `Choices`.
    Rule(&'a str, usize),
    /// The Choice state took its `Default`.
    Default(&'a str),
    /// The retrier at this index of the state's `Retry` fired (a retry was scheduled).
    Retrier(&'a str, usize),
    /// The catcher at this index of the state's `Catch` caught a failure.
    Catcher(&'a str, usize),
    /// The Parallel state ran its branch at this index of `Branches`.
    Branch(&'a str, usize),
}

/// What the core asks the host of one execution. `'e` is how long what the execution
/// borrows (its program, its host's parts) lives.
pub(crate) trait Host<'e>: Send + Sync {
    // Who answers a Task.

    /// Why the host refuses the Task before it is scheduled (an activity that does not
    /// exist), if it does.
    fn refuses(&self, task: &TaskAt<'_>) -> Option<Failure>;

    /// Answers a Task the core scheduled (and, but for an activity, whose worker's start is the
    /// host's to write, started), writing `TaskSubmitted` for the job or callback it submits;
    /// the core writes the rest and checks the result. The outer
    /// failure is the execution's own (its history is full), not the Task's.
    fn answer_task<'a>(
        &'a self,
        run: &'a Run<'e>,
        task: TaskAt<'a>,
        strand: &'a mut Strand<'_>,
    ) -> BoxFuture<'a, Result<Result<TaskOutput, TaskFailure>, Failure>>;

    // Where events go.

    /// The failure the execution ends with instead of its next state transition, when the
    /// host asks for one (a started execution whose state machine is being deleted); asked
    /// before each state is entered.
    fn failure_at_transition(&self) -> Option<Failure> {
        None
    }

    /// The execution reached `what` (a state entered, a transition or handler taken); a host
    /// that records coverage counts it.
    fn observed(&self, _what: Observed<'_>) {}

    /// An event was written to the execution's history.
    fn written(&self, _event: &HistoryEvent) {}

    // The context object and the states a host stands in for.

    /// The context object, when the host gives it whole.
    fn context(&self) -> Option<&Value> {
        None
    }

    /// The result of a Parallel or Map state the host gives instead of running it.
    fn compound_result(
        &self,
        _run: &Run<'e>,
        _node: &Node,
        _compound: Compound<'_>,
        _strand: &Strand<'_>,
    ) -> Option<Result<Value, Failure>> {
        None
    }

    /// The steps `state` made before it failed.
    fn failed_steps(&self, _run: &Run<'e>, _state: &str, _steps: Vec<(&'static str, Value)>) {}

    // Map Runs.

    /// A Map Run started: whether the host shows it while it runs (then the core reports its
    /// children and reads its signals).
    fn map_run_started(&self, _shown: RunningMapRun) -> bool {
        false
    }

    /// A child of the shown Map Run `arn` started (`None`) or ended.
    fn map_run_child(&self, _arn: &str, _ended: Option<&ExecutionStatus>) {}

    /// What the shown Map Run `arn` has to read besides its children's ends.
    fn poll_map_run_signal(&self, _arn: &str, _cx: &mut Context<'_>) -> Poll<MapRunSignal> {
        Poll::Pending
    }

    /// The shown Map Run `arn` ended.
    fn map_run_ended(&self, _arn: &str) {}

    /// A Map Run that ended: `None` when the host keeps it, else handed back for the core to
    /// keep with the execution.
    fn keep_map_run(&self, ended: MapRun) -> Option<MapRun> {
        Some(ended)
    }

    // Child executions.

    /// The host of the child execution `arn` of a Distributed Map: the same answers for its
    /// Tasks, its own history.
    fn child(&self, arn: &str) -> Box<dyn Host<'e> + 'e>;
}

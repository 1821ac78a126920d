//! The seam between the core and its hosts: the generic questions the core asks about an
//! execution that depend on how it was started. Who answers a Task the record does not (a
//! handler, a mock, the test's callback, an activity's worker: [`Host::answer_task`], given a
//! narrow [`TaskContext`], not the run), where events and what the run reaches go besides the
//! history ([`Host::notice`]: a started execution shows them as they happen, coverage counts
//! them), what interrupts it ([`Host::interrupt`]: a failure at its next transition, a Map
//! Run's stop or update), where the run pauses for a debugger ([`Host::inspects`],
//! [`Host::stops_at`], [`Host::pause`]), and a child execution's host ([`Host::child`]). The
//! core holds one
//! `Host` per execution (each child execution of a Distributed Map gets its own) and never asks
//! which host it is: every answer here but a Task's has a default that is the plain run's.

use super::error::Failure;
use super::live_map_run::{MapRunSignal, RunningMapRun};
use super::pause::{Paused, Reached, Trail};
use super::program::Node;
use super::run::{Run, Strand};
use super::task_outcome::{TaskFailure, TaskOutput};
use crate::execution::{ExecutionStatus, HistoryEvent};
use futures::future::BoxFuture;
use serde_json::Value;
use std::task::{Context, Poll};
use workflow_aws_models::{Resource, StatesArn};

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

/// What a host that answers a Task gets: the Task, and what it may do on the Task's strand
/// (write its events, pass its time, derive its tokens), not the run.
pub(crate) struct TaskContext<'a, 'e, 's> {
    run: &'a Run<'e>,
    strand: &'a mut Strand<'s>,
    /// The Task.
    pub task: TaskAt<'a>,
}

impl<'a, 'e, 's> TaskContext<'a, 'e, 's> {
    /// The context of `task`, on `strand` of `run`.
    pub(crate) fn new(run: &'a Run<'e>, strand: &'a mut Strand<'s>, task: TaskAt<'a>) -> Self {
        TaskContext { run, strand, task }
    }

    /// Writes the Task's `TaskSubmitted`: its service call returned `response`.
    pub(crate) fn submitted(&mut self, response: Value) -> Result<(), Failure> {
        self.run
            .submitted(self.task.resource, response, self.strand)
    }

    /// Writes the start of the Task's work (an activity's `ActivityStarted`, by `worker`).
    pub(crate) fn started(&mut self, worker: Option<String>) -> Result<(), Failure> {
        let events =
            super::task_events::TaskEvents::of(self.task.resource, &self.run.identity.region);
        self.run.event(self.strand, events.started(worker))
    }

    /// The Task's invocation number (0 for the first call of its state, retries counted).
    pub(crate) fn invocation(&self) -> u32 {
        self.run.next_invocation(&self.task.node.name)
    }

    /// The token a task of kind `kind` of this attempt gets (see `Run::derived_token`).
    pub(crate) fn token(&self, kind: &str) -> String {
        self.run
            .derived_token(self.task.entered, self.task.retry_count, kind)
    }

    /// The region the run is in (`Engine::region`).
    pub(crate) fn region(&self) -> &'e str {
        &self.run.identity.region
    }

    /// The execution's ARN and its state machine's (`$$.Execution.Id`, `$$.StateMachine.Id`).
    pub(crate) fn execution_arns(&self) -> (StatesArn, StatesArn) {
        let context = &self.run.context_object;
        (context.execution.id.clone(), context.machine_arn.clone())
    }

    /// What a Task with nothing to answer it tells the user to do.
    pub(crate) fn missing_handler_advice(&self) -> &'static str {
        self.run.options.missing_handler_advice
    }

    /// Counts a handler of the Task as running until the guard is dropped: no later sleeper
    /// of the execution wakes meanwhile.
    pub(crate) fn busy(&self) -> super::timeline::Busy<'_> {
        self.run.timeline.busy()
    }

    /// Whether time is virtual.
    pub(crate) fn is_virtual(&self) -> bool {
        self.strand.clock.is_virtual()
    }

    /// Whether time is virtual or read from a virtual clock: a handler's work takes none of it.
    pub(crate) fn takes_no_time(&self) -> bool {
        self.is_virtual() || self.strand.clock.source().is_virtual_clock()
    }

    /// The id of the last event of the Task's strand: the next event the strand writes names
    /// it as its previous (how a host knows the event an answer it handed over becomes).
    pub(crate) fn last_event(&self) -> u64 {
        self.strand.last_event
    }

    /// The time left to the execution's deadline, in milliseconds, if it has one.
    pub(crate) fn remaining_millis(&self) -> Option<i64> {
        self.strand.clock.remaining_millis()
    }

    /// The Task's strand.
    pub(crate) fn trail(&self) -> &Trail {
        &self.strand.trail
    }

    /// What the Task's strand shows a debugger while the Task waits: its state's input,
    /// context object (its token) and variables, the request.
    pub(crate) fn scope(&self) -> super::pause::Scope {
        let task = &self.task;
        self.run.task_scope(
            task.node,
            &task.parameters,
            task.token.as_deref(),
            self.strand,
        )
    }

    /// The strand's clock, in milliseconds since the epoch.
    pub(crate) fn now_millis(&self) -> i64 {
        self.strand.clock.now()
    }

    /// Lets `duration` pass on the Task's strand (the time an answer took on the test's clock).
    pub(crate) fn advance(&mut self, duration: std::time::Duration) {
        self.strand.clock.advance(duration);
    }
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

/// What the run tells its host (see [`Host::notice`]).
pub(crate) enum Notice<'a> {
    /// An event was written to the execution's history.
    Event(&'a HistoryEvent),
    /// The execution reached a point of the definition.
    Reached(Observed<'a>),
    /// A Map Run started: what it shows so far.
    MapRunStarted(Box<RunningMapRun>),
    /// A child of the followed Map Run `arn` started (`ended` `None`) or ended.
    MapRunChild {
        /// The Map Run.
        arn: &'a StatesArn,
        /// The child execution's ARN.
        child: &'a StatesArn,
        /// How the child ended, once it did.
        ended: Option<&'a ExecutionStatus>,
        /// The child's history as its run writes it, when it starts (none for an EXPRESS
        /// child, which keeps none to read).
        history: Option<&'a super::event_log::EventLog>,
    },
    /// The followed Map Run `arn` ended.
    MapRunEnded(&'a StatesArn),
    /// A Task's token (`$$.Task.Token`) was made, before the event that shows it
    /// (`TaskScheduled`'s parameters) is written: a client that reads it there may answer it
    /// from then on, a moment before the Task waits for it.
    TokenIssued(&'a str),
    /// The Task of an issued token ended (or its strand did), whatever answered it.
    TokenClosed(&'a str),
    /// A strand started: a Parallel branch, a Map iteration, a Distributed Map's child
    /// execution (told only to a host that [inspects](Host::inspects) the run).
    StrandStarted(&'a Trail),
    /// A strand ended, or was stopped (told only to a host that inspects the run).
    StrandEnded(&'a Trail),
}

/// Where the run asks whether it is interrupted (see [`Host::interrupt`]).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Interruptible<'a> {
    /// Before a state is entered.
    Transition,
    /// While the followed Map Run `arn` runs.
    MapRun(&'a StatesArn),
}

/// What interrupts the run.
pub(crate) enum Interruption {
    /// The execution ends with this failure instead of its next state transition.
    Fail(Failure),
    /// A followed Map Run is stopped or updated.
    MapRun(MapRunSignal),
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
        cx: TaskContext<'a, 'e, '_>,
    ) -> BoxFuture<'a, Result<Result<TaskOutput, TaskFailure>, Failure>>;

    // Where events go.

    /// Tells the host what the run did: an event written, a point of the definition reached
    /// (coverage), a Map Run's progress. For [`Notice::MapRunStarted`], whether the host
    /// follows the Map Run (then the core tells it its children and asks it for
    /// [`Interruption::MapRun`]s).
    fn notice(&self, _notice: Notice<'_>) -> bool {
        false
    }

    // What interrupts the run.

    /// Whether something from outside the run interrupts it at `at`: a failure before its next
    /// state transition (a started execution whose state machine is being deleted), a stop or
    /// an update of a followed Map Run. `Pending` (the default) when nothing does; a followed
    /// Map Run is woken through `cx` when something comes.
    fn interrupt(&self, _at: Interruptible<'_>, _cx: &mut Context<'_>) -> Poll<Interruption> {
        Poll::Pending
    }

    // Pausing (a debugger).

    /// Whether the host may pause the run: the core then asks [`Host::stops_at`] at each
    /// checkpoint and keeps what a paused view shows (a state's input past its entry, a
    /// Task's request and answer). `false` (the default) costs the run nothing more.
    fn inspects(&self) -> bool {
        false
    }

    /// Whether the run stops at the checkpoint `at` (asked at every checkpoint of a run the
    /// host inspects: keep it cheap).
    fn stops_at(&self, _at: &Reached<'_>) -> bool {
        false
    }

    /// The strand is paused at `paused`; it goes on once the future is ready. No other strand
    /// of the execution passes virtual time meanwhile.
    fn pause<'a>(&'a self, _paused: Paused<'a>) -> BoxFuture<'a, ()> {
        Box::pin(std::future::ready(()))
    }

    // Child executions.

    /// The host of the child execution `arn` of a Distributed Map: the same answers for its
    /// Tasks, its own history.
    fn child(&self, arn: &StatesArn) -> Box<dyn Host<'e> + 'e>;
}

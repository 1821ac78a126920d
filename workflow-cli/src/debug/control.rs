//! The debugger the engine runs under (`workflow_runtime::engine::debug::Debugger`): where
//! the run stops (breakpoints by state, their conditions and hit counts, exception
//! breakpoints on errors caught or not, a replay's divergences, steps, a pause, the entry),
//! the strands paused and the Tasks waiting for an answer, and the record of every
//! checkpoint passed when the session can step back. The session (`super::session`) reads
//! and changes it; the run's strands call it from the run's task.
//!
//! After one strand stops, every other strand stops at its next checkpoint too, silently
//! (the client is told all threads stopped); a resume lets them all go.

use super::breakpoints::{Breakpoints, Exceptions};
use futures::future::BoxFuture;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, RwLock};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use workflow_runtime::engine::TaskFailure;
use workflow_runtime::engine::debug::{
    Debugger, Paused, PendingTask, Reached, Scope, Stop, TaskAnswer, Trail,
};

/// What the controller tells the session.
#[derive(Debug)]
pub(crate) enum Note {
    /// A strand stopped (the others stop at their next checkpoint).
    Stopped(Stopped),
}

/// Why a strand stopped, as the `stopped` event says it.
#[derive(Clone, Debug)]
pub(crate) struct Stopped {
    /// The strand's id (the thread).
    pub thread: u64,
    /// `breakpoint`, `step`, `exception`, `pause`, `entry`, `function breakpoint`, `task`.
    pub reason: String,
    /// The words shown for it.
    pub description: String,
    /// More of it (an error's cause, a divergence), if any.
    pub text: Option<String>,
    /// The breakpoints it hit.
    pub hits: Vec<i64>,
}

/// What the session asks of a paused strand.
#[derive(Debug)]
pub(crate) enum Command {
    /// Go on.
    Resume,
    /// Set a variable of the strand's own scope.
    SetVariable(String, Value, oneshot::Sender<Result<(), String>>),
    /// A waiting Task's answer.
    Answer(Result<Value, TaskFailure>),
    /// A heartbeat of a waiting Task.
    Heartbeat(oneshot::Sender<Result<String, String>>),
    /// Let virtual time pass on a waiting Task: what it says, and whether the Task ran out of
    /// time (then it is answered).
    Wait(Duration, oneshot::Sender<Result<(String, bool), String>>),
}

/// A Task waiting for the debugger's answer, and its time so far.
#[derive(Clone, Debug)]
pub(crate) struct Waiting {
    /// The Task.
    pub task: PendingTask,
    /// The virtual time that passed since it started.
    pub elapsed: Duration,
    /// When its last heartbeat was, since it started.
    pub last_beat: Duration,
}

/// A strand that is stopped: where, what it shows, how to reach it.
pub(crate) struct Held {
    /// The strand.
    pub trail: Trail,
    /// What it reached (none for a waiting Task).
    pub stop: Option<Stop>,
    /// What it shows.
    pub scope: Scope,
    /// The Task waiting for an answer, when that is why it stopped.
    pub waiting: Option<Waiting>,
    /// Why it stopped, when it reached a stop of its own (a breakpoint, an error, a step);
    /// `None` when it stopped with the others.
    pub why: Option<Stopped>,
    /// Where the stop is in the checkpoints kept (its index counted from the first ever
    /// kept), when the session keeps them: a step back goes to the checkpoints before it. A
    /// waiting Task's stop has none of its own: it comes after its strand's last checkpoint.
    pub at: Option<usize>,
    /// Whether the client was told of this stop (the first strand to stop is told at once;
    /// one that reached a stop of its own while stopped with the others is told before the
    /// run goes on).
    pub told: bool,
    /// Its commands.
    commands: mpsc::UnboundedSender<Command>,
}

impl Held {
    /// Sends `command` to the strand; false once it went on.
    pub(super) fn send(&self, command: Command) -> bool {
        self.commands.send(command).is_ok()
    }
}

/// A checkpoint passed, as a past stop shows it (stepping back).
#[derive(Clone, Debug)]
pub(crate) struct Snapshot {
    /// The strand.
    pub trail: Trail,
    /// What it reached.
    pub stop: Stop,
    /// What it showed.
    pub scope: Scope,
}

/// How a step goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StepKind {
    /// To the strand's next checkpoint (or an enclosing strand's, once it ends).
    Over,
    /// To the next checkpoint of the strand, of a strand nested in it, or of an enclosing one.
    In,
    /// To the next checkpoint of an enclosing strand.
    Out,
}

impl StepKind {
    /// Whether a step of this kind from `from` ends at a checkpoint of `at`.
    pub(super) fn lands(self, from: &Trail, at: &Trail) -> bool {
        match self {
            StepKind::Over => at.id() == from.id() || from.is_within(at),
            StepKind::In => at.is_within(from) || from.is_within(at),
            StepKind::Out => from.is_within(at) && at.id() != from.id(),
        }
    }
}

/// The flow of the run: what stops it next, who is stopped.
#[derive(Default)]
pub(crate) struct Flow {
    /// Every strand stops at its next checkpoint (one stopped).
    pub halt: bool,
    /// The client asked to pause.
    pub pause: bool,
    /// Stop at the first checkpoint.
    pub entry: bool,
    /// The step under way: from which strand, and how.
    pub step: Option<(Trail, StepKind)>,
    /// The strands stopped, by id.
    pub held: BTreeMap<u64, Held>,
    /// The strands running, by id (the execution's own is always there).
    pub live: BTreeMap<u64, Trail>,
    /// The checkpoints passed, when the session keeps them (stepping back).
    pub history: Vec<Snapshot>,
    /// How many checkpoints were dropped from the front of `history`.
    pub forgotten: usize,
}

impl Flow {
    /// Keeps the checkpoint `snapshot` (forgetting the oldest past [`MAX_HISTORY`]); its
    /// index, counted from the first ever kept.
    fn keep(&mut self, snapshot: Snapshot) -> usize {
        self.history.push(snapshot);
        if self.history.len() > MAX_HISTORY {
            let drop = self.history.len() - MAX_HISTORY;
            self.history.drain(..drop);
            self.forgotten += drop;
        }
        self.forgotten + self.history.len() - 1
    }

    /// Where in `history` the checkpoint counted `at` from the first ever kept is, if it
    /// is still kept.
    pub(super) fn position(&self, at: usize) -> Option<usize> {
        at.checked_sub(self.forgotten)
            .filter(|&i| i < self.history.len())
    }
}

/// Why a checkpoint stops the run: its own stop (`None` for a strand that only stops with
/// the others), whether the client is told at once (it is the first to stop), and where it
/// was kept.
struct Decided {
    why: Option<Stopped>,
    tell: bool,
    at: Option<usize>,
}

/// The most checkpoints kept for stepping back; older ones are forgotten.
pub(crate) const MAX_HISTORY: usize = 200_000;

/// The debugger of one session.
pub(crate) struct Control {
    flow: Mutex<Flow>,
    /// Whether every checkpoint must be looked at (a halt, a pause, a step, the entry, or
    /// the history kept): a run with none of these and no breakpoint passes its checkpoints
    /// after two atomic reads.
    eager: AtomicBool,
    /// Whether the checkpoints are kept (stepping back).
    keep_history: bool,
    /// The breakpoints, by state.
    pub breakpoints: RwLock<Breakpoints>,
    /// The exception breakpoints.
    pub exceptions: RwLock<Exceptions>,
    notes: mpsc::UnboundedSender<Note>,
}

impl Control {
    /// A controller that tells `notes` when a strand stops; `keep_history` keeps every
    /// checkpoint passed (stepping back), `entry` stops at the first.
    pub(super) fn new(notes: mpsc::UnboundedSender<Note>, keep_history: bool, entry: bool) -> Self {
        let mut live = BTreeMap::new();
        live.insert(1, execution_trail());
        Control {
            flow: Mutex::new(Flow {
                entry,
                live,
                ..Flow::default()
            }),
            eager: AtomicBool::new(keep_history || entry),
            keep_history,
            breakpoints: RwLock::new(Breakpoints::default()),
            exceptions: RwLock::new(Exceptions::default()),
            notes,
        }
    }

    /// The flow, locked.
    pub(super) fn flow(&self) -> MutexGuard<'_, Flow> {
        self.flow.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether checkpoints are kept for stepping back.
    pub(super) fn keeps_history(&self) -> bool {
        self.keep_history
    }

    /// Recomputes whether every checkpoint must be looked at.
    fn refresh(&self, flow: &Flow) {
        let eager =
            flow.halt || flow.pause || flow.entry || flow.step.is_some() || self.keep_history;
        self.eager.store(eager, Ordering::SeqCst);
    }

    /// Lets every stopped strand go (after a step was planned, or none): a continue, a step.
    /// When a strand stopped with the others at a stop of its own (it hit a breakpoint too),
    /// nothing goes on: that stop is told instead, and `false` returned.
    pub(super) fn resume(&self, step: Option<(Trail, StepKind)>) -> bool {
        let mut flow = self.flow();
        // A pending breakpoint hit counts only while its breakpoint is still set.
        let breakpoints = self.breakpoints.read().unwrap_or_else(|p| p.into_inner());
        let pending = flow.held.values_mut().find(|h| {
            !h.told
                && h.why.as_ref().is_some_and(|why| {
                    why.hits.is_empty() || why.hits.iter().any(|id| breakpoints.is_set(*id))
                })
        });
        if let Some(held) = pending {
            held.told = true;
            if let Some(why) = held.why.clone() {
                let _ = self.notes.send(Note::Stopped(why));
            }
            return false;
        }
        drop(breakpoints);
        flow.halt = false;
        flow.step = step;
        self.refresh(&flow);
        for held in flow.held.values() {
            held.send(Command::Resume);
        }
        true
    }

    /// Asks every strand to stop at its next checkpoint.
    pub(super) fn request_pause(&self) {
        let mut flow = self.flow();
        flow.pause = true;
        self.refresh(&flow);
    }

    /// Why the checkpoint `paused` stops the run, if it does: its own stop (`None` for a
    /// strand that only stops with the others), and whether the client is told at once (it
    /// is the first to stop). Keeps the checkpoint when the history is kept.
    fn decide(&self, flow: &mut Flow, paused: &Paused<'_>) -> Option<Decided> {
        let (stop, trail, scope) = (paused.stop(), paused.trail(), paused.scope());
        // Every stop is kept, an error's and a divergence's too, each in its own place after
        // its state's entry: a step back from it goes to the entry.
        let at = self.keep_history.then(|| {
            flow.keep(Snapshot {
                trail: trail.clone(),
                stop: stop.clone(),
                scope: scope.clone(),
            })
        });
        let thread = trail.id();
        let stopped = |reason: &str, description: String, text: Option<String>, hits| Stopped {
            thread,
            reason: reason.to_owned(),
            description,
            text,
            hits,
        };
        let mut why = None;
        if *stop == Stop::Entered {
            let breakpoints = self.breakpoints.read().unwrap_or_else(|p| p.into_inner());
            let (hits, function_only, errors) = breakpoints.hit(&scope.state, scope);
            drop(breakpoints);
            if !hits.is_empty() {
                let reason = if function_only {
                    "function breakpoint"
                } else {
                    "breakpoint"
                };
                let text = (!errors.is_empty()).then(|| errors.join("\n"));
                why = Some(stopped(
                    reason,
                    format!("Paused on a breakpoint in `{}`", scope.state),
                    text,
                    hits,
                ));
            }
        }
        if why.is_none() {
            let exceptions = self.exceptions.read().unwrap_or_else(|p| p.into_inner());
            why = match stop {
                Stop::Failed {
                    error,
                    cause,
                    handled,
                } if exceptions.stops(error, handled) => Some(stopped(
                    "exception",
                    format!("Paused on error {error} in `{}`", scope.state),
                    Some(cause.clone()),
                    Vec::new(),
                )),
                Stop::Diverged(divergence) if exceptions.divergence => Some(stopped(
                    "exception",
                    "Paused where the run diverges from the record".to_owned(),
                    Some(divergence.to_string()),
                    Vec::new(),
                )),
                _ => None,
            };
        }
        let checkpoint = matches!(stop, Stop::Entered | Stop::Exited);
        if why.is_none()
            && checkpoint
            && let Some((from, kind)) = &flow.step
            && kind.lands(from, trail)
        {
            why = Some(stopped(
                "step",
                format!("Paused in `{}`", scope.state),
                None,
                Vec::new(),
            ));
        }
        if why.is_none() && flow.entry && checkpoint {
            why = Some(stopped(
                "entry",
                format!("Paused at the entry of `{}`", scope.state),
                None,
                Vec::new(),
            ));
        }
        if why.is_none() && flow.pause && checkpoint {
            why = Some(stopped(
                "pause",
                format!("Paused in `{}`", scope.state),
                None,
                Vec::new(),
            ));
        }
        let (why, tell) = match why {
            Some(why) if !flow.halt => {
                flow.halt = true;
                flow.pause = false;
                flow.entry = false;
                flow.step = None;
                self.refresh(flow);
                (Some(why), true)
            }
            // One strand already stopped: this one stops with it, its own stop told later.
            Some(why) => (Some(why), false),
            None if flow.halt && checkpoint => (None, false),
            None => return None,
        };
        Some(Decided { why, tell, at })
    }

    /// Registers a stopped strand; tells the session when `tell` (it is the first to stop).
    fn hold(&self, flow: &mut Flow, mut held: Held, tell: bool) {
        held.told = tell;
        let told = held.why.clone().filter(|_| tell);
        flow.held.insert(held.trail.id(), held);
        if let Some(why) = told {
            let _ = self.notes.send(Note::Stopped(why));
        }
    }
}

/// The execution's own strand, as the engine numbers it (1).
fn execution_trail() -> Trail {
    Trail::execution()
}

impl Debugger for Control {
    fn stops_at(&self, at: &Reached<'_>) -> bool {
        if self.eager.load(Ordering::Relaxed) {
            return true;
        }
        match at.stop {
            Stop::Entered => self
                .breakpoints
                .read()
                .unwrap_or_else(|p| p.into_inner())
                .has(at.state),
            Stop::Exited => false,
            Stop::Failed { error, handled, .. } => self
                .exceptions
                .read()
                .unwrap_or_else(|p| p.into_inner())
                .stops(error, handled),
            Stop::Diverged(_) => {
                self.exceptions
                    .read()
                    .unwrap_or_else(|p| p.into_inner())
                    .divergence
            }
        }
    }

    fn pause<'a>(&'a self, mut paused: Paused<'a>) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            let (sender, mut commands) = mpsc::unbounded_channel();
            {
                let mut flow = self.flow();
                let Some(Decided { why, tell, at }) = self.decide(&mut flow, &paused) else {
                    return;
                };
                let held = Held {
                    trail: paused.trail().clone(),
                    stop: Some(paused.stop().clone()),
                    scope: paused.scope().clone(),
                    waiting: None,
                    why,
                    at,
                    told: false,
                    commands: sender,
                };
                self.hold(&mut flow, held, tell);
            }
            let id = paused.trail().id();
            while let Some(command) = commands.recv().await {
                match command {
                    Command::Resume => break,
                    Command::SetVariable(name, value, reply) => {
                        let set = paused.set_variable(&name, value);
                        if set.is_ok()
                            && let Some(held) = self.flow().held.get_mut(&id)
                        {
                            held.scope = paused.scope().clone();
                        }
                        let _ = reply.send(set);
                    }
                    Command::Answer(_) => {}
                    Command::Heartbeat(reply) => {
                        let _ = reply.send(Err("no Task waits for an answer here".to_owned()));
                    }
                    Command::Wait(_, reply) => {
                        let _ = reply.send(Err("no Task waits for an answer here".to_owned()));
                    }
                }
            }
            self.flow().held.remove(&id);
        })
    }

    fn answer<'a>(&'a self, task: PendingTask) -> BoxFuture<'a, TaskAnswer> {
        Box::pin(async move {
            let (sender, mut commands) = mpsc::unbounded_channel();
            let id = task.trail.id();
            let mut waiting = Waiting {
                task,
                elapsed: Duration::ZERO,
                last_beat: Duration::ZERO,
            };
            {
                let mut flow = self.flow();
                let scope = waiting.task.scope.clone();
                let why = Stopped {
                    thread: id,
                    reason: "task".to_owned(),
                    description: format!(
                        "Task `{}` waits for an answer: `.success JSON`, `.failure ERROR CAUSE`, `.heartbeat`, `.wait SECONDS`",
                        waiting.task.state
                    ),
                    text: Some(format!("request: {}", waiting.task.parameters)),
                    hits: Vec::new(),
                };
                let first = !flow.halt;
                flow.halt = true;
                flow.pause = false;
                flow.step = None;
                self.refresh(&flow);
                let held = Held {
                    trail: waiting.task.trail.clone(),
                    stop: None,
                    scope,
                    waiting: Some(waiting.clone()),
                    why: Some(why),
                    at: None,
                    told: false,
                    commands: sender,
                };
                self.hold(&mut flow, held, first);
            }
            let answer = loop {
                let Some(command) = commands.recv().await else {
                    // The session is gone: the Task fails, so that the run ends.
                    break TaskAnswer {
                        outcome: Err(TaskFailure::new(
                            "States.Runtime",
                            "the debugging session ended while the Task waited for its answer",
                        )),
                        took: waiting.elapsed,
                    };
                };
                match command {
                    Command::Resume => {}
                    Command::Answer(outcome) => {
                        break TaskAnswer {
                            outcome,
                            took: waiting.elapsed,
                        };
                    }
                    Command::Heartbeat(reply) => {
                        waiting.last_beat = waiting.elapsed;
                        let _ = reply.send(Ok(format!(
                            "heartbeat at +{} s of the Task",
                            waiting.elapsed.as_secs_f64()
                        )));
                    }
                    Command::Wait(duration, reply) => match expiry(&waiting, duration) {
                        Some((error, at)) => {
                            let _ = reply.send(Ok((
                                format!(
                                    "the Task ran out of time at +{} s: {error}",
                                    at.as_secs_f64()
                                ),
                                true,
                            )));
                            break TaskAnswer {
                                outcome: Err(TaskFailure::new(error, "")),
                                took: at,
                            };
                        }
                        None => {
                            waiting.elapsed += duration;
                            if let Some(held) = self.flow().held.get_mut(&id) {
                                held.waiting = Some(waiting.clone());
                            }
                            let _ = reply.send(Ok((
                                format!("+{} s of the Task passed", waiting.elapsed.as_secs_f64()),
                                false,
                            )));
                        }
                    },
                    Command::SetVariable(_, _, reply) => {
                        let _ = reply.send(Err(
                            "a Task waiting for its answer has no variables to set; answer it first".to_owned(),
                        ));
                    }
                }
            };
            self.flow().held.remove(&id);
            answer
        })
    }

    fn strand_started(&self, trail: &Trail) {
        self.flow().live.insert(trail.id(), trail.clone());
    }

    fn strand_ended(&self, trail: &Trail) {
        self.flow().live.remove(&trail.id());
    }
}

/// Which of a waiting Task's limits `duration` more would pass first, and when (since the
/// Task started): `States.Timeout` at its `TimeoutSeconds`, `States.HeartbeatTimeout` at
/// `HeartbeatSeconds` after its last heartbeat.
fn expiry(waiting: &Waiting, duration: Duration) -> Option<(&'static str, Duration)> {
    let until = waiting.elapsed + duration;
    let timeout = waiting
        .task
        .timeout_seconds
        .map(|t| ("States.Timeout", Duration::from_secs(t)));
    let heartbeat = waiting.task.heartbeat_seconds.map(|h| {
        (
            "States.HeartbeatTimeout",
            waiting.last_beat + Duration::from_secs(h),
        )
    });
    [timeout, heartbeat]
        .into_iter()
        .flatten()
        .filter(|(_, at)| until > *at)
        .min_by_key(|(_, at)| *at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_waiting_task_runs_out_of_its_earliest_limit() {
        let task = PendingTask {
            state: "T".into(),
            resource: "r".into(),
            parameters: Value::Null,
            token: None,
            retry_count: 0,
            timeout_seconds: Some(100),
            heartbeat_seconds: Some(30),
            trail: execution_trail(),
            started_millis: 0,
            scope: crate::debug::view::scope_for_tests("T", Value::Null),
        };
        let mut waiting = Waiting {
            task,
            elapsed: Duration::from_secs(20),
            last_beat: Duration::ZERO,
        };
        assert_eq!(expiry(&waiting, Duration::from_secs(5)), None);
        assert_eq!(
            expiry(&waiting, Duration::from_secs(20)),
            Some(("States.HeartbeatTimeout", Duration::from_secs(30)))
        );
        waiting.last_beat = Duration::from_secs(20);
        waiting.elapsed = Duration::from_secs(90);
        waiting.last_beat = Duration::from_secs(85);
        assert_eq!(
            expiry(&waiting, Duration::from_secs(20)),
            Some(("States.Timeout", Duration::from_secs(100)))
        );
    }
}

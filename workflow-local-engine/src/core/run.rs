//! The interpreter: runs the states of a scope one after another, with the JSONPath
//! input/output pipeline, Retry, Catch, variables and history.

use super::clock::Clock;
use super::error::Failure;
use super::host::{Host, Interruptible, Interruption, Notice, Observed};
use super::jsonata_values;
use super::pause::Stop;
use super::program::{Assigner, CatchOp, Node, PathOp, Program};
use super::trace::StateTrace;
use super::vars::Frame;
use crate::execution::{EventKind, HistoryEvent, JsonText};
use futures::FutureExt;
use futures::future::BoxFuture;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use workflow_asl::eval::{Env, SeededEntropy, select, set_result};
use workflow_asl::timestamp::format_rfc3339_millis;
use workflow_asl::{ErrorName, StateKind};

/// What an engine records while running.
#[derive(Clone, Debug)]
pub(crate) struct RunOptions {
    pub history: bool,
    pub history_limit: Option<usize>,
    pub trace: bool,
    pub record_states: bool,
    /// How long each call of a Task state takes on the virtual clock, by state name, when
    /// what answered it did not say (`Engine::task_duration`).
    pub task_durations: std::collections::BTreeMap<String, Duration>,
    /// Whether the validator's errors stop a run (`Engine::validation_errors_as_warnings`).
    pub errors_as_warnings: bool,
    /// What a Task with nothing to answer it (or a `ResultWriter` with no object store) tells
    /// the user to do: register a handler, or, behind `workflow serve` or `workflow test`,
    /// their flags.
    pub missing_handler_advice: &'static str,
}

/// Everything one execution shares across its branches and iterations.
pub(crate) struct Run<'e> {
    pub program: &'e Program,
    /// How task results are checked against their integration's result shape.
    pub field_validation: workflow_aws_models::FieldValidationMode,
    pub options: &'e RunOptions,
    pub shared: Mutex<Shared>,
    pub entropy: Mutex<SeededEntropy>,
    /// `$$.Execution` and `$$.StateMachine`.
    pub context_object: super::context::ContextObject,
    /// The state machine it runs as (`$$.StateMachine.Name`; its ARN, `$$.StateMachine.Id`,
    /// is the identity's): a Distributed Map's children run as its labelled machine.
    pub machine: workflow_aws_models::MachineName,
    /// Events counted when the history is not kept, so that causes name the same event ids
    /// as when it is.
    pub uncounted_events: std::sync::atomic::AtomicU64,
    /// What the core asks about this execution that depends on how it was started.
    pub host: Box<dyn Host<'e> + 'e>,
    /// The object store that Distributed Maps read items from and write results to.
    pub object_store: Option<&'e crate::core::object_store::ObjectStore>,
    /// The Map Runs in progress.
    pub map_runs: Mutex<super::map_run::MapRuns>,
    /// The order in which strands pass virtual time (one for an execution and the child
    /// executions of its Distributed Maps).
    pub timeline: &'e super::timeline::Timeline,
    /// The names, region and account in the execution's ARNs.
    pub identity: &'e super::identity::Identity,
    /// The history the run starts from (a resume, a redrive, a replay), if any.
    pub prior: Option<Arc<super::prior::Prior>>,
    /// A replay's draws: what the run draws at run time is the record's (`super::draws`).
    pub draws: Option<&'e super::draws::Draws>,
    /// When a redrive's strands go live, at the earliest: the redrive's time.
    pub live_from: i64,
    /// TestState: the one state the run runs, its mocks and context, where its outcome goes.
    pub test: Option<&'e super::test_step::TestStep>,
    /// An EXPRESS child a replay runs again (it keeps no history): what the record holds of
    /// it, taken as its end when one of its Tasks has nothing to answer it.
    pub stands_for_recorded: Option<super::map_run::ChildExecution>,
    /// Where a replay's `ResultWriter` writes (in memory: a replay writes nothing where the
    /// recorded execution did; what it writes is compared with the record's files). `None`:
    /// the object store itself.
    pub replay_writes: Option<crate::core::object_store::ObjectStore>,
    /// Whether the host was shown where a replay diverges (1) or not yet (0) (see
    /// `super::pause`).
    pub divergences_shown: std::sync::atomic::AtomicUsize,
}

/// What the strands of one execution write.
#[derive(Default)]
pub(crate) struct Shared {
    /// The history, shared with a started execution's hub (held once).
    pub events: super::event_log::EventLog,
    pub entered: Vec<Arc<str>>,
    pub trace: Vec<StateTrace>,
    /// Task invocations per state name (mocks count them, retries included).
    pub invocations: HashMap<String, u32>,
    /// Set when the history grew past the limit: the execution fails.
    pub history_overflow: bool,
    pub transitions: u64,
}

/// One strand of execution: the main path, a branch or an iteration.
pub(crate) struct Strand<'f> {
    pub clock: Clock,
    pub last_event: u64,
    pub vars: Frame<'f>,
    /// The state entered and not exited, if any: what an abort of the strand closes (see
    /// [`Run::abort_open_state`]).
    pub open: OpenState,
    /// The id of the event that entered the state the strand is in (what its task tokens are
    /// derived from).
    pub entered: u64,
    /// Where the strand is in the execution's nesting.
    pub trail: super::pause::Trail,
    /// The state the strand is in, as its scope and index in the program.
    pub at: (usize, usize),
    /// What a paused view shows of the state's Task, when the host inspects the run.
    pub seen: Option<Box<super::pause::Seen>>,
    /// A Map iteration's item (`$$.Map.Item` as its `ItemSelector` read it), when the host
    /// inspects the run.
    pub map_item: Option<Box<Value>>,
}

/// A state, by its type and name.
pub(crate) type NamedState = (StateKind, Arc<str>);

/// The state a strand has entered and not exited, shared with what may stop the strand (a
/// Map keeps its running iterations' to close them when another one fails).
#[derive(Clone, Default)]
pub(crate) struct OpenState(Arc<Mutex<Option<NamedState>>>);

impl OpenState {
    fn set(&self, state: Option<NamedState>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = state;
    }

    /// The open state, if any.
    pub(crate) fn get(&self) -> Option<NamedState> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

impl<'f> Strand<'f> {
    /// A strand from `clock` and the event `last_event`, with the variables `vars`.
    pub(crate) fn new(clock: Clock, last_event: u64, vars: Frame<'f>) -> Self {
        Strand {
            clock,
            last_event,
            vars,
            open: OpenState::default(),
            entered: 0,
            trail: super::pause::Trail::execution(),
            at: (0, 0),
            seen: None,
            map_item: None,
        }
    }

    /// A strand nested in `parent` (a branch, an iteration), numbered by `run`'s timeline,
    /// starting from `clock` after the event `last_event` with the variables `vars`.
    pub(crate) fn nested(
        run: &Run<'_>,
        parent: &Strand<'_>,
        level: super::pause::Level,
        (clock, last_event, vars): (Clock, u64, Frame<'f>),
    ) -> Self {
        Strand {
            trail: parent
                .trail
                .nested(run.timeline.next_strand(), level, parent.at),
            ..Strand::new(clock, last_event, vars)
        }
    }
}

/// What a state decided.
pub(crate) enum Step {
    /// Go to this state with this input.
    Next(usize, Value),
    /// The scope ends with this output.
    End(Value),
}

impl<'e> Run<'e> {
    /// Records a history event on `strand`.
    pub(crate) fn event(&self, strand: &mut Strand<'_>, kind: EventKind) -> Result<(), Failure> {
        self.recorded_event(strand, kind).map(|_| ())
    }

    /// Records a history event on `strand`; the recorded event it matched, when the run
    /// continues a prior history and the event is one of its own (see [`super::prior`]).
    pub(crate) fn recorded_event(
        &self,
        strand: &mut Strand<'_>,
        kind: EventKind,
    ) -> Result<Option<&HistoryEvent>, Failure> {
        if !self.options.history {
            self.count_event(strand);
            return Ok(None);
        }
        let mut shared = self.shared.lock().unwrap_or_else(|p| p.into_inner());
        let matched = self.push_event(&mut shared, strand, kind)?;
        Ok(matched.and_then(|at| {
            let prior = self.prior.as_deref()?;
            (!prior.writes_own_history()).then(|| prior.event(at))
        }))
    }

    /// The time of the kept event `id`, if the run keeps its history.
    pub(crate) fn event_millis(&self, id: u64) -> Option<i64> {
        let shared = self.shared.lock().unwrap_or_else(|p| p.into_inner());
        let index = usize::try_from(id.checked_sub(1)?).ok()?;
        shared.events.millis_at(index)
    }

    /// Gives `strand` the id of an event that is not kept.
    fn count_event(&self, strand: &mut Strand<'_>) {
        let id = self
            .uncounted_events
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1;
        strand.last_event = id;
    }

    /// Appends an event to a locked history: unless it matches a recorded event of the history
    /// the run continues (a resume, a redrive), which is then the strand's last, at its time.
    /// Returns the position of the recorded event it matched, if any.
    fn push_event(
        &self,
        shared: &mut Shared,
        strand: &mut Strand<'_>,
        mut kind: EventKind,
    ) -> Result<Option<usize>, Failure> {
        let id = shared.events.len() as u64 + 1;
        let mut previous = strand.last_event;
        let mut matched = None;
        if let Some(prior) = self.prior.as_deref() {
            // A replay whose record stopped writes nothing more.
            if prior.stopped() {
                return Err(Failure::record_ended());
            }
            matched = prior
                .match_event(strand.last_event, id, strand.clock.now(), &mut kind)
                .map_err(|_| Failure::record_ended())?;
            match matched {
                Some(at) => {
                    let recorded = prior.event(at);
                    strand.clock.pin(recorded.timestamp_millis);
                    if !prior.writes_own_history() {
                        strand.last_event = recorded.id;
                        return Ok(matched);
                    }
                }
                None if !prior.writes_own_history() => {
                    // The strand's record ended: from here on it is live.
                    strand.clock.go_live(match prior.kind() {
                        super::prior::PriorKind::Redrive { .. } => self.live_from,
                        _ => strand.clock.now(),
                    });
                    previous = prior.live_previous(strand.last_event);
                }
                // A resume on a changed definition goes live where the strand's record ends
                // (what did not finish is cut from it), no earlier than the record's end.
                None if prior.kind() == super::prior::PriorKind::ResumeFailed => {
                    strand.clock.go_live(self.live_from);
                }
                None => {}
            }
        }
        // The last place is the failure's: AWS writes its `ExecutionFailed` as event 25,000
        // (`quotas`), so no other event may take it.
        if let Some(limit) = self.options.history_limit
            && shared.events.len() + 1 >= limit
        {
            shared.history_overflow = true;
            return Err(super::quotas::history_full(limit));
        }
        let event = HistoryEvent {
            id,
            previous_event_id: previous,
            timestamp_millis: shared.events.stamp(strand.clock.now()),
            kind,
        };
        self.host.notice(Notice::Event(&event));
        shared.events.push(event);
        strand.last_event = id;
        Ok(matched)
    }

    /// Closes the states still open on strands that were stopped: `<Type>StateAborted` for
    /// each, as AWS records it when a Parallel branch or a Map iteration fails (LocalStack's
    /// `test_sqs_failure_in_wait_for_task_tok_no_error_field[SQS_PARALLEL_WAIT_FOR_TASK_TOKEN]`
    /// and `test_service_lambda_map_timeout`, validated on AWS: every such event follows the
    /// failure's event, `previousEventId` naming it, at its time). `at` is the strand that
    /// failed, after its failure.
    pub(crate) fn abort_open_state(
        &self,
        open: Option<NamedState>,
        at: &Strand<'_>,
    ) -> Result<(), Failure> {
        let Some((state_type, name)) = open else {
            return Ok(());
        };
        let mut strand = Strand::new(at.clock.clone(), at.last_event, Frame::child(None));
        self.event(&mut strand, EventKind::StateAborted { state_type, name })
    }

    /// Records that `node` failed evaluating a JSONata expression: `EvaluationFailed`, and for
    /// a Map or Parallel state that had not started, its `…StateFailed` (recorded on AWS:
    /// LocalStack's `test_undefined_reference` and `test_map_state_items_eval_jsonata_fail`,
    /// `MapStateEntered`, `EvaluationFailed`, `MapStateFailed`, `ExecutionFailed`).
    fn evaluation_failed(
        &self,
        node: &Node,
        f: &Failure,
        entered: u64,
        strand: &mut Strand<'_>,
    ) -> Result<(), Failure> {
        let started = strand.last_event != entered;
        self.event(
            strand,
            EventKind::EvaluationFailed {
                error: f.error.clone(),
                cause: f.cause.clone(),
                location: f.location.clone(),
                state: Arc::clone(&node.name),
            },
        )?;
        if started {
            return Ok(());
        }
        let closing = match node.kind {
            StateKind::Map => EventKind::MapStateFailed {
                error: f.error_name().cloned(),
                cause: f.cause.clone(),
            },
            StateKind::Parallel => EventKind::ParallelStateFailed {
                error: f.error_name().cloned(),
                cause: f.cause.clone(),
            },
            _ => return Ok(()),
        };
        self.event(strand, closing)
    }

    /// Runs the scope `scope` from its start with `input`; returns its output.
    pub(crate) fn run_scope<'a, 'f: 'a>(
        &'a self,
        scope: usize,
        input: Value,
        strand: &'a mut Strand<'f>,
    ) -> BoxFuture<'a, Result<Value, Failure>> {
        self.run_scope_from(scope, self.program.scopes[scope].start, input, strand)
    }

    /// Runs the scope `scope` from its state `start` with `input` (a resume at a named
    /// state); returns its output.
    pub(crate) fn run_scope_from<'a, 'f: 'a>(
        &'a self,
        scope: usize,
        start: usize,
        input: Value,
        strand: &'a mut Strand<'f>,
    ) -> BoxFuture<'a, Result<Value, Failure>> {
        async move {
            let nodes = &self.program.scopes[scope].nodes;
            let mut current = start;
            let mut data = input;
            // The text of the previous state's output is the text of this state's input.
            let mut carried: Option<JsonText> = None;
            loop {
                let node = &nodes[current];
                if strand.clock.expired() {
                    return Err(Failure::execution_timed_out());
                }
                if let Some(failure) = self.interrupted_at_transition() {
                    return Err(failure);
                }
                if scope == 0
                    && let Some(prior) = self.prior.as_deref()
                {
                    prior.enters_top_state(|| super::prior::ResumeAt {
                        state: node.name.to_string(),
                        input: data.clone(),
                        variables: strand.vars.visible(),
                    });
                }
                // A resume at a named visit: what it enters with, replaced.
                if let Some(replaced) = self
                    .prior
                    .as_deref()
                    .and_then(|p| p.replacement_at(strand.last_event, &node.name))
                {
                    if let Some(input) = replaced.input {
                        data = input;
                        carried = None;
                    }
                    strand.vars.own.extend(replaced.variables);
                }
                strand.at = (scope, current);
                if let Err(f) = self.enter(node, &data, carried.take(), strand) {
                    return Err(self.at_record_end(f).await);
                }
                strand.open.set(Some((node.kind, Arc::clone(&node.name))));
                let entered = strand.last_event;
                // What a paused view shows of the state once it left: its input.
                let inspects = self.host.inspects();
                if inspects {
                    strand.seen = Some(Box::new(super::pause::Seen {
                        input: Arc::new(data.clone()),
                        ..Default::default()
                    }));
                    self.checkpoint(Stop::Entered, node, &data, None, strand)
                        .await;
                }
                let step = match self.execute(node, data, strand).await {
                    Ok(step) => step,
                    Err(f) if f.record_ended => return Err(self.at_record_end(f).await),
                    Err(f) => {
                        // A state that fails ends there (a Fail state, a Pass whose JSONata
                        // failed, a Parallel or Map whose `…StateFailed` closed it), but a
                        // Task: its `TaskFailed` or `TaskTimedOut` is the task's, and the
                        // state stays open until what encloses it closes it (recorded on AWS:
                        // `TaskStateAborted` after an uncaught `TaskFailed` in a Parallel
                        // branch or a Map iteration; see `abort_open_state`).
                        if node.kind != StateKind::Task {
                            strand.open.set(None);
                        }
                        let evaluation = f.is_evaluation();
                        let f = f.locate(&node.name, entered);
                        if evaluation {
                            self.evaluation_failed(node, &f, entered, strand)?;
                        }
                        return Err(f);
                    }
                };
                let (next, output) = match step {
                    Step::Next(next, output) => (Some(next), output),
                    Step::End(output) => (None, output),
                };
                let (output, text) = match self.exit(node, output, strand) {
                    Ok(exited) => exited,
                    Err(f) => return Err(self.at_record_end(f).await),
                };
                if inspects {
                    let input = strand.seen.as_ref().map(|s| Arc::clone(&s.input));
                    let input = input.unwrap_or_default();
                    self.checkpoint(Stop::Exited, node, &input, Some(&output), strand)
                        .await;
                }
                strand.open.set(None);
                match next {
                    Some(next) => {
                        carried = text;
                        data = output;
                        current = next;
                    }
                    None => {
                        return Ok(output);
                    }
                }
            }
        }
        .boxed()
    }

    /// The event a replay's strand just wrote, when the replay took recorded values into it
    /// (see `super::draws`): its data is then the run's.
    fn written_by_replay(&self, strand: &Strand<'_>) -> Option<EventKind> {
        let prior = self.prior.as_deref()?;
        let at = prior.matched_position(strand.last_event)?;
        if !prior.takes_recorded_values_at(at) {
            return None;
        }
        let shared = self.shared.lock().unwrap_or_else(|p| p.into_inner());
        let index = usize::try_from(strand.last_event.checked_sub(1)?).ok()?;
        shared
            .events
            .read(|events| events.get(index).map(|e| e.kind.clone()))
    }

    /// A failure that came out of a state: as it is, unless it is a replay's record ending
    /// ([`Failure::record_ended`]). Then the strand stops there: it waits on the timeline
    /// past every other strand's time (the other strands go as far as the record takes them,
    /// and stop in turn), and the first to wake stops the run.
    async fn at_record_end(&self, f: Failure) -> Failure {
        let Some(prior) = self.prior.as_deref().filter(|_| f.record_ended) else {
            return f;
        };
        if !prior.stopped() {
            self.timeline.sleep_until(i64::MAX).await;
            prior.stop();
        }
        f
    }

    fn enter(
        &self,
        node: &Node,
        input: &Value,
        text: Option<JsonText>,
        strand: &mut Strand<'_>,
    ) -> Result<(), Failure> {
        // Serialise outside the lock; one lock for the counters and the event.
        let input = self
            .options
            .history
            .then(|| text.unwrap_or_else(|| JsonText::from(input)));
        strand.vars.just_assigned.clear();
        let mut shared = self.shared.lock().unwrap_or_else(|p| p.into_inner());
        shared.transitions += 1;
        let matched = match input {
            Some(input) => self.push_event(
                &mut shared,
                strand,
                EventKind::StateEntered {
                    state_type: node.kind,
                    name: Arc::clone(&node.name),
                    input,
                },
            )?,
            None => {
                drop(shared);
                self.count_event(strand);
                strand.entered = strand.last_event;
                self.host
                    .notice(Notice::Reached(Observed::Entered(&node.name)));
                return Ok(());
            }
        };
        strand.entered = strand.last_event;
        // A state a resume or a redrive walks through again was entered before: it is not
        // covered again, and a redrive lists only the states it runs again.
        let again = matched.is_some()
            && self
                .prior
                .as_deref()
                .is_some_and(|p| !p.writes_own_history());
        let listed = !again
            || self
                .prior
                .as_deref()
                .is_some_and(|p| p.kind() == super::prior::PriorKind::Resume);
        if self.options.record_states && listed {
            shared.entered.push(Arc::clone(&node.name));
        }
        drop(shared);
        if !again {
            self.host
                .notice(Notice::Reached(Observed::Entered(&node.name)));
        }
        Ok(())
    }

    /// Records the state's exit; returns its output (the recorded one, when the run continues
    /// a prior history that recorded it: what the state drew at random stays what it drew) and
    /// the output's text for the next state's entry.
    fn exit(
        &self,
        node: &Node,
        output: Value,
        strand: &mut Strand<'_>,
    ) -> Result<(Value, Option<JsonText>), Failure> {
        if super::quotas::too_large(&output) {
            return Err(Failure::data_limit(&node.name));
        }
        if strand.clock.expired() {
            return Err(Failure::execution_timed_out());
        }
        let assigned = std::mem::take(&mut strand.vars.just_assigned);
        if !self.options.history {
            return Ok((output, None));
        }
        let text = JsonText::from(&output);
        if text.as_str().len() > crate::execution::MAX_PAYLOAD_BYTES {
            return Err(Failure::data_limit(&node.name));
        }
        let assigned = assigned
            .into_iter()
            .filter_map(|name| {
                let value = JsonText::from(strand.vars.own.get(&name)?);
                Some((name, value))
            })
            .collect();
        let recorded = self.recorded_event(
            strand,
            EventKind::StateExited {
                state_type: node.kind,
                name: Arc::clone(&node.name),
                output: text.clone(),
                assigned,
            },
        )?;
        let recorded = recorded
            .map(|e| e.kind.clone())
            .or_else(|| self.written_by_replay(strand));
        match recorded {
            Some(EventKind::StateExited {
                output: recorded,
                assigned,
                ..
            }) => {
                for (name, value) in &assigned {
                    strand.vars.own.insert(name.clone(), value.to_value());
                }
                Ok((recorded.to_value(), Some(recorded)))
            }
            _ => Ok((output, Some(text))),
        }
    }

    /// Runs one state with its Retry and Catch.
    async fn execute(
        &self,
        node: &Node,
        input: Value,
        strand: &mut Strand<'_>,
    ) -> Result<Step, Failure> {
        let mut attempts = vec![0u64; node.retry.len()];
        let mut retry_count = 0u32;
        loop {
            let mut failure = match self.attempt(node, &input, strand, retry_count).await {
                Ok(step) => return Ok(step),
                Err(f) => f,
            };
            // A paused view stops where the error is raised, once: not again in each state
            // it fails out of (a Parallel's, a Map's).
            if self.host.inspects() && !failure.shown && !failure.record_ended {
                failure.shown = true;
                if let Some(seen) = strand.seen.as_deref_mut() {
                    seen.error = Some((failure.error.to_string(), failure.cause.clone()));
                }
                let stop = Stop::Failed {
                    error: failure.error.to_string(),
                    cause: failure.cause.clone(),
                    handled: self.handled(node, &failure, strand),
                };
                self.checkpoint(stop, node, &input, None, strand).await;
            }
            if let Some(i) = node.retry.iter().position(|r| failure.matches(&r.errors)) {
                let r = &node.retry[i];
                if attempts[i] < r.max_attempts {
                    // A Parallel or Map state that is retried is not closed: AWS records no
                    // `…StateFailed` before the retry, whose `…StateStarted` names the failure's
                    // event (LocalStack's `test_map_state_retry` and `test_parallel_state_retry`,
                    // recorded on AWS).
                    let delay = self.retry_delay(
                        r.interval_seconds,
                        r.backoff_rate,
                        attempts[i],
                        r.max_delay_seconds,
                        r.jitter,
                    );
                    attempts[i] += 1;
                    retry_count += 1;
                    self.host
                        .notice(Notice::Reached(Observed::Retrier(&node.name, i)));
                    self.pass_time(strand, delay).await;
                    continue;
                }
            }
            let failure = self.close_failed_state(node, failure, strand)?;
            if let Some((index, c)) = node
                .catch
                .iter()
                .enumerate()
                .find(|(_, c)| failure.matches(&c.errors))
            {
                self.host
                    .notice(Notice::Reached(Observed::Catcher(&node.name, index)));
                return self.caught(node, index, c, &input, &failure, strand);
            }
            return Err(failure);
        }
    }

    /// The failure the host ends the execution with before its next state transition, if it
    /// asks for one.
    fn interrupted_at_transition(&self) -> Option<Failure> {
        let mut cx = std::task::Context::from_waker(futures::task::noop_waker_ref());
        match self.host.interrupt(Interruptible::Transition, &mut cx) {
            std::task::Poll::Ready(Interruption::Fail(failure)) => Some(failure),
            _ => None,
        }
    }

    /// Closes a Parallel or Map state that failed and is not retried: `ParallelStateFailed` or
    /// `MapStateFailed`, naming the failure's event, before it is caught or ends the execution
    /// (LocalStack's `test_parallel_state_catch` and `test_map_state_retry`, recorded on AWS).
    fn close_failed_state(
        &self,
        node: &Node,
        failure: Failure,
        strand: &mut Strand<'_>,
    ) -> Result<Failure, Failure> {
        if !failure.closes_state {
            return Ok(failure);
        }
        let (error, cause) = (failure.error_name().cloned(), failure.cause.clone());
        let closing = match node.kind {
            StateKind::Map => EventKind::MapStateFailed { error, cause },
            _ => EventKind::ParallelStateFailed { error, cause },
        };
        self.event(strand, closing)?;
        Ok(Failure {
            closes_state: false,
            ..failure
        })
    }

    /// Lets `duration` pass on `strand`: on the virtual clock the strand sleeps on the
    /// execution's timeline until the other strands have passed the times before its wake time
    /// (see [`super::timeline`]); in real time it sleeps. Time never passes the execution's
    /// deadline.
    pub(crate) async fn pass_time(&self, strand: &mut Strand<'_>, duration: Duration) {
        if !strand.clock.is_virtual() {
            // A strand walking a prior history whose record shows what came after the time
            // passed does not wait for it (the next event it writes matches, at its time).
            let recorded = strand.clock.is_recorded()
                && self
                    .prior
                    .as_deref()
                    .is_some_and(|p| p.continues_after(strand.last_event));
            if recorded {
                strand.clock.skip(duration);
            } else {
                strand.clock.sleep(duration).await;
            }
            return;
        }
        let before = strand.clock.now();
        strand.clock.advance(duration);
        let at = strand.clock.now();
        if at > before {
            self.timeline.sleep_until(at).await;
        }
    }

    /// `IntervalSeconds × BackoffRate^attempt`, capped by `MaxDelaySeconds`, randomised by
    /// `JitterStrategy: FULL`.
    fn retry_delay(
        &self,
        interval: u64,
        backoff: f64,
        attempt: u64,
        max_delay: Option<u64>,
        jitter: bool,
    ) -> Duration {
        let exponent = i32::try_from(attempt).unwrap_or(i32::MAX);
        let mut seconds = interval as f64 * backoff.powi(exponent);
        if let Some(cap) = max_delay {
            seconds = seconds.min(cap as f64);
        }
        if jitter {
            let mut entropy = self.entropy.lock().unwrap_or_else(|p| p.into_inner());
            let millis = (seconds * 1000.0) as i64;
            let drawn =
                workflow_asl::eval::Entropy::random_int(&mut *entropy, 0, millis.max(1), None);
            return Duration::from_millis(drawn.max(0) as u64);
        }
        Duration::from_secs_f64(seconds.clamp(0.0, 1e9))
    }

    /// A Catcher matched: the error output goes to `ResultPath` of the raw input (JSONPath) or
    /// through `Output` (JSONata), and the state moves on to the Catcher's `Next`.
    pub(crate) fn caught(
        &self,
        node: &Node,
        index: usize,
        c: &CatchOp,
        input: &Value,
        failure: &Failure,
        strand: &mut Strand<'_>,
    ) -> Result<Step, Failure> {
        let error_output = failure.error_output();
        if node.jsonata {
            let states = self.states_object(node, input, None, Some(&error_output), strand);
            let vars = strand.vars.visible();
            let output = match &c.output {
                Some(o) => jsonata_values::evaluate(
                    o,
                    &self.scope(&states, &vars, strand),
                    &format!("Catch[{index}]/Output"),
                )?,
                None => error_output,
            };
            if let Some(Assigner::Jsonata(a)) = &c.assign {
                let assigned = jsonata_values::evaluate_object(
                    a,
                    &self.scope(&states, &vars, strand),
                    &format!("Catch[{index}]/Assign"),
                )?;
                strand.vars.assign(&node.name, assigned)?;
            }
            return Ok(Step::Next(c.next, output));
        }
        if let Some(Assigner::JsonPath(t)) = &c.assign {
            let assigned = self.template(node, t, &error_output, strand)?;
            strand.vars.assign(&node.name, into_map(assigned))?;
        }
        let output = self.apply_result_path(&c.result_path, input, error_output, &node.name)?;
        Ok(Step::Next(c.next, output))
    }

    /// The context object for a state, when it reads one.
    pub(crate) fn context(
        &self,
        node: &Node,
        strand: &Strand<'_>,
        retry_count: u32,
        extra: Option<(&str, Value)>,
    ) -> Value {
        if !node.needs_context {
            return Value::Null;
        }
        self.full_context(node, strand, retry_count, extra)
    }

    /// The context object of a state, whether it reads one or not.
    pub(crate) fn full_context(
        &self,
        node: &Node,
        strand: &Strand<'_>,
        retry_count: u32,
        extra: Option<(&str, Value)>,
    ) -> Value {
        // TestState's `context` is the context object, as given.
        if let Some(context) = self.test.and_then(super::test_step::TestStep::context) {
            let mut context = context.clone();
            if let (Some((key, value)), Some(map)) = (extra, context.as_object_mut()) {
                map.insert(key.to_owned(), value);
            }
            return context;
        }
        let (execution, state_machine) = self.execution_context(strand);
        let state = state_context(node, self.entered_time(strand), retry_count);
        // Moved in, not copied again (as `json!` would).
        let mut context = Map::with_capacity(4);
        context.insert("Execution".into(), execution);
        context.insert("State".into(), state);
        context.insert("StateMachine".into(), state_machine);
        if let Some((key, value)) = extra {
            context.insert(key.to_owned(), value);
        }
        Value::Object(context)
    }

    /// `$$.Execution` and `$$.StateMachine`: a replay's times and names the record's.
    pub(crate) fn execution_context(&self, strand: &Strand<'_>) -> (Value, Value) {
        let fixed = &self.context_object;
        let Some(draws) = self.draws else {
            return (
                fixed.execution_json().clone(),
                fixed.state_machine_json().clone(),
            );
        };
        // A replay's times are the record's, and without the execution's ARN, its names
        // too.
        let mut shown = fixed.execution.shown();
        let recorded_start = self
            .prior
            .as_deref()
            .map_or(strand.clock.now(), super::prior::Prior::start_millis);
        shown.start_time = draws.time(
            super::draws::Visit::Execution,
            super::draws::Slot::StartTime,
            recorded_start,
        );
        let mut machine = [
            self.identity.state_machine_arn(&self.machine).to_string(),
            self.machine.to_string(),
        ];
        let [machine_id, machine_name] = &mut machine;
        for (name, field) in [
            (&mut shown.id, "Execution.Id"),
            (&mut shown.name, "Execution.Name"),
            (machine_id, "StateMachine.Id"),
            (machine_name, "StateMachine.Name"),
        ] {
            if let Some(drawn) = draws.name(field, name) {
                *name = drawn;
            }
        }
        let [machine_id, machine_name] = machine;
        (
            fixed.execution.to_json(shown),
            json!({"Id": machine_id, "Name": machine_name}),
        )
    }

    /// When `strand` entered its state (`$$.State.EnteredTime`): a replay's the record's.
    pub(crate) fn entered_time(&self, strand: &Strand<'_>) -> String {
        match self.draws {
            None => format_rfc3339_millis(strand.clock.now()),
            Some(draws) => draws.time(
                self.visit(strand),
                super::draws::Slot::EnteredTime,
                strand.clock.now(),
            ),
        }
    }

    /// What a JSONata expression of a state sees.
    pub(crate) fn scope<'s>(
        &'s self,
        states: &'s Value,
        vars: &'s Map<String, Value>,
        strand: &Strand<'_>,
    ) -> jsonata_values::Scope<'s> {
        jsonata_values::Scope {
            states,
            vars,
            now_millis: strand.clock.now(),
            entropy: &self.entropy,
            draws: self.draws.map(|d| (d, self.visit(strand))),
        }
    }

    /// The state entry `strand` is in, as a replay's draws key it: the recorded entry it
    /// matched, or its own.
    pub(crate) fn visit(&self, strand: &Strand<'_>) -> super::draws::Visit {
        use super::draws::Visit;
        let recorded = self.prior.as_deref().and_then(|prior| {
            let at = prior.matched_position(strand.entered)?;
            Some(prior.event(at).id)
        });
        match recorded {
            Some(id) => Visit::Recorded(id),
            None => Visit::Unrecorded(strand.entered),
        }
    }

    /// Calls `read` with where `node`'s dynamic fields (`MaxConcurrency`, `MaxItems`, batch
    /// limits, …) are read from: `$states` and the variables in a JSONata state, the effective
    /// `input`, `context` and variables in a JSONPath one.
    pub(crate) fn with_source<T>(
        &self,
        node: &Node,
        (input, context): (&Value, &Value),
        strand: &Strand<'_>,
        read: impl FnOnce(&super::dynamic::Source<'_>) -> T,
    ) -> T {
        if node.jsonata {
            let states = self.states_object(node, input, None, None, strand);
            let vars = strand.vars.visible();
            read(&super::dynamic::Source::Jsonata(
                self.scope(&states, &vars, strand),
            ))
        } else {
            read(&super::dynamic::Source::JsonPath(Env::new(
                input,
                context,
                &strand.vars,
            )))
        }
    }

    /// `$states` for a JSONata expression.
    pub(crate) fn states_object(
        &self,
        node: &Node,
        input: &Value,
        result: Option<&Value>,
        error_output: Option<&Value>,
        strand: &Strand<'_>,
    ) -> Value {
        let mut states = Map::new();
        states.insert("input".into(), input.clone());
        if let Some(r) = result {
            states.insert("result".into(), r.clone());
        }
        if let Some(e) = error_output {
            states.insert("errorOutput".into(), e.clone());
        }
        let context = if node.needs_context {
            self.context(node, strand, 0, None)
        } else {
            Value::Null
        };
        states.insert("context".into(), context);
        Value::Object(states)
    }

    /// Evaluates a payload template with `$` = `input`.
    pub(crate) fn template(
        &self,
        node: &Node,
        t: &workflow_asl::eval::Template,
        input: &Value,
        strand: &Strand<'_>,
    ) -> Result<Value, Failure> {
        self.template_in(node, t, input, &self.context(node, strand, 0, None), strand)
    }

    /// Evaluates a payload template of `node` with `$` = `input` and `$$` = `context`. A
    /// template that builds more than the service's payload limit stops building at the limit
    /// and fails the state with `States.DataLimitExceeded`, as a state output over the limit
    /// does.
    pub(crate) fn template_in(
        &self,
        node: &Node,
        t: &workflow_asl::eval::Template,
        input: &Value,
        context: &Value,
        strand: &Strand<'_>,
    ) -> Result<Value, Failure> {
        let within = crate::execution::MAX_PAYLOAD_BYTES;
        self.template_within(node, t, (input, context), within, strand)
    }

    /// The request of a Distributed Map's reader or writer resource: its `Parameters` template
    /// (JSONPath), its `Arguments` (JSONata, evaluated as `field`, e.g.
    /// `"ItemReader/Arguments"`), or `{}` when it has neither.
    pub(crate) fn resource_request(
        &self,
        node: &Node,
        (parameters, arguments): (
            Option<&workflow_asl::eval::Template>,
            Option<&workflow_asl::JsonataValue>,
        ),
        field: &str,
        (input, context): (&Value, &Value),
        strand: &Strand<'_>,
    ) -> Result<Value, Failure> {
        match (parameters, arguments) {
            (Some(t), _) => self.template_in(node, t, input, context, strand),
            (None, Some(a)) => {
                let states = self.states_object(node, input, None, None, strand);
                let vars = strand.vars.visible();
                jsonata_values::evaluate(a, &self.scope(&states, &vars, strand), field)
            }
            (None, None) => Ok(serde_json::json!({})),
        }
    }

    /// Evaluates a payload template of `node`, stopping with `States.DataLimitExceeded` once it
    /// builds more than `max_bytes`.
    pub(crate) fn template_within(
        &self,
        node: &Node,
        t: &workflow_asl::eval::Template,
        (input, context): (&Value, &Value),
        max_bytes: usize,
        strand: &Strand<'_>,
    ) -> Result<Value, Failure> {
        let env = Env {
            input,
            context,
            variables: &strand.vars,
        };
        let evaluated = match self.draws {
            Some(draws) => {
                let mut entropy = super::draws::ReplayEntropy {
                    draws,
                    visit: self.visit(strand),
                };
                t.evaluate_within(&env, &mut entropy, max_bytes)
            }
            None => {
                let mut entropy = self.entropy.lock().unwrap_or_else(|p| p.into_inner());
                t.evaluate_within(&env, &mut *entropy, max_bytes)
            }
        };
        evaluated.map_err(|e| {
            if e.error == ErrorName::DataLimitExceeded {
                Failure::data_limit(&node.name)
            } else {
                Failure::from(e)
            }
        })
    }

    /// `InputPath` / `OutputPath`.
    pub(crate) fn apply_path(
        &self,
        op: &PathOp,
        value: Value,
        context: &Value,
        strand: &Strand<'_>,
    ) -> Result<Value, Failure> {
        match op {
            PathOp::Default => Ok(value),
            PathOp::Null => Ok(json!({})),
            PathOp::Path(p) => {
                let env = Env {
                    input: &value,
                    context,
                    variables: &strand.vars,
                };
                Ok(select(p, &env)?.into_value())
            }
        }
    }

    /// `ResultPath`: where the result goes in the raw input.
    pub(crate) fn apply_result_path(
        &self,
        op: &PathOp,
        input: &Value,
        result: Value,
        state: &str,
    ) -> Result<Value, Failure> {
        match op {
            PathOp::Default => Ok(result),
            PathOp::Null => Ok(input.clone()),
            // A path deeper than the engine lets data nest would build a value it refuses
            // anyway; refuse it before building (and dropping) it.
            PathOp::Path(p) if p.segments.len() > super::quotas::MAX_NESTING => {
                Err(Failure::data_limit(state))
            }
            PathOp::Path(p) => Ok(set_result(input.clone(), p, result)?),
        }
    }

    /// The task token of the task of the state entered at event `entered`, attempt
    /// `retry_count` (`kind` tells a callback's from an activity's): derived from the execution
    /// and the state's entry, so that a resumed execution gives its waiting tasks the tokens
    /// they had, whatever order its branches ran in.
    pub(crate) fn derived_token(&self, entered: u64, retry_count: u32, kind: &str) -> String {
        let seed = super::child_execution::seed_of(&format!(
            "{}#{entered}#{retry_count}#{kind}",
            self.context_object.execution.quoted_id()
        ));
        workflow_asl::eval::Entropy::uuid(&mut SeededEntropy::new(seed))
    }

    /// Counts a Task invocation of `state`; returns its 0-based index.
    pub(crate) fn next_invocation(&self, state: &str) -> u32 {
        let mut shared = self.shared.lock().unwrap_or_else(|p| p.into_inner());
        let count = shared.invocations.entry(state.to_owned()).or_insert(0);
        let index = *count;
        *count += 1;
        index
    }

    /// Records a per-state trace entry, when tracing.
    pub(crate) fn trace(&self, entry: StateTrace) {
        if self.options.trace {
            self.shared
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .trace
                .push(entry);
        }
    }
}

/// An object value's members (an evaluated `Assign`).
pub(crate) fn into_map(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// `$$.State` of `node`, entered at `entered` (`RetryCount` is part of the context of a
/// state that retries: a Task, a Parallel, a Map, as AWS's TestState answers it for a Map,
/// issue 42; not of a Pass's or a Choice's, as the service records them).
pub(crate) fn state_context(node: &Node, entered: String, retry_count: u32) -> Value {
    match node.body {
        super::program::Body::Task { .. }
        | super::program::Body::Parallel { .. }
        | super::program::Body::Map(_) => {
            json!({"EnteredTime": entered, "Name": &*node.name, "RetryCount": retry_count})
        }
        _ => json!({"EnteredTime": entered, "Name": &*node.name}),
    }
}

//! The child executions of a Distributed Map: each item (or batch) of a Map Run runs the
//! item processor as an execution of its own, with its own history, context object and
//! variables, as AWS runs it ("Each child workflow execution has its own, separate execution
//! history from that of the parent workflow", AWS documentation, "Using Map state in
//! Distributed mode"). The parent's history shows the Map Run only: `MapRunStarted`, then
//! `MapRunSucceeded` or `MapRunFailed` (every Distributed Map history LocalStack recorded on
//! AWS, e.g. `test_map_item_reader_base_csv_headers_first_line`).
//!
//! A child runs as the Map's *labelled* state machine, `<machine>/<label>` (the `Label`, or a
//! name the service derives from the state when there is none), and is named by a UUID:
//! `arn:…:execution:<machine>/<label>:<uuid>` for a STANDARD child,
//! `arn:…:express:<machine>/<label>:<uuid>:<uuid>` for an EXPRESS one (the Service
//! Authorization Reference's "labelled execution" and "labelled express" resource types; the
//! ResultWriter page's result files show such ARNs and names). Its context object is its own:
//! `$$.Execution` names the child, `$$.StateMachine` the labelled machine. An EXPRESS child runs
//! at most five minutes and, as on AWS, has no history to read (its events go to CloudWatch
//! Logs there): the engine keeps none.

use super::clock::Clock;
use super::context::{ContextObject, ExecutionContext, Redrives};
use super::error::Failure;
use super::host::Host;
use super::prior::{Prior, PriorKind};
use super::run::{Run, Shared, Strand};
use super::vars::Frame;
use crate::execution::{EventKind, ExecutionStatus, HistoryEvent, JsonText};
use serde_json::Value;
use std::sync::Arc;
use std::sync::Mutex;
use workflow_asl::ErrorName;
use workflow_asl::eval::{Entropy, SeededEntropy};
use workflow_aws_models::{MachineName, StatesArn, StatesResource};

/// Who a child execution is.
#[derive(Clone, Debug)]
pub(crate) struct ChildIdentity {
    /// Its name: a UUID derived from its Map Run and its index, so that a run is repeatable.
    pub name: String,
    /// Its ARN.
    pub arn: StatesArn,
    /// The labelled state machine it runs as: `<machine>/<label>`.
    pub machine: MachineName,
}

impl ChildIdentity {
    /// The labelled state machine it runs as, in its own partition, region and account (a
    /// recorded child's are the record's).
    pub(crate) fn state_machine_arn(&self) -> StatesArn {
        self.arn
            .sibling(StatesResource::state_machine(self.machine.clone()))
    }

    /// The recorded child `arn` of a Map Run a replay (or a resume) runs again, as `machine`.
    pub(crate) fn recorded(arn: StatesArn, machine: &MachineName) -> Self {
        ChildIdentity {
            name: arn.execution_name().unwrap_or_default().to_owned(),
            arn,
            machine: machine.clone(),
        }
    }

    /// Child `index` of the Map Run `map_run_arn`, running as `machine` (`<machine>/<label>`).
    pub(crate) fn new(
        run: &Run<'_>,
        map_run_arn: &StatesArn,
        index: usize,
        machine: &MachineName,
        express: bool,
    ) -> Self {
        let like = run
            .identity
            .arn(StatesResource::state_machine(machine.clone()));
        ChildIdentity::derived(&like, map_run_arn, index, machine, express)
    }

    /// The child `index` of the recorded Map Run `map_run_arn` would have, had the engine run
    /// it (its partition, region, account and labelled machine the Map Run's): how a replay
    /// finds which recorded child ran which item.
    pub(crate) fn of_recorded(
        map_run_arn: &StatesArn,
        index: usize,
        express: bool,
    ) -> Option<Self> {
        let machine = map_run_arn.machine()?.clone();
        Some(ChildIdentity::derived(
            map_run_arn,
            map_run_arn,
            index,
            &machine,
            express,
        ))
    }

    /// Child `index` of `map_run_arn` as `machine`, its ARN in `like`'s partition, region and
    /// account.
    fn derived(
        like: &StatesArn,
        map_run_arn: &StatesArn,
        index: usize,
        machine: &MachineName,
        express: bool,
    ) -> Self {
        let mut entropy = SeededEntropy::new(seed_of(&format!("{map_run_arn}#{index}")));
        let name = entropy.uuid();
        let arn = if express {
            let express_id = entropy.uuid();
            like.sibling(StatesResource::Express {
                machine: machine.clone(),
                name: name.clone(),
                id: Some(express_id),
            })
        } else {
            like.sibling(StatesResource::Execution {
                machine: machine.clone(),
                name: name.clone(),
            })
        };
        ChildIdentity {
            name,
            arn,
            machine: machine.clone(),
        }
    }
}

/// A deterministic seed from `text` (FNV-1a).
pub(crate) fn seed_of(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// How a child execution ended.
pub(crate) struct ChildEnd {
    /// `SUCCEEDED`, `FAILED`, `TIMED_OUT` or `ABORTED`.
    pub status: ExecutionStatus,
    /// Its output, or its failure (for `ABORTED`: none of its own, the Map Run's).
    pub outcome: Result<Value, Failure>,
    /// Its history (empty for an EXPRESS child, or when histories are not kept): the log its
    /// run wrote, shared with whoever reads it while its Map Run runs.
    pub history: super::event_log::EventLog,
    /// How many states it entered.
    pub transitions: u64,
    /// When it ended, in milliseconds since the Unix epoch.
    pub stop_millis: i64,
    /// The Map Runs of its own Distributed Maps.
    pub map_runs: Vec<super::map_run::MapRun>,
    /// The state it failed, timed out or was stopped in, when it did not succeed (read from
    /// the history its run wrote, which an EXPRESS child does not keep).
    pub failed_state: Option<String>,
    /// Whether it was not run but taken from the record (an EXPRESS child a replay had
    /// nothing to answer a Task of).
    pub taken_from_record: bool,
}

impl<'e> Run<'e> {
    /// The run of a child execution of this one: the same program, handlers, mocks, object
    /// store, time line and callbacks; its own history, context object, variables and
    /// randomness. A child that continues from its history (`prior`: a redrive of a child that
    /// did not succeed, a resume of one that did not end) continues its history.
    pub(crate) fn child(
        &self,
        id: &ChildIdentity,
        input: &JsonText,
        start_millis: i64,
        host: Box<dyn Host<'e> + 'e>,
        prior: Option<Arc<Prior>>,
    ) -> Run<'e> {
        // The context object holds a copy of the input: only when a state reads it (a child's
        // input may be a batch of thousands of items).
        let reads_context = self
            .program
            .scopes
            .iter()
            .flat_map(|scope| &scope.nodes)
            .any(|node| node.needs_context);
        let start = prior.as_deref().map_or(start_millis, Prior::start_millis);
        let redrives = match prior.as_deref().map(Prior::kind) {
            // "If you've redriven a Map Run, the RedriveTime context object is only available
            // for child workflows of type Standard" (AWS documentation, "Context object").
            Some(PriorKind::Redrive { count }) => Redrives::Redriven {
                count,
                at_millis: start_millis,
            },
            _ => Redrives::Never,
        };
        Run {
            program: self.program,
            field_validation: self.field_validation,
            options: self.options,
            shared: Mutex::new(Shared::default()),
            entropy: Mutex::new(SeededEntropy::new(seed_of(&id.arn.to_string()))),
            context_object: ContextObject::new(
                ExecutionContext {
                    id: id.arn.clone(),
                    input: if reads_context {
                        input.to_value()
                    } else {
                        Value::Null
                    },
                    name: id.name.clone(),
                    role_arn: self.identity.role_arn(),
                    start_millis: start,
                    redrives,
                },
                &self.identity.state_machine_arn(&id.machine),
                &id.machine,
            ),
            machine: id.machine.clone(),
            uncounted_events: std::sync::atomic::AtomicU64::new(0),
            host,
            object_store: self.object_store,
            map_runs: Mutex::new(super::map_run::MapRuns::default()),
            timeline: self.timeline,
            identity: self.identity,
            prior,
            draws: None,
            live_from: start_millis,
            test: None,
            stands_for_recorded: None,
            replay_writes: self.replay_writes.clone(),
            divergences_shown: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// Runs this child execution's item processor (`scope`) on `input` (read from its text as
    /// the child starts) from `clock`: its
    /// `ExecutionStarted`, the states, and `ExecutionSucceeded`, `ExecutionFailed` or
    /// `ExecutionTimedOut`. A child runs past its parent's `TimeoutSeconds` ("A Map Run can
    /// continue to run even after the parent workflow stops or times out", AWS documentation,
    /// "Redriving Map Runs"); an EXPRESS one at most five minutes.
    pub(crate) async fn run_child(
        &self,
        scope: usize,
        input: JsonText,
        (clock, trail): (Clock, super::pause::Trail),
        express: bool,
    ) -> ChildEnd {
        let (input, text) = (input.to_value(), input);
        let limit = express.then_some(crate::core::quotas::EXPRESS_MAX_SECONDS as i64 * 1000);
        let mut strand = Strand::new(clock.with_deadline(limit), 0, Frame::root());
        strand.trail = trail;
        let _live = self.live_strand(&strand.trail);
        match self.prior.as_deref() {
            // A child that continues from its history (a redrive's: `ExecutionRedriven`, then
            // the states that did not finish; a resume's: after its last event) starts at its
            // recorded `ExecutionStarted`.
            Some(prior) if self.options.history && !prior.writes_own_history() => {
                let shared = self.shared.lock().unwrap_or_else(|p| p.into_inner());
                shared.events.replace(prior.history(self.live_from));
                strand.last_event = 1;
                strand.clock.pin(prior.start_millis());
            }
            _ => {
                // The first event cannot overflow a history limit of at least one event.
                let role_arn = self.identity.role_arn();
                let _ = self.event(
                    &mut strand,
                    EventKind::ExecutionStarted {
                        input: text,
                        role_arn,
                    },
                );
            }
        }
        let outcome = self.run_scope(scope, input, &mut strand).await;
        // An EXPRESS child a replay runs again whose Task nothing answers: its recorded
        // outcome stands for its run.
        if let (Err(f), Some(recorded)) = (&outcome, &self.stands_for_recorded)
            && f.record_ended
        {
            return self.end_as_recorded(recorded, express);
        }
        let (status, kind) = if strand.clock.expired() {
            let f = Failure::execution_timed_out();
            let kind = EventKind::ExecutionTimedOut {
                error: f.error.clone(),
                cause: String::new(),
            };
            (ExecutionStatus::TimedOut, Some((Err(f), kind)))
        } else {
            match outcome {
                Ok(output) => {
                    let kind = EventKind::ExecutionSucceeded {
                        output: JsonText::from(&output),
                    };
                    (ExecutionStatus::Succeeded, Some((Ok(output), kind)))
                }
                Err(f) => {
                    let kind = EventKind::ExecutionFailed {
                        error: f.error_name().cloned(),
                        cause: f.cause.clone(),
                    };
                    (ExecutionStatus::Failed, Some((Err(f), kind)))
                }
            }
        };
        let (outcome, kind) = kind.unwrap_or_else(|| {
            (
                Err(Failure::runtime(
                    "a child execution ended without an outcome",
                )),
                EventKind::ExecutionFailed {
                    error: Some(ErrorName::Runtime),
                    cause: String::new(),
                },
            )
        });
        self.close_child(&mut strand, kind);
        let stop_millis = strand.clock.now();
        self.child_end(status, outcome, stop_millis, express)
    }

    /// The end of a child as `recorded` ended (an EXPRESS child a replay took from the
    /// record).
    fn end_as_recorded(
        &self,
        recorded: &super::map_run::ChildExecution,
        express: bool,
    ) -> ChildEnd {
        let outcome = match &recorded.status {
            ExecutionStatus::Succeeded => Ok(recorded
                .output
                .as_ref()
                .map_or(Value::Null, JsonText::to_value)),
            _ => Err(Failure::new(
                recorded.error.clone().unwrap_or(ErrorName::TaskFailed),
                recorded.cause.clone().unwrap_or_default(),
            )),
        };
        let mut end = self.child_end(
            recorded.status.clone(),
            outcome,
            recorded.stop_millis,
            express,
        );
        end.failed_state.clone_from(&recorded.failed_state);
        end.taken_from_record = true;
        end
    }

    /// A child execution whose input could not be made (its `ItemSelector` failed): it
    /// fails with that failure, having run nothing.
    pub(crate) fn child_failed_to_start(
        &self,
        failure: Failure,
        at: &Clock,
        express: bool,
    ) -> ChildEnd {
        self.child_end(ExecutionStatus::Failed, Err(failure), at.now(), express)
    }

    /// Ends a child execution its Map Run stopped (the Map Run failed) at `at`'s time:
    /// `ExecutionAborted`, status `ABORTED`.
    pub(crate) fn abort_child(&self, failure: &Failure, at: &Clock, express: bool) -> ChildEnd {
        let last = self
            .shared
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .events
            .last_id();
        let mut strand = Strand::new(at.clone(), last, Frame::root());
        self.close_child(
            &mut strand,
            EventKind::ExecutionAborted {
                error: None,
                cause: None,
            },
        );
        self.child_end(
            ExecutionStatus::Aborted,
            Err(failure.clone()),
            at.now(),
            express,
        )
    }

    /// The closing event of a child's history, written even past the history limit.
    fn close_child(&self, strand: &mut Strand<'_>, mut kind: EventKind) {
        if !self.options.history {
            return;
        }
        let shared = self.shared.lock().unwrap_or_else(|p| p.into_inner());
        let id = shared.events.last_id() + 1;
        let previous = match self.prior.as_deref() {
            // A replayed child compares its end with the recorded one (an abort included).
            Some(prior) if prior.writes_own_history() => {
                let _ = prior.match_event(strand.last_event, id, strand.clock.now(), &mut kind);
                strand.last_event
            }
            Some(prior) => prior.live_previous(strand.last_event),
            None => strand.last_event,
        };
        let event = HistoryEvent {
            id,
            previous_event_id: previous,
            timestamp_millis: shared.events.stamp(strand.clock.now()),
            kind,
        };
        self.host.notice(super::host::Notice::Event(&event));
        shared.events.push(event);
    }

    fn child_end(
        &self,
        status: ExecutionStatus,
        outcome: Result<Value, Failure>,
        stop_millis: i64,
        express: bool,
    ) -> ChildEnd {
        let map_runs = self
            .map_runs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take_finished();
        let shared = self.shared.lock().unwrap_or_else(|p| p.into_inner());
        let failed_state = match status {
            ExecutionStatus::Succeeded => None,
            _ => shared
                .events
                .read(|events| crate::execution::failed_state(events).map(str::to_owned)),
        };
        ChildEnd {
            failed_state,
            taken_from_record: false,
            status,
            outcome,
            history: if express {
                super::event_log::EventLog::default()
            } else {
                shared.events.clone()
            },
            transitions: shared.transitions,
            stop_millis,
            map_runs,
        }
    }
}

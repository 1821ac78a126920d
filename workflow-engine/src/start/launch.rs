//! A run to its end: what every start request (`super::StartExecution`) comes to. It checks
//! the input, builds the execution's context object, its host and its first events (a run from
//! a prior history: the recorded ones), drives the core on the execution's timeline, and
//! writes the closing event.

use crate::core;
use crate::core::clock::Clock;
use crate::core::run::{Run, Shared, Strand};
use crate::core::vars::Frame;
use crate::execution::{EventKind, ExecutionStatus, HistoryEvent, JsonText, MAX_PAYLOAD_BYTES};
use crate::hosts;
use crate::{CompiledMachine, Engine, EngineError, Execution, TimeMode};
use serde_json::{Value, json};
use std::sync::Mutex;
use workflow_asl::ErrorName;
use workflow_asl::eval::SeededEntropy;

/// What a start request adds to a run (see [`crate::StartExecution`]).
#[derive(Default, Clone, Copy)]
pub(crate) struct Launch<'a> {
    /// Where callbacks and activity tasks wait for the test's answers.
    pub callbacks: Option<&'a hosts::callbacks::Hub>,
    /// The longest the execution may run (EXPRESS: five minutes), in seconds.
    pub max_seconds: Option<u64>,
    /// The history the run starts from: a redrive's, a resume's, a replay's.
    pub prior: Option<&'a std::sync::Arc<core::prior::Prior>>,
    /// A replay's draws: the values it takes from its record (`core::draws`).
    pub draws: Option<&'a core::draws::Draws>,
    /// An EXPRESS execution, started synchronously or not (its context object differs; see
    /// [`express`]).
    pub express: Option<hosts::express::Start>,
    /// The execution's name, when the request names it (else the engine's `local-SEED`).
    pub name: Option<&'a str>,
    /// TestState: the one state to run, and where its outcome goes.
    pub test: Option<&'a core::test_step::TestStep>,
}

impl Engine {
    /// Runs `compiled` on `input` to its end, with what the start request adds (see
    /// [`Launch`]).
    pub(crate) async fn launch(
        &self,
        compiled: &CompiledMachine,
        input: Value,
        extras: Launch<'_>,
    ) -> Result<Execution, EngineError> {
        let size = core::limits::measure(&input);
        if let Some(size) = size.filter(|s| *s > MAX_PAYLOAD_BYTES) {
            return Err(EngineError::InputTooLarge(size));
        }
        if size.is_none() {
            return Err(EngineError::InputTooDeep(core::limits::MAX_NESTING));
        }
        let timeout_millis = match (compiled.program.timeout_seconds, extras.max_seconds) {
            (Some(t), Some(m)) => Some(t.min(m)),
            (t, m) => t.or(m),
        }
        .map(|t| i64::try_from(t.saturating_mul(1000)).unwrap_or(i64::MAX));
        let unmatched = self.unmatched(compiled);
        if !unmatched.is_empty() {
            return Err(EngineError::UnmatchedHandlers(unmatched));
        }
        let prior = extras.prior.map(std::sync::Arc::clone);
        // A run from a prior history starts at its recorded start. A redrive's TimeoutSeconds
        // counts from the redrive, when the failed attempt ended; a resume's from the start.
        let (clock, live_from) = match prior.as_deref() {
            Some(prior) => {
                let clock = Clock::recorded_at(self.time, prior.start_millis());
                let redrive = matches!(prior.kind(), core::prior::PriorKind::Redrive { .. });
                // A redrive goes live when the failed attempt ended (on the wall clock: now).
                // A redrive resumed went live when it was redriven, as recorded.
                let from = match (redrive, self.time, prior.redriven_millis()) {
                    (true, _, Some(redriven)) => redriven,
                    (true, TimeMode::Real, None) => core::clock::wall_millis(),
                    (true, TimeMode::Virtual { .. }, None) => prior.end_millis(),
                    (false, _, _) => prior.start_millis(),
                };
                let counted_from = if redrive { from } else { prior.start_millis() };
                let deadline = timeout_millis.map(|t| counted_from.saturating_add(t));
                (clock.with_deadline_at(deadline), from)
            }
            None => {
                let clock = Clock::start(self.time).with_deadline(timeout_millis);
                let now = clock.now();
                (clock, now)
            }
        };
        let start = clock.now();
        // The request's name for the execution, else the engine's; the recorded role of an
        // execution run again from its history.
        let role = prior.as_deref().and_then(|p| p.role_arn());
        let identity = match (extras.name, role) {
            (None, None) => std::borrow::Cow::Borrowed(&self.identity),
            (name, role) => std::borrow::Cow::Owned(core::identity::Identity {
                execution_name: name
                    .map(str::to_owned)
                    .or(self.identity.execution_name.clone()),
                role_arn: role.cloned().or(self.identity.role_arn.clone()),
                ..self.identity.clone()
            }),
        };
        let identity = &*identity;
        // Without a store of its own, a Distributed Map reads and writes S3 at the AWS
        // endpoint, if it has one.
        #[cfg(feature = "aws-endpoint")]
        let remote_store = match &self.object_store {
            None => self.handlers.aws_object_store(&identity.region),
            Some(_) => None,
        };
        #[cfg(not(feature = "aws-endpoint"))]
        let remote_store: Option<crate::ObjectStore> = None;

        let machine_name = identity.machine_name(&compiled.name);
        let name = identity.execution_name(self.seed);
        let machine_arn = identity.state_machine_arn(&machine_name);
        let timeline = core::timeline::Timeline::default();
        // Who answers a Task the record does not, in order.
        let answerers = hosts::local::chain(&self.handlers, self.mocks.as_ref(), extras.callbacks);
        let host = hosts::local::LocalHost {
            answerers: &answerers,
            handlers: &self.handlers,
            activities: &self.activities,
            callbacks: extras.callbacks,
            coverage: compiled.coverage.as_deref(),
            shows: true,
            child: None,
        };
        let (redrive_count, redrive_time) = match prior.as_deref().map(|p| (p.kind(), p)) {
            Some((core::prior::PriorKind::Redrive { count }, _)) => (count, Some(live_from)),
            _ => (0, None),
        };
        let run = Run {
            program: &compiled.program,
            field_validation: self.field_validation,
            options: &self.options,
            // A started execution's history is its hub's too (held once).
            shared: Mutex::new(Shared {
                events: extras
                    .callbacks
                    .map(|hub| hub.log.clone())
                    .unwrap_or_default(),
                ..Shared::default()
            }),
            entropy: Mutex::new(SeededEntropy::new(self.seed)),
            execution: {
                let mut execution = json!({
                    "Id": identity.execution_arn(&machine_name, &name).to_string(),
                    "Input": input,
                    "Name": name,
                    "RoleArn": identity.role_arn().map(|r| r.to_string()),
                    "StartTime": workflow_asl::timestamp::format_rfc3339_millis(start),
                    "RedriveCount": redrive_count,
                });
                if let Some(map) = execution.as_object_mut() {
                    if let Some(at) = redrive_time {
                        map.insert(
                            "RedriveTime".into(),
                            workflow_asl::timestamp::format_rfc3339_millis(at).into(),
                        );
                    }
                    if let Some(start) = extras.express {
                        hosts::express::express_context(
                            map,
                            start,
                            identity,
                            &machine_name,
                            self.seed,
                        );
                    }
                    if let Some(test) = extras.test {
                        test.execution_context(map, identity, &machine_name, &name);
                    }
                }
                execution
            },
            state_machine: json!({"Id": machine_arn.to_string(), "Name": machine_name.to_string()}),
            machine: machine_name.clone(),
            identity,
            uncounted_events: std::sync::atomic::AtomicU64::new(0),
            host: Box::new(host),
            object_store: self.object_store.as_ref().or(remote_store.as_ref()),
            map_runs: Mutex::new(core::map_run::MapRuns::sharing(
                extras
                    .callbacks
                    .map(|hub| std::sync::Arc::clone(&hub.ended_map_runs))
                    .unwrap_or_default(),
            )),
            timeline: &timeline,
            prior: prior.clone(),
            draws: extras.draws,
            live_from,
            test: extras.test,
        };
        let mut strand = Strand::new(clock, 0, Frame::root());
        match prior.as_deref().filter(|p| !p.writes_own_history()) {
            // A resume and a redrive continue the recorded history (a redrive after its
            // `ExecutionRedriven`), walking it from its `ExecutionStarted`.
            Some(prior) => {
                let shared = run.shared.lock().unwrap_or_else(|p| p.into_inner());
                shared.events.replace(prior.history(live_from));
                // A started one shows the history so far from its first event.
                if let Some(hub) = extras.callbacks {
                    hub.wrote();
                }
                strand.last_event = 1;
            }
            None => {
                // The first event cannot overflow a history limit of at least one event.
                let _ = run.event(
                    &mut strand,
                    EventKind::ExecutionStarted {
                        input: JsonText::from(&input),
                        role_arn: identity.role_arn(),
                    },
                );
            }
        }
        let outcome = match extras.test {
            Some(test) => {
                run.timeline
                    .drive(run.test_step(test, input, &mut strand))
                    .await
            }
            None => {
                run.timeline
                    .drive(run.run_scope(0, input, &mut strand))
                    .await
            }
        };
        // The service reports an execution timeout with the error in its history event only,
        // and no cause.
        let timed_out = strand.clock.expired();
        // A replay of a record that stops before the execution's end (it was stopped, or is
        // still running) ends as the record does: `ExecutionAborted`, or no end yet.
        let record_end = match &outcome {
            Err(f) if f.record_ended => prior
                .as_deref()
                .map(|p| p.recorded_end().map(|end| end.kind.clone())),
            _ => None,
        };
        let (status, output, error, cause) = match outcome {
            _ if record_end.is_some() => {
                let end = record_end.as_ref().and_then(Option::as_ref);
                let status = match end {
                    Some(_) => ExecutionStatus::Aborted,
                    None => ExecutionStatus::Running,
                };
                let error = end.and_then(EventKind::error).map(ErrorName::from);
                let cause = end.and_then(EventKind::cause).map(str::to_owned);
                (status, None, error, cause.filter(|c| !c.is_empty()))
            }
            _ if timed_out => (
                ExecutionStatus::TimedOut,
                None,
                Some(ErrorName::Timeout),
                None,
            ),
            Ok(output) => (ExecutionStatus::Succeeded, Some(output), None, None),
            Err(f) => (
                ExecutionStatus::Failed,
                None,
                f.error_name().cloned(),
                (!f.cause.is_empty()).then_some(f.cause),
            ),
        };
        let final_event = match &status {
            ExecutionStatus::Aborted | ExecutionStatus::Running => record_end.clone().flatten(),
            ExecutionStatus::Succeeded => Some(EventKind::ExecutionSucceeded {
                output: JsonText::from(output.as_ref().unwrap_or(&Value::Null)),
            }),
            ExecutionStatus::TimedOut => Some(EventKind::ExecutionTimedOut {
                error: ErrorName::Timeout,
                cause: cause.clone().unwrap_or_default(),
            }),
            // The engine ends an execution only as above; anything else is a failure.
            _ => Some(EventKind::ExecutionFailed {
                error: error.clone(),
                cause: cause.clone().unwrap_or_default(),
            }),
        };
        if let Some(mut final_event) = final_event {
            // The closing event is written even past the limit, as the service's last word.
            let shared = run.shared.lock().unwrap_or_else(|p| p.into_inner());
            if self.options.history {
                let id = shared.events.len() as u64 + 1;
                let previous = match prior.as_deref() {
                    // A replay compares it with the recorded end.
                    Some(prior) if prior.writes_own_history() => {
                        let _ = prior.match_event(
                            strand.last_event,
                            id,
                            strand.clock.now(),
                            &mut final_event,
                        );
                        strand.last_event
                    }
                    Some(prior) => prior.live_previous(strand.last_event),
                    None => strand.last_event,
                };
                shared.events.push(HistoryEvent {
                    id,
                    previous_event_id: previous,
                    timestamp_millis: strand.clock.now(),
                    kind: final_event,
                });
            }
        }
        let shared = run.shared.into_inner().unwrap_or_else(|p| p.into_inner());
        // A started execution's hub shares its ended Map Runs (`MapRuns::finished`).
        let map_runs = run
            .map_runs
            .into_inner()
            .unwrap_or_else(|p| p.into_inner())
            .take_finished();
        if let Some(coverage) = &self.coverage {
            coverage.flush();
        }
        Ok(Execution {
            status,
            output,
            error,
            cause,
            states: shared.entered.iter().map(ToString::to_string).collect(),
            history: shared.events.into_events(),
            trace: shared.trace,
            transitions: shared.transitions,
            map_runs,
        })
    }
}

//! Redriving a failed execution from where it failed, as `RedriveExecution` does.
//!
//! The service keeps the results of the steps that succeeded and re-runs only the states that
//! did not finish (a state whose `…StateEntered` has no `…StateExited`), the failed branches
//! of a Parallel and the failed iterations of a Map included; it appends an
//! `ExecutionRedriven` event to the same history, and `$$.Execution.RedriveCount` counts the
//! redrives. Locally, [`crate::Engine::redrive`] reads the failed execution's history: the
//! redriven run goes through the definition again on the same input, every task that
//! succeeded before is answered with its recorded result and duration (its handler is not
//! called), and the history records nothing until the run reaches a state that did not
//! finish; from there on it runs as any execution and its events follow `ExecutionRedriven`.
//!
//! A Distributed Map whose Map Run failed is redriven as AWS documents it ("Redriving Map
//! Runs"): the same Map Run (its ARN kept; `MapRunRedriven` with its redrive count in the
//! parent's history) reruns only its unsuccessful children. A STANDARD child that failed,
//! timed out or was aborted is itself redriven from where it failed ("redriven using the
//! RedriveExecution API action … from the last state in ItemProcessor that resulted in their
//! unsuccessful execution": its history continues with `ExecutionRedriven`, its
//! `$$.Execution.RedriveCount` counts); an EXPRESS one starts again from the processor's first
//! state; a child that succeeded keeps its output and is not run; items that never started
//! start. A Map Run that failed with `States.DataLimitExceeded` or `States.Runtime` is not
//! redriven: a new Map Run reruns every child ("A new Map Run is started and the existing Map
//! Run isn't redriven in the following cases"). A Map Run that succeeded before the failure is
//! replayed as it ended (its tolerated failures included), none of its children run again.
//!
//! Left as the service has it but approximated: a Parallel or Map state that failed is entered
//! again, and the events of branches or iterations that succeeded before are recorded again
//! when they run after the first re-run state (their tasks still answered from the record);
//! Wait states before the failed state wait again on the virtual clock.

use crate::core::map_run::{ChildExecution, MapRun};
use crate::execution::{EventKind, HistoryEvent};
use crate::{EngineError, Execution, ExecutionStatus};
use serde_json::Value;
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use workflow_asl::StateKind;
use workflow_aws_models::{MachineName, ResourceType, StatesArn};

/// A recorded task result.
pub(crate) struct Recorded {
    pub value: Value,
    pub took: Duration,
}

/// What a redriven run replays from the failed one.
pub(crate) struct Replay {
    /// Task results by state name and request text, in the order they were recorded.
    results: Mutex<HashMap<(String, String), VecDeque<Recorded>>>,
    /// The states (not Parallel or Map) entered and never exited: where the run fails over.
    unfinished: HashSet<String>,
    /// The Map states entered and never exited: a Distributed Map among them whose Map Run is
    /// not known is where the run fails over.
    unfinished_maps: HashSet<String>,
    /// The failed attempt's Map Runs not replayed yet, in the order they ran.
    map_runs: Mutex<VecDeque<MapRun>>,
    /// The redrives of the unsuccessful STANDARD children of those Map Runs, by child ARN.
    children: HashMap<String, Replay>,
    live: AtomicBool,
    /// The failed execution's history, and its input.
    pub prior: Vec<HistoryEvent>,
    pub input: Value,
    /// This redrive's number (1 for the first).
    pub redrive_count: u64,
}

impl Replay {
    /// Reads a failed (or timed-out) execution; its history must have been kept.
    pub fn from_execution(execution: &Execution) -> Result<Replay, EngineError> {
        if !matches!(
            execution.status,
            ExecutionStatus::Failed | ExecutionStatus::TimedOut | ExecutionStatus::Aborted
        ) {
            return Err(EngineError::NotRedrivable(format!(
                "Execution is {}, not FAILED, TIMED_OUT or ABORTED",
                execution.status.as_str()
            )));
        }
        Replay::of_history(
            &execution.history,
            child_replays(&execution.map_runs),
            execution.map_runs.clone(),
        )
    }

    /// What a redrive of the execution whose history is `history` replays.
    fn of_history(
        history: &[HistoryEvent],
        children: HashMap<String, Replay>,
        map_runs: Vec<MapRun>,
    ) -> Result<Replay, EngineError> {
        let input = match history.first().map(|e| &e.kind) {
            Some(EventKind::ExecutionStarted { input }) => input.to_value(),
            _ => {
                return Err(EngineError::NotRedrivable(
                    "the execution's history was not kept (Engine::history(false)); a redrive reads it"
                        .into(),
                ));
            }
        };
        let by_id: HashMap<u64, &HistoryEvent> = history.iter().map(|e| (e.id, e)).collect();
        let mut results: HashMap<(String, String), VecDeque<Recorded>> = HashMap::new();
        for event in history {
            let value = match &event.kind {
                EventKind::TaskSucceeded { output, .. } => output.to_value(),
                EventKind::ActivitySucceeded { output }
                | EventKind::LambdaFunctionSucceeded { output } => output.to_value(),
                _ => continue,
            };
            // Back along the strand: …Started, …Scheduled (the request), then the state.
            let mut started_at = event.timestamp_millis;
            let mut request = None;
            let mut state = None;
            let mut cursor = by_id.get(&event.previous_event_id);
            let mut steps = 0;
            while let Some(e) = cursor {
                steps += 1;
                match &e.kind {
                    EventKind::TaskStarted { .. }
                    | EventKind::ActivityStarted { .. }
                    | EventKind::LambdaFunctionStarted
                        if request.is_none() =>
                    {
                        started_at = e.timestamp_millis;
                    }
                    EventKind::TaskScheduled { parameters, .. } if request.is_none() => {
                        request = Some(parameters.as_str().to_owned());
                    }
                    EventKind::ActivityScheduled { input, .. }
                    | EventKind::LambdaFunctionScheduled { input, .. }
                        if request.is_none() =>
                    {
                        request = Some(input.as_str().to_owned());
                    }
                    EventKind::StateEntered { name, .. } => {
                        state = Some(name.to_string());
                        break;
                    }
                    _ => {}
                }
                if steps > history.len() {
                    break;
                }
                cursor = by_id.get(&e.previous_event_id);
            }
            if let (Some(state), Some(request)) = (state, request) {
                let took = u64::try_from(event.timestamp_millis - started_at).unwrap_or(0);
                results
                    .entry((state, request))
                    .or_default()
                    .push_back(Recorded {
                        value,
                        took: Duration::from_millis(took),
                    });
            }
        }
        let mut open: HashMap<&str, i64> = HashMap::new();
        let mut open_maps: HashMap<&str, i64> = HashMap::new();
        for event in history {
            match &event.kind {
                EventKind::StateEntered {
                    name, state_type, ..
                } => {
                    let counts = match state_type {
                        StateKind::Parallel => continue,
                        StateKind::Map => &mut open_maps,
                        _ => &mut open,
                    };
                    *counts.entry(name).or_default() += 1;
                }
                EventKind::StateExited { name, .. } => {
                    *open.entry(name).or_default() -= 1;
                    *open_maps.entry(name).or_default() -= 1;
                }
                _ => {}
            }
        }
        let still_open = |counts: HashMap<&str, i64>| -> HashSet<String> {
            counts
                .into_iter()
                .filter(|(_, n)| *n > 0)
                .map(|(name, _)| name.to_owned())
                .collect()
        };
        let redrive_count = crate::execution::redrives(history) + 1;
        Ok(Replay {
            results: Mutex::new(results),
            unfinished: still_open(open),
            unfinished_maps: still_open(open_maps),
            map_runs: Mutex::new(map_runs.into()),
            children,
            live: AtomicBool::new(false),
            prior: history.to_vec(),
            input,
            redrive_count,
        })
    }

    /// The recorded result of the task of `state` that sent `request`, once.
    pub fn take(&self, state: &str, request: &Value) -> Option<Recorded> {
        let key = (state.to_owned(), request.to_string());
        self.results
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get_mut(&key)
            .and_then(VecDeque::pop_front)
    }

    /// The run enters `state`: from the first unfinished state on, it records its history.
    pub fn entering(&self, state: &str) {
        if self.unfinished.contains(state) {
            self.live.store(true, Ordering::SeqCst);
        }
    }

    /// From here on the run records its history: it reached the Map Run where the failed
    /// attempt failed.
    pub fn go_live(&self) {
        self.live.store(true, Ordering::SeqCst);
    }

    /// Whether `map_state` was entered and not exited in the failed attempt.
    pub fn map_unfinished(&self, map_state: &str) -> bool {
        self.unfinished_maps.contains(map_state)
    }

    /// The failed attempt's next Map Run of the labelled machine `machine`
    /// (`<machine>/<label>`, one Map state's), once.
    pub fn take_map_run(&self, machine: &MachineName) -> Option<MapRun> {
        let mut runs = self.map_runs.lock().unwrap_or_else(|p| p.into_inner());
        let at = runs.iter().position(|run| {
            StatesArn::parse(&run.arn).is_ok_and(|arn| {
                arn.kind() == ResourceType::MapRun && arn.machine() == Some(machine)
            })
        })?;
        runs.remove(at)
    }

    /// The redrive of the unsuccessful STANDARD child execution `arn` of a Map Run.
    pub fn child(&self, arn: &str) -> Option<&Replay> {
        self.children.get(arn)
    }

    /// Whether the run records its history.
    pub fn live(&self) -> bool {
        self.live.load(Ordering::SeqCst)
    }

    /// The history a redriven run continues: the failed attempt's events, then
    /// `ExecutionRedriven` at `at_millis`.
    pub fn continued_history(&self, at_millis: i64) -> Vec<HistoryEvent> {
        let mut events = self.prior.clone();
        events.push(HistoryEvent {
            id: events.len() as u64 + 1,
            previous_event_id: 0,
            timestamp_millis: at_millis,
            kind: EventKind::ExecutionRedriven {
                redrive_count: self.redrive_count,
            },
        });
        events
    }

    /// When the failed attempt ended: the redrive's time.
    pub fn redrive_time(&self) -> i64 {
        self.prior.last().map_or(0, |e| e.timestamp_millis)
    }
}

/// The redrives of the unsuccessful STANDARD children of `map_runs`, by child ARN, each with
/// the redrives of its own Map Runs' children. Only a Map Run that did not succeed reruns
/// children: one that succeeded is replayed as it ended. An iterative walk: the children are
/// listed parents first, then their replays are built children first.
fn child_replays(map_runs: &[MapRun]) -> HashMap<String, Replay> {
    // Each unsuccessful child, and the index of the child whose Map Run it belongs to.
    let mut listed: Vec<(&ChildExecution, Option<usize>)> = Vec::new();
    let mut to_visit: Vec<(&[MapRun], Option<usize>)> = vec![(map_runs, None)];
    while let Some((runs, parent)) = to_visit.pop() {
        let failed_runs = runs
            .iter()
            .filter(|run| run.status != ExecutionStatus::Succeeded);
        for run in failed_runs {
            for child in &run.executions {
                if child.status == ExecutionStatus::Succeeded {
                    continue;
                }
                listed.push((child, parent));
                to_visit.push((&child.map_runs, Some(listed.len() - 1)));
            }
        }
    }
    // A child's own children come after it in the list.
    let mut nested: Vec<HashMap<String, Replay>> = listed.iter().map(|_| HashMap::new()).collect();
    let mut replays = HashMap::new();
    for (at, (child, parent)) in listed.iter().enumerate().rev() {
        let grandchildren = std::mem::take(&mut nested[at]);
        // An EXPRESS child keeps no history: it starts again.
        let Ok(replay) = Replay::of_history(&child.history, grandchildren, child.map_runs.clone())
        else {
            continue;
        };
        match parent.and_then(|p| nested.get_mut(p)) {
            Some(siblings) => siblings.insert(child.arn.clone(), replay),
            None => replays.insert(child.arn.clone(), replay),
        };
    }
    replays
}

impl crate::Engine {
    /// `RedriveExecution`: runs `failed` (an execution of any definition, `machine`, that
    /// failed, timed out or was aborted) again from where it failed; returns the execution as
    /// it ends this time, its history the failed attempt's, `ExecutionRedriven`, then the
    /// re-run states' events (the untyped form of [`crate::Engine::redrive`]).
    pub async fn redrive_any(
        &self,
        machine: &workflow_asl::StateMachine,
        failed: &Execution,
    ) -> Result<Execution, EngineError> {
        let replay = Replay::from_execution(failed)?;
        let compiled = self.compile(machine)?;
        let input = replay.input.clone();
        let extras = crate::Extras {
            replay: Some(&replay),
            ..crate::Extras::default()
        };
        self.run_with(&compiled, input, extras).await
    }

    /// [`crate::Engine::redrive_any`] on a current-thread Tokio runtime created for the call.
    pub fn redrive_any_blocking(
        &self,
        machine: &workflow_asl::StateMachine,
        failed: &Execution,
    ) -> Result<Execution, EngineError> {
        crate::block_on(self.redrive_any(machine, failed))
    }

    /// `RedriveExecution` of a failed execution of a workflow declared with `workflow!`.
    pub async fn redrive<W: crate::Workflow>(
        &self,
        failed: &Execution,
    ) -> Result<Execution, EngineError> {
        self.describe_coverage::<W>();
        self.redrive_any(&W::definition(), failed).await
    }

    /// [`crate::Engine::redrive`] on a current-thread Tokio runtime created for the call.
    pub fn redrive_blocking<W: crate::Workflow>(
        &self,
        failed: &Execution,
    ) -> Result<Execution, EngineError> {
        crate::block_on(self.redrive::<W>(failed))
    }
}

//! A Distributed Map's Map Run: its child executions (one an item or batch) and, with a
//! `ResultWriter`, the files the service writes into the object store.
//!
//! The parent's history records `MapRunStarted` (with the Map Run's ARN) and `MapRunSucceeded`
//! or `MapRunFailed`, or `MapRunAborted` when the execution is stopped while it runs. With a
//! `ResultWriter` whose `Parameters`/`Arguments` name a `Bucket` and a `Prefix`, the run writes
//! `<Prefix>/<map run id>/SUCCEEDED_0.json` and `FAILED_0.json` (the child executions that
//! ended so, each as `DescribeExecution` would show it, present only when there are some; the
//! files are written as the children end, `SUCCEEDED_1.json` and on once a file is full:
//! [`super::result_shards`]) and
//! `manifest.json` (`DestinationBucket`, `MapRunArn`, `ResultFiles` with each file's key and
//! size), and the Map's result is `{"MapRunArn", "ResultWriterDetails": {"Bucket", "Key"}}`
//! instead of the array of outputs. Items that never started are counted in no file. A
//! `WriterConfig` shapes the results (`Transformation` `NONE`, `COMPACT`, `FLATTEN`), written to
//! S3 or, without a `Resource`, handed on as the state's output. Its `OutputType: JSONL`
//! "formats the results as JSON Lines" (AWS documentation, "ResultWriter (Map)"): each result
//! file holds one result a line, and is named `SUCCEEDED_0.jsonl`/`FAILED_0.jsonl`. The page
//! names no JSON Lines file; `.jsonl` is this engine's reading (AWS's post announcing the
//! feature hands the exported results to Bedrock batch inference, which reads `.jsonl`
//! objects), and `manifest.json` lists the files by key, as it does for JSON, so readers that
//! follow the manifest find them either way. JSON Lines as a state's output (no `Resource`)
//! is not documented and fails the state, saying so.
//!
//! A Map Run keeps every child execution (what `ListExecutions` and `DescribeExecution` show
//! of it, and what a redrive reruns it from), but of the children that succeeded, their
//! histories only up to [`KEPT_CHILD_EVENTS`] events and their inputs up to
//! [`KEPT_CHILD_INPUT_BYTES`]: past them, such a child keeps no history (as an EXPRESS child)
//! and `null` as its input, so that a Map Run of millions of items does not hold them all a
//! second time. A redrive reruns the children that did not succeed only, from their inputs and
//! histories, which are kept; the result files are written before anything is dropped.

use super::child_execution::{ChildEnd, ChildIdentity, seed_of};
use super::error::Failure;
use super::prior::{Disposition, PriorMapRun};
use super::program::{MapOp, Node, WriterOp};
use super::result_shards::ResultShards;
use super::run::{Run, Strand};
use crate::execution::{EventKind, ExecutionStatus, JsonText};
use serde_json::{Value, json};
use std::collections::HashMap;
use workflow_asl::eval::{Entropy, SeededEntropy};
use workflow_asl::timestamp::format_rfc3339_millis;
use workflow_asl::{ErrorName, OutputType, Transformation};
use workflow_aws_models::{MachineName, StatesArn, StatesResource};

/// One child execution of a Map Run, ended.
pub(crate) struct ChildRun {
    pub index: usize,
    pub id: ChildIdentity,
    pub input: JsonText,
    pub status: ExecutionStatus,
    pub outcome: Result<Value, Failure>,
    /// Its history, shared with the hub of a started execution while its Map Run runs.
    pub history: super::event_log::EventLog,
    pub start_millis: i64,
    pub stop_millis: i64,
    pub map_runs: Vec<MapRun>,
    /// The state it failed in, when it did not succeed.
    pub failed_state: Option<String>,
}

impl ChildRun {
    /// Child `index`, `id`, started at `start_millis` on `input`, as it ended.
    pub(crate) fn ended(
        index: usize,
        id: ChildIdentity,
        input: JsonText,
        start_millis: i64,
        end: ChildEnd,
    ) -> Self {
        ChildRun {
            index,
            id,
            input,
            status: end.status,
            outcome: end.outcome,
            history: end.history,
            start_millis,
            stop_millis: end.stop_millis,
            map_runs: end.map_runs,
            failed_state: end.failed_state,
        }
    }
}

/// A Map Run that started: its ARN, the id of its `MapRunStarted` event and when it started
/// (a resumed one: when it first started).
pub(crate) struct StartedMapRun {
    pub arn: StatesArn,
    pub event: u64,
    pub start_millis: i64,
}

/// A Map Run in progress.
struct OpenRun {
    arn: StatesArn,
    /// How many times it has been redriven.
    redrive_count: u64,
    /// A redriven Map Run's children of the failed attempt, by ARN: those that succeeded are
    /// kept, the others run again.
    prior: HashMap<StatesArn, ChildExecution>,
    /// A Map Run that succeeded in the failed attempt, replayed: every child is kept as it
    /// ended, its tolerated failures too.
    replayed: bool,
    /// A Map Run a resume continues: its children whose histories end are kept as they
    /// ended, the others resume.
    resumed: bool,
    children: Vec<ChildRun>,
    /// How many children started.
    children_started: u64,
    start_millis: i64,
    /// `MaxConcurrency`, `ToleratedFailureCount`, `ToleratedFailurePercentage` as read.
    limits: (u64, Option<u64>, Option<f64>),
    /// The `ResultWriter`'s files being written as the children end, and how the results are
    /// shaped.
    shards: Option<(ResultShards, Transformation)>,
    /// How many events of its succeeded children's histories it keeps.
    kept_events: usize,
    /// How many bytes of its succeeded children's inputs it keeps.
    kept_input_bytes: usize,
}

impl OpenRun {
    /// The Map Run `arn`, started at `start_millis`, with no child yet.
    fn new(arn: StatesArn, start_millis: i64) -> Self {
        OpenRun {
            arn,
            redrive_count: 0,
            prior: HashMap::new(),
            replayed: false,
            resumed: false,
            children: Vec::new(),
            children_started: 0,
            start_millis,
            limits: (0, None, None),
            shards: None,
            kept_events: 0,
            kept_input_bytes: 0,
        }
    }
}

/// The most events of the histories of its children that succeeded a Map Run keeps (a bound
/// of this engine's: AWS keeps every history, for 90 days).
pub(crate) const KEPT_CHILD_EVENTS: usize = 100_000;

/// The most bytes of the inputs (as JSON text) of its children that succeeded a Map Run keeps
/// (a bound of this engine's, as [`KEPT_CHILD_EVENTS`]).
pub(crate) const KEPT_CHILD_INPUT_BYTES: usize = 64 << 20;

/// The Map Runs of an execution: those in progress by Map state name, and those that ended.
#[derive(Default)]
pub(crate) struct MapRuns {
    runs: HashMap<String, OpenRun>,
    started: u64,
    /// The Map Runs that ended, in the order they ended: shared with the host that started the
    /// execution, so that one stopped (whose run is dropped) still shows them.
    pub finished: EndedMapRuns,
}

/// The ended Map Runs of an execution, as its run and its starter share them (each shared, so
/// that a reader takes one without copying its children).
pub(crate) type EndedMapRuns = std::sync::Arc<std::sync::Mutex<Vec<std::sync::Arc<MapRun>>>>;

impl MapRuns {
    /// The Map Runs of an execution whose ended ones go to `finished`.
    pub(crate) fn sharing(finished: EndedMapRuns) -> Self {
        MapRuns {
            finished,
            ..MapRuns::default()
        }
    }

    /// The ended Map Runs, taken.
    pub(crate) fn take_finished(&self) -> Vec<MapRun> {
        std::mem::take(&mut *self.finished.lock().unwrap_or_else(|p| p.into_inner()))
            .into_iter()
            .map(std::sync::Arc::unwrap_or_clone)
            .collect()
    }
}

/// A Distributed Map's Map Run, as `DescribeMapRun` shows it, with its child executions as
/// `ListExecutions` (`mapRunArn`) and `DescribeExecution` show them.
#[derive(Clone, Debug, PartialEq)]
pub struct MapRun {
    /// Its ARN (`arn:…:mapRun:MACHINE/LABEL:ID`).
    pub arn: StatesArn,
    /// `SUCCEEDED`, `FAILED`, or `ABORTED` (its execution was stopped while it ran).
    pub status: ExecutionStatus,
    /// When it started, in milliseconds since the Unix epoch.
    pub start_millis: i64,
    /// When it ended.
    pub stop_millis: i64,
    /// `MaxConcurrency` as the Map read it (0: no limit).
    pub max_concurrency: u64,
    /// `ToleratedFailureCount` (0 when not set).
    pub tolerated_failure_count: u64,
    /// `ToleratedFailurePercentage` (0 when not set).
    pub tolerated_failure_percentage: f64,
    /// Its child executions, in item order, with their histories.
    pub executions: Vec<ChildExecution>,
    /// How many items (or batches) it had, started or not.
    pub items: u64,
    /// How many times a redrive of its execution redrove it (`DescribeMapRun`'s
    /// `redriveCount`).
    pub redrive_count: u64,
    /// Why it failed, when it did.
    pub error: Option<ErrorName>,
}

impl MapRun {
    /// Its child executions as the service writes them in a result file (`ExecutionArn`,
    /// `Name`, `Status`, `StartDate`, `StopDate`, `Input`, `Output` or `Error` and `Cause`, …),
    /// in item order.
    pub fn records(&self) -> Vec<Value> {
        self.executions.iter().map(ChildExecution::record).collect()
    }
}

/// A child execution of a Map Run, as `DescribeExecution` and `GetExecutionHistory` show it
/// (see [`crate`]'s child executions: each item, or batch, of a Distributed Map runs
/// the item processor as an execution of its own).
#[derive(Clone, Debug, PartialEq)]
pub struct ChildExecution {
    /// Its ARN: `arn:…:execution:<machine>/<label>:<name>` (`…:express:…:<id>` for an EXPRESS
    /// child).
    pub arn: StatesArn,
    /// Its name (a UUID).
    pub name: String,
    /// The labelled state machine it ran as, `<machine>/<label>`.
    pub state_machine: String,
    /// That machine's ARN.
    pub state_machine_arn: StatesArn,
    /// How it ended: `SUCCEEDED`, `FAILED`, `TIMED_OUT` or `ABORTED` (stopped when its Map Run
    /// failed).
    pub status: ExecutionStatus,
    /// Its input (the item, or batch, after `ItemSelector`), as JSON text.
    pub input: JsonText,
    /// Its output, when it succeeded, as JSON text.
    pub output: Option<JsonText>,
    /// Its error and cause, when it failed or timed out.
    pub error: Option<ErrorName>,
    /// The cause.
    pub cause: Option<String>,
    /// When it started and ended, in milliseconds since the Unix epoch.
    pub start_millis: i64,
    /// When it ended.
    pub stop_millis: i64,
    /// Its history (none for an EXPRESS child: AWS keeps none to read either).
    pub history: Vec<crate::execution::HistoryEvent>,
    /// The Map Runs of its own Distributed Maps (a redrive of it redrives them as the
    /// execution's own).
    pub map_runs: Vec<MapRun>,
    /// The state it failed, timed out or was stopped in, when it did not succeed and that is
    /// known (for an EXPRESS child too, whose history is not kept; see
    /// [`failed_state`](crate::execution::failed_state)).
    pub failed_state: Option<String>,
}

impl Run<'_> {
    /// The labelled state machine the children of `node`'s Map Runs run as:
    /// `<machine>/<label>`, the label the Map's `Label` or, without one, a UUID derived from
    /// the state ("If you don't specify a label, Step Functions automatically generates a
    /// unique label", AWS documentation, "Using Map state in Distributed mode"; the recorded
    /// ARNs hold a name-based UUID there, the same one for each run of a state).
    pub(crate) fn labelled_machine(&self, node: &Node, map: &MapOp) -> MachineName {
        let label = match &map.distributed_ops.label {
            Some(label) => label.clone(),
            None => {
                let seed = seed_of(&format!("{}#{}", self.machine, node.name));
                SeededEntropy::new(seed).uuid()
            }
        };
        self.machine.labelled(label)
    }

    /// Starts the Map Run of `node`: its ARN, and `MapRunStarted`. A run from a prior history
    /// takes the recorded one instead: a resume (or a replay) the Map Run its record shows
    /// started (the same ARN, its finished children kept); a redrive the failed attempt's Map
    /// Run of the state, replayed if it succeeded, redriven (`MapRunRedriven`, the same ARN) if
    /// it failed, unless it failed with `States.DataLimitExceeded` or `States.Runtime`, which
    /// start a new one (AWS documentation, "Redriving Map Runs").
    pub(crate) fn start_map_run(
        &self,
        node: &Node,
        map: &MapOp,
        strand: &mut Strand<'_>,
    ) -> Result<StartedMapRun, Failure> {
        let machine = self.labelled_machine(node, map);
        let prior = self
            .prior
            .as_deref()
            .and_then(|p| p.map_run(strand.last_event, &machine))
            .filter(|p| {
                p.disposition != Disposition::Redrive
                    || !(p.run.status == ExecutionStatus::Failed
                        && matches!(
                            p.run.error,
                            Some(ErrorName::DataLimitExceeded | ErrorName::Runtime)
                        ))
            });
        let now = strand.clock.now();
        let (open, kind) = match prior {
            Some(PriorMapRun {
                run: prior,
                disposition: Disposition::Replay,
            }) => {
                // A replay's Map Run is a new one under the recorded ARN.
                let open = OpenRun::new(prior.arn, now);
                let kind = EventKind::MapRunStarted {
                    map_run_arn: open.arn.clone(),
                };
                (open, kind)
            }
            Some(PriorMapRun {
                run: prior,
                disposition: Disposition::ResumeFailed { succeeded },
            }) => {
                // A resume on a changed definition runs it again under its recorded ARN:
                // the children that succeeded (all of them, when it succeeded) are kept.
                let mut open = OpenRun::new(prior.arn, now);
                open.replayed = succeeded;
                open.prior = self
                    .prior
                    .as_deref()
                    .and_then(|p| p.recorded_children(&open.arn, &machine))
                    .unwrap_or_default()
                    .into_iter()
                    .map(|c| (c.arn.clone(), c))
                    .collect();
                let kind = EventKind::MapRunStarted {
                    map_run_arn: open.arn.clone(),
                };
                (open, kind)
            }
            Some(PriorMapRun {
                run: prior,
                disposition: Disposition::Resume,
            }) => {
                let mut open = OpenRun::new(prior.arn, prior.start_millis);
                open.redrive_count = prior.redrive_count;
                open.resumed = true;
                let kind = match prior.redrive_count {
                    0 => EventKind::MapRunStarted {
                        map_run_arn: open.arn.clone(),
                    },
                    count => EventKind::MapRunRedriven {
                        map_run_arn: open.arn.clone(),
                        redrive_count: count,
                    },
                };
                (open, kind)
            }
            Some(PriorMapRun { run: prior, .. }) => {
                let mut open = OpenRun::new(prior.arn, prior.start_millis);
                open.redrive_count = prior.redrive_count;
                let kind = (prior.status != ExecutionStatus::Succeeded).then(|| {
                    open.redrive_count += 1;
                    EventKind::MapRunRedriven {
                        map_run_arn: open.arn.clone(),
                        redrive_count: open.redrive_count,
                    }
                });
                open.replayed = prior.status == ExecutionStatus::Succeeded;
                open.prior = prior
                    .executions
                    .into_iter()
                    .map(|c| (c.arn.clone(), c))
                    .collect();
                // A Map Run that succeeded is replayed: nothing of it is recorded.
                let kind = kind.unwrap_or(EventKind::MapRunStarted {
                    map_run_arn: open.arn.clone(),
                });
                (open, kind)
            }
            None => {
                let mut runs = self.map_runs.lock().unwrap_or_else(|p| p.into_inner());
                runs.started += 1;
                // A redrive's new Map Runs are new: their ids are drawn for the redrive.
                let execution = &self.context_object.execution;
                let id = execution.quoted_id();
                let seed = match execution.redrives.count() {
                    0 => seed_of(&format!("{id}#{}", runs.started)),
                    n => seed_of(&format!("{id}#{}#{n}", runs.started)),
                };
                let id = SeededEntropy::new(seed).uuid();
                let open = OpenRun::new(
                    self.identity.arn(StatesResource::MapRun {
                        machine: machine.clone(),
                        id,
                    }),
                    now,
                );
                let kind = EventKind::MapRunStarted {
                    map_run_arn: open.arn.clone(),
                };
                (open, kind)
            }
        };
        let arn = open.arn.clone();
        // A new Map Run starts at its `MapRunStarted` event: its `startDate` is that event's
        // time, the one a resume reads back from the stored history (the clock runs on between
        // the two readings of a live run). A resumed or redriven one keeps its first start.
        let new = !open.resumed && open.redrive_count == 0 && open.prior.is_empty()
            || self
                .prior
                .as_deref()
                .is_some_and(super::prior::Prior::writes_own_history);
        let name = node.name.to_string();
        self.map_runs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .runs
            .insert(name.clone(), open);
        self.event(strand, kind)?;
        let started_at = self.event_millis(strand.last_event);
        let mut runs = self.map_runs.lock().unwrap_or_else(|p| p.into_inner());
        let start_millis = match runs.runs.get_mut(&name) {
            Some(open) => {
                if new && let Some(at) = started_at {
                    open.start_millis = at;
                }
                open.start_millis
            }
            None => started_at.unwrap_or_default(),
        };
        drop(runs);
        Ok(StartedMapRun {
            arn,
            event: strand.last_event,
            start_millis,
        })
    }

    /// The prior child `arn` of the Map Run of `node`, once, and whether the run keeps it as
    /// it ended rather than running it: a redrive keeps a child that succeeded (or every child
    /// of a Map Run that succeeded), a resume every child whose history ended.
    pub(crate) fn prior_child(
        &self,
        node: &Node,
        machine: &MachineName,
        arn: &StatesArn,
    ) -> Option<(ChildExecution, bool)> {
        let mut runs = self.map_runs.lock().unwrap_or_else(|p| p.into_inner());
        let open = runs.runs.get_mut(&*node.name)?;
        if open.resumed {
            drop(runs);
            let child = self.prior.as_deref()?.recorded_child(arn, machine)?;
            let keep = child.status.is_finished();
            return Some((child, keep));
        }
        let child = open.prior.remove(arn)?;
        let keep = open.replayed || child.status == ExecutionStatus::Succeeded;
        Some((child, keep))
    }

    /// Ends the Map Run of `node` before any child execution started (its reader failed):
    /// `MapRunFailed` with the failure, and no results written.
    pub(crate) fn abandon_map_run(
        &self,
        node: &Node,
        failure: &Failure,
        strand: &mut Strand<'_>,
    ) -> Result<(), Failure> {
        {
            let open = self
                .map_runs
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .runs
                .remove(&*node.name);
            if let Some(open) = open {
                let ended = self.ended_run(open, 0, Some(failure), strand.clock.now());
                self.keep_map_run(ended);
            }
        }
        self.event(
            strand,
            EventKind::MapRunFailed {
                error: failure.error.clone(),
                cause: failure.cause.clone(),
            },
        )
    }

    /// Keeps child `index` of a redriven or replayed Map Run as it ended in the failed attempt:
    /// its output (or its tolerated failure) and history; it does not run again.
    pub(crate) fn keep_child(
        &self,
        node: &Node,
        index: usize,
        id: ChildIdentity,
        prior: ChildExecution,
        history: super::event_log::EventLog,
    ) {
        let child = ChildRun {
            index,
            id,
            input: prior.input,
            outcome: if prior.status == ExecutionStatus::Succeeded {
                Ok(prior.output.map_or(Value::Null, |o| o.to_value()))
            } else {
                Err(Failure::new(
                    prior.error.unwrap_or(ErrorName::TaskFailed),
                    prior.cause.unwrap_or_default(),
                ))
            },
            status: prior.status,
            history,
            start_millis: prior.start_millis,
            stop_millis: prior.stop_millis,
            map_runs: prior.map_runs,
            failed_state: prior.failed_state,
        };
        self.record_child(node, child, 0);
    }

    /// Records a child execution of the Map Run of `node` that ended (its results to the
    /// `ResultWriter`'s files, when they are written as the children end); its states count
    /// among the execution's transitions.
    pub(crate) fn record_child(&self, node: &Node, mut child: ChildRun, transitions: u64) {
        self.shared
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .transitions += transitions;
        let mut runs = self.map_runs.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(open) = runs.runs.get_mut(&*node.name) {
            if let Some((shards, transformation)) = &mut open.shards {
                let results = self.formatted(std::slice::from_ref(&child), *transformation);
                shards.add(child.index, results);
            }
            if child.status == ExecutionStatus::Succeeded {
                let events = open.kept_events.saturating_add(child.history.len());
                // A redriven child's history says how many times it was: kept. One not kept
                // is gone for whoever shares it too (the hub of its running Map Run).
                if events > KEPT_CHILD_EVENTS && child.history.read(crate::execution::redrives) == 0
                {
                    child.history.take();
                } else {
                    open.kept_events = events;
                }
                let bytes = open
                    .kept_input_bytes
                    .saturating_add(child.input.as_str().len());
                if bytes > KEPT_CHILD_INPUT_BYTES {
                    child.input = JsonText::from("null");
                } else {
                    open.kept_input_bytes = bytes;
                }
            }
            open.children.push(child);
        }
    }

    /// Starts writing the results of the Map Run of `node` (its ARN `arn`) as its children end,
    /// when its `ResultWriter` exports them to the object store. When the writer cannot write
    /// (no store, a request that names no bucket, a `WriterConfig` the engine refuses), nothing
    /// starts: the Map Run fails saying so when it ends, as it did before any child ran.
    pub(crate) fn start_result_shards(
        &self,
        node: &Node,
        map: &MapOp,
        arn: &StatesArn,
        (effective, context): (&Value, &Value),
        strand: &Strand<'_>,
    ) {
        let Some(writer) = map.distributed_ops.writer.as_ref().filter(|w| w.to_s3) else {
            return;
        };
        let Ok((lines, transformation)) = writer_format(writer) else {
            return;
        };
        let Ok((store, bucket, folder)) =
            self.writer_target(node, writer, arn, (effective, context), strand)
        else {
            return;
        };
        let shards = ResultShards::new(store.clone(), &bucket, folder, lines);
        let mut runs = self.map_runs.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(open) = runs.runs.get_mut(&*node.name) {
            open.shards = Some((shards, transformation));
        }
    }

    /// The limits the Map Run of `node` read: `MaxConcurrency` (0: none) and the tolerated
    /// failures.
    pub(crate) fn map_run_limits(&self, node: &Node, limits: (u64, Option<u64>, Option<f64>)) {
        let mut runs = self.map_runs.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(open) = runs.runs.get_mut(&*node.name) {
            open.limits = limits;
        }
    }

    /// The Map Run as it ended.
    fn ended_run(&self, open: OpenRun, items: u64, failed: Option<&Failure>, now: i64) -> MapRun {
        let executions = open
            .children
            .into_iter()
            .map(|c| self.child_execution(c))
            .collect();
        MapRun {
            arn: open.arn,
            status: if failed.is_some() {
                ExecutionStatus::Failed
            } else {
                ExecutionStatus::Succeeded
            },
            redrive_count: open.redrive_count,
            error: failed.map(|f| f.error.clone()),
            start_millis: open.start_millis,
            stop_millis: now.max(open.start_millis),
            max_concurrency: open.limits.0,
            tolerated_failure_count: open.limits.1.unwrap_or(0),
            tolerated_failure_percentage: open.limits.2.unwrap_or(0.0),
            executions,
            items: items.max(open.children_started),
        }
    }

    /// Ends the Map Run of `node` (failed with `failure`, or not): writes its results when it
    /// has a `ResultWriter`, and `MapRunSucceeded` or `MapRunFailed`. Returns the Map's
    /// result: the `ResultWriter`'s description, or the children's outputs in item order (a
    /// failed child's error output in its place).
    pub(crate) fn end_map_run(
        &self,
        node: &Node,
        map: &MapOp,
        (effective, context): (&Value, &Value),
        (failure, items): (Option<&Failure>, usize),
        strand: &mut Strand<'_>,
    ) -> Result<Value, Failure> {
        let Some(mut open) = self.take_open_run(node) else {
            // The Map Run started with `start_map_run`, which opened it.
            return Err(Failure::runtime(format!(
                "the Map Run of `{}` ended without having started",
                node.name
            )));
        };
        let (arn, children) = (open.arn.clone(), std::mem::take(&mut open.children));
        let shards = open.shards.take().map(|(shards, _)| shards);
        // A replay whose definition writes no files names those the record holds.
        if !map.distributed_ops.writer.as_ref().is_some_and(|w| w.to_s3) {
            self.compare_unwritten_files(node, &arn);
        }
        let result = match &map.distributed_ops.writer {
            Some(writer) => self.write_results(
                (node, map),
                writer,
                (&arn, &children, shards),
                (effective, context),
                strand,
            )?,
            None => Value::Array(
                children
                    .iter()
                    .map(|c| match &c.outcome {
                        Ok(output) => output.clone(),
                        Err(f) => f.error_output(),
                    })
                    .collect(),
            ),
        };
        let kind = match failure {
            Some(f) => EventKind::MapRunFailed {
                error: f.error.clone(),
                cause: f.cause.clone(),
            },
            None => EventKind::MapRunSucceeded,
        };
        self.event(strand, kind)?;
        open.children = children;
        open.children_started = open.children.len() as u64;
        let ended = self.ended_run(open, items as u64, failure, strand.clock.now());
        self.keep_map_run(ended);
        Ok(result)
    }

    /// Ends the Map Run of `node` as its execution is stopped: its children that ended and
    /// those it just stopped are kept, the items that never started stay pending, no results
    /// are written; `MapRunAborted`, status `ABORTED`. (The event type is the API's
    /// (`HistoryEventType`), without details; that a stopped execution writes it before
    /// `ExecutionAborted` is inferred: AWS documents no history of a stop during a Map Run.)
    pub(crate) fn abort_map_run(
        &self,
        node: &Node,
        items: usize,
        strand: &mut Strand<'_>,
    ) -> Result<(), Failure> {
        self.event(strand, EventKind::MapRunAborted)?;
        self.drop_map_run(node, items, strand.clock.now());
        Ok(())
    }

    /// Records the Map Run of `node` `ABORTED` at `now` (see [`Run::abort_map_run`]), without
    /// an event: when its state is stopped under it, the state's `…StateAborted` closes it.
    pub(crate) fn drop_map_run(&self, node: &Node, items: usize, now: i64) {
        let Some(mut open) = self.take_open_run(node) else {
            return;
        };
        // A Map Run stopped writes no results: the files written so far go.
        if let Some((shards, _)) = open.shards.take() {
            shards.discard();
        }
        open.children_started = open.children.len() as u64;
        let mut ended = self.ended_run(open, items as u64, None, now);
        ended.status = ExecutionStatus::Aborted;
        self.keep_map_run(ended);
    }

    /// The Map Run of `node` in progress, no longer open, its children in item order.
    fn take_open_run(&self, node: &Node) -> Option<OpenRun> {
        let mut open = self
            .map_runs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .runs
            .remove(&*node.name)?;
        open.children.sort_by_key(|c| c.index);
        Some(open)
    }

    /// Keeps a Map Run that ended among the execution's.
    fn keep_map_run(&self, ended: MapRun) {
        let runs = self.map_runs.lock().unwrap_or_else(|p| p.into_inner());
        runs.finished
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(std::sync::Arc::new(ended));
    }

    /// What a `ResultWriter` makes of the Map Run's results: the files it writes to S3 and
    /// where (`{MapRunArn, ResultWriterDetails}`), or, without a `Resource`, the results its
    /// `WriterConfig` formats for the state's output. The files are those `shards` wrote as
    /// the children ended, or, when it did not, written now.
    fn write_results(
        &self,
        (node, map): (&Node, &MapOp),
        writer: &WriterOp,
        (arn, children, shards): (&StatesArn, &[ChildRun], Option<ResultShards>),
        (effective, context): (&Value, &Value),
        strand: &Strand<'_>,
    ) -> Result<Value, Failure> {
        let (lines, transformation) = writer_format(writer)?;
        if !writer.to_s3 {
            let results = self.formatted(children, transformation);
            return Ok(Value::Array(results.into_iter().map(|(_, v)| v).collect()));
        }
        let shards = match shards {
            Some(shards) => shards,
            None => {
                let (store, bucket, folder) =
                    self.writer_target(node, writer, arn, (effective, context), strand)?;
                let mut shards = ResultShards::new(store.clone(), &bucket, folder, lines);
                for (index, child) in children.iter().enumerate() {
                    shards.add(
                        index,
                        self.formatted(std::slice::from_ref(child), transformation),
                    );
                }
                shards
            }
        };
        let (bucket, folder) = (shards.bucket().to_owned(), shards.folder().to_owned());
        let files = shards.finish()?;
        let manifest_key = format!("{folder}/manifest.json");
        let manifest = json!({
            "DestinationBucket": bucket,
            "MapRunArn": arn.to_string(),
            "ResultFiles": files,
        });
        let store = self
            .writer_store()
            .ok_or_else(|| no_store(self.options.missing_handler_advice))?;
        store
            .put(&bucket, &manifest_key, manifest.to_string())
            .map_err(writer_failed)?;
        // A replay compares what it wrote with the files the record holds.
        if let Some(written) = self.replay_writes.as_ref().filter(|_| {
            self.prior
                .as_deref()
                .is_some_and(|p| p.kind() == super::prior::PriorKind::Replay)
        }) {
            self.compare_result_files((node, map), arn, written, (&bucket, &folder));
        }
        Ok(json!({
            "MapRunArn": arn.to_string(),
            "ResultWriterDetails": {"Bucket": bucket, "Key": manifest_key},
        }))
    }

    /// Where a `ResultWriter` that exports to S3 writes the Map Run `arn`'s files: the store,
    /// the `Bucket` its request names and the folder `<Prefix>/<map run id>`.
    fn writer_target(
        &self,
        node: &Node,
        writer: &WriterOp,
        arn: &StatesArn,
        (effective, context): (&Value, &Value),
        strand: &Strand<'_>,
    ) -> Result<(&crate::core::object_store::ObjectStore, String, String), Failure> {
        let request = self.resource_request(
            node,
            (writer.parameters.as_ref(), writer.arguments.as_ref()),
            "ResultWriter/Arguments",
            (effective, context),
            strand,
        )?;
        let store = self
            .writer_store()
            .ok_or_else(|| no_store(self.options.missing_handler_advice))?;
        let bucket = request
            .get("Bucket")
            .and_then(Value::as_str)
            .ok_or_else(|| {
                Failure::new(
                    ErrorName::ResultWriterFailed,
                    format!("the ResultWriter's request {request} names no Bucket"),
                )
            })?;
        let prefix = request
            .get("Prefix")
            .and_then(Value::as_str)
            .unwrap_or_default();
        // The Map Run's id names its folder (AWS documentation, "ResultWriter": the results
        // are written under `PREFIX/MAP_RUN_ID/`).
        let id = match &arn.resource {
            StatesResource::MapRun { id, .. } => id.clone(),
            _ => arn.to_string(),
        };
        let folder = if prefix.is_empty() {
            id.to_owned()
        } else {
            format!("{}/{id}", prefix.trim_end_matches('/'))
        };
        Ok((store, bucket.to_owned(), folder))
    }

    /// Where a `ResultWriter` writes: the object store, or a replay's own (see
    /// `Run::replay_writes`).
    fn writer_store(&self) -> Option<&crate::core::object_store::ObjectStore> {
        self.replay_writes.as_ref().or(self.object_store)
    }

    /// Compares the files a replay's `ResultWriter` wrote for the Map Run `arn` (in `written`,
    /// at `bucket`/`folder`) with the files the record holds (its own, or, when it holds
    /// none, those the object store holds there): each child's entry by its execution (or,
    /// for results without one, by its place), their times left out, their `Input` and
    /// `Output` compared as JSON; the manifest without the files' sizes. A difference names
    /// the file. Where neither holds any, the files are not compared, and the replay says so
    /// (`super::map_replay`).
    fn compare_result_files(
        &self,
        (node, map): (&Node, &MapOp),
        arn: &StatesArn,
        written: &crate::core::object_store::ObjectStore,
        (bucket, folder): (&str, &str),
    ) {
        let Some(prior) = self.prior.as_deref() else {
            return;
        };
        let read_folder = |store: &crate::core::object_store::ObjectStore| {
            let prefix = format!("{folder}/");
            let mut files = std::collections::BTreeMap::new();
            for key in store.keys(bucket, &prefix) {
                if let Some(text) = store.get(bucket, &key) {
                    let name = key.strip_prefix(&prefix).unwrap_or(&key).to_owned();
                    files.insert(name, String::from_utf8_lossy(&text).into_owned());
                }
            }
            files
        };
        let recorded = match prior.recorded_result_files(arn) {
            Some(files) => files.clone(),
            None => self.object_store.map(read_folder).unwrap_or_default(),
        };
        if recorded.is_empty() {
            let why = match self.object_store {
                Some(_) => format!(
                    "the record holds none of its files, and the replay's object store none at s3://{bucket}/{folder}"
                ),
                None => "the record holds none of its files, and the replay has no object store"
                    .to_owned(),
            };
            self.files_not_compared(node, map, arn, why);
            return;
        }
        let now = read_folder(written);
        for difference in super::result_compare::differences(&recorded, &now) {
            prior.note(super::prior::Difference {
                state: Some(node.name.to_string()),
                file: Some(format!("s3://{bucket}/{folder}/{}", difference.file)),
                ..difference.into_difference()
            });
        }
    }

    /// A replay's Map Run `arn` of `node` whose definition writes no files: each result and
    /// manifest of the files the record holds is named as not written now (where they are, as
    /// the recorded manifest says).
    fn compare_unwritten_files(&self, node: &Node, arn: &StatesArn) {
        let Some(prior) = self.replaying() else {
            return;
        };
        let Some(recorded) = prior.recorded_result_files(arn) else {
            return;
        };
        let folder = super::map_replay::recorded_folder(recorded);
        let none = std::collections::BTreeMap::new();
        for difference in super::result_compare::differences(recorded, &none) {
            let file = match &folder {
                Some(folder) => format!("{folder}/{}", difference.file),
                None => difference.file.clone(),
            };
            prior.note(super::prior::Difference {
                state: Some(node.name.to_string()),
                file: Some(file),
                ..difference.into_difference()
            });
        }
    }

    /// The results of `children` in item order as `transformation` shapes them, each with
    /// whether its child failed: with `NONE` each child's execution record (a result file's
    /// entry), with `COMPACT` its output, with `FLATTEN` its output with an array's items taken
    /// out of it. A failed child is its record whatever the transformation ("If a child
    /// workflow execution fails, Step Functions returns its execution result unchanged", AWS
    /// documentation, "ResultWriter (Map)").
    fn formatted(
        &self,
        children: &[ChildRun],
        transformation: Transformation,
    ) -> Vec<(bool, Value)> {
        let mut results = Vec::with_capacity(children.len());
        for child in children {
            match (&child.outcome, transformation) {
                (Err(_), _) => results.push((true, self.child_description(child))),
                (Ok(_), Transformation::None) => {
                    results.push((false, self.child_description(child)));
                }
                (Ok(Value::Array(items)), Transformation::Flatten) => {
                    results.extend(items.iter().map(|item| (false, item.clone())));
                }
                (Ok(output), _) => results.push((false, output.clone())),
            }
        }
        results
    }

    /// A child execution as the service writes it in a result file (the ResultWriter page's
    /// examples: `ExecutionArn`, `Input`, `InputDetails`, `Name`, `Output`, `OutputDetails`,
    /// `RedriveCount`, `RedriveStatus`, `RedriveStatusReason`, `StartDate`, `StateMachineArn`,
    /// `Status`, `StopDate`; `Error` and `Cause` for a child that did not succeed, which a
    /// redrive of its Map Run reruns: `REDRIVABLE_BY_MAP_RUN`).
    fn child_description(&self, child: &ChildRun) -> Value {
        let mut entry = json!({
            "ExecutionArn": child.id.arn,
            "Input": child.input.as_str(),
            "InputDetails": {"Included": true},
            "Name": child.id.name,
            "RedriveCount": child.history.read(crate::execution::redrives),
            "StartDate": format_rfc3339_millis(child.start_millis),
            "StateMachineArn": child.id.state_machine_arn().to_string(),
            "Status": child.status.as_str(),
            "StopDate": format_rfc3339_millis(child.stop_millis),
        });
        if let Some(map) = entry.as_object_mut() {
            let output = child.outcome.as_ref().ok().map(Value::to_string);
            let failure = match &child.outcome {
                Err(f) if child.status != ExecutionStatus::Aborted => {
                    (f.error_name(), Some(f.cause.as_str()))
                }
                _ => (None, None),
            };
            add_outcome(map, output.as_deref(), failure);
        }
        entry
    }
}

/// Whether a `ResultWriter` writes JSON Lines, and how its `WriterConfig` shapes the results:
/// its `Transformation`, or, unset, the default of where the results go: `NONE` when they are
/// exported to S3, `COMPACT` when they are the state's output ("ResultWriter (Map)").
fn writer_format(writer: &WriterOp) -> Result<(bool, Transformation), Failure> {
    let lines = writer
        .config
        .as_ref()
        .is_some_and(|c| c.output_type == OutputType::Jsonl);
    let transformation = match &writer.config {
        Some(config) => {
            if lines && !writer.to_s3 {
                return Err(Failure::new(
                    ErrorName::ResultWriterFailed,
                    "the local engine does not hand on JSON Lines as a state's output (a WriterConfig with OutputType JSONL and no Resource): AWS documents JSON Lines for the files it exports to S3 only; use JSON, or export the results",
                ));
            }
            config.transformation.unwrap_or(if writer.to_s3 {
                Transformation::None
            } else {
                Transformation::Compact
            })
        }
        None => Transformation::None,
    };
    Ok((lines, transformation))
}

/// A `ResultWriter` without an object store to write to; `advice` is what the run tells its
/// user to do when nothing answers (the engine's API, or a command's flags).
fn no_store(advice: &str) -> Failure {
    Failure::new(
        ErrorName::ResultWriterFailed,
        format!("the Map has a ResultWriter, but nothing stands for S3 in this run; {advice}"),
    )
}

/// A result file the store could not take: the Map Run fails `States.ResultWriterFailed`, as
/// AWS fails it when it cannot write to the bucket.
fn writer_failed(error: super::object_store::ObjectStoreError) -> Failure {
    Failure::new(ErrorName::ResultWriterFailed, error.to_string())
}

impl ChildExecution {
    /// The execution as the service writes it in a result file (see
    /// `Run::child_description`, which writes the same for a child that just ended).
    pub fn record(&self) -> Value {
        let mut entry = json!({
            "ExecutionArn": self.arn,
            "Input": self.input.as_str(),
            "InputDetails": {"Included": true},
            "Name": self.name,
            "RedriveCount": crate::execution::redrives(&self.history),
            "StartDate": format_rfc3339_millis(self.start_millis),
            "StateMachineArn": self.state_machine_arn,
            "Status": self.status.as_str(),
            "StopDate": format_rfc3339_millis(self.stop_millis),
        });
        if let Some(map) = entry.as_object_mut() {
            add_outcome(
                map,
                self.output.as_ref().map(JsonText::as_str),
                (self.error.as_ref(), self.cause.as_deref()),
            );
        }
        entry
    }
}

/// A result-file record's outcome: the output of a child that succeeded, else its error and
/// cause (an aborted child has none), and whether a redrive of its Map Run runs it again.
fn add_outcome(
    map: &mut serde_json::Map<String, Value>,
    output: Option<&str>,
    (error, cause): (Option<&ErrorName>, Option<&str>),
) {
    match output {
        Some(output) => {
            map.insert("Output".into(), output.into());
            map.insert("OutputDetails".into(), json!({"Included": true}));
            map.insert("RedriveStatus".into(), "NOT_REDRIVABLE".into());
            map.insert(
                "RedriveStatusReason".into(),
                "Execution is SUCCEEDED and cannot be redriven".into(),
            );
        }
        None => {
            if let Some(error) = error {
                map.insert("Error".into(), error.as_str().into());
            }
            if let Some(cause) = cause {
                map.insert("Cause".into(), cause.into());
            }
            map.insert("RedriveStatus".into(), "REDRIVABLE_BY_MAP_RUN".into());
        }
    }
}

impl Run<'_> {
    /// A child that ended, as the Map Run reports it.
    fn child_execution(&self, child: ChildRun) -> ChildExecution {
        let (output, error, cause) = match child.outcome {
            Ok(output) => (Some(JsonText::from(&output)), None, None),
            // An aborted child has no failure of its own.
            Err(_) if child.status == ExecutionStatus::Aborted => (None, None, None),
            Err(f) => (None, f.error_name().cloned(), Some(f.cause)),
        };
        ChildExecution {
            state_machine_arn: child.id.state_machine_arn(),
            arn: child.id.arn,
            name: child.id.name,
            state_machine: child.id.machine.to_string(),
            status: child.status,
            input: child.input,
            output,
            error,
            cause,
            start_millis: child.start_millis,
            stop_millis: child.stop_millis,
            // Taken: the hub let go of it when the Map Run ended.
            history: child.history.into_events(),
            map_runs: child.map_runs,
            failed_state: child.failed_state,
        }
    }
}

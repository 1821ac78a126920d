//! The one reader of an execution's record: [`RecordSource`], which every place a record lives
//! implements (a record's directory, `RecordDir`; the client against AWS or `workflow serve`;
//! serve's own store; a local run), and the one walk over it, [`RecordedHistory::read_from`],
//! which decides what a record holds, as temporal's sdk-core reads every history through one
//! client trait:
//!
//! - the execution's history, and the definition it ran (`DescribeStateMachineForExecution`);
//! - each child execution its `states:startExecution` Tasks started (the `ExecutionArn` their
//!   events name: [`started_executions`]), with its history and its definition, and what they
//!   started in turn;
//! - each Map Run its events start (`MapRunStarted`, its children's too, at any depth): its
//!   items (`DescribeMapRun`'s `itemCounts.total`), its children as listed (`ListExecutions`
//!   with `mapRunArn`), each STANDARD child's history, each EXPRESS child's description
//!   (`GetExecutionHistory` refuses an EXPRESS execution: "Executions of an EXPRESS state
//!   machine aren't supported by DescribeExecution unless a Map Run dispatched them", the API
//!   reference, so `DescribeExecution` is what AWS keeps of it), and the files its
//!   `ResultWriter` wrote where the source holds them.
//!
//! A piece the source does not hold (a history AWS no longer keeps, a file not in a
//! directory) is not an error of the read: the record is read without it, and
//! [`RecordedHistory::missing`] names it with how to get it, so that each tool decides what
//! it cannot do without. A source that cannot answer (a file that does not parse, a call that
//! fails) is a [`RecordError`].

use super::history::{EventKind, HistoryEvent, started_executions};
use super::recorded::{HistoryReadError, RecordedHistory, RecordedMapRun};
use super::status::ExecutionStatus;
use futures::StreamExt;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::future::Future;
use workflow_asl::timestamp::{format_rfc3339_millis, parse_rfc3339};
use workflow_aws_models::{ResourceType, StatesArn};

/// How many child executions of a Map Run are read at once.
const CONCURRENT_CHILDREN: usize = 8;

/// A place an execution's record is read from: every method answers `Ok(None)` for a piece it
/// does not hold, and an error only when it cannot answer.
///
/// ```
/// use workflow_runtime::execution::{
///     DescribedExecution, HistoryEvent, MapRunListing, RecordError, RecordSource,
///     RecordedHistory,
/// };
/// use workflow_runtime::aws_models::StatesArn;
///
/// /// A source holding one history and nothing else.
/// struct OneHistory(Vec<HistoryEvent>);
///
/// impl RecordSource for OneHistory {
///     async fn history(&self, _: &StatesArn) -> Result<Option<Vec<HistoryEvent>>, RecordError> {
///         Ok(Some(self.0.clone()))
///     }
///     async fn definition(&self, _: &StatesArn) -> Result<Option<String>, RecordError> {
///         Ok(None)
///     }
///     async fn description(&self, _: &StatesArn) -> Result<Option<DescribedExecution>, RecordError> {
///         Ok(None)
///     }
///     async fn map_run(&self, _: &StatesArn) -> Result<Option<MapRunListing>, RecordError> {
///         Ok(None)
///     }
/// }
///
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// let events = RecordedHistory::from_json_text(r#"[{"id": 1, "previousEventId": 0,
///     "timestamp": 1767225600.0, "type": "ExecutionStarted",
///     "executionStartedEventDetails": {"input": "{}"}}]"#)?.events().to_vec();
/// let arn: StatesArn = "arn:aws:states:us-east-1:123456789012:execution:M:e".parse()?;
/// let record = RecordedHistory::read_from(&OneHistory(events), &arn).await?;
/// assert_eq!(record.execution_arn(), Some(&arn));
/// assert!(record.missing().is_empty());
/// # Ok(()) }
/// ```
pub trait RecordSource: Sync {
    /// The history of the execution `execution`, every page, oldest first.
    fn history(
        &self,
        execution: &StatesArn,
    ) -> impl Future<Output = Result<Option<Vec<HistoryEvent>>, RecordError>> + Send;

    /// The definition the execution `execution` ran (`DescribeStateMachineForExecution`).
    fn definition(
        &self,
        execution: &StatesArn,
    ) -> impl Future<Output = Result<Option<String>, RecordError>> + Send;

    /// What is kept of the execution `execution`, which keeps no history (an EXPRESS child of
    /// a Map Run): `DescribeExecution`'s answer.
    fn description(
        &self,
        execution: &StatesArn,
    ) -> impl Future<Output = Result<Option<DescribedExecution>, RecordError>> + Send;

    /// The Map Run `map_run`: its items, its children, its result files.
    fn map_run(
        &self,
        map_run: &StatesArn,
    ) -> impl Future<Output = Result<Option<MapRunListing>, RecordError>> + Send;
}

/// What a source says of a Map Run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapRunListing {
    /// How many items (or batches) it had (`DescribeMapRun`'s `itemCounts.total`), when known.
    pub items: Option<u64>,
    /// Its child executions, every one (`ListExecutions` with `mapRunArn`, every page).
    pub children: Vec<StatesArn>,
    /// The files its `ResultWriter` wrote, by name in the Map Run's folder, where the source
    /// holds them.
    pub result_files: BTreeMap<String, String>,
}

/// What is kept of an execution that keeps no history (an EXPRESS child of a Map Run), as
/// `DescribeExecution` answers and a `ResultWriter`'s file writes it (`ExecutionArn`, `Status`,
/// `Input`, `Output` or `Error` and `Cause`, `StartDate`, `StopDate`).
#[derive(Clone, Debug, PartialEq)]
pub struct DescribedExecution {
    /// The execution.
    pub arn: StatesArn,
    /// How it stands.
    pub status: ExecutionStatus,
    /// Its input, as JSON text.
    pub input: Option<String>,
    /// Its output, as JSON text, when it succeeded.
    pub output: Option<String>,
    /// Its error, when it failed.
    pub error: Option<String>,
    /// Its cause, when it failed.
    pub cause: Option<String>,
    /// When it started, in milliseconds since the epoch.
    pub start_millis: Option<i64>,
    /// When it stopped, in milliseconds since the epoch.
    pub stop_millis: Option<i64>,
}

impl DescribedExecution {
    /// The execution as a `ResultWriter`'s file writes it (dates in RFC 3339 to the
    /// millisecond), which a record holds of it.
    pub fn to_entry(&self) -> Value {
        let mut entry = Map::new();
        entry.insert("ExecutionArn".into(), self.arn.to_string().into());
        entry.insert("Status".into(), self.status.as_str().into());
        let texts = [
            ("Input", &self.input),
            ("Output", &self.output),
            ("Error", &self.error),
            ("Cause", &self.cause),
        ];
        for (name, value) in texts {
            if let Some(value) = value {
                entry.insert(name.into(), value.clone().into());
            }
        }
        for (name, millis) in [
            ("StartDate", self.start_millis),
            ("StopDate", self.stop_millis),
        ] {
            if let Some(millis) = millis {
                entry.insert(name.into(), format_rfc3339_millis(millis).into());
            }
        }
        Value::Object(entry)
    }

    /// An execution as a `ResultWriter`'s file (or a record's `map-run.json`) writes it; what
    /// is wrong with it, named by its field.
    pub fn from_entry(entry: &Value) -> Result<DescribedExecution, String> {
        let text = |name: &str| -> Result<Option<String>, String> {
            match entry.get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(other) => Err(format!("`{name}` is {other}, not text")),
            }
        };
        let arn = text("ExecutionArn")?
            .ok_or("an execution's record names its `ExecutionArn`")?
            .parse::<StatesArn>()
            .map_err(|e| format!("`ExecutionArn`: {e}"))?;
        let date = |name: &str| -> Result<Option<i64>, String> {
            text(name)?
                .map(|t| {
                    parse_rfc3339(&t)
                        .and_then(|t| i64::try_from(t.unix_nanos / 1_000_000).ok())
                        .ok_or_else(|| format!("`{name}` is `{t}`, not an RFC 3339 time"))
                })
                .transpose()
        };
        Ok(DescribedExecution {
            status: text("Status")?
                .map_or(ExecutionStatus::Succeeded, |s| ExecutionStatus::parse(&s)),
            input: text("Input")?,
            output: text("Output")?,
            error: text("Error")?,
            cause: text("Cause")?,
            start_millis: date("StartDate")?,
            stop_millis: date("StopDate")?,
            arn,
        })
    }
}

/// Why a source could not answer.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    /// A file of a record that cannot be read: where, and what is wrong.
    #[error(transparent)]
    File(#[from] HistoryReadError),
    /// A call that failed: the operation, the resource, and why.
    #[error("{operation} of `{resource}`: {message}")]
    Call {
        /// The API operation (`GetExecutionHistory`, `DescribeMapRun`, …).
        operation: String,
        /// What it was asked about.
        resource: String,
        /// Why it failed.
        message: String,
    },
    /// A source that could not finish in one step what it reads at once (see
    /// [`RecordedHistory::read`]).
    #[error("{0}")]
    Unfinished(String),
}

impl RecordError {
    /// A source's `answer` to `operation` about `resource`: `Some` of what it answered, `None`
    /// when `failure` reads its error as "not held" (it answers `None`; AWS no longer keeps
    /// it, a file is not there), or the error `failure` describes (the call failed).
    pub fn held<T, E>(
        answer: Result<T, E>,
        operation: &str,
        resource: &StatesArn,
        failure: impl FnOnce(E) -> Option<String>,
    ) -> Result<Option<T>, RecordError> {
        match answer {
            Ok(value) => Ok(Some(value)),
            Err(e) => match failure(e) {
                None => Ok(None),
                Some(message) => Err(RecordError::Call {
                    operation: operation.to_owned(),
                    resource: resource.to_string(),
                    message,
                }),
            },
        }
    }
}

impl RecordedHistory {
    /// The record of the execution `execution`, read from `source`: its history and
    /// definition, its started children, its Map Runs with their children, at any depth (see
    /// the module's documentation). A piece the source does not hold is left out and named by
    /// [`missing`](Self::missing); an execution whose own history the source does not hold is
    /// an error.
    pub async fn read_from<S: RecordSource>(
        source: &S,
        execution: &StatesArn,
    ) -> Result<RecordedHistory, RecordError> {
        let events = source
            .history(execution)
            .await?
            .ok_or_else(|| RecordError::Call {
                operation: "GetExecutionHistory".into(),
                resource: execution.to_string(),
                message: "the source holds no history of this execution".into(),
            })?;
        let definition = source.definition(execution).await?;
        walk(source, Some(execution.clone()), events, definition).await
    }
}

/// The record whose own history is `events` (of the execution `execution`, which ran
/// `definition`, where known): everything else read from `source`.
pub(super) async fn walk<S: RecordSource>(
    source: &S,
    execution: Option<StatesArn>,
    events: Vec<HistoryEvent>,
    definition: Option<String>,
) -> Result<RecordedHistory, RecordError> {
    let mut record = RecordedHistory::new(events.clone());
    if let Some(arn) = execution {
        record = record.with_execution_arn(arn);
    }
    if let Some(definition) = definition {
        record = record.with_definition(definition);
    }
    let mut asked: HashSet<StatesArn> = HashSet::new();
    let mut pending: Vec<Vec<HistoryEvent>> = vec![events];
    while let Some(events) = pending.pop() {
        for arn in started_executions(&events) {
            if !asked.insert(arn.clone()) {
                continue;
            }
            let Some(history) = source.history(&arn).await? else {
                continue;
            };
            pending.push(history.clone());
            record = match source.definition(&arn).await? {
                Some(definition) => record.started_execution(arn, history, definition),
                None => record.child(arn, history),
            };
        }
        for event in &events {
            let EventKind::MapRunStarted { map_run_arn } = &event.kind else {
                continue;
            };
            if !asked.insert(map_run_arn.clone()) {
                continue;
            }
            let Some(listing) = source.map_run(map_run_arn).await? else {
                continue;
            };
            let mut run = RecordedMapRun {
                items: listing.items,
                result_files: listing.result_files,
                ..RecordedMapRun::default()
            };
            // In the order of their ARNs, as a record keeps them (`RecordedMapRun::child`), so
            // that a record read again from where it was written is the same.
            let mut children = listing.children;
            children.sort_by_cached_key(ToString::to_string);
            children.dedup();
            let read: Vec<Result<(StatesArn, Kept), RecordError>> = futures::stream::iter(children)
                .map(|child| async move {
                    let kept = match child.kind() {
                        ResourceType::Express => {
                            Kept::Description(source.description(&child).await?.map(Box::new))
                        }
                        _ => Kept::History(source.history(&child).await?),
                    };
                    Ok((child, kept))
                })
                .buffered(CONCURRENT_CHILDREN)
                .collect()
                .await;
            for child in read {
                let (arn, kept) = child?;
                run = run.child(arn.clone());
                match kept {
                    Kept::Description(Some(description)) => {
                        run = run.child_record(description.to_entry());
                    }
                    Kept::History(Some(history)) => {
                        pending.push(history.clone());
                        record = record.child(arn, history);
                    }
                    Kept::Description(None) | Kept::History(None) => {}
                }
            }
            record = record.map_run(map_run_arn.clone(), run);
        }
    }
    Ok(record)
}

/// What a source held of a child execution.
enum Kept {
    History(Option<Vec<HistoryEvent>>),
    Description(Option<Box<DescribedExecution>>),
}

/// A piece of an execution's record that the record lacks ([`RecordedHistory::missing`]);
/// its `Display` says what it is and how to get it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum MissingPiece {
    /// A Map Run the record's events start (`MapRunStarted`) that it holds nothing of: its
    /// children, their inputs, its items.
    MapRun {
        /// The Map Run.
        map_run: StatesArn,
    },
    /// A STANDARD child execution a held Map Run lists whose history the record lacks.
    ChildHistory {
        /// The Map Run.
        map_run: StatesArn,
        /// The child.
        child: StatesArn,
    },
    /// An EXPRESS child execution a held Map Run lists that the record holds nothing of (its
    /// description, or an entry of a result file).
    ChildDescription {
        /// The Map Run.
        map_run: StatesArn,
        /// The child.
        child: StatesArn,
    },
    /// A child execution a `states:startExecution` Task started whose history the record
    /// lacks.
    StartedHistory {
        /// The child.
        child: StatesArn,
    },
    /// A child execution a `states:startExecution` Task started whose definition the record
    /// lacks (its history is held).
    StartedDefinition {
        /// The child.
        child: StatesArn,
    },
}

impl MissingPiece {
    /// Whether a replay (or a resume) cannot go on without it: a Map Run's children run on
    /// their records (a missing child would pair the others with the wrong items, and a
    /// resume takes what succeeded from them), while a started child the record lacks is only
    /// not replayed (its Task's result is in the parent's history).
    pub fn blocks_replay(&self) -> bool {
        matches!(
            self,
            MissingPiece::MapRun { .. }
                | MissingPiece::ChildHistory { .. }
                | MissingPiece::ChildDescription { .. }
        )
    }
}

impl fmt::Display for MissingPiece {
    /// What is missing, then how to get it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = "`workflow history EXECUTION_ARN --format record -o DIR` writes an execution's whole record (or read it through the client: `--execution-arn`)";
        match self {
            MissingPiece::MapRun { map_run } => write!(
                f,
                "the record holds nothing of Map Run `{map_run}` (its child executions, their inputs and histories, which a replay and a resume run its children on): {whole}"
            ),
            MissingPiece::ChildHistory { map_run, child } => write!(
                f,
                "the record lacks the history of child execution `{child}` of Map Run `{map_run}`: {whole}, or write it with `aws stepfunctions get-execution-history --execution-arn {child} --output json` into the Map Run's `children/` folder"
            ),
            MissingPiece::ChildDescription { map_run, child } => write!(
                f,
                "the record holds nothing of EXPRESS child execution `{child}` of Map Run `{map_run}` (its description or its entry in a result file): {whole}"
            ),
            MissingPiece::StartedHistory { child } => write!(
                f,
                "the record lacks the history of child execution `{child}`, which a `states:startExecution` Task started, so it is not replayed: {whole}"
            ),
            MissingPiece::StartedDefinition { child } => write!(
                f,
                "the record lacks the definition child execution `{child}` ran (`aws stepfunctions describe-state-machine-for-execution`), so it is not replayed: {whole}"
            ),
        }
    }
}

impl RecordedHistory {
    /// What the record lacks, each with how to get it (see [`MissingPiece`]), in the order its
    /// events (the execution's, then its children's) name them.
    ///
    /// ```
    /// use workflow_runtime::execution::{MissingPiece, RecordedHistory, RecordedMapRun};
    /// let record = RecordedHistory::from_json_text(r#"[
    ///     {"id": 1, "previousEventId": 0, "timestamp": 1767225600.0, "type": "ExecutionStarted",
    ///      "executionStartedEventDetails": {"input": "{}"}},
    ///     {"id": 2, "previousEventId": 1, "timestamp": 1767225600.0, "type": "MapRunStarted",
    ///      "mapRunStartedEventDetails": {"mapRunArn": "arn:aws:states:us-east-1:123456789012:mapRun:M/Each:1"}}]"#)?;
    /// let missing = record.missing();
    /// assert!(matches!(&missing[..], [MissingPiece::MapRun { .. }]));
    /// assert!(missing[0].to_string().contains("--format record"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn missing(&self) -> Vec<MissingPiece> {
        let mut missing = Vec::new();
        let mut seen: HashSet<&StatesArn> = HashSet::new();
        let mut pending: Vec<&[HistoryEvent]> = vec![self.events()];
        while let Some(events) = pending.pop() {
            for child in started_executions(events) {
                match self.children().get(&child) {
                    None => missing.push(MissingPiece::StartedHistory { child }),
                    Some(history) => {
                        if !self.started_executions().contains_key(&child) {
                            missing.push(MissingPiece::StartedDefinition {
                                child: child.clone(),
                            });
                        }
                        pending.push(history);
                    }
                }
            }
            for event in events {
                let EventKind::MapRunStarted { map_run_arn } = &event.kind else {
                    continue;
                };
                if !seen.insert(map_run_arn) {
                    continue;
                }
                let Some(run) = self.map_runs().get(map_run_arn) else {
                    missing.push(MissingPiece::MapRun {
                        map_run: map_run_arn.clone(),
                    });
                    continue;
                };
                let entries = run.result_entries();
                for child in &run.children {
                    let map_run = map_run_arn.clone();
                    if child.kind() == ResourceType::Express {
                        let described = entries.iter().any(|e| {
                            e.get("ExecutionArn").and_then(Value::as_str)
                                == Some(child.to_string().as_str())
                        });
                        if !described {
                            missing.push(MissingPiece::ChildDescription {
                                map_run,
                                child: child.clone(),
                            });
                        }
                        continue;
                    }
                    match self.children().get(child) {
                        Some(history) => pending.push(history),
                        None => missing.push(MissingPiece::ChildHistory {
                            map_run,
                            child: child.clone(),
                        }),
                    }
                }
            }
        }
        missing
    }
}

/// A local run as a [`RecordSource`]: its Map Runs (at any depth), their children's histories
/// and (EXPRESS) descriptions, found by ARN.
struct RunSource<'a> {
    children: HashMap<&'a StatesArn, &'a crate::ChildExecution>,
    map_runs: HashMap<&'a StatesArn, &'a crate::MapRun>,
}

impl RecordSource for RunSource<'_> {
    async fn history(
        &self,
        execution: &StatesArn,
    ) -> Result<Option<Vec<HistoryEvent>>, RecordError> {
        Ok(self.children.get(execution).map(|c| c.history.clone()))
    }

    async fn definition(&self, _: &StatesArn) -> Result<Option<String>, RecordError> {
        Ok(None)
    }

    async fn description(
        &self,
        execution: &StatesArn,
    ) -> Result<Option<DescribedExecution>, RecordError> {
        Ok(self.children.get(execution).map(|c| DescribedExecution {
            arn: c.arn.clone(),
            status: c.status.clone(),
            input: Some(c.input.as_str().to_owned()),
            output: c.output.as_ref().map(|o| o.as_str().to_owned()),
            error: c.error.as_ref().map(|e| e.as_str().to_owned()),
            cause: c.cause.clone(),
            start_millis: Some(c.start_millis),
            stop_millis: Some(c.stop_millis),
        }))
    }

    async fn map_run(&self, map_run: &StatesArn) -> Result<Option<MapRunListing>, RecordError> {
        Ok(self.map_runs.get(map_run).map(|run| MapRunListing {
            items: Some(run.items),
            children: run.executions.iter().map(|c| c.arn.clone()).collect(),
            // A local run's `ResultWriter` wrote to the engine's object store, where a replay
            // reads its files.
            result_files: BTreeMap::new(),
        }))
    }
}

/// The record of the local run `run` (see [`RecordedHistory::of_run`]).
pub(super) fn of_run(run: &crate::Execution) -> RecordedHistory {
    let mut source = RunSource {
        children: HashMap::new(),
        map_runs: HashMap::new(),
    };
    let mut stack: Vec<&crate::MapRun> = run.map_runs.iter().collect();
    while let Some(map_run) = stack.pop() {
        source.map_runs.insert(&map_run.arn, map_run);
        for child in &map_run.executions {
            source.children.insert(&child.arn, child);
            stack.extend(child.map_runs.iter());
        }
    }
    // The run's parts are in memory and the source never fails: the walk finishes in its
    // first step.
    match in_one_step(walk(&source, None, run.history.clone(), None)) {
        Some(Ok(record)) => record,
        _ => RecordedHistory::new(run.history.clone()),
    }
}

/// The output of `future`, when it finishes in its first step (`None` when it would wait):
/// the walk over a source whose reads never wait (a directory, a local run) is driven so on
/// the calling thread, with no runtime.
pub(super) fn in_one_step<F: Future>(future: F) -> Option<F::Output> {
    let mut future = std::pin::pin!(future);
    match future
        .as_mut()
        .poll(&mut std::task::Context::from_waker(std::task::Waker::noop()))
    {
        std::task::Poll::Ready(output) => Some(output),
        std::task::Poll::Pending => None,
    }
}

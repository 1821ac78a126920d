//! Many recorded executions replayed on one definition ([`Engine::replay_each`]): a state
//! machine's executions read through the client, or a directory of history files. Each is
//! replayed to its end, none stops the others, and the report ([`Replays`]) gives each one's
//! verdict and the summary: how many replay identically, how many diverge, how many could not
//! be replayed (a file that is not a history, a definition that does not run on it). Cadence's
//! workflow shadower replays sampled production histories in bulk the same way.

use crate::execution::RecordedHistory;
use crate::{CompiledMachine, Engine, Replayed};
use serde_json::{Value, json};
use std::fmt;
use std::path::Path;
use std::sync::Arc;
use workflow_aws_models::{StatesArn, StatesResource};

/// A recorded execution to replay among others: its name (the execution's, or its file's),
/// its ARN when it is known (its region, account, machine and execution names are then the
/// run's, as its context object showed them), and its history, or why it could not be read.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordedExecution {
    /// How the report names it.
    pub name: String,
    /// Its ARN, when it is known.
    pub arn: Option<StatesArn>,
    /// Its history, or why it could not be read.
    pub history: Result<RecordedHistory, String>,
}

impl RecordedExecution {
    /// The execution `name`, recorded as `history`.
    pub fn new(name: impl Into<String>, history: RecordedHistory) -> Self {
        RecordedExecution {
            name: name.into(),
            arn: None,
            history: Ok(history),
        }
    }

    /// The execution `name`, whose history could not be read, and why.
    pub fn unreadable(name: impl Into<String>, why: impl Into<String>) -> Self {
        RecordedExecution {
            name: name.into(),
            arn: None,
            history: Err(why.into()),
        }
    }

    /// The same, with its ARN: its names are then the run's.
    #[must_use]
    pub fn arn(mut self, arn: StatesArn) -> Self {
        self.arn = Some(arn);
        self
    }

    /// Every history file (`*.json`) and record's directory (one holding `history.json`, see
    /// [`RecordedHistory::write_dir`]) of the directory `dir`, in the order of their names,
    /// each named after its file; a file that is not a history is kept as one that could not
    /// be read (with where and why). Errors only when the directory cannot be listed.
    ///
    /// ```no_run
    /// use workflow_runtime::engine::RecordedExecution;
    /// let executions = RecordedExecution::read_dir("histories")?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn read_dir(dir: impl AsRef<Path>) -> std::io::Result<Vec<RecordedExecution>> {
        let mut files: Vec<_> = std::fs::read_dir(dir.as_ref())?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| {
                (path.is_file() && path.extension().is_some_and(|e| e == "json"))
                    || RecordedHistory::is_record_dir(path)
            })
            .collect();
        files.sort();
        Ok(files
            .into_iter()
            .map(|path| {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                match RecordedHistory::read(&path) {
                    Ok(history) => RecordedExecution::new(name, history),
                    Err(e) => RecordedExecution::unreadable(name, e.to_string()),
                }
            })
            .collect())
    }
}

/// How one execution replayed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// Nothing differs.
    Identical,
    /// The run differs from the record (see [`Replayed::divergence`]).
    Diverged,
    /// It could not be replayed: its history could not be read, or the definition does not
    /// run on it.
    CouldNotReplay,
}

impl Verdict {
    /// `"identical"`, `"diverged"` or `"could not replay"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Identical => "identical",
            Verdict::Diverged => "diverged",
            Verdict::CouldNotReplay => "could not replay",
        }
    }
}

/// One execution of [`Replays`]: its name, ARN and replay (or why it could not be replayed).
#[derive(Clone, Debug, PartialEq)]
pub struct ExecutionReplay {
    /// The recorded execution's name.
    pub name: String,
    /// Its ARN, when it is known.
    pub arn: Option<StatesArn>,
    /// Its replay, or why it could not be replayed.
    pub outcome: Result<Replayed, String>,
}

impl ExecutionReplay {
    /// Its verdict.
    pub fn verdict(&self) -> Verdict {
        match &self.outcome {
            Ok(replayed) if replayed.is_identical() => Verdict::Identical,
            Ok(_) => Verdict::Diverged,
            Err(_) => Verdict::CouldNotReplay,
        }
    }

    /// Its verdict on its path alone: a replay whose data only differs counts as identical.
    pub fn path_verdict(&self) -> Verdict {
        match &self.outcome {
            Ok(replayed) if replayed.takes_recorded_path() => Verdict::Identical,
            _ => self.verdict(),
        }
    }

    /// `{"name", "arn", "verdict", "replay" (what `Replayed::to_json` gives, or null),
    /// "error" (why it could not be replayed, or null)}`.
    pub fn to_json(&self) -> Value {
        json!({
            "name": self.name,
            "arn": self.arn.as_ref().map(ToString::to_string),
            "verdict": self.verdict().as_str(),
            "replay": self.outcome.as_ref().ok().map(Replayed::to_json),
            "error": self.outcome.as_ref().err(),
        })
    }
}

impl fmt::Display for ExecutionReplay {
    /// One line: `identical NAME` (and what of its Map Runs it did not check, if anything),
    /// `diverged NAME: at …`, `could not replay NAME: why`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.outcome {
            Ok(replayed) => match replayed.divergence() {
                None if replayed.unchecked.is_empty() => write!(f, "identical {}", self.name),
                None => write!(
                    f,
                    "identical {} ({} part{} of its Map Runs taken from the record unchecked: {})",
                    self.name,
                    replayed.unchecked.len(),
                    plural(replayed.unchecked.len()),
                    replayed.unchecked[0]
                ),
                Some(d) => {
                    let kind = match replayed.path_divergence() {
                        None => "the data differs",
                        Some(_) => "the run takes another path",
                    };
                    write!(f, "diverged {}: at {} ({kind})", self.name, d.place())
                }
            },
            Err(why) => write!(f, "could not replay {}: {why}", self.name),
        }
    }
}

/// Many recorded executions replayed on one definition ([`Engine::replay_each`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Replays {
    /// Each execution's replay, in the order given.
    pub executions: Vec<ExecutionReplay>,
}

impl Replays {
    /// How many have `verdict`.
    pub fn count(&self, verdict: Verdict) -> usize {
        self.executions
            .iter()
            .filter(|e| e.verdict() == verdict)
            .count()
    }

    /// Whether every execution replays identically.
    pub fn all_identical(&self) -> bool {
        self.executions
            .iter()
            .all(|e| e.verdict() == Verdict::Identical)
    }

    /// The summary line: `3 executions: 2 replay identically, 1 diverges, 0 could not be
    /// replayed`.
    pub fn summary(&self) -> String {
        let (identical, diverged, failed) = (
            self.count(Verdict::Identical),
            self.count(Verdict::Diverged),
            self.count(Verdict::CouldNotReplay),
        );
        format!(
            "{} execution{}: {identical} replay{} identically, {diverged} diverge{}, {failed} could not be replayed",
            self.executions.len(),
            plural(self.executions.len()),
            if identical == 1 { "s" } else { "" },
            if diverged == 1 { "s" } else { "" },
        )
    }

    /// Every one of the executions `names` (each name and ARN) could not be replayed, for
    /// `why` (the blocking adapter's answer when it cannot run them).
    pub(crate) fn none_replayed(
        names: Vec<(String, Option<StatesArn>)>,
        why: &crate::EngineError,
    ) -> Replays {
        Replays {
            executions: names
                .into_iter()
                .map(|(name, arn)| ExecutionReplay {
                    name,
                    arn,
                    outcome: Err(why.to_string()),
                })
                .collect(),
        }
    }

    /// Panics, naming every execution that does not replay identically, unless all do: the
    /// assertion of a test that a changed workflow still replays what its executions did.
    ///
    /// ```
    /// use serde_json::json;
    /// use workflow_runtime::asl::StateMachine;
    /// use workflow_runtime::engine::{Engine, RecordedExecution, blocking};
    /// use workflow_runtime::execution::RecordedHistory;
    ///
    /// let machine = StateMachine::from_json(r#"{"StartAt": "P", "States": {
    ///     "P": {"Type": "Pass", "Parameters": {"id.$": "States.UUID()"}, "End": true}}}"#)?;
    /// let engine = Engine::new();
    /// let recorded: Vec<RecordedExecution> = (0..3)
    ///     .map(|n| {
    ///         let run = blocking::run(Engine::new().seed(n).machine(&machine).input(json!({"n": n})))?;
    ///         Ok(RecordedExecution::new(format!("run-{n}"), RecordedHistory::new(run.history)))
    ///     })
    ///     .collect::<Result<_, workflow_runtime::engine::EngineError>>()?;
    /// let replays = blocking::Runtime::new()?.replay_each(&engine, &engine.compile(&machine)?, recorded);
    /// replays.assert_all_identical();
    /// assert_eq!(replays.executions.len(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[track_caller]
    pub fn assert_all_identical(&self) {
        if self.all_identical() {
            return;
        }
        let lines: Vec<String> = self
            .executions
            .iter()
            .filter(|e| e.verdict() != Verdict::Identical)
            .map(ToString::to_string)
            .collect();
        panic!("{}\n{}", self.summary(), lines.join("\n"));
    }

    /// The whole report: `{"summary": {"executions", "identical", "diverged",
    /// "couldNotReplay"}, "executions": [...]}` (each as [`ExecutionReplay::to_json`]).
    pub fn to_json(&self) -> Value {
        json!({
            "summary": {
                "executions": self.executions.len(),
                "identical": self.count(Verdict::Identical),
                "diverged": self.count(Verdict::Diverged),
                "couldNotReplay": self.count(Verdict::CouldNotReplay),
            },
            "executions": self.executions.iter().map(ExecutionReplay::to_json).collect::<Vec<_>>(),
        })
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

impl Engine {
    /// Replays each recorded execution on `machine` ([`StartExecution::replay`]: the recorded
    /// results answer its Tasks, the values it draws are the record's), every one to its end
    /// whatever the others do. An execution whose ARN is known runs under its names (region,
    /// account, state machine, execution), as its context object showed them.
    ///
    /// [`StartExecution::replay`]: crate::StartExecution::replay
    pub async fn replay_each(
        &self,
        machine: &Arc<CompiledMachine>,
        executions: impl IntoIterator<Item = RecordedExecution>,
    ) -> Replays {
        let mut replays = Vec::new();
        for execution in executions {
            let outcome = match execution.history {
                Err(why) => Err(why),
                Ok(history) => self
                    .replay_one(machine, execution.arn.as_ref(), history, None)
                    .await
                    .map_err(|e| e.to_string()),
            };
            replays.push(ExecutionReplay {
                name: execution.name,
                arn: execution.arn,
                outcome,
            });
        }
        Replays {
            executions: replays,
        }
    }

    /// One execution's replay, under its names when its ARN is known, on `input` when given
    /// (else on its recorded input).
    pub(crate) async fn replay_one(
        &self,
        machine: &Arc<CompiledMachine>,
        arn: Option<&StatesArn>,
        history: RecordedHistory,
        input: Option<Value>,
    ) -> Result<Replayed, crate::EngineError> {
        let Some(arn) = arn else {
            return self
                .compiled(machine)
                .replay(history)
                .on_input(input)
                .run()
                .await;
        };
        let mut engine = self
            .clone()
            .region(arn.region.clone())
            .account(arn.account.clone());
        let mut name = None;
        if let StatesResource::Execution { machine, name: n } = &arn.resource {
            engine = engine.state_machine_name(machine.to_string());
            name = Some(n.clone());
        }
        let mut request = engine.compiled(machine);
        if let Some(name) = name {
            request = request.name(name);
        }
        request.replay(history).on_input(input).run().await
    }
}

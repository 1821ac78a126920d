//! A launch configuration (`launch`'s arguments) read into what the session runs: the
//! definition (an ASL JSON or YAML file, or a workflow of the crate the tool was built in,
//! through `main_with`), where its states are written, the engine that answers its Tasks (the
//! crate workflow's handlers, a mock configuration, `awsEndpoint`, `lambdaEndpoint`, `s3`),
//! its input, and, for a recorded history (`history`, or `executionArn`), the record it
//! replays, against the definition as it is now.
//!
//! Relative paths are read from `cwd` (default: the adapter's working directory), and a
//! `workflow!` block's file from `sourceRoot` (default: `cwd`), the directory Cargo compiled
//! it in (the workspace's root).

use super::sources::{Sources, absolute};
use crate::cli::input::{
    INPUT_LIMIT, crate_workflow_answerers, input_misfit, named_crate_workflow, read,
};
use crate::cli::local_tasks::LocalTasks;
use serde::Deserialize;
use serde_json::Value;
use std::path::{Path, PathBuf};
use workflow_runtime::aws_models::{StatesArn, StatesResource};
use workflow_runtime::engine::Engine;
use workflow_runtime::execution::RecordedHistory;

/// The launch configuration's attributes (besides `type`, `request` and `name`, the
/// editor's).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LaunchConfig {
    /// The definition: an ASL file (`.json`, `.yaml`, `.yml`), or a crate workflow's name.
    #[serde(alias = "program")]
    pub definition: Option<String>,
    /// The execution input (any JSON).
    pub input: Option<Value>,
    /// A file holding the execution input.
    pub input_file: Option<String>,
    /// A Step Functions Local mock configuration answering the Tasks.
    pub mock_config: Option<String>,
    /// Its test case.
    pub test_case: Option<String>,
    /// Its state machine's name.
    pub state_machine: Option<String>,
    /// A directory standing for S3.
    pub s3: Option<String>,
    /// AWS endpoints for the Tasks nothing else answers (`URL` or `SERVICE=URL` each).
    #[serde(default)]
    pub aws_endpoint: Vec<String>,
    /// A Lambda endpoint for the Lambda Tasks.
    pub lambda_endpoint: Option<String>,
    /// The region in the ARNs.
    pub region: Option<String>,
    /// The account in the ARNs.
    pub account: Option<String>,
    /// The execution's name.
    pub execution_name: Option<String>,
    /// The state machine's name.
    pub machine_name: Option<String>,
    /// The seed of what the run draws.
    pub seed: Option<u64>,
    /// A recorded history to replay: a history file (`get-execution-history`'s JSON), or a
    /// record's directory (`workflow history ARN --format record -o DIR`: its Distributed
    /// Maps' children and started children with it).
    pub history: Option<String>,
    /// The recorded execution's ARN: its history is read through the client when no
    /// `history` is given; it names the execution either way.
    pub execution_arn: Option<String>,
    /// Stop at the first state.
    #[serde(default)]
    pub stop_on_entry: bool,
    /// Keep every checkpoint for stepping back (on by default for a recorded history).
    pub step_back: Option<bool>,
    /// Run a definition the validator finds errors in (always so for a recorded history,
    /// whose definition may have changed).
    #[serde(default)]
    pub errors_as_warnings: bool,
    /// The directory relative paths are read from.
    pub cwd: Option<String>,
    /// The directory a `workflow!` block's file is named from.
    pub source_root: Option<String>,
}

/// The attributes the adapter reads, and those an editor adds to a configuration (VS Code's
/// own, the extension's `adapterCommand` and `adapterArgs`), which it leaves alone.
const KNOWN: [&str; 35] = [
    "definition",
    "program",
    "input",
    "inputFile",
    "mockConfig",
    "testCase",
    "stateMachine",
    "s3",
    "awsEndpoint",
    "lambdaEndpoint",
    "region",
    "account",
    "executionName",
    "machineName",
    "seed",
    "history",
    "executionArn",
    "stopOnEntry",
    "stepBack",
    "errorsAsWarnings",
    "cwd",
    "sourceRoot",
    "type",
    "request",
    "name",
    "adapterCommand",
    "adapterArgs",
    "noDebug",
    "__restart",
    "__sessionId",
    "__configurationTarget",
    "preLaunchTask",
    "postDebugTask",
    "presentation",
    "internalConsoleOptions",
];

/// What a session runs.
pub(crate) struct Program {
    /// How messages name the definition.
    pub shown: String,
    /// The definition, validated and compiled.
    pub compiled: std::sync::Arc<workflow_runtime::engine::CompiledMachine>,
    /// Where its states are written.
    pub sources: Sources,
    /// The engine, answering its Tasks.
    pub engine: Engine,
    /// The input (a replay's is the record's).
    pub input: Value,
    /// The record a replay follows.
    pub history: Option<RecordedHistory>,
    /// The execution's name.
    pub name: Option<String>,
    /// Stop at the first state.
    pub stop_on_entry: bool,
    /// Keep the checkpoints for stepping back.
    pub step_back: bool,
}

impl LaunchConfig {
    /// The configuration `arguments` (the `launch` request's) hold, and the attributes it
    /// does not know (each left alone, and named in a warning: a misspelt `defintion`); a
    /// clear error for a value of the wrong type.
    pub(super) fn from_arguments(arguments: Value) -> Result<(LaunchConfig, Vec<String>), String> {
        let unknown = match &arguments {
            Value::Object(map) => map
                .keys()
                .filter(|k| !KNOWN.contains(&k.as_str()))
                .cloned()
                .collect(),
            _ => return Err("the launch configuration is not an object".into()),
        };
        let config = serde_json::from_value(arguments)
            .map_err(|e| format!("the launch configuration: {e}"))?;
        Ok((config, unknown))
    }

    /// The directory relative paths are read from.
    fn cwd(&self) -> PathBuf {
        match &self.cwd {
            Some(dir) => PathBuf::from(dir),
            None => std::env::current_dir().unwrap_or_default(),
        }
    }

    /// `path`, read from `cwd` when relative.
    fn path(&self, path: &str) -> PathBuf {
        let path = Path::new(path);
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.cwd().join(path)
        }
    }

    /// What the configuration runs: the definition read and decoded, its sources, its engine,
    /// its input, its record. Every problem is a clear error (a definition that does not
    /// decode, located; a file that cannot be read, named).
    pub(super) async fn program(self) -> Result<Program, String> {
        let definition = self
            .definition
            .clone()
            .ok_or("the launch configuration names no `definition` (an ASL file, or a workflow of the crate)")?;
        let crate_workflow = named_crate_workflow(Path::new(&definition));
        let loaded = match crate_workflow {
            Some(workflow) => crate::source::Definition::of_crate(workflow),
            None => crate::source::load(&self.path(&definition)).map_err(|e| e.to_string())?,
        };
        let machine = loaded.decode()?;
        let sources = match crate_workflow {
            Some(workflow) => {
                let root = match &self.source_root {
                    Some(root) => self.path(root),
                    None => self.cwd(),
                };
                let written = workflow.source.file;
                let path = (!written.is_empty()).then(|| absolute(&root, Path::new(written)));
                let lines = workflow.source.lines;
                Sources::new(
                    &machine,
                    (path, Some(written.to_owned())),
                    false,
                    |pointer| lines.iter().find(|(p, _)| *p == pointer).map(|(_, l)| *l),
                )
            }
            None => {
                let path = loaded
                    .lines_file()
                    .map(|f| absolute(Path::new(""), Path::new(&f)));
                // An ASL file holds nothing but the definition; a template holds more.
                let whole_file = loaded.machine().is_none();
                Sources::new(&machine, (path, None), whole_file, loaded.line_of())
            }
        };
        let shown = definition.clone();
        let mut engine = Engine::new()
            .seed(self.seed.unwrap_or(0))
            .validation_errors_as_warnings(self.errors_as_warnings || self.recorded());
        if let Some(name) = &self.machine_name {
            engine = engine.state_machine_name(name.clone());
        }
        let mut name = self.execution_name.clone();
        if let Some(arn) = &self.execution_arn {
            let arn = StatesArn::parse(arn).map_err(|e| format!("`executionArn`: {e}"))?;
            engine = engine
                .region(arn.region.clone())
                .account(arn.account.clone());
            if let StatesResource::Execution { machine, name: n } = &arn.resource {
                engine = engine.state_machine_name(machine.to_string());
                name = name.or_else(|| Some(n.clone()));
            }
        }
        if let Some(region) = &self.region {
            engine = engine.region(region.clone());
        }
        if let Some(account) = &self.account {
            engine = engine.account(account.clone());
        }
        engine = crate_workflow_answerers(&loaded, engine);
        let tasks = LocalTasks {
            mock_config: self.mock_config.as_deref().map(|p| self.path(p)),
            test_case: self.test_case.clone(),
            state_machine: self.state_machine.clone(),
            s3: self.s3.as_deref().map(|p| self.path(p)),
            lambda_endpoint: self.lambda_endpoint.clone(),
            aws_endpoint: self.aws_endpoint.clone(),
        };
        let mocks = tasks.read_mock_config()?;
        engine = tasks.configure(
            engine,
            &loaded.stem(),
            mocks
                .as_ref()
                .map(|(shown, text)| (shown.as_str(), text.as_str())),
        )?;
        let history = self.record().await?;
        let input = match &history {
            Some(_) => Value::Null,
            None => self.input(&loaded)?,
        };
        // Validated and compiled once, here: a definition the validator refuses is refused
        // at launch, its errors located.
        let compiled = engine.compile(&machine).map_err(|e| match e {
            workflow_runtime::engine::EngineError::InvalidDefinition(diagnostics) => format!(
                "the definition is not valid (set `errorsAsWarnings` to run it as AWS would):\n{}",
                diagnostics
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
            other => other.to_string(),
        })?;
        Ok(Program {
            shown,
            compiled,
            sources,
            engine,
            input,
            step_back: self.step_back.unwrap_or(history.is_some()),
            history,
            name,
            stop_on_entry: self.stop_on_entry,
        })
    }

    /// Whether it replays a recorded history.
    fn recorded(&self) -> bool {
        self.history.is_some() || self.execution_arn.is_some()
    }

    /// The execution input: `input`, or `inputFile`'s, `{}` without either; a crate
    /// workflow's must fit its `input { … }` schema.
    fn input(&self, definition: &crate::source::Definition) -> Result<Value, String> {
        let input = match (&self.input, &self.input_file) {
            (Some(_), Some(_)) => return Err("give `input` or `inputFile`, not both".into()),
            (Some(input), None) => input.clone(),
            (None, Some(path)) => {
                let path = self.path(path);
                let text = read(&path, INPUT_LIMIT, "an execution input")?;
                workflow_text::json::parse_data(&text)
                    .map_err(|e| format!("`{}` is not JSON: {e}", path.display()))?
            }
            (None, None) => Value::Object(serde_json::Map::new()),
        };
        if let Some(misfit) = input_misfit(definition, &input) {
            return Err(format!("the input: {misfit}"));
        }
        Ok(input)
    }

    /// The record a replay follows, read by the one reader every command reads a record
    /// with: `history` (a history file, or a record's directory), else that of `executionArn`,
    /// read through the client (from AWS or `workflow serve`).
    async fn record(&self) -> Result<Option<RecordedHistory>, String> {
        if !self.recorded() {
            return Ok(None);
        }
        let path = self.history.as_deref().map(|p| self.path(p));
        let arn = crate::cli::record::execution_arn(self.execution_arn.as_deref(), "executionArn")?;
        crate::cli::record::read(path.as_deref(), arn.as_ref())
            .await
            .map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_attributes_are_named_and_wrong_types_refused() {
        let (config, unknown) = LaunchConfig::from_arguments(serde_json::json!({
            "type": "workflow", "request": "launch", "name": "n", "defintion": "x.json",
            "adapterCommand": "cargo", "stopOnEntry": true
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(unknown, ["defintion"]);
        assert!(config.stop_on_entry);
        let refused = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap_or_else(|e| panic!("{e}"))
            .block_on(config.program())
            .map(|_| ())
            .unwrap_err();
        assert!(refused.contains("names no `definition`"), "{refused}");
        let refused = LaunchConfig::from_arguments(serde_json::json!({"stopOnEntry": "yes"}))
            .map(|_| ())
            .unwrap_err();
        assert!(refused.contains("the launch configuration"), "{refused}");
    }

    #[test]
    fn a_templates_machine_is_debugged_at_the_templates_lines() {
        let template = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cfn/sam_orders.yaml");
        let (config, _) = LaunchConfig::from_arguments(serde_json::json!({
            "type": "workflow", "request": "launch", "name": "n",
            "definition": format!("{template}#Checkout"), "input": {"id": "o-1"}
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        let program = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap_or_else(|e| panic!("{e}"))
            .block_on(config.program())
            .unwrap_or_else(|e| panic!("{e}"));
        // Breakpoints go on the template, at the line each state is written on.
        let text = std::fs::read_to_string(template).unwrap_or_else(|e| panic!("{e}"));
        let charge = text
            .lines()
            .position(|l| l.trim() == "Charge:")
            .and_then(|i| u32::try_from(i + 1).ok());
        assert!(
            program
                .sources
                .path()
                .is_some_and(|p| p.ends_with("sam_orders.yaml"))
        );
        assert_eq!(program.sources.line_of("Charge"), charge);
        assert!(charge.is_some());
    }
}

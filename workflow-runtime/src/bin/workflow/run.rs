//! `workflow run`: run a definition on the local engine.

use crate::input::{read, render};
use crate::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use serde_json::Value;
use std::path::{Path, PathBuf};
use workflow_asl::StateMachine;
use workflow_runtime::engine::{Engine, EngineError, ExecutionStatus, MockConfig};

/// The options of `workflow run`.
#[derive(clap::Args)]
pub struct RunArgs {
    /// The definition file (`-` reads standard input).
    pub file: PathBuf,
    /// The execution input, as JSON.
    #[arg(long, default_value = "{}")]
    pub input: String,
    /// Print one JSON object: {"status", "output", "error", "cause", "states"}.
    #[arg(long)]
    pub json: bool,
    /// A Step Functions Local mock configuration file for the Task states.
    #[arg(long, requires = "test_case")]
    pub mock_config: Option<PathBuf>,
    /// The test case of the mock configuration to use.
    #[arg(long)]
    pub test_case: Option<String>,
    /// The state machine name in the mock configuration (default: its only one, or the
    /// file name).
    #[arg(long)]
    pub state_machine: Option<String>,
    /// With `--json`, add the history events (as `GetExecutionHistory` returns them).
    #[arg(long)]
    pub history: bool,
    /// Seed for `States.UUID`, `States.MathRandom`, task tokens and jitter.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
}

/// Runs `workflow run`.
pub fn run(args: &RunArgs) -> u8 {
    match execute(args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("workflow run: {message}");
            EXIT_USAGE
        }
    }
}

fn execute(args: &RunArgs) -> Result<u8, String> {
    let text = read(&args.file)?;
    let machine = match StateMachine::from_json(&text) {
        Ok(m) => m,
        Err(e) => {
            for d in &e.diagnostics {
                eprintln!("{}", render(&args.file, &text, d));
            }
            return Ok(EXIT_USAGE);
        }
    };
    let input: Value =
        serde_json::from_str(&args.input).map_err(|e| format!("`--input` is not JSON: {e}"))?;
    let mut engine = Engine::new().seed(args.seed);
    if let Some(path) = &args.mock_config {
        let config =
            MockConfig::from_json(&read(path)?).map_err(|e| format!("{}: {e}", path.display()))?;
        let test_case = args
            .test_case
            .as_deref()
            .ok_or("`--mock-config` needs `--test-case NAME`")?;
        let machine_name = args
            .state_machine
            .clone()
            .unwrap_or_else(|| default_machine_name(&config, &args.file));
        engine = engine
            .mocks(&config, &machine_name, test_case)
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let execution = match engine.run_blocking(&machine, input) {
        Ok(e) => e,
        Err(EngineError::InvalidDefinition(diagnostics)) => {
            for d in &diagnostics {
                eprintln!("{}", render(&args.file, &text, d));
            }
            return Ok(EXIT_USAGE);
        }
        Err(e) => return Err(e.to_string()),
    };
    if args.json {
        let mut summary = execution.summary_json();
        if args.history {
            summary["history"] = execution.history_json();
        }
        println!("{summary}");
    } else {
        print!("{}", execution.summary_text());
    }
    Ok(if execution.status == ExecutionStatus::Succeeded {
        EXIT_OK
    } else {
        EXIT_INVALID
    })
}

/// The mock configuration's only state machine, else the definition file's stem.
fn default_machine_name(config: &MockConfig, file: &Path) -> String {
    config
        .state_machine_names()
        .into_iter()
        .next()
        .filter(|_| config.state_machine_names().len() == 1)
        .unwrap_or_else(|| {
            file.file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("StateMachine")
                .split('.')
                .next()
                .unwrap_or("StateMachine")
                .to_owned()
        })
}

//! The commands of the `workflow` tool and their arguments (clap).

pub(crate) mod coverage;
pub(crate) mod explain;
mod fmt;
pub(crate) mod graph;
pub(crate) mod import;
pub(crate) mod input;
mod junit;
pub(crate) mod local_tasks;
mod map_failures;
pub(crate) mod out;
mod progress;
pub(crate) mod record;
mod remote;
pub(crate) mod replay;
pub(crate) mod replay_each;
mod resume;
mod resume_each;
pub(crate) mod run;
mod sarif;
mod serve;
mod test;
mod test_cases;
pub(crate) mod test_state;
pub(crate) mod types;
pub(crate) mod validate;
pub(crate) mod visit_input;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit status of a run that found nothing wrong.
pub(crate) const EXIT_OK: u8 = 0;
/// Exit status when a definition is invalid.
pub(crate) const EXIT_INVALID: u8 = 1;
/// Exit status on a usage or read error.
pub(crate) const EXIT_USAGE: u8 = 2;

/// Why a command stopped: what it prints on standard error, and its exit status. Every
/// command's `run` returns `Result<u8, Failure>` (`Ok`: the exit status of a command that ran,
/// 1 included when what it printed are the problems it found); a failure goes up with `?`
/// to [`main`], the one place that prints it. `workflow mcp`'s tools answer the same message
/// as a tool error.
#[derive(Debug)]
pub(crate) struct Failure {
    /// The exit status.
    pub exit: u8,
    /// The message, one line or more (located diagnostics, a line each).
    pub message: String,
}

impl Failure {
    /// A failure with exit status `exit`.
    pub(crate) fn new(exit: u8, message: impl Into<String>) -> Self {
        Failure {
            exit,
            message: message.into(),
        }
    }

    /// A usage error of `workflow <command>`: `workflow <command>: <message>`, exit status 2.
    pub(crate) fn usage(command: &str, message: impl std::fmt::Display) -> Self {
        Failure::new(EXIT_USAGE, format!("workflow {command}: {message}"))
    }

    /// Prints the message on standard error; returns the exit status. Only [`main`] calls it
    /// (`tests/architecture.rs` holds the rule).
    fn print(&self) -> u8 {
        if !self.message.is_empty() {
            eprintln!("{}", self.message);
        }
        self.exit
    }
}

/// The one Tokio runtime of a `workflow` process, made by [`main`] alone (`tests/architecture.rs`
/// holds the rule): every command is a future on it (the engine's runs, the client's calls,
/// `workflow serve`, `workflow mcp` and `workflow debug` sessions are its tasks). Two workers,
/// as `workflow serve` has always run on, with the main thread's stack (8 MiB): a command runs
/// on the main thread, a tool of `workflow mcp` on a worker.
fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_stack_size(COMMAND_STACK)
        .thread_name("workflow")
        .enable_all()
        .build()
}

/// The stack of the runtime's threads: the main thread's, on which the commands run.
const COMMAND_STACK: usize = 8 * 1024 * 1024;

/// How long the runtime gives what is left on it when the command ends (a server's runs that
/// were stopping) before it goes.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_millis(500);

/// Check, format and run Amazon States Language definitions.
#[derive(Parser)]
#[command(name = "workflow", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate ASL definitions with every rule of the language and of the service.
    Validate {
        /// Print one JSON object with every file's diagnostics instead of text (`--format
        /// json`).
        #[arg(long, conflicts_with = "format")]
        json: bool,
        /// How to print the diagnostics: text, one JSON object, or a SARIF 2.1.0 log for
        /// code-scanning tools.
        #[arg(long, value_enum, default_value_t = validate::Format::Text)]
        format: validate::Format,
        /// Validate as an EXPRESS state machine (request-response integrations only).
        #[arg(long)]
        express: bool,
        /// Write what it prints to this file instead of standard output.
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
        /// Definition files (`-` reads standard input).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Run a definition on the local engine (virtual time, seeded randomness).
    Run(run::RunArgs),
    /// Print a definition re-serialised through the typed model (JSON-equal to the input).
    Fmt {
        /// Print compact JSON instead of indented JSON.
        #[arg(long)]
        compact: bool,
        /// Write what it prints to this file instead of standard output.
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
        /// The definition file (`-` reads standard input).
        file: PathBuf,
    },
    /// Print the graph of a definition: Mermaid `stateDiagram-v2`, Graphviz DOT, SVG or HTML.
    Graph(graph::GraphArgs),
    /// Print the type of the JSON entering every state (the data-flow inference).
    Types {
        /// Print one JSON object: each state's input and output types and the variables it
        /// sees, and the type of what the machine ends with.
        #[arg(long)]
        json: bool,
        /// Write what it prints to this file instead of standard output.
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
        /// The definition file (`-` reads standard input).
        file: PathBuf,
    },
    /// Explain a diagnostic code: what it reports, the rule of AWS it enforces, and where the
    /// rule is written.
    Explain {
        /// Print one JSON object: {"code", "origin", "summary", "rule", "sources"}.
        #[arg(long)]
        json: bool,
        /// The code, e.g. `MISSING_TRANSITION_TARGET`.
        code: String,
    },
    /// Serve the tools to AI agents: a Model Context Protocol server on standard input and
    /// output (validate, explain, types, test_state, run, replay, resume, coverage, graph, import; and the
    /// crate's workflows as resources under `main_with`).
    Mcp,
    /// Create or update a state machine on AWS Step Functions from a definition file.
    Deploy(remote::DeployArgs),
    /// Start an execution on AWS Step Functions (and wait for it with --wait).
    Execute(remote::ExecuteArgs),
    /// Print an execution's history from AWS Step Functions: a table, or its progress picture.
    History(remote::HistoryArgs),
    /// Run a definition (changed or not) on the results an execution recorded, and compare:
    /// `replays identically` (exit 0), or the first divergent state and event (exit 1).
    Replay(replay::ReplayArgs),
    /// Resume a failed, timed out or stopped execution on a fixed definition, as a new
    /// execution: run on the record up to where it failed, then live; locally, or on AWS with
    /// `--deploy` (a one-off state machine that starts where it failed).
    Resume(resume::ResumeArgs),
    /// Run one state once, as AWS's TestState API does, offline: mocks, variables, context,
    /// retry count; statuses SUCCEEDED, FAILED, RETRIABLE, CAUGHT_ERROR; inspection data.
    TestState(test_state::TestStateArgs),
    /// Run every test case of a Step Functions Local mock configuration on the engine, each
    /// checked against its expected outcome (`--cases`), with a JUnit XML report (`--junit`).
    Test(test::TestArgs),
    /// Serve a local Step Functions endpoint (AWS's API, the engine behind it) until Ctrl-C.
    Serve(serve::ServeArgs),
    /// Debug a definition, a crate's workflow or a recorded history on the local engine: a
    /// Debug Adapter Protocol server for editors (VS Code, nvim-dap, Zed, Helix), on standard
    /// input and output.
    Debug(crate::debug::DebugArgs),
    /// Report the workflow coverage the engine recorded into a directory
    /// (`WORKFLOW_COVERAGE=DIR`): LCOV, Cobertura XML, text (what was not reached) or the graph
    /// coloured by it.
    Coverage(coverage::CoverageArgs),
    /// Print the names of the crate's workflows, which every command above takes in place of
    /// a definition file (in a crate's own `workflow`, built with `workflow_cli::main_with`);
    /// or, given CloudFormation or SAM templates or CDK cloud assemblies, the state machines
    /// they hold, each as every command names it (`FILE#MACHINE`).
    List {
        /// Print one JSON object: {"machines": [{"name", "logicalId", "stack", "constructPath",
        /// "type", "file", "line", "intrinsics", "references", "error"}]}.
        #[arg(long, requires = "sources")]
        json: bool,
        /// Templates (JSON or YAML) or cloud assemblies' directories (`cdk.out`).
        sources: Vec<PathBuf>,
    },
    /// Print a definition as a `workflow! { … }` invocation that expands to JSON-equal ASL.
    Import {
        /// The workflow's name (a Rust type name); by default the file's stem in CamelCase.
        #[arg(long)]
        name: Option<String>,
        /// Write what it prints to this file instead of standard output.
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
        /// The definition file (`-` reads standard input).
        file: PathBuf,
    },
}

/// A workflow of the user's crate, named on the command line instead of a definition file.
#[derive(Clone, Copy, Debug)]
pub struct CrateWorkflow {
    pub(crate) name: &'static str,
    pub(crate) asl: &'static str,
    pub(crate) asl_pretty: &'static str,
    pub(crate) source: workflow_runtime::WorkflowSource,
    pub(crate) input_schema: workflow_runtime::InputType,
    pub(crate) generated_items: &'static str,
    pub(crate) machine_type: workflow_runtime::asl::ExecutionType,
    pub(crate) answerers:
        Option<fn(workflow_runtime::engine::Engine) -> workflow_runtime::engine::Engine>,
}

impl CrateWorkflow {
    /// The workflow `W` (declared with `workflow!`), by its name.
    pub fn of<W: workflow_runtime::Workflow>() -> Self {
        CrateWorkflow {
            name: W::NAME,
            asl: W::ASL,
            asl_pretty: W::ASL_PRETTY,
            source: W::SOURCE,
            input_schema: W::INPUT_SCHEMA,
            generated_items: W::GENERATED_ITEMS,
            machine_type: W::MACHINE_TYPE,
            answerers: None,
        }
    }

    /// What answers the workflow's Tasks when a command runs it on the local engine
    /// (`workflow run NAME`, `workflow debug`, and `workflow serve` for the executions of a
    /// state machine whose definition is the workflow's): `answerers` registers handlers on
    /// the engine those commands make (`Engine::state`, `Engine::lambda`, `Engine::task`, …),
    /// before their own flags (a mock configuration, `--aws-endpoint`) add theirs.
    ///
    /// ```no_run
    /// use serde_json::json;
    /// use workflow_runtime::engine::Engine;
    /// use workflow_runtime::workflow;
    ///
    /// workflow! {
    ///     pub Charge {
    ///         "Charge": lambda::invoke { FunctionName: "charge", Payload: { "amount": 5 } };
    ///     }
    /// }
    ///
    /// fn answerers(engine: Engine) -> Engine {
    ///     engine.lambda("charge", |_: serde_json::Value| async { Ok(json!({"charged": true})) })
    /// }
    ///
    /// fn main() -> std::process::ExitCode {
    ///     workflow_cli::main_with(&[workflow_cli::CrateWorkflow::of::<Charge>().answered_by(answerers)])
    /// }
    /// ```
    pub fn answered_by(
        mut self,
        answerers: fn(workflow_runtime::engine::Engine) -> workflow_runtime::engine::Engine,
    ) -> Self {
        self.answerers = Some(answerers);
        self
    }
}

/// The workflows [`main_with`] was given.
static CRATE_WORKFLOWS: std::sync::OnceLock<Vec<CrateWorkflow>> = std::sync::OnceLock::new();

/// The listed workflow `name`.
pub(crate) fn crate_workflow(name: &str) -> Option<&'static CrateWorkflow> {
    crate_workflows().iter().find(|w| w.name == name)
}

/// The workflows [`main_with`] was given (none under [`main`]).
pub(crate) fn crate_workflows() -> &'static [CrateWorkflow] {
    CRATE_WORKFLOWS.get().map(Vec::as_slice).unwrap_or_default()
}

/// The `workflow` tool with the workflows of the calling crate: each command that takes a
/// definition file also takes the name of one of `workflows`; `list` prints their names.
pub fn main_with(workflows: &[CrateWorkflow]) -> ExitCode {
    let _ = CRATE_WORKFLOWS.set(workflows.to_vec());
    main()
}

/// `workflow list`: the crate's workflows, a name a line; the plain tool has none, and says so
/// (a note on standard error, exit status 0).
fn list() -> Result<u8, Failure> {
    match CRATE_WORKFLOWS.get() {
        Some(workflows) => {
            for w in workflows {
                out::line(w.name);
            }
        }
        None => eprintln!(
            "workflow list: this `workflow` was built without a crate's workflows; a crate's own \
             (`src/bin/workflow.rs` calling `workflow_cli::main_with`) lists them"
        ),
    }
    Ok(EXIT_OK)
}

/// `workflow list SOURCE...`: the state machines of templates or cloud assemblies, a line
/// each (`NAME  TYPE  FILE:LINE`, and why its definition cannot be resolved where it cannot),
/// or with `json` one object, each machine with the intrinsic functions its definition needed
/// and the resources its references name. Exit 0 when every definition resolves, 1 when one
/// does not, 2 when a source cannot be read (once every other source is listed).
fn list_sources(sources: &[PathBuf], json: bool) -> Result<u8, Failure> {
    let mut listed = Vec::new();
    let mut unread = Vec::new();
    for source in sources {
        match crate::source::list(source) {
            Ok(machines) => listed.extend(machines),
            Err(e) => unread.push(format!("workflow list: {e}")),
        }
    }
    let mut exit = EXIT_OK;
    let mut machines = Vec::new();
    for (machine, resolved) in &listed {
        if resolved.is_err() {
            exit = EXIT_INVALID;
        }
        let place = match machine.line {
            Some(line) => format!("{}:{line}", machine.file),
            None => machine.file.clone(),
        };
        if !json {
            out::line(format!("{}  {}  {place}", machine.name, machine.type_name));
            if let Err(e) = &resolved {
                for line in e.to_string().lines() {
                    out::line(format!("  {line}"));
                }
            }
            continue;
        }
        let mut entry = serde_json::json!({
            "name": machine.name,
            "logicalId": machine.logical_id,
            "stack": machine.stack,
            "constructPath": machine.construct,
            "type": machine.type_name,
            "file": machine.file,
            "line": machine.line,
        });
        match (&resolved, entry.as_object_mut()) {
            (Ok(definition), Some(map)) => {
                if let Some(m) = definition.machine() {
                    map.insert("intrinsics".into(), serde_json::json!(m.used));
                    let references: Vec<serde_json::Value> = m
                        .references
                        .iter()
                        .map(|r| serde_json::json!({"written": r.written, "logicalId": r.logical_id, "constructPath": r.construct, "value": r.value}))
                        .collect();
                    map.insert("references".into(), references.into());
                }
            }
            (Err(e), Some(map)) => {
                map.insert("error".into(), e.to_string().into());
            }
            _ => {}
        }
        machines.push(entry);
    }
    if json {
        out::line(serde_json::json!({ "machines": machines }));
    }
    if !unread.is_empty() {
        return Err(Failure::new(EXIT_USAGE, unread.join("\n")));
    }
    Ok(exit)
}

/// The `workflow` tool: parses the command line, runs the command, and returns its exit status,
/// printing why on standard error when it failed.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            // Printing help or a usage error to the terminal; nothing to do if that fails.
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(e) => {
            let failure = Failure::new(
                EXIT_USAGE,
                format!("workflow: cannot start the async runtime: {e}"),
            );
            return ExitCode::from(failure.print());
        }
    };
    let done = runtime.block_on(dispatch(cli));
    runtime.shutdown_timeout(SHUTDOWN_GRACE);
    ExitCode::from(match done {
        Ok(code) => code,
        Err(failure) => failure.print(),
    })
}

/// Runs the command `cli` names, its output sent where `-o` says, on the process's runtime.
async fn dispatch(cli: Cli) -> Result<u8, Failure> {
    let output = match &cli.command {
        Command::Validate { output, .. }
        | Command::Fmt { output, .. }
        | Command::Types { output, .. }
        | Command::Import { output, .. } => output.as_deref(),
        Command::Coverage(args) => args.output(),
        _ => None,
    };
    if let Some(path) = output {
        out::into_file(path).map_err(|e| Failure::new(EXIT_USAGE, format!("workflow: {e}")))?;
    }
    match cli.command {
        Command::Validate {
            json,
            format,
            express,
            files,
            ..
        } => {
            let format = if json { validate::Format::Json } else { format };
            validate::run(&files, format, express)
        }
        Command::Fmt { compact, file, .. } => fmt::run(&file, compact),
        Command::Run(args) => run::run(&args).await,
        Command::Graph(args) => graph::run(&args),
        Command::Types { json, file, .. } => types::run(&file, json),
        Command::Explain { json, code } => explain::run(&code, json),
        Command::Mcp => crate::mcp::run().await,
        Command::Deploy(args) => remote::deploy(&args).await,
        Command::Execute(args) => remote::execute(&args).await,
        Command::History(args) => remote::history(&args).await,
        Command::Import { name, file, .. } => import::run(&file, name.as_deref()),
        Command::Serve(args) => serve::run(&args).await,
        Command::Debug(args) => crate::debug::run(&args).await,
        Command::TestState(args) => test_state::run(&args).await,
        Command::Replay(args) => replay::run(&args).await,
        Command::Resume(args) => resume::run(&args).await,
        Command::Test(args) => test::run(&args).await,
        Command::Coverage(args) => coverage::run(&args),
        Command::List { sources, .. } if sources.is_empty() => list(),
        Command::List { sources, json } => list_sources(&sources, json),
    }
}

//! The `workflow` command-line tool.
//!
//! - `workflow validate [--json] [--express] FILE...`: exit 0 when every file is valid ASL,
//!   1 when any is not (a file over the service's 1 MiB limit is not, without being read), 2
//!   on a usage or read error;
//! - `workflow fmt [--compact] FILE`: the definition re-serialised through the typed model;
//! - `workflow run FILE --input JSON [--json]`: run on the local engine; exit 0 when the
//!   execution succeeded, 1 when it did not, 2 when it could not run;
//! - `workflow graph FILE [--format mermaid|dot|svg|html] [--portrait] [--title T] [-o FILE]`:
//!   the graph of a definition;
//! - `workflow import FILE [--name NAME]`: the definition as a `workflow! { … }` invocation;
//!   exit 1 when the file is not a valid definition;
//! - `workflow test-state FILE [--state NAME] [--input JSON] [--mock-result JSON | --mock-error E]
//!   [--inspection-level DEBUG] …`: TestState offline; exit 0 when the state succeeded, 1 for
//!   another status or an invalid definition, 2 for a refused request;
//! - `workflow serve [--port N] [--bind ADDR] [--virtual-time] [--mock-config FILE] [--s3 DIR]`:
//!   a local Step Functions endpoint until Ctrl-C; exit 2 when it cannot listen.
//!
//! `fmt`, `graph`, `types` and `import` exit 1 for a definition that does not decode, a file
//! over 1 MiB included, and 2 for one that cannot be read.

mod fmt;
mod graph;
mod import;
mod input;
mod out;
mod progress;
mod remote;
mod run;
mod serve;
mod test_state;
mod types;
mod validate;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit status of a run that found nothing wrong.
const EXIT_OK: u8 = 0;
/// Exit status when a definition is invalid.
const EXIT_INVALID: u8 = 1;
/// Exit status on a usage or read error.
const EXIT_USAGE: u8 = 2;

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
        /// Print one JSON object with every file's diagnostics instead of text.
        #[arg(long)]
        json: bool,
        /// Validate as an EXPRESS state machine (request-response integrations only).
        #[arg(long)]
        express: bool,
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
        /// The definition file (`-` reads standard input).
        file: PathBuf,
    },
    /// Print the graph of a definition: Mermaid `stateDiagram-v2`, Graphviz DOT, SVG or HTML.
    Graph(graph::GraphArgs),
    /// Print the type of the JSON entering every state (the data-flow inference).
    Types {
        /// The definition file (`-` reads standard input).
        file: PathBuf,
    },
    /// Create or update a state machine on AWS Step Functions from a definition file.
    Deploy(remote::DeployArgs),
    /// Start an execution on AWS Step Functions (and wait for it with --wait).
    Execute(remote::ExecuteArgs),
    /// Print an execution's history from AWS Step Functions: a table, or its progress picture.
    History(remote::HistoryArgs),
    /// Run one state once, as AWS's TestState API does, offline: mocks, variables, context,
    /// retry count; statuses SUCCEEDED, FAILED, RETRIABLE, CAUGHT_ERROR; inspection data.
    TestState(test_state::TestStateArgs),
    /// Serve a local Step Functions endpoint (AWS's API, the engine behind it) until Ctrl-C.
    Serve(serve::ServeArgs),
    /// Print a definition as a `workflow! { … }` invocation that expands to JSON-equal ASL.
    Import {
        /// The workflow's name (a Rust type name); by default the file's stem in CamelCase.
        #[arg(long)]
        name: Option<String>,
        /// The definition file (`-` reads standard input).
        file: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            // Printing help or a usage error to the terminal; nothing to do if that fails.
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let code = match cli.command {
        Command::Validate {
            json,
            express,
            files,
        } => validate::run(&files, json, express),
        Command::Fmt { compact, file } => fmt::run(&file, compact),
        Command::Run(args) => run::run(&args),
        Command::Graph(args) => graph::run(&args),
        Command::Types { file } => types::run(&file),
        Command::Deploy(args) => remote::deploy(&args),
        Command::Execute(args) => remote::execute(&args),
        Command::History(args) => remote::history(&args),
        Command::Import { name, file } => import::run(&file, name.as_deref()),
        Command::Serve(args) => serve::run(&args),
        Command::TestState(args) => test_state::run(&args),
    };
    ExitCode::from(code)
}

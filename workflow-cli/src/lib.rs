//! The `workflow` tool: the command-line tool, a crate of its own (as sqlx-cli and
//! cargo-lambda are), so that the users of `workflow-runtime` compile neither clap, an HTTP
//! server nor SQLite; `workflow serve` is the `workflow-serve` crate's `Server`. Install it with `cargo install
//! workflow-cli`; inside this workspace, `cargo run -p workflow-cli -- …`. As a library: the `workflow` binary is [`main`], and a
//! crate that declares workflows with `workflow!` gets every command on them, by name, with
//! [`main_with`] in a binary of its own (`src/bin/workflow.rs`):
//!
//! ```no_run
//! use workflow_runtime::workflow;
//!
//! workflow! {
//!     pub Hello {
//!         "Greet": pass;
//!     }
//! }
//!
//! fn main() -> std::process::ExitCode {
//!     workflow_cli::main_with(&[workflow_cli::CrateWorkflow::of::<Hello>()])
//! }
//! ```
//!
//! Then `cargo run --bin workflow -- graph Hello`, `… run Hello --input '{}'`, `… validate
//! Hello`, `… deploy Hello --name Hello --role ARN`: where a command takes a definition file,
//! the name of a listed workflow stands for its definition (a file of that name wins). `cargo
//! run --bin workflow -- list` prints the names.
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
//! - `workflow replay FILE --history HISTORY.json [--json]` (or `--execution-arn ARN`): the
//!   definition run on the results an execution recorded (the JSON `aws stepfunctions
//!   get-execution-history --output json` prints), compared with the record; exit 0 and
//!   `replays identically`, 1 naming the first divergent state and event, 2 for a file it
//!   cannot read;
//! - `workflow serve [--port N] [--bind ADDR] [--virtual-time] [--mock-config FILE] [--s3 DIR]`:
//!   a local Step Functions endpoint until Ctrl-C; exit 2 when it cannot listen;
//! - `workflow explain [--json] CODE`: a diagnostic code's rule and where AWS writes it;
//! - `workflow debug [--port N]`: a Debug Adapter Protocol server on standard input and output
//!   (or on 127.0.0.1:N): editors (VS Code, nvim-dap, Zed, Helix) debug a definition, a
//!   crate's workflow or a recorded history on the local engine;
//! - `workflow mcp`: the tools for AI agents, a Model Context Protocol server on standard
//!   input and output (`validate`, `explain`, `types`, `test_state`, `run`, `coverage`,
//!   `graph`, `import`; under `main_with`, the crate's workflows as resources).
//!
//! `fmt`, `graph`, `types` and `import` exit 1 for a definition that does not decode, a file
//! over 1 MiB included, and 2 for one that cannot be read.

#![deny(missing_docs)]
#![warn(unreachable_pub)]

mod cli;
mod debug;
mod mcp;
mod source;

pub use cli::{CrateWorkflow, main, main_with};

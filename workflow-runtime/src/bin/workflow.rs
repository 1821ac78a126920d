//! The `workflow` command-line tool (see `workflow_runtime::cli`).

fn main() -> std::process::ExitCode {
    workflow_runtime::cli::main()
}

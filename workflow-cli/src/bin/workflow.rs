//! The `workflow` command-line tool (see the `workflow_cli` library).

fn main() -> std::process::ExitCode {
    workflow_cli::main()
}

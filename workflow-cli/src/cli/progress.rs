//! `workflow run … --progress FILE.svg|FILE.html`: the graph of a local run, each state
//! coloured by its status, as an SVG picture or an HTML page with the events table.

use std::path::Path;
use workflow_asl::StateMachine;
use workflow_runtime::engine::Execution;

/// Writes the progress picture of `execution` to `path`: HTML for a `.html` or `.htm` name,
/// SVG otherwise.
pub(super) fn write(
    path: &Path,
    machine: &StateMachine,
    title: &str,
    execution: &Execution,
) -> Result<(), String> {
    let text = workflow_runtime::pictures::progress_for_path(path, machine, title, execution);
    std::fs::write(path, text).map_err(|e| format!("cannot write `{}`: {e}", path.display()))
}

//! `workflow import`: a definition written as a `workflow! { … }` invocation.

use crate::cli::input::{located, read_definition};
use crate::cli::{EXIT_INVALID, EXIT_OK, EXIT_USAGE, Failure};
use std::path::Path;
use workflow_macros_core::import::{ImportError, import, workflow_name};

/// Runs `workflow import`.
pub(crate) fn run(file: &Path, name: Option<&str>) -> Result<u8, Failure> {
    let text = read_definition(file, "import")?;
    let name = match name {
        Some(name) => name.to_owned(),
        None => workflow_name(&file.display().to_string()),
    };
    crate::cli::out::text(source(&file.display().to_string(), &text, &name, "--name")?);
    Ok(EXIT_OK)
}

/// The `workflow! { … }` invocation defining `name` whose ASL is JSON-equal to the definition
/// `text`, shown as `shown`; `option` is what gives the name (`--name`), for the message
/// refusing one that cannot name a workflow.
pub(crate) fn source(shown: &str, text: &str, name: &str, option: &str) -> Result<String, Failure> {
    if !workflow_macros_core::import::is_workflow_name(name) {
        return Err(Failure::new(
            EXIT_USAGE,
            format!(
                "workflow import: `{name}` cannot name a workflow; give a Rust type name such as `OrderProcessing` with {option}"
            ),
        ));
    }
    match import(text, name) {
        Ok(source) => Ok(source),
        Err(ImportError::Invalid(diagnostics)) => Err(Failure::new(
            EXIT_INVALID,
            format!(
                "{}\nworkflow import: {shown} is not a valid definition ({} errors); nothing was imported",
                located(shown, text, &diagnostics),
                diagnostics.len()
            ),
        )),
        Err(e @ ImportError::NotFaithful(_)) => Err(Failure::new(
            EXIT_INVALID,
            format!("workflow import: {shown}: {e}"),
        )),
    }
}

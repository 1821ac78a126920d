//! `workflow import`: a definition written as a `workflow! { … }` invocation.

use crate::cli::input::{read_definition, render};
use crate::cli::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use std::path::Path;
use workflow_macros_core::import::{ImportError, import, workflow_name};

/// Runs `workflow import`.
pub fn run(file: &Path, name: Option<&str>) -> u8 {
    let text = match read_definition(file, "import") {
        Ok(text) => text,
        Err(code) => return code,
    };
    let name = match name {
        Some(name) => name.to_owned(),
        None => workflow_name(&file.display().to_string()),
    };
    if !workflow_macros_core::import::is_workflow_name(&name) {
        eprintln!(
            "workflow import: `{name}` cannot name a workflow; give a Rust type name such as `OrderProcessing` with --name"
        );
        return EXIT_USAGE;
    }
    match import(&text, &name) {
        Ok(source) => {
            crate::cli::out::text(source);
            EXIT_OK
        }
        Err(ImportError::Invalid(diagnostics)) => {
            let locator = workflow_asl::json::Locator::new(&text);
            for d in &diagnostics {
                eprintln!("{}", render(file, &locator, d));
            }
            eprintln!(
                "workflow import: {} is not a valid definition ({} errors); nothing was imported",
                file.display(),
                diagnostics.len()
            );
            EXIT_INVALID
        }
        Err(e @ ImportError::NotFaithful(_)) => {
            eprintln!("workflow import: {}: {e}", file.display());
            EXIT_INVALID
        }
    }
}

//! `workflow import`: a definition written as a `workflow! { … }` invocation.

use crate::cli::input::read_definition;
use crate::cli::{EXIT_INVALID, EXIT_OK, EXIT_USAGE, Failure};
use crate::source::{Definition, Machine};
use std::path::Path;
use workflow_macros_core::import::{ImportError, import, workflow_name};

/// Runs `workflow import`.
pub(crate) fn run(file: &Path, name: Option<&str>) -> Result<u8, Failure> {
    let definition = read_definition(file, "import")?;
    let name = match name {
        Some(name) => name.to_owned(),
        None if definition.machine().is_some() => workflow_name(&definition.stem()),
        None => workflow_name(&file.display().to_string()),
    };
    crate::cli::out::text(source(&definition, &name, "--name")?);
    Ok(EXIT_OK)
}

/// The `workflow! { … }` invocation defining `name` whose ASL is JSON-equal to `definition`;
/// `option` is what gives the name (`--name`), for the message refusing one that cannot name
/// a workflow. A template's or an assembly's machine is preceded by a comment naming where it
/// was resolved from and what each reference became (`references`).
pub(crate) fn source(definition: &Definition, name: &str, option: &str) -> Result<String, Failure> {
    let shown = definition.shown.as_str();
    let text = definition.text.as_str();
    if !workflow_macros_core::import::is_workflow_name(name) {
        return Err(Failure::new(
            EXIT_USAGE,
            format!(
                "workflow import: `{name}` cannot name a workflow; give a Rust type name such as `OrderProcessing` with {option}"
            ),
        ));
    }
    match import(text, name) {
        Ok(source) => Ok(match definition.machine() {
            Some(machine) => format!("{}{source}", references(shown, machine)),
            None => source,
        }),
        Err(ImportError::Invalid(diagnostics)) => Err(Failure::new(
            EXIT_INVALID,
            format!(
                "{}\nworkflow import: {shown} is not a valid definition ({} errors); nothing was imported",
                definition.located(&diagnostics),
                diagnostics.len()
            ),
        )),
        Err(e @ ImportError::NotFaithful(_)) => Err(Failure::new(
            EXIT_INVALID,
            format!("workflow import: {shown}: {e}"),
        )),
    }
}

/// The comment before a template's machine imported: where it was resolved from, and each
/// reference the macro's code now holds as the value it resolved to, with the resource it
/// names, so that the workflow can replace the construct one machine at a time.
fn references(shown: &str, machine: &Machine) -> String {
    let mut lines = vec![format!(
        "// Imported from `{shown}` (stack `{}`, logical id `{}`{}).",
        machine.stack,
        machine.logical_id,
        machine
            .construct
            .as_deref()
            .map(|c| format!(", construct `{c}`"))
            .unwrap_or_default()
    )];
    if !machine.references.is_empty() {
        lines.push("// Its references, resolved:".to_owned());
    }
    for r in &machine.references {
        let construct = r
            .construct
            .as_deref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        lines.push(format!("//   {}{construct} = \"{}\"", r.written, r.value));
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

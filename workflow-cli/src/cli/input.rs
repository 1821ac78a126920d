//! Reading definition files, inputs and mock files (or standard input), bounded by the
//! service's limits, and printing diagnostics located in them.

use crate::cli::Failure;
use std::fmt;
use std::io::Read;
use std::path::Path;
use workflow_asl::json::Locator;
use workflow_asl::{Diagnostic, Pointer, StateMachine};
use workflow_runtime::engine::{DefinitionSource, Engine};

/// The service's limit for a state machine definition: 1 MiB.
pub(crate) const DEFINITION_LIMIT: u64 = 1024 * 1024;
/// The service's limit for an execution input: 256 KiB.
pub(crate) const INPUT_LIMIT: u64 = 256 * 1024;
/// A mock configuration file: bounded like a definition (it holds many responses).
pub(crate) const MOCK_LIMIT: u64 = 16 * 1024 * 1024;

/// Why a file could not be taken.
#[derive(Debug)]
pub enum ReadError {
    /// It is larger than the service's limit for what it holds: the content is invalid (a
    /// definition over 1 MiB is one the service refuses), though nothing of it was read.
    TooLarge(String),
    /// It could not be read, or it is not UTF-8 text.
    Unreadable(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::TooLarge(message) | ReadError::Unreadable(message) => f.write_str(message),
        }
    }
}

impl From<ReadError> for String {
    fn from(e: ReadError) -> String {
        e.to_string()
    }
}

/// Reads a file, or standard input for `-`, up to `limit` bytes; a UTF-8 byte-order mark is
/// dropped. `what` names the content in errors ("a definition").
pub(crate) fn read(path: &Path, limit: u64, what: &str) -> Result<String, ReadError> {
    let shown = if path.as_os_str() == "-" {
        "standard input".to_owned()
    } else {
        format!("`{}`", path.display())
    };
    let mut bytes = Vec::new();
    let result = if path.as_os_str() == "-" {
        std::io::stdin().take(limit + 1).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
    };
    result.map_err(|e| ReadError::Unreadable(format!("cannot read {shown}: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(&shown, limit, what));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        ReadError::Unreadable(format!(
            "{shown} is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}

/// Why content over `limit` bytes is refused: `shown` names it, `what` says what it holds.
pub(crate) fn too_large(shown: &str, limit: u64, what: &str) -> ReadError {
    ReadError::TooLarge(format!(
        "{shown} is larger than {}, the service's limit for {what}; nothing was read",
        size(limit)
    ))
}

/// `text` given whole rather than read from a file (an argument of a `workflow mcp` tool),
/// held to the limit [`read`] holds a file to: over `limit` bytes it is refused as a file would
/// be, before anything reads it. `shown` names it in errors (`` `definition` ``).
pub(crate) fn bounded(
    text: String,
    shown: &str,
    limit: u64,
    what: &str,
) -> Result<String, ReadError> {
    if text.len() as u64 > limit {
        return Err(too_large(shown, limit, what));
    }
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}

/// The listed workflow `name`'s definition (see [`crate::cli::main_with`]).
pub(crate) fn crate_workflow_text(name: &str) -> Option<&'static str> {
    super::crate_workflow(name).map(|w| w.asl)
}

/// The definition `file` names: a workflow of the crate the tool was built in (see
/// [`crate::cli::main_with`]) when no file has that name, else the file's text.
pub(crate) fn read_definition_text(file: &Path) -> Result<String, ReadError> {
    if let Some(workflow) = named_crate_workflow(file) {
        return Ok(workflow.asl.to_owned());
    }
    read(file, DEFINITION_LIMIT, "a definition")
}

/// The type of the execution input of the definition `file` names: a crate's workflow's
/// `input { … }` schema, as the macro typed it when it checked the workflow; unknown for a
/// file, whose input nothing declares.
pub(crate) fn execution_input_type(file: &Path) -> workflow_asl::validate::dataflow::DataType {
    named_crate_workflow(file).map_or(workflow_asl::validate::dataflow::DataType::Any, |w| {
        w.input_schema.data_type()
    })
}

/// Where `input` does not fit the input schema of the crate's workflow `file` names (nothing
/// for a file): its errors, as `InputType::check` finds them, a line each; `None` when it fits.
pub(crate) fn input_misfit(file: &Path, input: &serde_json::Value) -> Option<String> {
    let workflow = named_crate_workflow(file)?;
    let errors: Vec<String> = workflow
        .input_schema
        .check(input)
        .iter()
        .filter(|p| p.severity == workflow_asl::Severity::Error)
        .map(|p| format!("  {p}"))
        .collect();
    (!errors.is_empty()).then(|| {
        format!(
            "the input does not fit the `input {{ … }}` schema of `{}` ({}):\n{}",
            workflow.name,
            workflow.input_schema,
            errors.join("\n")
        )
    })
}

/// `engine` with the handlers of the crate's workflow `file` names, when it has them
/// (`CrateWorkflow::answered_by`); `engine` as it is for a file.
pub(crate) fn crate_workflow_answerers(file: &Path, engine: Engine) -> Engine {
    match named_crate_workflow(file).and_then(|w| w.answerers) {
        Some(answerers) => answerers(engine),
        None => engine,
    }
}

/// The crate's workflow `file` names, when no file has that name.
pub(crate) fn named_crate_workflow(file: &Path) -> Option<&'static super::CrateWorkflow> {
    if file.exists() {
        return None;
    }
    file.to_str().and_then(super::crate_workflow)
}

/// Points `engine`'s coverage of `machine` (the definition `file` names, whose text is
/// `text`) at where it is written, when the engine records coverage: the crate's workflow's
/// `workflow!` lines, or the ASL file's own lines (nothing for standard input). It is named
/// `name`, else the workflow's name or the file's stem (`orders` for `orders.asl.json`).
pub(crate) fn describe_coverage(
    engine: &Engine,
    machine: &StateMachine,
    file: &Path,
    text: &str,
    name: Option<&str>,
) {
    if file.as_os_str() == "-" {
        return;
    }
    if let Some(workflow) = named_crate_workflow(file) {
        let name = name.unwrap_or(workflow.name);
        engine.coverage_source(machine, name, DefinitionSource::Workflow(workflow.source));
        return;
    }
    let Some(path) = file.to_str() else { return };
    let stem = file_stem(file);
    let source = DefinitionSource::AslFile { path, text };
    engine.coverage_source(machine, name.unwrap_or(&stem), source);
}

/// A definition file's name up to its first dot: `orders` for `orders.asl.json`.
pub(crate) fn file_stem(file: &Path) -> String {
    file.file_name()
        .and_then(|s| s.to_str())
        .and_then(|s| s.split('.').next())
        .filter(|s| !s.is_empty())
        .unwrap_or("StateMachine")
        .to_owned()
}

/// Reads the definition file of `workflow <command>`; on failure, why (`workflow <command>:
/// …`) with the exit status: 1 for a file over the service's 1 MiB limit (an invalid
/// definition, though nothing of it was read), 2 for one that cannot be read.
pub(crate) fn read_definition(file: &Path, command: &str) -> Result<String, Failure> {
    read_definition_text(file).map_err(|e| {
        let exit = match e {
            ReadError::TooLarge(_) => crate::cli::EXIT_INVALID,
            ReadError::Unreadable(_) => crate::cli::EXIT_USAGE,
        };
        Failure::new(exit, format!("workflow {command}: {e}"))
    })
}

/// `1 MiB`, `256 KiB`.
fn size(bytes: u64) -> String {
    if bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else {
        format!("{} KiB", bytes / 1024)
    }
}

/// `file:line:column` of `pointer` in the text `locator` reads, or `file` alone where the
/// pointer names nothing in it.
pub(crate) fn place(file: impl fmt::Display, locator: &Locator<'_>, pointer: &Pointer) -> String {
    match locator.locate(pointer) {
        Some(p) => format!("{file}:{}:{}", p.line, p.column),
        None => file.to_string(),
    }
}

/// `file:line:column: error[CODE] at /pointer: message`.
pub(crate) fn render(file: impl fmt::Display, locator: &Locator<'_>, d: &Diagnostic) -> String {
    line(&place(file, locator, &d.pointer), d)
}

/// `place: error[CODE] at /pointer: message`, `place` being where the diagnostic is
/// (`file:line:column`, or the file).
pub(crate) fn line(place: &str, d: &Diagnostic) -> String {
    format!(
        "{place}: {}[{}] at {}: {}",
        d.severity.as_str(),
        d.code,
        d.pointer,
        d.message
    )
}

/// Decodes the definition `text` read from `file`; on failure, every diagnostic at its line
/// and column, a line each, with exit status 1.
pub(crate) fn decode(file: &Path, text: &str) -> Result<StateMachine, Failure> {
    decode_named(file.display(), text)
        .map_err(|message| Failure::new(crate::cli::EXIT_INVALID, message))
}

/// Decodes the definition `text` shown as `file`; on failure, every diagnostic at its line
/// and column, a line each.
pub(crate) fn decode_named(file: impl fmt::Display, text: &str) -> Result<StateMachine, String> {
    StateMachine::from_json(text).map_err(|e| located(file, text, &e.diagnostics))
}

/// Each of `diagnostics` at its line and column in `text`, shown as `file`, a line each.
pub(crate) fn located<'d>(
    file: impl fmt::Display,
    text: &str,
    diagnostics: impl IntoIterator<Item = &'d Diagnostic>,
) -> String {
    let locator = Locator::new(text);
    let lines: Vec<String> = diagnostics
        .into_iter()
        .map(|d| render(&file, &locator, d))
        .collect();
    lines.join("\n")
}

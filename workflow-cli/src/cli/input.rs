//! Reading definition files, inputs and mock files (or standard input), bounded by the
//! service's limits, and printing diagnostics located in them.

use crate::cli::Failure;
use crate::source::{Definition, Origin};
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

/// The text of the definition `file` names (see [`crate::source`]): an ASL file, a
/// template's or an assembly's machine, a crate workflow.
pub(crate) fn read_definition_text(file: &Path) -> Result<String, ReadError> {
    crate::source::load(file).map(|d| d.text)
}

/// The type of the execution input of `definition`: a crate's workflow's `input { … }`
/// schema, as the macro typed it when it checked the workflow; unknown for a file, whose
/// input nothing declares.
pub(crate) fn execution_input_type(
    definition: &Definition,
) -> workflow_asl::validate::dataflow::DataType {
    definition
        .crate_workflow()
        .map_or(workflow_asl::validate::dataflow::DataType::Any, |w| {
            w.input_schema.data_type()
        })
}

/// Where `input` does not fit the input schema of `definition`, a crate's workflow (nothing
/// for a file): its errors, as `InputType::check` finds them, a line each; `None` when it fits.
pub(crate) fn input_misfit(definition: &Definition, input: &serde_json::Value) -> Option<String> {
    let workflow = definition.crate_workflow()?;
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

/// `engine` with the handlers of `definition`, a crate's workflow, when it has them
/// (`CrateWorkflow::answered_by`); `engine` as it is for a file.
pub(crate) fn crate_workflow_answerers(definition: &Definition, engine: Engine) -> Engine {
    match definition.crate_workflow().and_then(|w| w.answerers) {
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

/// Points `engine`'s coverage of `machine` (`definition`, decoded) at where it is written,
/// when the engine records coverage: the crate's workflow's `workflow!` lines, the ASL file's
/// own lines, or the template's (nothing for standard input or text). It is named `name`,
/// else the workflow's name, the machine's or the file's stem (`orders` for
/// `orders.asl.json`).
pub(crate) fn describe_coverage(
    engine: &Engine,
    machine: &StateMachine,
    definition: &Definition,
    name: Option<&str>,
) {
    let name = name.map_or_else(|| definition.stem(), str::to_owned);
    if let Some(workflow) = definition.crate_workflow() {
        engine.coverage_source(machine, &name, DefinitionSource::Workflow(workflow.source));
        return;
    }
    let Some(path) = definition.lines_file() else {
        return;
    };
    if let Origin::Asl(_) = definition.origin
        && path == definition.shown
        && definition.text.trim_start().starts_with('{')
    {
        let source = DefinitionSource::AslFile {
            path: &path,
            text: &definition.text,
        };
        engine.coverage_source(machine, &name, source);
        return;
    }
    let line_of = definition.line_of();
    let lines: Vec<(String, u32)> = machine
        .points()
        .into_iter()
        .filter_map(|p| Some((p.pointer.as_str().to_owned(), line_of(p.pointer.as_str())?)))
        .collect();
    engine.coverage_source(
        machine,
        &name,
        DefinitionSource::Lines {
            path: &path,
            lines: &lines,
        },
    );
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

/// The definition `file` names (see [`crate::source`]), for `workflow <command>`; on failure,
/// why (`workflow <command>: …`) with the exit status: 1 for a definition over the service's
/// 1 MiB limit (an invalid definition, though nothing of it was read), 2 for one that cannot
/// be read (or resolved).
pub(crate) fn read_definition(file: &Path, command: &str) -> Result<Definition, Failure> {
    crate::source::load(file).map_err(|e| {
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

/// Decodes `definition`; on failure, every diagnostic at its line and column, a line each,
/// with exit status 1.
pub(crate) fn decode(definition: &Definition) -> Result<StateMachine, Failure> {
    definition
        .decode()
        .map_err(|message| Failure::new(crate::cli::EXIT_INVALID, message))
}

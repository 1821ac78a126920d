//! `workflow validate`: every diagnostic of every file, as text, as one JSON object, or as a
//! SARIF 2.1.0 log (`sarif`) for code-scanning tools; JSON and SARIF are written from the same
//! located diagnostics, which [`check`] finds for the command and for the `validate` tool of
//! `workflow mcp` alike.
//!
//! A file over the service's 1 MiB limit is an invalid definition (exit status 1), reported as
//! a `DEFINITION_TOO_LARGE` diagnostic on the whole document without reading it; a file that
//! cannot be read is a read error (exit status 2). A template or a cloud assembly named alone
//! is every state machine it holds, each a report of its own (`FILE#MACHINE`), its
//! diagnostics at the template's lines; one whose definition cannot be resolved is a read
//! error naming what could not be, at its line.

use crate::cli::input::ReadError;
use crate::cli::{EXIT_INVALID, EXIT_OK, EXIT_USAGE, Failure};
use crate::source::Definition;
use serde_json::{Value, json};
use std::path::PathBuf;
use workflow_asl::{
    Code, Diagnostic, ExecutionType, Pointer, ValidationOptions, check_with, has_errors,
};

/// How `workflow validate` prints its findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// One line per diagnostic and a verdict per file.
    Text,
    /// One JSON object with every file's diagnostics.
    Json,
    /// A SARIF 2.1.0 log: one run, a rule per diagnostic code, a result per diagnostic.
    Sarif,
}

/// The validator's options: a STANDARD state machine, or an EXPRESS one.
pub(crate) fn options(express: bool) -> ValidationOptions {
    ValidationOptions {
        machine_type: if express {
            ExecutionType::Express
        } else {
            ExecutionType::Standard
        },
        ..ValidationOptions::default()
    }
}

/// Runs `workflow validate`: every file's report, then exit 0 when every file is valid, 1 when
/// one is not; a failure (`workflow validate: …`, a line for each) when a file cannot be read,
/// once every other file is reported.
pub(crate) fn run(files: &[PathBuf], format: Format, express: bool) -> Result<u8, Failure> {
    let options = options(express);
    let mut exit = EXIT_OK;
    let mut unread = Vec::new();
    let mut reports = Vec::new();
    for file in files {
        let shown = file.display().to_string();
        let definitions = match crate::source::load_each(file, true) {
            Ok(definitions) => definitions,
            Err(e) => vec![Err(e)],
        };
        for definition in definitions {
            if let Err(ReadError::Unreadable(message)) = &definition {
                unread.push(format!("workflow validate: {message}"));
            }
            let report = check(&shown, definition, &options);
            if !report.valid {
                exit = EXIT_INVALID;
            }
            if format == Format::Text && report.error.is_none() {
                print_text(&report);
            }
            reports.push(report);
        }
    }
    match format {
        Format::Text => {}
        Format::Json => crate::cli::out::line(json_report(&reports)),
        Format::Sarif => crate::cli::out::line(super::sarif::log(
            &reports,
            &std::env::current_dir().unwrap_or_default(),
        )),
    }
    if !unread.is_empty() {
        return Err(Failure::new(EXIT_USAGE, unread.join("\n")));
    }
    Ok(exit)
}

/// The diagnostics of `definition` (or why it could not be had, shown as `file`), each at its
/// line and column.
pub(crate) fn check(
    file: &str,
    definition: Result<Definition, ReadError>,
    options: &ValidationOptions,
) -> FileReport {
    let (definition, diagnostics) = match definition {
        Err(ReadError::Unreadable(message)) => {
            return FileReport {
                file: file.to_owned(),
                valid: false,
                error: Some(message),
                diagnostics: Vec::new(),
                construct: None,
            };
        }
        Err(ReadError::TooLarge(message)) => (
            Definition::text(file, String::new()),
            vec![Diagnostic::error(
                Code::DefinitionTooLarge,
                Pointer::root(),
                message,
            )],
        ),
        Ok(definition) => {
            let diagnostics = check_with(&definition.text, options);
            (definition, diagnostics)
        }
    };
    let valid = !has_errors(&diagnostics);
    FileReport::located(&definition, valid, diagnostics)
}

/// What `workflow validate --json` prints: `{"valid", "files": [{"file", "valid",
/// "diagnostics": [{"file", "severity", "code", "pointer", "message", "line", "column"}]}]}`
/// (a file that could not be read: `{"file", "valid": false, "error"}`).
pub(crate) fn json_report(reports: &[FileReport]) -> Value {
    let files: Vec<Value> = reports.iter().map(FileReport::to_json).collect();
    let valid = reports.iter().all(|r| r.valid);
    json!({ "valid": valid, "files": files })
}

fn print_text(report: &FileReport) {
    for located in &report.diagnostics {
        crate::cli::out::line(located.render(&report.file));
    }
    let errors = report
        .diagnostics
        .iter()
        .filter(|d| d.diagnostic.is_error())
        .count();
    let warnings = report.diagnostics.len() - errors;
    let verdict = if report.valid { "valid" } else { "invalid" };
    crate::cli::out::line(format_args!(
        "{}: {verdict} ({errors} errors, {warnings} other diagnostics)",
        report.file
    ));
}

/// One file's outcome, its diagnostics located: what `--format json` and `--format sarif`
/// print.
pub(crate) struct FileReport {
    /// The file as named on the command line.
    pub file: String,
    /// Whether it has no error.
    pub valid: bool,
    /// Why it could not be read.
    pub error: Option<String>,
    /// Its diagnostics, in the validator's order.
    pub diagnostics: Vec<Located>,
    /// The construct path of a CDK app's machine.
    pub construct: Option<String>,
}

/// A diagnostic with the line and column its pointer is at in the file.
pub(crate) struct Located {
    /// The diagnostic.
    pub diagnostic: Diagnostic,
    /// 1-based line and column (in characters), when the file's text places the pointer.
    pub position: Option<(usize, usize)>,
    /// The file the line is in, when it is not the report's (a template's machine).
    pub file: Option<String>,
    /// The line as the command prints it.
    line: String,
}

impl Located {
    /// `file:line:column: error[CODE] at /pointer: message`, as `Definition::line` writes it.
    fn render(&self, _file: &str) -> String {
        self.line.clone()
    }
}

impl FileReport {
    fn located(definition: &Definition, valid: bool, diagnostics: Vec<Diagnostic>) -> Self {
        let places = definition.places(&diagnostics);
        let construct = definition.machine().and_then(|m| m.construct.clone());
        FileReport {
            file: definition.shown.clone(),
            valid,
            error: None,
            construct,
            diagnostics: diagnostics
                .into_iter()
                .zip(places)
                .map(|(d, place)| Located {
                    line: definition.line(place.as_ref(), &d),
                    position: place.as_ref().map(|p| (p.line, p.column)),
                    file: place.map(|p| p.file).filter(|f| *f != definition.shown),
                    diagnostic: d,
                })
                .collect(),
        }
    }

    fn to_json(&self) -> Value {
        let name = &self.file;
        if let Some(error) = &self.error {
            return json!({ "file": name, "valid": false, "error": error });
        }
        let items: Vec<Value> = self
            .diagnostics
            .iter()
            .map(
                |Located {
                     diagnostic: d,
                     position,
                     file,
                     ..
                 }| {
                    json!({
                        "file": file.as_deref().unwrap_or(name),
                        "severity": d.severity.as_str(),
                        "code": d.code.as_str(),
                        "pointer": d.pointer.as_str(),
                        "message": d.message,
                        "line": position.map(|p| p.0),
                        "column": position.map(|p| p.1),
                    })
                },
            )
            .collect();
        let mut report = json!({ "file": name, "valid": self.valid, "diagnostics": items });
        if let (Some(construct), Some(map)) = (&self.construct, report.as_object_mut()) {
            map.insert("constructPath".into(), construct.clone().into());
        }
        report
    }
}

//! `workflow validate`: every diagnostic of every file, as text or as one JSON object.
//!
//! A file over the service's 1 MiB limit is an invalid definition (exit status 1), reported as
//! a `DEFINITION_TOO_LARGE` diagnostic on the whole document without reading it; a file that
//! cannot be read is a read error (exit status 2).

use crate::cli::input::{ReadError, read_definition_text, render};
use crate::cli::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use workflow_asl::json::Locator;
use workflow_asl::{
    Code, Diagnostic, ExecutionType, Pointer, ValidationOptions, check_with, has_errors,
};

/// Runs `workflow validate`.
pub fn run(files: &[PathBuf], as_json: bool, express: bool) -> u8 {
    let options = ValidationOptions {
        machine_type: if express {
            ExecutionType::Express
        } else {
            ExecutionType::Standard
        },
        ..ValidationOptions::default()
    };
    let mut exit = EXIT_OK;
    let mut reports = Vec::new();
    for file in files {
        let (text, diagnostics) = match read_definition_text(file) {
            Err(ReadError::Unreadable(message)) => {
                eprintln!("workflow validate: {message}");
                exit = EXIT_USAGE;
                reports.push(
                    json!({ "file": file.display().to_string(), "valid": false, "error": message }),
                );
                continue;
            }
            Err(ReadError::TooLarge(message)) => (
                String::new(),
                vec![Diagnostic::error(
                    Code::DefinitionTooLarge,
                    Pointer::root(),
                    message,
                )],
            ),
            Ok(text) => {
                let diagnostics = check_with(&text, &options);
                (text, diagnostics)
            }
        };
        let valid = !has_errors(&diagnostics);
        if !valid && exit == EXIT_OK {
            exit = EXIT_INVALID;
        }
        if as_json {
            reports.push(report(file, &text, valid, &diagnostics));
        } else {
            print_text(file, &text, valid, &diagnostics);
        }
    }
    if as_json {
        let all_valid = exit == EXIT_OK;
        crate::cli::out::line(json!({ "valid": all_valid, "files": reports }));
    }
    exit
}

fn print_text(file: &Path, text: &str, valid: bool, diagnostics: &[Diagnostic]) {
    let locator = Locator::new(text);
    for d in diagnostics {
        crate::cli::out::line(render(file, &locator, d));
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let verdict = if valid { "valid" } else { "invalid" };
    crate::cli::out::line(format_args!(
        "{}: {verdict} ({errors} errors, {warnings} other diagnostics)",
        file.display()
    ));
}

fn report(file: &Path, text: &str, valid: bool, diagnostics: &[Diagnostic]) -> Value {
    let name = file.display().to_string();
    let locator = Locator::new(text);
    let items: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let position = locator.locate(&d.pointer);
            json!({
                "file": name,
                "severity": d.severity.as_str(),
                "code": d.code.as_str(),
                "pointer": d.pointer.as_str(),
                "message": d.message,
                "line": position.map(|p| p.line),
                "column": position.map(|p| p.column),
            })
        })
        .collect();
    json!({ "file": name, "valid": valid, "diagnostics": items })
}

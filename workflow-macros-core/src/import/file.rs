//! `workflow! { pub Orders from "workflows/orders.asl.json"; }`: a definition read from an ASL
//! file when the crate is compiled, with every check of `workflow!` and the same generated
//! items. Each error names the file's line and column; the file is included in the build
//! (`include_bytes!`), so changing it rebuilds the crate. Doc comments before the name
//! document the generated Rust items; the definition keeps the file's `Comment`.

use super::{ImportError, import};
use crate::ast::WorkflowDef;
use proc_macro2::TokenStream;
use quote::quote;
use std::path::PathBuf;
use syn::LitStr;
use workflow_asl::json::Locator;
use workflow_asl::validate::dataflow::DataType;
use workflow_asl::{Diagnostic, StateMachine};

/// The definition file's limit: the service's own (1 MiB of definition text).
const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Expands the file form of `def` (read from `file`).
pub fn expand(def: WorkflowDef, file: &LitStr) -> TokenStream {
    let written = file.value();
    let path = resolve(&written);
    let text = match read(&path) {
        Ok(text) => text,
        Err(message) => return error_items(def, file, vec![message]),
    };
    let track = path.display().to_string();
    let tracked = quote! { const _: &[u8] = include_bytes!(#track); };
    let printed = match import(&text, &def.name.to_string()) {
        Ok(printed) => printed,
        Err(ImportError::Invalid(diagnostics)) => {
            let messages = located(&written, &text, &diagnostics);
            let mut out = error_items(def, file, messages);
            out.extend(tracked);
            return out;
        }
    };
    // Checks only the language makes (an undefined variable, a state with no way to an end).
    if let Ok(machine) = StateMachine::from_json(&text) {
        let errors = crate::check::file_errors(&machine);
        if !errors.is_empty() {
            let mut out = error_items(def, file, located(&written, &text, &errors));
            out.extend(tracked);
            return out;
        }
    }
    let tokens: TokenStream = match super::body_of(&printed).parse() {
        Ok(tokens) => tokens,
        Err(e) => {
            return error_items(
                def,
                file,
                vec![format!("`{written}` could not be read as a workflow: {e}")],
            );
        }
    };
    let mut imported = match crate::parse::parse_workflow(tokens) {
        Ok(imported) => imported,
        Err(failure) => {
            return error_items(
                def,
                file,
                vec![format!(
                    "`{written}` could not be read as a workflow: {}",
                    failure.error
                )],
            );
        }
    };
    imported.vis = def.vis;
    imported.name = def.name;
    let mut lowered = crate::lower::lower(&imported);
    let mut output = DataType::Any;
    if let Some(machine) = &lowered.machine {
        let (found, ends_with) = crate::check::check_typed(&imported, machine, &lowered);
        lowered.errors.extend(found);
        output = ends_with;
    }
    // The file validated, so anything left is the language's; say it on the file's name.
    lowered.errors = lowered
        .errors
        .iter()
        .map(|e| syn::Error::new(file.span(), format!("{written}: {e}")))
        .collect();
    // Doc comments written before the name document the Rust items; the definition's
    // `Comment` stays the file's.
    if !def.docs.is_empty() {
        imported.docs = def.docs;
    }
    let mut out = crate::codegen::generate(&imported, &lowered, &output);
    out.extend(tracked);
    out
}

/// The file, relative to the crate being compiled (`CARGO_MANIFEST_DIR`).
fn resolve(written: &str) -> PathBuf {
    let path = PathBuf::from(written);
    if path.is_absolute() {
        return path;
    }
    match std::env::var_os("CARGO_MANIFEST_DIR") {
        Some(dir) => PathBuf::from(dir).join(path),
        None => path,
    }
}

/// The file's text, bounded.
fn read(path: &std::path::Path) -> Result<String, String> {
    let shown = path.display();
    let size = std::fs::metadata(path)
        .map_err(|e| format!("cannot read the definition file `{shown}`: {e}"))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(format!(
            "the definition file `{shown}` is {size} bytes; a state machine definition is at most {MAX_FILE_BYTES} bytes"
        ));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the definition file `{shown}`: {e}"))?;
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text))
}

/// `file:line:column: message` for each diagnostic.
fn located(file: &str, text: &str, diagnostics: &[Diagnostic]) -> Vec<String> {
    let locator = Locator::new(text);
    diagnostics
        .iter()
        .map(|d| match locator.locate(&d.pointer) {
            Some(p) => format!(
                "{file}:{}:{}: {} (at {})",
                p.line, p.column, d.message, d.pointer
            ),
            None => format!("{file}: {} (at {})", d.message, d.pointer),
        })
        .collect()
}

/// The errors on the file's name, and the workflow's items so that uses of it still resolve.
fn error_items(def: WorkflowDef, file: &LitStr, messages: Vec<String>) -> TokenStream {
    let mut error: Option<syn::Error> = None;
    for message in messages {
        let next = syn::Error::new(file.span(), message);
        match &mut error {
            Some(e) => e.combine(next),
            None => error = Some(next),
        }
    }
    let error = error.unwrap_or_else(|| syn::Error::new(file.span(), "invalid definition file"));
    let header = crate::parse::Header {
        vis: def.vis,
        name: def.name,
        input: None,
    };
    crate::codegen::fallback(Some(&header), &error)
}

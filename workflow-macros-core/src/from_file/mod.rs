//! `workflow! { pub Orders from "workflows/orders.asl.json"; }`: a definition read from an ASL
//! file when the crate is compiled, with every check of `workflow!` and the same generated
//! items. The file is read (at most the service's 1 MiB), decoded to the model once, validated
//! once (the shared validator, the language's own errors among its warnings, and the data-flow
//! type of what it ends with), and the model described to code generation as it is. Each error
//! names the file's line and column; the file is included in the build (`include_bytes!`), so
//! changing it rebuilds the crate. Doc comments before the name document the generated Rust
//! items; the definition keeps the file's `Comment`.

mod read;
#[cfg(test)]
mod tests;

use crate::ast::WorkflowDef;
use crate::description::Description;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::LitStr;
use workflow_asl::ValidationOptions;
use workflow_asl::json::Locator;
use workflow_asl::path::find_substitutions;
use workflow_asl::validate::dataflow::Analysis;
use workflow_asl::validate::validate_typed;
use workflow_asl::{Diagnostic, StateMachine};

/// Expands the file form of `def` (read from `file`): the file is read, decoded once,
/// validated once, and described to code generation as it is.
pub(crate) fn expand(def: &WorkflowDef, file: &LitStr) -> TokenStream {
    let written = file.value();
    let path = read::resolve(&written);
    let text = match read::read(&path) {
        Ok(text) => text,
        Err(message) => return failed(def, file, vec![message]),
    };
    let track = path.display().to_string();
    let mut out = match StateMachine::from_json(&text) {
        Ok(machine) => match checked(&written, &text, &machine) {
            Ok(analysis) => {
                let locator = Locator::new(&text);
                let named = read::named_as_file_macro(&path);
                let source = crate::description::SourceLines::of(&machine, Some(named), |p| {
                    Some(locator.locate(p)?.line)
                });
                described(def, &machine, &analysis, &source)
            }
            Err(messages) => failed(def, file, messages),
        },
        Err(e) => failed(def, file, located(&written, &text, &e.diagnostics)),
    };
    out.extend(quote! { const _: &[u8] = include_bytes!(#track); });
    out
}

/// The definition `machine`, decoded from `text` (the file `written`), validated: the
/// data-flow analysis its checks read; or every error, located in the file. The validator's
/// errors come first: the errors only the language makes of its warnings (an undefined
/// variable, a state with no way to an end; every error name of a file is a string, so taken
/// as meant) are reported once the definition has none.
fn checked<'m>(
    written: &str,
    text: &str,
    machine: &'m StateMachine,
) -> Result<Analysis<'m>, Vec<String>> {
    // No `input` schema: the input is any JSON, as the validator assumes by default.
    let (diagnostics, analysis) = validate_typed(machine, &ValidationOptions::default());
    let errors = crate::check::file_errors(diagnostics);
    if !errors.is_empty() {
        return Err(located(written, text, &errors));
    }
    Ok(analysis)
}

/// The items of a checked definition. Doc comments written before the name document them;
/// without, the definition's `Comment` does, when it reads as doc lines (the definition keeps
/// the file's `Comment` either way). The input is any JSON (a file has no `input` schema).
fn described(
    def: &WorkflowDef,
    machine: &StateMachine,
    analysis: &Analysis<'_>,
    source: &crate::description::SourceLines,
) -> TokenStream {
    let output = analysis.output();
    let tasks = analysis.task_types();
    let comment_docs: Vec<LitStr> = machine
        .comment
        .as_deref()
        .and_then(crate::doc_lines::doc_values)
        .unwrap_or_default()
        .iter()
        .map(|doc| LitStr::new(doc, Span::call_site()))
        .collect();
    let substitutions = substitutions(machine);
    let description = Description {
        vis: &def.vis,
        name: &def.name,
        docs: if def.docs.is_empty() {
            &comment_docs
        } else {
            &def.docs
        },
        input: None,
        machine: Some(machine),
        substitutions: &substitutions,
        output: &output,
        tasks: &tasks,
        errors: &[],
        source: Some(source),
        machine_type: workflow_asl::ExecutionType::Standard,
        started: &[],
    };
    crate::codegen::generate(&description)
}

/// The `${Name}` substitutions of the definition, in order of first use in its ASL text.
fn substitutions(machine: &StateMachine) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for found in find_substitutions(&machine.to_json()) {
        if !names.contains(&found.name) {
            names.push(found.name);
        }
    }
    names
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
fn failed(def: &WorkflowDef, file: &LitStr, messages: Vec<String>) -> TokenStream {
    let mut error: Option<syn::Error> = None;
    for message in messages {
        let next = syn::Error::new(file.span(), message);
        match &mut error {
            Some(e) => e.combine(next),
            None => error = Some(next),
        }
    }
    let error = error.unwrap_or_else(|| syn::Error::new(file.span(), "invalid definition file"));
    let errors = [error];
    crate::codegen::generate(&Description::failed(&def.vis, &def.name, None, &errors))
}

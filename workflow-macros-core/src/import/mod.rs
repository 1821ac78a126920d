//! `workflow import`: an ASL definition written as a `workflow!` invocation that expands to
//! a definition JSON-equal to it — state names kept, payloads as objects, paths and
//! intrinsics in the language's syntax, Choice rules as conditions, `${Name}` placeholders
//! declared as substitutions, comments as doc comments, laid out as a person would write it.
//!
//! The printer reads the typed model (`workflow_asl::StateMachine`), so everything the model
//! holds is written; where the language's own form of a value would lower to a different
//! text (an intrinsic spaced or quoted otherwise, a path in a notation the token syntax does
//! not reproduce), the value's verbatim form (`intrinsic("…")`, `jsonpath("…")`) keeps it
//! exact.

mod conditions;
mod dynamic;
mod layout;
mod names;
mod states;
mod values;

pub use names::{is_workflow_name, workflow_name};

use workflow_asl::{Diagnostic, StateMachine, has_errors};

/// Why a definition could not be imported.
#[derive(Debug)]
pub enum ImportError {
    /// The text is not valid ASL: every diagnostic (JSON errors, schema, rules).
    Invalid(Vec<Diagnostic>),
    /// The invocation written would not expand to the definition (a bug of the importer,
    /// caught before it is printed): why.
    NotFaithful(String),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::Invalid(diagnostics) => {
                for (i, d) in diagnostics.iter().enumerate() {
                    if i > 0 {
                        f.write_str("\n")?;
                    }
                    write!(f, "{d}")?;
                }
                Ok(())
            }
            ImportError::NotFaithful(why) => write!(
                f,
                "the workflow! invocation written for it would not expand to the same definition ({why}); this is a bug of the importer: please report it with the file"
            ),
        }
    }
}

impl std::error::Error for ImportError {}

/// Writes `definition` (ASL JSON text) as a `workflow! { … }` invocation defining `name`, and
/// checks that the invocation expands (through the macro's own pipeline) to a definition
/// JSON-equal to it.
///
/// # Errors
///
/// [`ImportError::Invalid`] when the text is not a valid definition (its errors, located);
/// [`ImportError::NotFaithful`] when what it would print means something else.
pub fn import(definition: &str, name: &str) -> Result<String, ImportError> {
    let machine =
        StateMachine::from_json(definition).map_err(|e| ImportError::Invalid(e.diagnostics))?;
    let diagnostics = machine.validate();
    if has_errors(&diagnostics) {
        return Err(ImportError::Invalid(
            diagnostics
                .into_iter()
                .filter(|d| d.severity == workflow_asl::Severity::Error)
                .collect(),
        ));
    }
    let source = states::workflow(&machine, name);
    faithful(definition, &source)?;
    Ok(source)
}

/// Whether `source` (one `workflow! { … }` invocation) expands to a definition JSON-equal to
/// `definition`.
fn faithful(definition: &str, source: &str) -> Result<(), ImportError> {
    use proc_macro2::TokenTree;
    let not = |why: String| Err(ImportError::NotFaithful(why));
    let tokens: Vec<TokenTree> = match source.parse::<proc_macro2::TokenStream>() {
        Ok(tokens) => tokens.into_iter().collect(),
        Err(e) => return not(format!("it does not lex: {e}")),
    };
    let Some(body) = tokens.windows(3).find_map(|w| match w {
        [
            TokenTree::Ident(name),
            TokenTree::Punct(bang),
            TokenTree::Group(body),
        ] if name == "workflow" && bang.as_char() == '!' => Some(body.stream()),
        _ => None,
    }) else {
        return not("it holds no `workflow!` invocation".to_owned());
    };
    let expanded = match crate::definition_json(body) {
        Ok(expanded) => expanded,
        Err(errors) => return not(format!("it does not expand: {}", errors.join("; "))),
    };
    let parse = |text: &str| serde_json::from_str::<serde_json::Value>(text).ok();
    match (parse(definition), parse(&expanded)) {
        (Some(original), Some(expanded)) if original == expanded => Ok(()),
        _ => not(format!("it expands to {expanded}")),
    }
}

#[cfg(test)]
mod tests;

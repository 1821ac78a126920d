//! Parsing the `workflow!` language into the syntax tree of [`crate::ast`].
//!
//! One module per part of the grammar: [`workflow`] (the header and the body's items),
//! [`schema`] (`input` and `substitutions`), [`state`] (statements and kinds), [`clause`]
//! (clauses, arguments, resources), [`condition`] (choice conditions), [`value`] (values and
//! paths); [`tokens`] holds the token-level helpers, [`recover`] the error collection and
//! recovery, [`kw`] the words; "did you mean" suggestions come from `crate::suggest`.
//!
//! The parser never panics: it reads tokens only through syn's `ParseStream`, reports an error
//! for anything it does not understand, and carries on after a broken statement so that one
//! invocation reports every broken statement. A header that parsed (`vis Name {`) is returned
//! with the errors, so that the public items can still be generated.

mod clause;
mod condition;
pub(crate) mod kw;
pub(crate) mod notes;
mod recover;
mod schema;
mod state;
mod tokens;
mod value;
mod workflow;

#[cfg(test)]
mod tests;

#[allow(unused_imports)]
pub(crate) use condition::cond_span;
#[allow(unused_imports)]
pub(crate) use value::value_span;

use crate::ast::WorkflowDef;
use proc_macro2::{Span, TokenStream};
use recover::Cx;

/// A parse failure: every error found, and what could be read of the workflow.
pub(crate) struct ParseFailure {
    /// What parsed, when the name was read: the header, the input schema (fields that did
    /// not parse left out) and the states that parsed (each broken one left out): enough to
    /// still emit the workflow's public items (its input and output types, the Task constants
    /// of the states that parsed), so that the user sees the parse error and not a cascade of
    /// missing-item errors where the workflow is used.
    pub partial: Option<Box<WorkflowDef>>,
    /// The errors, combined.
    pub error: syn::Error,
}

/// Parses a `workflow!` invocation.
#[allow(clippy::result_large_err)] // once per invocation; the signature the pipeline uses
pub(crate) fn parse_workflow(tokens: TokenStream) -> Result<WorkflowDef, ParseFailure> {
    parse_workflow_noted(tokens).0
}

/// [`parse_workflow`], with the notes the editor's references are made of (see [`notes`]).
#[allow(clippy::result_large_err)] // once per invocation; the signature the pipeline uses
pub(crate) fn parse_workflow_noted(
    tokens: TokenStream,
) -> (Result<WorkflowDef, ParseFailure>, Vec<notes::Note>) {
    notes::recording(|| parse_unnoted(tokens))
}

/// [`parse_workflow`]'s work.
#[allow(clippy::result_large_err)] // once per invocation; the signature the pipeline uses
fn parse_unnoted(tokens: TokenStream) -> Result<WorkflowDef, ParseFailure> {
    let mut cx = Cx::default();
    let mut def = None;
    let leftover = syn::parse::Parser::parse2(
        |input: syn::parse::ParseStream| {
            def = workflow::workflow(input, &mut cx);
            Ok(())
        },
        tokens,
    );
    // Every group is read to its end, so syn has nothing left to complain about; should it
    // still, its error is kept rather than lost.
    if let Err(error) = leftover
        && cx.is_clean()
    {
        cx.push(error);
    }
    match (def, cx.is_clean()) {
        (Some(def), true) => Ok(def),
        (def, _) => {
            let error = cx.into_error().unwrap_or_else(|| {
                syn::Error::new(
                    Span::call_site(),
                    "expected a workflow, e.g. `workflow! { pub HelloWorld { … } }`",
                )
            });
            Err(ParseFailure {
                partial: def.map(Box::new),
                error,
            })
        }
    }
}

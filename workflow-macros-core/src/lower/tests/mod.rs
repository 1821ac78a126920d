//! Lowering and checking, tested through the parser: sources are parsed from text (so that
//! every token has a line and a column), lowered, checked, and the ASL JSON or the errors
//! (message and position) compared.

mod choice;
mod clauses;
mod errors;
mod machine;
mod map;
mod robustness;
#[cfg(feature = "sagemaker")]
mod sagemaker_steps;
mod states;
mod suggestions;
mod values;

use super::{Lowered, lower};
use crate::ast::WorkflowDef;
use crate::parse::parse_workflow;
use proc_macro2::TokenStream;
use serde_json::Value;

/// A lowered and checked workflow.
pub(super) struct Outcome {
    pub lowered: Lowered,
    /// Lowering's errors, then the checker's.
    pub errors: Vec<syn::Error>,
}

/// Parses `src` (failing the test on parse errors), lowers and checks it.
pub(super) fn run(src: &str) -> Outcome {
    let def = parse(src);
    let lowered = lower(&def);
    let mut errors: Vec<syn::Error> = lowered.errors.to_vec();
    if let Some(machine) = &lowered.machine {
        errors.extend(crate::check::check_alone(&def, machine, &lowered));
    }
    Outcome { lowered, errors }
}

pub(super) fn parse(src: &str) -> WorkflowDef {
    let tokens: TokenStream = match src.parse() {
        Ok(tokens) => tokens,
        Err(e) => panic!("the test source does not tokenize: {e}"),
    };
    match parse_workflow(tokens) {
        Ok(def) => def,
        Err(failure) => panic!(
            "unexpected parse errors: {:#?}",
            failure
                .error
                .into_iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
        ),
    }
}

/// The ASL of `src`, which must have no errors.
pub(super) fn asl(src: &str) -> Value {
    let outcome = run(src);
    let messages: Vec<String> = outcome.errors.iter().map(ToString::to_string).collect();
    assert!(messages.is_empty(), "unexpected errors: {messages:#?}");
    match &outcome.lowered.machine {
        Some(machine) => machine.to_value(),
        None => panic!("no machine"),
    }
}

/// The ASL of the states `states` inside `pub W { … }`, which must have no errors.
pub(super) fn asl_of(states: &str) -> Value {
    asl(&format!("pub W {{\n{states}\n}}"))
}

/// The `States` member `name` of the machine of `states`.
pub(super) fn state(states: &str, name: &str) -> Value {
    let machine = asl_of(states);
    match machine.get("States").and_then(|s| s.get(name)) {
        Some(state) => state.clone(),
        None => panic!("no state `{name}` in {machine:#}"),
    }
}

/// The messages of every error of `src`.
pub(super) fn messages(src: &str) -> Vec<String> {
    run(src).errors.iter().map(ToString::to_string).collect()
}

/// Asserts that `src` has exactly one error, whose message is `message` and which starts at
/// the `nth` (0-based) occurrence of `needle` in `src`.
pub(super) fn only_error(src: &str, message: &str, needle: &str, nth: usize) {
    let errors = run(src).errors;
    let all: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(all.len(), 1, "expected one error, got {all:#?}");
    assert_error(src, &errors, message, needle, nth);
}

/// Asserts that one of `errors` has `message` and starts at the `nth` occurrence of `needle`.
pub(super) fn assert_error(
    src: &str,
    errors: &[syn::Error],
    message: &str,
    needle: &str,
    nth: usize,
) {
    let all: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let Some(error) = errors.iter().find(|e| e.to_string() == message) else {
        panic!("no error `{message}` among {all:#?}");
    };
    let start = error.span().start();
    assert_eq!(
        (start.line, start.column),
        position(src, needle, nth),
        "error `{message}` is not on the {nth}th `{needle}`"
    );
}

/// Asserts that `src` has an error with `message` at the `nth` `needle` (other errors allowed).
pub(super) fn has_error(src: &str, message: &str, needle: &str, nth: usize) {
    let errors = run(src).errors;
    assert_error(src, &errors, message, needle, nth);
}

/// The (1-based line, 0-based column in characters) of the `nth` occurrence of `needle`.
pub(super) fn position(src: &str, needle: &str, nth: usize) -> (usize, usize) {
    let Some((offset, _)) = src.match_indices(needle).nth(nth) else {
        panic!("`{needle}` does not occur {} times in the source", nth + 1);
    };
    let before = &src[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count());
    (line, column)
}

//! The parser's tests: the syntax tree of every construct ([`grammar`]), the errors and where
//! they point ([`errors`]).

mod dump;
mod errors;
mod grammar;

use super::parse_workflow;
use crate::ast::{StateDef, WorkflowDef};
use proc_macro2::TokenStream;
use quote::quote;

/// Parses `tokens`, failing the test with every message when they do not parse.
fn parse(tokens: TokenStream) -> WorkflowDef {
    match parse_workflow(tokens) {
        Ok(def) => def,
        Err(failure) => panic!("unexpected parse errors: {:#?}", messages(&failure.error)),
    }
}

/// The messages of a (combined) error.
fn messages(error: &syn::Error) -> Vec<String> {
    error.into_iter().map(|e| e.to_string()).collect()
}

/// The states of `pub W { states }`.
fn states(states: TokenStream) -> Vec<StateDef> {
    parse(quote! { pub W { #states } }).states
}

/// The one state of `pub W { state }`, as text.
fn state(state: TokenStream) -> String {
    let states = states(state);
    assert_eq!(states.len(), 1, "expected one state");
    dump::states(&states)
}

/// The condition of `when COND => X` in a choice, as text.
fn cond(cond: TokenStream) -> String {
    let states = states(quote! { C: choice { when #cond => X } });
    match &states[0].kind {
        crate::ast::StateKindDef::Choice { rules, .. } => dump::cond(&rules[0].condition),
        _ => unreachable!(),
    }
}

/// The value of `V: pass { v: VALUE };`, as text.
fn value(value: TokenStream) -> String {
    let states = states(quote! { V: pass { v: #value }; });
    match &states[0].kind {
        crate::ast::StateKindDef::Pass {
            body: Some(crate::ast::Value::Object { entries, .. }),
            ..
        } => dump::value(&entries[0].1),
        _ => unreachable!(),
    }
}

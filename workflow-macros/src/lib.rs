//! The `workflow!` procedural macro.
//!
//! This crate is only the entry point: the macro's work — parsing the language, lowering it to
//! the Amazon States Language model of `workflow-asl`, checking it with the same validator the
//! runtime uses (errors mapped back to the user's tokens) and generating code — lives in the
//! modules below, which work on `proc_macro2` tokens so that they can be unit-tested.
//! Users depend on `workflow-runtime`, which re-exports the macro; its documentation is there.

#![forbid(unsafe_code)]

mod ast;
mod check;
mod codegen;
mod expand;
mod lower;
mod parse;
mod spans;

/// Declares a Step Functions workflow; see `workflow_runtime::workflow!` for the language.
#[proc_macro]
pub fn workflow(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    expand::expand(input.into()).into()
}

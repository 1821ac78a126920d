//! The `workflow!` procedural macro: only the entry point.
//!
//! The macro's work — parsing the language, lowering it to the Amazon States Language model of
//! `workflow-asl`, checking it with the same validator the runtime uses (errors mapped back to
//! the user's tokens) and generating code — lives in `workflow-macros-core`, which works on
//! `proc_macro2` tokens so that it can be unit-tested and benchmarked. Users depend on
//! `workflow-runtime`, which re-exports the macro and documents its language.
#![deny(missing_docs)]
#![warn(unreachable_pub)]

/// Declares a Step Functions workflow; see `workflow_runtime::workflow!` for the language.
#[proc_macro]
pub fn workflow(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    workflow_macros_core::expand(input.into()).into()
}

/// What rust-analyzer reads inside a `workflow!` invocation: `workflow!` emits a call of it,
/// with the invocation's tokens, under `#[cfg(rust_analyzer)]` (rustc drops it unexpanded);
/// it expands to the items rust-analyzer's hovers, completions and definitions find there.
/// Not for use: its input and output change with the macro.
#[doc(hidden)]
#[proc_macro]
pub fn __workflow_editor(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    workflow_macros_core::editor(input.into()).into()
}

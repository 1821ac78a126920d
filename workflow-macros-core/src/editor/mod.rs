//! What rust-analyzer reads inside `workflow!`: a module of references and documented items,
//! the expansion of `workflow_editor!`, which `workflow!` calls first in its own expansion with
//! the invocation's tokens as written, under `#[cfg(rust_analyzer)]`. rust-analyzer sets that
//! cfg on a workspace's own crates and expands the call; rustc drops it unexpanded, so a build
//! pays for the call's tokens alone (`crate::expand::expand`), and only the editor pays for
//! these items (`crate::expand::editor`).
//!
//! ```text
//! // workflow! { pub Orders { … } } expands to
//! #[allow(unexpected_cfgs)]
//! const _: () = {
//!     #[cfg(rust_analyzer)]
//!     ::workflow_runtime::__private::workflow_editor! { pub Orders { … } }
//! };
//! // … the workflow's items; and rust-analyzer expands the call to
//! mod __workflow_editor {
//!     fn references() {
//!         let _ = integrations::lambda::invoke::__;       // `lambda`, `invoke`: the user's tokens
//!         let _ = requests::lambda::invoke::Payload::__;  // a request's key
//!         let _ = self::inputs::total::__;                // `input.total` (`inputs` at `input`)
//!         let _ = names::Done::__;                        // `-> Done`
//!         let _ = states::Ship_fast::__;                  // `=> "Ship fast"`
//!     }
//!     pub mod kinds { … }    pub mod states { … }        pub mod names { … }
//!     pub mod inputs { … }   pub mod input_0 { … }       pub mod integrations { … }
//!     pub mod patterns { … } pub mod requests { … }      pub mod request_0 { … }
//! }
//! ```
//!
//! Each reference holds a word the user wrote, with its span, so that rust-analyzer maps the
//! word to it: hovering the word shows the item's documentation, going to its definition goes
//! to the item (a state's and an input field's items are written at their declarations, so it
//! goes there), and completing at the word offers the module's items. The references come
//! first and are made of the notes the parser took (`parse::notes`) alone, so that the
//! expansion rust-analyzer makes for completion, with an identifier at the cursor, reads as the
//! real one up to the cursor (see `references`). Everything is inside an unnamed constant:
//! nothing of it can be imported, so no candidate appears in the user's own auto-imports. The
//! items are what the workflow uses (the services and actions it names, the members of the
//! requests it writes keys in), and every candidate only where a word names nothing yet.

mod idents;
mod inputs;
mod integrations;
mod kinds;
mod references;
mod requests;
mod states;
mod tree;

use crate::ast::InputSchema;
use crate::parse::notes::Note;
use proc_macro2::TokenStream;
use quote::quote;
use syn::Ident;
use workflow_asl::StateMachine;
use workflow_asl::validate::dataflow::{StateInput, TaskTypes};

/// What the editor's block is made of.
pub(crate) struct Editor<'a> {
    /// The workflow's name.
    pub workflow: &'a Ident,
    /// What the parser read, in order.
    pub notes: &'a [Note],
    /// The `input { … }` schema.
    pub input: Option<&'a InputSchema>,
    /// The definition the lowering produced, if any.
    pub machine: Option<&'a StateMachine>,
    /// Each state's types, from the data flow.
    pub states: &'a [StateInput],
    /// Each Task state's request and response types.
    pub tasks: &'a [TaskTypes],
}

/// The editor's block of a workflow.
pub(crate) fn block(editor: &Editor<'_>) -> TokenStream {
    let resolved = integrations::Resolved::of(editor.notes);
    let spellings = states::spellings(editor.notes);
    let inputs = inputs::Inputs::of(editor.input, editor.workflow);
    let requests = requests::Requests::of(editor.notes, &resolved);
    let references = references::references(
        editor.notes,
        &references::Context {
            resolved: &resolved,
            spellings: &spellings,
            inputs: &inputs,
            requests: &requests,
        },
    );
    let kinds = kinds::module(editor.notes);
    let states = states::modules(editor, &spellings);
    let inputs = inputs.modules();
    let integrations = integrations::modules(&resolved);
    let requests = requests.modules();
    quote! {
        #[allow(warnings, clippy::all)]
        mod __workflow_editor {
            fn references() { #references }
            /// A state of the workflow.
            pub trait State {}
            /// A kind of state.
            pub trait Kind {}
            /// An action of an integration.
            pub trait Integration {}
            /// An integration pattern.
            pub trait Pattern {}
            #kinds
            #states
            #inputs
            #integrations
            #requests
        }
    }
}

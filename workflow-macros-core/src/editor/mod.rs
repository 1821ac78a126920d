//! What rust-analyzer reads inside `workflow!`: a block of references and documented items,
//! compiled only by rust-analyzer (`#[cfg(rust_analyzer)]`, which it sets on a workspace's
//! own crates; rustc drops the block unread), emitted first in the expansion.
//!
//! ```text
//! #[allow(unexpected_cfgs)]
//! const _: () = {
//!     #[cfg(rust_analyzer)]
//!     mod __workflow_editor {
//!         fn references() {
//!             let _ = integrations::lambda::invoke;        // `lambda`, `invoke`: the user's tokens
//!             let _ = requests::lambda::invoke::Payload;   // a request's key
//!             let _ = self::inputs::total;                 // `input.total`
//!             let _ = names::Done;                         // `-> Done`
//!             let _ = states::Ship_fast;                   // `=> "Ship fast"`
//!         }
//!         pub mod kinds { … }         pub mod states { … }      pub mod names { … }
//!         pub mod inputs { … }        pub mod integrations { … } pub mod requests { … }
//!     }
//! };
//! ```
//!
//! Each reference's last segment is the word the user wrote, with its span, so that
//! rust-analyzer maps the word to it: hovering the word shows the item's documentation,
//! go-to-definition goes to the item (a state's and an input field's items are written at
//! their declarations, so it goes there), and completion at the word offers the module's
//! items. The references come first and are made of the notes the parser took (`parse::notes`)
//! alone, so that rust-analyzer's completion expansion, made with an identifier at the cursor,
//! reads as the real one up to the cursor (see `references`). Everything is inside an unnamed
//! constant: nothing of it can be imported, so no candidate appears in the user's own
//! auto-imports. The items cost what the workflow uses: the services and actions it names,
//! the members of the requests it writes keys in, and every candidate only where a word names
//! nothing yet.

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
        #[allow(unexpected_cfgs)]
        const _: () = {
            #[cfg(rust_analyzer)]
            #[allow(warnings, clippy::all)]
            mod __workflow_editor {
                fn references() { #references }
                #kinds
                #states
                #inputs
                #integrations
                #requests
            }
        };
    }
}

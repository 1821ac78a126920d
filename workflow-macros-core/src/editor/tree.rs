//! A module of documented items, built up as the notes are read, then written out.

use super::idents::exact;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use std::collections::BTreeMap;

/// A module: its documentation, its modules, and its type aliases.
///
/// Every item that completion offers is a type alias: a hover shows it with its type, and
/// completion inserts its name as written (a module it completes as `name::`, which the
/// language writes only for a service).
#[derive(Default)]
pub(super) struct Tree {
    doc: Option<String>,
    modules: BTreeMap<String, Tree>,
    /// The type aliases: name → (documentation, type).
    aliases: BTreeMap<String, (String, TokenStream)>,
}

impl Tree {
    /// The module `name` in this one (made empty the first time).
    pub(super) fn module(&mut self, name: &str) -> &mut Tree {
        self.modules.entry(name.to_owned()).or_default()
    }

    /// Documents the module, unless it is already (a full text is never replaced by a
    /// candidate's line).
    pub(super) fn document(&mut self, doc: impl FnOnce() -> String) {
        if self.doc.is_none() {
            self.doc = Some(doc());
        }
    }

    /// Adds the alias `name` (documented, of type `ty`), unless there is one.
    pub(super) fn alias(&mut self, name: &str, doc: impl FnOnce() -> String, ty: TokenStream) {
        self.aliases
            .entry(name.to_owned())
            .or_insert_with(|| (doc(), ty));
    }

    /// Adds the alias `name`, replacing one there (a full text replaces a candidate's line).
    pub(super) fn replace_alias(&mut self, name: &str, doc: String, ty: TokenStream) {
        self.aliases.insert(name.to_owned(), (doc, ty));
    }

    /// Whether the module has the alias `name`.
    pub(super) fn has_alias(&self, name: &str) -> bool {
        self.aliases.contains_key(name)
    }

    /// The module's items (a name no identifier spells is left out).
    pub(super) fn tokens(&self) -> TokenStream {
        let mut out = TokenStream::new();
        for (name, tree) in &self.modules {
            let Some(ident) = exact(name, Span::call_site()) else {
                continue;
            };
            let doc = tree.doc.as_deref().map(|doc| quote!(#[doc = #doc]));
            let inner = tree.tokens();
            out.extend(quote! {
                #doc
                pub mod #ident { #inner }
            });
        }
        for (name, (doc, ty)) in &self.aliases {
            let Some(ident) = exact(name, Span::call_site()) else {
                continue;
            };
            out.extend(quote! {
                #[doc = #doc]
                pub type #ident = #ty;
            });
        }
        out
    }

    /// The module named `name` (documented `doc`) holding the items.
    pub(super) fn module_tokens(&self, name: &str, doc: &str) -> TokenStream {
        let ident = proc_macro2::Ident::new(name, Span::call_site());
        let inner = self.tokens();
        quote! {
            #[doc = #doc]
            pub mod #ident { #inner }
        }
    }
}

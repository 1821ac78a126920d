//! A module of documented items, built up as the notes are read, then written out.

use super::idents::exact;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use std::collections::BTreeMap;

/// What a type alias names: a Rust type (a member's `String`), or one of the editor's marker
/// traits, as `dyn Integration`: unsized, so that a hover shows no memory layout for it.
pub(super) enum Alias {
    /// A Rust type.
    Type(TokenStream),
    /// The marker trait of this name, at the editor's root.
    Marker(&'static str),
}

/// `dyn` and the marker trait `name` at the editor's root, from `depth` modules below it.
pub(super) fn marker(name: &str, depth: usize) -> TokenStream {
    let supers = (0..depth).map(|_| quote!(super::));
    let name = proc_macro2::Ident::new(name, Span::call_site());
    quote!(dyn #(#supers)* #name)
}

/// A module: its documentation, its modules, and its type aliases.
///
/// Every item that completion offers is a type alias: a hover shows it with its type, and
/// completion inserts its name as written (a module it completes as `name::`, which the
/// language writes only for a service).
#[derive(Default)]
pub(super) struct Tree {
    doc: Option<String>,
    modules: BTreeMap<String, Tree>,
    /// The type aliases: name → (documentation, what it names, whether the documentation is
    /// the full one rather than a candidate's line).
    aliases: BTreeMap<String, (String, Alias, bool)>,
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
    pub(super) fn alias(&mut self, name: &str, doc: impl FnOnce() -> String, ty: Alias) {
        self.aliases
            .entry(name.to_owned())
            .or_insert_with(|| (doc(), ty, false));
    }

    /// Adds the alias `name` with its full documentation, in place of a candidate's line;
    /// `doc` is made once per name.
    pub(super) fn full_alias(&mut self, name: &str, doc: impl FnOnce() -> String, ty: Alias) {
        if !self.aliases.get(name).is_some_and(|(_, _, full)| *full) {
            self.aliases.insert(name.to_owned(), (doc(), ty, true));
        }
    }

    /// Whether the module has the alias `name`.
    pub(super) fn has_alias(&self, name: &str) -> bool {
        self.aliases.contains_key(name)
    }

    /// The module's items, `depth` modules below the editor's root (a name no identifier
    /// spells is left out).
    fn tokens(&self, depth: usize) -> TokenStream {
        let mut out = TokenStream::new();
        for (name, tree) in &self.modules {
            let Some(ident) = exact(name, Span::call_site()) else {
                continue;
            };
            let doc = tree.doc.as_deref().map(|doc| quote!(#[doc = #doc]));
            let inner = tree.tokens(depth + 1);
            out.extend(quote! {
                #doc
                pub mod #ident { #inner }
            });
        }
        for (name, (doc, alias, _)) in &self.aliases {
            let Some(ident) = exact(name, Span::call_site()) else {
                continue;
            };
            let ty = match alias {
                Alias::Type(ty) => ty.clone(),
                Alias::Marker(trait_name) => marker(trait_name, depth),
            };
            out.extend(quote! {
                #[doc = #doc]
                pub type #ident = #ty;
            });
        }
        out
    }

    /// The module named `name` (documented `doc`) at the editor's root, holding the items.
    pub(super) fn module_tokens(&self, name: &str, doc: &str) -> TokenStream {
        let ident = proc_macro2::Ident::new(name, Span::call_site());
        let inner = self.tokens(1);
        quote! {
            #[doc = #doc]
            pub mod #ident { #inner }
        }
    }
}

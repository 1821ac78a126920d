//! The references: a `let _ = …;` per word the parser noted, in the order written, each a
//! path to the item that describes the word, whose word segment is the user's token (its text
//! and its span), so that rust-analyzer hovers, follows and completes it there.
//!
//! What each reference is made of depends only on the notes before it (the words written
//! before it, and what the schema and the AWS models say of them), never on what is written
//! after it nor on the data flow, so that rust-analyzer's second expansion (with an
//! identifier at the cursor) is, up to the cursor, the text of the first. A word cut short
//! (`lambda::`, `input.`, a `->` with no target, a request object's end, where its next key
//! would be) has `__` where the word will be.
//!
//! Every path has at least two segments: rust-analyzer reports a single unresolved
//! identifier (`E0425`) but not an unresolved path, so a misspelt word (which the macro
//! reports) is not reported twice. Every path also ends in `::__`, after the user's word: a
//! word followed by `::` is completed as written (rust-analyzer completes a module elsewhere
//! as `name::`), and is hovered and followed as the qualifier it then is (the items are
//! modules and type aliases, which a qualifier names).

use super::idents::{Spellings, exact};
use super::inputs::Inputs;
use super::integrations::Resolved;
use super::requests::Requests;
use crate::ast::InputSegment;
use crate::parse::notes::{InputNote, IntegrationNote, Note, TargetNote};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// The path segment that stands for a word not written yet (and ends every path).
fn missing() -> Ident {
    Ident::new("__", Span::call_site())
}

/// What the references are resolved against.
pub(super) struct Context<'a> {
    pub(super) resolved: &'a [Option<Resolved>],
    pub(super) spellings: &'a Spellings,
    pub(super) inputs: &'a Inputs<'a>,
    pub(super) requests: &'a Requests,
}

/// The statements of the references function.
pub(super) fn references(notes: &[Note], cx: &Context<'_>) -> TokenStream {
    let mut paths = Vec::new();
    for note in notes {
        match note {
            Note::State(_) => {}
            Note::Kind(word) => {
                let word = word.as_ref().map_or_else(missing, respelt);
                paths.push(quote!(kinds::#word));
            }
            Note::Integration(note) => integration(note, &mut paths),
            Note::Target(note) => paths.push(target(note, cx.spellings)),
            Note::Key(key) => {
                let Some(module) = cx.requests.module_of(key, cx.resolved) else {
                    continue;
                };
                let word = match &key.key {
                    Some(key) => match exact(&key.value, key.span) {
                        Some(word) => word,
                        None => continue,
                    },
                    None => missing(),
                };
                paths.push(quote!(#module :: #word));
            }
            Note::Input(note) => input(note, cx.inputs, &mut paths),
        }
    }
    let end = missing();
    quote!(#(let _ = #paths :: #end;)*)
}

/// The user's identifier, raw where its text is a keyword (the parser unraws them).
fn respelt(word: &Ident) -> Ident {
    exact(&word.to_string(), word.span()).unwrap_or_else(|| word.clone())
}

/// `integrations::lambda::invoke`, `integrations::aws_sdk::s3::__`; then, for a pattern,
/// `patterns::lambda::invoke::wait_for_task_token` (the path's words under the macro's span:
/// a word maps to one item).
fn integration(note: &IntegrationNote, paths: &mut Vec<TokenStream>) {
    let segments = note.path.iter().map(respelt);
    let mut path = quote!(integrations #(:: #segments)*);
    if note.dangling {
        let missing = missing();
        path.extend(quote!(:: #missing));
    }
    paths.push(path);
    let pattern = match &note.pattern {
        Some(pattern) => respelt(pattern),
        None if note.pattern_dangling => missing(),
        None => return,
    };
    let words = note
        .path
        .iter()
        .map(|w| respelt(&Ident::new(&w.to_string(), Span::call_site())));
    paths.push(quote!(patterns #(:: #words)* :: #pattern));
}

/// `names::Done` for a target written as an identifier (the states whose names are
/// identifiers, which completion offers), `states::Ship_fast` for one written as a string.
fn target(note: &TargetNote, spellings: &Spellings) -> TokenStream {
    let Some(name) = &note.name else {
        let missing = missing();
        return quote!(names::#missing);
    };
    match exact(&name.value, name.span).filter(|_| !note.quoted) {
        Some(ident) => quote!(names::#ident),
        None => {
            let ident = spellings.ident(&name.value, name.span);
            quote!(states::#ident)
        }
    }
}

/// `self::inputs::customer`, then `self::input_0::email`: a reference per field (`inputs` at
/// `input`), each in the module of the object before it; indices are looked through (a list's
/// items have its fields), and the references stop at a field that is no object of the
/// schema's, or no identifier spells.
fn input(note: &InputNote, inputs: &Inputs<'_>, paths: &mut Vec<TokenStream>) {
    let mut path: Vec<String> = Vec::new();
    let mut keyword = note.keyword;
    let mut field_count = 0;
    for segment in &note.segments {
        let InputSegment::Field(name, span) = segment else {
            continue;
        };
        let Some(module) = inputs.module_of(&path, keyword) else {
            return;
        };
        let Some(ident) = exact(name, *span) else {
            return;
        };
        paths.push(quote!(#module :: #ident));
        keyword = Span::call_site();
        path.push(name.clone());
        field_count += 1;
    }
    if (note.dangling || field_count == 0)
        && let Some(module) = inputs.module_of(&path, keyword)
    {
        let missing = missing();
        paths.push(if note.dangling {
            quote!(#module :: #missing)
        } else {
            module
        });
    }
}

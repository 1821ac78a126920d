//! The references: one `let _ = …;` per word the parser noted, in the order written, each a
//! path to the item that describes the word, whose last segment is the user's token (its
//! text and its span), so that rust-analyzer hovers, follows and completes it there.
//!
//! What each reference is made of depends only on the notes before it (the words written
//! before it, and what the AWS models say of them), never on what is written after it nor
//! on the data flow, so that rust-analyzer's second expansion (with an identifier at the
//! cursor) is, up to the cursor, the text of the first. A word cut short (`lambda::`,
//! `input.`, a `->` with no target) ends its path with `__` where the word will be.
//!
//! Every path has at least two segments: rust-analyzer reports a single unresolved
//! identifier (`E0425`) but not an unresolved path, so a misspelt word (which the macro
//! reports) is not reported twice.

use super::idents::{Spellings, exact};
use super::integrations::{Resolved, member_path};
use crate::ast::InputSegment;
use crate::parse::notes::{InputNote, IntegrationNote, KeyNote, Note, TargetNote};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// The path segment that stands for a word not written yet.
fn missing() -> Ident {
    Ident::new("__", Span::call_site())
}

/// The statements of the references function.
pub(super) fn references(
    notes: &[Note],
    resolved: &[Option<Resolved>],
    spellings: &Spellings,
) -> TokenStream {
    let mut out = TokenStream::new();
    for note in notes {
        let path = match note {
            Note::State(_) => continue,
            Note::Kind(Some(word)) => {
                let word = respelt(word);
                quote!(kinds::#word)
            }
            Note::Kind(None) => {
                let missing = missing();
                quote!(kinds::#missing)
            }
            Note::Integration(note) => integration(note),
            Note::Target(note) => target(note, spellings),
            Note::Key(note) => match key(note, notes, resolved) {
                Some(path) => path,
                None => continue,
            },
            Note::Input(note) => input(note),
        };
        out.extend(quote!(let _ = #path;));
    }
    out
}

/// The user's identifier, raw where its text is a keyword (the parser unraws them).
pub(super) fn respelt(word: &Ident) -> Ident {
    let text = word.to_string();
    exact(&text, word.span()).unwrap_or_else(|| word.clone())
}

/// `integrations::lambda::invoke::wait_for_task_token`, `integrations::aws_sdk::s3::__`.
fn integration(note: &IntegrationNote) -> TokenStream {
    let segments = note.path.iter().map(respelt);
    let mut path = quote!(integrations #(:: #segments)*);
    if note.dangling {
        let missing = missing();
        path.extend(quote!(:: #missing));
    }
    if let Some(pattern) = &note.pattern {
        let pattern = respelt(pattern);
        path.extend(quote!(:: #pattern));
    } else if note.pattern_dangling {
        let missing = missing();
        path.extend(quote!(:: #missing));
    }
    path
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

/// `requests::lambda::invoke::FunctionName`: a key of a request's structure, under the keys
/// of the structures around it; `None` for a key the request leaves free (a map's) or that
/// no identifier spells.
fn key(note: &KeyNote, notes: &[Note], resolved: &[Option<Resolved>]) -> Option<TokenStream> {
    let Some(Note::Integration(integration)) = notes.get(note.integration) else {
        return None;
    };
    let resolved = resolved.get(note.integration)?.as_ref()?;
    let members = member_path(resolved, &note.parents)?;
    let key = exact(&note.key.value, note.key.span)?;
    let service = integration.path.iter().map(respelt);
    let members = members.iter().map(|m| Ident::new(m, Span::call_site()));
    Some(quote!(requests #(:: #service)* #(:: #members)* :: #key))
}

/// `self::inputs::order::id`: `inputs` is `input` (its span), the fields follow; indices
/// are skipped (a list's items have its fields), and the path stops at a field no identifier
/// spells.
fn input(note: &InputNote) -> TokenStream {
    let root = Ident::new("inputs", note.keyword);
    let mut path = quote!(self::#root);
    for segment in &note.segments {
        if let InputSegment::Field(name, span) = segment {
            match exact(name, *span) {
                Some(ident) => path.extend(quote!(:: #ident)),
                None => return path,
            }
        }
    }
    if note.dangling {
        let missing = missing();
        path.extend(quote!(:: #missing));
    }
    path
}

//! Error collection and recovery: an error inside a statement is recorded, the rest of the
//! statement is skipped, and parsing goes on with the next one, so that one invocation reports
//! every broken statement rather than the first.

use super::tokens::{err_here, found, peek_colon, peek_name};
use proc_macro2::TokenTree;
use syn::buffer::Cursor;
use syn::parse::ParseStream;
use syn::{Result, Token};

/// What the parser carries along: the errors found so far.
#[derive(Default)]
pub(super) struct Cx {
    errors: Vec<syn::Error>,
}

impl Cx {
    /// Records an error.
    pub(super) fn push(&mut self, error: syn::Error) {
        self.errors.push(error);
    }

    /// Records the error of `result`, if any, and gives back its value.
    pub(super) fn ok<T>(&mut self, result: Result<T>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.push(error);
                None
            }
        }
    }

    /// Whether no error was recorded.
    pub(super) fn is_clean(&self) -> bool {
        self.errors.is_empty()
    }

    /// Every error, combined into one (none when there are none).
    pub(super) fn into_error(self) -> Option<syn::Error> {
        let mut errors = self.errors.into_iter();
        let mut first = errors.next()?;
        for error in errors {
            first.combine(error);
        }
        Some(first)
    }
}

/// Skips the rest of a broken statement that started at `start`: up to and including the next
/// `;` of this level, or up to the start of the next statement (`NAME:` or a doc comment), so
/// that a missing `;` costs one error, not two statements.
pub(super) fn skip_statement(input: ParseStream, start: Cursor) {
    let mut moved = input.cursor() != start;
    while !input.is_empty() {
        if input.peek(Token![;]) {
            let _ = input.parse::<Token![;]>();
            return;
        }
        if moved && at_statement_start(input) {
            return;
        }
        if input.parse::<TokenTree>().is_err() {
            return;
        }
        moved = true;
    }
}

/// A comma-separated list (trailing comma allowed) filling the rest of `input`, parsed one
/// item at a time by `item`, which keeps what it parsed. A broken item, or a missing `,` after
/// one, is recorded and skipped up to the next `,`, so every broken item is reported. `between`
/// names the items for the missing-comma error (e.g. "the fields").
pub(super) fn recovering_list(
    input: ParseStream,
    cx: &mut Cx,
    between: &str,
    mut item: impl FnMut(ParseStream, &mut Cx) -> Result<()>,
) {
    while !input.is_empty() {
        if let Err(error) = item(input, cx) {
            cx.push(error);
            skip_item(input);
            continue;
        }
        if input.is_empty() {
            break;
        }
        if input.peek(Token![,]) {
            let _ = input.parse::<Token![,]>();
        } else {
            cx.push(err_here(
                input,
                format!("expected `,` between {between}{}", found(input)),
            ));
            skip_item(input);
        }
    }
}

/// Skips the rest of a broken list item: up to and including the next `,` of this level.
pub(super) fn skip_item(input: ParseStream) {
    while !input.is_empty() {
        if input.peek(Token![,]) {
            let _ = input.parse::<Token![,]>();
            return;
        }
        if input.parse::<TokenTree>().is_err() {
            return;
        }
    }
}

/// Whether a statement seems to start here: `NAME :` (not `::`) or a doc comment.
pub(super) fn at_statement_start(input: ParseStream) -> bool {
    if input.peek(Token![#]) {
        return true;
    }
    if !peek_name(input) {
        return false;
    }
    let fork = input.fork();
    fork.parse::<TokenTree>().is_ok() && peek_colon(&fork)
}

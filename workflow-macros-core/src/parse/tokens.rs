//! Token-level helpers shared by the parsers: spans, describing the next token in messages,
//! names, doc comments, and delimited groups that are always read to their end.

use super::recover::Cx;
use crate::ast::Name;
use proc_macro2::{Delimiter, Span, TokenTree};
use syn::ext::IdentExt;
use syn::parse::ParseStream;
use syn::{Ident, LitStr, Result, Token, token};

/// How deep values, conditions, types and state lists may nest: deeper input is reported
/// instead of risking the stack.
pub(super) const MAX_DEPTH: usize = 128;

/// The span from `a` to `b`, or `a` where spans cannot be joined.
pub(super) fn join(a: Span, b: Span) -> Span {
    a.join(b).unwrap_or(a)
}

/// The span of the next token (an operator such as `->` as a whole), or of the end of the
/// group at its end.
pub(super) fn here(input: ParseStream) -> Span {
    let mut cursor = input.cursor();
    let Some((first, mut next)) = cursor.punct() else {
        return input.span();
    };
    let mut span = first.span();
    let mut count = 1;
    let mut spacing = first.spacing();
    while spacing == proc_macro2::Spacing::Joint && count < 3 {
        cursor = next;
        let Some((punct, after)) = cursor.punct() else {
            break;
        };
        span = join(span, punct.span());
        spacing = punct.spacing();
        next = after;
        count += 1;
    }
    span
}

/// An error at the next token (see [`here`]): `message` exactly, with no prefix.
pub(super) fn err_here(input: ParseStream, message: impl std::fmt::Display) -> syn::Error {
    syn::Error::new(here(input), message)
}

/// Fails when `depth` is past [`MAX_DEPTH`].
pub(super) fn check_depth(input: ParseStream, depth: usize) -> Result<()> {
    if depth > MAX_DEPTH {
        Err(err_here(
            input,
            format!("this is nested too deeply (more than {MAX_DEPTH} levels); split it up"),
        ))
    } else {
        Ok(())
    }
}

/// `", found `x`"` describing the next token, or nothing at the end of the input or group.
pub(super) fn found(input: ParseStream) -> String {
    let cursor = input.cursor();
    let Some((tree, _)) = cursor.token_tree() else {
        return String::new();
    };
    let text = match tree {
        TokenTree::Group(group) => match group.delimiter() {
            Delimiter::Brace => "{ … }".to_owned(),
            Delimiter::Parenthesis => "( … )".to_owned(),
            Delimiter::Bracket => "[ … ]".to_owned(),
            Delimiter::None => short(&group.stream().to_string()),
        },
        TokenTree::Ident(ident) => ident.to_string(),
        TokenTree::Literal(literal) => short(&literal.to_string()),
        TokenTree::Punct(_) => {
            // Joint punctuation reads as one operator: `->`, `==`, `::`.
            let mut text = String::new();
            let mut cursor = cursor;
            while let Some((punct, next)) = cursor.punct() {
                text.push(punct.as_char());
                if punct.spacing() != proc_macro2::Spacing::Joint || text.len() >= 3 {
                    break;
                }
                cursor = next;
            }
            text
        }
    };
    format!(", found `{text}`")
}

/// `text`, cut to a readable length.
fn short(text: &str) -> String {
    if text.chars().count() > 24 {
        format!("{}…", text.chars().take(20).collect::<String>())
    } else {
        text.to_owned()
    }
}

/// Whether the next token is the identifier `word` (raw or not, keyword or not).
pub(super) fn peek_word(input: ParseStream, word: &str) -> bool {
    input
        .cursor()
        .ident()
        .is_some_and(|(ident, _)| ident == word)
}

/// The next identifier's text, if the next token is one.
pub(super) fn next_word(input: ParseStream) -> Option<String> {
    input
        .cursor()
        .ident()
        .map(|(ident, _)| ident.unraw().to_string())
}

/// Whether the next token is an identifier (keywords included).
pub(super) fn peek_any_ident(input: ParseStream) -> bool {
    input.cursor().ident().is_some()
}

/// Whether the token after the next is a single `=` (not `==` or `=>`).
pub(super) fn peek2_assign(input: ParseStream) -> bool {
    let fork = input.fork();
    fork.parse::<TokenTree>().is_ok() && is_assign(&fork)
}

/// Whether the next token is a single `=` (not `==` or `=>`).
pub(super) fn is_assign(input: ParseStream) -> bool {
    input.peek(Token![=]) && !input.peek(Token![==]) && !input.peek(Token![=>])
}

/// Whether the next token is a single `:` (not `::`).
pub(super) fn peek_colon(input: ParseStream) -> bool {
    input.peek(Token![:]) && !input.peek(Token![::])
}

/// Whether the next token is a `-` that starts a negative number (not `->`).
pub(super) fn peek_minus(input: ParseStream) -> bool {
    input.peek(Token![-]) && !input.peek(Token![->]) && !input.peek(Token![-=])
}

/// A name: an identifier or a string literal.
pub(super) fn name(input: ParseStream, expected: &str) -> Result<Name> {
    if input.peek(LitStr) {
        let lit: LitStr = input.parse()?;
        Ok(Name {
            value: lit.value(),
            span: lit.span(),
        })
    } else if peek_any_ident(input) {
        let ident = Ident::parse_any(input)?.unraw();
        Ok(Name {
            value: ident.to_string(),
            span: ident.span(),
        })
    } else {
        Err(err_here(
            input,
            format!(
                "expected {expected} (an identifier or a string literal){}",
                found(input)
            ),
        ))
    }
}

/// Whether a name (identifier or string literal) follows.
pub(super) fn peek_name(input: ParseStream) -> bool {
    input.peek(LitStr) || peek_any_ident(input)
}

/// Doc comments (`/// …`, i.e. `#[doc = "…"]`) before an item of kind `what`; any other
/// attribute is reported (and skipped).
pub(super) fn docs(input: ParseStream, cx: &mut Cx, what: &str) -> Vec<LitStr> {
    let mut docs = Vec::new();
    while input.peek(Token![#]) {
        match doc(input, what) {
            Ok(lit) => docs.push(lit),
            Err(error) => cx.push(error),
        }
    }
    docs
}

/// One `#[doc = "…"]`; an error for any other attribute.
fn doc(input: ParseStream, what: &str) -> Result<LitStr> {
    let pound: Token![#] = input.parse()?;
    if input.peek(Token![!]) {
        let bang: Token![!] = input.parse()?;
        if input.peek(token::Bracket) {
            let _ = in_brackets(input, "", |content| {
                drain(content);
                Ok(())
            })?;
        }
        return Err(syn::Error::new(
            join(pound.span, bang.span),
            format!(
                "inner attributes and `//!` doc comments are not allowed on {what}; use `///` before it"
            ),
        ));
    }
    let (lit, _) = in_brackets(input, "expected `[` after `#`", |content| {
        if peek_word(content, "doc") && content.peek2(Token![=]) && content.peek3(LitStr) {
            let _: Ident = content.parse()?;
            let _: Token![=] = content.parse()?;
            let lit: LitStr = content.parse()?;
            if content.is_empty() {
                return Ok(lit);
            }
        }
        let span = content.span();
        let attr = next_word(content).unwrap_or_default();
        drain(content);
        Err(syn::Error::new(
            span,
            format!(
                "the attribute `#[{attr}…]` is not supported on {what}; only doc comments (`///`) are allowed"
            ),
        ))
    })?;
    Ok(lit)
}

/// Reads everything left in `input`.
pub(super) fn drain(input: ParseStream) {
    while !input.is_empty() {
        if input.parse::<TokenTree>().is_err() {
            break;
        }
    }
}

/// Reads `{ … }` with `f`, which must read it all. The content is always read to its end, so
/// that an error inside does not leave tokens behind. `missing` is the error when the next
/// token is not `{`.
pub(super) fn in_braces<T>(
    input: ParseStream,
    missing: &str,
    f: impl FnOnce(ParseStream) -> Result<T>,
) -> Result<(T, Span)> {
    if !input.peek(token::Brace) {
        return Err(err_here(input, format!("{missing}{}", found(input))));
    }
    let content;
    let brace = syn::braced!(content in input);
    Ok((finish(&content, '}', f)?, brace.span.join()))
}

/// Like [`in_braces`], for `[ … ]`.
pub(super) fn in_brackets<T>(
    input: ParseStream,
    missing: &str,
    f: impl FnOnce(ParseStream) -> Result<T>,
) -> Result<(T, Span)> {
    if !input.peek(token::Bracket) {
        return Err(err_here(input, format!("{missing}{}", found(input))));
    }
    let content;
    let bracket = syn::bracketed!(content in input);
    Ok((finish(&content, ']', f)?, bracket.span.join()))
}

/// Like [`in_braces`], for `( … )`.
pub(super) fn in_parens<T>(
    input: ParseStream,
    missing: &str,
    f: impl FnOnce(ParseStream) -> Result<T>,
) -> Result<(T, Span)> {
    if !input.peek(token::Paren) {
        return Err(err_here(input, format!("{missing}{}", found(input))));
    }
    let content;
    let paren = syn::parenthesized!(content in input);
    Ok((finish(&content, ')', f)?, paren.span.join()))
}

fn finish<T>(
    content: ParseStream,
    close: char,
    f: impl FnOnce(ParseStream) -> Result<T>,
) -> Result<T> {
    let result = f(content).and_then(|value| {
        if content.is_empty() {
            Ok(value)
        } else {
            Err(err_here(
                content,
                format!("unexpected token{}; expected `{close}`", found(content)),
            ))
        }
    });
    drain(content);
    result
}

/// A comma-separated list (trailing comma allowed) filling the rest of `input`. `between`
/// names the items for the error when a comma is missing (e.g. "the fields").
pub(super) fn comma_list<T>(
    input: ParseStream,
    between: &str,
    mut item: impl FnMut(ParseStream) -> Result<T>,
) -> Result<Vec<T>> {
    let mut items = Vec::new();
    while !input.is_empty() {
        items.push(item(input)?);
        if input.is_empty() {
            break;
        }
        if !input.peek(Token![,]) {
            return Err(err_here(
                input,
                format!("expected `,` between {between}{}", found(input)),
            ));
        }
        let _: Token![,] = input.parse()?;
    }
    Ok(items)
}

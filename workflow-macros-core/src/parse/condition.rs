//! Choice conditions.
//!
//! ```text
//! cond     = and { "||" and }
//! and      = unary { "&&" unary }
//! unary    = "!" unary | primary
//! primary  = "(" cond ")"
//!          | ("all" | "any") "(" cond { "," cond } [","] ")"
//!          | TEST "(" operand ")" [ ("==" | "!=") BOOL ]  TEST = is_present | is_null | is_string | …
//!          | operand ( OP operand | "matches" STR )   OP = == != < <= > >=
//!          | STR | "true" | "false"                   (JSONata)
//! operand  = CAST "(" value ")" | value               CAST = number | string | bool | boolean | timestamp
//! ```
//! `!` binds looser than a comparison: `!$.a == 1` is `!($.a == 1)`.

use super::kw;
use super::tokens::{check_depth, err_here, found, in_parens, join, next_word, peek_any_ident};
use super::value::{value, value_span};
use crate::ast::{CompareOp, Cond, Operand, ScalarType, Value};
use crate::suggest::hint;
use proc_macro2::Span;
use syn::parse::ParseStream;
use syn::{Ident, LitBool, LitStr, Result, Token, token};

/// A condition, up to `=>` (or whatever cannot continue it).
pub(super) fn cond(input: ParseStream, depth: usize) -> Result<Cond> {
    check_depth(input, depth)?;
    let first = and(input, depth)?;
    if !input.peek(Token![||]) {
        return Ok(first);
    }
    let mut items = vec![first];
    while input.peek(Token![||]) {
        let _: Token![||] = input.parse()?;
        items.push(and(input, depth)?);
    }
    let span = span_of_all(&items);
    Ok(Cond::Or(items, span))
}

fn and(input: ParseStream, depth: usize) -> Result<Cond> {
    let first = unary(input, depth)?;
    if !input.peek(Token![&&]) {
        return Ok(first);
    }
    let mut items = vec![first];
    while input.peek(Token![&&]) {
        let _: Token![&&] = input.parse()?;
        items.push(unary(input, depth)?);
    }
    let span = span_of_all(&items);
    Ok(Cond::And(items, span))
}

fn unary(input: ParseStream, depth: usize) -> Result<Cond> {
    check_depth(input, depth)?;
    if input.peek(Token![!]) && !input.peek(Token![!=]) {
        let bang: Token![!] = input.parse()?;
        let inner = unary(input, depth + 1)?;
        let span = join(bang.span, cond_span(&inner));
        return Ok(Cond::Not(Box::new(inner), span));
    }
    primary(input, depth)
}

fn primary(input: ParseStream, depth: usize) -> Result<Cond> {
    if input.peek(token::Paren) {
        let (inner, _) = in_parens(input, "expected `(`", |content| {
            if content.is_empty() {
                return Err(err_here(content, "expected a condition inside `( )`"));
            }
            cond(content, depth + 1)
        })?;
        return Ok(inner);
    }
    if let Some(word) = next_word(input)
        && input.peek2(token::Paren)
    {
        if word.starts_with("is_") {
            return type_test(input, &word, depth);
        }
        if word == "all" || word == "any" {
            return group(input, word == "all", depth);
        }
    }
    if input.peek(Token![=>]) || input.is_empty() {
        return Err(err_here(
            input,
            format!(
                "expected a condition{}, e.g. `$.status == \"done\"`",
                found(input)
            ),
        ));
    }
    let left = operand(input, depth)?;
    if let Some(op) = compare_op(input)? {
        let right = operand(input, depth)?;
        let span = join(operand_span(&left), operand_span(&right));
        return Ok(Cond::Compare {
            left,
            op,
            right,
            span,
        });
    }
    if input.peek(kw::matches) {
        let _: kw::matches = input.parse()?;
        if !input.peek(LitStr) {
            return Err(err_here(
                input,
                format!(
                    "expected a string pattern after `matches`{}, e.g. `matches \"log-*.txt\"`",
                    found(input)
                ),
            ));
        }
        let pattern: LitStr = input.parse()?;
        let span = join(operand_span(&left), pattern.span());
        return Ok(Cond::Matches {
            left,
            pattern,
            span,
        });
    }
    if left.cast.is_none() && matches!(left.value, Value::Str(_) | Value::Bool(..)) {
        return Ok(Cond::Jsonata(left.value));
    }
    if super::tokens::is_assign(input) {
        return Err(err_here(input, "use `==` to compare, not `=`"));
    }
    Err(err_here(
        input,
        format!(
            "expected a comparison operator (`==`, `!=`, `<`, `<=`, `>`, `>=`) or `matches` after the operand{}, \
         e.g. `$.flag == true`",
            found(input)
        ),
    ))
}

/// `all(c, …)` / `any(c, …)`: an `And` / `Or` written as a call, which can hold one rule
/// (ASL allows `"And": [one]`) and is never merged into an enclosing `&&` / `||`.
fn group(input: ParseStream, and: bool, depth: usize) -> Result<Cond> {
    let keyword: Ident = syn::ext::IdentExt::parse_any(input)?;
    let (items, span) = in_parens(input, "expected `(`", |content| {
        let mut items = Vec::new();
        while !content.is_empty() {
            items.push(cond(content, depth + 1)?);
            if content.is_empty() {
                break;
            }
            let _: Token![,] = content.parse()?;
        }
        if items.is_empty() {
            return Err(err_here(
                content,
                format!("expected at least one condition inside `{keyword}( … )`"),
            ));
        }
        Ok(items)
    })?;
    let span = join(keyword.span(), span);
    Ok(if and {
        Cond::All(items, span)
    } else {
        Cond::Any(items, span)
    })
}

/// `is_present(x)` and the other type tests.
fn type_test(input: ParseStream, word: &str, depth: usize) -> Result<Cond> {
    let test: Ident = syn::ext::IdentExt::parse_any(input)?;
    if !kw::TYPE_TESTS.contains(&word) {
        return Err(syn::Error::new(
            test.span(),
            format!(
                "unknown type test `{word}`; the tests are `is_present`, `is_null`, `is_string`, `is_number`, \
                 `is_boolean` and `is_timestamp`{}",
                hint(word, kw::TYPE_TESTS)
            ),
        ));
    }
    let (operand, span) = in_parens(input, "expected `(`", |content| {
        if content.is_empty() {
            return Err(err_here(
                content,
                format!("expected what `{word}` tests, e.g. `{word}($.field)`"),
            ));
        }
        operand(content, depth + 1)
    })?;
    let mut span = join(test.span(), span);
    let mut expected = true;
    // `is_present($.x) == false`: ASL's `IsPresent: false` (not the same rule as a `Not`).
    let fork = input.fork();
    if let Ok(Some(op @ (CompareOp::Eq | CompareOp::Ne))) = compare_op(&fork)
        && fork.peek(LitBool)
    {
        let _ = compare_op(input)?;
        let literal: LitBool = input.parse()?;
        expected = literal.value == (op == CompareOp::Eq);
        span = join(span, literal.span);
    }
    Ok(Cond::TypeTest {
        test,
        operand,
        expected,
        span,
    })
}

/// A comparison operator, if one is next.
fn compare_op(input: ParseStream) -> Result<Option<CompareOp>> {
    let op = if input.peek(Token![==]) {
        let _: Token![==] = input.parse()?;
        CompareOp::Eq
    } else if input.peek(Token![!=]) {
        let _: Token![!=] = input.parse()?;
        CompareOp::Ne
    } else if input.peek(Token![<=]) {
        let _: Token![<=] = input.parse()?;
        CompareOp::Le
    } else if input.peek(Token![>=]) {
        let _: Token![>=] = input.parse()?;
        CompareOp::Ge
    } else if input.peek(Token![<]) {
        let _: Token![<] = input.parse()?;
        CompareOp::Lt
    } else if input.peek(Token![>]) {
        let _: Token![>] = input.parse()?;
        CompareOp::Gt
    } else {
        return Ok(None);
    };
    Ok(Some(op))
}

/// A value, possibly typed: `number($.x)`.
fn operand(input: ParseStream, depth: usize) -> Result<Operand> {
    if let Some(word) = next_word(input)
        && input.peek2(token::Paren)
        && let Some(ty) = cast(&word)
    {
        let ident: Ident = syn::ext::IdentExt::parse_any(input)?;
        let (value, _) = in_parens(input, "expected `(`", |content| {
            if content.is_empty() {
                return Err(err_here(
                    content,
                    format!("expected the value to read as `{word}`, e.g. `{word}($.field)`"),
                ));
            }
            value(content, depth + 1)
        })?;
        return Ok(Operand {
            value,
            cast: Some((ty, ident.span())),
        });
    }
    if !super::value::peek_value(input) {
        return Err(err_here(
            input,
            format!(
                "expected a value to compare{}, e.g. a path such as `$.field` or `input.field`, or a literal",
                found(input)
            ),
        ));
    }
    if peek_any_ident(input)
        && input.peek2(token::Paren)
        && next_word(input).is_some_and(|w| w.starts_with("is"))
    {
        // `isPresent(…)` and friends: point at the name, not at a missing intrinsic.
        let word = next_word(input).unwrap_or_default();
        let ident: Ident = syn::ext::IdentExt::parse_any(input)?;
        return Err(syn::Error::new(
            ident.span(),
            format!("unknown type test `{word}`{}", hint(&word, kw::TYPE_TESTS)),
        ));
    }
    Ok(Operand {
        value: value(input, depth + 1)?,
        cast: None,
    })
}

/// The type a cast names.
fn cast(word: &str) -> Option<ScalarType> {
    Some(match word {
        "number" => ScalarType::Number,
        "string" => ScalarType::String,
        "bool" | "boolean" => ScalarType::Boolean,
        "timestamp" => ScalarType::Timestamp,
        _ => return None,
    })
}

/// Where an operand is written, cast included.
fn operand_span(operand: &Operand) -> Span {
    let span = value_span(&operand.value);
    match operand.cast {
        Some((_, cast)) => join(cast, span),
        None => span,
    }
}

/// Where a condition is written.
pub(crate) fn cond_span(cond: &Cond) -> Span {
    match cond {
        Cond::Or(_, span)
        | Cond::And(_, span)
        | Cond::All(_, span)
        | Cond::Any(_, span)
        | Cond::Not(_, span)
        | Cond::Compare { span, .. }
        | Cond::Matches { span, .. }
        | Cond::TypeTest { span, .. } => *span,
        Cond::Jsonata(value) => value_span(value),
    }
}

fn span_of_all(items: &[Cond]) -> Span {
    match (items.first(), items.last()) {
        (Some(first), Some(last)) => join(cond_span(first), cond_span(last)),
        _ => Span::call_site(),
    }
}

//! The clauses after a state's kind (and after a choice rule's target), their arguments, error
//! names and resources.
//!
//! ```text
//! clause   = "retry" errors [args]
//!          | "catch" errors [args] ["assign" object] "=>" NAME
//!          | "reader" resource [object] [args]
//!          | "writer" [resource] [object] [args]
//!          | "batch" args
//!          | "returns" type                           (what a Task's handler answers)
//!          | "item" type                              (what a Distributed Map's reader reads)
//!          | IDENT "=" value                          (Set: result_path = $.x, timeout = 60, …)
//!          | IDENT object                             (Block: assign { … }, result_selector { … }, …)
//! errors   = "[" [ error { "," error } [","] ] "]"
//! error    = STR | IDENT { "." IDENT }                (States.TaskFailed, "Custom.Error")
//! args     = "(" [ arg { "," arg } [","] ] ")"
//! arg      = IDENT [ "=" value | object ]             (a bare IDENT is a flag: `distributed`)
//! resource = integration | STR
//! integration = IDENT "::" IDENT { "::" IDENT } [ "." PATTERN ]   PATTERN = sync | sync2 | wait_for_task_token
//! type     = the `input { … }` schema's types (`schema`): `{ field: type, … }`, `[type]`, `string`, …
//! ```

use super::kw;
use super::notes::{self, IntegrationNote};
use super::tokens::{
    comma_list, err_here, found, in_brackets, in_parens, is_assign, join, name, next_word,
    peek_any_ident, peek2_assign,
};
use super::value::{object, value};
use crate::ast::{Arg, Clause, ErrorNameDef, PatternDef, ResourceDef};
use crate::suggest::{did_you_mean, hint};
use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::parse::ParseStream;
use syn::{Ident, LitStr, Result, Token, token};
use workflow_aws_models::Usage;

/// One clause; the next token is an identifier.
pub(super) fn clause(input: ParseStream, depth: usize) -> Result<Clause> {
    let word = next_word(input).unwrap_or_default();
    let assigned = peek2_assign(input);
    let block = !assigned && input.peek2(token::Brace);
    match word.as_str() {
        "retry" if !assigned && !block => {
            let keyword = Ident::parse_any(input)?.span();
            let errors = errors(input, "retry", "retry [States.ALL] (max_attempts = 3)")?;
            let args = opt_args(input, depth)?;
            Ok(Clause::Retry {
                keyword,
                errors,
                args,
            })
        }
        "catch" if !assigned && !block => {
            let keyword = Ident::parse_any(input)?.span();
            let errors = errors(input, "catch", "catch [States.ALL] => HandleError")?;
            let args = opt_args(input, depth)?;
            let assign = if input.peek(kw::assign) && input.peek2(token::Brace) {
                let _: kw::assign = input.parse()?;
                Some(object(input, depth + 1)?)
            } else {
                None
            };
            if !input.peek(Token![=>]) {
                // `catch [...] result_path = $.error => …`: the catcher's own settings go in
                // parentheses after its errors.
                let setting = input.fork().call(Ident::parse_any).ok().filter(|word| {
                    args.is_empty()
                        && crate::lower::error_handling::CATCH_ARGS
                            .contains(&word.to_string().as_str())
                });
                if let Some(word) = setting {
                    return Err(syn::Error::new(
                        word.span(),
                        format!(
                            "a catcher's `{word}` goes in parentheses after its errors, e.g. `catch [States.ALL] ({word} = $.error) => HandleError`"
                        ),
                    ));
                }
                return Err(err_here(
                    input,
                    format!(
                        "expected `=>` and the state to go to when the error is caught{}, e.g. `catch [States.ALL] => \
                     HandleError`",
                        found(input)
                    ),
                ));
            }
            let _: Token![=>] = input.parse()?;
            let quoted = input.peek(LitStr);
            let next = name(input, "the name of the state to go to after `=>`");
            notes::target(next.as_ref().ok(), quoted);
            let next = next?;
            Ok(Clause::Catch {
                keyword,
                errors,
                args,
                assign,
                next,
            })
        }
        "reader" if !assigned && !block => {
            let keyword = Ident::parse_any(input)?.span();
            let Some(resource) = opt_resource(input, Usage::ItemReader)? else {
                return Err(err_here(
                    input,
                    format!(
                        "expected the reader's resource after `reader`{}, e.g. `reader s3::get_object {{ Bucket: \"b\", \
                     Key: \"k.csv\" }} (input_type = csv)`",
                        found(input)
                    ),
                ));
            };
            let body = notes::request(|| opt_object(input, depth))?;
            let config = input.peek(token::Paren);
            let args = opt_args(input, depth)?;
            Ok(Clause::Reader {
                keyword,
                resource,
                body,
                args,
                config,
            })
        }
        "writer" if !assigned => {
            let keyword = Ident::parse_any(input)?.span();
            let resource = opt_resource(input, Usage::ResultWriter)?;
            let body = notes::request(|| opt_object(input, depth))?;
            let args = opt_args(input, depth)?;
            Ok(Clause::Writer {
                keyword,
                resource,
                body,
                args,
            })
        }
        "batch" if !assigned && !block => {
            let keyword = Ident::parse_any(input)?.span();
            let (args, _) = args(
                input,
                "expected `(` after `batch`, e.g. `batch(max_items = 100)`",
                depth,
            )?;
            Ok(Clause::Batch { keyword, args })
        }
        "returns" | "item" if !assigned => {
            let keyword = Ident::parse_any(input)?.span();
            let mut types = super::recover::Cx::default();
            let ty = super::schema::field_type(input, &mut types, depth + 1)?;
            if let Some(error) = types.into_error() {
                return Err(error);
            }
            Ok(if word == "returns" {
                Clause::Returns { keyword, ty }
            } else {
                Clause::Item { keyword, ty }
            })
        }
        _ if assigned => {
            let key = Ident::parse_any(input)?.unraw();
            let _: Token![=] = input.parse()?;
            if input.is_empty()
                || input.peek(Token![;])
                || input.peek(Token![->])
                || input.peek(Token![,])
            {
                return Err(err_here(
                    input,
                    format!("expected a value after `{key} =`{}", found(input)),
                ));
            }
            let value = value(input, depth + 1)?;
            Ok(Clause::Set { key, value })
        }
        _ if block => {
            let key = Ident::parse_any(input)?.unraw();
            // A JSONata Task's request: `lambda::invoke arguments { … }`.
            let value = if key == "arguments" {
                notes::request(|| object(input, depth + 1))?
            } else {
                object(input, depth + 1)?
            };
            Ok(Clause::Block { key, value })
        }
        _ => {
            let ident = Ident::parse_any(input)?;
            let message = if input.is_empty() || input.peek(Token![;]) || input.peek(Token![,]) {
                format!(
                    "expected `->` before `{word}`: a transition to the state `{word}` is written `-> {word}`"
                )
            } else if word == "when" || word == "otherwise" {
                format!(
                    "expected `,` before `{word}`: the arms of a `choice` are separated by commas"
                )
            } else if crate::lower::clauses::is_clause(&word) {
                format!(
                    "expected `=` and a value after `{word}`, e.g. `{word} = $.field`, or an object: `{word} {{ … }}`{}",
                    found(input)
                )
            } else if let Some(clause) = did_you_mean(&word, kw::CLAUSES) {
                format!("unknown clause `{word}`; did you mean `{clause}`?")
            } else {
                format!(
                    "unknown clause `{word}`; a clause is `key = value`, `key {{ … }}`, `retry [...]`, `catch [...] => \
                     STATE`, `reader …`, `writer …`, `batch(…)`, `returns {{ … }}` or `item {{ … }}`"
                )
            };
            Err(syn::Error::new(ident.span(), message))
        }
    }
}

/// `[States.TaskFailed, "Custom.Error"]` after `keyword`.
fn errors(input: ParseStream, keyword: &str, example: &str) -> Result<Vec<ErrorNameDef>> {
    let missing = format!("expected `[` and the error names after `{keyword}`, e.g. `{example}`");
    let (errors, _) = in_brackets(input, &missing, |content| {
        comma_list(content, "the error names", error_name)
    })?;
    Ok(errors)
}

/// One error name.
fn error_name(input: ParseStream) -> Result<ErrorNameDef> {
    if input.peek(LitStr) {
        let lit: LitStr = input.parse()?;
        return Ok(ErrorNameDef {
            value: lit.value(),
            span: lit.span(),
            quoted: true,
        });
    }
    if !peek_any_ident(input) {
        return Err(err_here(
            input,
            format!(
                "expected an error name such as `States.ALL`, `States.TaskFailed` or `\"MyError\"`{}",
                found(input)
            ),
        ));
    }
    let first = Ident::parse_any(input)?.unraw();
    let mut value = first.to_string();
    let mut end = first.span();
    while input.peek(Token![.]) {
        let _: Token![.] = input.parse()?;
        if !peek_any_ident(input) {
            return Err(err_here(
                input,
                format!(
                    "expected the rest of the error name after `{value}.`{}; quote unusual names: `\"{value}.…\"`",
                    found(input)
                ),
            ));
        }
        let ident = Ident::parse_any(input)?.unraw();
        value.push('.');
        value.push_str(&ident.to_string());
        end = ident.span();
    }
    Ok(ErrorNameDef {
        value,
        span: join(first.span(), end),
        quoted: false,
    })
}

/// `( key = value, flag, key { … } )` if `(` is next.
pub(super) fn opt_args(input: ParseStream, depth: usize) -> Result<Vec<Arg>> {
    if input.peek(token::Paren) {
        Ok(args(input, "expected `(`", depth)?.0)
    } else {
        Ok(Vec::new())
    }
}

/// `( key = value, flag, key { … } )`.
pub(super) fn args(input: ParseStream, missing: &str, depth: usize) -> Result<(Vec<Arg>, Span)> {
    in_parens(input, missing, |content| {
        comma_list(content, "the arguments", |c| {
            if !peek_any_ident(c) {
                return Err(err_here(
                    c,
                    format!("expected an argument such as `key = value`{}", found(c)),
                ));
            }
            let key = Ident::parse_any(c)?.unraw();
            if is_assign(c) {
                let _: Token![=] = c.parse()?;
                if c.is_empty() || c.peek(Token![,]) {
                    return Err(err_here(
                        c,
                        format!("expected a value after `{key} =`{}", found(c)),
                    ));
                }
                Ok(Arg {
                    key,
                    value: Some(value(c, depth + 1)?),
                })
            } else if c.peek(token::Brace) {
                Ok(Arg {
                    key,
                    value: Some(object(c, depth + 1)?),
                })
            } else if c.is_empty() || c.peek(Token![,]) {
                Ok(Arg { key, value: None })
            } else if c.peek(Token![:]) {
                Err(err_here(
                    c,
                    format!("arguments are written `{key} = value`, with `=`, not `:`"),
                ))
            } else {
                Err(err_here(
                    c,
                    format!("expected `=` and a value after `{key}`, or `,`{}", found(c)),
                ))
            }
        })
    })
}

/// `{ … }` if `{` is next.
pub(super) fn opt_object(input: ParseStream, depth: usize) -> Result<Option<crate::ast::Value>> {
    if input.peek(token::Brace) {
        Ok(Some(object(input, depth + 1)?))
    } else {
        Ok(None)
    }
}

/// A resource if one is next: an integration path or a string.
fn opt_resource(input: ParseStream, usage: Usage) -> Result<Option<ResourceDef>> {
    if input.peek(LitStr) {
        return Ok(Some(ResourceDef::Literal(input.parse()?)));
    }
    if peek_any_ident(input) && input.peek2(Token![::]) {
        let (path, pattern, span) = integration(input, usage)?;
        return Ok(Some(ResourceDef::Integration {
            path,
            pattern,
            span,
        }));
    }
    Ok(None)
}

/// `service::action(.pattern)?` standing where `usage` says; the next tokens are `IDENT ::`.
/// What was read is noted for the editor (`notes`), a path cut short after `::` or `.`
/// included.
pub(super) fn integration(
    input: ParseStream,
    usage: Usage,
) -> Result<(Vec<Ident>, Option<PatternDef>, Span)> {
    let mut read = (Vec::new(), None);
    let span = integration_into(input, usage, &mut read)?;
    let (path, pattern) = read;
    Ok((path, pattern, span))
}

/// [`integration`], recovering: a path cut short (`lambda::`, `lambda::invoke.`) or with an
/// unknown pattern is what was read of it (without the pattern), its error recorded, so that
/// the state stands while it is being written.
pub(super) fn integration_recovering(
    input: ParseStream,
    usage: Usage,
    cx: &mut super::recover::Cx,
) -> Result<(Vec<Ident>, Option<PatternDef>, Span)> {
    let mut read = (Vec::new(), None);
    match integration_into(input, usage, &mut read) {
        Ok(span) => Ok((read.0, read.1, span)),
        Err(error) => {
            let (path, _) = read;
            let (Some(first), Some(last)) = (path.first(), path.last()) else {
                return Err(error);
            };
            let span = join(first.span(), last.span());
            cx.push(error);
            Ok((path, None, span))
        }
    }
}

/// [`integration`]'s work: the path and pattern read go to `read` as they are read.
fn integration_into(
    input: ParseStream,
    usage: Usage,
    read: &mut (Vec<Ident>, Option<PatternDef>),
) -> Result<Span> {
    let first = Ident::parse_any(input)?.unraw();
    let start = first.span();
    let mut end = start;
    let (path, pattern) = read;
    path.push(first);
    let note = |path: &[Ident], dangling: bool, pattern: Option<&Ident>, pattern_dangling: bool| {
        notes::integration(IntegrationNote {
            path: path.to_vec(),
            dangling,
            pattern: pattern.cloned(),
            pattern_dangling,
            usage,
        });
    };
    while input.peek(Token![::]) {
        let _: Token![::] = input.parse()?;
        if !peek_any_ident(input) {
            note(path, true, None, false);
            return Err(err_here(
                input,
                format!(
                    "expected the next part of the integration after `::`{}, e.g. `lambda::invoke`",
                    found(input)
                ),
            ));
        }
        let ident = Ident::parse_any(input)?.unraw();
        end = ident.span();
        path.push(ident);
    }
    if input.peek(Token![.]) && !input.peek(Token![..]) {
        let _: Token![.] = input.parse()?;
        let Some(word) = next_word(input) else {
            note(path, false, None, true);
            return Err(err_here(
                input,
                format!(
                    "expected an integration pattern after `.`{}: `sync`, `sync2` or `wait_for_task_token`",
                    found(input)
                ),
            ));
        };
        let ident = Ident::parse_any(input)?.unraw();
        note(path, false, Some(&ident), false);
        let Some(&(_, written)) = kw::PATTERNS.iter().find(|(w, _)| *w == word) else {
            let words: Vec<&str> = kw::PATTERNS.iter().map(|(w, _)| *w).collect();
            // Suggested among the patterns the action supports, where it is known (issue 91:
            // `sync` was suggested for `lambda::invoke`, which has none).
            let supported = match path.as_slice() {
                [service, action] => workflow_aws_models::Integration::named(
                    &service.to_string(),
                    &action.to_string(),
                    workflow_aws_models::Pattern::RequestResponse,
                )
                .ok()
                .map(|i| {
                    let words: Vec<&str> = i
                        .supported_patterns()
                        .iter()
                        .map(|p| kw::pattern_word(*p))
                        .filter(|w| !w.is_empty())
                        .collect();
                    (format!("{service}::{action}"), words)
                }),
                _ => None,
            };
            let advice = match (word.as_str(), &supported) {
                ("waitForTaskToken", _) => "; did you mean `wait_for_task_token`?".to_owned(),
                (_, Some((integration, supported))) => match hint(&word, supported) {
                    advice if !advice.is_empty() => advice,
                    _ => match did_you_mean(&word, &words) {
                        Some(meant) => format!(
                            "; `{integration}` has no `.{meant}`: it supports {}",
                            match supported.as_slice() {
                                [] => "request-response only (no pattern)".to_owned(),
                                some => format!(
                                    "{} and request-response (no pattern)",
                                    crate::suggest::list(some, "and")
                                ),
                            }
                        ),
                        None => String::new(),
                    },
                },
                (_, None) => hint(&word, &words),
            };
            return Err(syn::Error::new(
                ident.span(),
                format!(
                    "unknown integration pattern `{word}`; the patterns are `sync`, `sync2` (`.sync:2`) and \
                     `wait_for_task_token`{advice}"
                ),
            ));
        };
        if word == "sync" && input.peek(Token![:]) && !input.peek(Token![::]) {
            let colon: Token![:] = input.parse()?;
            let span = match input.parse::<proc_macro2::TokenTree>() {
                Ok(tree) => join(colon.span, tree.span()),
                Err(_) => colon.span,
            };
            return Err(syn::Error::new(span, "write `.sync:2` as `.sync2`"));
        }
        end = ident.span();
        *pattern = Some(PatternDef {
            pattern: written,
            span: ident.span(),
        });
    }
    if pattern.is_none() {
        note(path, false, None, false);
    }
    Ok(join(start, end))
}

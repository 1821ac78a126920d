//! Values: JSON-like literals, objects and arrays, paths (`$.a[0]`, `$$.Task.Token`, `$var`,
//! `jsonpath("…")`), typed input references (`input.a.b[0]`), intrinsic function calls
//! (`States.Format("{}", $.x)`), typed references to another workflow (`workflow(Child)`) and
//! bare identifiers.
//!
//! ```text
//! value  = STR | ["-"] NUMBER | "true" | "false" | "null" | IDENT
//!        | "{" [ key ":" value { "," key ":" value } [","] ] "}"
//!        | "[" [ value { "," value } [","] ] "]"
//!        | path | "jsonpath" "(" STR ")" | "intrinsic" "(" STR ")" | "workflow" "(" PATH ")"
//!        | input | "States" "." IDENT "(" [ value { "," value } ] ")"
//! key    = IDENT | STR
//! path   = "$" [ "$" | IDENT ] { "." (IDENT | "*") | ".." (IDENT | "*" | brackets) | brackets }
//! brackets = "[" { INT | STR | "*" | ":" | "," | "-" } "]"     (STR is written back as '…')
//! input  = "input" { "." IDENT | "[" INT "]" | "[" STR "]" }
//! ```

use super::kw;
use super::notes::{self, InputNote};
use super::tokens::{
    check_depth, comma_list, err_here, found, in_braces, in_brackets, in_parens, join, name,
    next_word, peek_any_ident, peek_minus,
};
use crate::ast::{InputRef, InputSegment, Key, Name, PathExpr, Value};
use proc_macro2::{Span, TokenTree};
use syn::ext::IdentExt;
use syn::parse::ParseStream;
use syn::{Ident, Lit, LitBool, LitFloat, LitInt, LitStr, Result, Token, token};

/// What a value may be, for "expected a value" messages.
const A_VALUE: &str = "a value (a string, a number, `true`, `false`, `null`, `{ … }`, `[ … ]`, a path such as \
                       `$.field`, `input.field` or `States.Format(…)`)";

/// Whether a value seems to start here.
pub(super) fn peek_value(input: ParseStream) -> bool {
    input.peek(Lit)
        || peek_minus(input)
        || peek_any_ident(input)
        || input.peek(Token![$])
        || input.peek(token::Brace)
        || input.peek(token::Bracket)
}

/// A value.
pub(super) fn value(input: ParseStream, depth: usize) -> Result<Value> {
    check_depth(input, depth)?;
    if input.peek(LitStr) {
        return Ok(Value::Str(input.parse()?));
    }
    if input.peek(LitInt) || input.peek(LitFloat) {
        return number(input, None);
    }
    if input.peek(LitBool) {
        let lit: LitBool = input.parse()?;
        return Ok(Value::Bool(lit.value, lit.span));
    }
    if input.peek(Lit) {
        return Err(err_here(
            input,
            format!(
                "expected {A_VALUE}{}; character and byte literals are not JSON values, write a string \"…\"",
                found(input)
            ),
        ));
    }
    if peek_minus(input) {
        let minus: Token![-] = input.parse()?;
        if input.peek(LitInt) || input.peek(LitFloat) {
            return number(input, Some(minus.span));
        }
        return Err(err_here(
            input,
            format!("expected a number after `-`{}", found(input)),
        ));
    }
    if input.peek(Token![$]) {
        return Ok(Value::Path(path(input)?));
    }
    if input.peek(token::Brace) {
        return object(input, depth);
    }
    if input.peek(token::Bracket) {
        let (items, span) = in_brackets(input, "expected `[`", |content| {
            comma_list(content, "the items of the array", |c| value(c, depth + 1))
        })?;
        return Ok(Value::Array { items, span });
    }
    let Some(word) = next_word(input) else {
        return Err(err_here(
            input,
            format!("expected {A_VALUE}{}", found(input)),
        ));
    };
    let fork = input.fork();
    let _ = fork.parse::<TokenTree>();
    let call = fork.peek(token::Paren);
    let dot = fork.peek(Token![.]);
    match word.as_str() {
        "null" if !call && !dot => {
            let null: kw::null = input.parse()?;
            Ok(Value::Null(null.span))
        }
        "jsonpath" if call => jsonpath(input),
        "intrinsic" if call => intrinsic_text(input),
        "workflow" if call => workflow_ref(input),
        "input" if !call => Ok(Value::Input(input_ref(input)?)),
        "States" if dot => intrinsic(input, depth),
        _ if call => {
            let ident = Ident::parse_any(input)?;
            let message = if kw::CASTS.contains(&word.as_str()) {
                format!(
                    "`{word}(…)` is a cast, allowed only in `when` conditions; write the value alone here"
                )
            } else {
                format!(
                    "unknown function `{word}`; intrinsic functions are written `States.{word}(…)`, e.g. \
                     `States.Format(\"{{}}\", $.x)`"
                )
            };
            Err(syn::Error::new(ident.span(), message))
        }
        _ if dot => {
            let ident = Ident::parse_any(input)?;
            Err(syn::Error::new(
                ident.span(),
                format!(
                    "`{word}.…` is not a value; write a path such as `$.{word}` (the state's input) or \
                     `input.{word}` (the execution's input)"
                ),
            ))
        }
        _ => Ok(Value::Ident(Ident::parse_any(input)?.unraw())),
    }
}

/// A number literal after an optional `-`.
fn number(input: ParseStream, minus: Option<Span>) -> Result<Value> {
    let (digits, suffix, span) = if input.peek(LitInt) {
        let lit: LitInt = input.parse()?;
        (
            lit.base10_digits().to_owned(),
            lit.suffix().to_owned(),
            lit.span(),
        )
    } else {
        let lit: LitFloat = input.parse()?;
        (
            lit.base10_digits().to_owned(),
            lit.suffix().to_owned(),
            lit.span(),
        )
    };
    if !suffix.is_empty() {
        return Err(syn::Error::new(
            span,
            format!(
                "the number `{digits}{suffix}` has a type suffix; write the plain number `{digits}`"
            ),
        ));
    }
    Ok(match minus {
        Some(minus) => Value::Number {
            text: format!("-{digits}"),
            span: join(minus, span),
        },
        None => Value::Number { text: digits, span },
    })
}

/// `{ key: value, … }`.
pub(super) fn object(input: ParseStream, depth: usize) -> Result<Value> {
    check_depth(input, depth)?;
    let (entries, span) = in_braces(input, "expected `{`", |content| {
        let entries = comma_list(content, "the entries of the object", |c| {
            let key = key(c)?;
            notes::key(Some(&key));
            if !super::tokens::peek_colon(c) {
                return Err(err_here(
                    c,
                    format!(
                        "expected `:` after the key `{}`{}; object entries are written `key: value`",
                        key.value,
                        found(c)
                    ),
                ));
            }
            let _: Token![:] = c.parse()?;
            let value = notes::entry(&key.value, || value(c, depth + 1))?;
            Ok((key, value))
        })?;
        notes::key(None);
        Ok(entries)
    })?;
    Ok(Value::Object { entries, span })
}

/// An object key: an identifier or a string literal.
fn key(input: ParseStream) -> Result<Key> {
    let Name { value, span } = name(input, "a key")?;
    Ok(Key { value, span })
}

/// `$…`: the ASL text is rebuilt from the tokens, with no spaces.
pub(super) fn path(input: ParseStream) -> Result<PathExpr> {
    let dollar: Token![$] = input.parse()?;
    let start = dollar.span;
    let mut end = start;
    let mut text = String::from("$");
    let mut steps = Vec::new();
    if input.peek(Token![$]) {
        let second: Token![$] = input.parse()?;
        text.push('$');
        end = second.span;
    } else if peek_any_ident(input) && !clause_follows(input, start) {
        let ident = Ident::parse_any(input)?.unraw();
        text.push_str(&ident.to_string());
        end = ident.span();
    } else if peek_any_ident(input) {
        // `result_path = $ retry [...]`: the whole input, then the next clause.
        return Ok(PathExpr {
            text,
            span: start,
            steps,
        });
    }
    loop {
        if input.peek(Token![..]) && !input.peek(Token![...]) && !input.peek(Token![..=]) {
            let _: Token![..] = input.parse()?;
            text.push_str("..");
            end = if input.peek(token::Bracket) {
                brackets(input, &mut text)?
            } else {
                member(input, &mut text, "..")?
            };
        } else if input.peek(Token![.]) {
            let _: Token![.] = input.parse()?;
            text.push('.');
            end = member(input, &mut text, ".")?;
        } else if input.peek(token::Bracket) {
            end = brackets(input, &mut text)?;
        } else {
            break;
        }
        steps.push(end);
    }
    Ok(PathExpr {
        text,
        span: join(start, end),
        steps,
    })
}

/// Whether the identifier after a path's `$` (at `dollar`) starts the state's next clause, or
/// the next state, rather than naming a variable (`$count`): `result_path = $` is followed by
/// any clause (the grammar's `clause*` takes them in any order). An identifier followed by a
/// single `=` (`timeout = 5`), by `{` (`result_selector { … }`) or by a single `:` (the next
/// state's `Name: kind`) is never a variable's, nor is `reader`, `writer` or `batch` followed by
/// what those clauses take, nor `returns` or `item` followed by a type's name. `retry`, `catch`,
/// `returns` and `item` followed by `[` start a clause when an error name or type is inside
/// (`retry [States.ALL]`, `item [string]`), or when the word is written apart from the `$`
/// (`$ catch ["Custom.Error"]`); `$retry[0]` and `$catch["key"]`, written together, are
/// variables indexed.
fn clause_follows(input: ParseStream, dollar: Span) -> bool {
    use proc_macro2::{Delimiter, Spacing};
    let Some((ident, rest)) = input.cursor().ident() else {
        return false;
    };
    let word = ident.unraw().to_string();
    if let Some((punct, _)) = rest.punct() {
        let alone = punct.spacing() == Spacing::Alone;
        if (punct.as_char() == '=' || punct.as_char() == ':') && alone {
            return true;
        }
        // `:` followed by `:` is a path (`aws_sdk::…`), `=` by `=` or `>` a comparison or an arm.
        return false;
    }
    if rest.group(Delimiter::Brace).is_some() {
        return true;
    }
    let takes = |words: &[&str]| words.contains(&word.as_str());
    if takes(&["reader", "writer"])
        && (rest.ident().is_some()
            || rest.literal().is_some()
            || rest.group(Delimiter::Parenthesis).is_some())
    {
        return true;
    }
    if word == "batch" && rest.group(Delimiter::Parenthesis).is_some() {
        return true;
    }
    if takes(&["returns", "item"]) && rest.ident().is_some() {
        return true;
    }
    if let Some((inside, _, _)) = rest.group(Delimiter::Bracket)
        && takes(&["retry", "catch", "returns", "item"])
    {
        // Tokens made without a place in the source (`Span::call_site()`: empty) are taken
        // as written together.
        let at = |s: Span| {
            (
                s.start().line,
                s.start().column,
                s.end().line,
                s.end().column,
            )
        };
        let (d, w) = (at(dollar), at(ident.span()));
        let placed = |(l0, c0, l1, c1): (usize, usize, usize, usize)| (l0, c0) != (l1, c1);
        let apart = placed(d) && placed(w) && (d.2, d.3) != (w.0, w.1);
        return inside.ident().is_some() || apart;
    }
    false
}

/// A field name or `*` after `.` or `..` in a path.
fn member(input: ParseStream, text: &mut String, after: &str) -> Result<Span> {
    if input.peek(Token![*]) {
        let star: Token![*] = input.parse()?;
        text.push('*');
        return Ok(star.span);
    }
    if peek_any_ident(input) {
        let ident = Ident::parse_any(input)?.unraw();
        text.push_str(&ident.to_string());
        return Ok(ident.span());
    }
    Err(err_here(
        input,
        format!(
            "expected a field name or `*` after `{after}` in the path{}; write `[\"odd key\"]` for a name that is not \
         an identifier and `[0]` for an index",
            found(input)
        ),
    ))
}

/// `[…]` in a path: indices, slices, unions, `*` and quoted names (written back in single
/// quotes).
fn brackets(input: ParseStream, text: &mut String) -> Result<Span> {
    let (inner, span) = in_brackets(input, "expected `[`", |content| {
        if content.is_empty() {
            return Err(err_here(
                content,
                "expected an index, `*` or a quoted name inside `[ ]`",
            ));
        }
        let mut inner = String::new();
        while !content.is_empty() {
            if content.peek(LitStr) {
                let lit: LitStr = content.parse()?;
                inner.push('\'');
                for c in lit.value().chars() {
                    if c == '\'' || c == '\\' {
                        inner.push('\\');
                    }
                    inner.push(c);
                }
                inner.push('\'');
            } else if content.peek(LitInt) {
                let lit: LitInt = content.parse()?;
                if !lit.suffix().is_empty() {
                    return Err(syn::Error::new(
                        lit.span(),
                        "write the index without a type suffix",
                    ));
                }
                inner.push_str(lit.base10_digits());
            } else if let Some((punct, _)) = content.cursor().punct()
                && matches!(punct.as_char(), '*' | ':' | ',' | '-')
            {
                let _ = content.parse::<TokenTree>()?;
                inner.push(punct.as_char());
            } else {
                return Err(err_here(
                    content,
                    format!(
                        "unsupported token inside `[ ]` of a path{}; write an index (`[0]`, `[-1]`, `[1:3]`), `[*]` or a \
                     quoted name (`[\"odd key\"]`), and `jsonpath(\"…\")` for filters and other JSONPath syntax",
                        found(content)
                    ),
                ));
            }
        }
        Ok(inner)
    })?;
    text.push('[');
    text.push_str(&inner);
    text.push(']');
    Ok(span)
}

/// `jsonpath("…")`: a path given as a string, for the JSONPath the token syntax cannot write.
fn jsonpath(input: ParseStream) -> Result<Value> {
    let keyword: kw::jsonpath = input.parse()?;
    let (lit, span) = in_parens(input, "expected `(`", |content| {
        if content.peek(LitStr) {
            content.parse::<LitStr>()
        } else {
            Err(err_here(
                content,
                format!(
                    "expected the path as a string{}, e.g. `jsonpath(\"$.items[?(@.price > 10)]\")`",
                    found(content)
                ),
            ))
        }
    })?;
    Ok(Value::Path(PathExpr {
        text: lit.value(),
        span: join(keyword.span, span),
        steps: Vec::new(),
    }))
}

/// `workflow(Child)`: a typed reference to another `workflow!` (a Rust path to its type).
fn workflow_ref(input: ParseStream) -> Result<Value> {
    let keyword: kw::workflow = input.parse()?;
    let (path, span) = in_parens(input, "expected `(`", |content| {
        if content.peek(Ident) || content.peek(Token![::]) || content.peek(Token![crate]) {
            let path: syn::Path = content.parse()?;
            if !content.is_empty() {
                return Err(err_here(
                    content,
                    format!("expected `)` after the workflow's type{}", found(content)),
                ));
            }
            Ok(path)
        } else {
            Err(err_here(
                content,
                format!(
                    "expected the type of a workflow declared with `workflow!`{}, e.g. `workflow(Backend)`",
                    found(content)
                ),
            ))
        }
    })?;
    Ok(Value::Workflow {
        path,
        span: join(keyword.span, span),
    })
}

/// `intrinsic("…")`: an intrinsic call given as ASL text, kept exactly as written.
fn intrinsic_text(input: ParseStream) -> Result<Value> {
    let keyword: kw::intrinsic = input.parse()?;
    let (lit, span) = in_parens(input, "expected `(`", |content| {
        if content.peek(LitStr) {
            content.parse::<LitStr>()
        } else {
            Err(err_here(
                content,
                format!(
                    "expected the call as a string{}, e.g. `intrinsic(\"States.Format('{{}}', $.x)\")`",
                    found(content)
                ),
            ))
        }
    })?;
    Ok(Value::IntrinsicText {
        text: lit.value(),
        span: join(keyword.span, span),
    })
}

/// `input`, `input.a.b[0]`, `input["odd-key"]`.
fn input_ref(input: ParseStream) -> Result<InputRef> {
    let keyword: kw::input = input.parse()?;
    let mut segments = Vec::new();
    let mut end = keyword.span;
    let note = |segments: &[InputSegment], dangling: bool| {
        notes::input(InputNote {
            keyword: keyword.span,
            segments: segments.to_vec(),
            dangling,
        });
    };
    loop {
        if input.peek(Token![.]) && !input.peek(Token![..]) {
            let _: Token![.] = input.parse()?;
            if !peek_any_ident(input) {
                note(&segments, true);
                return Err(err_here(
                    input,
                    format!(
                        "expected a field name after `.`{}; write `[\"odd key\"]` for a name that is not an identifier \
                     and `[0]` for an index",
                        found(input)
                    ),
                ));
            }
            let ident = Ident::parse_any(input)?.unraw();
            end = ident.span();
            segments.push(InputSegment::Field(ident.to_string(), ident.span()));
        } else if input.peek(token::Bracket) {
            let (segment, span) = in_brackets(input, "expected `[`", |content| {
                let segment = if content.peek(LitStr) {
                    let lit: LitStr = content.parse()?;
                    InputSegment::Field(lit.value(), lit.span())
                } else if content.peek(LitInt) {
                    let lit: LitInt = content.parse()?;
                    let index = lit.base10_parse::<u64>().map_err(|_| {
                        syn::Error::new(
                            lit.span(),
                            "expected an index: a whole number without a type suffix",
                        )
                    })?;
                    if !lit.suffix().is_empty() {
                        return Err(syn::Error::new(
                            lit.span(),
                            "write the index without a type suffix",
                        ));
                    }
                    InputSegment::Index(index, lit.span())
                } else {
                    return Err(err_here(
                        content,
                        format!(
                            "expected an index such as `[0]` or a quoted name such as `[\"odd-key\"]`{}; use a `$` path \
                         for slices, wildcards and filters",
                            found(content)
                        ),
                    ));
                };
                Ok(segment)
            })?;
            end = span;
            segments.push(segment);
        } else {
            break;
        }
    }
    note(&segments, false);
    Ok(InputRef {
        segments,
        span: join(keyword.span, end),
    })
}

/// `States.Name(args…)`.
fn intrinsic(input: ParseStream, depth: usize) -> Result<Value> {
    let states: kw::States = input.parse()?;
    let _: Token![.] = input.parse()?;
    if !peek_any_ident(input) {
        return Err(err_here(
            input,
            format!(
                "expected the intrinsic function's name after `States.`{}, e.g. `States.Format`",
                found(input)
            ),
        ));
    }
    let name = Ident::parse_any(input)?.unraw();
    let missing = format!(
        "expected `(` and the arguments after `States.{name}`; intrinsic functions are called like \
         `States.Format(\"{{}}\", $.x)` (error names such as `States.ALL` belong in `retry [...]` and `catch [...]`)"
    );
    let (args, span) = in_parens(input, &missing, |content| {
        comma_list(content, "the arguments", |c| value(c, depth + 1))
    })?;
    Ok(Value::Intrinsic {
        name,
        args,
        span: join(states.span, span),
    })
}

/// Where a value is written.
pub(crate) fn value_span(value: &Value) -> Span {
    match value {
        Value::Str(lit) => lit.span(),
        Value::Number { span, .. }
        | Value::Bool(_, span)
        | Value::Null(span)
        | Value::Object { span, .. }
        | Value::Array { span, .. }
        | Value::Intrinsic { span, .. }
        | Value::IntrinsicText { span, .. }
        | Value::Workflow { span, .. } => *span,
        Value::Path(path) => path.span,
        Value::Input(input) => input.span,
        Value::Ident(ident) => ident.span(),
    }
}

//! The invocation: the header (`docs vis Name`), then the body: declarations and settings,
//! then the states.
//!
//! ```text
//! workflow = { DOC } VIS IDENT ( "{" { item } "}" | "from" STR [";"] )
//! item     = input | substitutions | IDENT "=" value ";" | state
//! ```
//! `input`, `substitutions` and settings come before the first state; `input` and
//! `substitutions` at most once each.

use super::recover::{Cx, skip_statement};
use super::schema::{input_schema, substitutions};
use super::state::{Place, statement};
use super::tokens::{docs, err_here, found, in_braces, next_word, peek2_assign};
use super::value::value;
use crate::ast::{Setting, WorkflowDef};
use syn::ext::IdentExt;
use syn::parse::ParseStream;
use syn::{Ident, Result, Token, Visibility, token};

/// The workflow; `None` when not even its header could be read (the error is in `cx`).
pub(super) fn workflow(input: ParseStream, cx: &mut Cx) -> Option<WorkflowDef> {
    let docs = docs(input, cx, "a workflow");
    let header = header(input);
    let Some((vis, name)) = cx.ok(header) else {
        super::tokens::drain(input);
        return None;
    };
    let mut def = WorkflowDef {
        docs,
        vis,
        name,
        input: None,
        substitutions: Vec::new(),
        settings: Vec::new(),
        states: Vec::new(),
        body_span: proc_macro2::Span::call_site(),
        source_file: None,
    };
    if input.peek(super::kw::from) && input.peek2(syn::LitStr) {
        if let Err(error) = source_file(input, &mut def) {
            cx.push(error);
        }
        return Some(def);
    }
    if input.is_empty() {
        cx.push(syn::Error::new(
            def.name.span(),
            format!("expected `{{` and the workflow's body after `{}`", def.name),
        ));
        return Some(def);
    }
    let missing = format!("expected `{{` and the workflow's body after `{}`", def.name);
    match in_braces(input, &missing, |content| {
        body(content, cx, &mut def);
        Ok(())
    }) {
        Ok(((), span)) => def.body_span = span,
        Err(error) => cx.push(error),
    }
    if !input.is_empty() {
        cx.push(err_here(
            input,
            format!(
                "unexpected tokens after the workflow's body{}; `workflow!` declares one workflow",
                found(input)
            ),
        ));
        super::tokens::drain(input);
    }
    Some(def)
}

/// `from "file.asl.json"` (and an optional `;`) after the header: nothing may follow.
fn source_file(input: ParseStream, def: &mut WorkflowDef) -> Result<()> {
    let _: super::kw::from = input.parse()?;
    let file: syn::LitStr = input.parse()?;
    def.body_span = file.span();
    def.source_file = Some(file);
    if input.peek(Token![;]) {
        let _: Token![;] = input.parse()?;
    }
    if !input.is_empty() {
        let error = err_here(
            input,
            format!(
                "unexpected tokens after the definition file{}; a workflow read from a file is written `pub {} from \"file.asl.json\";`",
                found(input),
                def.name
            ),
        );
        super::tokens::drain(input);
        return Err(error);
    }
    Ok(())
}

/// `vis Name`.
fn header(input: ParseStream) -> Result<(Visibility, Ident)> {
    let vis: Visibility = input.parse()?;
    if let Some(word) = next_word(input)
        && matches!(
            word.as_str(),
            "struct" | "enum" | "fn" | "mod" | "workflow" | "type"
        )
        && input.peek2(Ident::peek_any)
    {
        return Err(err_here(
            input,
            format!("write the workflow as `pub Name {{ … }}`, without `{word}`"),
        ));
    }
    if !input.peek(Ident) {
        return Err(err_here(
            input,
            format!(
                "expected the workflow's name{}, e.g. `workflow! {{ pub HelloWorld {{ … }} }}`",
                found(input)
            ),
        ));
    }
    let name: Ident = input.parse()?;
    Ok((vis, name))
}

/// The body's items, each broken one reported and skipped.
fn body(input: ParseStream, cx: &mut Cx, def: &mut WorkflowDef) {
    while !input.is_empty() {
        let start = input.cursor();
        let docs = docs(input, cx, "a state");
        if input.is_empty() {
            break;
        }
        let result = item(input, cx, def, docs);
        if let Err(error) = result {
            cx.push(error);
            skip_statement(input, start);
        }
    }
}

/// One item of the body.
fn item(
    input: ParseStream,
    cx: &mut Cx,
    def: &mut WorkflowDef,
    docs: Vec<syn::LitStr>,
) -> Result<()> {
    let word = next_word(input);
    let before_states = |cx: &mut Cx, what: &str, span: proc_macro2::Span, states: usize| {
        if states > 0 {
            cx.push(syn::Error::new(
                span,
                format!("{what} must come before the states; move it above the first state"),
            ));
        }
    };
    match word.as_deref() {
        Some("input") if input.peek2(token::Brace) => {
            let span = input.span();
            let schema = input_schema(input, cx)?;
            before_states(cx, "`input`", span, def.states.len());
            if def.input.is_some() {
                cx.push(syn::Error::new(
                    span,
                    "`input` is declared twice; merge the two declarations",
                ));
            } else {
                def.input = Some(schema);
            }
            semicolon(input);
        }
        Some("substitutions") if input.peek2(token::Brace) => {
            let span = input.span();
            let subs = substitutions(input, cx)?;
            before_states(cx, "`substitutions`", span, def.states.len());
            if !def.substitutions.is_empty() {
                cx.push(syn::Error::new(
                    span,
                    "`substitutions` is declared twice; merge the two declarations",
                ));
            }
            def.substitutions.extend(subs);
            semicolon(input);
        }
        Some(_) if peek2_assign(input) => {
            let key = Ident::parse_any(input)?.unraw();
            let _: Token![=] = input.parse()?;
            if input.is_empty() || input.peek(Token![;]) {
                return Err(err_here(
                    input,
                    format!("expected a value after `{key} =`{}", found(input)),
                ));
            }
            let value = value(input, 0)?;
            if !input.peek(Token![;]) {
                return Err(err_here(
                    input,
                    format!("expected `;` after the setting `{key} = …`{}", found(input)),
                ));
            }
            let _: Token![;] = input.parse()?;
            before_states(
                cx,
                &format!("the setting `{key}`"),
                key.span(),
                def.states.len(),
            );
            def.settings.push(Setting { key, value });
        }
        _ => {
            let state = statement(input, docs, cx, Place::Workflow, 0)?;
            def.states.push(state);
        }
    }
    Ok(())
}

/// Tolerates one `;` after a declaration block.
fn semicolon(input: ParseStream) {
    if input.peek(Token![;]) {
        let _ = input.parse::<Token![;]>();
    }
}

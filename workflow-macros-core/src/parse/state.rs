//! State statements and the kinds of states.
//!
//! ```text
//! state   = { DOC } NAME ":" kind { clause } [ "->" NAME ] ";"
//!           (the `;` may be left out when no `->` follows and the kind is written with a
//!           `{ … }` block, like a Rust block, whatever clauses follow the block:
//!           `C: choice { … } query_language = jsonata` ends there as `C: choice { … }` does)
//! kind    = "pass" [object]
//!         | "task" STR [object]
//!         | integration [object]
//!         | "choice" "{" [ arm { "," arm } [","] ] "}"
//!         | "wait" args
//!         | "succeed"
//!         | "fail" [args]
//!         | "parallel" "{" { "branch" "{" { state } "}" } "}"
//!         | "map" [args] "{" { state } "}"
//! arm     = "when" cond "=>" NAME { clause } | "otherwise" "=>" NAME
//! ```

use super::clause::{args, clause, integration_recovering, opt_args, opt_object};
use super::condition::cond;
use super::kw;
use super::notes;
use super::recover::{Cx, at_statement_start, recovering_list, skip_statement};
use super::tokens::{
    check_depth, docs, err_here, found, in_braces, join, name, next_word, peek_any_ident,
    peek_colon, peek_name,
};
use crate::ast::{BranchDef, ChoiceRuleDef, Clause, Name, StateDef, StateKindDef};
use crate::suggest::did_you_mean;
use proc_macro2::{Delimiter, TokenTree};
use syn::buffer::Cursor;
use syn::ext::IdentExt;
use syn::parse::ParseStream;
use syn::{Ident, LitStr, Result, Token, token};
use workflow_aws_models::Usage;

/// Where a list of states is: for the wording of "end here" messages.
#[derive(Clone, Copy)]
pub(super) enum Place {
    /// The workflow's top level.
    Workflow,
    /// A Parallel branch.
    Branch,
    /// A Map's iteration.
    Iteration,
}

impl Place {
    fn end(self) -> &'static str {
        match self {
            Place::Workflow => "the workflow",
            Place::Branch => "the branch",
            Place::Iteration => "the iteration",
        }
    }
}

/// The states filling `input` (a branch or an iteration), each broken one reported and skipped.
fn states(input: ParseStream, cx: &mut Cx, place: Place, depth: usize) -> Vec<StateDef> {
    let mut states = Vec::new();
    while !input.is_empty() {
        let start = input.cursor();
        let docs = docs(input, cx, "a state");
        if input.is_empty() {
            break;
        }
        let result =
            check_depth(input, depth).and_then(|()| statement(input, docs, cx, place, depth));
        match result {
            Ok(state) => states.push(state),
            Err(error) => {
                cx.push(error);
                skip_statement(input, start);
            }
        }
    }
    states
}

/// One state statement, after its doc comments.
pub(super) fn statement(
    input: ParseStream,
    docs: Vec<LitStr>,
    cx: &mut Cx,
    place: Place,
    depth: usize,
) -> Result<StateDef> {
    if !peek_name(input) {
        return Err(err_here(
            input,
            format!(
                "expected a state{}; a state is written `NAME: kind … ;`, e.g. `Done: succeed;`",
                found(input)
            ),
        ));
    }
    let name = name(input, "a state name")?;
    if !peek_colon(input) {
        return Err(err_here(
            input,
            format!(
                "expected `:` and the state's kind after `{}`{}, e.g. `{}: pass;`",
                name.value,
                found(input),
                name.value
            ),
        ));
    }
    let _: Token![:] = input.parse()?;
    notes::state(&name);
    let before = input.cursor();
    let kind = kind(input, cx, depth)?;
    // A kind written with a block (`choice { … }`, `pass { … }`, `map(…) { … }`) ends the state
    // like a Rust block, clauses after it included; so does a last clause with a block.
    let kind_braced = ends_with_brace(before, input.cursor());
    let mut braced = kind_braced;
    let mut clauses = Vec::new();
    loop {
        if input.peek(Token![->]) || input.peek(Token![;]) {
            break;
        }
        if braced && (input.is_empty() || at_statement_start(input)) {
            // `X: choice { … }` needs no `;`, like a Rust block.
            let span = join(name.span, input.cursor().prev_span());
            return Ok(StateDef {
                docs,
                name,
                kind,
                clauses,
                next: None,
                span,
            });
        }
        if peek_any_ident(input) && !at_statement_start(input) {
            let before = input.cursor();
            clauses.push(clause(input, depth)?);
            braced = kind_braced || ends_with_brace(before, input.cursor());
            continue;
        }
        if input.peek(LitStr) && !at_statement_start(input) {
            let lit: LitStr = input.parse()?;
            return Err(syn::Error::new(
                lit.span(),
                format!(
                    "expected `->` before {:?}: a transition is written `-> {:?}`",
                    lit.value(),
                    lit.value()
                ),
            ));
        }
        return Err(err_here(
            input,
            format!(
                "expected `->` and the next state, or `;` to end {} here{}",
                place.end(),
                found(input)
            ),
        ));
    }
    // `-> ;` (the target being written): reported, and the state stands without it.
    let mut cut_short = false;
    let next = if input.peek(Token![->]) {
        let _: Token![->] = input.parse()?;
        match name_after_arrow(input) {
            Ok(next) => Some(next),
            Err(error)
                if input.is_empty() || input.peek(Token![;]) || at_statement_start(input) =>
            {
                cx.push(error);
                cut_short = true;
                None
            }
            Err(error) => return Err(error),
        }
    } else {
        None
    };
    if !input.peek(Token![;]) && !cut_short {
        let what = match &next {
            Some(next) => format!("after `-> {}`", next.value),
            None => "after the state".to_owned(),
        };
        if peek_any_ident(input) && !at_statement_start(input) && next.is_some() {
            let word = next_word(input).unwrap_or_default();
            return Err(err_here(
                input,
                format!("expected `;` {what}, found `{word}`; clauses come before the `->`"),
            ));
        }
        return Err(err_here(
            input,
            format!("expected `;` {what}{}", found(input)),
        ));
    }
    let end = if input.peek(Token![;]) {
        input.parse::<Token![;]>()?.span
    } else {
        input.cursor().prev_span()
    };
    let span = join(name.span, end);
    Ok(StateDef {
        docs,
        name,
        kind,
        clauses,
        next,
        span,
    })
}

/// Whether the last token tree from `from` to `to` is a `{ … }` group.
fn ends_with_brace(from: Cursor, to: Cursor) -> bool {
    let mut cursor = from;
    let mut last_is_brace = false;
    while cursor != to {
        let Some((tree, next)) = cursor.token_tree() else {
            break;
        };
        last_is_brace =
            matches!(&tree, TokenTree::Group(group) if group.delimiter() == Delimiter::Brace);
        cursor = next;
    }
    last_is_brace
}

/// The target after `->` (noted for the editor, even when missing).
fn name_after_arrow(input: ParseStream) -> Result<Name> {
    let quoted = input.peek(LitStr);
    if peek_name(input) {
        let next = name(input, "the next state's name");
        notes::target(next.as_ref().ok(), quoted);
        next
    } else {
        notes::target(None, false);
        Err(err_here(
            input,
            format!(
                "expected the next state's name after `->`{}, e.g. `-> Done` or `-> \"Next step\"`",
                found(input)
            ),
        ))
    }
}

/// The kind of a state, with its body or arguments.
fn kind(input: ParseStream, cx: &mut Cx, depth: usize) -> Result<StateKindDef> {
    let Some(word) = next_word(input) else {
        notes::kind(None);
        let advice = if input.peek(LitStr) {
            "; write `task \"arn:…\"` for a resource ARN"
        } else {
            ""
        };
        return Err(err_here(
            input,
            format!(
                "expected the state's kind (`pass`, `task`, `choice`, `wait`, `succeed`, `fail`, `parallel`, `map` or \
             an integration such as `lambda::invoke`){}{advice}",
                found(input)
            ),
        ));
    };
    if input.peek2(Token![::]) {
        let (path, pattern, span) = integration_recovering(input, Usage::Task, cx)?;
        let body = notes::request(|| body(input, cx, depth));
        return Ok(StateKindDef::Integration {
            path,
            pattern,
            body,
            span,
        });
    }
    let ident = Ident::parse_any(input)?;
    notes::kind(Some(&ident));
    let keyword = ident.span();
    Ok(match word.as_str() {
        "pass" => StateKindDef::Pass {
            keyword,
            body: body(input, cx, depth),
        },
        "task" => {
            if !input.peek(LitStr) {
                return Err(err_here(
                    input,
                    format!(
                        "expected the resource ARN as a string after `task`{}, e.g. `task \
                     \"arn:aws:states:::lambda:invoke\"`; for an integration write its path instead, e.g. \
                     `lambda::invoke`",
                        found(input)
                    ),
                ));
            }
            let resource: LitStr = input.parse()?;
            StateKindDef::Task {
                keyword,
                resource,
                body: body(input, cx, depth),
            }
        }
        "choice" => {
            let ((rules, otherwise), body_span) = in_braces(
                input,
                "expected `{` and the rules after `choice`, e.g. `choice { when $.ok == true => Done, otherwise => \
                 Retry }`",
                |content| Ok(arms(content, cx, depth)),
            )?;
            StateKindDef::Choice {
                keyword,
                rules,
                otherwise,
                body_span,
            }
        }
        "wait" => {
            let (args, _) = args(
                input,
                "expected `(seconds = …)` or `(timestamp = …)` after `wait`, e.g. `wait(seconds = 3)`",
                depth,
            )?;
            StateKindDef::Wait { keyword, args }
        }
        "succeed" => StateKindDef::Succeed { keyword },
        "fail" => StateKindDef::Fail {
            keyword,
            args: opt_args(input, depth)?,
        },
        "parallel" => {
            let (branches, _) = in_braces(
                input,
                "expected `{` and the branches after `parallel`, e.g. `parallel { branch { A: pass; } branch { B: \
                 pass; } }`",
                |content| Ok(branches(content, cx, depth)),
            )?;
            StateKindDef::Parallel { keyword, branches }
        }
        "map" => {
            let args = opt_args(input, depth)?;
            let (states, body_span) = in_braces(
                input,
                "expected `{` and the states of each iteration after `map(…)`, e.g. `map(items = $.orders) { \
                 Check: pass; }`",
                |content| Ok(states(content, cx, Place::Iteration, depth + 1)),
            )?;
            StateKindDef::Map {
                keyword,
                args,
                states,
                body_span,
            }
        }
        _ => return Err(syn::Error::new(keyword, unknown_kind(&word))),
    })
}

/// The `{ … }` after a kind, if written; one that does not parse (a request being written) is
/// reported and left out, and the state stands without it.
fn body(input: ParseStream, cx: &mut Cx, depth: usize) -> Option<crate::ast::Value> {
    cx.ok(opt_object(input, depth)).flatten()
}

/// "unknown state kind" with a suggestion.
fn unknown_kind(word: &str) -> String {
    let services: Vec<&str> = kw::INTEGRATIONS
        .iter()
        .map(|path| path.split("::").next().unwrap_or(path))
        .collect();
    let suggestion = if let Some(path) = kw::INTEGRATIONS
        .iter()
        .find(|path| path.split("::").next() == Some(word))
    {
        Some(format!(
            "`{path}` (an integration is written `service::action`)"
        ))
    } else if let Some(kind) = did_you_mean(word, kw::KINDS) {
        Some(format!("`{kind}`"))
    } else if let Some(service) = did_you_mean(word, &services) {
        kw::INTEGRATIONS
            .iter()
            .find(|path| path.split("::").next() == Some(service))
            .map(|path| format!("`{path}`"))
    } else {
        None
    };
    match suggestion {
        Some(suggestion) => format!("unknown state kind `{word}`; did you mean {suggestion}?"),
        None => format!(
            "unknown state kind `{word}`; the kinds are `pass`, `task`, `choice`, `wait`, `succeed`, `fail`, \
             `parallel`, `map` and integrations such as `lambda::invoke`"
        ),
    }
}

/// The arms of a `choice`, each broken one reported and skipped.
fn arms(input: ParseStream, cx: &mut Cx, depth: usize) -> (Vec<ChoiceRuleDef>, Option<Name>) {
    let mut rules = Vec::new();
    let mut otherwise: Option<Name> = None;
    recovering_list(input, cx, "the arms of `choice`", |input, _| {
        rules.extend(arm(input, &mut otherwise, depth)?);
        Ok(())
    });
    (rules, otherwise)
}

/// `when COND => NAME clauses` (a rule) or `otherwise => NAME` (recorded in `otherwise`).
fn arm(
    input: ParseStream,
    otherwise: &mut Option<Name>,
    depth: usize,
) -> Result<Option<ChoiceRuleDef>> {
    if input.peek(kw::when) {
        let when: kw::when = input.parse()?;
        if otherwise.is_some() {
            return Err(syn::Error::new(
                when.span,
                "`otherwise` must be the last arm of `choice`; move this `when` before it",
            ));
        }
        let condition = cond(input, depth + 1)?;
        arrow(input, "the condition")?;
        let next = target(input)?;
        let mut clauses: Vec<Clause> = Vec::new();
        while !input.is_empty() && !input.peek(Token![,]) {
            if !peek_any_ident(input) {
                return Err(err_here(
                    input,
                    format!("expected `,` between the arms of `choice`{}", found(input)),
                ));
            }
            clauses.push(clause(input, depth)?);
        }
        return Ok(Some(ChoiceRuleDef {
            keyword: when.span,
            condition,
            next,
            clauses,
        }));
    }
    if input.peek(kw::otherwise) {
        let keyword: kw::otherwise = input.parse()?;
        arrow(input, "`otherwise`")?;
        let next = target(input)?;
        if otherwise.is_some() {
            return Err(syn::Error::new(
                keyword.span,
                "`choice` has two `otherwise` arms; keep one",
            ));
        }
        *otherwise = Some(next);
        return Ok(None);
    }
    let advice = match next_word(input).as_deref() {
        Some("default" | "else" | "_") => "; the default arm is written `otherwise => STATE`",
        Some("if" | "case" | "wehn" | "whan" | "hwen") => "; a rule starts with `when`",
        _ => "",
    };
    Err(err_here(
        input,
        format!(
            "expected `when CONDITION => STATE` or `otherwise => STATE`{}{advice}",
            found(input)
        ),
    ))
}

/// `=>` after `what`.
fn arrow(input: ParseStream, what: &str) -> Result<()> {
    if input.peek(Token![=>]) {
        let _: Token![=>] = input.parse()?;
        Ok(())
    } else if input.peek(Token![->]) {
        Err(err_here(
            input,
            "write `=>` (not `->`) before the state a choice rule goes to",
        ))
    } else {
        Err(err_here(
            input,
            format!(
                "expected `=>` and the state to go to after {what}{}",
                found(input)
            ),
        ))
    }
}

/// The state a choice arm goes to (noted for the editor, even when missing).
fn target(input: ParseStream) -> Result<Name> {
    let quoted = input.peek(LitStr);
    if peek_name(input) {
        let next = name(input, "the state to go to");
        notes::target(next.as_ref().ok(), quoted);
        next
    } else {
        notes::target(None, false);
        Err(err_here(
            input,
            format!(
                "expected the name of the state to go to after `=>`{}",
                found(input)
            ),
        ))
    }
}

/// The `branch { … }` blocks of a `parallel`.
fn branches(input: ParseStream, cx: &mut Cx, depth: usize) -> Vec<BranchDef> {
    let mut branches = Vec::new();
    while !input.is_empty() {
        let _ = docs(input, cx, "a branch");
        if input.is_empty() {
            break;
        }
        if input.peek(kw::branch) && input.peek2(token::Brace) {
            let keyword: kw::branch = match input.parse() {
                Ok(keyword) => keyword,
                Err(error) => {
                    cx.push(error);
                    break;
                }
            };
            let result = in_braces(input, "expected `{`", |content| {
                Ok(states(content, cx, Place::Branch, depth + 1))
            });
            match result {
                Ok((states, _)) => branches.push(BranchDef {
                    keyword: keyword.span,
                    states,
                }),
                Err(error) => cx.push(error),
            }
            // Commas between branches are tolerated.
            if input.peek(Token![,]) {
                let _ = input.parse::<Token![,]>();
            }
            continue;
        }
        cx.push(err_here(
            input,
            format!(
                "expected `branch {{ … }}` inside `parallel`{}",
                found(input)
            ),
        ));
        // Skip to the next `branch`.
        let _ = input.parse::<TokenTree>();
        while !(input.is_empty() || input.peek(kw::branch) && input.peek2(token::Brace)) {
            if input.parse::<TokenTree>().is_err() {
                break;
            }
        }
    }
    branches
}

//! Where data came from, in words, for the data-flow messages: the states a state's input
//! comes from and what each did to it (its `ResultPath`, `OutputPath`, `Result`, a Catcher),
//! and the states that assign a variable.

use super::{Came, Flow, is_jsonata};
use crate::diagnostic::{Field, Message, message};
use crate::model::{PathOrNull, State};
use crate::validate::{Scope, ScopeKind};

/// `. The input of `S` comes from …` (empty when nothing reaches `name`).
pub(crate) fn origin(
    flow: &Flow<'_>,
    name: &str,
    scope: &Scope<'_>,
    scopes: &[Scope<'_>],
) -> Message {
    let mut parts: Vec<Message> = Vec::new();
    for came in flow.from.get(name).map(Vec::as_slice).unwrap_or_default() {
        let part = describe(*came, scope, scopes);
        if !parts.contains(&part) {
            parts.push(part);
        }
    }
    if parts.is_empty() {
        return Message::default();
    }
    message![
        format!(". The input of `{name}` comes from "),
        Message::join(parts, "; and from ")
    ]
}

/// One way in, in words.
fn describe(came: Came<'_>, scope: &Scope<'_>, scopes: &[Scope<'_>]) -> Message {
    match came {
        Came::Entry => match (scope.kind, scope.owner()) {
            (ScopeKind::Branch { .. }, Some(owner)) => {
                format!("the input of Parallel state `{owner}`").into()
            }
            (ScopeKind::Iteration { .. }, Some(owner)) => {
                let parent = scope.parent.and_then(|p| scopes.get(p));
                let selector = matches!(
                    parent.and_then(|p| p.states.get(owner)),
                    Some(State::Map(m)) if m.item_selector.is_some()
                );
                if selector {
                    message![
                        "what the ",
                        Field::ItemSelector,
                        format!(" of Map state `{owner}` builds")
                    ]
                } else {
                    format!("an item of Map state `{owner}`").into()
                }
            }
            _ => "the execution input".into(),
        },
        Came::Next(from) => match scope.states.get(from) {
            Some(state) if !is_jsonata(scope, state) => {
                message![format!("`{from}`"), effect(state)]
            }
            Some(state) if state.output().is_some() => {
                message![format!("`{from}`, whose "), Field::Output, " built it"]
            }
            _ => format!("`{from}`").into(),
        },
        Came::Caught(from, i) => {
            let at = scope
                .states
                .get(from)
                .filter(|state| !is_jsonata(scope, state))
                .and_then(|state| state.catchers())
                .and_then(|c| c.get(i))
                .and_then(|c| c.result_path.as_ref());
            match at {
                Some(PathOrNull::Path(p)) if p != "$" => {
                    format!(
                        "the catcher of `{from}`, which put the error `{{Error, Cause}}` at `{p}` of its input"
                    ).into()
                }
                Some(PathOrNull::Null) => {
                    format!("the catcher of `{from}`, which passed its input on").into()
                }
                _ => {
                    format!("the catcher of `{from}`, whose output is the error `{{Error, Cause}}`").into()
                }
            }
        }
    }
}

/// What a JSONPath state did to its input before handing it on: `, whose `ResultPath` put its
/// result at `$.price``, ….
fn effect(state: &State) -> Message {
    let mut parts = Vec::new();
    if let Some(PathOrNull::Path(p)) = state.input_path()
        && p != "$"
    {
        parts.push(message![
            "whose ",
            Field::InputPath,
            format!(" selected `{p}`")
        ]);
    }
    let what = match state {
        State::Pass(p) if p.result.is_some() => Some(message!["its ", Field::Result]),
        State::Pass(p) if p.parameters.is_some() => {
            Some(message!["what its ", Field::Parameters, " build"])
        }
        State::Pass(_) => None,
        State::Task(_) => Some("its result".into()),
        State::Parallel(_) => Some("its branches' outputs".into()),
        State::Map(_) => Some("its iterations' outputs".into()),
        _ => None,
    };
    if let Some(what) = what {
        match state.result_path() {
            Some(PathOrNull::Path(p)) if p != "$" => {
                parts.push(message![
                    "whose ",
                    Field::ResultPath,
                    " put ",
                    what,
                    format!(" at `{p}`")
                ]);
            }
            Some(PathOrNull::Null) => {
                parts.push(message![
                    "whose ",
                    Field::ResultPath,
                    " is null (it passed its input on)"
                ]);
            }
            _ => parts.push(message!["whose output is ", what]),
        }
    }
    if let Some(PathOrNull::Path(p)) = state.output_path()
        && p != "$"
    {
        parts.push(message![
            "whose ",
            Field::OutputPath,
            format!(" selected `{p}`")
        ]);
    }
    if parts.is_empty() {
        return Message::default();
    }
    message![", ", Message::join(parts, " and ")]
}

/// The states of `scope` and of the scopes around it that assign the variable `name`.
pub(crate) fn assigners<'m>(scopes: &[Scope<'m>], scope: &Scope<'m>, name: &str) -> Vec<&'m str> {
    let mut out = Vec::new();
    let mut at = Some(scope);
    while let Some(s) = at {
        for (state_name, state) in s.states {
            if assigns(state, name) {
                out.push(state_name.as_str());
            }
        }
        if !out.is_empty() {
            break;
        }
        at = s.parent.and_then(|p| scopes.get(p));
    }
    out
}

/// Whether `state` (its own `Assign`, a Choice rule's or a Catcher's) assigns `name`.
fn assigns(state: &State, name: &str) -> bool {
    let has =
        |a: &crate::model::Assign| a.keys().any(|k| k.strip_suffix(".$").unwrap_or(k) == name);
    let rules = match state {
        State::Choice(c) => c.choices.iter().any(|r| r.assign.as_ref().is_some_and(has)),
        _ => false,
    };
    rules
        || state.assign().is_some_and(has)
        || state
            .catchers()
            .unwrap_or_default()
            .iter()
            .any(|c| c.assign.as_ref().is_some_and(has))
}

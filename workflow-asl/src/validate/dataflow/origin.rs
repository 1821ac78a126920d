//! Where data came from, in words, for the data-flow messages: the states a state's input
//! comes from and what each did to it (its `ResultPath`, `OutputPath`, `Result`, a Catcher),
//! and the states that assign a variable.

use super::{Came, Flow, is_jsonata};
use crate::diagnostic::{Field, Message, message};
use crate::model::{PathOrNull, State};
use crate::path::{Path, Root, Segment};
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

/// Where the top-level field `field` of the input of `name` was put, when it came there through
/// states that passed it on unchanged: `; `$.field` was put there by `W`, whose `ResultPath`
/// put its result at `$.field`, and passed on unchanged by `A`, `B``. Empty when the field
/// comes from the state(s) just before `name` (the sentence of [`origin`] names them) or from
/// nowhere known. The walk goes back along transitions only, iteratively.
pub(crate) fn field_origin(flow: &Flow<'_>, name: &str, scope: &Scope<'_>, field: &str) -> Message {
    let Some(walk) = walk_field(flow, name, scope, field) else {
        return Message::default();
    };
    // Nothing passed it on: the states just before wrote it, as the sentence already says.
    if walk.through.is_empty() || walk.writers.is_empty() {
        return Message::default();
    }
    let described: Vec<Message> = walk
        .writers
        .iter()
        .map(|w| describe(Came::Next(w), scope, &[]))
        .collect();
    message![
        format!("; `$.{field}` was put there by "),
        Message::join(described, " or by "),
        format!(
            ", and passed on unchanged by {}",
            walk.through
                .iter()
                .map(|t| format!("`{t}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    ]
}

/// The states that last wrote the top-level field `field` of the input of `name`, walking back
/// through the states that passed it on unchanged: `None` when the walk meets anything else
/// (the scope's entry, a Catcher, a JSONata state, an `InputPath` or `OutputPath`), so that
/// every path into `name` is accounted for.
pub(crate) fn field_writers<'m>(
    flow: &Flow<'m>,
    name: &str,
    scope: &Scope<'m>,
    field: &str,
) -> Option<Vec<&'m str>> {
    let walk = walk_field(flow, name, scope, field)?;
    (walk.every_way && !walk.writers.is_empty()).then_some(walk.writers)
}

/// Where the top-level field of a state's input came from, walking back along transitions.
struct FieldWalk<'m> {
    /// The states that wrote it.
    writers: Vec<&'m str>,
    /// The states that passed it on unchanged.
    through: Vec<&'m str>,
    /// Whether every way back was a transition from a known state (no scope entry, Catcher
    /// or unreached state on the way).
    every_way: bool,
}

/// Walks back from the input of `name` along transitions (`Next`, Choice rules), through the
/// states that pass `field` on unchanged, to those that wrote it; `None` when the walk meets a
/// JSONata state or one that reshapes its input or output. Iterative.
fn walk_field<'m>(
    flow: &Flow<'m>,
    name: &str,
    scope: &Scope<'m>,
    field: &str,
) -> Option<FieldWalk<'m>> {
    let mut walk = FieldWalk {
        writers: Vec::new(),
        through: Vec::new(),
        every_way: true,
    };
    let previous = |state: &str, walk: &mut FieldWalk<'m>| -> Vec<&'m str> {
        let came = flow.from.get(state).map(Vec::as_slice).unwrap_or_default();
        if came.is_empty() {
            walk.every_way = false;
        }
        came.iter()
            .filter_map(|came| match came {
                Came::Next(from) => Some(*from),
                Came::Entry | Came::Caught(..) => {
                    walk.every_way = false;
                    None
                }
            })
            .collect()
    };
    let mut seen: Vec<&'m str> = Vec::new();
    let mut stack: Vec<&'m str> = previous(name, &mut walk);
    while let Some(at) = stack.pop() {
        if seen.contains(&at) {
            continue;
        }
        seen.push(at);
        let Some(state) = scope.states.get(at) else {
            walk.every_way = false;
            continue;
        };
        if is_jsonata(scope, state) {
            return None;
        }
        match carries(state, field) {
            Carries::Through => {
                walk.through.push(at);
                stack.extend(previous(at, &mut walk));
            }
            Carries::Writes => walk.writers.push(at),
            Carries::Unknown => return None,
        }
    }
    Some(walk)
}

/// What a JSONPath state does with the top-level field of its input.
enum Carries {
    /// Passes it on as it was.
    Through,
    /// Writes it (its result replaces the input, or goes to that field).
    Writes,
    /// Reshapes its input or output (`InputPath`, `OutputPath`): not followed.
    Unknown,
}

fn carries(state: &State, field: &str) -> Carries {
    let reshaped = |p: Option<&PathOrNull>| matches!(p, Some(PathOrNull::Path(p)) if !p.path().is_ok_and(Path::is_whole_input));
    if reshaped(state.input_path()) || reshaped(state.output_path()) {
        return Carries::Unknown;
    }
    let has_result = match state {
        State::Pass(p) => p.result.is_some() || p.parameters.is_some(),
        State::Task(_) | State::Parallel(_) | State::Map(_) => true,
        _ => false,
    };
    if !has_result {
        return Carries::Through;
    }
    match state.result_path() {
        Some(PathOrNull::Null) => Carries::Through,
        Some(PathOrNull::Path(p)) if !p.path().is_ok_and(Path::is_whole_input) => {
            // A result placed at `$.field` or inside it writes the field.
            let within = p.path().is_ok_and(|p| {
                p.root == Root::Input
                    && matches!(p.segments.first(), Some(Segment::Child(name)) if name == field)
            });
            if within {
                Carries::Writes
            } else {
                Carries::Through
            }
        }
        _ => Carries::Writes,
    }
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
                let map = match parent.and_then(|p| p.states.get(owner)) {
                    Some(State::Map(m)) => Some(m),
                    _ => None,
                };
                let selector = map.is_some_and(|m| m.item_selector.is_some());
                let batch = if map.is_some_and(|m| m.item_batcher.is_some()) {
                    "a batch of "
                } else {
                    ""
                };
                if selector {
                    message![
                        format!("{batch}what the "),
                        Field::ItemSelector,
                        format!(" of Map state `{owner}` builds")
                    ]
                } else if batch.is_empty() {
                    format!("an item of Map state `{owner}`").into()
                } else {
                    format!("a batch of the items of Map state `{owner}`").into()
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
        State::Parallel(_) => Some("its branches' outputs (one per branch, in order)".into()),
        // A ResultWriter exporting to S3 hands on where it wrote them instead.
        State::Map(_) if exports_results(state) => Some(message![
            "where ",
            Field::ResultWriter,
            " wrote the results (`{MapRunArn, ResultWriterDetails}`)"
        ]),
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
    let joined = message![", ", Message::join(parts, " and ")];
    // Issue 45: a reader expecting the results gets where they were written; say that the
    // writer is why (AWS documentation, "ResultWriter (Map)": a Map that exports its results
    // to S3 returns `{"MapRunArn", "ResultWriterDetails": {"Bucket", "Key"}}`, the key that
    // of the manifest listing the result files).
    if exports_results(state) && !matches!(state.result_path(), Some(PathOrNull::Null)) {
        return message![
            joined,
            "; ",
            Field::ResultWriter,
            " exports the results to S3, so the Map outputs where it wrote them, not the results (they are in S3, listed by the manifest at `ResultWriterDetails.Key`)"
        ];
    }
    joined
}

/// Whether `state` is a Map whose `ResultWriter` exports its results to S3 (it has a
/// `Resource`), so that its result is where they were written.
fn exports_results(state: &State) -> bool {
    matches!(state, State::Map(m) if m.result_writer.as_ref().is_some_and(|w| w.resource.is_some()))
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
    let has = |a: &crate::model::PayloadTemplate| {
        a.keys().any(|k| k.strip_suffix(".$").unwrap_or(k) == name)
    };
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

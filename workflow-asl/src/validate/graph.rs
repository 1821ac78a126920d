//! The state graph of every scope: `StartAt`, transition targets, `Next`/`End`, reachability,
//! terminal states, and unique state names across the machine. All traversals iterative.

use super::{Cx, Scope, ScopeKind, StateCx};
use crate::diagnostic::{Field, Message, Term, message};
use crate::model::{ExitField, State, Transition};
use crate::{Code, Pointer};
use std::collections::{HashMap, HashSet};

/// The longest state name the service accepts, in characters.
pub(super) const MAX_STATE_NAME_CHARS: usize = 80;

/// Checks the graph of every scope.
pub(crate) fn check_graph(cx: &mut Cx<'_>, scopes: &[Scope<'_>]) {
    let mut home: HashMap<&str, usize> = HashMap::new();
    for scope in scopes {
        for name in scope.states.keys() {
            home.entry(name.as_str()).or_insert(scope.index);
        }
    }
    // States that a transition in another scope names: such a transition is one mistake (it
    // tries to leave or enter a branch), and the state it names is unreachable only because of it.
    let mut named_elsewhere: HashSet<&str> = HashSet::new();
    for scope in scopes {
        for state in scope.states.values() {
            for target in state.successors() {
                if !scope.states.contains_key(target) && home.contains_key(target) {
                    named_elsewhere.insert(target);
                }
            }
        }
    }
    for scope in scopes {
        check_scope(cx, scope, scopes, &home, &named_elsewhere);
    }
}

fn check_scope(
    cx: &mut Cx<'_>,
    scope: &Scope<'_>,
    scopes: &[Scope<'_>],
    home: &HashMap<&str, usize>,
    named_elsewhere: &HashSet<&str>,
) {
    let names: Vec<&str> = scope.states.keys().map(String::as_str).collect();
    let start_ok = scope.states.contains_key(scope.start_at);
    // Names suggested for unknown targets, or named by a transition of another scope: their
    // unreachability is the same mistake.
    let mut suggested: HashSet<&str> = named_elsewhere.clone();
    let mut unknown_targets = false;
    let mut suggester = workflow_text::suggest::Suggester::new(&names);
    if !start_ok {
        let message = unknown_target(
            scope.start_at,
            "`StartAt`",
            &mut suggester,
            scope,
            scopes,
            home,
        );
        cx.error(
            Code::MissingTransitionTarget,
            scope.pointer.key("StartAt"),
            message,
        );
    }
    for (name, state) in scope.states {
        let pointer = scope.states_pointer().key(name);
        for (target, at) in targets(state, &pointer) {
            if !scope.states.contains_key(target) {
                unknown_targets = true;
                suggested.extend(suggester.suggest(target));
                let from = format!("transition from `{name}`");
                let message = unknown_target(target, &from, &mut suggester, scope, scopes, home);
                cx.error(Code::MissingTransitionTarget, at, message);
            }
        }
        let needs_transition =
            !matches!(state, State::Choice(_) | State::Succeed(_) | State::Fail(_));
        if needs_transition && state.transition().is_none() {
            cx.error(
                Code::MissingNext,
                pointer,
                message![
                    format!("state `{name}` needs "),
                    Field::Next,
                    " (the state that follows) or ",
                    Term::End
                ],
            );
        }
    }
    // Without a terminal state the scope is wrong, unless a transition names a state it does
    // not have: that transition (perhaps meant to leave the scope) is then the one mistake.
    if !unknown_targets && !scope.states.values().any(State::is_terminal) {
        cx.error(
            Code::MissingEndState,
            scope.states_pointer(),
            message![
                format!("{} has no terminal state; ", describe_scope(scope)),
                Term::AddEndingState
            ],
        );
    }
    if start_ok {
        check_reachability(cx, scope, &suggested, unknown_targets);
    }
}

/// Every transition target of a state with the pointer of the field that names it.
fn targets<'s>(state: &'s State, pointer: &Pointer) -> Vec<(&'s str, Pointer)> {
    state
        .exits()
        .into_iter()
        .map(|exit| {
            let at = match exit.field {
                ExitField::Next => pointer.key("Next"),
                ExitField::ChoiceRule(i) => pointer.key("Choices").index(i).key("Next"),
                ExitField::Default => pointer.key("Default"),
                ExitField::Catcher(i) => pointer.key("Catch").index(i).key("Next"),
            };
            (exit.target, at)
        })
        .collect()
}

fn unknown_target(
    target: &str,
    from: &str,
    suggester: &mut workflow_text::suggest::Suggester<'_>,
    scope: &Scope<'_>,
    scopes: &[Scope<'_>],
    home: &HashMap<&str, usize>,
) -> Message {
    if let Some(&other) = home.get(target) {
        let elsewhere = describe_scope(&scopes[other]);
        return message![
            format!(
                "state `{target}` in {from} is in {elsewhere}, not in {}; a transition cannot leave or enter a Parallel branch or a Map processor — end this scope and continue from its owner's ",
                describe_scope(scope)
            ),
            Field::Next
        ];
    }
    let mut message = format!("unknown state `{target}` in {from}");
    match suggester.suggest(target) {
        Some(best) => message.push_str(&format!("; did you mean `{best}`?")),
        None => message.push_str(&format!(
            "; {} has no state of that name",
            describe_scope(scope)
        )),
    }
    message.into()
}

/// The state of `scope` a transition to `target` goes to: `target` itself, or, when the scope
/// has no state of that name, the one its `MISSING_TRANSITION_TARGET` error suggests (the same
/// "did you mean"). The reachability check and the data-flow types follow a misspelt
/// transition there, so that what follows from the misspelling is not a second error and the
/// states behind it are typed as the workflow was meant.
pub(crate) fn meant_target<'s>(scope: &Scope<'s>, target: &str) -> Option<&'s str> {
    if let Some((name, _)) = scope.states.get_key_value(target) {
        return Some(name.as_str());
    }
    let names: Vec<&'s str> = scope.states.keys().map(String::as_str).collect();
    workflow_text::suggest::did_you_mean(target, &names)
}

/// "the machine", "branch 2 of Parallel state `P`", "the item processor of Map state `M`".
pub(crate) fn describe_scope(scope: &Scope<'_>) -> String {
    match (scope.kind, scope.owner()) {
        (ScopeKind::Branch { .. }, Some(owner)) => {
            let index = scope.pointer.segments().last().unwrap_or_default();
            format!("branch {index} of Parallel state `{owner}`")
        }
        (ScopeKind::Iteration { .. }, Some(owner)) => {
            format!("the item processor of Map state `{owner}`")
        }
        _ => "the state machine".to_owned(),
    }
}

/// Reports states no transition reaches, and reachable states from which no terminal state
/// can be reached. States already suggested as the target of a misspelt transition are not
/// reported unreachable, and paths to the end are not judged while a target is unknown: both
/// would repeat the same mistake.
fn check_reachability(
    cx: &mut Cx<'_>,
    scope: &Scope<'_>,
    suggested: &HashSet<&str>,
    unknown_targets: bool,
) {
    let index: HashMap<&str, usize> = scope
        .states
        .keys()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    // A transition to a state the scope lacks is followed to the state its error suggests:
    // the states after the misspelt name are unreachable only because of it (one mistake, one
    // error), and are judged as the workflow was meant.
    let names: Vec<&str> = scope.states.keys().map(String::as_str).collect();
    let mut suggester = workflow_text::suggest::Suggester::new(&names);
    let successors: Vec<Vec<usize>> = scope
        .states
        .values()
        .map(|s| {
            s.successors()
                .into_iter()
                .filter_map(|t| match index.get(t) {
                    Some(&i) => Some(i),
                    None => suggester.suggest(t).and_then(|m| index.get(m).copied()),
                })
                .collect()
        })
        .collect();
    let Some(&start) = index.get(scope.start_at) else {
        return;
    };
    let reachable = flood(
        start..start + 1,
        |i| successors[i].clone(),
        scope.states.len(),
    );

    let mut predecessors = vec![Vec::new(); scope.states.len()];
    for (from, tos) in successors.iter().enumerate() {
        for &to in tos {
            predecessors[to].push(from);
        }
    }
    let terminals: Vec<usize> = scope
        .states
        .values()
        .enumerate()
        .filter(|(_, s)| s.is_terminal())
        .map(|(i, _)| i)
        .collect();
    let can_finish = flood(
        terminals.into_iter(),
        |i| predecessors[i].clone(),
        scope.states.len(),
    );
    let any_terminal = can_finish.iter().any(|&f| f);
    // Report a loop with no way out once, where the execution enters it: at `StartAt`, or at a
    // state with a predecessor that could still have finished.
    let enters_trap = |i: usize| i == start || predecessors[i].iter().any(|&p| can_finish[p]);

    // A state that ends the workflow written just before states nothing reaches most likely
    // lost its transition to them: one error at it, naming it, and none for the states its
    // lost transition would have reached.
    let mut explained = vec![false; scope.states.len()];
    let states: Vec<(&String, &State)> = scope.states.iter().collect();
    for (i, pair) in states.windows(2).enumerate() {
        let [(before, state), (after, _)] = pair else {
            continue;
        };
        let next = i + 1;
        if !reachable[i]
            || reachable[next]
            || explained[next]
            || suggested.contains(after.as_str())
            || !matches!(state.transition(), Some(Transition::End))
        {
            continue;
        }
        let lost = flood(
            next..next + 1,
            |j| successors[j].clone(),
            scope.states.len(),
        );
        let mut others = 0usize;
        for (j, reached) in lost.iter().enumerate() {
            if *reached && !reachable[j] {
                explained[j] = true;
                others += usize::from(j != next);
            }
        }
        let also = match others {
            0 => String::new(),
            1 => " (and the state after it)".to_owned(),
            n => format!(" (and the {n} states after it)"),
        };
        cx.error(
            Code::MissingTransitionTarget,
            scope.states_pointer().key(before).key("End"),
            message![
                format!("state `{before}` ends the workflow, so `{after}`, written after it, is unreachable{also}: did `{before}` lose its "),
                Field::Next,
                format!("? Give it one to `{after}`, or remove `{after}`"),
            ],
        );
    }

    for (i, name) in scope.states.keys().enumerate() {
        let pointer = scope.states_pointer().key(name);
        if !reachable[i] && !suggested.contains(name.as_str()) && !explained[i] {
            cx.error(
                Code::MissingTransitionTarget,
                pointer,
                message![
                    format!(
                        "state `{name}` is unreachable: no transition from `StartAt` (`{}`) leads to it; remove it or add a ",
                        scope.start_at
                    ),
                    Field::Next,
                    " to it"
                ],
            );
        } else if reachable[i]
            && any_terminal
            && !unknown_targets
            && !can_finish[i]
            && enters_trap(i)
        {
            cx.warning(
                Code::NoPathToEnd,
                pointer,
                message![
                    format!("no terminal state can be reached from state `{name}`: once entered, the execution loops until it fails or times out; add a transition towards "),
                    Term::EndingStates
                ],
            );
        }
    }
}

/// Marks every node reachable from `starts` through `next`, without recursion.
fn flood(
    starts: impl Iterator<Item = usize>,
    next: impl Fn(usize) -> Vec<usize>,
    n: usize,
) -> Vec<bool> {
    let mut seen = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    for s in starts {
        if !seen[s] {
            seen[s] = true;
            stack.push(s);
        }
    }
    while let Some(i) = stack.pop() {
        for j in next(i) {
            if !seen[j] {
                seen[j] = true;
                stack.push(j);
            }
        }
    }
    seen
}

/// State names must be unique across the whole machine, branches and processors included.
pub(crate) fn check_unique_names(cx: &mut Cx<'_>, scopes: &[Scope<'_>]) {
    let mut first: HashMap<&str, Pointer> = HashMap::new();
    let mut reported: HashSet<Pointer> = HashSet::new();
    for scope in scopes {
        for name in scope.states.keys() {
            let pointer = scope.states_pointer().key(name);
            match first.get(name.as_str()) {
                None => {
                    first.insert(name, pointer);
                }
                Some(original) if reported.insert(pointer.clone()) => cx.error(
                    Code::DuplicateStateName,
                    pointer,
                    format!(
                        "state name `{name}` is already used at `{original}`; state names must be unique across the whole machine, branches and processors included — rename one of them"
                    ),
                ),
                Some(_) => {}
            }
        }
    }
}

/// State names are 1–80 characters without control characters.
pub(crate) fn check_state_name(cx: &mut Cx<'_>, s: &StateCx<'_>) {
    let chars = s.name.chars().count();
    let problem = if chars == 0 {
        Some("a state name cannot be empty".to_owned())
    } else if chars > MAX_STATE_NAME_CHARS {
        Some(format!(
            "state name `{}…` is {chars} characters long; the limit is {MAX_STATE_NAME_CHARS}, shorten it",
            s.name.chars().take(20).collect::<String>()
        ))
    } else if s.name.chars().any(char::is_control) {
        Some(format!(
            "state name `{}` contains a control character; remove it",
            s.name.escape_debug()
        ))
    } else {
        None
    };
    if let Some(message) = problem {
        cx.error(Code::InvalidStateName, s.pointer.clone(), message);
    }
}

//! JSONata states in the walk of a Task's result: what their expressions read of
//! `$states.input` (or, in the Task's own `Output` and `Assign`, of `$states.result`), with
//! the type a comparison with a literal needs there, and where the result goes when an
//! `Output` (a Choice rule's, a Catcher's) or a Parallel's `Arguments` places a plain path
//! (`{"order": "{% $states.input.r %}"}`) in what the state hands on. Without `Output`, a
//! Task, Parallel or Map hands on its result (the AWS CDK's `JsonataCommonOptions.outputs`:
//! "Default: $states.result or $states.errorOutput") and a Pass, Wait, Choice or Succeed state
//! its input, as the data-flow types have it (`jsonata_output`).

use super::super::states_paths::{Root, plain_path, root_and_segments};
use super::super::types::DataType;
use super::{Place, Walk};
use crate::Pointer;
use crate::model::{ExitField, JsonRoots, ParsedJson, State};
use crate::path::Segment;
use crate::validate::jsonata_expressions;
use serde_json::Value;
use std::collections::HashSet;
use workflow_jsonata::jsonata_string::JsonataString;
use workflow_jsonata::{Literal, PathStep, VariablePath};

/// The deepest JSON level of an `Output` searched for plain paths that move a value.
const MAX_DEPTH: usize = 32;

/// A plain path an `Output` places whole: the object keys it is written at (`to`), the keys it
/// reads from its root (`from`), and the expression's pointer in the state.
pub(super) struct Move {
    at: Pointer,
    pub(super) to: Vec<String>,
    pub(super) from: Vec<String>,
}

/// Every member of `value` (found at `at` in the state) that is exactly a plain path from
/// `root` made of keys, at a place reached by object keys only: what it moves whole.
pub(super) fn moves<T: JsonRoots>(value: &ParsedJson<T>, at: &Pointer, root: &Root) -> Vec<Move> {
    let mut out = Vec::new();
    let mut stack: Vec<(Pointer, Vec<String>, &Value)> = value
        .json()
        .roots()
        .into_iter()
        .map(|(pointer, key, v)| {
            (
                at.join(&pointer),
                key.map(str::to_owned).into_iter().collect(),
                v,
            )
        })
        .collect();
    while let Some((pointer, to, v)) = stack.pop() {
        match v {
            Value::Object(map) if to.len() < MAX_DEPTH => {
                for (key, inner) in map {
                    let mut deeper = to.clone();
                    deeper.push(key.clone());
                    stack.push((pointer.key(key), deeper, inner));
                }
            }
            Value::String(text) => {
                let Some((r, segments)) = value.expression(text).and_then(plain_path) else {
                    continue;
                };
                if r == *root
                    && let Some(from) = child_keys(&segments)
                {
                    out.push(Move {
                        at: pointer,
                        to,
                        from,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// The keys of a path of object keys only.
fn child_keys(segments: &[Segment]) -> Option<Vec<String>> {
    segments
        .iter()
        .map(|s| match s {
            Segment::Child(name) => Some(name.clone()),
            _ => None,
        })
        .collect()
}

/// What one expression reads from `root`: each path's keys up to its first step that is not
/// a key (to its first key where it is read as a sequence), with the type a comparison with a
/// literal needs there (`$states.input.ok = true`: a
/// boolean). `$states` read whole reads every root whole; an expression that does not parse
/// is taken as reading its roots whole.
pub(super) fn reads(expression: &JsonataString, root: &Root) -> Vec<Read> {
    let Ok(parsed) = expression.expression() else {
        return vec![Read::whole(Vec::new())];
    };
    let refs = parsed.references();
    let mut out = Vec::new();
    let whole_states = refs.variables.iter().filter(|(n, _)| n == "states").count();
    if whole_states > refs.states_fields.len() {
        out.push(Read::whole(Vec::new()));
    }
    for path in &refs.variable_paths {
        if let Some(mut keys) = keys_from(path, root) {
            // Where a sequence is taken (`$sum($states.input.p.byCurrency.amountCents)`), any
            // field step may map over an array: only the first key is certainly a member of
            // the value read (`p`), and what it holds may be an object or an array of them. It
            // is read, but typed only by the other reads of it, so no object type is made of
            // what may be an array.
            let sequence = refs.in_sequences.contains(&path.offset);
            if sequence {
                keys.truncate(1);
            }
            out.push(Read {
                keys,
                needs: None,
                sequence,
            });
        }
    }
    for comparison in &refs.comparisons {
        let needs = match comparison.literal {
            Literal::Bool(_) => DataType::Bool,
            Literal::Number(_) => DataType::Number,
            Literal::String(_) => DataType::String,
            Literal::Null => continue,
        };
        let plain = comparison
            .path
            .steps
            .iter()
            .all(|s| matches!(s, PathStep::Field(_)));
        if plain && let Some(keys) = keys_from(&comparison.path, root) {
            out.push(Read {
                keys,
                needs: Some(needs),
                sequence: false,
            });
        }
    }
    out
}

/// One read of [`reads`].
pub(super) struct Read {
    /// The keys read from the root.
    pub(super) keys: Vec<String>,
    /// The type a comparison with a literal needs there.
    pub(super) needs: Option<DataType>,
    /// Whether the value is read where a sequence is taken: it must be there, but its shape
    /// is what other reads say (`Walk::read_as`).
    pub(super) sequence: bool,
}

impl Read {
    /// The value at `keys`, read whole.
    fn whole(keys: Vec<String>) -> Read {
        Read {
            keys,
            needs: None,
            sequence: false,
        }
    }
}

/// The keys `path` reads from `root`, cut at its first step that is not a key; `None` when it
/// reads another root.
fn keys_from(path: &VariablePath, root: &Root) -> Option<Vec<String>> {
    let (r, segments) = root_and_segments(path)?;
    (r == *root).then(|| {
        segments
            .iter()
            .map_while(|s| match s {
                Segment::Child(name) => Some(name.clone()),
                _ => None,
            })
            .collect()
    })
}

/// The places `moves` build from the value at `place` (keys from where they read).
fn moved(moves: &[Move], place: &Place) -> Vec<Place> {
    moves
        .iter()
        .filter_map(|m| {
            let inside = place.rebase(&m.from)?;
            let mut loc = m.to.clone();
            loc.extend(inside.loc.iter().cloned());
            Some(Place { loc, ..inside })
        })
        .collect()
}

/// The value a JSONata state hands on through the exit `field`, when it has one of its own:
/// a Choice rule's `Output` (or the state's), a Catcher's, else the state's `Output`, each with
/// where it is in the state.
fn exit_output(state: &State, field: ExitField) -> Option<(Pointer, &ParsedJson)> {
    let root = Pointer::root();
    match (state, field) {
        (State::Choice(c), ExitField::ChoiceRule(i)) => match c.choices.get(i)?.output.as_ref() {
            Some(output) => Some((root.key("Choices").index(i).key("Output"), output)),
            None => state.output().map(|o| (root.key("Output"), o)),
        },
        (_, ExitField::Catcher(i)) => state
            .catchers()?
            .get(i)?
            .output
            .as_ref()
            .map(|o| (root.key("Catch").index(i).key("Output"), o)),
        _ => state.output().map(|o| (root.key("Output"), o)),
    }
}

impl<'m> Walk<'_, '_, 'm> {
    /// Follows the result into the JSONata state `name` of the scope of index `at`, entered
    /// with the result at `place` in its input.
    pub(super) fn visit_jsonata(
        &mut self,
        at: usize,
        name: &'m str,
        state: &'m State,
        place: Place,
    ) {
        let scopes = self.scopes;
        let Some(scope) = scopes.get(at) else {
            return;
        };
        // What moves the input whole into what the state hands on (or into a Parallel's
        // branches) is followed there, not read.
        let mut moving: Vec<(ExitField, Vec<Move>)> = Vec::new();
        let mut moved_at: HashSet<Pointer> = HashSet::new();
        for exit in state.exits() {
            if let Some((pointer, output)) = exit_output(state, exit.field) {
                let found = moves(output, &pointer, &Root::Input);
                moved_at.extend(found.iter().map(|m| m.at.clone()));
                moving.push((exit.field, found));
            }
        }
        let arguments = state
            .arguments()
            .map(|a| moves(a, &Pointer::root().key("Arguments"), &Root::Input));
        if let (State::Parallel(_), Some(found)) = (state, &arguments) {
            moved_at.extend(found.iter().map(|m| m.at.clone()));
        }
        // A value that returns nothing fails the state (`States.QueryEvaluationError`, as the
        // engine has it): what is moved must be there.
        // (A Catcher's Output runs only when the state fails: nothing it moves is required.)
        let required: Vec<Vec<String>> = moving
            .iter()
            .filter(|(field, _)| !matches!(field, ExitField::Catcher(_)))
            .flat_map(|(_, found)| found)
            .chain(
                arguments
                    .iter()
                    .flatten()
                    .filter(|_| matches!(state, State::Parallel(_))),
            )
            .map(|m| m.from.clone())
            .collect();
        for from in required {
            self.require(&from, &place);
        }
        for (pointer, expression) in jsonata_expressions(state, &Pointer::root()) {
            if moved_at.contains(&pointer) {
                continue;
            }
            for read in reads(expression, &Root::Input) {
                self.read_input_as(&read.keys, &place, read.needs, read.sequence);
            }
        }
        match state {
            // A Parallel's branches get its Arguments, or its input.
            State::Parallel(_) => {
                let entries = match &arguments {
                    Some(found) => moved(found, &place),
                    None => vec![place.clone()],
                };
                for branch in scopes
                    .iter()
                    .filter(|s| s.parent == Some(at) && s.owner() == Some(name))
                {
                    for entry in &entries {
                        self.go(branch.index, branch.start_at, entry.clone());
                    }
                }
            }
            // A Map without Items iterates over its input.
            State::Map(m) if m.items.is_none() && m.item_reader.is_none() => {
                self.read_input(&[], &place);
            }
            _ => {}
        }
        let passes_input = matches!(
            state,
            State::Pass(_) | State::Wait(_) | State::Choice(_) | State::Succeed(_)
        );
        for exit in state.exits() {
            let out = match moving.iter().find(|(field, _)| *field == exit.field) {
                Some((_, found)) => moved(found, &place),
                None if passes_input && !matches!(exit.field, ExitField::Catcher(_)) => {
                    vec![place.clone()]
                }
                None => Vec::new(),
            };
            for o in out {
                self.go(at, exit.target, o);
            }
        }
        if state.is_terminal() {
            let out = match state.output() {
                Some(output) => moved(
                    &moves(output, &Pointer::root().key("Output"), &Root::Input),
                    &place,
                ),
                None if passes_input => vec![place.clone()],
                None => Vec::new(),
            };
            for o in out {
                self.ended(scope, state, &o);
            }
        }
    }

    /// Follows the result of the JSONata Task `task` (named `name`, in the scope of index
    /// `at`) from its own `Output` and `Assign`, which read `$states.result`, to the states
    /// after it.
    pub(super) fn start_jsonata(&mut self, at: usize, task: &'m State) {
        let Some(scope) = self.scopes.get(at) else {
            return;
        };
        let output = task.output();
        let found = output
            .map(|o| moves(o, &Pointer::root().key("Output"), &Root::Result))
            .unwrap_or_default();
        // What Assign stores whole in a variable is read where the variable is.
        let stored = task
            .assign()
            .map(|a| moves(a, &Pointer::root().key("Assign"), &Root::Result))
            .unwrap_or_default();
        let moved_at: HashSet<&Pointer> = found.iter().chain(&stored).map(|m| &m.at).collect();
        // A value that returns nothing fails the state: what is moved must be there.
        for m in found.iter().chain(&stored) {
            self.require(&m.from, &Place::default());
        }
        let read_in =
            |value_at: Pointer, expressions: &[(Pointer, JsonataString)], walk: &mut Self| {
                for (pointer, expression) in expressions {
                    if moved_at.contains(&value_at.join(pointer)) {
                        continue;
                    }
                    for read in reads(expression, &Root::Result) {
                        if let Some(needs) = read.needs {
                            walk.hint(&read.keys, needs);
                        }
                        walk.read_as(&read.keys, read.sequence);
                    }
                }
            };
        if let Some(output) = output {
            read_in(Pointer::root().key("Output"), output.expressions(), self);
        }
        if let Some(assign) = task.assign() {
            read_in(Pointer::root().key("Assign"), assign.expressions(), self);
        }
        let places = match output {
            Some(_) => found
                .iter()
                .map(|m| Place {
                    loc: m.to.clone(),
                    inner: m.from.clone(),
                    shadow: Vec::new(),
                })
                .collect(),
            None => vec![Place {
                loc: Vec::new(),
                inner: Vec::new(),
                shadow: Vec::new(),
            }],
        };
        for p in &places {
            self.ended(scope, task, p);
        }
        if let Some(next) = task.transition().and_then(|t| t.next()) {
            for p in places {
                self.go(at, next, p);
            }
        }
    }
}

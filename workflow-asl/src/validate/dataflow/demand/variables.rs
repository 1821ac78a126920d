//! The Task's result in workflow variables: a part of it that the Task's own `Assign` stores
//! whole in a variable (`{"x.$": "$.Payload"}`, `{"x": "{% $states.result.Payload %}"}`) is read
//! where later states read that variable (`$x.approved`), until an `Assign` on the way sets the
//! variable again. Variables are visible in the states after the Task, in the branches of a
//! Parallel and the iterations of an inline Map they reach, not in a Distributed Map's child
//! executions (AWS documentation, `workflow-variables.html`: scope of variables).

use super::super::states_paths::Root as JsonataRoot;
use super::jsonata;
use super::result;
use super::{MAX_VISITS, Place, Walk, reads};
use crate::Pointer;
use crate::ScopeKind;
use crate::model::State;
use crate::path::{Root, Segment};
use crate::validate::jsonata_expressions;
use std::collections::HashSet;

/// A part of the result held in the variable `name`, at the keys `loc` of its value.
struct Held {
    name: String,
    place: Place,
}

impl<'m> Walk<'_, '_, 'm> {
    /// Follows into later states' reads of variables what the `Assign` of the Task `task` (of
    /// the scope of index `at`, a JSONata state when `is_jsonata`) stores of its result.
    pub(super) fn follow_variables(&mut self, at: usize, task: &'m State, is_jsonata: bool) {
        let Some(assign) = task.assign() else {
            return;
        };
        // (where in the variables, which part of the result)
        let moves: Vec<(Vec<String>, Vec<String>)> = if is_jsonata {
            jsonata::moves(assign, &Pointer::root(), &JsonataRoot::Result)
                .into_iter()
                .map(|m| (m.to, m.from))
                .collect()
        } else {
            result::moves(assign)
                .into_iter()
                .map(|m| (m.to, m.from))
                .collect()
        };
        let held: Vec<Held> = moves
            .into_iter()
            .filter_map(|(to, from)| {
                let (name, loc) = to.split_first()?;
                Some(Held {
                    name: name.clone(),
                    place: Place {
                        loc: loc.to_vec(),
                        inner: from,
                        shadow: Vec::new(),
                    },
                })
            })
            .collect();
        let Some(next) = task.transition().and_then(|t| t.next()) else {
            return;
        };
        for h in &held {
            self.follow_variable(at, next, h);
        }
    }

    /// Walks the states from `start` (of the scope of index `at`) that see the variable of
    /// `held` as the Task set it, recording their reads of it.
    fn follow_variable(&mut self, at: usize, start: &'m str, held: &Held) {
        let scopes = self.scopes;
        let mut seen: HashSet<(usize, &'m str)> = HashSet::new();
        let mut queue: Vec<(usize, &'m str)> = vec![(at, start)];
        while let Some((at, name)) = queue.pop() {
            if seen.len() >= MAX_VISITS {
                self.read(&held.place.inner);
                return;
            }
            if !seen.insert((at, name)) {
                continue;
            }
            let Some((scope, state)) = scopes.get(at).and_then(|s| Some((s, s.states.get(name)?)))
            else {
                continue;
            };
            let is_jsonata = super::super::is_jsonata(scope, state);
            if is_jsonata {
                let root = JsonataRoot::Variable(held.name.clone());
                for (_, expression) in jsonata_expressions(state, &Pointer::root()) {
                    for read in jsonata::reads(expression, &root) {
                        self.read_input_as(&read.keys, &held.place, read.needs, read.sequence);
                    }
                }
            } else {
                for (path, needs) in reads(state) {
                    if path.root != Root::Variable(held.name.clone()) {
                        continue;
                    }
                    let keyed = path.segments.iter().all(|s| {
                        matches!(s, Segment::Child(_)) || matches!(s, Segment::Index(i) if *i >= 0)
                    });
                    let keys = super::segment_keys(&path.segments);
                    self.read_input_typed(&keys, &held.place, needs.filter(|_| keyed));
                }
            }
            // The branches of a Parallel and the iterations of an inline Map see it.
            if matches!(state, State::Parallel(_) | State::Map(_)) {
                for nested in scopes.iter().filter(|s| {
                    s.parent == Some(at)
                        && s.owner() == Some(name)
                        && !matches!(
                            s.kind,
                            ScopeKind::Iteration {
                                distributed: true,
                                ..
                            }
                        )
                }) {
                    queue.push((nested.index, nested.start_at));
                }
            }
            for exit in state.exits() {
                let sets_it = exit.assign.is_some_and(|a| {
                    a.json()
                        .keys()
                        .any(|k| k.strip_suffix(".$").unwrap_or(k) == held.name)
                });
                if !sets_it {
                    queue.push((at, exit.target));
                }
            }
        }
    }
}

//! The walk of a definition: every `States` object (the machine's, each Parallel branch's,
//! each Map's item processor's) as a [`Scope`] that knows its place, and every state with its
//! scope. It is iterative, so any depth of nesting is walked without recursion, and it is the
//! one order the validator, the engine, the IAM policy, the macro and the CLI see states in.
//!
//! The order is the document's, scope by scope: the states of a scope in the order written,
//! then the scopes its Parallel and Map states open, each (with the scopes nested in it) in
//! the order written.
//!
//! ```
//! use workflow_asl::{ScopeKind, StateMachine};
//! let machine = StateMachine::from_json(r#"{"StartAt": "P", "States": {
//!     "P": {"Type": "Parallel", "Next": "M", "Branches": [
//!         {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}]},
//!     "M": {"Type": "Map", "End": true, "ItemProcessor": {
//!         "ProcessorConfig": {"Mode": "DISTRIBUTED"},
//!         "StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}}
//! }}"#).unwrap();
//! let walk = machine.walk();
//! let names: Vec<&str> = walk.states().map(|s| s.name).collect();
//! assert_eq!(names, ["P", "M", "A", "B"]);
//! let b = walk.states().find(|s| s.name == "B").unwrap();
//! assert_eq!(b.scope.kind, ScopeKind::Iteration { map: "M", distributed: true });
//! assert_eq!(b.pointer().as_str(), "/States/M/ItemProcessor/States/B");
//! ```

use super::{ProcessorField, QueryLanguage, State, StateMachine, States, TaskState};
use crate::Pointer;
use std::collections::HashMap;

/// What kind of `States` object a scope is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ScopeKind<'m> {
    /// The state machine's top level.
    Machine,
    /// Branch `index` of the Parallel state `parallel`.
    Branch {
        /// The Parallel state.
        parallel: &'m str,
        /// The branch's index in `Branches`.
        index: usize,
    },
    /// The item processor of the Map state `map`, which runs once per item.
    Iteration {
        /// The Map state.
        map: &'m str,
        /// Whether the Map is distributed: its iterations are child workflow executions.
        distributed: bool,
    },
}

/// One `States` object of a definition, with its place in it.
#[derive(Clone, Debug)]
pub struct Scope<'m> {
    /// Its index in the walk (0: the machine).
    pub index: usize,
    /// The index of the scope that holds the Parallel or Map state opening it.
    pub parent: Option<usize>,
    /// What it is.
    pub kind: ScopeKind<'m>,
    /// How many Parallel and Map states enclose it (0 at the top).
    pub depth: usize,
    /// `StartAt`.
    pub start_at: &'m str,
    /// `States`.
    pub states: &'m States,
    /// Its own `QueryLanguage`, if written.
    pub query_language: Option<QueryLanguage>,
    /// The query language of its states that do not name one: its own, else the machine's.
    pub default_query_language: QueryLanguage,
    /// Where the object holding `StartAt` and `States` is.
    pub pointer: Pointer,
}

impl<'m> Scope<'m> {
    /// The Parallel or Map state that opens it (`None` for the machine).
    pub fn owner(&self) -> Option<&'m str> {
        match self.kind {
            ScopeKind::Machine => None,
            ScopeKind::Branch { parallel, .. } => Some(parallel),
            ScopeKind::Iteration { map, .. } => Some(map),
        }
    }

    /// Whether it is a Distributed Map's item processor (its iterations are child workflow
    /// executions).
    pub fn is_distributed_iteration(&self) -> bool {
        matches!(
            self.kind,
            ScopeKind::Iteration {
                distributed: true,
                ..
            }
        )
    }

    /// Where its `States` object is.
    pub fn states_pointer(&self) -> Pointer {
        self.pointer.key("States")
    }

    /// Where its state `name` is.
    pub fn state_pointer(&self, name: &str) -> Pointer {
        self.pointer.key("States").key(name)
    }
}

/// A state, with its scope.
#[derive(Clone, Copy, Debug)]
pub struct StateRef<'w, 'm> {
    /// Its scope.
    pub scope: &'w Scope<'m>,
    /// Its name.
    pub name: &'m str,
    /// The state.
    pub state: &'m State,
}

impl StateRef<'_, '_> {
    /// Its query language: its own, else its scope's default.
    pub fn query_language(&self) -> QueryLanguage {
        self.state
            .query_language()
            .unwrap_or(self.scope.default_query_language)
    }

    /// Where it is.
    pub fn pointer(&self) -> Pointer {
        self.scope.state_pointer(self.name)
    }
}

/// Every scope of a definition, in document order ([`StateMachine::walk`]).
#[derive(Clone, Debug)]
pub struct Walk<'m> {
    scopes: Vec<Scope<'m>>,
    /// The scopes each Parallel or Map state opens, by (its scope, its position there), in
    /// order.
    opened: HashMap<(usize, usize), Vec<usize>>,
}

impl<'m> Walk<'m> {
    /// Every scope, in document order.
    pub fn scopes(&self) -> &[Scope<'m>] {
        &self.scopes
    }

    /// Every state with its scope, in document order.
    pub fn states(&self) -> impl Iterator<Item = StateRef<'_, 'm>> {
        self.scopes.iter().flat_map(|scope| {
            scope.states.iter().map(move |(name, state)| StateRef {
                scope,
                name: name.as_str(),
                state,
            })
        })
    }

    /// Every Task state with its scope, in document order.
    pub fn tasks(&self) -> impl Iterator<Item = (StateRef<'_, 'm>, &'m TaskState)> {
        self.states().filter_map(|s| match s.state {
            State::Task(task) => Some((s, task)),
            _ => None,
        })
    }

    /// The scopes the Parallel or Map state `name` of scope `scope` opens (a Parallel's
    /// branches in order, a Map's item processor), as indices into [`Walk::scopes`].
    pub fn opened_by(&self, scope: usize, name: &str) -> &[usize] {
        self.scopes
            .get(scope)
            .and_then(|s| s.states.get_index_of(name))
            .and_then(|position| self.opened.get(&(scope, position)))
            .map_or(&[][..], Vec::as_slice)
    }
}

/// A scope found, not yet numbered.
struct Pending<'m> {
    /// The scope holding the state that opens it, and that state's position there.
    parent: Option<(usize, usize)>,
    kind: ScopeKind<'m>,
    depth: usize,
    start_at: &'m str,
    states: &'m States,
    query_language: Option<QueryLanguage>,
    pointer: Pointer,
}

impl StateMachine {
    /// Every scope and state of the definition, in document order: the states of a scope in
    /// the order written, then the scopes its Parallel and Map states open, each with the
    /// scopes nested in it, in the order written. Iterative: nesting of any depth is walked
    /// without recursion.
    pub fn walk(&self) -> Walk<'_> {
        let machine_ql = self.effective_query_language();
        let mut walk = Walk {
            scopes: Vec::new(),
            opened: HashMap::new(),
        };
        let mut stack = vec![Pending {
            parent: None,
            kind: ScopeKind::Machine,
            depth: 0,
            start_at: &self.start_at,
            states: &self.states,
            query_language: self.query_language,
            pointer: Pointer::root(),
        }];
        while let Some(pending) = stack.pop() {
            let index = walk.scopes.len();
            if let Some(owner) = pending.parent {
                walk.opened.entry(owner).or_default().push(index);
            }
            let mut nested = Vec::new();
            for (position, (name, state)) in pending.states.iter().enumerate() {
                let at = pending.pointer.key("States").key(name);
                let parent = Some((index, position));
                let depth = pending.depth + 1;
                match state {
                    State::Parallel(p) => {
                        for (i, branch) in p.branches.iter().enumerate() {
                            nested.push(Pending {
                                parent,
                                kind: ScopeKind::Branch {
                                    parallel: name,
                                    index: i,
                                },
                                depth,
                                start_at: &branch.start_at,
                                states: &branch.states,
                                query_language: branch.query_language,
                                pointer: at.key("Branches").index(i),
                            });
                        }
                    }
                    State::Map(m) => {
                        let key = match m.processor_field {
                            ProcessorField::ItemProcessor => "ItemProcessor",
                            ProcessorField::Iterator => "Iterator",
                        };
                        let processor = &m.item_processor;
                        nested.push(Pending {
                            parent,
                            kind: ScopeKind::Iteration {
                                map: name,
                                distributed: processor.is_distributed(),
                            },
                            depth,
                            start_at: &processor.start_at,
                            states: &processor.states,
                            query_language: processor.query_language,
                            pointer: at.key(key),
                        });
                    }
                    State::Pass(_)
                    | State::Task(_)
                    | State::Choice(_)
                    | State::Wait(_)
                    | State::Succeed(_)
                    | State::Fail(_) => {}
                }
            }
            stack.extend(nested.into_iter().rev());
            walk.scopes.push(Scope {
                index,
                parent: pending.parent.map(|(p, _)| p),
                kind: pending.kind,
                depth: pending.depth,
                start_at: pending.start_at,
                states: pending.states,
                query_language: pending.query_language,
                default_query_language: pending.query_language.unwrap_or(machine_ql),
                pointer: pending.pointer,
            });
        }
        walk
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_scopes_come_after_their_parent_in_the_order_written() {
        let machine = StateMachine::from_json(
            r#"{"StartAt":"P","QueryLanguage":"JSONata","States":{
              "P":{"Type":"Parallel","Next":"T","Branches":[
                {"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}},
                {"StartAt":"M","QueryLanguage":"JSONPath","States":{"M":{"Type":"Map","End":true,"ItemProcessor":{"StartAt":"C","States":{
                   "C":{"Type":"Pass","End":true}}}}}}]},
              "T":{"Type":"Pass","Next":"B"},
              "B":{"Type":"Pass","End":true}}}"#,
        )
        .unwrap();
        let walk = machine.walk();
        let order: Vec<&str> = walk.states().map(|s| s.name).collect();
        assert_eq!(order, ["P", "T", "B", "A", "M", "C"]);
        let kinds: Vec<ScopeKind<'_>> = walk.scopes().iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                ScopeKind::Machine,
                ScopeKind::Branch {
                    parallel: "P",
                    index: 0
                },
                ScopeKind::Branch {
                    parallel: "P",
                    index: 1
                },
                ScopeKind::Iteration {
                    map: "M",
                    distributed: false
                },
            ]
        );
        assert_eq!(walk.opened_by(0, "P"), [1, 2]);
        assert_eq!(walk.opened_by(2, "M"), [3]);
        let c = walk.states().find(|s| s.name == "C").unwrap();
        assert_eq!(c.scope.depth, 2);
        assert_eq!(c.scope.parent, Some(2));
        // A branch without a language of its own takes the machine's, not its parent's.
        assert_eq!(c.query_language(), QueryLanguage::Jsonata);
        assert_eq!(
            c.pointer().as_str(),
            "/States/P/Branches/1/States/M/ItemProcessor/States/C"
        );
        assert_eq!(walk.tasks().count(), 0);
    }

    #[test]
    fn deep_nesting_is_walked_without_recursion() {
        let leaf = || {
            let mut states = States::new();
            states.insert(
                "L".to_owned(),
                State::Pass(super::super::PassState {
                    transition: Some(super::super::Transition::End),
                    ..Default::default()
                }),
            );
            states
        };
        let mut states = leaf();
        for i in 0..500 {
            let branch = super::super::Branch {
                start_at: states.keys().next().cloned().unwrap_or_default(),
                states,
                ..Default::default()
            };
            states = States::new();
            states.insert(
                format!("P{i}"),
                State::Parallel(super::super::ParallelState {
                    transition: Some(super::super::Transition::End),
                    branches: vec![branch],
                    ..Default::default()
                }),
            );
        }
        let machine = StateMachine {
            start_at: "P499".to_owned(),
            states,
            ..Default::default()
        };
        let walk = machine.walk();
        assert_eq!(walk.scopes().len(), 501);
        assert_eq!(walk.scopes().last().map(|s| s.depth), Some(500));
        assert_eq!(walk.states().last().map(|s| s.name), Some("L"));
    }
}

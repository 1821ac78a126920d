//! The graph: nodes, regions and labelled edges, built from the typed model's walk (a region
//! per scope, in the walk's document order; nesting of any depth, without recursion).

use crate::condition::condition_label;
use std::collections::HashMap;
use std::ops::Range;
use workflow_asl::{State, StateKind, StateMachine};

/// One state, wherever it is nested.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// The state's name, as written.
    pub name: String,
    /// Its type.
    pub kind: StateKind,
    /// The region it belongs to (an index into [`Graph::regions`]).
    pub region: usize,
    /// The regions it runs: each branch of a Parallel state, the iteration of a Map state.
    pub children: Vec<usize>,
    /// Whether its region can end here (`End: true`, Succeed, Fail).
    pub terminal: bool,
}

/// A machine: the whole definition, one Parallel branch or a Map state's iteration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Region {
    /// The Parallel or Map state that runs it (`None` for the definition itself).
    pub owner: Option<usize>,
    /// Its `StartAt` state, when that names one of its states.
    pub start: Option<usize>,
    /// Its states, in the order written.
    pub nodes: Vec<usize>,
    /// The edges leaving its states: a range of [`Graph::edges`].
    pub edges: Range<usize>,
}

/// How an edge is taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EdgeKind {
    /// `Next`.
    Next,
    /// A Choice rule, with its condition as short text.
    Choice(String),
    /// A Choice state's `Default`.
    Default,
    /// A Catcher, with its `ErrorEquals` names.
    Catch(Vec<String>),
}

/// A transition between two states of one region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    /// Where it starts (an index into [`Graph::nodes`]).
    pub from: usize,
    /// Where it goes.
    pub to: usize,
    /// How it is taken.
    pub kind: EdgeKind,
}

/// A state machine flattened for drawing.
///
/// ```
/// use workflow_asl::StateMachine;
/// use workflow_graph::Graph;
/// let machine = StateMachine::from_json(r#"{"StartAt":"P","States":{
///     "P":{"Type":"Parallel","End":true,"Branches":[
///         {"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}},
///         {"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}]}}}"#).unwrap();
/// let graph = Graph::of(&machine);
/// assert_eq!(graph.nodes.len(), 3);
/// assert_eq!(graph.nodes[0].children, [1, 2]);
/// assert_eq!(graph.regions[1].start, Some(1));
/// assert_eq!(graph.region_nodes(2), [2]);
/// assert!(graph.edges.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Graph {
    /// Every state, nested ones included; the top-level states first, in the order written,
    /// then each nested region's.
    pub nodes: Vec<Node>,
    /// The machine (region 0), then every nested machine.
    pub regions: Vec<Region>,
    /// Every transition, by state then in the order written: `Next`, Choice rules, `Default`,
    /// Catchers. Targets that name no state of their region are left out (the validator
    /// reports them).
    pub edges: Vec<Edge>,
}

impl Graph {
    /// The graph of `machine`.
    pub fn of(machine: &StateMachine) -> Graph {
        let mut graph = Graph::default();
        let walk = machine.walk();
        // The id of each scope's first state: a region's states are numbered together.
        let mut first_ids: Vec<usize> = Vec::with_capacity(walk.scopes().len());
        for scope in walk.scopes() {
            // Regions are the walk's scopes, in its order.
            let region = graph.regions.len();
            let owner = scope.parent.zip(scope.owner()).and_then(|(parent, name)| {
                let position = walk.scopes().get(parent)?.states.get_index_of(name)?;
                Some(first_ids.get(parent)? + position)
            });
            graph.regions.push(Region {
                owner,
                start: None,
                nodes: Vec::with_capacity(scope.states.len()),
                edges: graph.edges.len()..graph.edges.len(),
            });
            if let Some(node) = owner.and_then(|o| graph.nodes.get_mut(o)) {
                node.children.push(region);
            }
            let first = graph.nodes.len();
            first_ids.push(first);
            let ids: HashMap<&str, usize> = scope
                .states
                .keys()
                .enumerate()
                .map(|(i, name)| (name.as_str(), first + i))
                .collect();
            for (i, (name, state)) in scope.states.iter().enumerate() {
                let id = first + i;
                graph.nodes.push(Node {
                    name: name.clone(),
                    kind: state.kind(),
                    region,
                    children: Vec::new(),
                    terminal: state.is_terminal(),
                });
                graph.regions[region].nodes.push(id);
                for (target, kind) in transitions(state) {
                    if let Some(&to) = ids.get(target) {
                        graph.edges.push(Edge { from: id, to, kind });
                    }
                }
            }
            graph.regions[region].start = ids.get(scope.start_at).copied();
            graph.regions[region].edges.end = graph.edges.len();
        }
        graph
    }

    /// The states of `region`, in the order written (none for an unknown region).
    pub fn region_nodes(&self, region: usize) -> &[usize] {
        self.regions.get(region).map_or(&[], |r| r.nodes.as_slice())
    }

    /// The edges leaving the states of `region`, in order.
    pub fn region_edges(&self, region: usize) -> &[Edge] {
        self.regions
            .get(region)
            .and_then(|r| self.edges.get(r.edges.clone()))
            .unwrap_or(&[])
    }
}

/// Every transition of `state`: its Choice rules and `Default`, its `Next`, its Catchers.
fn transitions(state: &State) -> Vec<(&str, EdgeKind)> {
    let mut out = Vec::new();
    if let State::Choice(c) = state {
        for rule in &c.choices {
            let label = condition_label(&rule.condition);
            out.push((rule.next.as_str(), EdgeKind::Choice(label)));
        }
        if let Some(default) = &c.default {
            out.push((default.as_str(), EdgeKind::Default));
        }
    }
    if let Some(next) = state.transition().and_then(|t| t.next()) {
        out.push((next, EdgeKind::Next));
    }
    for catcher in state.catchers().unwrap_or_default() {
        let errors = catcher
            .error_equals
            .iter()
            .map(|e| e.as_str().to_owned())
            .collect();
        out.push((catcher.next.as_str(), EdgeKind::Catch(errors)));
    }
    out
}

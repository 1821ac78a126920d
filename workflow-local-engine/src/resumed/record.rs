//! What a failed, timed out or stopped execution's record says ran inside the state a resume
//! starts at ([`Strands`]), read from the record alone, as AWS's redrive reads it: what
//! succeeded is kept, what did not finish resumes where it stopped (the Developer Guide's
//! "Redriving executions", as `hosts/redrive.rs` sums it up: the service keeps the results
//! of the steps that succeeded and runs again only the states that did not finish, the
//! failed branches of a Parallel and the failed iterations of a Map included).
//!
//! The record is read along its strands, the chains of `previousEventId` that AWS and the
//! engine write per branch, iteration and execution:
//!
//! - a state **finished** when its `…StateExited` leads back along its strand to its
//!   `…StateEntered` (a caught failure exits the state too); a strand **stopped** in the
//!   state it entered last and did not finish. A strand whose last state finished without
//!   another after it ended there when that state ends a strand (`End`, Succeed); one that
//!   was cut between states (its container aborted it) resumes at the state's `Next`, with
//!   its output, or at a Choice, with its input (what a Choice chose is not recorded);
//! - a **Parallel**'s branches begin after its `ParallelStateStarted`; which branch a strand
//!   is, the fixed definition says (the branch that has its states: state names are unique
//!   across a machine, ASL "States");
//! - an **inline Map**'s iterations begin after `MapIterationStarted` (its `index`) and end
//!   with `MapIterationSucceeded`, `…Failed` or `…Aborted`; a **Distributed Map**'s children
//!   are its Map Run's (`MapRunStarted`), assigned to their items as a replay assigns them
//!   (`prior::assign_children`): a child that succeeded gives its output, a STANDARD child
//!   that did not resumes from its own history, an EXPRESS one (no history) starts again;
//! - a **Task that started a child execution** (`states:startExecution`, its ARN in the
//!   `TaskSubmitted` or `TaskFailed` the record holds) whose child did not succeed resumes
//!   that child from its record, on the definition it ran (the record's; a resume may give
//!   the fixed one). A child that succeeded while its Task failed after it (its
//!   `ResultSelector`, say) is not taken: the Task runs again and starts another;
//! - the **variables** a branch, iteration or child resumes with are those its own states
//!   assigned before the state it stopped in (each `…StateExited`'s `assignedVariables`):
//!   a scope's variables are its own, it sees those of enclosing scopes, a Distributed
//!   Map's children none of their parent's (AWS Developer Guide, "Passing data between
//!   states with variables", its section on variable scope; as the validator holds it,
//!   `workflow_asl`'s `validate::variables`).
//!
//! A resume at a named visit inside a container ([`strands_at_visit`]) reads the same way from
//! the visit's top-level state, whatever became of it: the branch, iteration or child that
//! holds the visit stops there (the containers on the way hold it, though they finished),
//! with the input and variables it enters with; every other one is read as above.

use super::{ResumePoint, ResumedChild, StrandOutcome, StrandPoint, Strands};
use crate::core::child_execution::ChildIdentity;
use crate::core::prior::{Prior, Replacement, assign_children};
use crate::core::program::{Body, MapOp, Node, Program};
use crate::execution::{EventKind, ExecutionStatus, HistoryEvent, RecordedVisit};
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use workflow_asl::{StateKind, StateMachine};
use workflow_aws_models::{MachineName, StatesArn};

/// How deep child executions started by Tasks are followed (each its own record).
const MAX_STARTED_DEPTH: usize = 16;

/// What the record of `prior` says ran inside the top-level state `state` of `program` (the
/// fixed definition), where the record stopped in it; `definitions`: the definitions the
/// child executions its `states:startExecution` Tasks started ran, by execution ARN.
/// `None` when the record finished that state, or nothing ran inside it; an error for a
/// record the fixed definition cannot hold (a branch it no longer has).
pub(crate) fn strands(
    prior: &Prior,
    program: &Program,
    definitions: &HashMap<StatesArn, String>,
    state: &str,
) -> Result<Option<Strands>, String> {
    let reader = Reader {
        prior,
        definitions,
        target: None,
    };
    let events = prior.events();
    let chains = Chains::of(events, None);
    let Some(entry) = events
        .iter()
        .rposition(|e| matches!(&e.kind, EventKind::StateEntered { name, .. } if &**name == state))
    else {
        return Ok(None);
    };
    if chains.exit(entry).is_some() {
        return Ok(None);
    }
    reader.inside(&chains, &Shape::of(program), entry, 0)
}

/// What the record of `prior` says ran inside the top-level state that holds `visit` (a visit
/// inside a Parallel or a Map that it holds: [`crate::StartExecution::from_state`]), for a
/// resume at the visit entered with `replacement`: the strand that holds it stops there (see
/// the module's documentation). An error for a record the fixed definition `program` cannot
/// hold, or a replaced variable that an enclosing scope holds.
pub(crate) fn strands_at_visit(
    prior: &Prior,
    program: &Program,
    definitions: &HashMap<StatesArn, String>,
    visit: &RecordedVisit,
    replacement: &Replacement,
) -> Result<Strands, String> {
    let top = visit
        .entries
        .first()
        .map(|e| e.position)
        .ok_or("a visit of no state")?;
    let reader = Reader {
        prior,
        definitions,
        target: Some(Target {
            visit,
            replacement,
            enclosing: RefCell::new(top_variables(prior, top, program)),
        }),
    };
    let chains = Chains::of(prior.events(), None);
    reader
        .inside(&chains, &Shape::of(program), top, 0)?
        .ok_or_else(|| {
            format!(
                "the record shows nothing run inside `{}` (or the fix made it another type of state)",
                visit.visit.steps()[0].state
            )
        })
}

/// The names of the variables the top-level states assigned before the entry at `entry`.
fn top_variables(prior: &Prior, entry: usize, program: &Program) -> Vec<String> {
    let top_level: Vec<&str> = program
        .scopes
        .first()
        .map(|scope| scope.nodes.iter().map(|node| &*node.name).collect())
        .unwrap_or_default();
    prior
        .recorded_entry_at(entry, &top_level)
        .map(|at| at.variables.keys().cloned().collect())
        .unwrap_or_default()
}

/// The record, and the definitions of the child executions it started; for a resume at a
/// named visit, the visit.
struct Reader<'a> {
    prior: &'a Prior,
    definitions: &'a HashMap<StatesArn, String>,
    target: Option<Target<'a>>,
}

/// The visit a resume starts at, as the reader meets it.
struct Target<'a> {
    visit: &'a RecordedVisit,
    replacement: &'a Replacement,
    /// The variables of the scopes that enclose the visit, as the reader went in.
    enclosing: RefCell<Vec<String>>,
}

impl Target<'_> {
    /// Which step of the visit the entry at `at` of the history `chains` is, if one is.
    fn step(&self, chains: &Chains<'_>, at: usize) -> Option<usize> {
        self.visit
            .entries
            .iter()
            .position(|e| e.position == at && e.execution == chains.execution)
    }
}

/// A history's strands: each event's position by id, the events that follow each on its
/// strand, and each finished state's exit.
struct Chains<'e> {
    events: &'e [HistoryEvent],
    /// The child execution whose history it is (`None`: the record's own).
    execution: Option<StatesArn>,
    position: HashMap<u64, usize>,
    successors: HashMap<u64, Vec<usize>>,
    /// A `…StateEntered`'s position → its `…StateExited`'s.
    exits: HashMap<usize, usize>,
    /// The positions of the events that end a Map's iteration (`MapIteration{Succeeded,
    /// Failed,Aborted}`), by the Map's name and the item's index, in order.
    iteration_ends: HashMap<(std::sync::Arc<str>, usize), Vec<usize>>,
}

impl<'e> Chains<'e> {
    fn of(events: &'e [HistoryEvent], execution: Option<StatesArn>) -> Self {
        let mut position = HashMap::with_capacity(events.len());
        let mut successors: HashMap<u64, Vec<usize>> = HashMap::new();
        for (at, event) in events.iter().enumerate() {
            position.insert(event.id, at);
            successors
                .entry(event.previous_event_id)
                .or_default()
                .push(at);
        }
        let mut exits = HashMap::new();
        let mut iteration_ends: HashMap<_, Vec<usize>> = HashMap::new();
        for (at, event) in events.iter().enumerate() {
            if let EventKind::MapIterationSucceeded { name, index }
            | EventKind::MapIterationFailed { name, index, .. }
            | EventKind::MapIterationAborted { name, index } = &event.kind
            {
                iteration_ends
                    .entry((std::sync::Arc::clone(name), *index))
                    .or_default()
                    .push(at);
            }
            let EventKind::StateExited { name, .. } = &event.kind else {
                continue;
            };
            // Back along the strand to the nearest entry of the same state.
            let mut cursor = event.previous_event_id;
            for _ in 0..events.len() {
                let Some(&back) = position.get(&cursor) else {
                    break;
                };
                match &events[back].kind {
                    EventKind::StateEntered { name: entered, .. } if entered == name => {
                        exits.entry(back).or_insert(at);
                        break;
                    }
                    _ => cursor = events[back].previous_event_id,
                }
            }
        }
        Chains {
            events,
            execution,
            position,
            successors,
            exits,
            iteration_ends,
        }
    }

    /// The event that ended the iteration `index` of the Map `name` that started at
    /// `started` (the first such end after it: a Map entered again has iterations of the
    /// same indexes).
    fn iteration_end(
        &self,
        name: &std::sync::Arc<str>,
        index: usize,
        started: usize,
    ) -> Option<usize> {
        let ends = self
            .iteration_ends
            .get(&(std::sync::Arc::clone(name), index))?;
        let at = ends.partition_point(|&end| end <= started);
        ends.get(at).copied()
    }

    /// The first state an execution's history entered (after its `ExecutionStarted`).
    fn first_entry(&self) -> Option<usize> {
        self.events.first().and_then(|_| self.next(0, is_entry))
    }

    fn exit(&self, entry: usize) -> Option<usize> {
        self.exits.get(&entry).copied()
    }

    /// The events that follow the event at `at` on its strand (more than one where strands
    /// fork: a Parallel's branches, a Map's iterations).
    fn after(&self, at: usize) -> impl Iterator<Item = usize> + '_ {
        self.successors
            .get(&self.events[at].id)
            .into_iter()
            .flatten()
            .copied()
    }

    /// The first event after `at` on its strand that `wanted` accepts.
    fn next(&self, at: usize, wanted: impl Fn(&EventKind) -> bool) -> Option<usize> {
        self.after(at).find(|&n| wanted(&self.events[n].kind))
    }
}

/// A `…StateEntered`.
fn is_entry(kind: &EventKind) -> bool {
    matches!(kind, EventKind::StateEntered { .. })
}

/// The fixed definition's states by name (names are unique across a machine).
struct Shape<'p> {
    program: &'p Program,
    nodes: HashMap<&'p str, (usize, usize)>,
}

impl<'p> Shape<'p> {
    fn of(program: &'p Program) -> Self {
        let mut nodes = HashMap::new();
        for (s, scope) in program.scopes.iter().enumerate() {
            for (n, node) in scope.nodes.iter().enumerate() {
                nodes.insert(&*node.name, (s, n));
            }
        }
        Shape { program, nodes }
    }

    fn node(&self, name: &str) -> Option<(usize, &'p Node)> {
        let &(scope, at) = self.nodes.get(name)?;
        Some((scope, &self.program.scopes[scope].nodes[at]))
    }
}

impl Reader<'_> {
    /// What ran inside the state entered at `entry` (which did not finish), if it holds
    /// strands of its own.
    fn inside(
        &self,
        chains: &Chains<'_>,
        shape: &Shape<'_>,
        entry: usize,
        depth: usize,
    ) -> Result<Option<Strands>, String> {
        let EventKind::StateEntered {
            name, state_type, ..
        } = &chains.events[entry].kind
        else {
            return Ok(None);
        };
        // A state the fix removed, or made another type, holds nothing to take.
        let Some((_, node)) = shape.node(name).filter(|(_, n)| n.kind == *state_type) else {
            return Ok(None);
        };
        let strands = match &node.body {
            Body::Parallel { branches } => self.branches(chains, shape, entry, branches, depth)?,
            Body::Map(map) => self.items(chains, shape, entry, map, depth)?,
            Body::Task { .. } if depth < MAX_STARTED_DEPTH => self.started(chains, entry, depth)?,
            _ => None,
        };
        Ok(strands)
    }

    /// A Parallel's branches: each strand after its `ParallelStateStarted`, by the branch
    /// of the fixed definition that holds its states.
    fn branches(
        &self,
        chains: &Chains<'_>,
        shape: &Shape<'_>,
        entry: usize,
        branches: &[usize],
        depth: usize,
    ) -> Result<Option<Strands>, String> {
        let Some(started) = chains.next(entry, |k| matches!(k, EventKind::ParallelStateStarted))
        else {
            return Ok(None);
        };
        let mut outcomes = BTreeMap::new();
        for first in chains
            .after(started)
            .filter(|&n| is_entry(&chains.events[n].kind))
        {
            let names = strand_names(chains, first);
            let branch = branches.iter().position(|&scope| {
                names.iter().any(|name| {
                    shape
                        .nodes
                        .get(name.as_str())
                        .is_some_and(|&(s, _)| s == scope)
                })
            });
            let Some(branch) = branch else {
                return Err(format!(
                    "the record's branch of the Parallel `{}` that ran `{}` is none of its branches in the fixed definition",
                    chains.events[entry].kind.state_name().unwrap_or_default(),
                    names.first().map(String::as_str).unwrap_or_default()
                ));
            };
            let outcome = self.strand(chains, shape, first, depth)?;
            outcomes.insert(branch, outcome);
        }
        Ok((!outcomes.is_empty()).then_some(Strands::Parallel(outcomes)))
    }

    /// A Map's iterations (after `MapIterationStarted`) or its Map Run's children.
    fn items(
        &self,
        chains: &Chains<'_>,
        shape: &Shape<'_>,
        entry: usize,
        map: &MapOp,
        depth: usize,
    ) -> Result<Option<Strands>, String> {
        let Some(started) = chains.next(entry, |k| matches!(k, EventKind::MapStateStarted { .. }))
        else {
            return Ok(None);
        };
        if map.distributed {
            let run = chains
                .after(started)
                .find_map(|n| match &chains.events[n].kind {
                    EventKind::MapRunStarted { map_run_arn } => Some(map_run_arn.clone()),
                    _ => None,
                });
            return match run {
                Some(run) => {
                    self.children(shape, &run, map, (depth, self.visited_item(chains, entry)))
                }
                None => Ok(None),
            };
        }
        let visited = self.visited_item(chains, entry);
        let mut items = BTreeMap::new();
        for iteration in chains.after(started) {
            let EventKind::MapIterationStarted { name, index } = &chains.events[iteration].kind
            else {
                continue;
            };
            let ended = chains
                .iteration_end(name, *index, iteration)
                .map(|at| &chains.events[at]);
            if let Some(end) = ended
                && visited != Some(*index)
                && matches!(end.kind, EventKind::MapIterationSucceeded { .. })
            {
                let output = chains.position.get(&end.previous_event_id).and_then(|&at| {
                    match &chains.events[at].kind {
                        EventKind::StateExited { output, .. } => Some(output.to_value()),
                        _ => None,
                    }
                });
                if let Some(output) = output {
                    items.insert(*index, StrandOutcome::Succeeded(output));
                    continue;
                }
            }
            if let Some(first) = chains.next(iteration, is_entry) {
                items.insert(*index, self.strand(chains, shape, first, depth)?);
            }
        }
        Ok(map_strands(false, items))
    }

    /// A Distributed Map's children, from its Map Run `run`'s record.
    fn children(
        &self,
        shape: &Shape<'_>,
        run: &StatesArn,
        map: &MapOp,
        (depth, visited): (usize, Option<usize>),
    ) -> Result<Option<Strands>, String> {
        let Some(machine) = run.machine().cloned() else {
            return Ok(None);
        };
        let Some(children) = self.prior.recorded_children(run, &machine) else {
            return Ok(None);
        };
        let express = map.distributed_ops.express_children;
        let children = assign_children(children, |index| {
            ChildIdentity::of_recorded(run, index, express)
                .map(|id| id.arn)
                .unwrap_or_else(|| run.clone())
        });
        let mut items = BTreeMap::new();
        for (index, child) in children.into_iter().enumerate() {
            if child.status == ExecutionStatus::Succeeded && visited != Some(index) {
                let output = child.output.map_or(Value::Null, |o| o.to_value());
                items.insert(index, StrandOutcome::Succeeded(output));
                continue;
            }
            // An EXPRESS child keeps no history: it starts again.
            let chains = Chains::of(&child.history, Some(child.arn.clone()));
            let Some(first) = chains.first_entry() else {
                continue;
            };
            items.insert(index, self.strand(&chains, shape, first, depth)?);
        }
        Ok(map_strands(true, items))
    }

    /// The child execution the Task entered at `entry` started, when it did not succeed and
    /// the record holds it: resumed from its own record.
    fn started(
        &self,
        chains: &Chains<'_>,
        entry: usize,
        depth: usize,
    ) -> Result<Option<Strands>, String> {
        // The Task's own events, along its strand.
        let mut task = Vec::new();
        let mut at = entry;
        while let Some(next) = chains.after(at).next() {
            if is_entry(&chains.events[next].kind) {
                break;
            }
            task.push(chains.events[next].clone());
            at = next;
        }
        let Some(arn) = crate::execution::started_executions(&task).pop() else {
            return Ok(None);
        };
        let Some(definition) = self.definitions.get(&arn) else {
            return Ok(None);
        };
        let machine = arn
            .machine()
            .cloned()
            .unwrap_or_else(|| MachineName::new(""));
        let Some(child) = self.prior.recorded_child(&arn, &machine) else {
            return Ok(None);
        };
        if child.status == ExecutionStatus::Succeeded {
            return Ok(None);
        }
        let fixed = StateMachine::from_json(definition)
            .map_err(|e| format!("the definition child execution `{arn}` ran: {e}"))?;
        let program = crate::core::program::compile(&fixed).map_err(|f| {
            format!(
                "the definition child execution `{arn}` ran cannot be compiled: {}",
                f.cause
            )
        })?;
        let shape = Shape::of(&program);
        let chains = Chains::of(&child.history, Some(arn.clone()));
        let Some(first) = chains.first_entry() else {
            return Ok(None);
        };
        let StrandOutcome::Stopped(point) = self.strand(&chains, &shape, first, depth + 1)? else {
            return Ok(None);
        };
        let role_arn = match child.history.first().map(|e| &e.kind) {
            Some(EventKind::ExecutionStarted { role_arn, .. }) => role_arn.clone(),
            _ => None,
        };
        Ok(Some(Strands::Execution(Box::new(ResumedChild {
            execution: arn,
            definition: definition.clone(),
            role_arn,
            point: ResumePoint {
                state: point.state,
                input: point.input,
                variables: point.variables,
                execution_input: child.input.to_value(),
                named: false,
                visit: None,
                strands: point.strands,
            },
        }))))
    }

    /// How the strand whose first state was entered at `first` ended: its output, or the
    /// state it stopped in (see the module's documentation).
    fn strand(
        &self,
        chains: &Chains<'_>,
        shape: &Shape<'_>,
        first: usize,
        depth: usize,
    ) -> Result<StrandOutcome, String> {
        let mut variables = Map::new();
        let mut at = first;
        for _ in 0..chains.events.len() {
            let EventKind::StateEntered { name, input, .. } = &chains.events[at].kind else {
                break;
            };
            if let Some(stop) = self.at_target(chains, shape, at, &variables, depth)? {
                return Ok(StrandOutcome::Stopped(stop));
            }
            let Some(exit) = chains.exit(at) else {
                return Ok(StrandOutcome::Stopped(StrandPoint {
                    state: name.to_string(),
                    input: input.to_value(),
                    variables,
                    strands: self.inside(chains, shape, at, depth)?,
                }));
            };
            let EventKind::StateExited {
                output, assigned, ..
            } = &chains.events[exit].kind
            else {
                break;
            };
            let assign = |variables: &mut Map<String, Value>| {
                for (variable, value) in assigned {
                    variables.insert(variable.clone(), value.to_value());
                }
            };
            if let Some(next) = chains.next(exit, is_entry) {
                assign(&mut variables);
                at = next;
                continue;
            }
            // Nothing entered after it: the strand ended there, or was cut between states.
            let node = shape
                .node(name)
                .map(|(scope, node)| (scope, node.kind, node.next));
            return Ok(match node {
                Some((_, StateKind::Choice, _)) => StrandOutcome::Stopped(StrandPoint {
                    state: name.to_string(),
                    input: input.to_value(),
                    variables,
                    strands: None,
                }),
                Some((scope, _, Some(next))) => {
                    assign(&mut variables);
                    StrandOutcome::Stopped(StrandPoint {
                        state: shape.program.scopes[scope].nodes[next].name.to_string(),
                        input: output.to_value(),
                        variables,
                        strands: None,
                    })
                }
                _ => StrandOutcome::Succeeded(output.to_value()),
            });
        }
        Err(format!(
            "the record's strand that begins with event {} does not read as states entered and exited",
            chains.events[first].id
        ))
    }
}

impl Reader<'_> {
    /// The item index of the Map entered at `entry` that holds the next step of the visit a
    /// resume starts at, when the Map is a step of it.
    fn visited_item(&self, chains: &Chains<'_>, entry: usize) -> Option<usize> {
        let target = self.target.as_ref()?;
        let step = target.step(chains, entry)?;
        target.visit.visit.steps()[step].index
    }

    /// Where the strand stops when the state entered at `at` (its variables so far:
    /// `variables`) is a step of the visit a resume starts at: the visit itself, with what it
    /// enters with; a container on the way to it, with what ran inside it.
    fn at_target(
        &self,
        chains: &Chains<'_>,
        shape: &Shape<'_>,
        at: usize,
        variables: &Map<String, Value>,
        depth: usize,
    ) -> Result<Option<StrandPoint>, String> {
        let Some(target) = &self.target else {
            return Ok(None);
        };
        let Some(step) = target.step(chains, at) else {
            return Ok(None);
        };
        let EventKind::StateEntered { name, input, .. } = &chains.events[at].kind else {
            return Ok(None);
        };
        let last = step + 1 == target.visit.entries.len();
        if !last {
            target
                .enclosing
                .borrow_mut()
                .extend(variables.keys().cloned());
            return Ok(Some(StrandPoint {
                state: name.to_string(),
                input: input.to_value(),
                variables: variables.clone(),
                strands: self.inside(chains, shape, at, depth)?,
            }));
        }
        let replaced = &target.replacement;
        if let Some(outer) = replaced
            .variables
            .keys()
            .find(|v| target.enclosing.borrow().contains(v))
        {
            return Err(format!(
                "the variable `{outer}` is assigned in a scope that encloses `{name}`: a scope may not assign a name an enclosing scope holds (AWS Developer Guide, \"Passing data between states with variables\"); resume at the top-level state to replace it"
            ));
        }
        let mut variables = variables.clone();
        variables.extend(replaced.variables.clone());
        Ok(Some(StrandPoint {
            state: name.to_string(),
            input: replaced.input.clone().unwrap_or_else(|| input.to_value()),
            variables,
            strands: None,
        }))
    }
}

/// What a Map's items say, when the record holds any.
fn map_strands(distributed: bool, items: BTreeMap<usize, StrandOutcome>) -> Option<Strands> {
    (!items.is_empty()).then_some(Strands::Map { distributed, items })
}

/// The names of the states a strand entered, from its first (at `first`) along its chain.
fn strand_names(chains: &Chains<'_>, first: usize) -> Vec<String> {
    let mut names = Vec::new();
    let mut at = first;
    for _ in 0..chains.events.len() {
        if let EventKind::StateEntered { name, .. } = &chains.events[at].kind {
            names.push(name.to_string());
        }
        let next = chains.exit(at).unwrap_or(at);
        match chains.next(next, is_entry) {
            Some(n) if n != at => at = n,
            _ => break,
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use crate::execution::RecordedHistory;
    use crate::{Engine, StrandOutcome, Strands, blocking};
    use serde_json::json;
    use workflow_asl::StateMachine;

    /// The plan of a resume of `broken`'s run on `input`, on `fixed`.
    fn strands(
        broken: serde_json::Value,
        fixed: serde_json::Value,
        input: serde_json::Value,
    ) -> Option<Strands> {
        let engine = Engine::new();
        let broken = StateMachine::from_json(&broken.to_string()).unwrap();
        let run = blocking::run(engine.machine(&broken).input(input)).unwrap();
        let fixed = StateMachine::from_json(&fixed.to_string()).unwrap();
        let point = blocking::run(
            engine
                .machine(&fixed)
                .resume_failed(RecordedHistory::of_run(&run))
                .plan(),
        )
        .unwrap();
        point.strands
    }

    #[test]
    fn a_parallel_takes_the_branches_that_succeeded_and_resumes_the_failed_one_with_its_variables()
    {
        let machine = |error: &str| {
            json!({"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
                {"StartAt": "L", "States": {"L": {"Type": "Pass", "Result": "left", "End": true}}},
                {"StartAt": "R1", "States": {
                    "R1": {"Type": "Pass", "Assign": {"seen": 7}, "Result": {"r": 1}, "Next": "R2"},
                    "R2": {"Type": "Fail", "Error": error}}}]}}})
        };
        let Some(Strands::Parallel(branches)) =
            strands(machine("Boom"), machine("Other"), json!({}))
        else {
            panic!("a Parallel");
        };
        assert_eq!(branches[&0], StrandOutcome::Succeeded(json!("left")));
        let StrandOutcome::Stopped(point) = &branches[&1] else {
            panic!("stopped");
        };
        assert_eq!(point.state, "R2");
        assert_eq!(point.input, json!({"r": 1}));
        assert_eq!(point.variables["seen"], json!(7));
    }

    #[test]
    fn an_inline_map_in_a_parallel_branch_reads_each_iteration_at_any_depth() {
        let machine = json!({"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 1, "End": true,
              "ItemProcessor": {"StartAt": "Check", "States": {
                "Check": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "Bad"}], "Default": "Fine"},
                "Bad": {"Type": "Fail", "Error": "Bad"},
                "Fine": {"Type": "Pass", "End": true}}}}}}]}}});
        let strands = strands(
            machine.clone(),
            machine,
            json!({"items": [{"n": 0}, {"n": 1}, {"n": 2}]}),
        );
        let Some(Strands::Parallel(branches)) = strands else {
            panic!("a Parallel");
        };
        let StrandOutcome::Stopped(point) = &branches[&0] else {
            panic!("stopped");
        };
        assert_eq!(point.state, "Each");
        let Some(Strands::Map { distributed, items }) = &point.strands else {
            panic!("a Map");
        };
        assert!(!distributed);
        assert_eq!(items[&0], StrandOutcome::Succeeded(json!({"n": 0})));
        assert!(
            matches!(&items[&1], StrandOutcome::Stopped(p) if p.state == "Bad" && p.input == json!({"n": 1}))
        );
        // The item after the failure never started (one at a time).
        assert!(!items.contains_key(&2));
    }
}

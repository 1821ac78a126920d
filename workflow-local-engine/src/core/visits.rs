//! The visits a record holds (`RecordedHistory::visits`: every state entered, with where it
//! stood, read along the record's chains as `super::unfinished` reads them), and the cut a
//! resume at one of them makes ([`cut_at_visit`]).
//!
//! Where a state stood: the Parallel or Map whose branch or iteration it ran in
//! (`unfinished`'s `Holder`, found back along its chain; an inline Map's iteration by the
//! `MapIterationStarted` the chain passes), in turn in theirs; a Distributed Map's child
//! execution is the item its Map Run assigned it ([`assign_children`]), and its states stand
//! in it as in a history of their own. A visit's count is its state's entries on the same
//! strand (the same container's same branch or iteration, or the top level), in record order.
//! A state whose chain the record masks (LocalStack's snapshots of concurrent branches) is
//! not listed: where it stood cannot be read.

use super::child_execution::ChildIdentity;
use super::prior::{Prior, assign_children, chained_previous};
use super::unfinished::{Chains, Holder};
use crate::execution::{EventKind, HistoryEvent, RecordedVisit, Visit, VisitEntry, VisitStep};
use std::collections::HashMap;
use std::sync::Arc;
use workflow_asl::StateKind;
use workflow_aws_models::StatesArn;

/// A history's events with their chains, owned.
pub(crate) struct Indexed<'e> {
    pub events: &'e [HistoryEvent],
    position: HashMap<u64, usize>,
    successors: HashMap<u64, Vec<usize>>,
}

impl<'e> Indexed<'e> {
    pub(crate) fn of(events: &'e [HistoryEvent]) -> Self {
        let mut position = HashMap::with_capacity(events.len());
        let mut successors: HashMap<u64, Vec<usize>> = HashMap::new();
        for (at, event) in events.iter().enumerate() {
            position.insert(event.id, at);
            successors
                .entry(chained_previous(events, at))
                .or_default()
                .push(at);
        }
        Indexed {
            events,
            position,
            successors,
        }
    }

    pub(crate) fn chains(&self) -> Chains<'_> {
        Chains {
            events: self.events,
            position: &self.position,
            successors: &self.successors,
        }
    }
}

/// Where each `…StateEntered` of a history stood (`None` for other events), found in one
/// pass in record order: back along each entry's chain to the state before it on its strand
/// (whose place is known), its container, or a `MapIterationStarted` (see the module's
/// documentation).
fn holders(chains: &Chains<'_>, exits: &[Option<usize>]) -> Vec<Option<Holder>> {
    let events = chains.events;
    let entry_of: HashMap<usize, usize> = exits
        .iter()
        .enumerate()
        .filter_map(|(entry, exit)| exit.map(|exit| (exit, entry)))
        .collect();
    let mut held: Vec<Option<Holder>> = vec![None; events.len()];
    let mut last_entry: HashMap<Arc<str>, usize> = HashMap::new();
    for at in 0..events.len() {
        let EventKind::StateEntered { name, .. } = &events[at].kind else {
            continue;
        };
        let mut iteration = None;
        let mut cursor = at;
        let mut found = Holder::Unknown;
        for _ in 0..events.len() {
            let Some(before) = chains.previous(cursor) else {
                break;
            };
            match &events[before].kind {
                EventKind::ExecutionStarted { .. } => {
                    found = Holder::Top;
                    break;
                }
                EventKind::StateExited { .. } if entry_of.contains_key(&before) => {
                    let entry = entry_of[&before];
                    if iteration.is_none()
                        && let Some(h) = held[entry]
                    {
                        found = h;
                        break;
                    }
                    cursor = entry;
                }
                EventKind::StateEntered {
                    state_type: StateKind::Map | StateKind::Parallel,
                    ..
                } => {
                    found = Holder::In {
                        entry: before,
                        iteration,
                    };
                    break;
                }
                EventKind::MapIterationStarted { name, index } => {
                    iteration.get_or_insert(*index);
                    let after_start = chains.previous(before).is_some_and(|p| {
                        matches!(events[p].kind, EventKind::MapStateStarted { .. })
                    });
                    if !after_start {
                        found = last_entry
                            .get(name)
                            .map_or(Holder::Unknown, |&entry| Holder::In { entry, iteration });
                        break;
                    }
                    cursor = before;
                }
                _ => cursor = before,
            }
        }
        held[at] = Some(found);
        last_entry.insert(Arc::clone(name), at);
    }
    held
}

/// A visit's steps before a history's own, each with where the record holds it.
type Prefix = Vec<(VisitStep, VisitEntry)>;

/// A Distributed Map's child to list: its history, its ARN, the steps before its own.
type Child = (Vec<HistoryEvent>, StatesArn, Prefix);

/// A strand: the container's entry and the iteration it ran in (`None`: the top level).
type Strand = Option<(usize, Option<usize>)>;

/// One history to list the visits of: the execution that holds it and what comes before
/// its states in a visit (the Distributed Map's steps that ran it).
struct Pending<'p> {
    events: &'p [HistoryEvent],
    execution: Option<StatesArn>,
    prefix: Prefix,
}

/// Every visit the record `prior` (a replay's or a resume's: its children and Map Runs held)
/// holds, in record order, a Distributed Map's children's after their parent's.
pub(crate) fn visits(prior: &Prior) -> Vec<RecordedVisit> {
    let mut out = Vec::new();
    let mut pending = vec![Pending {
        events: prior.events(),
        execution: None,
        prefix: Vec::new(),
    }];
    let mut children: Vec<Child> = Vec::new();
    loop {
        while let Some(history) = pending.pop() {
            list(prior, &history, &mut out, &mut children);
        }
        let Some((events, arn, prefix)) = children.pop() else {
            break;
        };
        // The child's events live as long as this loop's turn: list it at once.
        let history = Pending {
            events: &events,
            execution: Some(arn),
            prefix,
        };
        list(prior, &history, &mut out, &mut children);
    }
    out
}

/// The visits of one history, into `out`; the children of its Distributed Maps' Map Runs
/// that the record holds a history of, into `children`.
fn list(
    prior: &Prior,
    history: &Pending<'_>,
    out: &mut Vec<RecordedVisit>,
    children: &mut Vec<Child>,
) {
    let indexed = Indexed::of(history.events);
    let chains = indexed.chains();
    let exits = chains.exits();
    let held = holders(&chains, &exits);
    let events = history.events;
    // Each entry's count on its strand, and how many its strand has.
    let strand_of = |at: usize| -> Option<(Strand, &str)> {
        let name = events[at].kind.state_name()?;
        match held[at]? {
            Holder::Top => Some((None, name)),
            Holder::In { entry, iteration } => Some((Some((entry, iteration)), name)),
            Holder::Unknown => None,
        }
    };
    let mut totals: HashMap<(Strand, &str), usize> = HashMap::new();
    let counts: Vec<usize> = (0..events.len())
        .map(|at| match strand_of(at) {
            Some(key) => {
                let total = totals.entry(key).or_default();
                *total += 1;
                *total
            }
            None => 0,
        })
        .collect();
    let step_of = |at: usize, index: Option<usize>| -> Option<VisitStep> {
        let key = strand_of(at)?;
        let total = totals.get(&key).copied().unwrap_or(1);
        Some(VisitStep {
            state: key.1.to_owned(),
            count: (total > 1).then_some(counts[at]),
            index,
        })
    };
    let is_map = |at: usize| {
        matches!(
            events[at].kind,
            EventKind::StateEntered {
                state_type: StateKind::Map,
                ..
            }
        )
    };
    for at in 0..events.len() {
        let EventKind::StateEntered {
            state_type, input, ..
        } = &events[at].kind
        else {
            continue;
        };
        // The containers, innermost first, each with the iteration of the step inside it.
        let mut path = vec![(at, None)];
        let mut cursor = at;
        let mut placed = true;
        for _ in 0..events.len() {
            match held[cursor] {
                Some(Holder::Top) => break,
                Some(Holder::In { entry, iteration }) => {
                    path.push((entry, iteration.filter(|_| is_map(entry))));
                    cursor = entry;
                }
                _ => {
                    placed = false;
                    break;
                }
            }
        }
        if !placed {
            continue;
        }
        path.reverse();
        // Each container's step takes the index of the iteration the next step ran in.
        let mut steps = history.prefix.clone();
        // Each container holds the iteration of the step inside it.
        for &(entry, index) in &path {
            let Some(step) = step_of(entry, index) else {
                placed = false;
                break;
            };
            steps.push((
                step,
                VisitEntry {
                    execution: history.execution.clone(),
                    position: entry,
                },
            ));
        }
        if !placed {
            continue;
        }
        let (visit_steps, entries): (Vec<VisitStep>, Vec<VisitEntry>) =
            steps.iter().cloned().unzip();
        let Some(visit) = Visit::new(visit_steps) else {
            continue;
        };
        out.push(RecordedVisit {
            visit,
            state_type: *state_type,
            input: input.to_value(),
            finished: exits[at].is_some(),
            entries,
        });
        // A Distributed Map's children, each in its item.
        let Some(started) = chains.map_run_started_after(at) else {
            continue;
        };
        let EventKind::MapRunStarted { map_run_arn } = &events[started].kind else {
            continue;
        };
        let Some(machine) = map_run_arn.machine() else {
            continue;
        };
        let Some(recorded) = prior.recorded_children(map_run_arn, machine) else {
            continue;
        };
        let assigned = assign_children(recorded, |index| {
            ChildIdentity::of_recorded(map_run_arn, index, false)
                .map_or_else(|| map_run_arn.clone(), |id| id.arn)
        });
        for (index, child) in assigned.into_iter().enumerate() {
            if child.history.is_empty() {
                continue;
            }
            let mut prefix = steps.clone();
            if let Some((step, _)) = prefix.last_mut() {
                step.index = Some(index);
            }
            children.push((child.history, child.arn, prefix));
        }
    }
}

/// The events of one history a resume at a visit cuts (see `Prior::at_visit`): the visit's
/// entry (`visit`, when this history holds it) and what follows it on its strand, as
/// `super::unfinished` cuts a failed state; and the closing of each container on the
/// visit's path in this history (`containers`), with what follows it on its strand: a
/// Parallel's or inline Map's `…StateSucceeded` (or `…Failed`) and `…StateExited`, a
/// Distributed Map's events after its `MapRunStarted` (its Map Run runs again, the child
/// that holds the visit resumed at it), cut as `super::unfinished` cuts (never into another
/// iteration, everything past a container that starts again). What came before the visit on
/// its strand, and its siblings, are kept.
pub(crate) fn cut_at_visit(
    chains: &Chains<'_>,
    containers: &[usize],
    visit: Option<usize>,
) -> Vec<bool> {
    let events = chains.events;
    let exits = chains.exits();
    let mut from: Vec<usize> = visit.into_iter().collect();
    for &container in containers {
        if let Some(started) = chains.map_run_started_after(container) {
            from.extend(
                chains
                    .successors
                    .get(&events[started].id)
                    .into_iter()
                    .flatten(),
            );
            continue;
        }
        let Some(exit) = exits.get(container).copied().flatten() else {
            continue;
        };
        from.push(exit);
        // The `…StateSucceeded` (or `…StateFailed`, caught) the exit follows.
        if let Some(closing) = chains.previous(exit)
            && matches!(
                events[closing].kind,
                EventKind::ParallelStateSucceeded
                    | EventKind::ParallelStateFailed { .. }
                    | EventKind::MapStateSucceeded
                    | EventKind::MapStateFailed { .. }
            )
        {
            from.push(closing);
        }
    }
    super::unfinished::cut_along(chains, from.into_iter().map(|at| (at, false)).collect())
}

//! What the record of an execution that failed, timed out or was stopped leaves unfinished,
//! read along its strands' chains (`previousEventId`), and what a resume on a changed
//! definition (`super::prior`'s `PriorKind::ResumeFailed`) therefore runs again.
//!
//! The rule is AWS's for a redrive. `RedriveExecution` "continues the failed execution from
//! the unsuccessful step"; Step Functions "preserves the results and execution history of the
//! successful steps, and doesn't rerun these steps"; "For workflows that include an Inline Map
//! or Parallel state, RedriveExecution API action reschedules and redrives only the
//! iterations and branches that failed or aborted" (API Reference, `RedriveExecution`). A
//! state is unsuccessful when "there's no `<stateType>Exited` event corresponding to the
//! `<stateType>Entered` event" (Developer Guide, "Redriving Map Runs"); a state left through
//! a Catch has its `…StateExited` (recorded on AWS: LocalStack's `test_raise_exception_catch`,
//! `TaskFailed` then `TaskStateExited`).
//!
//! So, of the states entered and never exited ([`Unfinished::of`]):
//! - one inside a Parallel or Map that finished failed no further than it (the container
//!   caught its failure, or retried past it): the record keeps it and the run replays it;
//! - the others are where the record's strands ended: a Task, Pass, Choice, Wait, Fail or
//!   Succeed state, or a Parallel or Map that holds no such state (it failed on its own: its
//!   `ItemsPath`, an `ItemSelector`, its `ResultSelector`). These are the failed states
//!   ([`Unfinished::failed`]): each is cut from the record with what follows it on its strand
//!   and runs again live;
//! - a Parallel or an inline Map that holds one is entered again from the record: its
//!   branches and iterations that finished are taken from it, whatever they would now send,
//!   and only its own failure events (`MapIterationFailed`, `MapStateFailed`, …) are cut with
//!   the failed ones; a Distributed Map keeps its Map Run, which runs its children that did
//!   not succeed again (everything after its `MapRunStarted` on its strand is cut).
//!
//! A cut goes forward along the chains but never into another iteration's
//! `MapIterationStarted`: AWS chains a Map's iterations one after another (an iteration's
//! `MapIterationStarted` names the previous iteration's last state event: LocalStack's
//! `test_map_state_break_condition`, recorded on AWS), so the next iteration is no part of
//! the failed one's strand. Past a Parallel's or Map's `…StateStarted` (the container retried
//! after the failure) it cuts everything: that whole attempt came after the failure. Where a
//! record's chains are masked (LocalStack's snapshots of concurrent branches), the Parallel
//! or Map holding an event cannot be read ([`Holder::Unknown`]): its unfinished states are
//! taken as failed.

use crate::execution::{EventKind, HistoryEvent};
use std::collections::HashMap;
use workflow_asl::StateKind;

/// A state where a failed, timed out or stopped execution's record ends (it failed there, or
/// was running there when the execution timed out or was stopped), and where it stood: what
/// a resume on a changed definition runs again first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailedState {
    /// The state's name.
    pub state: String,
    /// Its type, as the record shows it.
    pub state_type: StateKind,
    /// The Parallel branches, Map iterations, Distributed Map children and started children
    /// it ran in, outermost first (empty for a top-level state, or where the record's chains do not
    /// show them).
    pub within: Vec<Within>,
}

/// Where a state ran inside another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Within {
    /// A branch of the Parallel state `parallel`.
    Branch {
        /// The Parallel state.
        parallel: String,
    },
    /// An iteration of the inline Map state `map`.
    Iteration {
        /// The Map state.
        map: String,
        /// The iteration's item index, when the record shows it.
        index: Option<usize>,
    },
    /// A child execution of the Distributed Map state `map`.
    Child {
        /// The Map state.
        map: String,
        /// The child execution's name.
        execution: String,
    },
    /// A child execution the `states:startExecution` Task state `task` started.
    Started {
        /// The Task state.
        task: String,
        /// The child execution's name.
        execution: String,
    },
}

impl std::fmt::Display for FailedState {
    /// `` `Call` (in iteration 1 of Map `Each`) ``.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}`", self.state)?;
        for (n, place) in self.within.iter().rev().enumerate() {
            f.write_str(if n == 0 { " (in " } else { ", in " })?;
            match place {
                Within::Branch { parallel } => write!(f, "a branch of Parallel `{parallel}`")?,
                Within::Iteration {
                    map,
                    index: Some(index),
                } => write!(f, "iteration {index} of Map `{map}`")?,
                Within::Iteration { map, index: None } => write!(f, "an iteration of Map `{map}`")?,
                Within::Child { map, execution } => {
                    write!(f, "child execution `{execution}` of Map `{map}`")?;
                }
                Within::Started { task, execution } => {
                    write!(f, "child execution `{execution}` started by Task `{task}`")?;
                }
            }
        }
        if !self.within.is_empty() {
            f.write_str(")")?;
        }
        Ok(())
    }
}

/// A recorded history's events and their chains.
pub(crate) struct Chains<'a> {
    /// The events, in record order.
    pub events: &'a [HistoryEvent],
    /// Each event's position, by id.
    pub position: &'a HashMap<u64, usize>,
    /// The positions of the events that follow each event id on its strand.
    pub successors: &'a HashMap<u64, Vec<usize>>,
}

/// The Parallel or Map a recorded event is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Holder {
    /// None: the event is on the execution's own strand.
    Top,
    /// The container entered at `entry` (its `…StateEntered`'s position); in a Map, the
    /// iteration, when the chain shows it.
    In {
        /// The container's `…StateEntered`.
        entry: usize,
        /// The Map iteration's index.
        iteration: Option<usize>,
    },
    /// The chain breaks before it shows one (a record whose chains are masked).
    Unknown,
}

/// What a failed, timed out or stopped execution's record leaves unfinished (see the
/// module's documentation).
pub(crate) struct Unfinished {
    /// For each event that is a `…StateEntered`, the position of the `…StateExited` that
    /// leads back to it along its strand, when the state finished.
    pub exits: Vec<Option<usize>>,
    /// The failed states, in record order: their `…StateEntered`s' positions.
    pub failed: Vec<usize>,
    /// The events a resume on a changed definition does not take from the record.
    pub cut: Vec<bool>,
    /// The container holding each unfinished state (and each container holding one).
    holders: HashMap<usize, Holder>,
}

impl Chains<'_> {
    /// The position of the event the event at `at` follows on its strand, if recorded.
    pub(crate) fn previous(&self, at: usize) -> Option<usize> {
        let id = super::prior::chained_previous(self.events, at);
        self.position.get(&id).copied()
    }

    /// For each `…StateEntered`, the position of the `…StateExited` whose chain leads back
    /// to it: the state finished.
    pub(crate) fn exits(&self) -> Vec<Option<usize>> {
        let mut exits = vec![None; self.events.len()];
        for (at, event) in self.events.iter().enumerate() {
            let EventKind::StateExited { name, .. } = &event.kind else {
                continue;
            };
            let mut cursor = event.previous_event_id;
            for _ in 0..self.events.len() {
                let Some(&before) = self.position.get(&cursor) else {
                    break;
                };
                match &self.events[before].kind {
                    EventKind::StateEntered { name: entered, .. } if entered == name => {
                        exits[before] = Some(at);
                        break;
                    }
                    _ => cursor = self.events[before].previous_event_id,
                }
            }
        }
        exits
    }

    /// The `MapRunStarted` of the Map state entered at `entered` (its `MapStateEntered`, then
    /// `MapStateStarted`, then `MapRunStarted` on its strand), if it started one: a
    /// Distributed Map's.
    pub(crate) fn map_run_started_after(&self, entered: usize) -> Option<usize> {
        if !matches!(
            self.events[entered].kind,
            EventKind::StateEntered {
                state_type: StateKind::Map,
                ..
            }
        ) {
            return None;
        }
        let mut at = entered;
        for _ in 0..2 {
            at = *self.successors.get(&self.events[at].id)?.first()?;
        }
        matches!(self.events[at].kind, EventKind::MapRunStarted { .. }).then_some(at)
    }

    /// The Parallel or Map the event at `at` is in (or closes): back along its chain, over
    /// the states that finished (`entry_of`: each exit's entry), to the first Parallel's or
    /// Map's `…StateEntered` reached from inside it. An iteration's `MapIterationStarted`
    /// that does not follow its Map's `MapStateStarted` (AWS chains it after the previous
    /// iteration) names its Map: the Map's last entry before it.
    pub(crate) fn holder(&self, at: usize, entry_of: &HashMap<usize, usize>) -> Holder {
        let mut iteration = None;
        let mut cursor = at;
        for _ in 0..self.events.len() {
            let Some(before) = self.previous(cursor) else {
                return Holder::Unknown;
            };
            match &self.events[before].kind {
                EventKind::ExecutionStarted { .. } => return Holder::Top,
                EventKind::StateExited { .. } if entry_of.contains_key(&before) => {
                    cursor = entry_of[&before];
                }
                EventKind::StateEntered {
                    state_type: StateKind::Map | StateKind::Parallel,
                    ..
                } => {
                    return Holder::In {
                        entry: before,
                        iteration,
                    };
                }
                EventKind::MapIterationStarted { name, index } => {
                    iteration.get_or_insert(*index);
                    let after_start = self.previous(before).is_some_and(|p| {
                        matches!(self.events[p].kind, EventKind::MapStateStarted { .. })
                    });
                    if !after_start {
                        return self
                            .last_entry_of(name, before)
                            .map_or(Holder::Unknown, |entry| Holder::In { entry, iteration });
                    }
                    cursor = before;
                }
                _ => cursor = before,
            }
        }
        Holder::Unknown
    }

    /// The position of the last `…StateEntered` of `state` before `at` (state names are
    /// unique in a state machine).
    fn last_entry_of(&self, state: &str, at: usize) -> Option<usize> {
        self.events[..at].iter().rposition(
            |e| matches!(&e.kind, EventKind::StateEntered { name, .. } if &**name == state),
        )
    }

    /// The container whose own failure the event at `at` records, if it is such an event:
    /// a Map iteration's failure or stop (by the Map's name), a Parallel's or Map's failure
    /// (by its chain), a state's `EvaluationFailed` (by its name).
    fn failure_of(&self, at: usize, entry_of: &HashMap<usize, usize>) -> Option<usize> {
        match &self.events[at].kind {
            EventKind::MapIterationFailed { name, .. }
            | EventKind::MapIterationAborted { name, .. } => self.last_entry_of(name, at),
            EventKind::EvaluationFailed { state, .. } => self.last_entry_of(state, at),
            EventKind::MapStateFailed { .. } | EventKind::ParallelStateFailed { .. } => {
                match self.holder(at, entry_of) {
                    Holder::In { entry, .. } => Some(entry),
                    Holder::Top | Holder::Unknown => None,
                }
            }
            _ => None,
        }
    }
}

impl Unfinished {
    /// What the record `chains` leaves unfinished, and what a resume on a changed definition
    /// cuts from it.
    pub(crate) fn of(chains: &Chains<'_>) -> Self {
        let events = chains.events;
        let exits = chains.exits();
        let entry_of: HashMap<usize, usize> = exits
            .iter()
            .enumerate()
            .filter_map(|(entry, exit)| exit.map(|exit| (exit, entry)))
            .collect();
        let unfinished = |at: usize| {
            matches!(events[at].kind, EventKind::StateEntered { .. }) && exits[at].is_none()
        };
        // The containers of the unfinished states, and theirs in turn.
        let mut holders: HashMap<usize, Holder> = HashMap::new();
        let mut pending: Vec<usize> = (0..events.len()).filter(|&at| unfinished(at)).collect();
        let entries = pending.clone();
        while let Some(at) = pending.pop() {
            if holders.contains_key(&at) {
                continue;
            }
            let holder = chains.holder(at, &entry_of);
            if let Holder::In { entry, .. } = holder {
                pending.push(entry);
            }
            holders.insert(at, holder);
        }
        // Where the record's strands ended: unfinished states whose containers are all
        // unfinished.
        let ended = |at: usize| {
            let mut cursor = at;
            for _ in 0..events.len() {
                match holders.get(&cursor) {
                    Some(Holder::In { entry, .. }) if exits[*entry].is_some() => return false,
                    Some(Holder::In { entry, .. }) => cursor = *entry,
                    _ => return true,
                }
            }
            true
        };
        let roots: Vec<usize> = entries.into_iter().filter(|&at| ended(at)).collect();
        let mut holds_root = vec![false; events.len()];
        for at in &roots {
            if let Some(Holder::In { entry, .. }) = holders.get(at) {
                holds_root[*entry] = true;
            }
        }
        let container = |at: usize| {
            matches!(
                events[at].kind,
                EventKind::StateEntered {
                    state_type: StateKind::Map | StateKind::Parallel,
                    ..
                }
            )
        };
        let mut is_root = vec![false; events.len()];
        let mut from: Vec<(usize, bool)> = Vec::new();
        for &at in &roots {
            is_root[at] = true;
            match chains.map_run_started_after(at) {
                // A Distributed Map keeps its Map Run: what follows its start is cut.
                Some(started) => {
                    let next = chains.successors.get(&events[started].id);
                    from.extend(next.into_iter().flatten().map(|&n| (n, false)));
                }
                None if container(at) => {}
                None => from.push((at, false)),
            }
        }
        // A Parallel's or inline Map's own failure, where it failed on its own.
        for at in 0..events.len() {
            if let Some(owner) = chains.failure_of(at, &entry_of)
                && is_root[owner]
                && container(owner)
                && chains.map_run_started_after(owner).is_none()
            {
                from.push((at, false));
            }
        }
        let cut = cut_along(chains, from);
        let failed = roots.into_iter().filter(|&at| !holds_root[at]).collect();
        Unfinished {
            exits,
            failed,
            cut,
            holders,
        }
    }

    /// The failed states (see [`Unfinished::failed`]), each with where it stood in
    /// `events`.
    pub(crate) fn failed_states(&self, events: &[HistoryEvent]) -> Vec<FailedState> {
        self.failed
            .iter()
            .filter_map(|&at| {
                let EventKind::StateEntered {
                    name, state_type, ..
                } = &events[at].kind
                else {
                    return None;
                };
                let within = self
                    .within(at)
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|(entry, index)| match &events[entry].kind {
                        EventKind::StateEntered {
                            name,
                            state_type: StateKind::Parallel,
                            ..
                        } => Some(Within::Branch {
                            parallel: name.to_string(),
                        }),
                        EventKind::StateEntered { name, .. } => Some(Within::Iteration {
                            map: name.to_string(),
                            index,
                        }),
                        _ => None,
                    })
                    .collect();
                Some(FailedState {
                    state: name.to_string(),
                    state_type: *state_type,
                    within,
                })
            })
            .collect()
    }

    /// The containers holding the unfinished state entered at `at`, outermost first; `None`
    /// where the chain does not show them.
    fn within(&self, at: usize) -> Option<Vec<(usize, Option<usize>)>> {
        let mut within = Vec::new();
        let mut cursor = at;
        loop {
            match self.holders.get(&cursor)? {
                Holder::Top => break,
                Holder::Unknown => return None,
                Holder::In { entry, iteration } => {
                    within.push((*entry, *iteration));
                    cursor = *entry;
                }
            }
            if within.len() > self.holders.len() {
                return None;
            }
        }
        within.reverse();
        Some(within)
    }
}

/// The events cut from `from` (positions, and whether the whole of what follows goes):
/// each, and what follows it on its strand, never into another iteration's
/// `MapIterationStarted` but past a Parallel's or Map's `…StateStarted` (a retry after the
/// failure), after which everything goes.
pub(crate) fn cut_along(chains: &Chains<'_>, mut from: Vec<(usize, bool)>) -> Vec<bool> {
    let events = chains.events;
    let mut cut = vec![false; events.len()];
    // Seen as part of a strand (bit 1), as part of a whole attempt (bit 2).
    let mut seen = vec![0u8; events.len()];
    while let Some((at, whole)) = from.pop() {
        let bit = if whole { 2 } else { 1 };
        if seen[at] & bit != 0 {
            continue;
        }
        seen[at] |= bit;
        cut[at] = true;
        for &next in chains.successors.get(&events[at].id).into_iter().flatten() {
            let kind = &events[next].kind;
            if !whole && matches!(kind, EventKind::MapIterationStarted { .. }) {
                continue;
            }
            let whole = whole
                || matches!(
                    kind,
                    EventKind::MapStateStarted { .. } | EventKind::ParallelStateStarted
                );
            from.push((next, whole));
        }
    }
    cut
}

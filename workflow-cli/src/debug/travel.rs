//! Stepping back: a session that keeps the checkpoints passed (a recorded history's, or one
//! launched with `stepBack`) shows a past one as a stop of its strand, read-only (its scope
//! as it was). Every stop is a checkpoint of its own, in the order the run reached them: a
//! state's entry, the error it raised, its leaving. `stepBack` goes to the strand's previous
//! checkpoint (or its enclosing strand's, before the strand started), `reverseContinue` to
//! the previous checkpoint where a breakpoint or an exception filter stops (else the first);
//! going forward from the past walks the checkpoints again, stopping as the live run would,
//! until it reaches the live stop.

use super::control::{Control, Flow, Snapshot, StepKind, Stopped};
use workflow_runtime::engine::debug::{Stop, Trail};

/// Where a walk through the checkpoints stopped.
pub(crate) struct Landed {
    /// The past checkpoint shown, or `None` for the live stop.
    pub past: Option<usize>,
    /// The stop, as the client is told.
    pub stopped: Stopped,
}

/// Where `thread` is now, as the checkpoints before it are found: the past checkpoint
/// `past`, else its live stop's own checkpoint, else (a waiting Task, which has none) just
/// after its strand's last one. The bound (the checkpoints before it are `..bound`) and the
/// strand.
fn now_at(flow: &Flow, past: Option<usize>, thread: u64) -> Option<(usize, Trail)> {
    if let Some(at) = past {
        return Some((at, flow.history.get(at)?.trail.clone()));
    }
    let held = flow.held.get(&thread);
    if let Some(at) = held.and_then(|h| h.at).and_then(|at| flow.position(at)) {
        return Some((at, flow.history[at].trail.clone()));
    }
    let last = flow.history.iter().rposition(|s| s.trail.id() == thread)?;
    let trail = held.map_or_else(|| flow.history[last].trail.clone(), |h| h.trail.clone());
    Some((last + 1, trail))
}

/// Whether the live run would stop at the past checkpoint `s` for a breakpoint or an
/// exception filter (a past stop counts no hit).
fn stops_at(control: &Control, s: &Snapshot) -> bool {
    match &s.stop {
        Stop::Entered => control
            .breakpoints
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .would_stop(&s.scope),
        Stop::Failed { error, handled, .. } => control
            .exceptions
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .stops(error, handled),
        Stop::Diverged(_) => {
            control
                .exceptions
                .read()
                .unwrap_or_else(|p| p.into_inner())
                .divergence
        }
        Stop::Exited => false,
    }
}

/// Whether a walk may land on the past checkpoint `s`: an entry, a leaving, or a checkpoint
/// where a breakpoint or an exception filter stops (a divergence or an error the filters let
/// pass is no stop).
fn landing(control: &Control, s: &Snapshot) -> bool {
    matches!(s.stop, Stop::Entered | Stop::Exited) || stops_at(control, s)
}

/// Steps back (`step`) from where `thread` is, or runs back to a breakpoint or an error.
pub(crate) fn backward(
    control: &Control,
    past: Option<usize>,
    thread: u64,
    step: bool,
) -> Option<Landed> {
    let flow = control.flow();
    let (bound, from) = now_at(&flow, past, thread)?;
    let history = &flow.history;
    let (at, reason) = if step {
        // A step back lands where a step forward would: an entry or a leaving of the strand
        // (or of one enclosing it), or where a breakpoint or an exception filter stops; else
        // (no such checkpoint of its own) the latest of another strand's.
        let at = (0..bound)
            .rev()
            .find(|&i| {
                StepKind::Over.lands(&from, &history[i].trail) && landing(control, &history[i])
            })
            .or_else(|| (0..bound).rev().find(|&i| landing(control, &history[i])))?;
        (at, "step")
    } else {
        match (0..bound).rev().find(|&i| stops_at(control, &history[i])) {
            Some(at) if history[at].stop == Stop::Entered => (at, "breakpoint"),
            Some(at) => (at, "exception"),
            None => (
                (0..bound).find(|&i| landing(control, &history[i]))?,
                "entry",
            ),
        }
    };
    let snapshot = &history[at];
    Some(Landed {
        past: Some(at),
        stopped: Stopped {
            thread: snapshot.trail.id(),
            reason: reason.to_owned(),
            description: format!(
                "Back at `{}` ({}), checkpoint {} of {}",
                snapshot.scope.state,
                describe(&snapshot.stop),
                at + flow.forgotten + 1,
                history.len() + flow.forgotten
            ),
            text: error_text(&snapshot.stop),
            hits: Vec::new(),
        },
    })
}

/// Goes forward from the past checkpoint `at`: to the next one the step (from `at`'s strand)
/// lands on, or, for a continue (`step` none), the next where a breakpoint or an exception
/// filter stops. `None` when none does before the live stop: the live run goes on from there.
pub(crate) fn forward(
    control: &Control,
    at: usize,
    step: Option<(u64, StepKind)>,
) -> Option<Landed> {
    let flow = control.flow();
    let history = &flow.history;
    let from = history.get(at)?.trail.clone();
    // A strand's live stop: its own checkpoint there, or (a waiting Task's, which has none)
    // its last one.
    let live = |i: usize| {
        let thread = history[i].trail.id();
        flow.held.get(&thread).is_some_and(|held| match held.at {
            Some(own) => flow.position(own) == Some(i),
            None => !history[i + 1..].iter().any(|s| s.trail.id() == thread),
        })
    };
    let found = (at + 1..history.len()).find(|&i| {
        let s = &history[i];
        // A step lands where the live run's would (an entry or a leaving), or where a
        // breakpoint or an exception filter stops first.
        let landed = match step {
            Some((_, kind)) => {
                matches!(s.stop, Stop::Entered | Stop::Exited) && kind.lands(&from, &s.trail)
            }
            None => false,
        };
        landed || stops_at(control, s)
    })?;
    let snapshot = &history[found];
    let thread = snapshot.trail.id();
    let live = live(found);
    let reason = match (&snapshot.stop, stops_at(control, snapshot)) {
        (Stop::Entered, true) => "breakpoint",
        (Stop::Failed { .. } | Stop::Diverged(_), true) => "exception",
        _ if step.is_some() => "step",
        _ => "pause",
    };
    Some(Landed {
        past: (!live).then_some(found),
        stopped: Stopped {
            thread,
            reason: reason.to_owned(),
            description: format!(
                "{} `{}` ({})",
                if live { "At" } else { "Forward to" },
                snapshot.scope.state,
                describe(&snapshot.stop)
            ),
            text: error_text(&snapshot.stop),
            hits: Vec::new(),
        },
    })
}

/// What a checkpoint reached, in words.
fn describe(stop: &Stop) -> &'static str {
    match stop {
        Stop::Entered => "entered",
        Stop::Exited => "left",
        Stop::Failed { .. } => "raised an error",
        Stop::Diverged(_) => "diverged",
    }
}

/// An error's or a divergence's words, as its live stop said them.
fn error_text(stop: &Stop) -> Option<String> {
    match stop {
        Stop::Failed { error, cause, .. } => Some(format!("{error}: {cause}")),
        Stop::Diverged(divergence) => Some(divergence.to_string()),
        Stop::Entered | Stop::Exited => None,
    }
}

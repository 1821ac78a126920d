//! Stepping back: a session that keeps the checkpoints passed (a recorded history's, or one
//! launched with `stepBack`) shows a past one as a stop of its strand, read-only (its scope
//! as it was). `stepBack` goes to the strand's previous checkpoint (or its enclosing
//! strand's, before the strand started), `reverseContinue` to the previous checkpoint where
//! a breakpoint stops (else the first); going forward from the past walks the checkpoints
//! again, stopping as the live run would, until it reaches the live stop.

use super::control::{Control, StepKind, Stopped};
use workflow_runtime::engine::debug::Stop;

/// Where a walk through the checkpoints stopped.
pub(crate) struct Landed {
    /// The past checkpoint shown, or `None` for the live stop.
    pub past: Option<usize>,
    /// The stop, as the client is told.
    pub stopped: Stopped,
}

/// Where `thread` is now: the past checkpoint `past`, else its live stop (its last
/// checkpoint).
fn now_at(control: &Control, past: Option<usize>, thread: u64) -> Option<usize> {
    if past.is_some() {
        return past;
    }
    let flow = control.flow();
    flow.history.iter().rposition(|s| s.trail.id() == thread)
}

/// Steps back (`step`) from where `thread` is, or runs back to a breakpoint.
pub(crate) fn backward(
    control: &Control,
    past: Option<usize>,
    thread: u64,
    step: bool,
) -> Option<Landed> {
    let start = now_at(control, past, thread)?;
    let flow = control.flow();
    let history = &flow.history;
    let from = history.get(start)?.trail.clone();
    let (at, reason) = if step {
        let at = (0..start)
            .rev()
            .find(|&i| StepKind::Over.lands(&from, &history[i].trail))
            .or_else(|| start.checked_sub(1))?;
        (at, "step")
    } else {
        let breakpoints = control
            .breakpoints
            .read()
            .unwrap_or_else(|p| p.into_inner());
        let hit = (0..start).rev().find(|&i| {
            history[i].stop == Stop::Entered && breakpoints.would_stop(&history[i].scope)
        });
        match hit {
            Some(at) => (at, "breakpoint"),
            None if start > 0 => (0, "entry"),
            None => return None,
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
            text: None,
            hits: Vec::new(),
        },
    })
}

/// Goes forward from the past checkpoint `at`: to the next one the step (from `at`'s strand)
/// lands on, or, for a continue (`step` none), the next where a breakpoint stops. `None` when
/// none does before the live stop: the live run goes on from there.
pub(crate) fn forward(
    control: &Control,
    at: usize,
    step: Option<(u64, StepKind)>,
) -> Option<Landed> {
    let flow = control.flow();
    let history = &flow.history;
    let from = history.get(at)?.trail.clone();
    let breakpoints = control
        .breakpoints
        .read()
        .unwrap_or_else(|p| p.into_inner());
    let found = (at + 1..history.len()).find(|&i| {
        let s = &history[i];
        match step {
            Some((_, kind)) => kind.lands(&from, &s.trail),
            None => s.stop == Stop::Entered && breakpoints.would_stop(&s.scope),
        }
    })?;
    let snapshot = &history[found];
    let thread = snapshot.trail.id();
    // The strand's last checkpoint, where it is stopped now: the live stop.
    let live = flow.held.contains_key(&thread)
        && !history[found + 1..].iter().any(|s| s.trail.id() == thread);
    Some(Landed {
        past: (!live).then_some(found),
        stopped: Stopped {
            thread,
            reason: if step.is_some() { "step" } else { "breakpoint" }.to_owned(),
            description: format!(
                "{} `{}` ({})",
                if live { "At" } else { "Forward to" },
                snapshot.scope.state,
                describe(&snapshot.stop)
            ),
            text: None,
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

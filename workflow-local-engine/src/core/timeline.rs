//! The order in which the strands of one execution (its branches and iterations) pass virtual
//! time, so that its history is in time order, as the service's is.
//!
//! On the virtual clock waiting costs nothing, but strands that run together must still take
//! turns in time order: a Map whose iterations wait 10 s, 5 s and 1 s has the third one leave
//! its Wait first, and an iteration that starts when another one ends (past `MaxConcurrency`)
//! starts at that time. A strand that lets time pass (a Wait state, a retry interval, a task
//! that takes time) sleeps on the timeline until its wake time; when no strand can run (every
//! one sleeps, or waits for a test's callback) and no handler is running, [`Timeline::drive`]
//! wakes the sleeper with the earliest wake time (in the order they slept, among equal
//! times). Strands that wait for a test's callbacks follow the test's time instead (see
//! `callbacks`).
//!
//! On a [`VirtualClock`](super::virtual_clock::VirtualClock) (real time, read from a clock
//! its owner advances) the execution's driver tells the clock when it is parked
//! ([`Participation`]): the clock lets time pass only once every execution on it can go no
//! further without it.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};

use super::virtual_clock::Participation;

/// The sleepers of one execution and the handlers it is running.
#[derive(Default)]
pub(crate) struct Timeline {
    state: Arc<Mutex<State>>,
    /// The strands numbered so far, past the execution's own (1): see `super::pause::Trail`.
    strands: std::sync::atomic::AtomicU64,
    /// The execution on a virtual clock, which hears when it is parked.
    participation: Option<Arc<Participation>>,
}

thread_local! {
    /// The handlers' counts of the execution whose driver is polling on this thread (see
    /// [`awaiting_other_executions`]).
    static POLLING: std::cell::RefCell<Option<std::sync::Weak<Mutex<State>>>> =
        const { std::cell::RefCell::new(None) };
}

/// `future`, awaited by a Task's handler, waits for other executions on the same virtual
/// clock (a host's `states:startExecution.sync` waiting for its child): while it waits, the
/// handler does not keep the clock from letting time pass, as a running handler otherwise
/// does (its work takes no virtual time). Anywhere else it is `future`.
pub fn awaiting_other_executions<F: Future>(future: F) -> impl Future<Output = F::Output> {
    AwaitingOthers {
        future: Box::pin(future),
        counted: None,
    }
}

/// The future of [`awaiting_other_executions`].
struct AwaitingOthers<F: Future> {
    future: Pin<Box<F>>,
    /// The execution's counts, while this wait is counted in them.
    counted: Option<std::sync::Weak<Mutex<State>>>,
}

impl<F: Future> AwaitingOthers<F> {
    fn uncount(&mut self) {
        if let Some(state) = self.counted.take().and_then(|s| s.upgrade()) {
            let mut state = state.lock().unwrap_or_else(|p| p.into_inner());
            state.awaiting = state.awaiting.saturating_sub(1);
        }
    }
}

impl<F: Future> Future for AwaitingOthers<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let polled = self.future.as_mut().poll(cx);
        if polled.is_ready() {
            self.uncount();
        } else if self.counted.is_none() {
            let state = POLLING.with(|p| p.borrow().clone());
            if let Some(strong) = state.as_ref().and_then(std::sync::Weak::upgrade) {
                strong.lock().unwrap_or_else(|p| p.into_inner()).awaiting += 1;
                self.counted = state;
            }
        }
        polled
    }
}

impl<F: Future> Drop for AwaitingOthers<F> {
    fn drop(&mut self) {
        self.uncount();
    }
}

#[derive(Default)]
struct State {
    /// Sleepers by wake time (milliseconds since the epoch) and the order they slept in.
    sleepers: BTreeMap<(i64, u64), Arc<Alarm>>,
    slept: u64,
    /// Handlers running: while one runs, its strand may still record events at the current
    /// time, so no later sleeper wakes.
    busy: usize,
    /// Of those, the handlers waiting for other executions on the same virtual clock
    /// ([`awaiting_other_executions`]): they keep no sleeper from waking, nor the clock.
    awaiting: usize,
}

/// One sleeper's wake-up.
#[derive(Default)]
struct Alarm {
    rung: AtomicBool,
    waker: Mutex<Option<Waker>>,
}

impl Timeline {
    /// The timeline of an execution on a virtual clock, as `participation` of it (none on the
    /// system's clock or in virtual time).
    pub(crate) fn on(participation: Option<Arc<Participation>>) -> Self {
        Timeline {
            state: Arc::default(),
            strands: std::sync::atomic::AtomicU64::new(0),
            participation,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Sleeps until the timeline reaches `at` (milliseconds since the epoch).
    pub(crate) fn sleep_until(&self, at: i64) -> Sleep<'_> {
        Sleep {
            timeline: self,
            at,
            key: None,
            alarm: Arc::new(Alarm::default()),
        }
    }

    /// The number of a new strand of the execution (its branches, iterations and child
    /// executions'): 2, 3, … (the execution's own is 1).
    pub(crate) fn next_strand(&self) -> u64 {
        self.strands.fetch_add(1, Ordering::Relaxed) + 2
    }

    /// Counts a handler as running until the returned guard is dropped.
    pub(crate) fn busy(&self) -> Busy<'_> {
        self.lock().busy += 1;
        Busy(self)
    }

    /// Whether no handler runs but those waiting for other executions.
    fn idle(&self) -> bool {
        let state = self.lock();
        state.busy <= state.awaiting
    }

    /// Wakes the earliest sleeper, when no handler runs; whether one was woken.
    fn ring_next(&self) -> bool {
        let alarm = {
            let mut state = self.lock();
            if state.busy > state.awaiting {
                return false;
            }
            match state.sleepers.pop_first() {
                Some((_, alarm)) => alarm,
                None => return false,
            }
        };
        alarm.rung.store(true, Ordering::SeqCst);
        if let Some(waker) = alarm.waker.lock().unwrap_or_else(|p| p.into_inner()).take() {
            waker.wake();
        }
        true
    }

    /// Runs `future` (an execution) with this timeline: whenever it cannot go on by itself,
    /// the earliest sleeper wakes.
    pub(crate) fn drive<F: Future>(&self, future: F) -> Drive<'_, F> {
        Drive {
            timeline: self,
            future: Box::pin(future),
        }
    }
}

/// A handler counted as running (see [`Timeline::busy`]).
pub(crate) struct Busy<'t>(&'t Timeline);

impl Drop for Busy<'_> {
    fn drop(&mut self) {
        let mut state = self.0.lock();
        state.busy = state.busy.saturating_sub(1);
    }
}

/// The future of [`Timeline::sleep_until`].
pub(crate) struct Sleep<'t> {
    timeline: &'t Timeline,
    at: i64,
    key: Option<(i64, u64)>,
    alarm: Arc<Alarm>,
}

impl Future for Sleep<'_> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.alarm.rung.load(Ordering::SeqCst) {
            return Poll::Ready(());
        }
        *self.alarm.waker.lock().unwrap_or_else(|p| p.into_inner()) = Some(cx.waker().clone());
        if self.key.is_none() {
            let mut state = self.timeline.lock();
            state.slept += 1;
            let key = (self.at, state.slept);
            state.sleepers.insert(key, Arc::clone(&self.alarm));
            drop(state);
            self.key = Some(key);
        }
        Poll::Pending
    }
}

impl Drop for Sleep<'_> {
    /// A sleeper dropped before it woke (its strand was cancelled) leaves the timeline.
    fn drop(&mut self) {
        if let Some(key) = self.key
            && !self.alarm.rung.load(Ordering::SeqCst)
        {
            self.timeline.lock().sleepers.remove(&key);
        }
    }
}

/// The future of [`Timeline::drive`].
pub(crate) struct Drive<'t, F: Future> {
    timeline: &'t Timeline,
    future: Pin<Box<F>>,
}

/// A waker that notes that it was woken (and tells the execution's clock), then wakes the
/// runtime's.
struct Noting {
    woken: AtomicBool,
    outer: Waker,
    participation: Option<Arc<Participation>>,
}

impl futures::task::ArcWake for Noting {
    fn wake_by_ref(arc_self: &Arc<Self>) {
        arc_self.woken.store(true, Ordering::SeqCst);
        if let Some(participation) = &arc_self.participation {
            participation.woken();
        }
        arc_self.outer.wake_by_ref();
    }
}

impl<F: Future> Future for Drive<'_, F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let participation = self.timeline.participation.clone();
        let wakes_before = participation.as_ref().map(|p| p.wakes());
        let noting = Arc::new(Noting {
            woken: AtomicBool::new(false),
            outer: cx.waker().clone(),
            participation,
        });
        let waker = futures::task::waker(Arc::clone(&noting));
        // The handlers polled inside find the execution's counts (`awaiting_other_executions`).
        let outer = POLLING.with(|p| p.replace(Some(Arc::downgrade(&self.timeline.state))));
        let polled = self.future.as_mut().poll(&mut Context::from_waker(&waker));
        POLLING.with(|p| *p.borrow_mut() = outer);
        // Nothing can go on by itself: the earliest sleeper wakes (its waker wakes the
        // runtime, which polls again); with none, and no handler running, the execution is
        // parked for its clock.
        if polled.is_pending()
            && !noting.woken.load(Ordering::SeqCst)
            && !self.timeline.ring_next()
            && let (Some(participation), Some(before)) =
                (&self.timeline.participation, wakes_before)
            && self.timeline.idle()
        {
            participation.parked(before);
        }
        polled
    }
}

#[cfg(test)]
mod tests {
    use super::Timeline;
    use std::sync::Mutex;

    #[test]
    fn sleepers_wake_in_time_order_then_in_the_order_they_slept() {
        let timeline = Timeline::default();
        let woke = Mutex::new(Vec::new());
        let sleeper = |name: &'static str, at: i64| {
            let (timeline, woke) = (&timeline, &woke);
            async move {
                timeline.sleep_until(at).await;
                woke.lock().unwrap_or_else(|p| p.into_inner()).push(name);
            }
        };
        let all = futures::future::join4(
            sleeper("ten", 10),
            sleeper("five", 5),
            sleeper("one", 1),
            sleeper("five again", 5),
        );
        futures::executor::block_on(timeline.drive(all));
        assert_eq!(
            *woke.lock().unwrap_or_else(|p| p.into_inner()),
            ["one", "five", "five again", "ten"]
        );
    }

    #[test]
    fn no_sleeper_wakes_while_a_handler_runs() {
        let timeline = Timeline::default();
        let busy = timeline.busy();
        let mut sleep = Box::pin(timeline.sleep_until(1));
        let waker = futures::task::noop_waker();
        let mut cx = std::task::Context::from_waker(&waker);
        assert!(sleep.as_mut().poll(&mut cx).is_pending());
        assert!(!timeline.ring_next());
        drop(busy);
        assert!(timeline.ring_next());
        assert!(sleep.as_mut().poll(&mut cx).is_ready());
    }
}

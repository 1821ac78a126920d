//! A clock of its own for the executions of one host (a test's in-process endpoint, a
//! `workflow serve` started on one), which stands still until its owner lets time pass, as
//! Temporal's test server skips time and tokio's paused clock advances: a Wait of 30 days, a
//! retry's back-off, a Task's `TimeoutSeconds` and `HeartbeatSeconds` are timers on it, and
//! every time an execution reads (its events' timestamps, `$$.State.EnteredTime`, `$now()`) is
//! its time. The executions run as in real time on it (`TimeMode::Real`, what the service
//! does), so that what they record is what the service would: to the millisecond, since no
//! time passes while they work.
//!
//! Time passes only between steps where nothing can go on without it: each execution on the
//! clock is a participant ([`Participation`]) that tells when it is parked with nothing woken
//! and no handler running; [`VirtualClock::advance`] waits until every one is, then moves
//! to the earliest timer and wakes it (one at a time, in the order they were set among equal
//! times, so that histories are in time order and runs deterministic), and so on up to where
//! it was asked to go. Two clocks share nothing: each endpoint keeps its own time.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A clock that stands still until it is advanced: the time of the executions started on it
/// ([`Engine::clock`](crate::Engine::clock)), shared by its clones and by no other clock.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use serde_json::json;
/// use workflow_runtime::asl::StateMachine;
/// use workflow_runtime::engine::{Engine, VirtualClock};
/// use workflow_runtime::execution::ExecutionStatus;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let machine = StateMachine::from_json(r#"{"StartAt": "Hold", "States": {
///     "Hold": {"Type": "Wait", "Seconds": 2592000, "End": true}}}"#)?;
/// let clock = VirtualClock::starting_at(UNIX_EPOCH + Duration::from_secs(1_800_000_000));
/// let engine = Engine::new().clock(&clock);
/// let running = engine.machine(&machine).input(json!({})).start()?;
/// clock.advance(Duration::from_secs(29 * 86_400)).await;
/// assert!(!running.is_finished(), "a day of its 30 is left");
/// clock.run_until_idle().await;
/// let done = running.wait().await?;
/// assert_eq!(done.status, ExecutionStatus::Succeeded);
/// // Its end is recorded 30 days after its start, to the millisecond.
/// let (first, last) = (&done.history[0], &done.history[done.history.len() - 1]);
/// assert_eq!(last.timestamp_millis - first.timestamp_millis, 2_592_000_000);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct VirtualClock {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for VirtualClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VirtualClock")
            .field("now_millis", &self.now_millis())
            .field("next_timer_millis", &self.next_timer_millis())
            .finish()
    }
}

struct Inner {
    /// Now, in milliseconds since the Unix epoch.
    now: AtomicI64,
    state: Mutex<State>,
    /// Told when a participant parks or ends: whoever waits for them to settle looks again.
    changed: tokio::sync::Notify,
}

#[derive(Default)]
struct State {
    /// The timers set and not rung, by time (milliseconds since the epoch) and the order they
    /// were set in.
    timers: BTreeMap<(i64, u64), Arc<Timer>>,
    set: u64,
    /// The executions running on the clock.
    participants: Vec<Weak<Participation>>,
}

/// One timer's wake-up.
#[derive(Default)]
struct Timer {
    rung: AtomicBool,
    waker: Mutex<Option<Waker>>,
}

impl Default for VirtualClock {
    fn default() -> Self {
        VirtualClock::new()
    }
}

impl VirtualClock {
    /// A clock at the wall clock's time (to the millisecond), which stands still from there.
    pub fn new() -> Self {
        VirtualClock::at_millis(super::clock::wall_millis())
    }

    /// A clock at `time` (to the millisecond; a time before 1970 is 1970), which stands still
    /// from there: a test that pins its start pins every timestamp its executions record.
    pub fn starting_at(time: SystemTime) -> Self {
        let millis = time
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        VirtualClock::at_millis(millis)
    }

    fn at_millis(millis: i64) -> Self {
        VirtualClock {
            inner: Arc::new(Inner {
                now: AtomicI64::new(millis),
                state: Mutex::default(),
                changed: tokio::sync::Notify::new(),
            }),
        }
    }

    /// The clock's time.
    pub fn now(&self) -> SystemTime {
        system_time(self.now_millis())
    }

    /// The clock's time, in milliseconds since the Unix epoch (the unit of history events'
    /// `timestamp_millis`).
    pub fn now_millis(&self) -> i64 {
        self.inner.now.load(Ordering::SeqCst)
    }

    /// When the earliest timer set on the clock (a Wait, a retry's back-off, a task's
    /// deadline) comes, if one is set.
    pub fn next_timer(&self) -> Option<SystemTime> {
        self.next_timer_millis().map(system_time)
    }

    /// [`next_timer`](Self::next_timer), in milliseconds since the Unix epoch.
    pub fn next_timer_millis(&self) -> Option<i64> {
        self.lock().timers.keys().next().map(|(at, _)| *at)
    }

    /// Whether `a` and `b` are the same clock (clones of one another).
    pub fn same_clock(a: &VirtualClock, b: &VirtualClock) -> bool {
        Arc::ptr_eq(&a.inner, &b.inner)
    }

    /// Lets `duration` pass: every timer due within it fires in time order, each once the
    /// executions on the clock can go no further without time, and the clock stops `duration`
    /// after where it stood; it returns once the executions settled there (see
    /// [`settled`](Self::settled)).
    pub async fn advance(&self, duration: Duration) {
        let by = i64::try_from(duration.as_millis()).unwrap_or(i64::MAX);
        let target = self.now_millis().saturating_add(by);
        loop {
            self.settled().await;
            if !self.ring_next(Some(target)) {
                break;
            }
        }
        self.inner.now.fetch_max(target, Ordering::SeqCst);
        self.settled().await;
    }

    /// Moves the clock to its earliest timer and fires it, once the executions on it settled,
    /// and waits until they settled again; the time it moved to, or `None` (the clock where it
    /// was) when no timer is set.
    pub async fn advance_to_next_timer(&self) -> Option<SystemTime> {
        self.settled().await;
        if !self.ring_next(None) {
            return None;
        }
        self.settled().await;
        Some(self.now())
    }

    /// Fires timer after timer, each once the executions settled, until none is left: every
    /// execution on the clock has ended or waits for something other than time (a callback
    /// with no deadline, an activity's worker).
    pub async fn run_until_idle(&self) {
        while self.advance_to_next_timer().await.is_some() {}
    }

    /// Fires timer after timer, as [`run_until_idle`](Self::run_until_idle), until
    /// `condition` holds (asked first, then after each timer, the executions settled): whether
    /// it held; `false` when no timer is left and it still does not.
    ///
    /// ```
    /// # use workflow_runtime::engine::VirtualClock;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let clock = VirtualClock::new();
    /// // Nothing runs on it: no timer will make this hold.
    /// assert!(!clock.run_until(async || false).await);
    /// # }
    /// ```
    pub async fn run_until(&self, mut condition: impl AsyncFnMut() -> bool) -> bool {
        loop {
            self.settled().await;
            if condition().await {
                return true;
            }
            if !self.ring_next(None) {
                return condition().await;
            }
        }
    }

    /// Waits until every execution on the clock is settled: ended, or parked with nothing
    /// woken since and no handler running (each waits for a timer, a callback or a worker).
    pub async fn settled(&self) {
        loop {
            let changed = self.inner.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            if self.all_settled() {
                return;
            }
            changed.await;
        }
    }

    /// Whether every participant is settled. The list is copied out first: a participant's
    /// check takes locks of its own.
    fn all_settled(&self) -> bool {
        let participants: Vec<Arc<Participation>> = {
            let mut state = self.lock();
            state.participants.retain(|p| p.strong_count() > 0);
            state
                .participants
                .iter()
                .filter_map(Weak::upgrade)
                .collect()
        };
        participants.iter().all(|p| p.settled())
    }

    /// Fires the earliest timer (not later than `until`, when given): the clock moves to its
    /// time. Whether one fired.
    fn ring_next(&self, until: Option<i64>) -> bool {
        let timer = {
            let mut state = self.lock();
            let Some((&(at, _), _)) = state.timers.first_key_value() else {
                return false;
            };
            if until.is_some_and(|until| at > until) {
                return false;
            }
            self.inner.now.fetch_max(at, Ordering::SeqCst);
            match state.timers.pop_first() {
                Some((_, timer)) => timer,
                None => return false,
            }
        };
        timer.rung.store(true, Ordering::SeqCst);
        let waker = timer.waker.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(waker) = waker {
            waker.wake();
        }
        true
    }

    /// Sleeps until the clock reaches `at` (milliseconds since the epoch).
    pub(crate) fn sleep_until(&self, at: i64) -> Sleep {
        Sleep {
            clock: self.clone(),
            at,
            key: None,
            timer: Arc::new(Timer::default()),
        }
    }

    /// Keeps time from passing on the clock while the returned hold lives: for work outside
    /// the executions that one of them will hear of, so that the clock waits for it (a host
    /// writing the end of an execution that another one waits for).
    pub fn hold(&self) -> ClockHold {
        ClockHold {
            _participation: self.participation(),
        }
    }

    /// A new execution on the clock: settled once it is parked, or gone.
    pub(crate) fn participation(&self) -> Arc<Participation> {
        let participation = Arc::new(Participation {
            clock: Arc::clone(&self.inner),
            wakes: AtomicU64::new(0),
            parked_at: AtomicU64::new(u64::MAX),
        });
        self.lock()
            .participants
            .push(Arc::downgrade(&participation));
        participation
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.inner.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// `millis` since the Unix epoch as a [`SystemTime`].
fn system_time(millis: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(u64::try_from(millis).unwrap_or(0))
}

/// The future of [`VirtualClock::sleep_until`].
pub(crate) struct Sleep {
    clock: VirtualClock,
    at: i64,
    key: Option<(i64, u64)>,
    timer: Arc<Timer>,
}

impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.timer.rung.load(Ordering::SeqCst) || self.clock.now_millis() >= self.at {
            return Poll::Ready(());
        }
        *self.timer.waker.lock().unwrap_or_else(|p| p.into_inner()) = Some(cx.waker().clone());
        if self.key.is_none() {
            let mut state = self.clock.lock();
            state.set += 1;
            let key = (self.at, state.set);
            state.timers.insert(key, Arc::clone(&self.timer));
            drop(state);
            self.key = Some(key);
        }
        Poll::Pending
    }
}

impl Drop for Sleep {
    /// A timer dropped before it rang (its strand ended otherwise: an answer came first, the
    /// execution stopped) leaves the clock.
    fn drop(&mut self) {
        if let Some(key) = self.key
            && !self.timer.rung.load(Ordering::SeqCst)
        {
            self.clock.lock().timers.remove(&key);
        }
    }
}

/// What [`VirtualClock::hold`] returns: the clock lets no time pass until it is dropped.
#[must_use = "the clock is held only while the hold lives"]
pub struct ClockHold {
    _participation: Arc<Participation>,
}

impl std::fmt::Debug for ClockHold {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClockHold")
    }
}

/// One execution on a [`VirtualClock`]: what its driver (`super::timeline::Drive`) tells the
/// clock. It is settled when its future is parked with nothing woken since (every wake of it
/// is counted before the runtime hears of it, so a timer fired or an answer given unsettles it
/// at once), and once it is gone: its last holder (the run's timeline, or a started
/// execution's task until its host was told of its end) dropped it.
pub(crate) struct Participation {
    clock: Arc<Inner>,
    wakes: AtomicU64,
    /// The wake count when the future last parked with nothing woken during its poll.
    parked_at: AtomicU64,
}

impl Participation {
    /// The execution was woken (its waker, before the runtime's).
    pub(crate) fn woken(&self) {
        self.wakes.fetch_add(1, Ordering::SeqCst);
    }

    /// How many times it was woken.
    pub(crate) fn wakes(&self) -> u64 {
        self.wakes.load(Ordering::SeqCst)
    }

    /// Its future parked, with no handler running, after a poll begun at `wakes_before` wakes:
    /// settled, unless a wake came meanwhile.
    pub(crate) fn parked(&self, wakes_before: u64) {
        if self.wakes() == wakes_before {
            self.parked_at.store(wakes_before, Ordering::SeqCst);
            self.clock.changed.notify_waiters();
        }
    }

    fn settled(&self) -> bool {
        self.parked_at.load(Ordering::SeqCst) == self.wakes.load(Ordering::SeqCst)
    }
}

impl Drop for Participation {
    /// Gone: settled for good; whoever waits for the clock's executions looks again.
    fn drop(&mut self) {
        self.clock.changed.notify_waiters();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "current_thread")]
    async fn timers_fire_in_time_order_then_in_the_order_they_were_set() {
        let clock = VirtualClock::starting_at(UNIX_EPOCH);
        let woke = Arc::new(Mutex::new(Vec::new()));
        for (name, at) in [("ten", 10), ("five", 5), ("one", 1), ("five again", 5)] {
            let (sleep, woke) = (clock.sleep_until(at), Arc::clone(&woke));
            tokio::spawn(async move {
                sleep.await;
                woke.lock().unwrap_or_else(|p| p.into_inner()).push(name);
            });
        }
        tokio::task::yield_now().await;
        assert_eq!(clock.next_timer_millis(), Some(1));
        clock.advance(Duration::from_millis(7)).await;
        tokio::task::yield_now().await;
        assert_eq!(clock.now_millis(), 7, "it stops where it was asked to");
        clock.run_until_idle().await;
        tokio::task::yield_now().await;
        assert_eq!(
            *woke.lock().unwrap_or_else(|p| p.into_inner()),
            ["one", "five", "five again", "ten"]
        );
        assert_eq!(clock.now_millis(), 10);
        assert_eq!(clock.next_timer(), None);
    }

    #[tokio::test(flavor = "current_thread")]
    async fn it_waits_for_its_participants_to_settle_and_two_clocks_share_nothing() {
        use std::future::Future as _;
        let (clock, other) = (VirtualClock::starting_at(UNIX_EPOCH), VirtualClock::new());
        let participation = clock.participation();
        let settled = clock.settled();
        tokio::pin!(settled);
        let waker = futures::task::noop_waker();
        let mut cx = Context::from_waker(&waker);
        // Never polled: not settled.
        assert!(settled.as_mut().poll(&mut cx).is_pending());
        participation.parked(participation.wakes());
        assert!(settled.as_mut().poll(&mut cx).is_ready());
        participation.woken();
        assert!(!clock.all_settled(), "a wake unsettles it");
        assert!(other.all_settled(), "the other clock has no participant");
        drop(participation);
        assert!(clock.all_settled(), "a participant gone is settled");
        let hold = clock.hold();
        assert!(!clock.all_settled(), "a hold keeps time from passing");
        drop(hold);
        assert!(clock.all_settled());
        assert!(!VirtualClock::same_clock(&clock, &other));
        assert!(VirtualClock::same_clock(&clock, &clock.clone()));
    }
}

//! Time in the engine: virtual by default (Wait, retry intervals and timeouts advance
//! instantly and deterministically), real time as an option, read from the system's clock or
//! from a [`VirtualClock`] its owner advances ([`Source`]).

use super::virtual_clock::VirtualClock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How the engine keeps time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeMode {
    /// Virtual time starting at the given Unix time in milliseconds: waiting costs nothing.
    Virtual {
        /// The execution's start time, in milliseconds since the Unix epoch.
        start_millis: i64,
    },
    /// Wall-clock time: Wait and retry intervals really sleep.
    Real,
}

impl Default for TimeMode {
    /// Virtual time starting at 2026-01-01T00:00:00Z, so that runs are reproducible.
    fn default() -> Self {
        TimeMode::Virtual {
            start_millis: 1_767_225_600_000,
        }
    }
}

/// Where real time comes from: the system's clock, or a [`VirtualClock`] (`Engine::clock`).
#[derive(Clone, Debug, Default)]
pub(crate) enum Source {
    /// The system's clock, Tokio's timers.
    #[default]
    System,
    /// A clock that stands still until its owner advances it.
    Virtual(VirtualClock),
}

impl Source {
    /// Now, in milliseconds since the epoch.
    pub(crate) fn now_millis(&self) -> i64 {
        match self {
            Source::System => wall_millis(),
            Source::Virtual(clock) => clock.now_millis(),
        }
    }

    /// Sleeps until `millis` since the epoch (at once when it has passed).
    pub(crate) async fn sleep_until(&self, millis: i64) {
        match self {
            Source::System => {
                let left = u64::try_from(millis - wall_millis()).unwrap_or(0);
                // Nothing left: no timer (the runtime's timer fires at its next tick, a
                // millisecond later, even for none).
                if left > 0 {
                    tokio::time::sleep(Duration::from_millis(left)).await;
                }
            }
            Source::Virtual(clock) => clock.sleep_until(millis).await,
        }
    }

    /// Whether it is a [`VirtualClock`].
    pub(crate) fn is_virtual_clock(&self) -> bool {
        matches!(self, Source::Virtual(_))
    }
}

/// The time passed since a start, on a [`Source`]: what a started execution's waiting tasks
/// count their deadlines on (`hosts::callbacks`).
#[derive(Clone, Debug)]
pub(crate) struct Stopwatch {
    started: std::time::Instant,
    origin_millis: i64,
    source: Source,
}

impl Stopwatch {
    /// A stopwatch started now on `source`.
    pub(crate) fn start(source: Source) -> Self {
        Stopwatch {
            started: std::time::Instant::now(),
            origin_millis: source.now_millis(),
            source,
        }
    }

    /// The source's time at the start, in milliseconds since the epoch.
    pub(crate) fn origin_millis(&self) -> i64 {
        self.origin_millis
    }

    /// Milliseconds since the start (on the system's clock, its monotonic one).
    pub(crate) fn elapsed_millis(&self) -> i64 {
        match &self.source {
            Source::System => i64::try_from(self.started.elapsed().as_millis()).unwrap_or(i64::MAX),
            Source::Virtual(clock) => clock.now_millis() - self.origin_millis,
        }
    }

    /// Sleeps until `millis` after the start.
    pub(crate) async fn sleep_until_elapsed(&self, millis: i64) {
        match &self.source {
            Source::System => {
                let due = self.started + Duration::from_millis(u64::try_from(millis).unwrap_or(0));
                tokio::time::sleep_until(due.into()).await;
            }
            Source::Virtual(clock) => {
                clock
                    .sleep_until(self.origin_millis.saturating_add(millis))
                    .await;
            }
        }
    }
}

/// One strand of execution's time (the main path, a branch, an iteration).
#[derive(Clone, Debug)]
pub(crate) struct Clock {
    mode: TimeMode,
    /// Where real time comes from.
    source: Source,
    /// Virtual "now", in milliseconds since the epoch.
    now: i64,
    /// When the execution times out (its `TimeoutSeconds`), in milliseconds since the epoch:
    /// virtual time never passes it.
    deadline: Option<i64>,
    /// In real time, whether the strand is at a recorded time (it walks a prior history,
    /// `super::prior`): its "now" is then `now`, not the wall clock's.
    recorded: bool,
}

impl Clock {
    pub(crate) fn start(mode: TimeMode, source: Source) -> Self {
        let now = match mode {
            TimeMode::Virtual { start_millis } => start_millis,
            TimeMode::Real => source.now_millis(),
        };
        Clock {
            mode,
            source,
            now,
            deadline: None,
            recorded: false,
        }
    }

    /// A clock at the recorded time `millis` (a run from a prior history starts there; in
    /// real time it stays there until the strand goes live).
    pub(crate) fn recorded_at(mode: TimeMode, millis: i64, source: Source) -> Self {
        Clock {
            mode,
            source,
            now: millis,
            deadline: None,
            recorded: true,
        }
    }

    /// This clock with the execution's deadline at `millis` since the epoch.
    pub(crate) fn with_deadline_at(mut self, millis: Option<i64>) -> Self {
        self.deadline = millis;
        self
    }

    /// Moves the strand to the recorded time `millis` (an event it wrote matched a recorded
    /// one).
    pub(crate) fn pin(&mut self, millis: i64) {
        self.now = millis;
        if !self.is_virtual() {
            self.recorded = true;
        }
    }

    /// The strand went live (its record ended): in real time its "now" is the wall clock's
    /// again; on the virtual clock, no earlier than `at_least`.
    pub(crate) fn go_live(&mut self, at_least: i64) {
        self.recorded = false;
        self.at_least(at_least);
    }

    /// Whether the strand is at a recorded time in real time.
    pub(crate) fn is_recorded(&self) -> bool {
        self.recorded && !self.is_virtual()
    }

    /// Lets `duration` pass without waiting for it: the record shows what came after.
    pub(crate) fn skip(&mut self, duration: Duration) {
        self.now = self
            .now
            .saturating_add(i64::try_from(duration.as_millis()).unwrap_or(i64::MAX));
    }

    /// This clock with the execution's deadline `millis` after its start.
    pub(crate) fn with_deadline(mut self, millis: Option<i64>) -> Self {
        self.deadline = millis.map(|m| self.now.saturating_add(m));
        self
    }

    /// The time left to the execution's deadline, in milliseconds, if it has one.
    pub(crate) fn remaining_millis(&self) -> Option<i64> {
        self.deadline.map(|d| (d - self.now()).max(0))
    }

    /// Whether the execution's deadline has come.
    pub(crate) fn expired(&self) -> bool {
        self.deadline.is_some_and(|d| self.now() >= d)
    }

    /// The current time in milliseconds since the epoch.
    pub(crate) fn now(&self) -> i64 {
        match self.mode {
            TimeMode::Virtual { .. } => self.now,
            TimeMode::Real if self.recorded => self.now,
            TimeMode::Real => self.source.now_millis(),
        }
    }

    /// Where its real time comes from.
    pub(crate) fn source(&self) -> &Source {
        &self.source
    }

    /// Whether time is virtual.
    pub(crate) fn is_virtual(&self) -> bool {
        matches!(self.mode, TimeMode::Virtual { .. })
    }

    /// Lets `duration` pass: instantly on the virtual clock, by sleeping in real time (until
    /// `duration` after the strand's time: a strand at a recorded time, a Wait resumed, sleeps
    /// what is left of it, and is live after). Time never passes the execution's deadline: a
    /// sleep past it ends at the deadline.
    pub(crate) async fn sleep(&mut self, duration: Duration) {
        match self.mode {
            TimeMode::Virtual { .. } => self.advance(duration),
            TimeMode::Real => {
                let millis = i64::try_from(duration.as_millis()).unwrap_or(i64::MAX);
                let target = self.now().saturating_add(millis);
                self.recorded = false;
                let until = self.deadline.map_or(target, |d| target.min(d));
                self.source.sleep_until(until).await;
            }
        }
    }

    /// Advances virtual time (no effect in real time, where time advances by itself).
    /// Virtual time stops at the execution's deadline.
    pub(crate) fn advance(&mut self, duration: Duration) {
        let later = self
            .now
            .saturating_add(i64::try_from(duration.as_millis()).unwrap_or(i64::MAX));
        self.now = self.deadline.map_or(later, |d| later.min(d.max(self.now)));
    }

    /// Moves this strand's virtual time forward to `millis` (since the epoch) when it is later.
    pub(crate) fn at_least(&mut self, millis: i64) {
        self.now = self.now.max(millis);
    }

    /// Moves this strand's virtual time forward to `other`'s when it is later (after joining
    /// branches or iterations).
    pub(crate) fn join(&mut self, other: &Clock) {
        self.now = self.now.max(other.now);
        self.recorded = self.recorded && other.recorded;
    }
}

/// The wall clock's time, in milliseconds since the Unix epoch (0 before it, `i64::MAX` past
/// what an `i64` holds).
pub fn wall_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

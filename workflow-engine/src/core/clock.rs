//! Time in the engine: virtual by default (Wait, retry intervals and timeouts advance
//! instantly and deterministically), real time as an option.

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

/// One strand of execution's time (the main path, a branch, an iteration).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Clock {
    mode: TimeMode,
    /// Virtual "now", in milliseconds since the epoch.
    now: i64,
    /// When the execution times out (its `TimeoutSeconds`), in milliseconds since the epoch:
    /// virtual time never passes it.
    deadline: Option<i64>,
}

impl Clock {
    pub fn start(mode: TimeMode) -> Self {
        let now = match mode {
            TimeMode::Virtual { start_millis } => start_millis,
            TimeMode::Real => wall_millis(),
        };
        Clock {
            mode,
            now,
            deadline: None,
        }
    }

    /// This clock with the execution's deadline `millis` after its start.
    pub fn with_deadline(mut self, millis: Option<i64>) -> Self {
        self.deadline = millis.map(|m| self.now.saturating_add(m));
        self
    }

    /// The time left to the execution's deadline, in milliseconds, if it has one.
    pub fn remaining_millis(&self) -> Option<i64> {
        self.deadline.map(|d| (d - self.now()).max(0))
    }

    /// Whether the execution's deadline has come.
    pub fn expired(&self) -> bool {
        self.deadline.is_some_and(|d| self.now() >= d)
    }

    /// The current time in milliseconds since the epoch.
    pub fn now(&self) -> i64 {
        match self.mode {
            TimeMode::Virtual { .. } => self.now,
            TimeMode::Real => wall_millis(),
        }
    }

    /// Whether time is virtual.
    pub fn is_virtual(&self) -> bool {
        matches!(self.mode, TimeMode::Virtual { .. })
    }

    /// Lets `duration` pass: instantly on the virtual clock, by sleeping in real time.
    /// Time never passes the execution's deadline: a sleep past it ends at the deadline.
    pub async fn sleep(&mut self, duration: Duration) {
        match self.mode {
            TimeMode::Virtual { .. } => self.advance(duration),
            TimeMode::Real => {
                let left = self
                    .deadline
                    .map(|d| Duration::from_millis(u64::try_from(d - wall_millis()).unwrap_or(0)));
                tokio::time::sleep(left.map_or(duration, |l| l.min(duration))).await
            }
        }
    }

    /// Advances virtual time (no effect in real time, where time advances by itself).
    /// Virtual time stops at the execution's deadline.
    pub fn advance(&mut self, duration: Duration) {
        let later = self
            .now
            .saturating_add(i64::try_from(duration.as_millis()).unwrap_or(i64::MAX));
        self.now = self.deadline.map_or(later, |d| later.min(d.max(self.now)));
    }

    /// Moves this strand's virtual time forward to `millis` (since the epoch) when it is later.
    pub fn at_least(&mut self, millis: i64) {
        self.now = self.now.max(millis);
    }

    /// Moves this strand's virtual time forward to `other`'s when it is later (after joining
    /// branches or iterations).
    pub fn join(&mut self, other: &Clock) {
        self.now = self.now.max(other.now);
    }
}

/// The wall clock's time, in milliseconds since the Unix epoch (0 before it, `i64::MAX` past
/// what an `i64` holds).
pub fn wall_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

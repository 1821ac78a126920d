//! A task's `TimeoutSeconds` and `HeartbeatSeconds` on the clock: which fires first, and when.
//!
//! The service reports both as `States.Timeout` with no cause (the error output a Catcher
//! receives is `{"Error": "States.Timeout", "Cause": ""}`) and a `TaskTimedOut` history event;
//! an expired heartbeat is raised here as `States.HeartbeatTimeout` and reported as
//! `States.Timeout` when the state fails (`Failure::from`), where a Catcher naming
//! `States.HeartbeatTimeout` still matches it. A Retrier or Catcher naming
//! `States.TaskFailed` does not match `States.Timeout`.

use crate::core::task_outcome::TaskFailure;
use std::time::Duration;
use workflow_asl::ErrorName;

/// Whether `error` is one of the two timeouts (recorded as `TaskTimedOut`).
pub(crate) fn is_timeout(error: &ErrorName) -> bool {
    matches!(error, ErrorName::Timeout | ErrorName::HeartbeatTimeout)
}

/// The failure of a task that ran `took` without a heartbeat, and how long after its start it
/// fired; `None` when neither limit was reached.
pub(crate) fn expiry(
    took: Duration,
    timeout: Option<u64>,
    heartbeat: Option<u64>,
) -> Option<(TaskFailure, Duration)> {
    let fired = |limit: Option<u64>, error: ErrorName| {
        limit
            .map(Duration::from_secs)
            .filter(|l| took > *l)
            .map(|l| (TaskFailure::new(error, ""), l))
    };
    match (
        fired(timeout, ErrorName::Timeout),
        fired(heartbeat, ErrorName::HeartbeatTimeout),
    ) {
        (Some(t), Some(h)) => Some(if h.1 < t.1 { h } else { t }),
        (t, h) => t.or(h),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_earlier_limit_fires() {
        let (f, at) = expiry(Duration::from_secs(100), Some(60), Some(10)).unwrap_or_else(|| {
            panic!("a limit fires");
        });
        assert_eq!(
            (f.error, at),
            (ErrorName::HeartbeatTimeout, Duration::from_secs(10))
        );
        let (f, at) = expiry(Duration::from_secs(100), Some(60), None).unwrap_or_else(|| {
            panic!("a limit fires");
        });
        assert_eq!((f.error, at), (ErrorName::Timeout, Duration::from_secs(60)));
        assert!(expiry(Duration::from_secs(60), Some(60), Some(61)).is_none());
    }
}

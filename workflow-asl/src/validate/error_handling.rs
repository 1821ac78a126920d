//! Retry and Catch: error names, `States.ALL` placement, Retrier ranges.

use super::{Cx, StateCx};
use crate::diagnostic::{Field, message};
use crate::model::{ErrorName, Retrier};
use crate::{Code, Pointer};

/// The largest `IntervalSeconds` and `MaxAttempts` the service accepts.
pub(super) const MAX_RETRY_VALUE: u64 = 99_999_999;
/// The largest `MaxDelaySeconds` the service accepts (366 days).
pub(super) const MAX_DELAY_SECONDS: u64 = 31_622_400;

/// Checks a state's Retriers and Catchers.
pub(crate) fn check_state(cx: &mut Cx<'_>, s: &StateCx<'_>) {
    if let Some(retriers) = s.state.retriers() {
        let lists: Vec<&[ErrorName]> = retriers.iter().map(|r| r.error_equals.as_slice()).collect();
        check_error_lists(cx, &s.pointer.key("Retry"), "Retrier", &lists);
        for (i, r) in retriers.iter().enumerate() {
            check_retrier(cx, &s.pointer.key("Retry").index(i), r);
        }
    }
    if let Some(catchers) = s.state.catchers() {
        let lists: Vec<&[ErrorName]> = catchers.iter().map(|c| c.error_equals.as_slice()).collect();
        check_error_lists(cx, &s.pointer.key("Catch"), "Catcher", &lists);
    }
}

/// `ErrorEquals` is non-empty; `States.ALL` is alone and in the last element; custom names
/// avoid the reserved prefix.
fn check_error_lists(cx: &mut Cx<'_>, pointer: &Pointer, what: &str, lists: &[&[ErrorName]]) {
    for (i, names) in lists.iter().enumerate() {
        let at = pointer.index(i).key("ErrorEquals");
        if names.is_empty() {
            cx.error(
                Code::EmptyErrorEquals,
                at.clone(),
                message![Field::ErrorEquals, format!(" of this {what} is empty, so it never matches; list error names such as `\"States.TaskFailed\"` or `\"States.ALL\"`")],
            );
        }
        for (j, name) in names.iter().enumerate() {
            match name {
                ErrorName::All if names.len() > 1 => cx.error(
                    Code::StatesAllNotAlone,
                    at.index(j),
                    message!["`States.ALL` must be the only name in its ", Field::ErrorEquals, format!("; move the other names to an earlier {what}")],
                ),
                ErrorName::All if i + 1 < lists.len() => cx.error(
                    Code::StatesAllNotLast,
                    at.index(j),
                    format!(
                        "`States.ALL` must be in the last {what}, because it matches every error and the {what}s after it could never run; move this {what} to the end"
                    ),
                ),
                ErrorName::Custom(custom) => check_error_name(cx, at.index(j), custom),
                _ => {}
            }
        }
    }
}

/// Error names starting with `States.` are reserved for the predefined errors.
pub(crate) fn check_error_name(cx: &mut Cx<'_>, pointer: Pointer, name: &str) {
    let parsed = ErrorName::new(name);
    if parsed.is_reserved_custom() {
        let suggestion = name.trim_start_matches("States.");
        let hint = parsed.misspelt_predefined().map_or_else(
            || format!("rename it, e.g. `{suggestion}`"),
            |k| format!("did you mean `{k}`?"),
        );
        cx.warning(
            Code::ReservedErrorName,
            pointer,
            format!("error name `{name}` uses the `States.` prefix, which is reserved for the predefined errors; {hint}"),
        );
    }
}

fn check_retrier(cx: &mut Cx<'_>, pointer: &Pointer, r: &Retrier) {
    let mut bad = |field: Field, rest: String| {
        cx.error(
            Code::InvalidRetrier,
            pointer.key(field.key()),
            message![field, rest],
        );
    };
    if let Some(i) = r.interval_seconds
        && (i == 0 || i > MAX_RETRY_VALUE)
    {
        bad(
            Field::IntervalSeconds,
            format!(" is {i}; it must be between 1 and {MAX_RETRY_VALUE}"),
        );
    }
    if let Some(m) = r.max_attempts
        && m > MAX_RETRY_VALUE
    {
        bad(
            Field::MaxAttempts,
            format!(" is {m}; it must be between 0 and {MAX_RETRY_VALUE}"),
        );
    }
    if let Some(rate) = &r.backoff_rate
        && rate.as_f64().is_none_or(|v| v < 1.0)
    {
        bad(
            Field::BackoffRate,
            format!(" is {rate}; it must be at least 1.0 (1.0 keeps the interval constant)"),
        );
    }
    if let Some(d) = r.max_delay_seconds
        && (d == 0 || d > MAX_DELAY_SECONDS)
    {
        bad(
            Field::MaxDelaySeconds,
            format!(" is {d}; it must be between 1 and {MAX_DELAY_SECONDS}"),
        );
    }
}

//! Wait durations and Fail errors.

use super::error_handling::check_error_name;
use super::path_field::{PathRule, check_path_field};
use super::{Cx, StateCx};
use crate::Code;
use crate::diagnostic::{field_named, message};
use crate::model::{Expr, FailState, ValueOrPath, WaitDuration, WaitState};
use crate::timestamp::parse_rfc3339;

/// Checks a Wait state's duration.
pub(crate) fn check_wait(cx: &mut Cx<'_>, s: &StateCx<'_>, wait: &WaitState) {
    match &wait.duration {
        WaitDuration::Timestamp(t) => check_timestamp(cx, s, "Timestamp", t),
        WaitDuration::SecondsPath(p) => {
            check_path_field(cx, s.pointer.key("SecondsPath"), "SecondsPath", p, PathRule::Reference);
        }
        WaitDuration::TimestampPath(p) => {
            check_path_field(cx, s.pointer.key("TimestampPath"), "TimestampPath", p, PathRule::Reference);
        }
        WaitDuration::Seconds(Expr::Substitution(name)) => cx.info(
            Code::DeploymentSubstitution,
            s.pointer.key("Seconds"),
            format!("`Seconds` is the deployment substitution `{name}`; it is checked once substituted with a number"),
        ),
        WaitDuration::Seconds(Expr::Literal(_) | Expr::Jsonata(_)) => {}
    }
}

fn check_timestamp(cx: &mut Cx<'_>, s: &StateCx<'_>, field: &str, value: &Expr<String>) {
    let Expr::Literal(value) = value else {
        return;
    };
    if !crate::path::contains_substitution(value) && parse_rfc3339(value).is_none() {
        cx.error(
            Code::InvalidTimestamp,
            s.pointer.key(field),
            message![field_named(field), format!(
                " `{value}` is not an RFC 3339 timestamp; write it like `2026-01-31T23:59:59Z` (uppercase `T`, and `Z` or an offset such as `+01:00`)"
            )],
        );
    }
}

/// Checks a Fail state's error and cause.
pub(crate) fn check_fail(cx: &mut Cx<'_>, s: &StateCx<'_>, fail: &FailState) {
    match &fail.error {
        Some(ValueOrPath::Value(name)) if !matches!(name, Expr::Jsonata(_)) => {
            check_error_name(cx, s.pointer.key("Error"), name.text());
        }
        Some(ValueOrPath::Path(p)) => {
            check_path_field(
                cx,
                s.pointer.key("ErrorPath"),
                "ErrorPath",
                p,
                PathRule::PathOrStringIntrinsic,
            );
        }
        _ => {}
    }
    if let Some(ValueOrPath::Path(p)) = &fail.cause {
        check_path_field(
            cx,
            s.pointer.key("CausePath"),
            "CausePath",
            p,
            PathRule::PathOrStringIntrinsic,
        );
    }
}

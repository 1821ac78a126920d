//! Retry and Catch: error names, `States.ALL` placement, Retrier ranges.

use super::{Cx, StateCx};
use crate::diagnostic::{Field, message};
use crate::model::{ErrorName, Retrier, State, TaskState};
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
    if let State::Task(task) = s.state {
        check_raised(cx, s, task);
    }
}

/// Each custom error name a Task retries or catches is one its resource can raise
/// ([`workflow_aws_models::Raises`]: the rule and its sources).
fn check_raised(cx: &mut Cx<'_>, s: &StateCx<'_>, task: &TaskState) {
    let lists = [
        (
            "Retry",
            task.retry
                .as_deref()
                .unwrap_or_default()
                .iter()
                .map(|r| r.error_equals.as_slice())
                .collect::<Vec<_>>(),
        ),
        (
            "Catch",
            task.catch
                .as_deref()
                .unwrap_or_default()
                .iter()
                .map(|c| c.error_equals.as_slice())
                .collect(),
        ),
    ];
    let mut raises = None;
    for (field, lists) in lists {
        for (i, names) in lists.iter().enumerate() {
            for (j, name) in names.iter().enumerate() {
                let ErrorName::Custom(custom) = name else {
                    continue;
                };
                if custom.starts_with("States.") {
                    continue;
                }
                let raises = raises.get_or_insert_with(|| task.resource.raises());
                if raises.admits(custom) {
                    continue;
                }
                let Some(known) = raises.names() else {
                    continue;
                };
                let what = task.resource.integration().map_or_else(
                    || "its resource".to_owned(),
                    |i| format!("a `{}` Task", i.path()),
                );
                let hint = match raises.nearest(custom) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => {
                        let example = known
                            .iter()
                            .find(|n| n.contains("Exception"))
                            .or(known.first());
                        let prefix = example
                            .and_then(|e| e.split('.').next())
                            .unwrap_or_default();
                        format!(
                            "it fails with the predefined `States.` errors or one of the {} names Step Functions gives its service's errors (`{prefix}.<Exception>`{}), so this never matches; use one of those, or `States.TaskFailed` for any",
                            known.len(),
                            example.map(|e| format!(", e.g. `{e}`")).unwrap_or_default()
                        )
                    }
                };
                cx.warning(
                    Code::ErrorNeverRaised,
                    s.pointer.key(field).index(i).key("ErrorEquals").index(j),
                    format!("error name `{custom}` is not one {what} raises; {hint}"),
                );
            }
        }
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

#[cfg(test)]
mod tests {
    use crate::Code;
    use crate::validate::test_support::{assert_none_in, assert_one_in};

    fn task(resource: &str, retried: &str) -> String {
        format!(
            r#"{{"StartAt": "T", "States": {{"T": {{"Type": "Task", "Resource": "{resource}", "Parameters": {{}},
                "Retry": [{{"ErrorEquals": [{retried}]}}], "Catch": [{{"ErrorEquals": ["States.ALL"], "Next": "F"}}], "End": true}},
                "F": {{"Type": "Fail"}}}}}}"#
        )
    }

    /// Issue 91: a name the integration's service never raises is reported on it, with the
    /// nearest name it raises.
    #[test]
    fn an_error_the_service_never_raises_is_reported_with_the_nearest() {
        let d = assert_one_in(
            &task(
                "arn:aws:states:::ecs:runTask.sync",
                r#""ECS.AmazonECSExeption""#,
            ),
            Code::ErrorNeverRaised,
            "/States/T/Retry/0/ErrorEquals/0",
            "error name `ECS.AmazonECSExeption` is not one a `ecs:runTask.sync` Task raises; did you mean `ECS.AmazonECSException`?",
        );
        assert_eq!(d.severity, crate::Severity::Warning);
        // The AWS SDK spelling of the service on an optimized integration.
        assert_one_in(
            &task(
                "arn:aws:states:::dynamodb:updateItem",
                r#""States.Timeout", "DynamoDb.ConditionalCheckFailedException""#,
            ),
            Code::ErrorNeverRaised,
            "/States/T/Retry/0/ErrorEquals/1",
            "did you mean `DynamoDB.ConditionalCheckFailedException`?",
        );
        assert_one_in(
            &task("arn:aws:states:::aws-sdk:s3:getObject", r#""Throttled""#),
            Code::ErrorNeverRaised,
            "/States/T/Retry/0/ErrorEquals/0",
            "names Step Functions gives its service's errors (`S3.<Exception>`, e.g. `S3.",
        );
        for ok in [
            task(
                "arn:aws:states:::ecs:runTask.sync",
                r#""ECS.AmazonECSException", "AmazonECS.Unknown", "ECS.SdkClientException""#,
            ),
            task(
                "arn:aws:states:::dynamodb:updateItem",
                r#""DynamoDB.ConditionalCheckFailedException""#,
            ),
            task(
                "arn:aws:states:::aws-sdk:dynamodb:updateItem",
                r#""DynamoDb.ConditionalCheckFailedException", "DynamoDb.DynamoDbException""#,
            ),
            task(
                "arn:aws:states:::lambda:invoke",
                r#""Lambda.ServiceException", "MyOwnError""#,
            ),
            task(
                "arn:aws:lambda:us-east-1:123456789012:function:f",
                r#""Anything""#,
            ),
            task(
                "arn:aws:states:us-east-1:123456789012:activity:a",
                r#""Anything""#,
            ),
            task(
                "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                r#""Rejected""#,
            ),
            task("${Resource}", r#""Anything""#),
        ] {
            assert_none_in(&ok, Code::ErrorNeverRaised);
        }
    }
}

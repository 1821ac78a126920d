//! Task states: resource, integration pattern, timeouts, credentials.

use super::machine::MAX_TIMEOUT_SECONDS;
use super::resource;
use super::{Cx, StateCx};
use crate::Code;
use crate::diagnostic::{Field, Term, field_named, message};
use crate::model::{Expr, IntExpr, TaskState, ValueOrPath};
use serde_json::Value;
use workflow_aws_models::Usage;

/// Checks one Task state.
pub(crate) fn check_task(cx: &mut Cx<'_>, s: &StateCx<'_>, task: &TaskState) {
    let before = cx.diagnostics.len();
    check_resource(cx, s, task);
    let resource_ok = !cx.diagnostics[before..]
        .iter()
        .any(|d| d.severity == crate::Severity::Error);
    if resource_ok {
        super::request::check_request(cx, s, task);
    }
    check_timeouts(cx, s, task);
    check_credentials(cx, s, task);
}

/// The resource: a recognised ARN of a pattern the service supports, and a task token passed
/// on by `.waitForTaskToken` tasks (what the type of the workflow allows is
/// [`super::workflow_type`]'s).
fn check_resource(cx: &mut Cx<'_>, s: &StateCx<'_>, task: &TaskState) {
    let at = s.pointer.key("Resource");
    if resource::check(cx, at.clone(), "resource", &task.resource, Usage::Task).is_none() {
        return;
    }
    if task.resource.waits_for_task_token() && !passes_task_token(s, task) {
        let (present, field) = if s.is_jsonata() {
            (task.arguments.is_some(), "Arguments")
        } else {
            (task.parameters.is_some(), "Parameters")
        };
        let pointer = if present { s.pointer.key(field) } else { at };
        cx.warning(
            Code::TaskTokenNotPassed,
            pointer,
            message![
                format!(
                    "Task state `{}` waits for a task token (`.waitForTaskToken`) but never passes the token to the service, so nobody can send it back and the execution would wait until it times out; ",
                    s.name
                ),
                Term::PassTaskToken {
                    jsonata: s.is_jsonata(),
                    place: task
                        .resource
                        .integration()
                        .map_or(workflow_aws_models::TokenPlace::Request, |i| i.token_place()),
                }
            ],
        );
    }
}

/// Whether the task hands its task token to the service: a `.$` value mentioning
/// `$$.Task.Token` in `Parameters` (JSONPath), or a string mentioning
/// `$states.context.Task.Token` in `Arguments` (JSONata).
fn passes_task_token(s: &StateCx<'_>, task: &TaskState) -> bool {
    let mut stack: Vec<(bool, &Value)> = Vec::new();
    if let Some(params) = &task.parameters {
        stack.extend(params.iter().map(|(k, v)| (k.ends_with(".$"), v)));
    }
    if let Some(args) = &task.arguments {
        stack.push((true, args));
    }
    let root = if s.is_jsonata() {
        "$states.context"
    } else {
        "$$"
    };
    while let Some((evaluated, value)) = stack.pop() {
        match value {
            Value::String(text) if evaluated && mentions_token(text, root) => return true,
            Value::Object(map) => {
                let jsonata = s.is_jsonata();
                stack.extend(map.iter().map(|(k, v)| (jsonata || k.ends_with(".$"), v)));
            }
            Value::Array(items) => stack.extend(items.iter().map(|v| (s.is_jsonata(), v))),
            _ => {}
        }
    }
    false
}

/// Whether `text` reads the task token from the context object `root` (`$$` or
/// `$states.context`): `root.Task.Token`, `root.Task` or the whole `root`.
fn mentions_token(text: &str, root: &str) -> bool {
    text.match_indices(root).any(|(i, _)| {
        let after = text.get(i + root.len()..).unwrap_or_default();
        let boundary = |rest: &str| !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_');
        if let Some(rest) = after.strip_prefix(".Task") {
            return boundary(rest) || rest.strip_prefix(".Token").is_some_and(boundary);
        }
        !after.starts_with(['.', '['])
            && !after.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$')
    })
}

/// `TimeoutSeconds` and `HeartbeatSeconds`: positive, at most 99999999, heartbeat below
/// timeout; a timeout past the longest AWS lets the integration run is a warning (the Task
/// times out at the limit: `Integration::run_limit`).
fn check_timeouts(cx: &mut Cx<'_>, s: &StateCx<'_>, task: &TaskState) {
    let timeout = literal_seconds(cx, s, "TimeoutSeconds", task.timeout.as_ref());
    let heartbeat = literal_seconds(cx, s, "HeartbeatSeconds", task.heartbeat.as_ref());
    if let (Some(t), Some(integration)) = (timeout, task.resource.integration())
        && let Some(limit) = integration.run_limit()
        && t > limit.seconds
    {
        cx.warning(
            Code::TimeoutPastIntegrationLimit,
            s.pointer.key("TimeoutSeconds"),
            message![
                Field::TimeoutSeconds,
                format!(
                    " is {t}, but AWS stops a `{}:{}` Task after {} seconds whatever its timeout ({}): it fails with `States.Timeout` then; lower ",
                    integration.service(),
                    integration.action(),
                    limit.seconds,
                    limit.source
                ),
                Field::TimeoutSeconds,
                format!(" to at most {}", limit.seconds)
            ],
        );
    }
    if let (Some(t), Some(h)) = (timeout, heartbeat)
        && h >= t
    {
        cx.error(
            Code::HeartbeatNotBelowTimeout,
            s.pointer.key("HeartbeatSeconds"),
            message![
                Field::HeartbeatSeconds,
                format!(" is {h} but "),
                Field::TimeoutSeconds,
                format!(" is {t}; the heartbeat interval must be shorter than the timeout, or the task times out before a missed heartbeat can be noticed — lower "),
                Field::HeartbeatSeconds,
                format!(" below {t} or raise "),
                Field::TimeoutSeconds
            ],
        );
    }
}

/// The literal value of a seconds field, after checking its range; `None` for paths,
/// JSONata and substitutions (a substitution gets an info note).
fn literal_seconds(
    cx: &mut Cx<'_>,
    s: &StateCx<'_>,
    field: &str,
    value: Option<&ValueOrPath<IntExpr>>,
) -> Option<u64> {
    match value? {
        ValueOrPath::Value(Expr::Literal(v)) => {
            let v = *v;
            if v == 0 || v > MAX_TIMEOUT_SECONDS {
                cx.error(
                    Code::InvalidTimeout,
                    s.pointer.key(field),
                    message![field_named(field), format!(" is {v}; it must be a whole number of seconds between 1 and {MAX_TIMEOUT_SECONDS}")],
                );
                return None;
            }
            Some(v)
        }
        ValueOrPath::Value(Expr::Substitution(text)) => {
            cx.info(
                Code::DeploymentSubstitution,
                s.pointer.key(field),
                message![field_named(field), format!(" is the deployment substitution `{text}`; its range is checked once it is substituted")],
            );
            None
        }
        ValueOrPath::Value(Expr::Jsonata(_)) | ValueOrPath::Path(_) => None,
    }
}

/// `Credentials` holds exactly the role to assume: `RoleArn` or `RoleArn.$`, and a literal
/// `RoleArn` is an IAM role's ARN.
fn check_credentials(cx: &mut Cx<'_>, s: &StateCx<'_>, task: &TaskState) {
    let Some(credentials) = &task.credentials else {
        return;
    };
    let at = s.pointer.key("Credentials");
    let role_keys: &[&str] = if s.is_jsonata() {
        &["RoleArn"]
    } else {
        &["RoleArn", "RoleArn.$"]
    };
    // `RoleArn.$` in a JSONata state is reported by the JSONata rules; do not report it twice.
    let has_role = credentials.contains_key("RoleArn") || credentials.contains_key("RoleArn.$");
    if !has_role {
        cx.error(
            Code::SchemaValidationFailed,
            at.clone(),
            message![
                format!(
                    "`Credentials` of Task state `{}` names no role; write ",
                    s.name
                ),
                Term::CredentialsRole {
                    jsonata: s.is_jsonata()
                }
            ],
        );
    }
    for (key, value) in credentials.iter() {
        if key == "RoleArn.$" || (key == "RoleArn" && role_keys.contains(&"RoleArn")) {
            match value.as_str() {
                None => cx.error(
                    Code::SchemaValidationFailed,
                    at.key(key),
                    format!(
                        "`Credentials.{key}` must be a string: the ARN of the IAM role to assume"
                    ),
                ),
                Some(role) if key == "RoleArn" && !names_a_role(role) => {
                    // A path written as a literal: the role is read with `RoleArn.$`.
                    let path = !s.is_jsonata() && crate::path::parse_path(role).is_ok();
                    let read = if path {
                        format!(
                            "; to read the ARN at `{role}`, give `RoleArn` that path, not a string"
                        )
                    } else {
                        String::new()
                    };
                    cx.error(
                        Code::SchemaValidationFailed,
                        at.key(key),
                        format!(
                            "`Credentials.RoleArn` of Task state `{}` is `{role}`, which is not an IAM role's ARN: Step Functions assumes the role it names before calling the resource; write the role's ARN, `arn:<partition>:iam::<12-digit account>:role/<path/name>`, e.g. `arn:aws:iam::123456789012:role/Name`{read}",
                            s.name
                        ),
                    );
                }
                Some(_) => {}
            }
            continue;
        }
        let hint = workflow_text::suggest::did_you_mean(key, role_keys).map_or_else(
            || "remove it".to_owned(),
            |k| format!("did you mean `{k}`?"),
        );
        cx.error(
            Code::SchemaValidationFailed,
            at.key(key),
            format!("unknown field `{key}` in `Credentials`, which holds only the role to assume (`RoleArn`); {hint}"),
        );
    }
}

/// Whether a literal `Credentials.RoleArn` may name a role: a `{% %}` expression or a `${Name}`
/// deployment substitution (unknown here), or an IAM role's ARN,
/// `arn:<partition>:iam::<account>:role/<path/name>` with a 12-digit account
/// (`concepts-access-cross-acct-resources.html` writes
/// `"Credentials": {"RoleArn": "arn:aws:iam::111122223333:role/LambdaRole"}`; the IAM User
/// Guide's "IAM identifiers" gives a role's ARN as
/// `arn:aws:iam::account:role/role-name-with-path`). A partition is `aws` or `aws-…`, so
/// that a partition newer than [`workflow_aws_models::PARTITIONS`] is not refused.
fn names_a_role(role: &str) -> bool {
    if workflow_jsonata::jsonata_string::is_jsonata(role)
        || crate::path::contains_substitution(role)
    {
        return true;
    }
    let Some(arn) = workflow_aws_models::Arn::parse(role) else {
        return false;
    };
    let service_ok = arn.service == "iam" && arn.region.is_empty();
    let partition_ok = arn.partition == "aws" || arn.partition.starts_with("aws-");
    let account_ok = arn.account.len() == 12 && arn.account.bytes().all(|b| b.is_ascii_digit());
    let name_ok = arn
        .resource
        .strip_prefix("role/")
        .is_some_and(|path| !path.is_empty() && !path.ends_with('/'));
    service_ok && partition_ok && account_ok && name_ok
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{assert_none, assert_one};
    use crate::{Code, Severity};

    /// A machine with one Task state `T` holding `fields`.
    fn task(fields: &str) -> String {
        format!(
            r#"{{"StartAt": "T", "States": {{"T": {{"Type": "Task", {fields}, "End": true}}}}}}"#
        )
    }

    /// The same, in JSONata.
    fn jsonata_task(fields: &str) -> String {
        format!(
            r#"{{"QueryLanguage": "JSONata", "StartAt": "T", "States": {{"T": {{"Type": "Task", {fields}, "End": true}}}}}}"#
        )
    }

    #[test]
    fn resource_must_be_an_arn() {
        let d = crate::check(&task(r#""Resource": "MyLambda""#));
        let e = assert_one(
            &d,
            Code::InvalidResource,
            "/States/T/Resource",
            "`MyLambda` is not an ARN",
        );
        assert_eq!(e.severity, Severity::Error);
        for ok in [
            "arn:aws:states:::lambda:invoke",
            "arn:aws:lambda:us-east-1:123456789012:function:Name",
            "arn:aws:lambda:::function:fnupdatemetadata",
            "arn:aws:states:us-east-1:123456789012:activity:Name",
            "arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject",
            "arn:aws:states:::http:invoke",
        ] {
            assert_none(
                &crate::check(&task(&format!(r#""Resource": "{ok}""#))),
                Code::InvalidResource,
            );
        }
    }

    #[test]
    fn resource_partition_must_be_known() {
        let d = crate::check(&task(
            r#""Resource": "arn:aws-moon:states:::lambda:invoke""#,
        ));
        assert_one(
            &d,
            Code::InvalidResource,
            "/States/T/Resource",
            "unknown partition `aws-moon`",
        );
        assert_none(
            &crate::check(&task(
                r#""Resource": "arn:aws-us-gov:states:::lambda:invoke""#,
            )),
            Code::InvalidResource,
        );
    }

    #[test]
    fn resource_service_must_be_optimized() {
        let d = crate::check(&task(r#""Resource": "arn:aws:states:::lamda:invoke""#));
        assert_one(
            &d,
            Code::InvalidResource,
            "/States/T/Resource",
            "did you mean `lambda`?",
        );
        let d = crate::check(&task(r#""Resource": "arn:aws:states:::aws-sdk:s3""#));
        assert_one(
            &d,
            Code::InvalidResource,
            "/States/T/Resource",
            "needs a service and an action after `aws-sdk:`",
        );
        let d = crate::check(&task(r#""Resource": "arn:aws:states:::dynamodb:""#));
        assert_one(
            &d,
            Code::InvalidResource,
            "/States/T/Resource",
            "names no action of `dynamodb`",
        );
        assert_none(
            &crate::check(&task(
                r#""Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2""#,
            )),
            Code::InvalidResource,
        );
    }

    #[test]
    fn resource_is_never_jsonata() {
        let d = crate::check(&jsonata_task(r#""Resource": "{% $fn %}""#));
        assert_one(
            &d,
            Code::InvalidResource,
            "/States/T/Resource",
            "a resource is always a literal ARN",
        );
        assert_none(
            &crate::check(&jsonata_task(
                r#""Resource": "arn:aws:states:::lambda:invoke""#,
            )),
            Code::InvalidResource,
        );
    }

    #[test]
    fn pattern_must_be_supported_by_the_service() {
        let d = crate::check(&task(
            r#""Resource": "arn:aws:states:::dynamodb:putItem.sync""#,
        ));
        let e = assert_one(
            &d,
            Code::UnsupportedIntegrationPattern,
            "/States/T/Resource",
            "`dynamodb:putItem` does not support",
        );
        assert_eq!(e.severity, Severity::Error);
        let d = crate::check(&task(
            r#""Resource": "arn:aws:states:::glue:startJobRun.waitForTaskToken""#,
        ));
        assert_one(
            &d,
            Code::UnsupportedIntegrationPattern,
            "/States/T/Resource",
            "remove `.waitForTaskToken`",
        );
        let d = crate::check(&task(
            r#""Resource": "arn:aws:states:::aws-sdk:s3:getObject.sync""#,
        ));
        assert_one(
            &d,
            Code::UnsupportedIntegrationPattern,
            "/States/T/Resource",
            "`aws-sdk:s3:getObject` does not support",
        );
        assert_none(
            &crate::check(&task(
                r#""Resource": "arn:aws:states:::states:startExecution.sync:2""#,
            )),
            Code::UnsupportedIntegrationPattern,
        );
    }

    #[test]
    fn wait_for_task_token_must_pass_the_token() {
        let d = crate::check(&task(
            r#""Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Parameters": {"QueueUrl": "q", "MessageBody": {"id.$": "$.id"}}"#,
        ));
        let w = assert_one(
            &d,
            Code::TaskTokenNotPassed,
            "/States/T/Parameters",
            "never passes the token",
        );
        assert_eq!(w.severity, Severity::Warning);
        let d = crate::check(&task(
            r#""Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken""#,
        ));
        assert_one(
            &d,
            Code::TaskTokenNotPassed,
            "/States/T/Resource",
            "never passes the token",
        );
        // A token written without `.$` is a literal string, not the token.
        let d = crate::check(&task(
            r#""Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken", "Parameters": {"Payload": {"token": "$$.Task.Token"}}"#,
        ));
        assert_one(
            &d,
            Code::TaskTokenNotPassed,
            "/States/T/Parameters",
            "`\"Payload\": {\"TaskToken.$\": \"$$.Task.Token\"}`",
        );
        let d = crate::check(&jsonata_task(
            r#""Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken", "Arguments": {"Payload": {"id": "{% $states.input.id %}"}}"#,
        ));
        assert_one(
            &d,
            Code::TaskTokenNotPassed,
            "/States/T/Arguments",
            "$states.context.Task.Token",
        );

        for ok in [
            task(
                r#""Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Parameters": {"QueueUrl": "q", "MessageBody": {"TaskToken.$": "$$.Task.Token"}}"#,
            ),
            task(
                r#""Resource": "arn:aws:states:::sns:publish.waitForTaskToken", "Parameters": {"Message.$": "States.Format('token {}', $$.Task.Token)"}"#,
            ),
            task(
                r#""Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken", "Parameters": {"Payload": [{"ctx.$": "$$"}]}"#,
            ),
            jsonata_task(
                r#""Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken", "Arguments": {"Payload": {"token": "{% $states.context.Task.Token %}"}}"#,
            ),
            jsonata_task(
                r#""Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken", "Arguments": "{% {'Payload': {'token': $states.context.Task.Token}} %}""#,
            ),
        ] {
            assert_none(&crate::check(&ok), Code::TaskTokenNotPassed);
        }
    }

    #[test]
    fn substitutions_are_reported_as_info() {
        let d = crate::check(&task(r#""Resource": "${LambdaArn}""#));
        let i = assert_one(
            &d,
            Code::DeploymentSubstitution,
            "/States/T/Resource",
            "`${LambdaArn}` is a deployment substitution; the resource is checked once it is substituted",
        );
        assert_eq!(i.severity, Severity::Info);
        assert_none(&d, Code::InvalidResource);
        let d = crate::check(&task(
            r#""Resource": "arn:${AWS::Partition}:states:::lambda:invoke""#,
        ));
        assert_one(
            &d,
            Code::DeploymentSubstitution,
            "/States/T/Resource",
            "the rest of `arn:${AWS::Partition}:states:::lambda:invoke` was checked",
        );
        assert_none(&d, Code::InvalidResource);
        // The parts around a substitution are still checked.
        let d = crate::check(&task(
            r#""Resource": "arn:${AWS::Partition}:states:::lambda:invoke.sync""#,
        ));
        assert_one(
            &d,
            Code::UnsupportedIntegrationPattern,
            "/States/T/Resource",
            "does not support",
        );
        let d = crate::check(&task(
            r#""Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": "${Timeout}""#,
        ));
        assert_one(
            &d,
            Code::DeploymentSubstitution,
            "/States/T/TimeoutSeconds",
            "`${Timeout}`",
        );
        assert_none(
            &crate::check(&task(r#""Resource": "arn:aws:states:::lambda:invoke""#)),
            Code::DeploymentSubstitution,
        );
    }

    #[test]
    fn a_timeout_past_the_integrations_limit_is_a_warning() {
        let harness = r#""Resource": "arn:aws:states:::bedrockagentcore:invokeHarness", "Parameters": {"HarnessArn": "arn:aws:bedrock-agentcore:us-east-1:123456789012:harness/h-a1b2c3d4e5", "RuntimeSessionId": "session-0000000000000000000000000000001", "Messages": [{"Role": "user", "Content": [{"Text": "hi"}]}]}"#;
        let d = crate::check(&task(&format!("{harness}, \"TimeoutSeconds\": 3600")));
        let w = assert_one(
            &d,
            Code::TimeoutPastIntegrationLimit,
            "/States/T/TimeoutSeconds",
            "`TimeoutSeconds` is 3600, but AWS stops a `bedrockagentcore:invokeHarness` Task after 900 seconds",
        );
        assert_eq!(w.severity, Severity::Warning);
        assert!(
            w.message.contains("lower `TimeoutSeconds` to at most 900"),
            "{}",
            w.message
        );
        assert_none(
            &crate::check(&task(&format!("{harness}, \"TimeoutSeconds\": 900"))),
            Code::TimeoutPastIntegrationLimit,
        );
        // Other integrations have no such limit.
        assert_none(
            &crate::check(&task(
                r#""Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"}, "TimeoutSeconds": 3600"#,
            )),
            Code::TimeoutPastIntegrationLimit,
        );
    }

    #[test]
    fn a_removed_sdk_integration_is_refused_with_its_date() {
        let d = crate::check(&task(
            r#""Resource": "arn:aws:states:::aws-sdk:qldb:listLedgers""#,
        ));
        let e = assert_one(
            &d,
            Code::RemovedIntegration,
            "/States/T/Resource",
            "Step Functions removed the AWS SDK integration of Amazon QLDB (`aws-sdk:qldb`) on 2026-03-12",
        );
        assert_eq!(e.severity, Severity::Error);
        // One the pinned models still have: refused all the same, its successor named.
        let d = crate::check(&task(
            r#""Resource": "arn:aws:states:::aws-sdk:lexruntime:postText", "Parameters": {"BotName": "b", "BotAlias": "a", "UserId": "u", "InputText": "hi"}"#,
        ));
        assert_one(
            &d,
            Code::RemovedIntegration,
            "/States/T/Resource",
            "on 2026-06-03 (release history of AWS SDK integrations: awssdk-release-history.html",
        );
        assert_one(
            &d,
            Code::RemovedIntegration,
            "/States/T/Resource",
            "call its successor, `aws-sdk:lexruntimev2`, instead",
        );
        assert_none(
            &crate::check(&task(
                r#""Resource": "arn:aws:states:::aws-sdk:lexruntimev2:recognizeText", "Parameters": {"BotId": "b", "BotAliasId": "a", "LocaleId": "en_US", "SessionId": "s", "Text": "hi"}"#,
            )),
            Code::RemovedIntegration,
        );
    }

    #[test]
    fn timeouts_must_be_in_range() {
        let d = crate::check(&task(
            r#""Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 0"#,
        ));
        assert_one(
            &d,
            Code::InvalidTimeout,
            "/States/T/TimeoutSeconds",
            "`TimeoutSeconds` is 0; it must be a whole number of seconds between 1 and 99999999",
        );
        let d = crate::check(&task(
            r#""Resource": "arn:aws:states:::lambda:invoke", "HeartbeatSeconds": 100000000"#,
        ));
        assert_one(
            &d,
            Code::InvalidTimeout,
            "/States/T/HeartbeatSeconds",
            "`HeartbeatSeconds` is 100000000",
        );
        let ok = crate::check(&task(
            r#""Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 99999999, "HeartbeatSeconds": 1"#,
        ));
        assert_none(&ok, Code::InvalidTimeout);
    }

    #[test]
    fn heartbeat_must_be_below_timeout() {
        let d = crate::check(&task(
            r#""Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 300, "HeartbeatSeconds": 300"#,
        ));
        assert_one(
            &d,
            Code::HeartbeatNotBelowTimeout,
            "/States/T/HeartbeatSeconds",
            "`HeartbeatSeconds` is 300 but `TimeoutSeconds` is 300",
        );
        for ok in [
            r#""Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 300, "HeartbeatSeconds": 60"#,
            r#""Resource": "arn:aws:states:::lambda:invoke", "HeartbeatSeconds": 600"#,
            r#""Resource": "arn:aws:states:::lambda:invoke", "TimeoutSecondsPath": "$.t", "HeartbeatSeconds": 600"#,
        ] {
            assert_none(&crate::check(&task(ok)), Code::HeartbeatNotBelowTimeout);
        }
    }

    #[test]
    fn credentials_name_a_role() {
        let d = crate::check(&task(
            r#""Resource": "arn:aws:states:::lambda:invoke", "Credentials": {}"#,
        ));
        assert_one(
            &d,
            Code::SchemaValidationFailed,
            "/States/T/Credentials",
            "names no role",
        );
        let d = crate::check(&task(
            r#""Resource": "arn:aws:states:::lambda:invoke", "Credentials": {"RoleArn": "arn:aws:iam::123456789012:role/R", "Role": "x"}"#,
        ));
        assert_one(
            &d,
            Code::SchemaValidationFailed,
            "/States/T/Credentials/Role",
            "unknown field `Role` in `Credentials`",
        );
        let d = crate::check(&task(
            r#""Resource": "arn:aws:states:::lambda:invoke", "Credentials": {"RoleArn": 7}"#,
        ));
        assert_one(
            &d,
            Code::SchemaValidationFailed,
            "/States/T/Credentials/RoleArn",
            "must be a string",
        );
        for not_a_role in [
            "arn:aws:iam::1:role/R",
            "arn:aws:iam::123456789012:user/R",
            "arn:aws:iam::123456789012:role/",
            "arn:aws:sts::123456789012:assumed-role/R/s",
            "R",
        ] {
            let d = crate::check(&task(&format!(
                r#""Resource": "arn:aws:states:::lambda:invoke", "Credentials": {{"RoleArn": "{not_a_role}"}}"#
            )));
            assert_one(
                &d,
                Code::SchemaValidationFailed,
                "/States/T/Credentials/RoleArn",
                "which is not an IAM role's ARN",
            );
        }
        let d = crate::check(&task(
            r#""Resource": "arn:aws:states:::lambda:invoke", "Credentials": {"RoleArn": "$.role"}"#,
        ));
        assert_one(
            &d,
            Code::SchemaValidationFailed,
            "/States/T/Credentials/RoleArn",
            "give `RoleArn` that path, not a string",
        );
        for ok in [
            task(
                r#""Resource": "arn:aws:states:::lambda:invoke", "Credentials": {"RoleArn": "arn:aws:iam::123456789012:role/R"}"#,
            ),
            task(
                r#""Resource": "arn:aws:states:::lambda:invoke", "Credentials": {"RoleArn": "arn:aws-cn:iam::123456789012:role/service/R"}"#,
            ),
            task(
                r#""Resource": "arn:aws:states:::lambda:invoke", "Credentials": {"RoleArn": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/R"}"#,
            ),
            task(
                r#""Resource": "arn:aws:states:::lambda:invoke", "Credentials": {"RoleArn.$": "$.role"}"#,
            ),
            jsonata_task(
                r#""Resource": "arn:aws:states:::lambda:invoke", "Credentials": {"RoleArn": "{% $role %}"}"#,
            ),
        ] {
            assert_none(&crate::check(&ok), Code::SchemaValidationFailed);
        }
    }
}

//! Each kind of state.

use super::{asl, asl_of, has_error, only_error, run, state};
use serde_json::json;

#[test]
fn pass_bodies_and_results() {
    assert_eq!(
        state(
            r#"P: pass { greeting: "hi", who: $.name, n: 2, f: 2.5, ok: true, none: null };"#,
            "P"
        ),
        json!({ "Type": "Pass", "Parameters": { "greeting": "hi", "who.$": "$.name", "n": 2, "f": 2.5, "ok": true, "none": null }, "End": true })
    );
    assert_eq!(
        state(
            r#"P: pass result = { a: [1, "x"] } result_path = $.r;"#,
            "P"
        ),
        json!({ "Type": "Pass", "Result": { "a": [1, "x"] }, "ResultPath": "$.r", "End": true })
    );
    assert_eq!(
        state(r#"P: pass { v: $.x } query_language = jsonata;"#, "P"),
        json!({ "Type": "Pass", "QueryLanguage": "JSONata", "Output": { "v": "{% $states.input.x %}" }, "End": true })
    );
}

#[test]
fn task_resources() {
    let cases = [
        (
            r#"task "arn:aws:lambda:us-east-1:123456789012:function:f""#,
            "arn:aws:lambda:us-east-1:123456789012:function:f",
        ),
        ("lambda::invoke", "arn:aws:states:::lambda:invoke"),
        (
            "glue::start_job_run.sync",
            "arn:aws:states:::glue:startJobRun.sync",
        ),
        (
            "states::start_execution.sync2",
            "arn:aws:states:::states:startExecution.sync:2",
        ),
        (
            "sqs::send_message.wait_for_task_token",
            "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        ),
        ("dynamodb::put_item", "arn:aws:states:::dynamodb:putItem"),
        (
            "aws_sdk::s3::list_objects_v2",
            "arn:aws:states:::aws-sdk:s3:listObjectsV2",
        ),
        (
            "emr_containers::start_job_run.sync",
            "arn:aws:states:::emr-containers:startJobRun.sync",
        ),
    ];
    for (kind, arn) in cases {
        let body = if kind.contains("wait_for_task_token") {
            " { QueueUrl: \"q\", MessageBody: { token: $$.Task.Token } }"
        } else {
            ""
        };
        let task = state(&format!("T: {kind}{body};"), "T");
        assert_eq!(task["Resource"], arn, "{kind}");
        assert_eq!(task["Type"], "Task");
        assert_eq!(task["End"], true);
    }
}

#[test]
fn task_bodies_and_fields() {
    assert_eq!(
        state(
            r#"T: lambda::invoke { FunctionName: "f", Payload: { id: input.id, all: $ } }
               timeout = 30 heartbeat = $.hb credentials { RoleArn: $.role } result_selector { body: $.Payload }
               result_path = $.result output_path = $.result.body input_path = $.call
               assign { last: $.Payload } comment = "calls f" -> D;
               D: succeed;"#,
            "T"
        ),
        json!({
            "Type": "Task",
            "Comment": "calls f",
            "Resource": "arn:aws:states:::lambda:invoke",
            "TimeoutSeconds": 30,
            "HeartbeatSecondsPath": "$.hb",
            "Credentials": { "RoleArn.$": "$.role" },
            "InputPath": "$.call",
            "Parameters": { "FunctionName": "f", "Payload": { "id.$": "$$.Execution.Input.id", "all.$": "$" } },
            "ResultSelector": { "body.$": "$.Payload" },
            "ResultPath": "$.result",
            "OutputPath": "$.result.body",
            "Assign": { "last.$": "$.Payload" },
            "Next": "D"
        })
    );
    assert_eq!(
        state(
            r#"T: lambda::invoke { FunctionName: "f", Payload: $.x } query_language = jsonata timeout = $.t output = { r: $.y };"#,
            "T"
        ),
        json!({
            "Type": "Task",
            "QueryLanguage": "JSONata",
            "Resource": "arn:aws:states:::lambda:invoke",
            "TimeoutSeconds": "{% $states.input.t %}",
            "Arguments": { "FunctionName": "f", "Payload": "{% $states.input.x %}" },
            "Output": { "r": "{% $states.input.y %}" },
            "End": true
        })
    );
}

#[test]
fn integration_errors_land_on_the_wrong_part_of_the_path() {
    // The pattern, the action or the service, in the language's spelling, with the fix.
    let src = "pub W { T: lambda::invoke.sync; }";
    only_error(
        src,
        "task state `T`: `lambda::invoke` does not support `.sync`; it supports request-response (no pattern), `.wait_for_task_token`",
        "sync",
        0,
    );
    let src = "pub W { T: sagemaker::create_trainig_job.sync; }";
    only_error(
        src,
        "task state `T`: `sagemaker` has no action `create_trainig_job`; did you mean `create_training_job`?",
        "create_trainig_job",
        0,
    );
    let src = "pub W { T: lamda::invoke; }";
    let message = run_message(src);
    assert!(message.contains("did you mean `lambda`?"), "{message}");
    only_error(src, &message, "lamda", 0);
    let src = "pub W { T: aws_sdk::s4x::get_object; }";
    only_error(
        src,
        "task state `T`: unknown AWS SDK service `s4x`",
        "s4x",
        0,
    );
    only_error(
        "pub W { T: aws_sdk::s3; }",
        "an integration is written `service::action` (e.g. `lambda::invoke`) or `aws_sdk::service::action` (e.g. `aws_sdk::s3::list_objects_v2`); for any other resource write `task \"arn:…\"`",
        "aws_sdk",
        0,
    );
}

/// The one message of `src`.
fn run_message(src: &str) -> String {
    let errors = run(src).errors;
    assert_eq!(
        errors.len(),
        1,
        "{:#?}",
        errors.iter().map(ToString::to_string).collect::<Vec<_>>()
    );
    errors.first().map(ToString::to_string).unwrap_or_default()
}

#[test]
fn wait_forms() {
    assert_eq!(state("W: wait(seconds = 3);", "W")["Seconds"], 3);
    assert_eq!(
        state("W: wait(seconds = $.delay);", "W")["SecondsPath"],
        "$.delay"
    );
    assert_eq!(
        state("W: wait(seconds = input.delay);", "W")["SecondsPath"],
        "$$.Execution.Input.delay"
    );
    assert_eq!(
        state(r#"W: wait(timestamp = "2026-01-01T00:00:00Z");"#, "W")["Timestamp"],
        "2026-01-01T00:00:00Z"
    );
    assert_eq!(
        state("W: wait(timestamp = $.when);", "W")["TimestampPath"],
        "$.when"
    );
    assert_eq!(
        state("W: wait(seconds = $.d) query_language = jsonata;", "W")["Seconds"],
        "{% $states.input.d %}"
    );
    assert_eq!(
        state(
            r#"W: wait(seconds = "{% $states.input.n %}") query_language = jsonata;"#,
            "W"
        )["Seconds"],
        "{% $states.input.n %}"
    );
}

#[test]
fn wait_takes_exactly_one_argument() {
    only_error(
        "pub W { X: wait(seconds = 1, timestamp = \"2026-01-01T00:00:00Z\"); }",
        "`wait` takes exactly one of `seconds = …` and `timestamp = …`, e.g. `wait(seconds = 3)`",
        "wait",
        0,
    );
    only_error(
        "pub W { X: wait(); }",
        "`wait` takes exactly one of `seconds = …` and `timestamp = …`, e.g. `wait(seconds = 3)`",
        "wait",
        0,
    );
    has_error(
        "pub W { X: wait(second = 1); }",
        "unknown argument `second` of `wait`; did you mean `seconds`?",
        "second",
        0,
    );
    only_error(
        "pub W { X: wait(seconds = 1.5); }",
        "`seconds` is `1.5`, but it must be a whole number",
        "1.5",
        0,
    );
}

#[test]
fn succeed_and_fail() {
    let machine = asl_of(
        r#"A: choice { when $.ok == true => S, when $.x == 1 => F2, otherwise => F }
           S: succeed output_path = $.r;
           F: fail(error = "Bad", cause = "because");
           F2: fail(error = $.error.Error, cause = States.Format("failed: {}", $.error.Cause));"#,
    );
    assert_eq!(
        machine["States"]["S"],
        json!({ "Type": "Succeed", "OutputPath": "$.r" })
    );
    assert_eq!(
        machine["States"]["F"],
        json!({ "Type": "Fail", "Error": "Bad", "Cause": "because" })
    );
    assert_eq!(
        machine["States"]["F2"],
        json!({ "Type": "Fail", "ErrorPath": "$.error.Error", "CausePath": "States.Format('failed: {}', $.error.Cause)" })
    );
    let jsonata = state(
        r#"F: fail(error = $.e, cause = "c") query_language = jsonata;"#,
        "F",
    );
    assert_eq!(
        jsonata,
        json!({ "Type": "Fail", "QueryLanguage": "JSONata", "Error": "{% $states.input.e %}", "Cause": "c" })
    );
}

#[test]
fn terminal_states_have_no_target() {
    has_error(
        "pub W { A: succeed -> B; B: succeed; }",
        "a succeed state ends its scope, so it has no `-> …`; remove `-> \"B\"`",
        "B",
        0,
    );
}

#[test]
fn parallel_branches() {
    assert_eq!(
        state(
            r#"P: parallel {
                   branch { A: pass -> B; B: succeed; }
                   branch { C: wait(seconds = 1); }
               } result_path = $.results retry [States.ALL] (max_attempts = 1) -> Done;
               Done: succeed;"#,
            "P"
        ),
        json!({
            "Type": "Parallel",
            "Branches": [
                { "StartAt": "A", "States": { "A": { "Type": "Pass", "Next": "B" }, "B": { "Type": "Succeed" } } },
                { "StartAt": "C", "States": { "C": { "Type": "Wait", "Seconds": 1, "End": true } } }
            ],
            "ResultPath": "$.results",
            "Retry": [{ "ErrorEquals": ["States.ALL"], "MaxAttempts": 1 }],
            "Next": "Done"
        })
    );
}

#[test]
fn doc_comments_on_states() {
    assert_eq!(state("/// Says hi.\nA: pass;", "A")["Comment"], "Says hi.");
    only_error(
        "pub W { /// Doc.\n A: pass comment = \"c\"; }",
        "state `A` has both doc comments and `comment = …`; keep one",
        "comment",
        0,
    );
}

#[test]
fn errors_inside_nested_scopes_land_on_their_tokens() {
    let src = "pub W { M: map { A: pass -> Bb; B: succeed; } }";
    only_error(
        src,
        "unknown state `Bb` in transition from `A`; did you mean `B`?",
        "Bb",
        0,
    );
    let src = "pub W { P: parallel { branch { } } }";
    let errors = run(src).errors;
    let all: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        all,
        [
            "branch 0 of parallel state `P` has no states; add at least one, e.g. `branch { Work: pass; }`"
        ]
    );
}

#[test]
fn a_misspelt_request_key_is_reported_on_the_key() {
    let src = r#"pub W { input { name: string } T: sqs::send_message { QueueUrl: "q", MessageBdy: $.name }; }"#;
    only_error(
        src,
        "task state `T`: unknown key `MessageBdy` in `SendMessageRequest`; did you mean `MessageBody`, which is required?",
        "MessageBdy",
        0,
    );
}

#[test]
fn a_computed_value_of_a_known_type_must_fit_its_member() {
    // `input.delay` is a string, `States.ArrayLength` an integer, `$.ids` a list.
    let src = r#"pub W { input { name: string, delay: string } T: sqs::send_message { QueueUrl: "q", MessageBody: $.name, DelaySeconds: input.delay }; }"#;
    only_error(
        src,
        "task state `T`: `DelaySeconds` must be an integer from 0 to 900, but this computed value is a string",
        "input",
        1,
    );
    let src = r#"pub W { input { ids: [string] } T: dynamodb::get_item { TableName: "t", Key: { id: { S: "1" } }, ConsistentRead: States.ArrayLength($.ids) }; }"#;
    only_error(
        src,
        "task state `T`: `ConsistentRead` must be a boolean, but this computed value is an integer",
        "States",
        0,
    );
    // Unknown types (no schema, a variable, an intrinsic of unknown result) are accepted.
    asl(
        r#"pub W { T: sqs::send_message { QueueUrl: "q", MessageBody: $.name, DelaySeconds: $.delay }; }"#,
    );
    asl(
        r#"pub W { input { n: integer, name: string } T: sqs::send_message { QueueUrl: "q", MessageBody: $.name, DelaySeconds: $.n }; }"#,
    );
    // Nothing is converted to text: a number as the message body fails the task on AWS.
    let src = r#"pub W { input { n: integer } T: sqs::send_message { QueueUrl: "q", MessageBody: $.n }; }"#;
    let message = run_message(src);
    assert!(
        message.contains("\"The value for the field 'MessageBody' must be a STRING\""),
        "{message}"
    );
}

#[test]
fn a_task_without_a_request_sends_its_input() {
    // With a schema the input is known, and lacks the queue and the body.
    let src = "pub W { input { name: string } T: sqs::send_message; }";
    let message = run_message(src);
    assert!(
        message.starts_with("task state `T`: missing required key `QueueUrl` in `SendMessageRequest`: the task has no request, so its input, `{ name: string }`, is sent as the request"),
        "{message}"
    );
    only_error(src, &message, "sqs", 0);
    // An input that has them, or an unknown input, may be the request.
    asl("pub W { input { QueueUrl: string, MessageBody: string } T: sqs::send_message; }");
    asl("pub W { T: sqs::send_message; }");
}

#[test]
fn aws_sdk_actions_resolve_through_the_model() {
    let machine = asl("pub W { T: aws_sdk::rds::describe_db_instances; }");
    assert_eq!(
        machine["States"]["T"]["Resource"],
        "arn:aws:states:::aws-sdk:rds:describeDBInstances"
    );
}

//! `workflow serve` answers as AWS's Step Functions API does, spoken to in raw HTTP over
//! loopback: the API model's constraints on every input member (`ValidationException` in AWS's
//! words), names, page tokens, request ids, methods and content types, the operations an
//! EXPRESS machine does not have, `ValidateStateMachineDefinition`'s diagnostics and
//! `DeleteStateMachine`'s lifecycle. Every read has a deadline, so that a server that never
//! answers fails the test instead of hanging it.

use serde_json::{Value, json};
use std::io::Read;
use std::time::Duration;
use workflow_serve::{OPERATIONS, SENSITIVE_MEMBERS, Server};

const ROLE: &str = "arn:aws:iam::123456789012:role/test";
const PASS: &str = r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#;

#[path = "support/raw_http.rs"]
mod raw_http;
use raw_http::Answer;

/// Sends one raw HTTP request to `server` at `/` (`Connection: close`).
fn http(server: &Server, method: &str, headers: &[(&str, &str)], body: &str) -> Answer {
    raw_http::request(server.local_addr(), method, "/", headers, body)
}

/// The error of an answer: its name and message; panics on a success.
trait ErrorOf {
    fn error(&self) -> (String, String);
}

impl ErrorOf for Answer {
    fn error(&self) -> (String, String) {
        let body = self.json();
        assert!(self.status >= 400, "expected an error, got {body}");
        (
            body["__type"].as_str().unwrap_or_default().to_owned(),
            body["message"].as_str().unwrap_or_default().to_owned(),
        )
    }
}

/// Calls `operation` with `request` as the SDKs do.
fn call(server: &Server, operation: &str, request: &Value) -> Answer {
    let target = format!("AWSStepFunctions.{operation}");
    http(
        server,
        "POST",
        &[
            ("X-Amz-Target", &target),
            ("Content-Type", "application/x-amz-json-1.0"),
        ],
        &request.to_string(),
    )
}

/// Calls `operation`, which must succeed; its answer.
fn ok(server: &Server, operation: &str, request: &Value) -> Value {
    let answer = call(server, operation, request);
    assert_eq!(
        answer.status,
        200,
        "{operation} {request}: {}",
        String::from_utf8_lossy(&answer.body)
    );
    answer.json()
}

fn server() -> Server {
    Server::builder()
        .port(0)
        .virtual_time(true)
        .start()
        .expect("serve")
}

fn machine_arn(name: &str) -> String {
    format!("arn:aws:states:us-east-1:123456789012:stateMachine:{name}")
}

// ---- Input constraints (the API model's) ----

#[test]
fn input_members_outside_the_models_constraints_are_validation_exceptions_in_aws_words() {
    let server = server();
    let long_name = "n".repeat(81);
    let long_arn = format!("{}{}", machine_arn("M"), "x".repeat(250));
    let cases = [
        (
            "CreateStateMachine",
            json!({"name": long_name, "definition": PASS, "roleArn": ROLE}),
            format!(
                "1 validation error detected: Value '{long_name}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80"
            ),
        ),
        (
            "CreateStateMachine",
            json!({"name": "", "definition": PASS, "roleArn": ROLE}),
            "1 validation error detected: Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1".to_owned(),
        ),
        (
            "DescribeStateMachine",
            json!({"stateMachineArn": long_arn}),
            format!(
                "1 validation error detected: Value '{long_arn}' at 'stateMachineArn' failed to satisfy constraint: Member must have length less than or equal to 256"
            ),
        ),
        (
            "ListStateMachines",
            json!({"nextToken": ""}),
            "1 validation error detected: Value '' at 'nextToken' failed to satisfy constraint: Member must have length greater than or equal to 1".to_owned(),
        ),
        (
            "ListActivities",
            json!({"maxResults": 1001}),
            "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000".to_owned(),
        ),
        (
            "StopExecution",
            json!({"executionArn": "a", "error": "e".repeat(257)}),
            "1 validation error detected: Value at 'error' failed to satisfy constraint: Member must have length less than or equal to 256".to_owned(),
        ),
        (
            "CreateStateMachine",
            json!({"name": "M", "definition": PASS, "roleArn": ROLE, "type": "FAST"}),
            "1 validation error detected: Value 'FAST' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]".to_owned(),
        ),
        (
            "StartExecution",
            json!({}),
            "1 validation error detected: Value null at 'stateMachineArn' failed to satisfy constraint: Member must not be null".to_owned(),
        ),
        (
            "UpdateMapRun",
            json!({"mapRunArn": "a", "toleratedFailurePercentage": 101}),
            "1 validation error detected: Value '101' at 'toleratedFailurePercentage' failed to satisfy constraint: Member must have value less than or equal to 100".to_owned(),
        ),
        (
            "CreateStateMachine",
            json!({"name": "M", "definition": PASS, "roleArn": ROLE, "tags": [{"key": "k".repeat(129), "value": "v"}]}),
            format!(
                "1 validation error detected: Value '{}' at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128",
                "k".repeat(129)
            ),
        ),
        (
            "TagResource",
            json!({"resourceArn": machine_arn("M"), "tags": [{"key": "k", "value": "v".repeat(257)}]}),
            format!(
                "1 validation error detected: Value '{}' at 'tags.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 256",
                "v".repeat(257)
            ),
        ),
        (
            "CreateStateMachineAlias",
            json!({"name": "live", "routingConfiguration": []}),
            "1 validation error detected: Value '[]' at 'routingConfiguration' failed to satisfy constraint: Member must have length greater than or equal to 1".to_owned(),
        ),
        (
            "CreateStateMachineAlias",
            json!({"name": "live", "routingConfiguration": [{"stateMachineVersionArn": format!("{}:1", machine_arn("M")), "weight": 101}]}),
            "1 validation error detected: Value '101' at 'routingConfiguration.1.member.weight' failed to satisfy constraint: Member must have value less than or equal to 100".to_owned(),
        ),
        (
            "SendTaskSuccess",
            json!({"taskToken": "t".repeat(2049), "output": "{}"}),
            "1 validation error detected: Value at 'taskToken' failed to satisfy constraint: Member must have length less than or equal to 2048".to_owned(),
        ),
    ];
    for (operation, request, message) in cases {
        let answer = call(&server, operation, &request);
        assert_eq!(answer.status, 400, "{operation} {request}");
        assert_eq!(
            answer.error(),
            ("ValidationException".to_owned(), message),
            "{operation} {request}"
        );
    }
    // Two at once: both, counted.
    let (name, message) = call(
        &server,
        "ListExecutions",
        &json!({"stateMachineArn": "", "maxResults": -1}),
    )
    .error();
    assert_eq!(name, "ValidationException");
    assert!(
        message.starts_with("2 validation errors detected: ") && message.contains("; "),
        "{message}"
    );
}

#[test]
fn names_with_characters_the_api_reference_forbids_are_invalid_name() {
    let server = server();
    // The API reference (CreateStateMachine's `name`): no whitespace, brackets, wildcards,
    // special characters or control characters; within 1 to 80 characters, InvalidName.
    for bad in [
        "a b",
        "a\tb",
        "<x>",
        "{x}",
        "[x]",
        "a?",
        "a*",
        "a\"b",
        "a#b",
        "a%b",
        "a\\b",
        "a^b",
        "a|b",
        "a~b",
        "a`b",
        "a$b",
        "a&b",
        "a,b",
        "a;b",
        "a:b",
        "a/b",
        "a\u{1}b",
        "a\u{7f}b",
        // Since July 2025: U+FFFE, U+FFFF and U+10FFFF too.
        "a\u{fffe}b",
        "a\u{ffff}",
        "\u{10ffff}",
    ] {
        let answer = call(
            &server,
            "CreateStateMachine",
            &json!({"name": bad, "definition": PASS, "roleArn": ROLE}),
        );
        assert_eq!(answer.error().0, "InvalidName", "{bad:?}");
        let answer = call(&server, "CreateActivity", &json!({"name": bad}));
        assert_eq!(answer.error().0, "InvalidName", "{bad:?}");
    }
    ok(
        &server,
        "CreateStateMachine",
        &json!({"name": "Orders-2026_v1", "definition": PASS, "roleArn": ROLE}),
    );
    let answer = call(
        &server,
        "StartExecution",
        &json!({"stateMachineArn": machine_arn("Orders-2026_v1"), "name": "a b"}),
    );
    assert_eq!(answer.error().0, "InvalidName");
    // An unpaired surrogate (which JSON may escape, and Rust text cannot hold) is InvalidName
    // too, not a body that does not parse; a pair is its character, a fine name.
    for (escaped, refused) in [
        (r"a\ud800b", true),
        (r"\udfff", true),
        (r"a\ud83d\ude00", false),
    ] {
        let body = format!(r#"{{"name": "{escaped}"}}"#);
        let target = "AWSStepFunctions.CreateActivity";
        let answer = http(
            &server,
            "POST",
            &[
                ("X-Amz-Target", target),
                ("Content-Type", "application/x-amz-json-1.0"),
            ],
            &body,
        );
        if refused {
            assert_eq!(answer.error().0, "InvalidName", "{escaped}");
        } else {
            assert_eq!(answer.status, 200, "{escaped}: {}", answer.text());
        }
    }
}

#[test]
fn members_of_the_wrong_json_type_at_any_depth_are_serialization_exceptions() {
    // AWS's JSON protocol deserializes a request before it validates it: a member of the
    // wrong JSON type is `SerializationException`, in the words AWS's JSON services answer
    // (recorded on AWS for a boolean and a number where a string belongs).
    let server = server();
    let create = |extra: Value| {
        let mut request = json!({"name": "Typed", "definition": PASS, "roleArn": ROLE});
        for (k, v) in extra.as_object().into_iter().flatten() {
            request[k] = v.clone();
        }
        call(&server, "CreateStateMachine", &request)
    };
    let serialization = |answer: Answer, message: &str| {
        assert_eq!(
            answer.error(),
            ("SerializationException".to_owned(), message.to_owned())
        );
    };
    serialization(
        create(json!({"loggingConfiguration": {"level": 5}})),
        "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String",
    );
    serialization(
        create(json!({"loggingConfiguration": {"level": "OFF", "includeExecutionData": "yes"}})),
        "class java.lang.String can not be converted to an Boolean",
    );
    serialization(
        create(json!({"tracingConfiguration": {"enabled": "true"}})),
        "class java.lang.String can not be converted to an Boolean",
    );
    serialization(
        create(json!({"tracingConfiguration": true})),
        "class java.lang.Boolean can not be converted to an TracingConfiguration",
    );
    serialization(
        create(json!({"tags": {"team": "data"}})),
        "Start of structure or map found where not expected.",
    );
    serialization(
        create(json!({"tags": [{"key": "team", "value": 7}]})),
        "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String",
    );
    serialization(
        create(
            json!({"loggingConfiguration": {"destinations": [{"cloudWatchLogsLogGroup": {"logGroupArn": ["a"]}}]}}),
        ),
        "Start of list found where not expected.",
    );
    serialization(
        call(
            &server,
            "ListExecutions",
            &json!({"stateMachineArn": machine_arn("Typed"), "maxResults": "10"}),
        ),
        "class java.lang.String can not be converted to an Integer",
    );
    serialization(
        call(
            &server,
            "StartExecution",
            &json!({"stateMachineArn": machine_arn("Typed"), "traceHeader": true}),
        ),
        "class java.lang.Boolean can not be converted to an String",
    );
    serialization(
        call(
            &server,
            "TestState",
            &json!({"definition": PASS, "mock": {"result": "{}", "fieldValidationMode": 1}}),
        ),
        "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String",
    );
    // The right types, out of the model's enums: ValidationException at the nested path.
    let answer = create(json!({"loggingConfiguration": {"level": "LOUD"}}));
    assert_eq!(
        answer.error(),
        (
            "ValidationException".to_owned(),
            "1 validation error detected: Value 'LOUD' at 'loggingConfiguration.level' failed to satisfy constraint: Member must satisfy enum value set: [ALL, ERROR, FATAL, OFF]".to_owned()
        )
    );
    // A role that is not an IAM role's ARN.
    for role in [
        "role",
        "arn:aws:iam::123456789012:policy/P",
        "arn:aws:s3:::bucket",
    ] {
        let answer = call(
            &server,
            "CreateStateMachine",
            &json!({"name": "Roled", "definition": PASS, "roleArn": role}),
        );
        assert_eq!(
            answer.error(),
            (
                "InvalidArn".to_owned(),
                format!("Invalid Role Arn: '{role}'")
            )
        );
    }
    // Nothing of the refused requests was created.
    let listed = ok(&server, "ListStateMachines", &json!({}));
    assert_eq!(listed["stateMachines"], json!([]));
}

#[test]
fn test_state_refuses_a_role_that_is_not_an_iam_roles_arn() {
    let server = server();
    let task = json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Arguments": {"FunctionName": "f"}, "QueryLanguage": "JSONata", "End": true})
    .to_string();
    for role in ["role", "arn:aws:iam::123456789012:user/u"] {
        let answer = call(
            &server,
            "TestState",
            &json!({"definition": task, "roleArn": role}),
        );
        assert_eq!(
            answer.error(),
            (
                "InvalidArn".to_owned(),
                format!("Invalid Role Arn: '{role}'")
            )
        );
    }
}

#[test]
fn test_state_answers_an_expression_past_the_evaluators_limits_at_once() {
    // `$formatInteger(1e20, 'I')` would write 10^17 numerals; TestState timed out at 30 s
    // while it grew past 3 GB. The evaluator admits the work before doing it: FAILED, with
    // AWS's memory limit, at once.
    let server = server();
    let state = json!({"Type": "Pass", "QueryLanguage": "JSONata",
        "Output": "{% $formatInteger(1e20, 'I') %}", "End": true})
    .to_string();
    let answer = ok(&server, "TestState", &json!({"definition": state}));
    assert_eq!(answer["status"], "FAILED");
    assert_eq!(answer["error"], "States.QueryEvaluationError");
    let cause = answer["cause"].as_str().unwrap_or_default();
    assert!(
        cause.contains("Expression evaluation memory limit exceeded"),
        "{cause}"
    );
}

#[test]
fn list_executions_refuses_pending_redrive_on_a_state_machine_and_filters_redriven_ones() {
    let server = server();
    ok(
        &server,
        "CreateStateMachine",
        &json!({"name": "Fails", "definition": r#"{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E"}}}"#, "roleArn": ROLE}),
    );
    let machine = machine_arn("Fails");
    let answer = call(
        &server,
        "ListExecutions",
        &json!({"stateMachineArn": machine, "statusFilter": "PENDING_REDRIVE"}),
    );
    let (name, message) = answer.error();
    assert_eq!(name, "ValidationException");
    assert!(
        message.contains("PENDING_REDRIVE") && message.contains("mapRunArn"),
        "{message}"
    );
    let mut arns = Vec::new();
    for n in 0..2 {
        let started = ok(
            &server,
            "StartExecution",
            &json!({"stateMachineArn": machine, "name": format!("f{n}")}),
        );
        arns.push(started["executionArn"].as_str().unwrap().to_owned());
    }
    for arn in &arns {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while ok(&server, "DescribeExecution", &json!({"executionArn": arn}))["status"] == "RUNNING"
        {
            assert!(std::time::Instant::now() < deadline, "{arn} never ended");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    ok(
        &server,
        "RedriveExecution",
        &json!({"executionArn": arns[0]}),
    );
    let names = |filter: &str| -> Vec<String> {
        ok(
            &server,
            "ListExecutions",
            &json!({"stateMachineArn": machine, "redriveFilter": filter}),
        )["executions"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| e["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(names("REDRIVEN"), ["f0"]);
    assert_eq!(names("NOT_REDRIVEN"), ["f1"]);
}

#[test]
fn a_redrive_retried_with_its_client_token_is_answered_as_its_first_call_even_after_a_restart() {
    // RedriveExecution's `clientToken` (API reference): "The API will return idempotent
    // responses for the last 10 client tokens used to successfully redrive the execution."
    // An SDK sends one token with every retry of a call, so that a retry after a lost answer,
    // or calls at once with one token, see the one redrive.
    let data = tempfile::tempdir().expect("a data directory");
    let start = || {
        Server::builder()
            .port(0)
            .virtual_time(true)
            .data_dir(data.path())
            .start()
            .expect("serve")
    };
    let server = start();
    ok(
        &server,
        "CreateStateMachine",
        &json!({"name": "Fails", "definition": r#"{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E"}}}"#, "roleArn": ROLE}),
    );
    let arn = ok(
        &server,
        "StartExecution",
        &json!({"stateMachineArn": machine_arn("Fails"), "name": "f"}),
    )["executionArn"]
        .clone();
    let described = |server: &Server| finished(server, &arn);
    described(&server);
    let redrive = |server: &Server, token: &str| {
        call(
            server,
            "RedriveExecution",
            &json!({"executionArn": arn, "clientToken": token}),
        )
    };
    // Eight calls at once with one token: one redrive, eight answers with its date.
    let dates: Vec<Value> = std::thread::scope(|scope| {
        let calls: Vec<_> = (0..8)
            .map(|_| scope.spawn(|| redrive(&server, "token-1")))
            .collect();
        calls
            .into_iter()
            .map(|call| {
                let answer = call.join().expect("a call");
                assert_eq!(answer.status, 200, "{}", answer.text());
                answer.json()["redriveDate"].clone()
            })
            .collect()
    });
    assert!(
        dates.iter().all(|d| *d == dates[0] && d.is_number()),
        "{dates:?}"
    );
    assert_eq!(described(&server)["redriveCount"], 1);
    // Its retry once the redriven run failed again: the same answer, nothing redriven.
    let retried = redrive(&server, "token-1");
    assert_eq!(retried.status, 200, "{}", retried.text());
    assert_eq!(retried.json()["redriveDate"], dates[0]);
    assert_eq!(described(&server)["redriveCount"], 1);
    // A new token redrives it again.
    assert_eq!(redrive(&server, "token-2").status, 200);
    assert_eq!(described(&server)["redriveCount"], 2);
    // The tokens are kept across a restart.
    server.shut_down();
    let server = start();
    let after = redrive(&server, "token-1");
    assert_eq!(after.status, 200, "{}", after.text());
    assert_eq!(after.json()["redriveDate"], dates[0]);
    let d = described(&server);
    assert_eq!(
        (d["redriveCount"].clone(), d["status"].clone()),
        (json!(2), json!("FAILED"))
    );
    // A call without a token redrives it.
    assert_eq!(
        call(&server, "RedriveExecution", &json!({"executionArn": arn})).status,
        200
    );
    assert_eq!(described(&server)["redriveCount"], 3);
}

/// An execution of a new machine `name` whose one Task is the activity `activity`, and its
/// task's token, as a worker gets it: the execution's ARN and the token.
fn activity_task(server: &Server, activity: &Value, name: &str) -> (Value, Value) {
    let task = json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": activity, "End": true}}});
    ok(
        server,
        "CreateStateMachine",
        &json!({"name": name, "definition": task.to_string(), "roleArn": ROLE}),
    );
    let run = ok(
        server,
        "StartExecution",
        &json!({"stateMachineArn": machine_arn(name)}),
    )["executionArn"]
        .clone();
    let token =
        ok(server, "GetActivityTask", &json!({"activityArn": activity}))["taskToken"].clone();
    (run, token)
}

/// `[[… 1 …]]`, `depth` arrays deep (written as serde_json writes it).
fn arrays(depth: usize) -> String {
    format!("{}1{}", "[".repeat(depth), "]".repeat(depth))
}

#[test]
fn every_entry_point_reads_json_nested_1000_levels_deep_and_refuses_1001_in_aws_words() {
    // One JSON reader's limit everywhere (`workflow_text::json::MAX_DEPTH`, Jackson's default
    // `maxNestingDepth`, 1000): an execution's input, a task's answer, TestState's input and
    // mocked result, `States.StringToJson` and JSONata's `$parse`, each at the limit and one
    // past it, refused with the error AWS names for invalid JSON there.
    let server = server();
    let (at, past) = (arrays(1000), arrays(1001));
    ok(
        &server,
        "CreateStateMachine",
        &json!({"name": "Deep", "definition": PASS, "roleArn": ROLE}),
    );
    let start = |input: &str| {
        call(
            &server,
            "StartExecution",
            &json!({"stateMachineArn": machine_arn("Deep"), "input": input}),
        )
    };
    assert_eq!(start(&at).status, 200, "{}", start(&at).text());
    assert_eq!(start(&past).error().0, "InvalidExecutionInput");
    // A task's answer (SendTaskSuccess), on an activity's task.
    let activity =
        ok(&server, "CreateActivity", &json!({"name": "DeepWork"}))["activityArn"].clone();
    let (run, token) = activity_task(&server, &activity, "DeepTask");
    let answer = |output: &str| {
        call(
            &server,
            "SendTaskSuccess",
            &json!({"taskToken": token, "output": output}),
        )
    };
    assert_eq!(answer(&past).error().0, "InvalidOutput");
    let answered = answer(&at);
    assert_eq!(answered.status, 200, "{}", answered.text());
    let described = finished(&server, &run);
    assert_eq!(described["status"], "SUCCEEDED", "{described}");
    assert_eq!(described["output"], at);
    // TestState: its input, and a mocked result.
    let test_state = |request: Value| call(&server, "TestState", &request);
    let pass = json!({"Type": "Pass", "End": true}).to_string();
    let passed = test_state(json!({"definition": pass, "input": at}));
    assert_eq!(passed.status, 200, "{}", passed.text());
    assert_eq!(passed.json()["output"], at);
    assert_eq!(
        test_state(json!({"definition": pass, "input": past}))
            .error()
            .0,
        "InvalidExecutionInput"
    );
    // (A function's answer is an object: its payload one level in.)
    let lambda = json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Arguments": {"FunctionName": "f"}, "QueryLanguage": "JSONata",
        "Output": "{% $states.result.Payload %}", "End": true})
    .to_string();
    let payload = |depth: usize| format!(r#"{{"Payload":{}}}"#, arrays(depth));
    let mocked = test_state(json!({"definition": lambda, "mock": {"result": payload(999)}}));
    assert_eq!(mocked.status, 200, "{}", mocked.text());
    assert_eq!(mocked.json()["output"], arrays(999));
    assert_eq!(
        test_state(json!({"definition": lambda, "mock": {"result": payload(1000)}})).error(),
        (
            "ValidationException".to_owned(),
            "Mocked result must be valid JSON".to_owned()
        )
    );
    // States.StringToJson and JSONata's $parse, of a string nested at the limit and past it.
    let parsers = [
        json!({"Type": "Pass", "Parameters": {"v.$": "States.StringToJson($.s)"}, "OutputPath": "$.v", "End": true}),
        json!({"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $parse($states.input.s) %}", "End": true}),
    ];
    for parser in parsers {
        let definition = parser.to_string();
        let read =
            test_state(json!({"definition": definition, "input": json!({"s": at}).to_string()}));
        assert_eq!(read.status, 200, "{parser}: {}", read.text());
        assert_eq!(read.json()["output"], at, "{parser}");
        let refused =
            test_state(json!({"definition": definition, "input": json!({"s": past}).to_string()}));
        assert_eq!(refused.status, 200, "{parser}: {}", refused.text());
        let refused = refused.json();
        assert_eq!(refused["status"], "FAILED", "{parser}: {refused}");
        // States.StringToJson says why; $parse says what AWS says of any text it cannot read.
        let cause = refused["cause"].as_str().unwrap_or_default();
        assert!(
            cause.contains("1000 levels")
                || cause.contains("The input of $parse is not valid JSON"),
            "{parser}: {refused}"
        );
    }
}

#[test]
fn an_activitys_tags_are_kept_and_an_answer_over_256_kib_of_utf8_is_a_validation_exception() {
    let server = server();
    // CreateActivity's tags, listed as given; its idempotent repeat changes none.
    let activity = ok(
        &server,
        "CreateActivity",
        &json!({"name": "Tagged", "tags": [{"key": "team", "value": "data"}]}),
    )["activityArn"]
        .clone();
    ok(
        &server,
        "CreateActivity",
        &json!({"name": "Tagged", "tags": [{"key": "team", "value": "other"}]}),
    );
    let tags = ok(
        &server,
        "ListTagsForResource",
        &json!({"resourceArn": activity}),
    );
    assert_eq!(tags["tags"], json!([{"key": "team", "value": "data"}]));
    // An answer of 131,074 characters in 262,146 bytes: within the model's length counted in
    // characters, past its 262,144 counted as the service's 256 KiB of UTF-8.
    let (_, token) = activity_task(&server, &activity, "Long");
    let output = json!("é".repeat(131_072)).to_string();
    assert_eq!((output.chars().count(), output.len()), (131_074, 262_146));
    let answer = call(
        &server,
        "SendTaskSuccess",
        &json!({"taskToken": token, "output": output}),
    );
    assert_eq!(
        answer.error(),
        (
            "ValidationException".to_owned(),
            "1 validation error detected: Value at 'output' failed to satisfy constraint: Member must have length less than or equal to 262144".to_owned()
        )
    );
}

#[test]
fn the_x_amzn_trace_id_header_wins_over_the_bodys_trace_header() {
    // The API model's `traceHeader`: "If both sources are provided, Step Functions will use the
    // header value (preferred) over the value in the request body."
    let server = server();
    ok(
        &server,
        "CreateStateMachine",
        &json!({"name": "Traced", "definition": PASS, "roleArn": ROLE}),
    );
    let start = |name: &str, header: Option<&str>| {
        let body = json!({"stateMachineArn": machine_arn("Traced"), "name": name, "traceHeader": "Root=1-body"}).to_string();
        let mut headers = vec![
            ("X-Amz-Target", "AWSStepFunctions.StartExecution"),
            ("Content-Type", "application/x-amz-json-1.0"),
        ];
        if let Some(h) = header {
            headers.push(("X-Amzn-Trace-Id", h));
        }
        let answer = http(&server, "POST", &headers, &body);
        assert_eq!(answer.status, 200, "{}", answer.text());
        let arn = answer.json()["executionArn"].clone();
        ok(&server, "DescribeExecution", &json!({"executionArn": arn}))["traceHeader"].clone()
    };
    assert_eq!(start("with-header", Some("Root=1-header")), "Root=1-header");
    assert_eq!(start("body-only", None), "Root=1-body");
}

#[test]
fn page_tokens_are_good_only_for_the_listing_that_issued_them() {
    let server = server();
    for n in 0..3 {
        ok(
            &server,
            "CreateStateMachine",
            &json!({"name": format!("M{n}"), "definition": PASS, "roleArn": ROLE}),
        );
        ok(&server, "CreateActivity", &json!({"name": format!("A{n}")}));
    }
    let first = ok(&server, "ListStateMachines", &json!({"maxResults": 2}));
    let token = first["nextToken"].as_str().expect("a next page").to_owned();
    let second = ok(
        &server,
        "ListStateMachines",
        &json!({"maxResults": 2, "nextToken": token}),
    );
    assert_eq!(second["stateMachines"].as_array().map(Vec::len), Some(1));
    // Another operation's listing, garbage, or another machine's executions: InvalidToken.
    for (operation, request) in [
        ("ListActivities", json!({"nextToken": token})),
        ("ListStateMachines", json!({"nextToken": "garbage"})),
    ] {
        assert_eq!(
            call(&server, operation, &request).error().0,
            "InvalidToken",
            "{operation} {request}"
        );
    }
    for n in 0..3 {
        ok(
            &server,
            "StartExecution",
            &json!({"stateMachineArn": machine_arn("M0"), "name": format!("e{n}")}),
        );
    }
    let page = ok(
        &server,
        "ListExecutions",
        &json!({"stateMachineArn": machine_arn("M0"), "maxResults": 1}),
    );
    let token = page["nextToken"].as_str().expect("a next page");
    let other = call(
        &server,
        "ListExecutions",
        &json!({"stateMachineArn": machine_arn("M1"), "nextToken": token}),
    );
    assert_eq!(other.error().0, "InvalidToken");
}

#[path = "support/pages.rs"]
mod pages;

/// Every row of `operation`'s listing `request` on `server`, 7 a page: the `key` of each.
fn page_through(
    server: &Server,
    operation: &str,
    request: &Value,
    list: &str,
    key: &str,
) -> Vec<String> {
    pages::page_through(|r| Some(ok(server, operation, r)), request, 7, list, key)
}

#[test]
fn pages_list_each_row_once_while_executions_start_and_machines_come_and_go() {
    use std::collections::BTreeSet;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicBool, Ordering};
    let server = server();
    let orders = machine_arn("Orders");
    ok(
        &server,
        "CreateStateMachine",
        &json!({"name": "Orders", "definition": PASS, "roleArn": ROLE}),
    );
    let started: Mutex<Vec<String>> = Mutex::default();
    for n in 0..60 {
        let answer = ok(
            &server,
            "StartExecution",
            &json!({"stateMachineArn": orders, "name": format!("seed-{n}")}),
        );
        started
            .lock()
            .unwrap()
            .push(answer["executionArn"].as_str().unwrap().to_owned());
    }
    // Machines that exist, and the ones deleted (or being deleted) so far.
    let machines: Mutex<Vec<String>> = Mutex::new(vec![orders.clone()]);
    let deleted: Mutex<BTreeSet<String>> = Mutex::default();
    for n in 0..30 {
        let arn = ok(
            &server,
            "CreateStateMachine",
            &json!({"name": format!("M{n:02}"), "definition": PASS, "roleArn": ROLE}),
        )["stateMachineArn"]
            .as_str()
            .unwrap()
            .to_owned();
        machines.lock().unwrap().push(arn);
    }
    let stop = AtomicBool::new(false);
    let (mut listings, mut rows) = (0, 0);
    std::thread::scope(|scope| {
        for worker in 0..3 {
            let (server, orders, started, machines, deleted, stop) =
                (&server, &orders, &started, &machines, &deleted, &stop);
            scope.spawn(move || {
                for n in 0.. {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let answer = ok(server, "StartExecution", &json!({"stateMachineArn": orders, "name": format!("w{worker}-{n}")}));
                    started.lock().unwrap().push(answer["executionArn"].as_str().unwrap().to_owned());
                    if n % 3 == 0 {
                        let arn = ok(server, "CreateStateMachine", &json!({"name": format!("N{worker}-{n}"), "definition": PASS, "roleArn": ROLE}))["stateMachineArn"].as_str().unwrap().to_owned();
                        machines.lock().unwrap().push(arn);
                        // One of the first machines goes.
                        let victim = machines.lock().unwrap().iter().find(|m| m.contains(":M") && !deleted.lock().unwrap().contains(*m)).cloned();
                        if let Some(victim) = victim {
                            deleted.lock().unwrap().insert(victim.clone());
                            ok(server, "DeleteStateMachine", &json!({"stateMachineArn": victim}));
                        }
                    }
                }
            });
        }
        for _ in 0..4 {
            let before: Vec<String> = started.lock().unwrap().clone();
            let listed = page_through(
                &server,
                "ListExecutions",
                &json!({"stateMachineArn": orders}),
                "executions",
                "executionArn",
            );
            let distinct: BTreeSet<&String> = listed.iter().collect();
            assert_eq!(
                distinct.len(),
                listed.len(),
                "an execution listed twice in one listing"
            );
            let missed: Vec<&String> = before.iter().filter(|a| !distinct.contains(a)).collect();
            assert!(
                missed.is_empty(),
                "started before the listing, and missed: {missed:?}"
            );
            listings += 1;
            rows += listed.len();
            let there: Vec<String> = machines.lock().unwrap().clone();
            let listed = page_through(
                &server,
                "ListStateMachines",
                &json!({}),
                "stateMachines",
                "stateMachineArn",
            );
            let gone = deleted.lock().unwrap().clone();
            let distinct: BTreeSet<&String> = listed.iter().collect();
            assert_eq!(
                distinct.len(),
                listed.len(),
                "a machine listed twice in one listing"
            );
            let missed: Vec<&String> = there
                .iter()
                .filter(|a| !gone.contains(*a) && !distinct.contains(a))
                .collect();
            assert!(
                missed.is_empty(),
                "there throughout the listing, and missed: {missed:?}"
            );
        }
        stop.store(true, Ordering::SeqCst);
    });
    assert!(rows > listings * 60, "{rows} rows in {listings} listings");
}

#[test]
fn every_served_operation_checks_its_required_members_first() {
    let server = server();
    for operation in OPERATIONS {
        let answer = call(&server, operation, &json!({}));
        // An operation with a required member answers its absence in AWS's words; one with
        // none answers (or refuses for another reason, never an unknown operation).
        if answer.status == 200 {
            continue;
        }
        let (name, message) = answer.error();
        assert_ne!(name, "UnknownOperationException", "{operation}");
        if name == "ValidationException" && message.contains("Member must not be null") {
            assert!(
                message.contains("validation error"),
                "{operation}: {message}"
            );
        }
    }
}

/// `SENSITIVE_MEMBERS` (whose values no message repeats) is the list of members whose shapes
/// the pinned botocore model marks sensitive, in the inputs of the operations served.
#[test]
fn the_sensitive_members_are_the_pinned_models() {
    let model = botocore_stepfunctions_model();
    let shapes = model["shapes"].as_object().expect("shapes");
    let mut sensitive = std::collections::BTreeSet::new();
    for operation in OPERATIONS {
        let input = model["operations"][operation]["input"]["shape"]
            .as_str()
            .expect("an input");
        // The members of the input and of the structures and lists within, iteratively.
        let mut stack = vec![input.to_owned()];
        let mut seen = std::collections::BTreeSet::new();
        while let Some(name) = stack.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            let shape = &shapes[&name];
            if let Some(members) = shape["members"].as_object() {
                for (member, target) in members {
                    let target = target["shape"].as_str().expect("a shape");
                    if shapes[target]["sensitive"] == json!(true)
                        && shapes[target]["type"] == json!("string")
                    {
                        sensitive.insert(member.clone());
                    }
                    stack.push(target.to_owned());
                }
            }
            if let Some(item) = shape["member"]["shape"].as_str() {
                stack.push(item.to_owned());
            }
        }
    }
    let listed: std::collections::BTreeSet<String> =
        SENSITIVE_MEMBERS.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(listed, sensitive);
}

/// Step Functions' model in the pinned botocore of moto's virtualenv (`bash scripts/moto.sh
/// install`, the pin `tools/aws-models/generate.py` reads too).
fn botocore_stepfunctions_model() -> Value {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let lib = root.join("target/moto-venv/lib");
    let found = std::fs::read_dir(&lib).ok().and_then(|dirs| {
        dirs.flatten()
            .map(|d| {
                d.path()
                    .join("site-packages/botocore/data/stepfunctions/2016-11-23/service-2.json.gz")
            })
            .find(|p| p.exists())
    });
    let path = found.unwrap_or_else(|| {
        panic!(
            "botocore's stepfunctions model is missing under {}: run `bash scripts/moto.sh install` (from the repository root)",
            lib.display()
        )
    });
    let bytes = std::fs::read(&path).expect("read the model");
    let mut text = String::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_string(&mut text)
        .expect("a gzip stream");
    serde_json::from_str(&text).expect("the model's JSON")
}

// ---- Request ids, methods and content types ----

#[test]
fn every_answer_carries_a_uuid_request_id_errors_too() {
    let server = server();
    let mut seen = std::collections::HashSet::new();
    for answer in [
        call(&server, "ListStateMachines", &json!({})),
        call(
            &server,
            "DescribeStateMachine",
            &json!({"stateMachineArn": machine_arn("None")}),
        ),
        call(&server, "NoSuchOperation", &json!({})),
        http(&server, "GET", &[], ""),
    ] {
        let id = answer
            .header("x-amzn-requestid")
            .expect("an x-amzn-RequestId header")
            .to_owned();
        let groups: Vec<usize> = id.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12], "a UUID: {id}");
        assert!(
            id.chars().all(|c| c == '-' || c.is_ascii_hexdigit()),
            "{id}"
        );
        assert!(seen.insert(id.clone()), "each answer its own id: {id}");
    }
}

#[test]
fn only_aws_json_posts_are_routed_to_an_operation() {
    let server = server();
    let target = ("X-Amz-Target", "AWSStepFunctions.ListStateMachines");
    for method in ["GET", "PUT", "DELETE", "PATCH"] {
        let answer = http(&server, method, &[target], "{}");
        assert_eq!(answer.status, 404, "{method}");
        assert_eq!(answer.body, b"<UnknownOperationException/>", "{method}");
    }
    let form = http(
        &server,
        "POST",
        &[
            target,
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        "Action=ListStateMachines",
    );
    assert_eq!(form.status, 404);
    for content_type in [
        "application/x-amz-json-1.0",
        "application/x-amz-json-1.1",
        "application/json; charset=utf-8",
    ] {
        let answer = http(
            &server,
            "POST",
            &[target, ("Content-Type", content_type)],
            "{}",
        );
        assert_eq!(answer.status, 200, "{content_type}");
        assert_eq!(
            answer.header("content-type"),
            Some("application/x-amz-json-1.0")
        );
    }
}

// ---- EXPRESS machines ----

#[test]
fn an_express_execution_is_not_found_and_its_machine_not_listed() {
    let server = server();
    ok(
        &server,
        "CreateStateMachine",
        &json!({"name": "Quick", "type": "EXPRESS", "definition": PASS, "roleArn": ROLE}),
    );
    let started = ok(
        &server,
        "StartExecution",
        &json!({"stateMachineArn": machine_arn("Quick")}),
    );
    // The operations on a recorded execution take no EXPRESS execution's ARN: each one's API
    // reference says it does not support them, and AWS answers `DescribeExecution` of one
    // with `InvalidArn`, "Invalid Arn: 'Resource type not valid in this context: express'"
    // (recorded in issue 90; the others validate their ARN alike).
    for operation in [
        "DescribeExecution",
        "GetExecutionHistory",
        "StopExecution",
        "DescribeStateMachineForExecution",
    ] {
        let answer = call(
            &server,
            operation,
            &json!({"executionArn": started["executionArn"]}),
        );
        assert_eq!(
            answer.error(),
            (
                "InvalidArn".to_owned(),
                "Invalid Arn: 'Resource type not valid in this context: express'".to_owned()
            ),
            "{operation}"
        );
    }
    let list = call(
        &server,
        "ListExecutions",
        &json!({"stateMachineArn": machine_arn("Quick")}),
    );
    assert_eq!(list.error().0, "StateMachineTypeNotSupported");
    // A STANDARD machine's are answered.
    ok(
        &server,
        "CreateStateMachine",
        &json!({"name": "Slow", "definition": PASS, "roleArn": ROLE}),
    );
    let started = ok(
        &server,
        "StartExecution",
        &json!({"stateMachineArn": machine_arn("Slow")}),
    );
    ok(
        &server,
        "DescribeExecution",
        &json!({"executionArn": started["executionArn"]}),
    );
}

// ---- ValidateStateMachineDefinition ----

/// The codes the API reference lists (`ValidateStateMachineDefinitionDiagnostic`).
const AWS_CODES: &[&str] = &[
    "INVALID_JSON_DESCRIPTION",
    "MISSING_DESCRIPTION",
    "SCHEMA_VALIDATION_FAILED",
    "INVALID_RESOURCE",
    "MISSING_END_STATE",
    "DUPLICATE_STATE_NAME",
    "INVALID_STATE_NAME",
    "STATE_MACHINE_NAME_EMPTY",
    "STATE_MACHINE_NAME_INVALID",
    "STATE_MACHINE_NAME_TOO_LONG",
    "STATE_MACHINE_NAME_ALREADY_EXISTS",
    "DUPLICATE_LABEL_NAME",
    "INVALID_LABEL_NAME",
    "MISSING_TRANSITION_TARGET",
    "TOO_DEEPLY_NESTED",
    "NO_DOLLAR",
    "NO_PATH",
    "PASS_RESULT_IS_STATIC",
];

#[test]
fn validate_state_machine_definition_answers_in_the_api_references_format() {
    let server = server();
    let missing = ok(
        &server,
        "ValidateStateMachineDefinition",
        &json!({"definition": r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}"#}),
    );
    assert_eq!(missing["result"], "FAIL");
    assert_eq!(missing["truncated"], false);
    let first = &missing["diagnostics"][0];
    assert_eq!(
        (&first["severity"], &first["code"], &first["location"]),
        (
            &json!("ERROR"),
            &json!("MISSING_TRANSITION_TARGET"),
            &json!("/States/A/Next")
        ),
        "{missing}"
    );
    // Problems only this project's validator names (an empty Choices, a bad JSONPath, a
    // Wait with two durations, …) are reported under the service's codes; nothing but the
    // service's keys.
    for definition in [
        r#"{"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": []}}}"#,
        r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "InputPath": "$..[", "End": true}}}"#,
        r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1, "SecondsPath": "$.s", "End": true}}}"#,
        r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"a.$": "$.x"}, "End": true}}}"#,
        "{",
        "{}",
    ] {
        let answer = ok(
            &server,
            "ValidateStateMachineDefinition",
            &json!({"definition": definition, "severity": "WARNING"}),
        );
        let diagnostics = answer["diagnostics"].as_array().expect("diagnostics");
        assert!(!diagnostics.is_empty(), "{definition}: {answer}");
        for d in diagnostics {
            let code = d["code"].as_str().expect("a code");
            assert!(AWS_CODES.contains(&code), "{definition}: {code}");
            assert!(
                d["severity"] == "ERROR" || d["severity"] == "WARNING",
                "{definition}: {d}"
            );
            assert!(d["message"].is_string(), "{definition}: {d}");
            let keys: Vec<&String> = d.as_object().expect("an object").keys().collect();
            assert!(
                keys.iter()
                    .all(|k| ["severity", "code", "message", "location"].contains(&k.as_str())),
                "{d}"
            );
            if let Some(location) = d["location"].as_str() {
                assert!(location.starts_with('/'), "a JSON pointer: {d}");
            }
        }
    }
}

#[test]
fn a_definition_over_one_mebibyte_is_a_validation_exception_for_every_operation_taking_one() {
    let server = server();
    // A valid definition padded past 1 MiB with a Comment.
    let padded = format!(
        r#"{{"Comment": "{}", "StartAt": "P", "States": {{"P": {{"Type": "Pass", "End": true}}}}}}"#,
        "c".repeat(1024 * 1024)
    );
    let expected = (
        "ValidationException".to_owned(),
        "1 validation error detected: Value at 'definition' failed to satisfy constraint: Member must have length less than or equal to 1048576".to_owned(),
    );
    for (operation, request) in [
        (
            "ValidateStateMachineDefinition",
            json!({"definition": padded}),
        ),
        (
            "CreateStateMachine",
            json!({"name": "Big", "definition": padded, "roleArn": ROLE}),
        ),
        ("TestState", json!({"definition": padded})),
    ] {
        assert_eq!(
            call(&server, operation, &request).error(),
            expected,
            "{operation}"
        );
    }
}

/// The execution `arn` once it has finished (within 30 s).
fn finished(server: &Server, arn: &Value) -> Value {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let described = ok(server, "DescribeExecution", &json!({"executionArn": arn}));
        if described["status"] != "RUNNING" {
            return described;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{arn} still runs: {described}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

// ---- JSONata's $base64decode ----

#[test]
fn base64decode_of_text_that_is_not_base64_fails_the_state_as_on_aws() {
    let server = server();
    let definition = r#"{"QueryLanguage": "JSONata", "StartAt": "D", "States": {"D": {"Type": "Pass",
        "Output": "{% $base64decode($states.input.s) %}", "End": true}}}"#;
    ok(
        &server,
        "CreateStateMachine",
        &json!({"name": "Decode", "definition": definition, "roleArn": ROLE}),
    );
    let run = |s: &str| {
        let started = ok(
            &server,
            "StartExecution",
            &json!({"stateMachineArn": machine_arn("Decode"), "input": json!({"s": s}).to_string()}),
        );
        finished(&server, &started["executionArn"])
    };
    let good = run("aGk");
    assert_eq!(
        (&good["status"], &good["output"]),
        (&json!("SUCCEEDED"), &json!("\"hi\"")),
        "{good}"
    );
    for bad in ["!!!", "aGk=\n", "a"] {
        let failed = run(bad);
        assert_eq!(failed["status"], "FAILED", "{bad:?}: {failed}");
        assert_eq!(
            failed["error"], "States.QueryEvaluationError",
            "{bad:?}: {failed}"
        );
    }
}

// ---- DeleteStateMachine ----

/// A machine whose first task waits for a callback (its token in the message), then a Pass.
const ASKER: &str = r#"{"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
    "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
    "Parameters": {"QueueUrl": "q", "MessageBody": {"t.$": "$$.Task.Token"}}, "Next": "Done"},
    "Done": {"Type": "Pass", "End": true}}}"#;

/// The task token the execution `arn`'s waiting task sent, read from its `TaskScheduled`.
fn sent_token(server: &Server, arn: &Value) -> String {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let history = ok(server, "GetExecutionHistory", &json!({"executionArn": arn}));
        let scheduled = history["events"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|e| e["type"] == "TaskScheduled");
        if let Some(event) = scheduled {
            let parameters: Value = serde_json::from_str(
                event["taskScheduledEventDetails"]["parameters"]
                    .as_str()
                    .unwrap_or_default(),
            )
            .expect("parameters are JSON");
            return parameters["MessageBody"]["t"]
                .as_str()
                .expect("a token")
                .to_owned();
        }
        assert!(std::time::Instant::now() < deadline, "{arn}: no task yet");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_deleted_machine_is_deleting_until_its_executions_fail_at_their_next_transition() {
    // The API reference, DeleteStateMachine: "It sets the state machine's status to DELETING
    // and begins the deletion process. A state machine is deleted only when all its
    // executions are completed. On the next state transition, the state machine's executions
    // are terminated." AWS's knowledge center on machines stuck in DELETING: the executions
    // fail with `States.Runtime`, "State machine NAME has been deleted."
    let server = server();
    let create = json!({"name": "Asker", "definition": ASKER, "roleArn": ROLE});
    ok(&server, "CreateStateMachine", &create);
    let published = ok(
        &server,
        "PublishStateMachineVersion",
        &json!({"stateMachineArn": machine_arn("Asker")}),
    );
    let mut arns = Vec::new();
    for target in [
        machine_arn("Asker"),
        published["stateMachineVersionArn"]
            .as_str()
            .expect("a version")
            .to_owned(),
    ] {
        let started = ok(
            &server,
            "StartExecution",
            &json!({"stateMachineArn": target}),
        );
        arns.push(started["executionArn"].clone());
    }
    let tokens: Vec<String> = arns.iter().map(|arn| sent_token(&server, arn)).collect();
    let machine = json!({"stateMachineArn": machine_arn("Asker")});
    ok(&server, "DeleteStateMachine", &machine);
    // DELETING while the executions wait for their tasks' answers; nothing new starts, and
    // the name cannot be taken again yet (`StateMachineDeleting`).
    let described = ok(&server, "DescribeStateMachine", &machine);
    assert_eq!(described["status"], "DELETING", "{described}");
    let version = json!({"stateMachineArn": published["stateMachineVersionArn"]});
    let described = ok(&server, "DescribeStateMachine", &version);
    assert_eq!(
        described["status"], "DELETING",
        "its version too: {described}"
    );
    for arn in &arns {
        let running = ok(&server, "DescribeExecution", &json!({"executionArn": arn}));
        assert_eq!(running["status"], "RUNNING", "{running}");
    }
    assert_eq!(
        call(&server, "StartExecution", &machine).error(),
        (
            "StateMachineDeleting".to_owned(),
            "State Machine is being deleted".to_owned()
        )
    );
    assert_eq!(
        call(&server, "CreateStateMachine", &create).error().0,
        "StateMachineDeleting"
    );
    assert_eq!(
        call(
            &server,
            "UpdateStateMachine",
            &json!({"stateMachineArn": machine_arn("Asker"), "definition": PASS})
        )
        .error()
        .0,
        "StateMachineDeleting"
    );
    // Each task's answer is taken; the transition to `Done` fails the execution.
    for (arn, token) in arns.iter().zip(&tokens) {
        ok(
            &server,
            "SendTaskSuccess",
            &json!({"taskToken": token, "output": "{}"}),
        );
        let ended = finished(&server, arn);
        assert_eq!(ended["status"], "FAILED", "{ended}");
        assert_eq!(ended["error"], "States.Runtime", "{ended}");
        assert_eq!(
            ended["cause"], "State machine Asker has been deleted.",
            "{ended}"
        );
        let history = ok(
            &server,
            "GetExecutionHistory",
            &json!({"executionArn": arn}),
        );
        let entered: Vec<&Value> = history["events"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e.get("stateEnteredEventDetails"))
            .map(|d| &d["name"])
            .collect();
        assert_eq!(entered, [&json!("Ask")], "`Done` is never entered");
    }
    // Its executions ended: the machine is gone.
    let gone = call(&server, "DescribeStateMachine", &machine);
    assert_eq!(gone.error().0, "StateMachineDoesNotExist");
    let start = call(&server, "StartExecution", &machine);
    assert_eq!(start.error().0, "StateMachineDoesNotExist");
    // Created again under the name, the machine lists the old machine's executions.
    ok(&server, "CreateStateMachine", &create);
    let listed = ok(&server, "ListExecutions", &machine);
    let mut names: Vec<&Value> = listed["executions"]
        .as_array()
        .expect("executions")
        .iter()
        .map(|e| &e["executionArn"])
        .collect();
    names.sort_by_key(|v| v.to_string());
    let mut expected: Vec<&Value> = arns.iter().collect();
    expected.sort_by_key(|v| v.to_string());
    assert_eq!(names, expected, "{listed}");
}

#[test]
fn a_machine_without_running_executions_is_deleted_at_once() {
    let server = server();
    let machine = json!({"stateMachineArn": machine_arn("Idle")});
    ok(
        &server,
        "CreateStateMachine",
        &json!({"name": "Idle", "definition": PASS, "roleArn": ROLE}),
    );
    assert_eq!(
        ok(&server, "DescribeStateMachine", &machine)["status"],
        "ACTIVE"
    );
    ok(&server, "DeleteStateMachine", &machine);
    let gone = call(&server, "DescribeStateMachine", &machine);
    assert_eq!(gone.error().0, "StateMachineDoesNotExist");
}

// ---- InvalidDefinition's codes ----

#[test]
fn refused_definitions_name_the_services_codes_only() {
    // The API reference lists the service's error codes (ValidateStateMachineDefinitionDiagnostic:
    // "List of error codes"); every other structural problem is `SCHEMA_VALIDATION_FAILED`
    // ("Schema validation reported errors"), in CreateStateMachine's and TestState's
    // `InvalidDefinition` as in ValidateStateMachineDefinition's diagnostics. A lone state under
    // test is `StateName` in the pointers (recorded on AWS: `/States/StateName/Branches`).
    let server = server();
    let empty_branches = r#"{"Type": "Parallel", "Branches": [], "End": true}"#;
    let unknown_type = r#"{"Type": "Bogus", "End": true}"#;
    for (state, field) in [(empty_branches, "Branches"), (unknown_type, "Type")] {
        let machine = format!(r#"{{"StartAt": "S", "States": {{"S": {state}}}}}"#);
        let (error, message) = call(
            &server,
            "CreateStateMachine",
            &json!({"name": "Refused", "definition": machine, "roleArn": ROLE}),
        )
        .error();
        assert_eq!(error, "InvalidDefinition");
        assert!(
            message.starts_with("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: ")
                && message.ends_with(&format!(" at /States/S/{field}'")),
            "{message}"
        );
        let (error, message) = call(&server, "TestState", &json!({"definition": state})).error();
        assert_eq!(error, "InvalidDefinition");
        assert!(
            message.starts_with("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: ")
                && message.ends_with(&format!(" at /States/StateName/{field}'")),
            "{message}"
        );
    }
}

// ---- TestState's mocks ----

#[test]
fn test_state_checks_a_mocked_result_under_its_field_validation_mode() {
    // The API reference, MockInput.fieldValidationMode: "STRICT: All required fields must be
    // present, and all present fields must conform to the API's schema. PRESENT: All present
    // fields must conform to the API's schema. NONE: No validation is performed." AWS's
    // refusals recorded in LocalStack's `test_field_validation_mode` snapshots.
    let server = server();
    let start = r#"{"Type": "Task", "Resource": "arn:aws:states:::states:startExecution",
        "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:T"},
        "End": true}"#;
    let test = |result: Value, mode: Option<&str>| {
        let mut mock = json!({"result": result.to_string()});
        if let (Some(mode), Some(m)) = (mode, mock.as_object_mut()) {
            m.insert("fieldValidationMode".into(), mode.into());
        }
        call(
            &server,
            "TestState",
            &json!({"definition": start, "roleArn": ROLE, "mock": mock}),
        )
    };
    assert_eq!(
        test(json!({}), None).error(),
        (
            "ValidationException".to_owned(),
            "Mock result schema validation error: Required field 'ExecutionArn' is missing"
                .to_owned()
        )
    );
    let wrong_type = json!({"ExecutionArn": "a", "StartDate": true});
    assert_eq!(
        test(wrong_type.clone(), Some("PRESENT")).error().1,
        "Mock result schema validation error: Field 'StartDate' must be a string"
    );
    assert_eq!(
        test(json!({}), Some("PRESENT")).json()["status"],
        "SUCCEEDED"
    );
    assert_eq!(test(wrong_type, Some("NONE")).json()["status"], "SUCCEEDED");
    assert_eq!(
        test(json!({}), Some("LOOSE")).error().0,
        "ValidationException"
    );
    // A value outside the API model's ranges and lengths is refused in STRICT and in PRESENT
    // mode alike (AWS's answers recorded in LocalStack's `test_field_validation_mode` and
    // `…_present` snapshots; `GetFunction`'s `MemorySize` at least 128, KMS `Encrypt`'s
    // `CiphertextBlob` at least 1 byte). The recorded `MemorySize` of 10241 "exceeds the
    // maximum value" in both modes; the pinned model (botocore 1.44.5) allows 32768 since, so
    // those two recorded answers still disagree, and 32769 stands for them here.
    let get_function = r#"{"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:lambda:getFunction",
        "Parameters": {"FunctionName": "f"}, "End": true}"#;
    let encrypt = r#"{"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:kms:encrypt",
        "Parameters": {"KeyId": "k", "Plaintext": "p"}, "End": true}"#;
    for mode in ["STRICT", "PRESENT"] {
        let refused = |state: &str, result: Value| {
            let mock = json!({"result": result.to_string(), "fieldValidationMode": mode});
            let answer = call(
                &server,
                "TestState",
                &json!({"definition": state, "roleArn": ROLE, "mock": mock}),
            );
            let (name, message) = answer.error();
            assert_eq!(name, "ValidationException", "{mode}: {message}");
            message
                .strip_prefix("Mock result schema validation error: Field ")
                .unwrap_or(&message)
                .to_owned()
        };
        let memory = |size: u32| json!({"Configuration": {"MemorySize": size}});
        assert_eq!(
            refused(get_function, memory(127)),
            "'MemorySize' is less than the minimum value"
        );
        assert_eq!(
            refused(get_function, memory(32_769)),
            "'MemorySize' exceeds the maximum value"
        );
        assert_eq!(
            refused(encrypt, json!({"CiphertextBlob": ""})),
            "'CiphertextBlob' is smaller than the minimum length"
        );
    }
}

// ---- Nesting ----

/// `{"a": {"a": … 1 …}}`, `depth` objects deep.
fn nested(depth: usize) -> String {
    format!("{}1{}", r#"{"a": "#.repeat(depth), "}".repeat(depth))
}

#[test]
fn an_input_may_nest_as_deep_as_a_state_may_output_and_no_deeper() {
    let server = server();
    // The state wraps its input one level deeper.
    let definition = r#"{"StartAt": "Wrap", "States": {"Wrap": {"Type": "Pass",
        "Parameters": {"a.$": "$"}, "End": true}}}"#;
    ok(
        &server,
        "CreateStateMachine",
        &json!({"name": "Wrap", "definition": definition, "roleArn": ROLE}),
    );
    // 998 levels in (past serde_json's 128), 999 out: both within the one limit, 1000.
    let started = ok(
        &server,
        "StartExecution",
        &json!({"stateMachineArn": machine_arn("Wrap"), "input": nested(998)}),
    );
    let done = finished(&server, &started["executionArn"]);
    assert_eq!(done["status"], "SUCCEEDED", "{done}");
    let output = done["output"].as_str().expect("an output");
    assert_eq!(output.matches('{').count(), 999);
    // Deeper than any JSON the engine holds: refused as input that is not JSON is.
    let refused = call(
        &server,
        "StartExecution",
        &json!({"stateMachineArn": machine_arn("Wrap"), "input": nested(1001)}),
    );
    let (name, message) = refused.error();
    assert_eq!(name, "InvalidExecutionInput");
    assert!(message.contains("1000 levels"), "{message}");
}

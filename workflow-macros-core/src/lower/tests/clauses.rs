//! Clauses: which kinds take them, unknown and repeated ones, retry and catch.

use super::{has_error, only_error, state};
use serde_json::json;

#[test]
fn retry_and_catch() {
    assert_eq!(
        state(
            r#"T: lambda::invoke
               retry ["States.TaskFailed", Custom.Error] (interval = 15, max_attempts = 2, backoff = 4.0, max_delay = 30, jitter = full, comment = "r")
               retry [States.ALL] (jitter = none)
               catch [States.Timeout] (result_path = $.error, comment = "c") assign { failed: true } => Fallback
               catch [States.ALL] (result_path = null) => Fallback
               -> Done;
               Fallback: pass -> Done;
               Done: succeed;"#,
            "T"
        ),
        json!({
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Retry": [
                { "ErrorEquals": ["States.TaskFailed", "Custom.Error"], "IntervalSeconds": 15, "MaxAttempts": 2, "BackoffRate": 4.0, "MaxDelaySeconds": 30, "JitterStrategy": "FULL", "Comment": "r" },
                { "ErrorEquals": ["States.ALL"], "JitterStrategy": "NONE" }
            ],
            "Catch": [
                { "ErrorEquals": ["States.Timeout"], "Next": "Fallback", "ResultPath": "$.error", "Assign": { "failed": true }, "Comment": "c" },
                { "ErrorEquals": ["States.ALL"], "Next": "Fallback", "ResultPath": null }
            ],
            "Next": "Done"
        })
    );
    let jsonata = state(
        r#"T: lambda::invoke query_language = jsonata catch [States.ALL] (output = { e: $.x }) => D -> D; D: succeed;"#,
        "T",
    );
    assert_eq!(
        jsonata["Catch"],
        json!([{ "ErrorEquals": ["States.ALL"], "Next": "D", "Output": { "e": "{% $states.input.x %}" } }])
    );
}

#[test]
fn clauses_a_kind_does_not_take() {
    only_error(
        "pub W { P: pass retry [States.ALL] (max_attempts = 1); }",
        "`retry` is not allowed on a pass state; only task, parallel and map states retry",
        "retry",
        0,
    );
    only_error(
        "pub W { F: fail input_path = $.x; }",
        "`input_path` is not allowed on a fail state; every state but fail takes it",
        "input_path",
        0,
    );
    only_error(
        "pub W { W1: wait(seconds = 1) timeout = 3; }",
        "`timeout` is not allowed on a wait state; only task states time out",
        "timeout",
        0,
    );
    only_error(
        "pub W { S: succeed catch [States.ALL] => S; }",
        "`catch` is not allowed on a succeed state; only task, parallel and map states catch errors",
        "catch",
        0,
    );
}

#[test]
fn unknown_and_repeated_clauses() {
    only_error(
        "pub W { T: lambda::invoke retyr = 3; }",
        "unknown clause `retyr`; did you mean `retry`?",
        "retyr",
        0,
    );
    only_error(
        "pub W { T: lambda::invoke timeout = 3 timeout = 4; }",
        "`timeout` is given twice; remove one",
        "timeout",
        1,
    );
    only_error(
        "pub W { T: lambda::invoke { a: 1 } parameters { b: 2 }; }",
        "`parameters` repeats the state's body `{ … }`, which already gives its parameters; keep one",
        "parameters",
        0,
    );
    has_error(
        "pub W { T: lambda::invoke retry [States.ALL] (intervall = 1); }",
        "unknown argument `intervall` of `retry`; did you mean `interval`?",
        "intervall",
        0,
    );
    only_error(
        "pub W { T: lambda::invoke retry [States.ALL] (jitter = ful); }",
        "unknown `jitter` `ful`; did you mean `full`?",
        "ful",
        0,
    );
    only_error(
        "pub W { T: lambda::invoke retry [States.ALL] (interval); }",
        "`interval` needs a value, e.g. `interval = …`",
        "interval",
        0,
    );
}

#[test]
fn promoted_warnings() {
    // RESERVED_ERROR_NAME is a warning of the validator and an error here, on the name.
    only_error(
        r#"pub W { T: lambda::invoke retry [States.Timeuot] (max_attempts = 1); }"#,
        "error name `States.Timeuot` uses the `States.` prefix, which is reserved for the predefined errors; did you mean `States.Timeout`?",
        "States.Timeuot",
        0,
    );
    // Written as a string, a custom name in the `States.` namespace is taken as meant (real
    // definitions throw `States.QuorumMet` from fail states and catch it).
    let quoted = super::run(
        r#"pub W { T: lambda::invoke retry ["States.QuorumMet"] (max_attempts = 1) catch ["States.QuorumMet"] => D; D: succeed; }"#,
    );
    assert!(
        quoted.errors.is_empty(),
        "{:?}",
        quoted
            .errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    );
    // ERROR_NEVER_RAISED likewise (issue 91), on the name, with the nearest name raised.
    only_error(
        r#"pub W { T: ecs::run_task.sync { Cluster: "c", TaskDefinition: "t" } retry [ECS.AmazonECSExeption] (max_attempts = 1); }"#,
        "error name `ECS.AmazonECSExeption` is not one a `ecs:runTask.sync` Task raises; did you mean `ECS.AmazonECSException`?",
        "ECS.AmazonECSExeption",
        0,
    );
    // Written as a string it is taken as meant (AWS accepts it; `workflow import` writes a
    // file's names a Task never raises so), the misspelt path refused.
    let src = r#"pub W { T: dynamodb::get_item { TableName: "t", Key: {} } retry ["DynamoDb.ThrottlingException", "Custom.Name"] (max_attempts = 1); }"#;
    assert!(super::run(src).errors.is_empty());
    let src = r#"pub W { T: dynamodb::get_item { TableName: "t", Key: {} } retry [DynamoDb.ThrottlingException] (max_attempts = 1); }"#;
    let errors: Vec<String> = super::run(src)
        .errors
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        errors,
        [
            "error name `DynamoDb.ThrottlingException` is not one a `dynamodb:getItem` Task raises; did you mean `DynamoDB.ThrottlingException`?"
        ]
    );
    // A Lambda function raises any name.
    assert!(
        super::run(r#"pub W { T: lambda::invoke { FunctionName: "f" } retry [Payment.Declined] (max_attempts = 1); }"#)
            .errors
            .is_empty()
    );
    // UNDEFINED_VARIABLE likewise, on the value that reads it.
    let src = "pub W { P: pass { x: $nope }; }";
    let errors = super::run(src).errors;
    assert_eq!(
        errors.len(),
        1,
        "{:?}",
        errors.iter().map(ToString::to_string).collect::<Vec<_>>()
    );
    let start = errors[0].span().start();
    assert_eq!((start.line, start.column), super::position(src, "$nope", 0));
}

#[test]
fn validator_errors_on_clauses_land_on_their_values() {
    let src = "pub W { T: lambda::invoke timeout = 0; }";
    let errors = super::run(src).errors;
    assert_eq!(
        errors.len(),
        1,
        "{:?}",
        errors.iter().map(ToString::to_string).collect::<Vec<_>>()
    );
    let start = errors[0].span().start();
    assert_eq!((start.line, start.column), super::position(src, "0", 0));
    // A JSONPath-only clause in a JSONata state: the validator's message, on the clause's value.
    let src = "pub W { query_language = jsonata; P: pass result_path = $.x; }";
    let errors = super::run(src).errors;
    assert_eq!(
        errors.len(),
        1,
        "{:?}",
        errors.iter().map(ToString::to_string).collect::<Vec<_>>()
    );
    let start = errors[0].span().start();
    assert_eq!((start.line, start.column), super::position(src, "$.x", 0));
}

#[test]
fn jsonata_clauses() {
    assert_eq!(
        state(
            r#"T: lambda::invoke query_language = jsonata arguments { FunctionName: "f", Payload: input.p }
               assign { last: $.r, n: "{% $states.result.Payload.n %}" } output = $.r comment = "c";"#,
            "T"
        ),
        json!({
            "Type": "Task",
            "Comment": "c",
            "QueryLanguage": "JSONata",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Arguments": { "FunctionName": "f", "Payload": "{% $states.context.Execution.Input.p %}" },
            "Output": "{% $states.input.r %}",
            "Assign": { "last": "{% $states.input.r %}", "n": "{% $states.result.Payload.n %}" },
            "End": true
        })
    );
}

/// Issue 91's "still open": an intrinsic's argument read on a Catch path is typed as on any
/// other way in: the error output `{Error, Cause}` (two strings) where the Catcher puts it,
/// the state's input it hands on, a variable its `assign` sets, nested calls, a Map's
/// `item_selector`, a way that only the Catcher gives a type the function does not take.
#[test]
fn intrinsic_arguments_are_typed_on_catch_paths() {
    let call = r#""Call": lambda::invoke { FunctionName: "f", Payload: {} }"#;
    let cases = [
        format!(r#"pub W {{ {call} catch [States.ALL] (result_path = $.error) => "Add" -> "Done"; "Add": pass {{ x: States.MathAdd($.error.Cause, 1) }}; "Done": succeed; }}"#),
        format!(r#"pub W {{ {call} catch [States.ALL] => "Add" -> "Done"; "Add": pass {{ x: States.MathAdd($.Cause, 1) }}; "Done": succeed; }}"#),
        format!(r#"pub W {{ input {{ n: string }} {call} result_path = $.r catch [States.ALL] (result_path = $.error) => "Add" -> "Done"; "Add": pass {{ x: States.MathAdd($.n, 1) }}; "Done": succeed; }}"#),
        format!(r#"pub W {{ {call} catch [States.ALL] assign {{ c: $.Cause }} => "Add" -> "Done"; "Add": pass {{ x: States.MathAdd($c, 1) }}; "Done": succeed; }}"#),
        format!(r#"pub W {{ {call} catch [States.ALL] assign {{ c: States.MathAdd($.Cause, 1) }} => "Done" -> "Done"; "Done": succeed; }}"#),
        format!(r#"pub W {{ {call} catch [States.ALL] (result_path = $.error) => "Add" -> "Done"; "Add": pass {{ x: States.Format("{{}}", States.MathAdd(1, $.error.Error)) }}; "Done": succeed; }}"#),
        format!(r#"pub W {{ {call} catch [States.ALL] (result_path = $.error) => "Add" -> "Done"; "Add": map(items = $.xs) {{ "I": pass; }} item_selector {{ x: States.MathAdd($.error.Cause, 1) }}; "Done": succeed; }}"#),
        format!(r#"pub W {{ input {{ n: number }} {call} result_path = $.r catch [States.ALL] (result_path = $.n) => "Add" -> "Add"; "Add": pass {{ x: States.MathAdd($.n, 1) }}; }}"#),
        r#"pub W { "Par": parallel { branch { "B": pass; } } catch [States.ALL] (result_path = $.error) => "Add" -> "Done"; "Add": pass { x: States.MathAdd($.error.Cause, 1) }; "Done": succeed; }"#.to_owned(),
    ];
    for src in &cases {
        let errors: Vec<String> = super::run(src)
            .errors
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(
            errors.len() == 1 && errors[0].contains("of `States.MathAdd` must be a number, but `"),
            "{src}: {errors:#?}"
        );
    }
    // The execution's input is not on the Catch path: `input.n` stays a number.
    let src = format!(
        r#"pub W {{ input {{ n: number }} {call} catch [States.ALL] (result_path = $.n) => "Add" -> "Add"; "Add": pass {{ x: States.MathAdd(input.n, 1) }}; }}"#
    );
    assert!(super::run(&src).errors.is_empty());
}

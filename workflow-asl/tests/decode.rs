//! Decoding: unknown fields, wrong types and missing fields are reported at their JSON
//! pointer with what is expected there; every problem of a document at once; no spurious
//! follow-up errors after a missing required field.

use workflow_asl::json::MAX_DEPTH;
use workflow_asl::{Code, StateMachine};

fn problems(text: &str) -> Vec<(String, String)> {
    match StateMachine::from_json(text) {
        Ok(_) => Vec::new(),
        Err(e) => e
            .diagnostics
            .into_iter()
            .map(|d| (d.pointer.as_str().to_owned(), d.message))
            .collect(),
    }
}

fn one_state(state: &str) -> String {
    format!(r#"{{"StartAt": "X", "States": {{"X": {state}}}}}"#)
}

#[test]
fn a_missing_required_field_is_the_only_error() {
    for (state, pointer, fragment) in [
        (
            r#"{"Type": "Task", "Comment": "c", "TimeoutSeconds": 5, "Retry": [], "End": true}"#,
            "/States/X",
            "needs `Resource`",
        ),
        (
            r#"{"Type": "Choice", "Comment": "c", "Default": "X", "OutputPath": "$"}"#,
            "/States/X",
            "needs `Choices`",
        ),
        (
            r#"{"Type": "Map", "ItemsPath": "$.a", "MaxConcurrency": 2, "End": true}"#,
            "/States/X",
            "needs `ItemProcessor`",
        ),
        (
            r#"{"Type": "Wait", "Comment": "c", "OutputPath": "$", "End": true}"#,
            "/States/X",
            "needs one of `Seconds`",
        ),
        (
            r#"{"Type": "Parallel", "ResultPath": "$.r", "Catch": [], "End": true}"#,
            "/States/X",
            "needs `Branches`",
        ),
    ] {
        let found = problems(&one_state(state));
        assert_eq!(found.len(), 1, "{state}: {found:#?}");
        assert_eq!(found[0].0, pointer);
        assert!(found[0].1.contains(fragment), "{}", found[0].1);
    }
}

/// AWS names every missing required field of an object in one diagnostic at the object
/// (`ValidateStateMachineDefinition`'s answers recorded in LocalStack's AWS-validated
/// `test_sfn_api_validation` snapshot: `{}` gives "These fields are required: [States,
/// StartAt]", a definition without `StartAt` "These fields are required: [StartAt]").
#[test]
fn missing_required_fields_are_one_diagnostic_in_aws_words() {
    for (definition, pointer, words) in [
        ("{}", "", "These fields are required: [States, StartAt]"),
        (
            r#"{"States": {"P": {"Type": "Pass", "End": true}}}"#,
            "",
            "These fields are required: [StartAt]",
        ),
        (
            r#"{"StartAt": "P"}"#,
            "",
            "These fields are required: [States]",
        ),
        (
            r#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [{}], "End": true}}}"#,
            "/States/P/Branches/0",
            "These fields are required: [States, StartAt]",
        ),
        (
            r#"{"StartAt": "P", "States": {"P": {"Type": "Task", "End": true}}}"#,
            "/States/P",
            "These fields are required: [Resource]",
        ),
    ] {
        let found = problems(definition);
        assert_eq!(found.len(), 1, "{definition}: {found:#?}");
        assert_eq!(found[0].0, pointer, "{definition}");
        assert!(
            found[0].1.starts_with(words),
            "{definition}: {}",
            found[0].1
        );
    }
}

#[test]
fn every_schema_problem_is_reported_at_once() {
    let text = r#"{
        "StartAt": "A", "Commnt": "typo",
        "States": {
            "A": {"Type": "Pass", "ResultPath": 7, "Next": "B"},
            "B": {"Type": "Taks", "End": true},
            "C": {"Type": "Wait", "Seconds": "soon", "End": true},
            "D": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": "1", "Next": "A"}]}
        }
    }"#;
    let found = problems(text);
    let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/States/A/ResultPath",
            "/States/B/Type",
            "/States/C/Seconds",
            "/States/D/Choices/0/NumericEquals",
            "/Commnt"
        ]
    );
    assert!(
        found[0]
            .1
            .contains("a path string or `null`, found the number `7`"),
        "{}",
        found[0].1
    );
    assert!(
        found[1].1.contains("did you mean `Task`?"),
        "{}",
        found[1].1
    );
    assert!(
        found[2].1.contains("non-negative integer"),
        "{}",
        found[2].1
    );
    assert!(found[3].1.contains("must be a number"), "{}", found[3].1);
    assert!(
        found[4].1.contains("did you mean `Comment`?"),
        "{}",
        found[4].1
    );
}

#[test]
fn misplaced_fields_say_where_they_belong() {
    let found = problems(&one_state(r#"{"Type": "Succeed", "Next": "X"}"#));
    assert!(
        found[0]
            .1
            .contains("only Pass, Task, Wait, Parallel and Map states have it"),
        "{}",
        found[0].1
    );
    let found = problems(&one_state(
        r#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true, "Retry": [{"ErrorEquals": ["X"], "Next": "X"}]}"#,
    ));
    assert_eq!(found[0].0, "/States/X/Retry/0/Next");
    assert!(
        found[0].1.contains("belongs in a Catcher"),
        "{}",
        found[0].1
    );
    let found = problems(&one_state(
        r#"{"Type": "Pass", "Variable": "$.x", "End": true}"#,
    ));
    assert!(
        found[0].1.contains("belongs in a rule of a Choice state"),
        "{}",
        found[0].1
    );
}

#[test]
fn malformed_json_is_located() {
    let e =
        StateMachine::from_json("{\"StartAt\": \"A\", \"States\": {\"A\": [1, 2,]}}").unwrap_err();
    let d = &e.diagnostics[0];
    assert_eq!(d.code, Code::InvalidJsonDescription);
    assert_eq!(d.pointer.as_str(), "/States/A/2");
    assert!(d.message.contains("line 1 column"), "{}", d.message);
}

#[test]
fn deeply_nested_json_is_an_error_not_a_crash() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let text = format!(
        r#"{{"StartAt": "A", "States": {{"A": {{"Type": "Pass", "Result": {deep}, "End": true}}}}}}"#
    );
    let e = StateMachine::from_json(&text).unwrap_err();
    assert_eq!(e.diagnostics.len(), 1);
    let d = &e.diagnostics[0];
    assert_eq!(d.code, Code::InvalidJsonDescription);
    assert!(
        d.message.contains("nest more than 1000 levels"),
        "{}",
        d.message
    );
    // At the first array too deep: the root, `States` and `A` are three levels, so the
    // Result's 998th array is level 1001.
    assert_eq!(d.pointer.segments().count(), MAX_DEPTH);
}

/// A Pass state whose `Result` is `levels` arrays one inside the other: the definition nests
/// `levels + 3` deep (the document, `States` and the state are the first three levels).
fn pass_result_nested(levels: usize) -> String {
    let result = format!("{}{}", "[".repeat(levels), "]".repeat(levels));
    format!(
        r#"{{"StartAt": "A", "States": {{"A": {{"Type": "Pass", "Result": {result}, "End": true}}}}}}"#
    )
}

#[test]
fn a_definition_nests_at_most_max_depth_levels() {
    let at = StateMachine::from_json(&pass_result_nested(MAX_DEPTH - 3)).unwrap();
    assert!(!workflow_asl::has_errors(&at.validate()));
    let again = StateMachine::from_json(&at.to_json()).unwrap();
    assert_eq!(again, at);
    let past = StateMachine::from_json(&pass_result_nested(MAX_DEPTH - 2)).unwrap_err();
    let d = &past.diagnostics[0];
    assert_eq!(d.code, Code::InvalidJsonDescription);
    let pointer = format!("/States/A/Result{}", "/0".repeat(MAX_DEPTH - 3));
    assert_eq!(d.pointer.as_str(), pointer);
    assert!(d.message.contains("line 1 column"), "{}", d.message);
}

#[test]
fn a_value_built_in_memory_is_held_to_the_same_depth() {
    let value = |levels: usize| {
        let mut result = serde_json::json!([]);
        for _ in 1..levels {
            result = serde_json::Value::Array(vec![result]);
        }
        let mut state = serde_json::json!({"Type": "Pass", "End": true});
        state["Result"] = result;
        let mut machine = serde_json::json!({"StartAt": "A", "States": {}});
        machine["States"]["A"] = state;
        machine
    };
    assert!(StateMachine::from_value(&value(MAX_DEPTH - 3)).is_ok());
    let e = StateMachine::from_value(&value(MAX_DEPTH - 2)).unwrap_err();
    assert_eq!(e.diagnostics.len(), 1);
    let d = &e.diagnostics[0];
    assert_eq!(d.code, Code::InvalidJsonDescription);
    assert_eq!(
        d.pointer.as_str(),
        format!("/States/A/Result{}", "/0".repeat(MAX_DEPTH - 3))
    );
    assert!(
        d.message.contains("nest more than 1000 levels"),
        "{}",
        d.message
    );
}

#[test]
fn serde_round_trip() {
    let text =
        r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": 1.5e300, "End": true}}}"#;
    let machine: StateMachine = serde_json::from_str(text).unwrap();
    let back = serde_json::to_value(&machine).unwrap();
    assert_eq!(
        back,
        serde_json::from_str::<serde_json::Value>(text).unwrap()
    );
    let bad: Result<StateMachine, _> = serde_json::from_str(r#"{"StartAt": 1, "States": {}}"#);
    assert!(bad.unwrap_err().to_string().contains("/StartAt"));
}

/// A Choice state whose one rule is `Not` around `levels` more `Not`s around a data test: the
/// test is at JSON level `levels + 6` (the document, `States`, the state, `Choices`, the rule
/// and its `Not`).
fn choice_nots(levels: usize) -> String {
    let mut rule = r#"{"Variable": "$.a", "IsPresent": true}"#.to_owned();
    for _ in 0..levels {
        rule = format!(r#"{{"Not": {rule}}}"#);
    }
    format!(
        r#"{{"StartAt": "C", "States": {{"C": {{"Type": "Choice", "Choices": [{{"Not": {rule}, "Next": "D"}}], "Default": "D"}}, "D": {{"Type": "Succeed"}}}}}}"#
    )
}

#[test]
fn choice_rules_nest_as_deep_as_json_may_on_a_test_threads_stack() {
    // Decoding, validating, encoding, comparing and dropping 994 nested rules: each recursion
    // over rules grows its stack on the heap (an unoptimised build overflows 2 MiB without).
    let machine = StateMachine::from_json(&choice_nots(MAX_DEPTH - 6)).unwrap();
    assert!(!workflow_asl::has_errors(&machine.validate()));
    let again = StateMachine::from_json(&machine.to_json()).unwrap();
    assert!(again == machine.clone());
    let e = StateMachine::from_json(&choice_nots(MAX_DEPTH - 5)).unwrap_err();
    assert_eq!(e.diagnostics[0].code, Code::InvalidJsonDescription);
    assert_eq!(
        e.diagnostics[0].pointer.as_str(),
        format!("/States/C/Choices/0{}", "/Not".repeat(MAX_DEPTH - 4))
    );
}

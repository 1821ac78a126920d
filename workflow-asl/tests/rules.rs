//! One test per structural rule of the ASL (the 41 rules of the project's reference, §3),
//! each with a valid and an invalid definition, asserting the diagnostic's code and JSON
//! pointer. Rules with several parts have one case per part.

use workflow_asl::{
    Code, Diagnostic, ExecutionType, Severity, ValidationOptions, check, check_with,
    validate_execution_name, validate_state_machine_name,
};

/// A definition whose first state is `start`, with the given `States` members.
fn def(start: &str, states: &str) -> String {
    format!(r#"{{"StartAt": "{start}", "States": {{ {states} }}}}"#)
}

/// A JSONata definition.
fn jsonata(start: &str, states: &str) -> String {
    format!(r#"{{"QueryLanguage": "JSONata", "StartAt": "{start}", "States": {{ {states} }}}}"#)
}

/// Asserts that `valid` has no diagnostic with `code`, and that `invalid` has one at `pointer`.
fn rule(valid: &str, invalid: &str, code: Code, pointer: &str) -> Diagnostic {
    rule_with(&ValidationOptions::default(), valid, invalid, code, pointer)
}

fn rule_with(
    options: &ValidationOptions,
    valid: &str,
    invalid: &str,
    code: Code,
    pointer: &str,
) -> Diagnostic {
    let ok = check_with(valid, options);
    assert!(
        ok.iter()
            .all(|d| d.code != code && d.severity != Severity::Error),
        "valid case reported problems: {ok:#?}\n{valid}"
    );
    let bad = check_with(invalid, options);
    bad.iter()
        .find(|d| d.code == code && d.pointer.as_str() == pointer)
        .cloned()
        .unwrap_or_else(|| panic!("expected {code} at {pointer}, got {bad:#?}\n{invalid}"))
}

const END: &str = r#""Type": "Succeed""#;

// ---- machine and graph -------------------------------------------------------------------

#[test]
fn r01_start_at_names_a_state() {
    let d = rule(
        &def("A", r#""A": {"Type": "Succeed"}"#),
        &def("B", r#""A": {"Type": "Succeed"}"#),
        Code::MissingTransitionTarget,
        "/StartAt",
    );
    assert!(d.message.contains("`B`"), "{}", d.message);
    rule(
        &def("A", r#""A": {"Type": "Succeed"}"#),
        r#"{"States": {"A": {"Type": "Succeed"}}}"#,
        Code::SchemaValidationFailed,
        "",
    );
}

#[test]
fn r02_state_names_unique_across_branches() {
    let valid = def(
        "P",
        r#""P": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}},
        {"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}]}"#,
    );
    let invalid = def(
        "P",
        r#""P": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}},
        {"StartAt": "P", "States": {"P": {"Type": "Succeed"}}}]}"#,
    );
    rule(
        &valid,
        &invalid,
        Code::DuplicateStateName,
        "/States/P/Branches/1/States/P",
    );
}

#[test]
fn r03_state_name_at_most_80_characters() {
    let long = "x".repeat(81);
    let ok = "y".repeat(80);
    rule(
        &def(&ok, &format!(r#""{ok}": {{{END}}}"#)),
        &def(&long, &format!(r#""{long}": {{{END}}}"#)),
        Code::InvalidStateName,
        &format!("/States/{long}"),
    );
}

#[test]
fn r04_transitions_stay_in_their_scope() {
    let branch = |next: &str| {
        def(
            "P",
            &format!(
                r#""P": {{"Type": "Parallel", "Next": "Done", "Branches": [
            {{"StartAt": "T", "States": {{
                "T": {{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
                       "Catch": [{{"ErrorEquals": ["States.ALL"], "Next": "{next}"}}]}},
                "Handle": {{"Type": "Fail"}}}}}}]}},
            "Done": {{{END}}}"#
            ),
        )
    };
    let d = rule(
        &branch("Handle"),
        &branch("Done"),
        Code::MissingTransitionTarget,
        "/States/P/Branches/0/States/T/Catch/0/Next",
    );
    assert!(
        d.message.contains("branch 0 of Parallel state `P`"),
        "{}",
        d.message
    );
    let d = rule(
        &def(
            "A",
            r#""A": {"Type": "Pass", "Next": "Ship"}, "Ship": {"Type": "Succeed"}"#,
        ),
        &def(
            "A",
            r#""A": {"Type": "Pass", "Next": "Shipp"}, "Ship": {"Type": "Succeed"}"#,
        ),
        Code::MissingTransitionTarget,
        "/States/A/Next",
    );
    assert!(d.message.contains("did you mean `Ship`?"), "{}", d.message);
}

#[test]
fn r05_every_state_reachable() {
    rule(
        &def(
            "A",
            r#""A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}"#,
        ),
        &def(
            "A",
            r#""B": {"Type": "Succeed"}, "A": {"Type": "Pass", "End": true}"#,
        ),
        Code::MissingTransitionTarget,
        "/States/B",
    );
}

/// Issue 64: a misspelt `Next` is one mistake and one error. The states behind it are reached
/// through the state its error suggests, so none of them is reported unreachable, and the
/// data-flow types follow it too: a path misspelt after it is still found, after the cause.
#[test]
fn r05_a_misspelt_next_is_one_error() {
    let states = r#""A": {"Type": "Pass", "Result": {"n": 1}, "Next": "Chekc"},
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "B"}], "Default": "C"},
        "B": {"Type": "Pass", "Next": "C"},
        "C": {"Type": "Pass", "Next": "D"},
        "D": {"Type": "Succeed"}"#;
    let found = check(&def("A", states));
    let errors: Vec<&Diagnostic> = found
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{found:#?}");
    assert_eq!(errors[0].pointer.as_str(), "/States/A/Next");
    assert!(errors[0].message.contains("did you mean `Check`?"));
    let typo = states.replace(r#""Variable": "$.n""#, r#""Variable": "$.m""#);
    let found = check(&def("A", &typo));
    let codes: Vec<(Code, &str)> = found
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.code, d.pointer.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            (Code::MissingTransitionTarget, "/States/A/Next"),
            (Code::PathSelectsNothing, "/States/Check/Choices/0/Variable")
        ],
        "{found:#?}"
    );
    // A target no state's name is close to stays an unknown state, and what nothing reaches
    // then is reported after it.
    let far = states.replace("Chekc", "Elsewhere");
    let found = check(&def("A", &far));
    assert_eq!(found[0].pointer.as_str(), "/States/A/Next", "{found:#?}");
    assert!(
        found[1..]
            .iter()
            .all(|d| d.message.contains("is unreachable")),
        "{found:#?}"
    );
}

#[test]
fn r05_a_state_that_lost_its_next_is_named() {
    // `A` ends the workflow and `B`, written after it, is reached from nowhere: `A` most likely
    // lost its `Next`. One error, at `A`.
    let bad = check(&def(
        "A",
        r#""A": {"Type": "Pass", "End": true}, "B": {"Type": "Pass", "Next": "C"}, "C": {"Type": "Succeed"}"#,
    ));
    let errors: Vec<&Diagnostic> = bad
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{bad:#?}");
    assert_eq!(errors[0].pointer.as_str(), "/States/A/End");
    assert_eq!(
        errors[0].message,
        "state `A` ends the workflow, so `B`, written after it, is unreachable (and the state after it): did `A` lose its `Next`? Give it one to `B`, or remove `B`"
    );
    // A `succeed` written before an unreachable state ends on purpose.
    let bad = check(&def(
        "A",
        r#""A": {"Type": "Succeed"}, "B": {"Type": "Succeed"}"#,
    ));
    assert!(
        bad.iter().any(|d| d.pointer.as_str() == "/States/B"),
        "{bad:#?}"
    );
}

#[test]
fn r06_a_terminal_state_exists() {
    rule(
        &def(
            "A",
            r#""A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "End": true}"#,
        ),
        &def(
            "A",
            r#""A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}"#,
        ),
        Code::MissingEndState,
        "/States",
    );
}

#[test]
fn r06b_no_path_to_a_terminal_state_is_a_warning() {
    let d = rule(
        &def(
            "A",
            r#""A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "Loop"}], "Default": "Done"},
              "Loop": {"Type": "Pass", "Next": "A"}, "Done": {"Type": "Succeed"}"#,
        ),
        &def(
            "A",
            r#""A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "Loop"}], "Default": "Done"},
              "Loop": {"Type": "Pass", "Next": "Loop2"}, "Loop2": {"Type": "Pass", "Next": "Loop"}, "Done": {"Type": "Succeed"}"#,
        ),
        Code::NoPathToEnd,
        "/States/Loop",
    );
    assert_eq!(d.severity, Severity::Warning);
}

#[test]
fn r07_next_or_end() {
    rule(
        &def("A", r#""A": {"Type": "Pass", "End": true}"#),
        &def("A", r#""A": {"Type": "Pass"}, "B": {"Type": "Succeed"}"#),
        Code::MissingNext,
        "/States/A",
    );
    rule(
        &def("A", r#""A": {"Type": "Pass", "End": true}"#),
        &def(
            "A",
            r#""A": {"Type": "Pass", "Next": "B", "End": true}, "B": {"Type": "Succeed"}"#,
        ),
        Code::SchemaValidationFailed,
        "/States/A/End",
    );
    rule(
        &def("A", r#""A": {"Type": "Succeed"}"#),
        &def("A", r#""A": {"Type": "Succeed", "End": true}"#),
        Code::SchemaValidationFailed,
        "/States/A/End",
    );
}

#[test]
fn r08_fields_allowed_per_state_type_and_query_language() {
    let d = rule(
        &def("A", r#""A": {"Type": "Pass", "End": true}"#),
        &def(
            "A",
            r#""A": {"Type": "Pass", "Resource": "x", "End": true}"#,
        ),
        Code::SchemaValidationFailed,
        "/States/A/Resource",
    );
    assert!(d.message.contains("only Task states"), "{}", d.message);
    let d = rule(
        &def("A", r#""A": {"Type": "Pass", "End": true}"#),
        &def("A", r#""A": {"Type": "Pass", "Nxt": "B", "End": true}"#),
        Code::SchemaValidationFailed,
        "/States/A/Nxt",
    );
    assert!(d.message.contains("did you mean `Next`?"), "{}", d.message);
    rule(
        &jsonata(
            "A",
            r#""A": {"Type": "Pass", "Output": "{% $states.input %}", "End": true}"#,
        ),
        &jsonata(
            "A",
            r#""A": {"Type": "Pass", "InputPath": "$.a", "End": true}"#,
        ),
        Code::JsonPathFieldInJsonataState,
        "/States/A/InputPath",
    );
    rule(
        &def(
            "A",
            r#""A": {"Type": "Pass", "OutputPath": "$.a", "End": true}"#,
        ),
        &def(
            "A",
            r#""A": {"Type": "Pass", "Output": {"a": 1}, "End": true}"#,
        ),
        Code::JsonataFieldInJsonPathState,
        "/States/A/Output",
    );
    // A JSONata machine cannot hold a JSONPath state; the state's other-language fields are
    // not reported on top of that (AWS's answer, recorded in floci-io/floci).
    let downgrade = |ql: &str| {
        jsonata(
            "A",
            &format!(
                r#""A": {{"Type": "Pass", "QueryLanguage": "{ql}", "Output": {{"v": "{{% 1 %}}"}}, "End": true}}"#
            ),
        )
    };
    let d = rule(
        &downgrade("JSONata"),
        &downgrade("JSONPath"),
        Code::SchemaValidationFailed,
        "/States/A/QueryLanguage",
    );
    assert!(
        d.message.contains(
            "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine"
        ),
        "{}",
        d.message
    );
    let all = check(&downgrade("JSONPath"));
    assert_eq!(
        all.iter().filter(|d| d.severity == Severity::Error).count(),
        1,
        "{all:#?}"
    );
    // The other way round is allowed, and so are JSONPath states inside it.
    let upgrade = r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "QueryLanguage": "JSONata",
        "Items": "{% [1, 2] %}", "End": true, "ItemProcessor": {"StartAt": "P", "States": {
        "P": {"Type": "Pass", "QueryLanguage": "JSONPath", "InputPath": "$", "End": true}}}}}}"#;
    let d = check(upgrade);
    assert!(d.iter().all(|d| d.severity != Severity::Error), "{d:#?}");
    // A branch or item processor is not a state and takes no `QueryLanguage`.
    let processor = |extra: &str| {
        def(
            "M",
            &format!(
                r#""M": {{"Type": "Map", "End": true, "ItemProcessor": {{{extra}"StartAt": "P", "States": {{"P": {{"Type": "Pass", "End": true}}}}}}}}"#
            ),
        )
    };
    let d = rule(
        &processor(""),
        &processor(r#""QueryLanguage": "JSONata", "#),
        Code::SchemaValidationFailed,
        "/States/M/ItemProcessor",
    );
    assert!(
        d.message.contains("Field 'QueryLanguage' is not supported"),
        "{}",
        d.message
    );
}

#[test]
fn r09_parallel_branches_nonempty_and_self_contained() {
    let one = def(
        "P",
        r#""P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}]}"#,
    );
    rule(
        &one,
        &def(
            "P",
            r#""P": {"Type": "Parallel", "End": true, "Branches": []}"#,
        ),
        Code::EmptyBranches,
        "/States/P/Branches",
    );
    rule(
        &one,
        &def(
            "P",
            r#""P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "A"}}}]}"#,
        ),
        Code::MissingEndState,
        "/States/P/Branches/0/States",
    );
}

// ---- Choice ----------------------------------------------------------------------------------

fn choice(rules: &str) -> String {
    def(
        "C",
        &format!(
            r#""C": {{"Type": "Choice", "Choices": [{rules}], "Default": "D"}}, "D": {{{END}}}"#
        ),
    )
}

const GOOD_RULE: &str = r#"{"Variable": "$.n", "NumericGreaterThan": 3, "Next": "D"}"#;

#[test]
fn r10_choices_nonempty() {
    rule(
        &choice(GOOD_RULE),
        &choice(""),
        Code::EmptyChoices,
        "/States/C/Choices",
    );
}

#[test]
fn r11_rule_next_placement_and_boolean_operands() {
    rule(
        &choice(GOOD_RULE),
        &choice(r#"{"Variable": "$.n", "NumericGreaterThan": 3}"#),
        Code::SchemaValidationFailed,
        "/States/C/Choices/0",
    );
    rule(
        &choice(r#"{"And": [{"Variable": "$.n", "IsPresent": true}], "Next": "D"}"#),
        &choice(r#"{"And": [{"Variable": "$.n", "IsPresent": true, "Next": "D"}], "Next": "D"}"#),
        Code::SchemaValidationFailed,
        "/States/C/Choices/0/And/0/Next",
    );
    rule(
        &choice(GOOD_RULE),
        &choice(r#"{"Or": [], "Next": "D"}"#),
        Code::EmptyBooleanExpression,
        "/States/C/Choices/0/Or",
    );
}

#[test]
fn r12_variable_with_exactly_one_operator() {
    rule(
        &choice(GOOD_RULE),
        &choice(
            r#"{"Variable": "$.n", "NumericGreaterThan": 3, "NumericLessThan": 9, "Next": "D"}"#,
        ),
        Code::SchemaValidationFailed,
        "/States/C/Choices/0/NumericLessThan",
    );
    rule(
        &choice(GOOD_RULE),
        &choice(r#"{"Variable": "n", "IsPresent": true, "Next": "D"}"#),
        Code::InvalidJsonPath,
        "/States/C/Choices/0/Variable",
    );
}

#[test]
fn r13_operand_types() {
    rule(
        &choice(GOOD_RULE),
        &choice(r#"{"Variable": "$.n", "NumericEquals": "3", "Next": "D"}"#),
        Code::SchemaValidationFailed,
        "/States/C/Choices/0/NumericEquals",
    );
    rule(
        &choice(r#"{"Variable": "$.t", "TimestampLessThan": "2026-01-01T00:00:00Z", "Next": "D"}"#),
        &choice(r#"{"Variable": "$.t", "TimestampLessThan": "2026-01-01 00:00", "Next": "D"}"#),
        Code::InvalidTimestamp,
        "/States/C/Choices/0/TimestampLessThan",
    );
    rule(
        &choice(r#"{"Variable": "$.n", "NumericLessThanPath": "$.limit", "Next": "D"}"#),
        &choice(r#"{"Variable": "$.n", "NumericLessThanPath": "$.limits[*]", "Next": "D"}"#),
        Code::InvalidReferencePath,
        "/States/C/Choices/0/NumericLessThanPath",
    );
    rule(
        &choice(r#"{"Variable": "$.s", "StringMatches": "log-*.txt", "Next": "D"}"#),
        &choice(r#"{"Variable": "$.s", "StringMatches": "log-\\d.txt", "Next": "D"}"#),
        Code::InvalidStringMatchesPattern,
        "/States/C/Choices/0/StringMatches",
    );
}

#[test]
fn r14_jsonata_rules_use_condition() {
    let c = |rule: &str| {
        jsonata(
            "C",
            &format!(
                r#""C": {{"Type": "Choice", "Choices": [{rule}], "Default": "D"}}, "D": {{{END}}}"#
            ),
        )
    };
    rule(
        &c(r#"{"Condition": "{% $states.input.n > 3 %}", "Next": "D"}"#),
        &c(GOOD_RULE),
        Code::JsonPathFieldInJsonataState,
        "/States/C/Choices/0/Variable",
    );
    rule(
        &choice(GOOD_RULE),
        &choice(r#"{"Condition": "{% $states.input.n > 3 %}", "Next": "D"}"#),
        Code::JsonataFieldInJsonPathState,
        "/States/C/Choices/0/Condition",
    );
}

// ---- Wait ------------------------------------------------------------------------------------

fn wait(fields: &str) -> String {
    def(
        "W",
        &format!(r#""W": {{"Type": "Wait", {fields}, "End": true}}"#),
    )
}

#[test]
fn r15_wait_exactly_one_duration() {
    rule(
        &wait(r#""Seconds": 3"#),
        &wait(r#""Seconds": 3, "Timestamp": "2026-01-01T00:00:00Z""#),
        Code::SchemaValidationFailed,
        "/States/W/Timestamp",
    );
    rule(
        &wait(r#""Seconds": 3"#),
        &def("W", r#""W": {"Type": "Wait", "End": true}"#),
        Code::SchemaValidationFailed,
        "/States/W",
    );
}

#[test]
fn r16_wait_values() {
    rule(
        &wait(r#""Timestamp": "2026-01-01T00:00:00Z""#),
        &wait(r#""Timestamp": "2026-01-01T00:00:00""#),
        Code::InvalidTimestamp,
        "/States/W/Timestamp",
    );
    rule(
        &wait(r#""Seconds": 0"#),
        &wait(r#""Seconds": -1"#),
        Code::SchemaValidationFailed,
        "/States/W/Seconds",
    );
    rule(
        &wait(r#""SecondsPath": "$.delay""#),
        &wait(r#""SecondsPath": "$.delays[0:2]""#),
        Code::InvalidReferencePath,
        "/States/W/SecondsPath",
    );
}

// ---- Task ------------------------------------------------------------------------------------

fn task(fields: &str) -> String {
    def(
        "T",
        &format!(r#""T": {{"Type": "Task", {fields}, "End": true}}"#),
    )
}

const LAMBDA: &str = r#""Resource": "arn:aws:states:::lambda:invoke""#;

#[test]
fn r17_resource_present_and_recognised() {
    rule(
        &task(LAMBDA),
        &def("T", r#""T": {"Type": "Task", "End": true}"#),
        Code::SchemaValidationFailed,
        "/States/T",
    );
    rule(
        &task(LAMBDA),
        &task(r#""Resource": "MyLambda""#),
        Code::InvalidResource,
        "/States/T/Resource",
    );
    let d = rule(
        &task(LAMBDA),
        &task(r#""Resource": "arn:aws:states:::lamda:invoke""#),
        Code::InvalidResource,
        "/States/T/Resource",
    );
    assert!(d.message.contains("lambda"), "{}", d.message);
}

#[test]
fn r17b_substitutions_are_recognised_not_rejected() {
    let diagnostics = check(&task(r#""Resource": "${ProcessFunctionArn}""#));
    assert!(
        diagnostics.iter().all(|d| !d.is_error()),
        "{diagnostics:#?}"
    );
    let d = diagnostics
        .iter()
        .find(|d| d.code == Code::DeploymentSubstitution)
        .expect("a substitution note");
    assert_eq!(d.pointer.as_str(), "/States/T/Resource");
    assert!(d.message.contains("${ProcessFunctionArn}"), "{}", d.message);
}

#[test]
fn r18_timeouts() {
    let with = |extra: &str| task(&format!("{LAMBDA}, {extra}"));
    rule(
        &with(r#""TimeoutSeconds": 60"#),
        &with(r#""TimeoutSeconds": 60, "TimeoutSecondsPath": "$.t""#),
        Code::SchemaValidationFailed,
        "/States/T/TimeoutSecondsPath",
    );
    rule(
        &with(r#""TimeoutSeconds": 60, "HeartbeatSeconds": 30"#),
        &with(r#""TimeoutSeconds": 60, "HeartbeatSeconds": 60"#),
        Code::HeartbeatNotBelowTimeout,
        "/States/T/HeartbeatSeconds",
    );
    rule(
        &with(r#""TimeoutSeconds": 1"#),
        &with(r#""TimeoutSeconds": 0"#),
        Code::InvalidTimeout,
        "/States/T/TimeoutSeconds",
    );
}

#[test]
fn r19_credentials_is_an_object() {
    let with = |extra: &str| task(&format!("{LAMBDA}, {extra}"));
    rule(
        &with(r#""Credentials": {"RoleArn": "arn:aws:iam::123456789012:role/R"}"#),
        &with(r#""Credentials": "arn:aws:iam::123456789012:role/R""#),
        Code::SchemaValidationFailed,
        "/States/T/Credentials",
    );
}

#[test]
fn r20_integration_pattern_supported() {
    rule(
        &task(r#""Resource": "arn:aws:states:::dynamodb:putItem""#),
        &task(r#""Resource": "arn:aws:states:::dynamodb:putItem.sync""#),
        Code::UnsupportedIntegrationPattern,
        "/States/T/Resource",
    );
    let express = ValidationOptions {
        machine_type: ExecutionType::Express,
        ..ValidationOptions::default()
    };
    // An EXPRESS machine refuses `.sync` as AWS does: `SCHEMA_VALIDATION_FAILED` at the
    // resource (recorded for `.waitForTaskToken` by `ValidateStateMachineDefinition`).
    rule_with(
        &express,
        &task(r#""Resource": "arn:aws:states:::glue:startJobRun""#),
        &task(r#""Resource": "arn:aws:states:::glue:startJobRun.sync""#),
        Code::SchemaValidationFailed,
        "/States/T/Resource",
    );
}

// ---- Retry and Catch -------------------------------------------------------------------------

fn handled(retry: &str, catch: &str) -> String {
    def(
        "T",
        &format!(
            r#""T": {{"Type": "Task", {LAMBDA}, "Retry": [{retry}], "Catch": [{catch}], "End": true}}, "H": {{"Type": "Fail"}}"#
        ),
    )
}

const RETRY: &str = r#"{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 2.0, "MaxDelaySeconds": 30, "JitterStrategy": "FULL"}"#;
const CATCH: &str = r#"{"ErrorEquals": ["States.ALL"], "Next": "H"}"#;

#[test]
fn r21_retry_and_catch_only_on_task_parallel_map() {
    rule(
        &handled(RETRY, CATCH),
        &def("A", r#""A": {"Type": "Pass", "Retry": [], "End": true}"#),
        Code::SchemaValidationFailed,
        "/States/A/Retry",
    );
}

#[test]
fn r22_error_equals_nonempty_and_catcher_next() {
    rule(
        &handled(RETRY, CATCH),
        &handled(r#"{"ErrorEquals": []}"#, CATCH),
        Code::EmptyErrorEquals,
        "/States/T/Retry/0/ErrorEquals",
    );
    rule(
        &handled(RETRY, CATCH),
        &handled(RETRY, r#"{"ErrorEquals": ["States.ALL"]}"#),
        Code::SchemaValidationFailed,
        "/States/T/Catch/0",
    );
}

#[test]
fn r23_states_all_alone_and_last() {
    rule(
        &handled(RETRY, CATCH),
        &handled(
            r#"{"ErrorEquals": ["States.ALL", "States.Timeout"]}"#,
            CATCH,
        ),
        Code::StatesAllNotAlone,
        "/States/T/Retry/0/ErrorEquals/0",
    );
    rule(
        &handled(RETRY, CATCH),
        &handled(
            RETRY,
            &format!(r#"{CATCH}, {{"ErrorEquals": ["States.Timeout"], "Next": "H"}}"#),
        ),
        Code::StatesAllNotLast,
        "/States/T/Catch/0/ErrorEquals/0",
    );
}

#[test]
fn r24_retrier_ranges() {
    rule(
        &handled(RETRY, CATCH),
        &handled(
            r#"{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 0}"#,
            CATCH,
        ),
        Code::InvalidRetrier,
        "/States/T/Retry/0/IntervalSeconds",
    );
    rule(
        &handled(RETRY, CATCH),
        &handled(
            r#"{"ErrorEquals": ["States.TaskFailed"], "BackoffRate": 0.5}"#,
            CATCH,
        ),
        Code::InvalidRetrier,
        "/States/T/Retry/0/BackoffRate",
    );
    rule(
        &handled(RETRY, CATCH),
        &handled(
            r#"{"ErrorEquals": ["States.TaskFailed"], "MaxDelaySeconds": 0}"#,
            CATCH,
        ),
        Code::InvalidRetrier,
        "/States/T/Retry/0/MaxDelaySeconds",
    );
    rule(
        &handled(RETRY, CATCH),
        &handled(
            r#"{"ErrorEquals": ["States.TaskFailed"], "JitterStrategy": "SOME"}"#,
            CATCH,
        ),
        Code::SchemaValidationFailed,
        "/States/T/Retry/0/JitterStrategy",
    );
}

#[test]
fn r25_reserved_error_prefix() {
    let d = rule(
        &handled(RETRY, r#"{"ErrorEquals": ["Custom.Error"], "Next": "H"}"#),
        &handled(
            RETRY,
            r#"{"ErrorEquals": ["States.TaskFailedId"], "Next": "H"}"#,
        ),
        Code::ReservedErrorName,
        "/States/T/Catch/0/ErrorEquals/0",
    );
    assert_eq!(d.severity, Severity::Warning);
}

// ---- Fail ------------------------------------------------------------------------------------

#[test]
fn r26_fail_error_xor_error_path() {
    let fail = |fields: &str| def("F", &format!(r#""F": {{"Type": "Fail", {fields}}}"#));
    rule(
        &fail(r#""Error": "E", "CausePath": "$.cause""#),
        &fail(r#""Error": "E", "ErrorPath": "$.e""#),
        Code::SchemaValidationFailed,
        "/States/F/ErrorPath",
    );
    rule(
        &fail(r#""ErrorPath": "States.Format('E{}', $.n)""#),
        &fail(r#""ErrorPath": "States.ArrayLength($.list)""#),
        Code::InvalidIntrinsic,
        "/States/F/ErrorPath",
    );
}

#[test]
fn r27_fail_has_no_io_fields() {
    rule(
        &def("F", r#""F": {"Type": "Fail", "Error": "E"}"#),
        &def("F", r#""F": {"Type": "Fail", "InputPath": "$.x"}"#),
        Code::SchemaValidationFailed,
        "/States/F/InputPath",
    );
}

// ---- payload templates and paths -------------------------------------------------------------

fn pass_params(params: &str) -> String {
    def(
        "A",
        &format!(r#""A": {{"Type": "Pass", "Parameters": {params}, "End": true}}"#),
    )
}

#[test]
fn r28_dollar_keys_hold_paths_variables_or_intrinsics() {
    let valid = pass_params(
        r#"{"a.$": "$.x", "b.$": "$$.Execution.Id", "c.$": "States.UUID()", "d.$": "$myVar", "e": {"f.$": "$.y"}}"#,
    );
    rule(
        &valid,
        &pass_params(r#"{"a.$": "hello"}"#),
        Code::InvalidJsonPathOrIntrinsic,
        "/States/A/Parameters/a.$",
    );
    rule(
        &valid,
        &pass_params(r#"{"e": [{"f.$": 3}]}"#),
        Code::InvalidJsonPathOrIntrinsic,
        "/States/A/Parameters/e/0/f.$",
    );
}

#[test]
fn r29_no_duplicate_keys_after_stripping() {
    rule(
        &pass_params(r#"{"a.$": "$.x"}"#),
        &pass_params(r#"{"a": 1, "a.$": "$.x"}"#),
        Code::DuplicatePayloadKey,
        "/States/A/Parameters/a.$",
    );
}

#[test]
fn r30_path_fields() {
    let pass = |fields: &str| {
        def(
            "A",
            &format!(r#""A": {{"Type": "Pass", {fields}, "End": true}}"#),
        )
    };
    rule(
        &pass(r#""ResultPath": "$.result""#),
        &pass(r#""ResultPath": "$$.Execution.Id""#),
        Code::InvalidReferencePath,
        "/States/A/ResultPath",
    );
    rule(
        &pass(r#""InputPath": "$.items[?(@.n > 1)]""#),
        &pass(r#""InputPath": "$.items[""#),
        Code::InvalidJsonPath,
        "/States/A/InputPath",
    );
}

#[test]
fn r31_service_warnings() {
    let d = rule(
        &pass_params(r#"{"a.$": "$.x"}"#),
        &pass_params(r#"{"a": "$.x"}"#),
        Code::NoDollar,
        "/States/A/Parameters/a",
    );
    assert_eq!(d.severity, Severity::Warning);
    let d = rule(
        &def(
            "A",
            r#""A": {"Type": "Pass", "Result": {"a": "static"}, "End": true}"#,
        ),
        &def(
            "A",
            r#""A": {"Type": "Pass", "Result": {"a.$": "$.x"}, "End": true}"#,
        ),
        Code::PassResultIsStatic,
        "/States/A/Result/a.$",
    );
    assert_eq!(d.severity, Severity::Warning);
    let d = rule(
        &def("F", r#""F": {"Type": "Fail", "Error": "E"}"#),
        &def("F", r#""F": {"Type": "Fail", "Error": "$.error"}"#),
        Code::NoPath,
        "/States/F/Error",
    );
    assert_eq!(d.severity, Severity::Warning);
}

#[test]
fn r32_intrinsic_functions() {
    let valid =
        pass_params(r#"{"a.$": "States.Format('{} of {}', $.n, States.ArrayLength($.items))"}"#);
    let d = rule(
        &valid,
        &pass_params(r#"{"a.$": "States.Fromat('{}', $.n)"}"#),
        Code::InvalidIntrinsic,
        "/States/A/Parameters/a.$",
    );
    assert!(d.message.contains("States.Format"), "{}", d.message);
    rule(
        &valid,
        &pass_params(r#"{"a.$": "States.Format('{} {}', $.n)"}"#),
        Code::InvalidIntrinsic,
        "/States/A/Parameters/a.$",
    );
    let deep = (0..11).fold("$.x".to_owned(), |acc, _| {
        format!("States.JsonToString({acc})")
    });
    rule(
        &valid,
        &pass_params(&format!(r#"{{"a.$": "{deep}"}}"#)),
        Code::InvalidIntrinsic,
        "/States/A/Parameters/a.$",
    );
}

// ---- Map -------------------------------------------------------------------------------------

fn map(fields: &str) -> String {
    def(
        "M",
        &format!(r#""M": {{"Type": "Map", {fields}, "End": true}}"#),
    )
}

const PROCESSOR: &str =
    r#""ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}}}"#;
const DISTRIBUTED: &str = r#""ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "I", "States": {"I": {"Type": "Succeed"}}}"#;

#[test]
fn r33_map_processor_and_selector_forms() {
    let iterator = r#""Iterator": {"StartAt": "J", "States": {"J": {"Type": "Succeed"}}}"#;
    rule(
        &map(PROCESSOR),
        &map(&format!("{PROCESSOR}, {iterator}")),
        Code::SchemaValidationFailed,
        "/States/M/Iterator",
    );
    rule(
        &map(PROCESSOR),
        &map(&format!(
            r#"{PROCESSOR}, "ItemSelector": {{}}, "Parameters": {{}}"#
        )),
        Code::SchemaValidationFailed,
        "/States/M/Parameters",
    );
    rule(
        &map(PROCESSOR),
        &map(r#""ItemsPath": "$.items""#),
        Code::SchemaValidationFailed,
        "/States/M",
    );
}

#[test]
fn r34_value_xor_path_pairs() {
    rule(
        &map(&format!(r#"{PROCESSOR}, "MaxConcurrency": 2"#)),
        &map(&format!(
            r#"{PROCESSOR}, "MaxConcurrency": 2, "MaxConcurrencyPath": "$.n""#
        )),
        Code::SchemaValidationFailed,
        "/States/M/MaxConcurrencyPath",
    );
}

#[test]
fn r35_map_ranges_and_required_parts() {
    rule(
        &map(&format!(
            r#"{DISTRIBUTED}, "ToleratedFailurePercentage": 100"#
        )),
        &map(&format!(
            r#"{DISTRIBUTED}, "ToleratedFailurePercentage": 150"#
        )),
        Code::InvalidMapConfiguration,
        "/States/M/ToleratedFailurePercentage",
    );
    rule(
        &map(&format!(
            r#"{DISTRIBUTED}, "ItemBatcher": {{"MaxItemsPerBatch": 10}}"#
        )),
        &map(&format!(r#"{DISTRIBUTED}, "ItemBatcher": {{}}"#)),
        Code::InvalidMapConfiguration,
        "/States/M/ItemBatcher",
    );
    rule(
        &map(&format!(
            r#"{DISTRIBUTED}, "ResultWriter": {{"Resource": "arn:aws:states:::s3:putObject", "Parameters": {{"Bucket": "b", "Prefix": "p"}}, "WriterConfig": {{"OutputType": "JSON"}}}}"#
        )),
        &map(&format!(
            r#"{DISTRIBUTED}, "ResultWriter": {{"Resource": "arn:aws:states:::s3:putObject", "WriterConfig": {{"Transformation": "NONE"}}}}"#
        )),
        Code::SchemaValidationFailed,
        "/States/M/ResultWriter/WriterConfig",
    );
}

#[test]
fn r36_labels() {
    rule(
        &map(&format!(r#"{DISTRIBUTED}, "Label": "Process-Items""#)),
        &map(&format!(r#"{DISTRIBUTED}, "Label": "Process Items""#)),
        Code::InvalidLabelName,
        "/States/M/Label",
    );
    let two = |label2: &str| {
        def(
            "M",
            &format!(
                r#""M": {{"Type": "Map", {DISTRIBUTED}, "Label": "L", "Next": "N"}},
            "N": {{"Type": "Map", "ItemProcessor": {{"ProcessorConfig": {{"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}}, "StartAt": "K", "States": {{"K": {{"Type": "Succeed"}}}}}}, "Label": "{label2}", "End": true}}"#
            ),
        )
    };
    rule(
        &two("L2"),
        &two("L"),
        Code::DuplicateLabelName,
        "/States/N/Label",
    );
}

// ---- JSONata and variables -------------------------------------------------------------------

#[test]
fn r37_jsonata_expressions() {
    let pass = |output: &str| {
        jsonata(
            "A",
            &format!(r#""A": {{"Type": "Pass", "Output": {output}, "End": true}}"#),
        )
    };
    rule(
        &pass(r#""{% $states.input.a %}""#),
        &pass(r#""{% $states.input.a""#),
        Code::InvalidJsonata,
        "/States/A/Output",
    );
    rule(
        &pass(r#"{"x": "{% $states.input.a %}"}"#),
        &pass(r#"{"x": "{% $$.Execution.Id %}"}"#),
        Code::UnsupportedJsonataExpression,
        "/States/A/Output/x",
    );
}

#[test]
fn r37b_jsonata_reads_data_only_from_states_and_variables() {
    let pass = |output: &str| {
        jsonata(
            "A",
            &format!(r#""A": {{"Type": "Pass", "Output": {output}, "End": true}}"#),
        )
    };
    let d = rule(
        &pass(r#""{% $states.input.items %}""#),
        &pass(r#""{% items %}""#),
        Code::UnsupportedJsonataExpression,
        "/States/A/Output",
    );
    assert!(d.message.contains("$states.input.items"), "{}", d.message);
    // A lambda's body keeps the top-level context of the place that defines it; a later step
    // of a path does not (`$states.input.xs.($ * 2)` is accepted, as AWS accepts it).
    rule(
        &pass(r#""{% $states.input.xs.($ * 2) %}""#),
        &pass(r#""{% $map($states.input.xs, function($v) { $ * 2 }) %}""#),
        Code::UnsupportedJsonataExpression,
        "/States/A/Output",
    );
    rule(
        &pass(r#""{% $sum($states.input.xs) %}""#),
        &pass(r#""{% $sum(xs) %}""#),
        Code::UnsupportedJsonataExpression,
        "/States/A/Output",
    );
}

#[test]
fn r38_states_result_and_error_output_scoping() {
    let t = |arguments: &str| {
        jsonata(
            "T",
            &format!(
                r#""T": {{"Type": "Task", {LAMBDA}, "Arguments": {arguments}, "Output": "{{% $states.result.Payload %}}", "End": true}}"#
            ),
        )
    };
    rule(
        &t(r#"{"FunctionName": "f", "Payload": "{% $states.input %}"}"#),
        &t(r#"{"FunctionName": "f", "Payload": "{% $states.result %}"}"#),
        Code::InvalidStatesReference,
        "/States/T/Arguments/Payload",
    );
}

#[test]
fn r39_variables() {
    let assign = |names: &str| {
        def(
            "A",
            &format!(r#""A": {{"Type": "Pass", "Assign": {names}, "End": true}}"#),
        )
    };
    rule(
        &assign(r#"{"count": 1}"#),
        &assign(r#"{"1count": 1}"#),
        Code::InvalidVariableName,
        "/States/A/Assign/1count",
    );
    rule(
        &assign(r#"{"count": 1}"#),
        &assign(r#"{"states": 1}"#),
        Code::InvalidVariableName,
        "/States/A/Assign/states",
    );
    rule(
        &def("S", r#""S": {"Type": "Succeed"}"#),
        &def("S", r#""S": {"Type": "Succeed", "Assign": {"x": 1}}"#),
        Code::SchemaValidationFailed,
        "/States/S/Assign",
    );
    let shadow = |inner: &str| {
        def(
            "A",
            &format!(
                r#""A": {{"Type": "Pass", "Assign": {{"total": 0}}, "Next": "P"}},
            "P": {{"Type": "Parallel", "End": true, "Branches": [{{"StartAt": "B", "States": {{
                "B": {{"Type": "Pass", "Assign": {{"{inner}": 1}}, "End": true}}}}}}]}}"#
            ),
        )
    };
    rule(
        &shadow("partial"),
        &shadow("total"),
        Code::VariableShadowsOuterScope,
        "/States/P/Branches/0/States/B/Assign/total",
    );
    // What the Parallel's own Catcher assigns runs after its branches: AWS accepts a branch
    // assigning the same name (LocalStack's `test_parallel_catch_error`,
    // PARALLEL_CATCH_ERROR_VARIABLE_SAMPLING, validated on AWS), unless a loop brings the
    // execution back to the Parallel after the Catcher assigned it.
    let caught = |back: &str| {
        jsonata(
            "P",
            &format!(
                r#""P": {{"Type": "Parallel", "Next": "Done",
                "Branches": [{{"StartAt": "B", "States": {{"B": {{"Type": "Pass", "Assign": {{"inputVar": "{{% $states.input %}}"}}, "End": true}}}}}}],
                "Catch": [{{"ErrorEquals": ["States.ALL"], "Assign": {{"inputVar": "{{% $states.input %}}"}}, "Next": "{back}"}}]}},
            "Fallback": {{"Type": "Pass", "End": true}},
            "Done": {{"Type": "Succeed"}}"#
            ),
        )
    };
    let d = rule(
        &caught("Fallback"),
        &caught("P"),
        Code::VariableShadowsOuterScope,
        "/States/P/Branches/0/States/B/Assign/inputVar",
    );
    assert!(d.message.contains("by state `P`"), "{}", d.message);
    // A state after the Parallel assigns it: not yet there when the branch runs.
    rule(
        &def(
            "P",
            r#""P": {"Type": "Parallel", "Next": "A", "Branches": [{"StartAt": "B", "States": {
                "B": {"Type": "Pass", "Assign": {"total": 1}, "End": true}}}]},
            "A": {"Type": "Pass", "Assign": {"total": 0}, "End": true}"#,
        ),
        &shadow("total"),
        Code::VariableShadowsOuterScope,
        "/States/P/Branches/0/States/B/Assign/total",
    );
}

// ---- names outside the definition and nesting ------------------------------------------------

#[test]
fn r40_state_machine_and_execution_names() {
    assert!(validate_state_machine_name("order-pipeline_v2").is_ok());
    assert_eq!(
        validate_state_machine_name("").unwrap_err().code,
        Code::StateMachineNameEmpty
    );
    assert_eq!(
        validate_state_machine_name("has space").unwrap_err().code,
        Code::StateMachineNameInvalid
    );
    assert_eq!(
        validate_state_machine_name(&"n".repeat(81))
            .unwrap_err()
            .code,
        Code::StateMachineNameTooLong
    );
    assert!(validate_execution_name("run-2026-11-21").is_ok());
    assert_eq!(
        validate_execution_name("a/b").unwrap_err().code,
        Code::StateMachineNameInvalid
    );
    assert_eq!(
        validate_state_machine_name("x")
            .err()
            .map(|d| d.pointer.as_str().to_owned()),
        None
    );
    assert_eq!(
        validate_state_machine_name("a?")
            .unwrap_err()
            .pointer
            .as_str(),
        ""
    );
}

#[test]
fn r41_nesting_depth_is_bounded() {
    let nest = |levels: usize| {
        let mut inner = r#"{"StartAt": "L0", "States": {"L0": {"Type": "Succeed"}}}"#.to_owned();
        for i in 1..=levels {
            inner = format!(
                r#"{{"StartAt": "L{i}", "States": {{"L{i}": {{"Type": "Parallel", "End": true, "Branches": [{inner}]}}}}}}"#
            );
        }
        inner
    };
    let options = ValidationOptions {
        max_nesting_depth: 3,
        ..ValidationOptions::default()
    };
    rule_with(
        &options,
        &nest(3),
        &nest(4),
        Code::TooDeeplyNested,
        "/States/L4/Branches/0/States/L3/Branches/0/States/L2/Branches/0/States/L1/Branches/0",
    );
    // By default: MAX_STATE_NESTING levels of Parallel states, and one more, whose innermost
    // branch is the scope too deep.
    let limit = workflow_asl::MAX_STATE_NESTING;
    let innermost: String = (1..=limit + 1)
        .rev()
        .map(|i| format!("/States/L{i}/Branches/0"))
        .collect();
    let d = rule_with(
        &ValidationOptions::default(),
        &nest(limit),
        &nest(limit + 1),
        Code::TooDeeplyNested,
        &innermost,
    );
    assert!(
        d.message.contains("nest 33 deep here; the limit is 32"),
        "{}",
        d.message
    );
    // Map iterations count alike.
    let maps = |levels: usize| {
        let mut inner = r#"{"StartAt": "M0", "States": {"M0": {"Type": "Succeed"}}}"#.to_owned();
        for i in 1..=levels {
            inner = format!(
                r#"{{"StartAt": "M{i}", "States": {{"M{i}": {{"Type": "Map", "End": true, "ItemProcessor": {inner}}}}}}}"#
            );
        }
        inner
    };
    let innermost: String = (1..=limit + 1)
        .rev()
        .map(|i| format!("/States/M{i}/ItemProcessor"))
        .collect();
    rule_with(
        &ValidationOptions::default(),
        &maps(limit),
        &maps(limit + 1),
        Code::TooDeeplyNested,
        &innermost,
    );
    // As deep as the JSON may nest (4 levels of JSON per Parallel, 3 per Map, and 3 for the
    // document, `States` and the innermost state): the decoder stops at the first scope too
    // deep, without descending further; one level more is not JSON the service reads.
    let json_limit = workflow_asl::json::MAX_DEPTH;
    let parallels = (json_limit - 3) / 4;
    let iterations = (json_limit - 3) / 3;
    for (text, deepest, first_too_deep) in [
        (
            nest(parallels),
            nest(parallels + 1),
            (parallels - limit..=parallels)
                .rev()
                .map(|i| format!("/States/L{i}/Branches/0"))
                .collect::<String>(),
        ),
        (
            maps(iterations),
            maps(iterations + 1),
            (iterations - limit..=iterations)
                .rev()
                .map(|i| format!("/States/M{i}/ItemProcessor"))
                .collect::<String>(),
        ),
    ] {
        let found = check_with(&text, &ValidationOptions::default());
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].code, Code::TooDeeplyNested);
        assert_eq!(found[0].pointer.as_str(), first_too_deep);
        let refused = check_with(&deepest, &ValidationOptions::default());
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].code, Code::InvalidJsonDescription);
    }
}

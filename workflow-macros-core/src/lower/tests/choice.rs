//! Choice states: operator inference, boolean combinations, JSONata conditions, rule clauses.

use super::{only_error, run, state};
use serde_json::{Value, json};

/// The schema of the tests: the typed fields, and the `$.…` ones the conditions read (untyped).
const SCHEMA: &str = "input { name: string, total: number, count: integer, ok: bool, when: timestamp, items: [string], data: any, \
     a: any, b: any, c: any, d: any, f: any, limit: any, n: any, s: any, t: any, x: any }";

/// Assigns the variable `$v` the conditions may read.
const INIT: &str = "Init: pass assign { v: 0 } -> C;";

/// The condition (the rule without `Next`) of `when COND => D` in a JSONPath choice.
fn rule(cond: &str) -> Value {
    let choice = state(
        &format!("{SCHEMA} {INIT} C: choice {{ when {cond} => D, otherwise => D }} D: succeed;"),
        "C",
    );
    let mut rule = choice["Choices"][0].clone();
    if let Some(object) = rule.as_object_mut() {
        object.remove("Next");
    }
    rule
}

/// The `Condition` of `when COND => D` in a JSONata choice.
fn jsonata(cond: &str) -> Value {
    let choice = state(
        &format!(
            "{SCHEMA} {INIT} C: choice {{ when {cond} => D, otherwise => D }} query_language = jsonata; D: succeed;"
        ),
        "C",
    );
    choice["Choices"][0]["Condition"].clone()
}

fn error(cond: &str, message: &str, needle: &str) {
    let src = format!(
        "pub W {{ {SCHEMA} C: choice {{ when {cond} => D, otherwise => D }} D: succeed; }}"
    );
    only_error(&src, message, needle, 0);
}

#[test]
fn literals_pick_the_family() {
    assert_eq!(
        rule(r#"$.s == "x""#),
        json!({ "Variable": "$.s", "StringEquals": "x" })
    );
    assert_eq!(
        rule("$.n == 3"),
        json!({ "Variable": "$.n", "NumericEquals": 3 })
    );
    assert_eq!(
        rule("$.n < 2.5"),
        json!({ "Variable": "$.n", "NumericLessThan": 2.5 })
    );
    assert_eq!(
        rule("$.n <= 1"),
        json!({ "Variable": "$.n", "NumericLessThanEquals": 1 })
    );
    assert_eq!(
        rule("$.n > 1"),
        json!({ "Variable": "$.n", "NumericGreaterThan": 1 })
    );
    assert_eq!(
        rule("$.n >= 1"),
        json!({ "Variable": "$.n", "NumericGreaterThanEquals": 1 })
    );
    assert_eq!(
        rule(r#"$.s >= "m""#),
        json!({ "Variable": "$.s", "StringGreaterThanEquals": "m" })
    );
    assert_eq!(
        rule("$.b == true"),
        json!({ "Variable": "$.b", "BooleanEquals": true })
    );
    assert_eq!(
        rule("$.x == null"),
        json!({ "Variable": "$.x", "IsNull": true })
    );
    assert_eq!(
        rule("$.x != null"),
        json!({ "Variable": "$.x", "IsNull": false })
    );
    assert_eq!(
        rule("$v == 1"),
        json!({ "Variable": "$v", "NumericEquals": 1 })
    );
}

#[test]
fn timestamps_from_casts_and_the_schema() {
    assert_eq!(
        rule(r#"$.t >= timestamp("2026-01-01T00:00:00Z")"#),
        json!({ "Variable": "$.t", "TimestampGreaterThanEquals": "2026-01-01T00:00:00Z" })
    );
    assert_eq!(
        rule(r#"timestamp($.t) < "2026-01-01T00:00:00Z""#),
        json!({ "Variable": "$.t", "TimestampLessThan": "2026-01-01T00:00:00Z" })
    );
    assert_eq!(
        rule(r#"input.when == "2026-01-01T00:00:00Z""#),
        json!({ "Variable": "$$.Execution.Input.when", "TimestampEquals": "2026-01-01T00:00:00Z" })
    );
}

#[test]
fn a_literal_on_the_left_flips_the_operator() {
    assert_eq!(
        rule("3 < $.n"),
        json!({ "Variable": "$.n", "NumericGreaterThan": 3 })
    );
    assert_eq!(
        rule("3 >= $.n"),
        json!({ "Variable": "$.n", "NumericLessThanEquals": 3 })
    );
    assert_eq!(
        rule(r#""a" == $.s"#),
        json!({ "Variable": "$.s", "StringEquals": "a" })
    );
}

#[test]
fn not_equal_is_not_equals() {
    assert_eq!(
        rule(r#"$.s != "x""#),
        json!({ "Not": { "Variable": "$.s", "StringEquals": "x" } })
    );
    assert_eq!(
        rule("$.b != false"),
        json!({ "Not": { "Variable": "$.b", "BooleanEquals": false } })
    );
}

#[test]
fn two_references_use_the_path_form() {
    assert_eq!(
        rule("number($.a) < $.b"),
        json!({ "Variable": "$.a", "NumericLessThanPath": "$.b" })
    );
    assert_eq!(
        rule("$.a == string($.b)"),
        json!({ "Variable": "$.a", "StringEqualsPath": "$.b" })
    );
    assert_eq!(
        rule("input.total > $.limit"),
        json!({ "Variable": "$$.Execution.Input.total", "NumericGreaterThanPath": "$.limit" })
    );
    assert_eq!(
        rule("input.when < input.name"),
        json!({ "Variable": "$$.Execution.Input.when", "TimestampLessThanPath": "$$.Execution.Input.name" })
    );
    assert_eq!(
        rule("$.a != bool($.b)"),
        json!({ "Not": { "Variable": "$.a", "BooleanEqualsPath": "$.b" } })
    );
}

#[test]
fn combinations_are_flattened() {
    assert_eq!(
        rule("$.a == 1 && $.b == 2 && ($.c == 3 && $.d == 4)"),
        json!({ "And": [
            { "Variable": "$.a", "NumericEquals": 1 },
            { "Variable": "$.b", "NumericEquals": 2 },
            { "Variable": "$.c", "NumericEquals": 3 },
            { "Variable": "$.d", "NumericEquals": 4 }
        ] })
    );
    assert_eq!(
        rule(r#"$.a == 1 || !($.s == "x" && is_present($.t))"#),
        json!({ "Or": [
            { "Variable": "$.a", "NumericEquals": 1 },
            { "Not": { "And": [
                { "Variable": "$.s", "StringEquals": "x" },
                { "Variable": "$.t", "IsPresent": true }
            ] } }
        ] })
    );
}

#[test]
fn type_tests_and_matches() {
    assert_eq!(
        rule("is_present($.x)"),
        json!({ "Variable": "$.x", "IsPresent": true })
    );
    assert_eq!(
        rule("is_null($.x)"),
        json!({ "Variable": "$.x", "IsNull": true })
    );
    assert_eq!(
        rule("is_string(input.items)"),
        json!({ "Variable": "$$.Execution.Input.items", "IsString": true })
    );
    assert_eq!(
        rule("is_number($.x)"),
        json!({ "Variable": "$.x", "IsNumeric": true })
    );
    assert_eq!(
        rule("is_boolean($.x)"),
        json!({ "Variable": "$.x", "IsBoolean": true })
    );
    assert_eq!(
        rule("is_timestamp($.x)"),
        json!({ "Variable": "$.x", "IsTimestamp": true })
    );
    assert_eq!(
        rule(r#"$.f matches "log-*.txt""#),
        json!({ "Variable": "$.f", "StringMatches": "log-*.txt" })
    );
    assert_eq!(
        rule(r#"input.name matches "a*""#),
        json!({ "Variable": "$$.Execution.Input.name", "StringMatches": "a*" })
    );
}

#[test]
fn jsonata_literal_conditions() {
    assert_eq!(
        jsonata(r#""{% $states.input.n > 3 %}""#),
        "{% $states.input.n > 3 %}"
    );
    assert_eq!(jsonata("true"), true);
}

#[test]
fn conditions_in_jsonata_states() {
    assert_eq!(jsonata("$.n == 3"), "{% $states.input.n = 3 %}");
    assert_eq!(jsonata(r#"$.s != "x""#), r#"{% $states.input.s != "x" %}"#);
    assert_eq!(jsonata("3 < $.n"), "{% $states.input.n > 3 %}");
    assert_eq!(jsonata("$.x == null"), "{% $states.input.x = null %}");
    assert_eq!(
        jsonata("$.a < $.b"),
        "{% $states.input.a < $states.input.b %}"
    );
    assert_eq!(
        jsonata(r#"input.when < "2026-01-01T00:00:00Z""#),
        r#"{% $toMillis($states.context.Execution.Input.when) < $toMillis("2026-01-01T00:00:00Z") %}"#
    );
    assert_eq!(
        jsonata("$.a == 1 && ($.b == 2 || !is_present($v))"),
        "{% $states.input.a = 1 and ($states.input.b = 2 or $not($exists($v))) %}"
    );
    assert_eq!(
        jsonata("is_string($.x)"),
        r#"{% $type($states.input.x) = "string" %}"#
    );
    assert_eq!(
        jsonata(r#"$.f matches "log-*.txt""#),
        r"{% $contains($states.input.f, /^log-.*\.txt$/) %}"
    );
    assert_eq!(
        jsonata(r#"$.a == 1 && "{% $v %}""#),
        "{% $states.input.a = 1 and ($v) %}"
    );
}

#[test]
fn operator_and_type_errors() {
    error(
        "$.a == $.b",
        "cannot tell whether to compare `$.a` with `$.b` as strings, numbers, booleans or timestamps; write the type, e.g. `number($.b)`, `string($.b)`, `bool($.b)` or `timestamp($.b)`",
        "$.a",
    );
}

#[test]
fn schema_types_must_fit() {
    error(
        "input.name == 3",
        "`input.name` is a string but is compared with the number `3`",
        "3 =>",
    );
    error(
        r#"input.total == "3""#,
        "`input.total` is a number but is compared with the string `\"3\"`",
        "\"3\"",
    );
    error(
        "input.ok < true",
        "`<` does not apply to booleans; compare booleans with `==` or `!=`",
        "input.ok",
    );
    error(
        "input.ok == 1",
        "`input.ok` is a boolean but is compared with the number `1`",
        "1 =>",
    );
    error(
        "input.total == input.name",
        "`input.total` is a number but `input.name` is a string; they cannot be compared",
        "input.total",
    );
    error(
        "input.items == 1",
        "`input.items` is an array; a comparison needs a string, number, boolean or timestamp — compare `input.items[0]`, or test it with `is_present(…)`/`is_null(…)`",
        "input.items",
    );
    error(
        "number(input.name) == 1",
        "`input.name` is a string and cannot be compared as a number `number(…)`; remove the cast",
        "number(input",
    );
    error(
        r#"number($.x) == "a""#,
        "`number($.x)` is a number but is compared with the string `\"a\"`",
        "\"a\"",
    );
    error(
        "input.total matches \"a*\"",
        "`input.total` is a number; `matches` tests strings",
        "input.total",
    );
}

#[test]
fn other_condition_errors() {
    error(
        "1 == 2",
        "`1 == 2` compares two literals; compare a path, an `input.…` field or a variable with a literal",
        "1 == 2",
    );
    error(
        "$.x < null",
        "`<` does not apply to `null`; test for null with `== null` or `!= null`",
        "$.x",
    );
    // JSONata conditions need a JSONata state: the validator's error, on the string.
    error(
        r#""{% $states.input.n > 3 %}""#,
        "the condition is a JSONata field, but state `C` uses JSONPath; set `query_language = jsonata` on the state (or the machine), or use the JSONPath fields instead",
        "\"{%",
    );
    error(
        r#""not jsonata""#,
        "a string condition must be a JSONata expression `\"{% … %}\"`; to compare a value with a string, write `$.x == \"text\"`",
        "\"not",
    );
    error(
        "input.nme == \"a\"",
        "unknown input field `nme`; did you mean `name`?",
        "nme",
    );
    error(
        "States.UUID() == \"a\"",
        "a condition cannot call an intrinsic function; compute the value into the state's input first (e.g. with a pass state) and compare its path",
        "States",
    );
}

#[test]
fn rule_clauses_and_spans() {
    let choice = state(
        r#"C: choice {
               when $.a == 1 => D assign { picked: "a" } comment = "first",
               otherwise => D
           } assign { picked: "none" }
           D: succeed;"#,
        "C",
    );
    assert_eq!(
        choice,
        json!({
            "Type": "Choice",
            "Choices": [{ "Variable": "$.a", "NumericEquals": 1, "Next": "D", "Comment": "first", "Assign": { "picked": "a" } }],
            "Default": "D",
            "Assign": { "picked": "none" }
        })
    );
    let src = "pub W { C: choice { when $.a == 1 => D timeout = 3, otherwise => D } D: succeed; }";
    only_error(
        src,
        "`timeout` is not allowed on a choice rule; a rule takes only `assign { … }`, `output = …` and `comment = \"…\"`",
        "timeout",
        0,
    );
    // A validator error inside a rule lands on the operand.
    let src = r#"pub W { C: choice { when $.t == timestamp("yesterday") => D, otherwise => D } D: succeed; }"#;
    let errors = run(src).errors;
    assert_eq!(errors.len(), 1);
    let start = errors[0].span().start();
    assert_eq!(
        (start.line, start.column),
        super::position(src, "\"yesterday\"", 0)
    );
}

#[test]
fn a_path_that_selects_nothing_is_marked_on_the_misspelt_step() {
    // In a condition, a template and a clause: the error starts at the step that misses.
    let src = r#"pub W {
        input { order: { id: string, total: number } }
        Seed: pass { order: $.order } -> C;
        C: choice { when $.order.totl > 1 => D, otherwise => D }
        D: pass { id: $.order.idd } -> E;
        E: pass input_path = $.ordr -> F;
        F: succeed;
    }"#;
    let errors = run(src).errors;
    for (needle, nth) in [("totl", 0), ("idd", 0), ("ordr", 0)] {
        let Some(error) = errors.iter().find(|e| e.to_string().contains(needle)) else {
            panic!("no error about `{needle}` among {errors:#?}");
        };
        let start = error.span().start();
        assert_eq!(
            (start.line, start.column),
            super::position(src, needle, nth),
            "{error}"
        );
    }
}

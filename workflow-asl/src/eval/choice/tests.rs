use super::*;
use crate::model::{NestedRule, Operand as ModelOperand};
use serde_json::json;
use workflow_jsonata::jsonata_string::JsonataString;

fn data_test(variable: &str, operator: &str, operand: Value) -> Condition {
    let operator = match ComparisonOperator::from_name(operator) {
        Some(op) => op,
        None => panic!("unknown operator {operator}"),
    };
    let operand = match operand {
        Value::String(s) if operator.is_path() => ModelOperand::Path(s.into()),
        Value::String(s) => ModelOperand::String(s),
        Value::Number(n) => ModelOperand::Number(n),
        Value::Bool(b) => ModelOperand::Bool(b),
        other => panic!("bad operand {other}"),
    };
    Condition::Test(DataTest {
        variable: variable.into(),
        operator,
        operand,
    })
}

fn check(condition: &Condition, input: &Value) -> Result<bool, EvalError> {
    let compiled = match CompiledCondition::compile(condition) {
        Ok(c) => c,
        Err(e) => panic!("{condition:?}: {e}"),
    };
    compiled.evaluate(&Env::with_input(input))
}

/// `$.v <operator> operand` on `{"v": value, "other": other}`.
fn holds_for(operator: &str, operand: Value, value: Value) -> bool {
    let input = json!({"v": value, "ts": "2026-01-01T00:00:00Z", "n": 10, "s": "m", "b": true});
    match check(&data_test("$.v", operator, operand), &input) {
        Ok(b) => b,
        Err(e) => panic!("{operator}: {e}"),
    }
}

#[test]
fn every_operator_true_and_false() {
    let cases: Vec<(&str, Value, Value, bool)> = vec![
        ("StringEquals", json!("abc"), json!("abc"), true),
        ("StringEquals", json!("abc"), json!("abd"), false),
        ("StringEqualsPath", json!("$.s"), json!("m"), true),
        ("StringEqualsPath", json!("$.s"), json!("n"), false),
        ("StringLessThan", json!("b"), json!("a"), true),
        ("StringLessThan", json!("b"), json!("b"), false),
        ("StringLessThanPath", json!("$.s"), json!("a"), true),
        ("StringLessThanPath", json!("$.s"), json!("z"), false),
        ("StringGreaterThan", json!("b"), json!("c"), true),
        ("StringGreaterThan", json!("b"), json!("b"), false),
        ("StringGreaterThanPath", json!("$.s"), json!("z"), true),
        ("StringGreaterThanPath", json!("$.s"), json!("a"), false),
        ("StringLessThanEquals", json!("b"), json!("b"), true),
        ("StringLessThanEquals", json!("b"), json!("c"), false),
        ("StringLessThanEqualsPath", json!("$.s"), json!("m"), true),
        ("StringLessThanEqualsPath", json!("$.s"), json!("n"), false),
        ("StringGreaterThanEquals", json!("b"), json!("b"), true),
        ("StringGreaterThanEquals", json!("b"), json!("a"), false),
        (
            "StringGreaterThanEqualsPath",
            json!("$.s"),
            json!("m"),
            true,
        ),
        (
            "StringGreaterThanEqualsPath",
            json!("$.s"),
            json!("l"),
            false,
        ),
        (
            "StringMatches",
            json!("log-*.txt"),
            json!("log-2024.txt"),
            true,
        ),
        (
            "StringMatches",
            json!("log-*.txt"),
            json!("log-2024.csv"),
            false,
        ),
        ("NumericEquals", json!(5), json!(5.0), true),
        ("NumericEquals", json!(5), json!(6), false),
        ("NumericEqualsPath", json!("$.n"), json!(10), true),
        ("NumericEqualsPath", json!("$.n"), json!(11), false),
        ("NumericLessThan", json!(5), json!(4.5), true),
        ("NumericLessThan", json!(5), json!(5), false),
        ("NumericLessThanPath", json!("$.n"), json!(9), true),
        ("NumericLessThanPath", json!("$.n"), json!(10), false),
        ("NumericGreaterThan", json!(5), json!(6), true),
        ("NumericGreaterThan", json!(5), json!(5), false),
        ("NumericGreaterThanPath", json!("$.n"), json!(11), true),
        ("NumericGreaterThanPath", json!("$.n"), json!(10), false),
        ("NumericLessThanEquals", json!(5), json!(5), true),
        ("NumericLessThanEquals", json!(5), json!(5.01), false),
        ("NumericLessThanEqualsPath", json!("$.n"), json!(10), true),
        (
            "NumericLessThanEqualsPath",
            json!("$.n"),
            json!(10.5),
            false,
        ),
        ("NumericGreaterThanEquals", json!(5), json!(5), true),
        ("NumericGreaterThanEquals", json!(5), json!(-5), false),
        (
            "NumericGreaterThanEqualsPath",
            json!("$.n"),
            json!(10),
            true,
        ),
        (
            "NumericGreaterThanEqualsPath",
            json!("$.n"),
            json!(9.99),
            false,
        ),
        ("BooleanEquals", json!(true), json!(true), true),
        ("BooleanEquals", json!(true), json!(false), false),
        ("BooleanEqualsPath", json!("$.b"), json!(true), true),
        ("BooleanEqualsPath", json!("$.b"), json!(false), false),
        (
            "TimestampEquals",
            json!("2026-01-01T01:00:00+01:00"),
            json!("2026-01-01T00:00:00Z"),
            true,
        ),
        (
            "TimestampEquals",
            json!("2026-01-01T00:00:00Z"),
            json!("2026-01-01T00:00:01Z"),
            false,
        ),
        (
            "TimestampEqualsPath",
            json!("$.ts"),
            json!("2026-01-01T00:00:00.000Z"),
            true,
        ),
        (
            "TimestampEqualsPath",
            json!("$.ts"),
            json!("2026-01-02T00:00:00Z"),
            false,
        ),
        (
            "TimestampLessThan",
            json!("2026-01-01T00:00:00Z"),
            json!("2025-12-31T23:59:59Z"),
            true,
        ),
        (
            "TimestampLessThan",
            json!("2026-01-01T00:00:00Z"),
            json!("2026-01-01T00:00:00Z"),
            false,
        ),
        (
            "TimestampLessThanPath",
            json!("$.ts"),
            json!("2025-01-01T00:00:00Z"),
            true,
        ),
        (
            "TimestampLessThanPath",
            json!("$.ts"),
            json!("2027-01-01T00:00:00Z"),
            false,
        ),
        (
            "TimestampGreaterThan",
            json!("2026-01-01T00:00:00Z"),
            json!("2026-01-01T00:00:00.5Z"),
            true,
        ),
        (
            "TimestampGreaterThan",
            json!("2026-01-01T00:00:00Z"),
            json!("2025-01-01T00:00:00Z"),
            false,
        ),
        (
            "TimestampGreaterThanPath",
            json!("$.ts"),
            json!("2027-01-01T00:00:00Z"),
            true,
        ),
        (
            "TimestampGreaterThanPath",
            json!("$.ts"),
            json!("2025-01-01T00:00:00Z"),
            false,
        ),
        (
            "TimestampLessThanEquals",
            json!("2026-01-01T00:00:00Z"),
            json!("2026-01-01T00:00:00Z"),
            true,
        ),
        (
            "TimestampLessThanEquals",
            json!("2026-01-01T00:00:00Z"),
            json!("2026-01-01T00:00:01Z"),
            false,
        ),
        (
            "TimestampLessThanEqualsPath",
            json!("$.ts"),
            json!("2026-01-01T00:00:00Z"),
            true,
        ),
        (
            "TimestampLessThanEqualsPath",
            json!("$.ts"),
            json!("2026-06-01T00:00:00Z"),
            false,
        ),
        (
            "TimestampGreaterThanEquals",
            json!("2026-01-01T00:00:00Z"),
            json!("2026-01-01T00:00:00Z"),
            true,
        ),
        (
            "TimestampGreaterThanEquals",
            json!("2026-01-01T00:00:00Z"),
            json!("2025-12-31T00:00:00Z"),
            false,
        ),
        (
            "TimestampGreaterThanEqualsPath",
            json!("$.ts"),
            json!("2026-01-01T00:00:00Z"),
            true,
        ),
        (
            "TimestampGreaterThanEqualsPath",
            json!("$.ts"),
            json!("2025-01-01T00:00:00Z"),
            false,
        ),
        ("IsNull", json!(true), json!(null), true),
        ("IsNull", json!(true), json!(0), false),
        ("IsNull", json!(false), json!(0), true),
        ("IsNull", json!(false), json!(null), false),
        ("IsPresent", json!(true), json!(null), true),
        ("IsPresent", json!(false), json!(null), false),
        ("IsNumeric", json!(true), json!(1.5), true),
        ("IsNumeric", json!(true), json!("1.5"), false),
        ("IsNumeric", json!(false), json!("1.5"), true),
        ("IsString", json!(true), json!("x"), true),
        ("IsString", json!(true), json!(1), false),
        ("IsString", json!(false), json!(1), true),
        ("IsBoolean", json!(true), json!(false), true),
        ("IsBoolean", json!(true), json!("true"), false),
        ("IsBoolean", json!(false), json!("true"), true),
        (
            "IsTimestamp",
            json!(true),
            json!("2026-01-01T00:00:00Z"),
            true,
        ),
        (
            "IsTimestamp",
            json!(true),
            json!("2026-01-01 00:00:00Z"),
            false,
        ),
        ("IsTimestamp", json!(false), json!(5), true),
        (
            "IsTimestamp",
            json!(false),
            json!("2026-01-01T00:00:00Z"),
            false,
        ),
    ];
    let mut seen = std::collections::HashSet::new();
    for (operator, operand, value, want) in cases {
        seen.insert(operator);
        assert_eq!(
            holds_for(operator, operand.clone(), value.clone()),
            want,
            "$.v = {value} {operator} {operand}"
        );
    }
    assert_eq!(seen.len(), 39, "every operator is covered");
    assert_eq!(ComparisonOperator::ALL.len(), 39);
}

#[test]
fn type_mismatches_are_false() {
    assert!(!holds_for("StringEquals", json!("1"), json!(1)));
    assert!(!holds_for("StringLessThan", json!("b"), json!(null)));
    assert!(!holds_for("StringMatches", json!("*"), json!(1)));
    assert!(!holds_for("NumericEquals", json!(1), json!("1")));
    assert!(!holds_for("NumericLessThan", json!(1), json!(true)));
    assert!(!holds_for("BooleanEquals", json!(true), json!("true")));
    assert!(!holds_for(
        "TimestampEquals",
        json!("2026-01-01T00:00:00Z"),
        json!("yesterday")
    ));
    assert!(!holds_for(
        "TimestampLessThan",
        json!("2026-01-01T00:00:00Z"),
        json!(5)
    ));
    // Path operands of the wrong type, too.
    assert!(!holds_for("NumericEqualsPath", json!("$.s"), json!(1)));
    assert!(!holds_for("StringEqualsPath", json!("$.n"), json!("10")));
    assert!(!holds_for(
        "TimestampEqualsPath",
        json!("$.s"),
        json!("2026-01-01T00:00:00Z")
    ));
    assert!(!holds_for("BooleanEqualsPath", json!("$.n"), json!(true)));
    // Arrays and objects are none of the scalar types.
    assert!(!holds_for("IsString", json!(true), json!([])));
    assert!(holds_for("IsNull", json!(false), json!({})));
}

#[test]
fn numbers_compare_exactly() {
    assert!(holds_for(
        "NumericEquals",
        json!(9007199254740993i64),
        json!(9007199254740993i64)
    ));
    assert!(!holds_for(
        "NumericEquals",
        json!(9007199254740993i64),
        json!(9007199254740992i64)
    ));
    assert!(holds_for(
        "NumericGreaterThan",
        json!(9007199254740992.0),
        json!(9007199254740993i64)
    ));
    assert!(holds_for("NumericLessThan", json!(-1), json!(i64::MIN)));
    assert!(holds_for("NumericGreaterThan", json!(-1), json!(u64::MAX)));
    assert!(holds_for("NumericEquals", json!(0.1), json!(0.1)));
}

#[test]
fn strings_compare_by_utf16_units() {
    // U+1F600 is a surrogate pair (0xD83D 0xDE00), below U+FF61 in UTF-16.
    assert!(holds_for(
        "StringLessThan",
        json!("\u{FF61}"),
        json!("\u{1F600}")
    ));
    assert!(holds_for("StringGreaterThan", json!("B"), json!("a")));
    assert!(holds_for("StringLessThan", json!("abc"), json!("ab")));
}

#[test]
fn string_matches_wildcards_and_escapes() {
    let cases = [
        ("*", "", true),
        ("*", "anything", true),
        ("", "", true),
        ("", "x", false),
        ("abc", "abc", true),
        ("abc", "abcd", false),
        ("a*", "a", true),
        ("a*", "ba", false),
        ("*a", "ba", true),
        ("*a", "ab", false),
        ("a*b*c", "abc", true),
        ("a*b*c", "aXbYc", true),
        ("a*b*c", "aXcYb", false),
        ("a*a", "a", false),
        ("a*a", "aa", true),
        ("*.log", "x.log.log", true),
        ("*hello*", "say hello there", true),
        ("**", "x", true),
        (r"\*", "*", true),
        (r"\*", "x", false),
        (r"a\*b", "a*b", true),
        (r"a\*b", "axb", false),
        (r"\\", r"\", true),
        (r"a\\*", r"a\anything", true),
        (r"a\\*", "a", false),
        (r"\\\*", r"\*", true),
        ("Ünï*cödé", "Ünïversal cödé", true),
    ];
    for (pattern, text, want) in cases {
        assert_eq!(
            holds_for("StringMatches", json!(pattern), json!(text)),
            want,
            "{pattern:?} vs {text:?}"
        );
    }
}

#[test]
fn missing_variables_fail_except_is_present() {
    let input = json!({"a": 1});
    let e = check(&data_test("$.nope", "NumericEquals", json!(1)), &input).unwrap_err();
    assert_eq!(e.error, "States.Runtime");
    assert_eq!(
        e.cause,
        "Invalid path '$.nope' : No results for path: $['nope']"
    );
    let e = check(&data_test("$.nope", "IsNull", json!(true)), &input).unwrap_err();
    assert_eq!(e.error, "States.Runtime");
    assert_eq!(
        check(&data_test("$.nope", "IsPresent", json!(true)), &input),
        Ok(false)
    );
    assert_eq!(
        check(&data_test("$.nope", "IsPresent", json!(false)), &input),
        Ok(true)
    );
    assert_eq!(
        check(&data_test("$.a.b.c", "IsPresent", json!(true)), &input),
        Ok(false)
    );
    assert_eq!(
        check(&data_test("$unset", "IsPresent", json!(true)), &input),
        Ok(false)
    );
    assert_eq!(
        check(&data_test("$.a", "IsPresent", json!(true)), &input),
        Ok(true)
    );
    // A missing `…Path` operand fails too.
    let e = check(
        &data_test("$.a", "NumericEqualsPath", json!("$.other")),
        &input,
    )
    .unwrap_err();
    assert_eq!(
        e.cause,
        "Invalid path '$.other' : No results for path: $['other']"
    );
    // Indefinite paths test the array of matches.
    let list = json!({"items": [{"x": 1}]});
    assert_eq!(
        check(
            &data_test("$.items[?(@.x > 5)]", "IsPresent", json!(true)),
            &list
        ),
        Ok(false)
    );
    assert_eq!(
        check(&data_test("$.items[*].x", "IsPresent", json!(true)), &list),
        Ok(true)
    );
    assert_eq!(
        check(&data_test("$.items[*].x", "IsNull", json!(false)), &list),
        Ok(true)
    );
}

#[test]
fn context_and_variable_paths() {
    let input = json!({"a": 1});
    let context = json!({"Map": {"Item": {"Index": 3}}});
    let mut vars = serde_json::Map::new();
    vars.insert("limit".into(), json!(3));
    let env = Env::new(&input, &context, &vars);
    let compiled = CompiledCondition::compile(&data_test(
        "$$.Map.Item.Index",
        "NumericEqualsPath",
        json!("$limit"),
    ))
    .unwrap();
    assert_eq!(compiled.evaluate(&env), Ok(true));
    if let CompiledCondition::Test(t) = &compiled {
        assert_eq!(t.variable().source(), "$$.Map.Item.Index");
        assert_eq!(t.operator(), ComparisonOperator::NumericEqualsPath);
    } else {
        panic!("{compiled:?}");
    }
}

fn nested(condition: Condition) -> NestedRule {
    NestedRule {
        condition,
        comment: None,
    }
}

#[test]
fn and_or_not_short_circuit() {
    let input = json!({"n": 5});
    let yes = data_test("$.n", "NumericEquals", json!(5));
    let no = data_test("$.n", "NumericEquals", json!(6));
    let boom = data_test("$.missing", "NumericEquals", json!(1));
    let and = |rules: Vec<Condition>| Condition::And(rules.into_iter().map(nested).collect());
    let or = |rules: Vec<Condition>| Condition::Or(rules.into_iter().map(nested).collect());
    assert_eq!(
        check(&and(vec![yes.clone(), yes.clone()]), &input),
        Ok(true)
    );
    assert_eq!(
        check(&and(vec![yes.clone(), no.clone()]), &input),
        Ok(false)
    );
    assert_eq!(
        check(&and(vec![no.clone(), boom.clone()]), &input),
        Ok(false)
    );
    assert!(check(&and(vec![yes.clone(), boom.clone()]), &input).is_err());
    assert_eq!(check(&or(vec![no.clone(), yes.clone()]), &input), Ok(true));
    assert_eq!(check(&or(vec![no.clone(), no.clone()]), &input), Ok(false));
    assert_eq!(
        check(&or(vec![yes.clone(), boom.clone()]), &input),
        Ok(true)
    );
    assert_eq!(
        check(&Condition::Not(Box::new(nested(no.clone()))), &input),
        Ok(true)
    );
    assert_eq!(
        check(&Condition::Not(Box::new(nested(yes.clone()))), &input),
        Ok(false)
    );
    assert_eq!(check(&and(vec![]), &input), Ok(true));
    assert_eq!(check(&or(vec![]), &input), Ok(false));
    // Rules nest as deep as JSON may (the top rule is level 1): an even number of `Not`s
    // around `yes` is true; one level more is refused at compile time.
    assert_eq!(MAX_CONDITION_DEPTH, crate::json::MAX_DEPTH);
    let mut deep = yes;
    for _ in 1..MAX_CONDITION_DEPTH {
        deep = Condition::Not(Box::new(nested(deep)));
    }
    let compiled = CompiledCondition::compile(&deep).unwrap();
    let env = Env::with_input(&input);
    assert_eq!(compiled.evaluate(&env), Ok(MAX_CONDITION_DEPTH % 2 == 1));
    let deeper = Condition::Not(Box::new(nested(deep)));
    let e = CompiledCondition::compile(&deeper).unwrap_err();
    assert_eq!(e.error, "States.Runtime");
    assert!(e.cause.contains("nest deeper than 1000 levels"), "{e}");
}

#[test]
fn jsonata_conditions_go_to_the_callback() {
    let input = json!({});
    let env = Env::with_input(&input);
    let literal = CompiledCondition::compile(&Condition::Jsonata(Expr::Literal(true))).unwrap();
    assert_eq!(literal, CompiledCondition::Const(true));
    assert_eq!(literal.evaluate(&env), Ok(true));
    let text = "{% $states.input.n > 1 %}";
    let parsed = JsonataString::parse(text).unwrap();
    let expr = Condition::Jsonata(Expr::Jsonata(parsed.clone()));
    let compiled = CompiledCondition::compile(&expr).unwrap();
    assert_eq!(compiled, CompiledCondition::Jsonata(parsed));
    let mut seen = Vec::new();
    let result = compiled.evaluate_with(&env, &mut |text| {
        seen.push(text.to_string());
        Ok(true)
    });
    assert_eq!(result, Ok(true));
    assert_eq!(seen, ["{% $states.input.n > 1 %}"]);
    let e = compiled.evaluate(&env).unwrap_err();
    assert_eq!(e.error, "States.QueryEvaluationError");
    let failing =
        compiled.evaluate_with(&env, &mut |_| Err(EvalError::query_evaluation_error("bad")));
    assert_eq!(failing.unwrap_err().cause, "bad");
    let nested_jsonata = Condition::Not(Box::new(nested(expr)));
    assert_eq!(
        CompiledCondition::compile(&nested_jsonata)
            .unwrap()
            .evaluate_with(&env, &mut |_| Ok(false)),
        Ok(true)
    );
    assert!(
        CompiledCondition::compile(&Condition::Jsonata(Expr::Substitution("${X}".into()))).is_err()
    );
}

#[test]
fn compile_errors() {
    let bad_path = data_test("$.a[", "IsNull", json!(true));
    assert!(
        CompiledCondition::compile(&bad_path)
            .unwrap_err()
            .cause
            .contains("Invalid Variable path")
    );
    let bad_ts = data_test("$.a", "TimestampEquals", json!("yesterday"));
    assert!(
        CompiledCondition::compile(&bad_ts)
            .unwrap_err()
            .cause
            .contains("RFC 3339")
    );
    let wrong = Condition::Test(DataTest {
        variable: "$.a".into(),
        operator: ComparisonOperator::NumericEquals,
        operand: ModelOperand::String("1".into()),
    });
    assert!(
        CompiledCondition::compile(&wrong)
            .unwrap_err()
            .cause
            .contains("wrong type")
    );
    let bad_operand_path = data_test("$.a", "NumericEqualsPath", json!("nope"));
    assert!(CompiledCondition::compile(&bad_operand_path).is_err());
}

#[test]
fn conditions_from_a_decoded_definition() {
    let machine = crate::StateMachine::from_json(
        r#"{"StartAt": "C", "States": {
            "C": {"Type": "Choice", "Default": "D", "Choices": [
                {"And": [
                    {"Variable": "$.type", "StringEquals": "Private"},
                    {"Variable": "$.value", "NumericGreaterThanEquals": 20},
                    {"Not": {"Variable": "$.value", "NumericLessThan": 0}}
                ], "Next": "D"},
                {"Variable": "$.when", "TimestampLessThanPath": "$.deadline", "Next": "D"}
            ]},
            "D": {"Type": "Succeed"}
        }}"#,
    )
    .unwrap();
    let Some(crate::State::Choice(choice)) = machine.states.get("C") else {
        panic!("not a Choice");
    };
    let rules: Vec<CompiledCondition> = choice
        .choices
        .iter()
        .map(|r| CompiledCondition::compile(&r.condition).unwrap())
        .collect();
    let input = json!({"type": "Private", "value": 25, "when": "2026-01-01T00:00:00Z",
        "deadline": "2026-02-01T00:00:00Z"});
    let env = Env::with_input(&input);
    assert_eq!(rules[0].evaluate(&env), Ok(true));
    assert_eq!(rules[1].evaluate(&env), Ok(true));
    let input = json!({"type": "Public", "value": 25, "when": "2026-03-01T00:00:00Z",
        "deadline": "2026-02-01T00:00:00Z"});
    let env = Env::with_input(&input);
    assert_eq!(rules[0].evaluate(&env), Ok(false));
    assert_eq!(rules[1].evaluate(&env), Ok(false));
}

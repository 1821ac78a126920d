use super::*;
use crate::eval::env::{NoVariables, SeededEntropy};
use serde_json::json;

fn compile(template: Value) -> Template {
    match template {
        Value::Object(map) => match Template::compile(&map) {
            Ok(t) => t,
            Err(e) => panic!("{e}"),
        },
        other => panic!("not an object: {other}"),
    }
}

fn compile_err(template: Value) -> EvalError {
    match template {
        Value::Object(map) => match Template::compile(&map) {
            Ok(t) => panic!("should not compile: {t:?}"),
            Err(e) => e,
        },
        other => panic!("not an object: {other}"),
    }
}

fn eval(template: Value, input: &Value) -> Result<Value, EvalError> {
    compile(template).evaluate(&Env::with_input(input), &mut SeededEntropy::new(0))
}

#[test]
fn static_and_dynamic_members() {
    let input = json!({"name": "Ana", "order": {"id": 7, "items": [1, 2]}});
    let out = eval(
        json!({
            "fixed": "text",
            "n": 1,
            "who.$": "$.name",
            "all.$": "$",
            "items.$": "$.order.items[*]",
            "first.$": "$.order.items[0]",
            "greeting.$": "States.Format('Hi {}', $.name)",
            "nested": {"id.$": "$.order.id", "keep": [1, {"x": null}]},
            "list": [{"a.$": "$.name"}, "plain", 3, [{"deep.$": "$.order.id"}]],
            "not.a.path": "$.name"
        }),
        &input,
    );
    assert_eq!(
        out,
        Ok(json!({
            "fixed": "text",
            "n": 1,
            "who": "Ana",
            "all": input,
            "items": [1, 2],
            "first": 1,
            "greeting": "Hi Ana",
            "nested": {"id": 7, "keep": [1, {"x": null}]},
            "list": [{"a": "Ana"}, "plain", 3, [{"deep": 7}]],
            "not.a.path": "$.name"
        }))
    );
}

#[test]
fn member_order_is_kept() {
    let out = eval(json!({"z": 1, "m.$": "$.v", "a": 2}), &json!({"v": 0})).unwrap();
    assert_eq!(
        serde_json::to_string(&out).unwrap(),
        r#"{"z":1,"m":0,"a":2}"#
    );
}

#[test]
fn static_templates() {
    let t = compile(json!({"a": [1, {"b": "$.x"}], "c": {"d": null}}));
    assert!(t.is_static());
    assert_eq!(
        t.evaluate(&Env::with_input(&json!(null)), &mut SeededEntropy::new(0)),
        Ok(json!({"a": [1, {"b": "$.x"}], "c": {"d": null}}))
    );
    assert!(!compile(json!({"a": [{"b.$": "$"}]})).is_static());
    assert!(compile(json!({})).is_static());
}

#[test]
fn context_and_variables() {
    let input = json!({"x": 1});
    let context = json!({"Execution": {"Id": "arn:exec"}, "Map": {"Item": {"Value": {"k": "v"}}}});
    let mut vars = Map::new();
    vars.insert("customerName".into(), json!("Bo"));
    let env = Env::new(&input, &context, &vars);
    let t = compile(json!({
        "exec.$": "$$.Execution.Id",
        "item.$": "$$.Map.Item.Value.k",
        "name.$": "$customerName",
        "upper.$": "States.Format('{}!', $customerName)"
    }));
    assert_eq!(
        t.evaluate(&env, &mut SeededEntropy::new(0)),
        Ok(json!({"exec": "arn:exec", "item": "v", "name": "Bo", "upper": "Bo!"}))
    );
    let none = Env::new(&input, &context, &NoVariables);
    let e = t.evaluate(&none, &mut SeededEntropy::new(0)).unwrap_err();
    assert_eq!(e.error, "States.Runtime");
    assert!(
        e.cause.contains("variable 'customerName' was not found"),
        "{e}"
    );
}

#[test]
fn missing_paths_use_aws_cause() {
    let input = json!({"a": 1});
    let e = eval(json!({"value.$": "$.no_such_jsonpath"}), &input).unwrap_err();
    assert_eq!(e.error, "States.Runtime");
    assert_eq!(
        e.cause,
        "The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found \
         in the input '{\"a\":1}'"
    );
    let e = eval(json!({"deep": [{"x.$": "$.a.b.c"}]}), &input).unwrap_err();
    assert_eq!(
        e.cause,
        "The JSONPath '$.a.b.c' specified for the field 'x.$' could not be found in the input \
         '{\"a\":1}'"
    );
    // Context paths name the context object as the input.
    let context = json!({"Execution": {"Input": {"k": 1}}});
    let env = Env::new(&input, &context, &NoVariables);
    let e = compile(json!({"value.$": "$$.Execution.Input.no_such_jsonpath"}))
        .evaluate(&env, &mut SeededEntropy::new(0))
        .unwrap_err();
    assert_eq!(
        e.cause,
        "The JSONPath '$$.Execution.Input.no_such_jsonpath' specified for the field 'value.$' \
         could not be found in the input '{\"Execution\":{\"Input\":{\"k\":1}}}'"
    );
    // So do paths inside intrinsic functions.
    let e = eval(json!({"n.$": "States.MathAdd($.missing, 1)"}), &input).unwrap_err();
    assert_eq!(e.error, "States.Runtime");
    assert_eq!(
        e.cause,
        "The JSONPath '$.missing' specified for the field 'n.$' could not be found in the input \
         '{\"a\":1}'"
    );
    // Intrinsic failures keep their name.
    let e = eval(
        json!({"n.$": "States.ArrayGetItem(States.Array(1), 5)"}),
        &input,
    )
    .unwrap_err();
    assert_eq!(e.error, "States.IntrinsicFailure");
    // Indefinite paths never fail: they select an empty array.
    assert_eq!(eval(json!({"n.$": "$.a[*]"}), &input), Ok(json!({"n": []})));
}

#[test]
fn counter_template() {
    let t = compile(json!({"counter.$": "States.MathAdd($.counter, 1)"}));
    let mut entropy = SeededEntropy::new(0);
    let mut state = json!({"counter": 0});
    for _ in 0..5 {
        state = t.evaluate(&Env::with_input(&state), &mut entropy).unwrap();
    }
    assert_eq!(state, json!({"counter": 5}));
}

#[test]
fn compile_errors() {
    let e = compile_err(json!({"a.$": 5}));
    assert_eq!(e.error, "States.Runtime");
    assert!(e.cause.contains("'a.$' must be a string"), "{e}");
    let e = compile_err(json!({"a.$": "not a path"}));
    assert!(e.cause.contains("'a.$' is invalid"), "{e}");
    let e = compile_err(json!({"a.$": "$.a["}));
    assert!(e.cause.contains("unclosed"), "{e}");
    let e = compile_err(json!({"a.$": "States.Nope()"}));
    assert!(e.cause.contains("unknown intrinsic"), "{e}");
    let e = compile_err(json!({"a": 1, "a.$": "$"}));
    assert!(e.cause.contains("both 'a' and 'a.$'"), "{e}");
    let e = compile_err(json!({"x": [{"a.$": 1}]}));
    assert!(e.cause.contains("must be a string"), "{e}");
}

/// A template `levels` objects deep (the template itself is level 1), `{"k": {"k": …
/// {"leaf.$": "$.x", "n": 1}}}`, each level also holding a static array. (The scalar `n` one
/// level below the deepest object does not count.)
fn nested_template(levels: usize) -> Value {
    let mut value = json!({"leaf.$": "$.x", "n": 1});
    for _ in 1..levels {
        let mut m = Map::new();
        m.insert("k".into(), value);
        m.insert("s".into(), json!([1]));
        value = Value::Object(m);
    }
    value
}

#[test]
fn templates_nest_as_deep_as_json_may() {
    assert_eq!(MAX_TEMPLATE_DEPTH, crate::json::MAX_DEPTH);
    let value = nested_template(MAX_TEMPLATE_DEPTH);
    let Value::Object(map) = &value else {
        unreachable!()
    };
    let out = Template::compile(map)
        .unwrap()
        .evaluate(
            &Env::with_input(&json!({"x": 1})),
            &mut SeededEntropy::new(0),
        )
        .unwrap();
    let mut at = &out;
    for _ in 1..MAX_TEMPLATE_DEPTH {
        assert_eq!(at["s"], json!([1]));
        at = &at["k"];
    }
    assert_eq!(at, &json!({"leaf": 1, "n": 1}));
    crate::eval::value::drop_iteratively(out);
    crate::eval::value::drop_iteratively(value);
    // One level more: refused at compile time instead of recursed into.
    let value = nested_template(MAX_TEMPLATE_DEPTH + 1);
    let Value::Object(map) = &value else {
        unreachable!()
    };
    let e = Template::compile(map).unwrap_err();
    assert_eq!(e.error, "States.Runtime");
    assert!(e.cause.contains("nests deeper than 1000 levels"), "{e}");
    crate::eval::value::drop_iteratively(value);
    // Arrays count alike: `{"a": [[…[{"b.$": "$"}]…]]}`.
    let arrays = |levels: usize| {
        let mut value = json!({"b.$": "$"});
        for _ in 2..levels {
            value = Value::Array(vec![value]);
        }
        let mut m = Map::new();
        m.insert("a".into(), value);
        m
    };
    assert!(Template::compile(&arrays(MAX_TEMPLATE_DEPTH)).is_ok());
    assert!(Template::compile(&arrays(MAX_TEMPLATE_DEPTH + 1)).is_err());
}

#[test]
fn expressions() {
    let input = json!({"a": [1, 2]});
    let env = Env::with_input(&input);
    let mut entropy = SeededEntropy::new(0);
    let path = Expression::parse("$.a").unwrap();
    assert!(matches!(
        path.evaluate(&env, &mut entropy, "ErrorPath"),
        Ok(Cow::Borrowed(_))
    ));
    let call = Expression::parse("States.ArrayLength($.a)").unwrap();
    assert_eq!(
        call.evaluate(&env, &mut entropy, "CausePath")
            .map(Cow::into_owned),
        Ok(json!(2))
    );
    let missing = Expression::parse("$.b").unwrap();
    assert_eq!(
        missing
            .evaluate(&env, &mut entropy, "ErrorPath")
            .unwrap_err()
            .cause,
        "The JSONPath '$.b' specified for the field 'ErrorPath' could not be found in the input \
         '{\"a\":[1,2]}'"
    );
    assert!(Expression::parse("x").is_err());
    assert!(Expression::parse("$$$").is_err());
}

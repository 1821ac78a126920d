//! Property tests: evaluation never panics, whatever the JSON it reads.

use super::*;
use crate::model::{ComparisonOperator, Condition, DataTest, Operand as ModelOperand};
use crate::path::{IntrinsicFunction, parse_intrinsic, parse_path};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e20f64..1e20).prop_map(Value::from),
        "[a-c0-9 ,.{}*\\\\\"'$-]{0,8}".prop_map(Value::String),
        Just(json!("2026-01-01T00:00:00Z")),
        Just(json!("RGF0YQ==")),
        Just(json!("{\"k\": [1, 2]}")),
    ];
    leaf.prop_recursive(4, 32, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec(("[a-c]{1,2}", inner), 0..5)
                .prop_map(|members| Value::Object(members.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

const PATHS: &[&str] = &[
    "$",
    "$.a",
    "$.a.b",
    "$.a[0]",
    "$.a[-1]",
    "$.a[*]",
    "$.a.*",
    "$..a",
    "$..*",
    "$..[0]",
    "$.a[1:3]",
    "$.a[::-1]",
    "$.a[-2:]",
    "$['a','b']",
    "$.a[0,1]",
    "$.a['a','b'].c",
    "$.a[?(@.b)]",
    "$.a[?(@.b > 1)]",
    "$.a[?(@ == 'x')]",
    "$.a[?(@.b =~ /a.*/i)]",
    "$..[?(@.a in [1, 'b', null])]",
    "$.a[?(@.b nin [true])]",
    "$[?(@.a != $.b)]",
    "$.a[?(!@.b || @.c <= 2.5 && @.a >= -1)]",
    "$$.a",
    "$v.a",
    "$v",
    "$.a..b[*].c",
    "$[?(@.a[?(@.b)])]",
    "$.a[?(@.b =~ /(/)]",
];

fn env_for(input: &Value) -> (Value, Map<String, Value>) {
    let mut vars = Map::new();
    vars.insert("v".into(), input.clone());
    (json!({"a": input}), vars)
}

/// Arguments of the right count for each function, all read from the input.
fn call_text(f: IntrinsicFunction) -> String {
    let (min, max) = f.arity();
    let n = max.unwrap_or(min + 2).max(min);
    let args: Vec<&str> = ["$.a", "$.b", "$.c", "$.a.a", "$.b[0]"]
        .into_iter()
        .take(n)
        .collect();
    format!("{}({})", f.name(), args.join(", "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn select_never_panics(input in arb_json()) {
        let (context, vars) = env_for(&input);
        let env = Env::new(&input, &context, &vars);
        for text in PATHS {
            let path = parse_path(text).unwrap();
            if let Ok(selected) = select(&path, &env) {
                let _ = selected.into_value();
            }
        }
    }

    #[test]
    fn generated_paths_never_panic(input in arb_json(), text in "[$.a-c0-9*\\[\\]:?@()=<>!,'-]{0,16}") {
        let env = Env::with_input(&input);
        if let Ok(path) = parse_path(&text) {
            let _ = select(&path, &env);
            let _ = set_result(input.clone(), &path, json!(1));
        }
    }

    #[test]
    fn set_result_never_panics(input in arb_json(), result in arb_json(), i in -3i64..3) {
        for text in ["$", "$.a", "$.a.b", "$.b.c.d", "$[0]", "$.a[0]", "$.a[-1].b"] {
            let _ = set_result(input.clone(), &parse_path(text).unwrap(), result.clone());
        }
        let _ = set_result(input.clone(), &parse_path(&format!("$.a[{i}]")).unwrap(), result);
    }

    #[test]
    fn intrinsics_never_panic(a in arb_json(), b in arb_json(), c in arb_json(), seed in any::<u64>()) {
        let input = json!({"a": a, "b": b, "c": c});
        let env = Env::with_input(&input);
        let mut entropy = SeededEntropy::new(seed);
        for f in IntrinsicFunction::ALL {
            let text = call_text(f);
            let parsed = parse_intrinsic(&text).unwrap();
            if let Err(e) = call(&parsed, &env, &mut entropy) {
                prop_assert!(
                    e.error == "States.IntrinsicFailure" || e.error == "States.Runtime",
                    "{}: {}", text, e
                );
            }
        }
    }

    #[test]
    fn numeric_intrinsics_never_panic(x in any::<i64>(), y in any::<i64>(), z in any::<i64>(), f in -1e19f64..1e19) {
        let input = json!({});
        let env = Env::with_input(&input);
        let mut entropy = SeededEntropy::new(0);
        for text in [
            format!("States.MathAdd({x}, {y})"),
            format!("States.MathAdd({f}, {y})"),
            format!("States.MathRandom({x}, {y})"),
            format!("States.MathRandom({x}, {y}, {z})"),
            format!("States.ArrayRange({x}, {y}, {z})"),
            format!("States.ArrayRange({x}, {f}, 1)"),
            format!("States.ArrayPartition(States.Array(1, 2, 3), {z})"),
            format!("States.ArrayGetItem(States.Array(1, 2, 3), {z})"),
        ] {
            let parsed = parse_intrinsic(&text).unwrap();
            if let Ok(v) = call(&parsed, &env, &mut entropy)
                && text.starts_with("States.MathRandom")
            {
                let n = v.as_i64().unwrap();
                prop_assert!(n >= x.min(y) && n < x.max(y), "{} gave {}", text, n);
            }
        }
    }

    #[test]
    fn templates_never_panic(input in arb_json()) {
        let template = json!({
            "p.$": "$.a",
            "q": [{"r.$": "$..b"}, {"s.$": "States.JsonToString($)"}],
            "t.$": "States.Format('{}-{}', $.a, $.b)",
            "u.$": "States.Hash($, 'SHA-256')",
            "w": {"x.$": "$$.a"}
        });
        let template = Template::compile(template.as_object().unwrap()).unwrap();
        let (context, vars) = env_for(&input);
        let _ = template.evaluate(&Env::new(&input, &context, &vars), &mut SeededEntropy::new(1));
    }

    #[test]
    fn conditions_never_panic(value in arb_json(), other in arb_json(), pattern in "[a*\\\\]{0,6}", text in "[a*\\\\]{0,6}") {
        let input = json!({"v": value, "o": other, "t": text});
        let env = Env::with_input(&input);
        for &op in ComparisonOperator::ALL {
            let operand = match op.operand_kind() {
                crate::model::OperandKind::Path => ModelOperand::Path("$.o".into()),
                crate::model::OperandKind::String => ModelOperand::String(pattern.clone()),
                crate::model::OperandKind::Timestamp => ModelOperand::String("2026-01-01T00:00:00Z".into()),
                crate::model::OperandKind::Number => ModelOperand::Number(serde_json::Number::from(3)),
                crate::model::OperandKind::Bool => ModelOperand::Bool(true),
            };
            for variable in ["$.v", "$.t", "$.v[*]", "$.missing"] {
                let condition = Condition::Test(DataTest { variable: variable.into(), operator: op, operand: operand.clone() });
                let compiled = CompiledCondition::compile(&condition).unwrap();
                let _ = compiled.evaluate(&env);
            }
        }
    }

    #[test]
    fn hash_is_consistent_with_equality(a in arb_json(), b in arb_json()) {
        if value::json_eq(&a, &b) {
            prop_assert_eq!(value::json_hash(&a), value::json_hash(&b));
        }
        prop_assert!(value::json_eq(&a, &a.clone()));
        prop_assert_eq!(value::json_hash(&a), value::json_hash(&a.clone()));
    }
}

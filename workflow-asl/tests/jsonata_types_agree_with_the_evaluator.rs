//! Property test: the JSONata type inference of the validator agrees with the evaluator
//! (`workflow_jsonata::eval`, which follows jsonata-js and AWS's recorded answers).
//!
//! For a random input schema, a value conforming to it and a random expression over it, put in
//! a one-state JSONata machine (`Output: {"v": "{% EXPR %}"}`):
//! - a `JSONATA_TYPE_ERROR`, or an ordering "which fails the expression", means the evaluation
//!   fails with a type or dynamic error (a `T` or `D` code): the validator never rejects what
//!   the evaluator runs (one that fails "unless" an array is empty may give a value, and one
//!   whose exception "gives no value" gives none, which fails the state's field);
//! - a comparison said never to hold (`=`) or always to hold (`!=`) evaluates as said, where
//!   it is the only one outside lambdas;
//! - the value the evaluation gives conforms to the type `output_type` infers for `v`.

use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::{Map, Number, Value, json};
use std::collections::BTreeMap;
use workflow_asl::validate::dataflow::{DataType, output_type};
use workflow_asl::{Code, Severity, StateMachine, ValidationOptions};
use workflow_jsonata::Jsonata;
use workflow_jsonata::eval::{FixedContext, Limits, evaluate};

/// The field names schemas use.
const NAMES: [&str; 4] = ["a", "b", "c", "d"];

/// A scalar type of the schema.
fn scalar_type() -> impl Strategy<Value = DataType> {
    prop_oneof![
        Just(DataType::String),
        Just(DataType::Integer),
        Just(DataType::Number),
        Just(DataType::Bool),
        Just(DataType::Null),
        Just(DataType::Any),
    ]
}

/// An object type: one to four of [`NAMES`], each required or optional; with exactly these
/// fields, or at least these.
fn object_of(field: BoxedStrategy<DataType>) -> impl Strategy<Value = DataType> {
    (
        proptest::collection::vec((field, any::<bool>()), 1..=4),
        prop::bool::weighted(0.2),
    )
        .prop_map(|(fields, partial)| {
            let fields = fields
                .into_iter()
                .zip(NAMES)
                .map(|((t, optional), name)| (name.to_owned(), (t, optional)))
                .collect();
            if partial {
                DataType::Partial(fields)
            } else {
                DataType::Object(fields)
            }
        })
}

/// A JSON value of any type.
fn any_value() -> impl Strategy<Value = Value> {
    prop::sample::select(vec![
        json!(0),
        json!(2),
        json!(-1.5),
        json!("a"),
        json!("3"),
        json!(true),
        json!(null),
        json!([]),
        json!([1, "a"]),
        json!([2]),
        json!({"a": 1}),
        json!({}),
    ])
}

/// The input schema: an object of scalars, arrays and objects, three levels deep.
fn schema() -> impl Strategy<Value = DataType> {
    let field = scalar_type().prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            inner
                .clone()
                .prop_map(|t| DataType::Array(Box::new(t)))
                .boxed(),
            object_of(inner).boxed(),
        ]
    });
    object_of(field.boxed())
}

/// A JSON value of type `t`: optional fields present or absent, arrays of 0 to 3 items.
fn value_of(t: &DataType) -> BoxedStrategy<Value> {
    match t {
        DataType::Null => Just(Value::Null).boxed(),
        DataType::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        DataType::Integer => (-3i64..=12).prop_map(|n| json!(n)).boxed(),
        DataType::Number => prop_oneof![
            (-3i64..=12).prop_map(|n| json!(n)),
            prop::sample::select(vec![0.5, -1.5, 2.25, 3.0, 0.0]).prop_map(|n| json!(n)),
        ]
        .boxed(),
        DataType::String => prop::sample::select(vec!["", "a", "AbC", "12", "2.5", "x,y", "a"])
            .prop_map(|s| json!(s))
            .boxed(),
        DataType::Array(e) => proptest::collection::vec(value_of(e), 0..=3)
            .prop_map(Value::Array)
            .boxed(),
        DataType::Any => any_value().boxed(),
        DataType::Object(fields) | DataType::Partial(fields) => {
            let partial = matches!(t, DataType::Partial(_));
            let members: Vec<BoxedStrategy<Option<(String, Value)>>> = fields
                .iter()
                .map(|(name, (t, optional))| {
                    let name = name.clone();
                    let present = value_of(t).prop_map(move |v| Some((name.clone(), v)));
                    if *optional {
                        prop_oneof![Just(None), present].boxed()
                    } else {
                        present.boxed()
                    }
                })
                .collect();
            // An object known in part may hold other fields.
            let other = if partial {
                prop::option::of(any_value()).boxed()
            } else {
                Just(None).boxed()
            };
            (members, other)
                .prop_map(|(members, other)| {
                    let mut map: Map<String, Value> = members.into_iter().flatten().collect();
                    if let Some(v) = other {
                        map.insert("e".to_owned(), v);
                    }
                    Value::Object(map)
                })
                .boxed()
        }
        _ => Just(Value::Null).boxed(),
    }
}

/// The paths of the schema: `$states.input.a`, `$states.input.a.b` (a field step on an array
/// maps over its items), `$states.input.a[0]`.
fn paths(t: &DataType) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![("$states.input".to_owned(), t.clone())];
    while let Some((at, t)) = stack.pop() {
        match t {
            DataType::Object(fields) | DataType::Partial(fields) => {
                for (name, (t, _)) in fields {
                    let path = format!("{at}.{name}");
                    out.push(path.clone());
                    stack.push((path, t));
                }
            }
            DataType::Array(e) => {
                out.push(format!("{at}[0]"));
                out.push(format!("{at}[-1]"));
                stack.push((at, *e));
            }
            _ => {}
        }
    }
    out
}

/// An expression of the grammar.
#[derive(Clone, Debug)]
enum E {
    /// A path, a literal, `$v`: written as is.
    Leaf(String),
    Binary(&'static str, Box<E>, Box<E>),
    Negate(Box<E>),
    Condition(Box<E>, Box<E>, Box<E>),
    Range(Box<E>, Box<E>),
    Array(Vec<E>),
    Object(Vec<(&'static str, E)>),
    Call(&'static str, Vec<E>),
    /// `$map(array, function($v) { body })`.
    Map(Box<E>, Box<E>),
    /// `(e)[i]`.
    Index(Box<E>, i8),
    Field(Box<E>, &'static str),
    /// `$filter(array, function($v) { body })`.
    Filter(Box<E>, Box<E>),
    /// `(x ~> $name())`.
    Apply(Box<E>, &'static str),
    /// `($x := value; body)`.
    Bind(Box<E>, Box<E>),
}

impl E {
    fn render(&self) -> String {
        match self {
            E::Leaf(s) => s.clone(),
            E::Binary(op, a, b) => format!("({} {op} {})", a.render(), b.render()),
            E::Negate(a) => format!("-({})", a.render()),
            E::Condition(c, a, b) => {
                format!("({} ? {} : {})", c.render(), a.render(), b.render())
            }
            E::Range(a, b) => format!("[{}..{}]", a.render(), b.render()),
            E::Array(items) => format!(
                "[{}]",
                items.iter().map(E::render).collect::<Vec<_>>().join(", ")
            ),
            E::Object(pairs) => format!(
                "{{{}}}",
                pairs
                    .iter()
                    .map(|(k, v)| format!("'{k}': {}", v.render()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            E::Call(name, args) => format!(
                "${name}({})",
                args.iter().map(E::render).collect::<Vec<_>>().join(", ")
            ),
            E::Map(array, body) => format!(
                "$map({}, function($v) {{ {} }})",
                array.render(),
                body.render()
            ),
            E::Index(a, i) => format!("({})[{i}]", a.render()),
            E::Filter(array, body) => format!(
                "$filter({}, function($v) {{ {} }})",
                array.render(),
                body.render()
            ),
            E::Apply(a, name) => format!("({} ~> ${name}())", a.render()),
            E::Bind(value, body) => format!("($x := {}; {})", value.render(), body.render()),
            E::Field(a, name) => format!("({}).{name}", a.render()),
        }
    }

    /// The `=` and `!=` comparisons outside lambdas and `:=` blocks (which can be evaluated
    /// alone), and whether there are any inside.
    fn equalities<'e>(&'e self, out: &mut Vec<&'e E>, in_lambda: bool) -> bool {
        let mut inside = false;
        match self {
            E::Leaf(_) => {}
            E::Binary(op, a, b) => {
                if matches!(*op, "=" | "!=") {
                    if in_lambda {
                        inside = true;
                    } else {
                        out.push(self);
                    }
                }
                inside |= a.equalities(out, in_lambda);
                inside |= b.equalities(out, in_lambda);
            }
            E::Negate(a) | E::Index(a, _) | E::Field(a, _) | E::Apply(a, _) => {
                inside |= a.equalities(out, in_lambda)
            }
            E::Condition(c, a, b) => {
                for e in [c, a, b] {
                    inside |= e.equalities(out, in_lambda);
                }
            }
            // The body reads `$x`: its comparisons cannot be evaluated alone.
            E::Bind(value, body) => {
                inside |= value.equalities(out, in_lambda);
                inside |= body.equalities(out, true);
            }
            E::Range(a, b) => {
                inside |= a.equalities(out, in_lambda);
                inside |= b.equalities(out, in_lambda);
            }
            E::Array(items) | E::Call(_, items) => {
                for e in items {
                    inside |= e.equalities(out, in_lambda);
                }
            }
            E::Object(pairs) => {
                for (_, e) in pairs {
                    inside |= e.equalities(out, in_lambda);
                }
            }
            E::Map(array, body) | E::Filter(array, body) => {
                inside |= array.equalities(out, in_lambda);
                inside |= body.equalities(out, true);
            }
        }
        inside
    }
}

/// Literals of every type.
fn literal() -> impl Strategy<Value = E> {
    prop::sample::select(vec![
        "0",
        "1",
        "2",
        "3",
        "-1",
        "1.5",
        "0.5",
        "'a'",
        "''",
        "'AbC'",
        "'12'",
        "'2.5'",
        "'x,y'",
        "true",
        "false",
        "null",
        "[]",
        "{}",
        "[1, 2]",
        "['a', 'b']",
    ])
    .prop_map(|s| E::Leaf(s.to_owned()))
}

/// The built-ins the grammar calls, with how many arguments.
const FUNCTIONS: [(&str, usize); 42] = [
    ("string", 1),
    ("number", 1),
    ("uppercase", 1),
    ("lowercase", 1),
    ("length", 1),
    ("substring", 2),
    ("count", 1),
    ("sum", 1),
    ("keys", 1),
    ("exists", 1),
    ("not", 1),
    ("boolean", 1),
    ("abs", 1),
    ("floor", 1),
    ("round", 1),
    ("round", 2),
    ("join", 1),
    ("join", 2),
    ("split", 2),
    ("contains", 2),
    ("append", 2),
    ("reverse", 1),
    ("distinct", 1),
    ("max", 1),
    ("min", 1),
    ("average", 1),
    ("trim", 1),
    ("lookup", 2),
    ("merge", 1),
    ("sort", 1),
    ("ceil", 1),
    ("sqrt", 1),
    ("power", 2),
    ("substringBefore", 2),
    ("substringAfter", 2),
    ("pad", 2),
    ("type", 1),
    ("spread", 1),
    ("zip", 2),
    ("single", 1),
    ("string", 2),
    ("formatBase", 2),
];

const BINARY: [&str; 16] = [
    "+", "-", "*", "/", "%", "&", "=", "!=", "<", "<=", ">", ">=", "and", "or", "=", "in",
];

/// Expressions over the schema's `paths`, where the variables `bound` (`$v`, an item of
/// `$map`'s or `$filter`'s array; `$x`, bound by `:=`) may be read.
fn expression(paths: Vec<String>, bound: Vec<&'static str>) -> BoxedStrategy<E> {
    let mut leaves: Vec<BoxedStrategy<E>> = vec![literal().boxed()];
    if !paths.is_empty() {
        for _ in 0..2 {
            leaves.push(
                prop::sample::select(paths.clone())
                    .prop_map(E::Leaf)
                    .boxed(),
            );
        }
    }
    for &var in &bound {
        leaves.push(Just(E::Leaf(var.to_owned())).boxed());
        leaves.push(
            prop::sample::select(NAMES.to_vec())
                .prop_map(move |n| E::Leaf(format!("{var}.{n}")))
                .boxed(),
        );
    }
    let leaf = proptest::strategy::Union::new(leaves);
    leaf.prop_recursive(4, 32, 3, move |inner| {
        let with = |var: &'static str| {
            if bound.contains(&var) {
                inner.clone().boxed()
            } else {
                let mut more = bound.clone();
                more.push(var);
                expression(paths.clone(), more)
            }
        };
        let lambda = with("$v");
        let block = with("$x");
        let b = |e: E| Box::new(e);
        let unary: Vec<&'static str> = FUNCTIONS
            .iter()
            .filter(|(_, arity)| *arity == 1)
            .map(|(name, _)| *name)
            .collect();
        prop_oneof![
            4 => (prop::sample::select(BINARY.to_vec()), inner.clone(), inner.clone())
                .prop_map(move |(op, x, y)| E::Binary(op, b(x), b(y))),
            1 => inner.clone().prop_map(move |x| E::Negate(b(x))),
            1 => (inner.clone(), inner.clone(), inner.clone())
                .prop_map(move |(c, x, y)| E::Condition(b(c), b(x), b(y))),
            1 => (inner.clone(), inner.clone()).prop_map(move |(x, y)| E::Range(b(x), b(y))),
            1 => proptest::collection::vec(inner.clone(), 0..=2).prop_map(E::Array),
            1 => proptest::collection::vec((prop::sample::select(NAMES.to_vec()), inner.clone()), 0..=2)
                .prop_map(E::Object),
            5 => (prop::sample::select(FUNCTIONS.to_vec()), proptest::collection::vec(inner.clone(), 2))
                .prop_map(|((name, arity), mut args)| {
                    args.truncate(arity);
                    E::Call(name, args)
                }),
            1 => (inner.clone(), lambda.clone()).prop_map(move |(x, y)| E::Map(b(x), b(y))),
            1 => (inner.clone(), lambda).prop_map(move |(x, y)| E::Filter(b(x), b(y))),
            1 => (inner.clone(), prop::sample::select(unary))
                .prop_map(move |(x, name)| E::Apply(b(x), name)),
            1 => (inner.clone(), block).prop_map(move |(x, y)| E::Bind(b(x), b(y))),
            1 => (inner.clone(), prop::sample::select(vec![0i8, 0, 1, -1]))
                .prop_map(move |(x, i)| E::Index(b(x), i)),
            1 => (inner.clone(), prop::sample::select(NAMES.to_vec()))
                .prop_map(move |(x, n)| E::Field(b(x), n)),
        ]
    })
    .boxed()
}

/// A schema, a value of it, an expression over it.
fn case() -> impl Strategy<Value = (DataType, Value, E)> {
    schema().prop_flat_map(|schema| {
        let value = value_of(&schema);
        let expr = expression(paths(&schema), Vec::new());
        (Just(schema), value, expr)
    })
}

/// Whether `value` is of type `t`.
fn conforms(value: &Value, t: &DataType) -> bool {
    let fields_conform = |map: &Map<String, Value>, fields: &BTreeMap<String, (DataType, bool)>| {
        fields
            .iter()
            .all(|(name, (t, optional))| match map.get(name) {
                Some(v) => conforms(v, t),
                None => *optional,
            })
    };
    match (t, value) {
        (DataType::Any, _) => true,
        (DataType::Null, Value::Null) | (DataType::Bool, Value::Bool(_)) => true,
        (DataType::Number, Value::Number(_)) | (DataType::String, Value::String(_)) => true,
        (DataType::Integer, Value::Number(n)) => is_whole(n),
        (DataType::Array(e), Value::Array(items)) => items.iter().all(|v| conforms(v, e)),
        (DataType::Tuple(ts), Value::Array(items)) => {
            ts.len() == items.len() && items.iter().zip(ts).all(|(v, t)| conforms(v, t))
        }
        (DataType::Object(fields), Value::Object(map)) => {
            fields_conform(map, fields) && map.keys().all(|k| fields.contains_key(k))
        }
        (DataType::Partial(fields), Value::Object(map)) => fields_conform(map, fields),
        (DataType::Map(t), Value::Object(map)) => map.values().all(|v| conforms(v, t)),
        _ => false,
    }
}

fn is_whole(n: &Number) -> bool {
    n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
}

/// The evaluator's answer for `text` with `$states.input` bound to `input`.
fn evaluated(text: &str, input: &Value) -> Result<Option<Value>, String> {
    let expr = Jsonata::parse(text).map_err(|e| format!("parse {}", e.code))?;
    let states = json!({ "input": input });
    let mut ctx = FixedContext::new(0, 1);
    evaluate(
        &expr,
        None,
        &[("states", &states)],
        &mut ctx,
        Limits::default(),
    )
    .map_err(|e| e.code.to_owned())
}

/// Checks one case; `Err` says how the validator and the evaluator disagree.
fn check(schema: &DataType, input: &Value, e: &E) -> Result<(), String> {
    let text = e.render();
    let definition = json!({
        "QueryLanguage": "JSONata", "StartAt": "S",
        "States": {"S": {"Type": "Pass", "Output": {"v": format!("{{% {text} %}}")}, "End": true}}
    });
    let Ok(machine) = StateMachine::from_json(&definition.to_string()) else {
        return Ok(());
    };
    let options = ValidationOptions {
        input: schema.clone(),
        ..Default::default()
    };
    let errors: Vec<_> = machine
        .validate_with(&options)
        .into_iter()
        .filter(|d| {
            d.severity == Severity::Error
                || matches!(
                    d.code,
                    Code::JsonataTypeError | Code::ComparisonTypeMismatch
                )
        })
        .collect();
    let result = evaluated(&text, input);
    let context = || format!("`{text}` with input {input} of schema {schema}");
    let mut equalities = Vec::new();
    let in_lambdas = e.equalities(&mut equalities, false);
    for d in &errors {
        if d.pointer.as_str() != "/States/S/Output/v" {
            return Err(format!("unexpected {d:?} for {}", context()));
        }
        let fails = d.code == Code::JsonataTypeError
            || (d.code == Code::ComparisonTypeMismatch
                && d.message.contains("which fails the expression"));
        // "fails (T0412) unless `$x` is empty": an empty array is the one exception.
        let unless_empty = d.message.contains(" unless ");
        // "…; and where `$x` is empty, it gives no value, which the field cannot take": the
        // expression gives none, and the state fails on it ("returned nothing (undefined)").
        let or_nothing = d.message.contains("returned nothing (undefined)");
        if fails {
            match &result {
                Err(code) if code.starts_with('T') || code.starts_with('D') => {}
                Ok(_) if unless_empty => {}
                Ok(None) if or_nothing => {}
                other => {
                    return Err(format!(
                        "said to fail ({}) but evaluates to {other:?}: {}",
                        d.message,
                        context()
                    ));
                }
            }
        } else if d.code == Code::ComparisonTypeMismatch
            && (d.message.contains("can never equal") || d.message.contains("always differs"))
        {
            // Checked where the comparison is the only one, and outside lambdas and blocks.
            let [only] = equalities.as_slice() else {
                continue;
            };
            if in_lambdas {
                continue;
            }
            let claimed = !d.message.contains("can never equal");
            match evaluated(&only.render(), input) {
                Ok(Some(Value::Bool(b))) if b == claimed => {}
                // The comparison fails before it compares: nothing said of it is wrong.
                Err(_) => {}
                other => {
                    return Err(format!(
                        "said to be always {claimed} ({}) but `{}` evaluates to {other:?}: {}",
                        d.message,
                        only.render(),
                        context()
                    ));
                }
            }
        } else {
            return Err(format!("unexpected {d:?} for {}", context()));
        }
    }
    if let Ok(Some(value)) = &result {
        let t = match output_type(&machine, schema) {
            DataType::Object(fields) => fields.get("v").map(|(t, _)| t.clone()),
            other => return Err(format!("output type {other} for {}", context())),
        };
        let Some(t) = t else {
            return Err(format!("no `v` in the output type for {}", context()));
        };
        if !conforms(value, &t) {
            return Err(format!(
                "evaluates to {value}, which is not of the inferred type {t}: {}",
                context()
            ));
        }
    }
    Ok(())
}

/// 5,000 cases (a few seconds); `PROPTEST_CASES` sets another number for a longer search.
fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5000);
    Config {
        cases,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn jsonata_types_agree_with_the_evaluator((schema, input, e) in case()) {
        if let Err(problem) = check(&schema, &input, &e) {
            prop_assert!(false, "{}", problem);
        }
    }
}

/// The cases are not vacuous: among them the validator reports failures and comparisons
/// that never hold, and evaluations give values (whose types are checked) and fail.
#[test]
fn the_cases_exercise_every_check() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut reported, mut claims, mut values, mut failures) = (0, 0, 0, 0);
    let cases = 500;
    for _ in 0..cases {
        let Ok(tree) = case().new_tree(&mut runner) else {
            continue;
        };
        let (schema, input, e) = tree.current();
        let text = e.render();
        let definition = json!({
            "QueryLanguage": "JSONata", "StartAt": "S",
            "States": {"S": {"Type": "Pass", "Output": {"v": format!("{{% {text} %}}")}, "End": true}}
        });
        let Ok(machine) = StateMachine::from_json(&definition.to_string()) else {
            continue;
        };
        let found = machine.validate_with(&ValidationOptions {
            input: schema,
            ..Default::default()
        });
        reported += usize::from(found.iter().any(|d| d.code == Code::JsonataTypeError));
        claims += usize::from(found.iter().any(|d| d.message.contains("can never equal")));
        match evaluated(&text, &input) {
            Ok(Some(_)) => values += 1,
            Ok(None) => {}
            Err(_) => failures += 1,
        }
    }
    assert!(
        reported > cases / 20 && claims > 0 && values > cases / 5 && failures > cases / 5,
        "type errors {reported}, never-equal claims {claims}, values {values}, failures {failures} of {cases}"
    );
}

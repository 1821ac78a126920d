//! Property test: random structural and textual mutations of real definitions (the
//! `../shared/asl-corpus` files where present, plus built-in seeds) never panic the parser,
//! the decoder or the validator, and whatever decodes re-encodes to an equal model.

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use std::path::Path;
use std::sync::OnceLock;
use workflow_asl::{StateMachine, check};

/// Definitions covering every state type and most fields, used with or without the corpus.
fn seeds() -> Vec<Value> {
    vec![
        json!({
            "Comment": "every state type", "StartAt": "P", "TimeoutSeconds": 300,
            "States": {
                "P": {"Type": "Pass", "Parameters": {"a.$": "$.x", "f.$": "States.Format('{}', $.y)"}, "ResultPath": "$.p", "Next": "C"},
                "C": {"Type": "Choice", "Choices": [
                    {"And": [{"Variable": "$.n", "NumericGreaterThan": 1}, {"Not": {"Variable": "$.s", "StringMatches": "a*"}}], "Next": "W"},
                    {"Variable": "$.t", "TimestampLessThanPath": "$.u", "Next": "F"}], "Default": "T"},
                "W": {"Type": "Wait", "SecondsPath": "$.delay", "Next": "T"},
                "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 60, "HeartbeatSeconds": 10,
                      "Parameters": {"FunctionName": "f", "Payload.$": "$"}, "ResultSelector": {"r.$": "$.Payload"},
                      "Retry": [{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 2, "BackoffRate": 2.0, "MaxDelaySeconds": 9, "JitterStrategy": "FULL"}],
                      "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "F"}], "Next": "Par"},
                "Par": {"Type": "Parallel", "Branches": [
                    {"StartAt": "B1", "States": {"B1": {"Type": "Succeed"}}},
                    {"StartAt": "B2", "States": {"B2": {"Type": "Pass", "End": true}}}], "Next": "M"},
                "M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2,
                      "ItemSelector": {"v.$": "$$.Map.Item.Value"},
                      "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "I",
                                        "States": {"I": {"Type": "Pass", "End": true}}},
                      "ItemBatcher": {"MaxItemsPerBatch": 5}, "ToleratedFailurePercentage": 10, "Label": "L", "Next": "S"},
                "S": {"Type": "Succeed"},
                "F": {"Type": "Fail", "ErrorPath": "$.error.Error", "CausePath": "$.error.Cause"}
            }
        }),
        json!({
            "QueryLanguage": "JSONata", "StartAt": "A",
            "States": {
                "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"Payload": "{% $states.input %}"},
                      "Assign": {"total": "{% $states.result.Payload.n %}"}, "Output": "{% $states.result %}", "Next": "C"},
                "C": {"Type": "Choice", "Choices": [{"Condition": "{% $total > 3 %}", "Next": "M"}], "Default": "Done"},
                "M": {"Type": "Map", "Items": "{% $states.input.items %}", "ItemProcessor": {"StartAt": "X", "States": {"X": {"Type": "Succeed"}}},
                      "Next": "Done"},
                "Done": {"Type": "Succeed", "Output": {"total": "{% $total %}"}}
            }
        }),
    ]
}

fn inputs() -> &'static Vec<Value> {
    static INPUTS: OnceLock<Vec<Value>> = OnceLock::new();
    INPUTS.get_or_init(|| {
        let mut all = seeds();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/asl-corpus/substituted");
        match std::fs::read_dir(&dir) {
            Ok(entries) => {
                for entry in entries.flatten() {
                    if let Ok(text) = std::fs::read_to_string(entry.path())
                        && let Ok(v) = serde_json::from_str(&text)
                    {
                        all.push(v);
                    }
                }
            }
            Err(_) => println!(
                "asl-corpus not found at {}; mutating the built-in seeds only",
                dir.display()
            ),
        }
        all
    })
}

/// Keys worth swapping in: real ASL field names, so mutations reach deep into the decoder.
const KEYS: &[&str] = &[
    "Type",
    "Next",
    "End",
    "Resource",
    "Parameters",
    "ResultPath",
    "InputPath",
    "OutputPath",
    "ResultSelector",
    "Retry",
    "Catch",
    "ErrorEquals",
    "Choices",
    "Default",
    "Variable",
    "And",
    "Or",
    "Not",
    "StringEquals",
    "NumericEqualsPath",
    "IsPresent",
    "Seconds",
    "Timestamp",
    "SecondsPath",
    "Branches",
    "ItemProcessor",
    "Iterator",
    "ItemSelector",
    "ItemReader",
    "ItemBatcher",
    "ResultWriter",
    "MaxConcurrency",
    "Label",
    "Arguments",
    "Output",
    "Assign",
    "Condition",
    "QueryLanguage",
    "StartAt",
    "States",
    "Error",
    "CausePath",
    "TimeoutSeconds",
    "HeartbeatSecondsPath",
    "ToleratedFailureCount",
    "BackoffRate",
    "JitterStrategy",
    "x.$",
];

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "[$.A-Za-z0-9{}%()' ,\\[\\]*?@]{0,24}".prop_map(Value::String),
        prop::sample::select(vec![
            "$",
            "$.a",
            "$$.Map.Item.Value",
            "$var",
            "States.Format('{}', $.a)",
            "{% $states.input %}",
            "Pass",
            "Task",
            "Choice",
            "Map",
            "Parallel",
            "Wait",
            "Fail",
            "Succeed",
            "States.ALL",
            "${Arn}",
            "arn:aws:states:::lambda:invoke.waitForTaskToken",
            "JSONata",
            "DISTRIBUTED",
            "2026-01-01T00:00:00Z",
        ])
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..4).prop_map(|kv| {
                Value::Object(
                    kv.into_iter()
                        .map(|(k, v)| (k.to_owned(), v))
                        .collect::<Map<_, _>>(),
                )
            }),
        ]
    })
}

/// One mutation: where to apply it (a path of indices chosen modulo the sizes met) and what.
#[derive(Clone, Debug)]
enum Mutation {
    Replace(Vec<usize>, Value),
    Remove(Vec<usize>),
    Insert(Vec<usize>, &'static str, Value),
    Rename(Vec<usize>, &'static str),
    DuplicateState(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let path = prop::collection::vec(0usize..64, 0..7);
    prop_oneof![
        (path.clone(), arbitrary_json()).prop_map(|(p, v)| Mutation::Replace(p, v)),
        path.clone().prop_map(Mutation::Remove),
        (path.clone(), prop::sample::select(KEYS), arbitrary_json())
            .prop_map(|(p, k, v)| Mutation::Insert(p, k, v)),
        (path, prop::sample::select(KEYS)).prop_map(|(p, k)| Mutation::Rename(p, k)),
        (0usize..64).prop_map(Mutation::DuplicateState),
    ]
}

/// Walks `path` (indices modulo container sizes) and returns the container reached.
fn walk<'v>(mut v: &'v mut Value, path: &[usize]) -> &'v mut Value {
    for &i in path {
        let is_leaf = match &*v {
            Value::Array(a) => a.is_empty(),
            Value::Object(o) => o.is_empty(),
            _ => true,
        };
        if is_leaf {
            break;
        }
        v = match v {
            Value::Array(a) => {
                let n = a.len();
                &mut a[i % n]
            }
            Value::Object(o) => {
                let key = nth_key(o, i);
                match o.get_mut(&key) {
                    Some(child) => child,
                    None => unreachable!("the key was just read from the map"),
                }
            }
            _ => unreachable!("leaves stop the walk above"),
        };
    }
    v
}

/// The `i`-th key (modulo the size) of a non-empty object.
fn nth_key(o: &Map<String, Value>, i: usize) -> String {
    o.keys().nth(i % o.len()).cloned().unwrap_or_default()
}

fn apply(doc: &mut Value, m: &Mutation) {
    match m {
        Mutation::Replace(p, new) => *walk(doc, p) = new.clone(),
        Mutation::Remove(p) => {
            if let Some((last, init)) = p.split_last() {
                match walk(doc, init) {
                    Value::Object(o) if !o.is_empty() => {
                        let key = nth_key(o, *last);
                        o.shift_remove(&key);
                    }
                    Value::Array(a) if !a.is_empty() => {
                        let n = a.len();
                        a.remove(last % n);
                    }
                    _ => {}
                }
            }
        }
        Mutation::Insert(p, key, value) => {
            if let Value::Object(o) = walk(doc, p) {
                o.insert((*key).to_owned(), value.clone());
            }
        }
        Mutation::Rename(p, key) => {
            if let Some((last, init)) = p.split_last()
                && let Value::Object(o) = walk(doc, init)
                && !o.is_empty()
            {
                let old = nth_key(o, *last);
                if let Some(v) = o.shift_remove(&old) {
                    o.insert((*key).to_owned(), v);
                }
            }
        }
        Mutation::DuplicateState(i) => {
            if let Some(Value::Object(states)) = doc.get_mut("States")
                && !states.is_empty()
            {
                let name = nth_key(states, *i);
                if let Some(state) = states.get(&name).cloned() {
                    states.insert(format!("{name} copy"), state);
                }
            }
        }
    }
}

/// Decoding must be stable: whatever decodes, re-encodes to a document that decodes to the
/// same model; and the validator must return (not panic) on it.
fn assert_stable(text: &str) {
    let _ = check(text);
    if let Ok(machine) = StateMachine::from_json(text) {
        let _ = machine.validate();
        let again =
            StateMachine::from_json(&machine.to_json()).expect("re-encoded definitions decode");
        assert_eq!(again, machine, "decode ∘ encode is not the identity");
    }
}

// The sizes rest on what each property has found (docs/property-tests.md): the structural
// one's one find, put back, fails its first case in every run; the textual one has found nothing.
proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn structural_mutations_never_panic(seed in any::<prop::sample::Index>(), mutations in prop::collection::vec(mutation(), 1..5)) {
        let mut doc = seed.get(inputs()).clone();
        for m in &mutations {
            apply(&mut doc, m);
        }
        assert_stable(&doc.to_string());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn textual_mutations_never_panic(seed in any::<prop::sample::Index>(), cut in any::<prop::sample::Index>(), junk in "[\\[\\]{}\",:$.%0-9a-z\\\\ ]{0,8}") {
        let text = seed.get(inputs()).to_string();
        let mut at = cut.index(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mutated = format!("{}{junk}{}", &text[..at], &text[at..]);
        assert_stable(&mutated);
        assert_stable(&text[..at]);
    }
}

#[test]
fn every_input_round_trips_unmutated() {
    for doc in inputs() {
        let text = doc.to_string();
        if let Ok(machine) = StateMachine::from_json(&text) {
            assert_eq!(&machine.to_value(), doc);
        }
    }
}

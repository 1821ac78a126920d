//! The generated structs read and write JSON as serde's derives with the attributes they once
//! had would (`workflow_runtime::__private::fields`): the same values, written back the same
//! way, and the same errors at the same places, for the input of `input_schema.rs` (every field
//! type, nested and optional objects, arrays of objects, keys that are not identifiers) and for
//! thousands of mutations of it. The one difference, by design: the derive also read a struct
//! from an array, by position; the generated structs say `invalid type: sequence, expected
//! struct …`.

use super::input_schema::OrdersInput;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};

/// What `workflow!` generated before, written out: the input of `Orders` under the same
/// names (they are in the errors), derived.
mod derived {
    use serde::Deserialize;
    use serde_json::Value;

    #[derive(Debug, Deserialize, serde::Serialize)]
    pub(super) struct OrdersInput {
        #[serde(rename = "orderId")]
        order_id: String,
        #[serde(rename = "total")]
        total: f64,
        #[serde(rename = "count")]
        count: i64,
        #[serde(rename = "express")]
        express: bool,
        #[serde(rename = "gift")]
        gift: bool,
        #[serde(rename = "placed")]
        placed: String,
        #[serde(rename = "metadata")]
        metadata: Value,
        #[serde(rename = "tags")]
        tags: Vec<String>,
        #[serde(rename = "matrix")]
        matrix: Vec<Vec<i64>>,
        #[serde(rename = "customer")]
        customer: OrdersInputCustomer,
        #[serde(rename = "lines")]
        lines: Vec<OrdersInputLines>,
        #[serde(rename = "note", default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
        #[serde(rename = "shipping-method")]
        shipping_method: String,
        #[serde(rename = "2fa")]
        field_2fa: bool,
        #[serde(rename = "type")]
        r#type: String,
    }

    #[derive(Debug, Deserialize, serde::Serialize)]
    pub(super) struct OrdersInputCustomer {
        #[serde(rename = "name")]
        name: String,
        #[serde(rename = "email", default, skip_serializing_if = "Option::is_none")]
        email: Option<String>,
        #[serde(rename = "address")]
        address: OrdersInputCustomerAddress,
    }

    #[derive(Debug, Deserialize, serde::Serialize)]
    pub(super) struct OrdersInputCustomerAddress {
        #[serde(rename = "city")]
        city: String,
        #[serde(rename = "zip", default, skip_serializing_if = "Option::is_none")]
        zip: Option<String>,
    }

    #[derive(Debug, Deserialize, serde::Serialize)]
    pub(super) struct OrdersInputLines {
        #[serde(rename = "sku")]
        sku: String,
        #[serde(rename = "qty")]
        qty: i64,
    }
}
use derived::OrdersInput as Derived;

fn valid() -> Value {
    json!({
        "orderId": "o-1",
        "total": 12.5,
        "count": 3,
        "express": true,
        "gift": false,
        "placed": "2026-01-31T23:59:59Z",
        "metadata": { "deep": [0, 1, { "x": true }] },
        "tags": ["a", "b"],
        "matrix": [[1, 2], [3]],
        "customer": { "name": "Ada", "email": "a@b.c", "address": { "city": "Paris", "zip": "75001" } },
        "lines": [{ "sku": "s-1", "qty": 2 }, { "sku": "s-2", "qty": 1 }],
        "note": "fragile",
        "shipping-method": "post",
        "2fa": true,
        "type": "retail"
    })
}

/// What reading `text` (and `value`) gives: the value read, as JSON again, or the error.
fn outcome<T>(value: &Value, text: &str) -> (Result<Value, String>, Result<Value, String>)
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let again = |t: T| serde_json::to_value(t).map_err(|e| format!("write: {e}"));
    (
        T::deserialize(value)
            .map_err(|e| e.to_string())
            .and_then(again),
        serde_json::from_str::<T>(text)
            .map_err(|e| e.to_string())
            .and_then(again),
    )
}

/// Asserts that the generated and the derived implementations agree on `value` (the one
/// difference aside).
fn agree(value: &Value, text: &str) -> Result<(), TestCaseError> {
    let generated = outcome::<OrdersInput>(value, text);
    let derived = outcome::<Derived>(value, text);
    for (ours, theirs) in [(generated.0, derived.0), (generated.1, derived.1)] {
        match &ours {
            Err(e) if e.starts_with("invalid type: sequence, expected struct") => {}
            _ => prop_assert_eq!(&ours, &theirs, "on {}", text),
        }
    }
    Ok(())
}

/// Any JSON, small.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        "[a-z0-9-]{0,6}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,4}|orderId|qty|sku|name|city", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every path of `value` (object keys and array indices), depth first.
fn paths(value: &Value, at: &mut Vec<Vec<Value>>, path: &mut Vec<Value>) {
    at.push(path.clone());
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                path.push(Value::from(key.as_str()));
                paths(v, at, path);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push(Value::from(i));
                paths(v, at, path);
                path.pop();
            }
        }
        _ => {}
    }
}

/// `value` with the member at `path` replaced (`Some`) or removed (`None`).
fn mutate(value: &mut Value, path: &[Value], with: Option<Value>) {
    let Some((last, parents)) = path.split_last() else {
        if let Some(with) = with {
            *value = with;
        }
        return;
    };
    let mut at = value;
    for step in parents {
        at = match (at, step) {
            (Value::Object(map), Value::String(key)) => map.get_mut(key.as_str()).expect("a path"),
            (Value::Array(items), Value::Number(i)) => {
                &mut items[i.as_u64().expect("an index") as usize]
            }
            _ => unreachable!("paths come from the value"),
        };
    }
    match (at, last, with) {
        (Value::Object(map), Value::String(key), Some(with)) => {
            map.insert(key.clone(), with);
        }
        (Value::Object(map), Value::String(key), None) => {
            map.shift_remove(key.as_str());
        }
        (Value::Array(items), Value::Number(i), Some(with)) => {
            items[i.as_u64().expect("an index") as usize] = with;
        }
        (Value::Array(items), Value::Number(i), None) => {
            items.remove(i.as_u64().expect("an index") as usize);
        }
        _ => unreachable!("paths come from the value"),
    }
}

pub fn main() {
    // The valid input, and without its optional fields, or with them null.
    let mut cases = vec![valid()];
    let mut without = valid();
    for path in [
        &["note"][..],
        &["customer", "email"],
        &["customer", "address", "zip"],
    ] {
        let path: Vec<Value> = path.iter().map(|k| Value::from(*k)).collect();
        let mut null = valid();
        mutate(&mut null, &path, Some(Value::Null));
        cases.push(null);
        mutate(&mut without, &path, None);
    }
    cases.push(without);
    for value in &cases {
        let text = value.to_string();
        agree(value, &text).expect("they agree");
        assert!(outcome::<OrdersInput>(value, &text).0.is_ok(), "{text}");
    }
    // A key given twice (only text can say it), a struct given as an array, and not an object.
    let text = valid().to_string().replacen(
        "{\"orderId\":\"o-1\"",
        "{\"orderId\":\"o-1\",\"orderId\":\"o-2\"",
        1,
    );
    let (_, twice) = outcome::<OrdersInput>(&valid(), &text);
    assert_eq!(twice, outcome::<Derived>(&valid(), &text).1);
    assert_eq!(
        twice,
        Err("duplicate field `orderId` at line 1 column 26".to_owned())
    );
    let array = json!(["o-1", 12.5]);
    assert_eq!(
        outcome::<OrdersInput>(&array, &array.to_string()).0,
        Err("invalid type: sequence, expected struct OrdersInput".to_owned())
    );
    assert_eq!(
        outcome::<OrdersInput>(&json!(7), "7").1,
        outcome::<Derived>(&json!(7), "7").1
    );

    // Mutations: up to three members removed or replaced by any JSON, or keys added.
    let mut all = Vec::new();
    paths(&valid(), &mut all, &mut Vec::new());
    // A key added: a field's own, one of another case, or any other.
    let key = "[a-z]{1,3}|orderId|OrderId|orderid|NAME|Sku|TYPE|2FA|Shipping-Method|note|email|zip";
    let mutation = (
        0..all.len(),
        prop::option::weighted(0.8, any_json()),
        prop::option::of(key),
    );
    let mut runner = TestRunner::new(Config {
        cases: 2_000,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&prop::collection::vec(mutation, 1..4), |mutations| {
            let mut value = valid();
            for (index, with, added) in mutations {
                let mut present = Vec::new();
                paths(&value, &mut present, &mut Vec::new());
                let Some(path) = present.get(index % present.len().max(1)).cloned() else {
                    continue;
                };
                if let Some(key) = added
                    .filter(|_| matches!(value.pointer(&pointer(&path)), Some(Value::Object(_))))
                {
                    let mut path = path;
                    path.push(Value::from(key));
                    mutate(&mut value, &path, Some(with.unwrap_or(Value::Null)));
                } else {
                    mutate(&mut value, &path, with);
                }
            }
            let text = value.to_string();
            agree(&value, &text)
        })
        .expect("the generated Deserialize agrees with the derive");
}

/// The JSON Pointer of `path`.
fn pointer(path: &[Value]) -> String {
    path.iter()
        .map(|step| match step {
            Value::String(key) => format!("/{}", key.replace('~', "~0").replace('/', "~1")),
            other => format!("/{other}"),
        })
        .collect()
}

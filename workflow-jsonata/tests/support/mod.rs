//! What the JSONata comparison tests (`oracle.rs`, `aws_answers.rs`) share.

use serde_json::Value;

/// Whether two JSON values are equal, numbers compared as doubles (`1` and `1.0` alike: the
/// reference implementation and AWS write whole numbers without a fraction, as we do).
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

//! Shared helpers on JSON values: numeric-aware deep equality and hashing (iterative),
//! number comparison (integers exactly), Java-style rounding, UTF-16 string order, type names.

use serde_json::{Number, Value};
use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

/// An integer view of a number when it is one (`1`, `-3`, `2.0`), exactly.
pub(crate) fn as_i128(n: &Number) -> Option<i128> {
    if let Some(i) = n.as_i64() {
        return Some(i128::from(i));
    }
    if let Some(u) = n.as_u64() {
        return Some(i128::from(u));
    }
    let f = n.as_f64()?;
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1.7e38 {
        Some(f as i128)
    } else {
        None
    }
}

/// Whether the number is stored as an integer (not `2.0`).
fn is_stored_integer(n: &Number) -> bool {
    n.is_i64() || n.is_u64()
}

/// Compares an exact integer with a float, exactly.
fn cmp_int_float(i: i128, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f >= 1.7e38 {
        return Some(Ordering::Less);
    }
    if f <= -1.7e38 {
        return Some(Ordering::Greater);
    }
    let t = f.trunc();
    match i.cmp(&(t as i128)) {
        Ordering::Equal => 0.0f64.partial_cmp(&(f - t)),
        other => Some(other),
    }
}

/// Compares two JSON numbers: integers exactly, otherwise as `f64` (an integer against a
/// float is still exact).
pub(crate) fn cmp_numbers(a: &Number, b: &Number) -> Option<Ordering> {
    match (is_stored_integer(a), is_stored_integer(b)) {
        (true, true) => Some(as_i128(a)?.cmp(&as_i128(b)?)),
        (true, false) => cmp_int_float(as_i128(a)?, b.as_f64()?),
        (false, true) => cmp_int_float(as_i128(b)?, a.as_f64()?).map(Ordering::reverse),
        (false, false) => a.as_f64()?.partial_cmp(&b.as_f64()?),
    }
}

/// Numeric equality (`1 == 1.0`).
pub(crate) fn numbers_equal(a: &Number, b: &Number) -> bool {
    cmp_numbers(a, b) == Some(Ordering::Equal)
}

/// Deep JSON equality, numbers compared by value, object members in any order. Iterative.
pub(crate) fn json_eq(a: &Value, b: &Value) -> bool {
    let mut stack: Vec<(&Value, &Value)> = vec![(a, b)];
    while let Some((x, y)) = stack.pop() {
        match (x, y) {
            (Value::Null, Value::Null) => {}
            (Value::Bool(p), Value::Bool(q)) if p == q => {}
            (Value::Number(p), Value::Number(q)) if numbers_equal(p, q) => {}
            (Value::String(p), Value::String(q)) if p == q => {}
            (Value::Array(p), Value::Array(q)) if p.len() == q.len() => {
                stack.extend(p.iter().zip(q.iter()));
            }
            (Value::Object(p), Value::Object(q)) if p.len() == q.len() => {
                for (k, v) in p {
                    match q.get(k) {
                        Some(w) => stack.push((v, w)),
                        None => return false,
                    }
                }
            }
            _ => return false,
        }
    }
    true
}

/// A hash consistent with [`json_eq`]: equal values hash equally. Iterative; object members
/// are combined order-independently.
pub(crate) fn json_hash(value: &Value) -> u64 {
    // Each node's hash is computed bottom-up with an explicit stack of frames.
    enum Frame<'a> {
        Visit(&'a Value),
        // Combine the last `n` child hashes into an array hash (ordered).
        Array(usize),
        // Combine the last child hashes with these keys into an object hash (unordered).
        Object(Vec<&'a String>),
    }
    let mut work = vec![Frame::Visit(value)];
    let mut done: Vec<u64> = Vec::new();
    while let Some(frame) = work.pop() {
        match frame {
            Frame::Visit(v) => match v {
                Value::Array(items) => {
                    work.push(Frame::Array(items.len()));
                    work.extend(items.iter().rev().map(Frame::Visit));
                }
                Value::Object(map) => {
                    work.push(Frame::Object(map.keys().collect()));
                    work.extend(map.values().rev().map(Frame::Visit));
                }
                scalar => done.push(scalar_hash(scalar)),
            },
            Frame::Array(n) => {
                let children = done.split_off(done.len().saturating_sub(n));
                let mut h = hasher();
                4u8.hash(&mut h);
                children.hash(&mut h);
                done.push(h.finish());
            }
            Frame::Object(keys) => {
                let children = done.split_off(done.len().saturating_sub(keys.len()));
                let mut sum = 0u64;
                for (k, child) in keys.iter().zip(children) {
                    let mut h = hasher();
                    k.hash(&mut h);
                    child.hash(&mut h);
                    sum = sum.wrapping_add(h.finish());
                }
                let mut h = hasher();
                5u8.hash(&mut h);
                sum.hash(&mut h);
                done.push(h.finish());
            }
        }
    }
    done.pop().unwrap_or(0)
}

fn hasher() -> std::collections::hash_map::DefaultHasher {
    std::collections::hash_map::DefaultHasher::new()
}

fn scalar_hash(v: &Value) -> u64 {
    let mut h = hasher();
    match v {
        Value::Null => 0u8.hash(&mut h),
        Value::Bool(b) => {
            1u8.hash(&mut h);
            b.hash(&mut h);
        }
        Value::Number(n) => {
            2u8.hash(&mut h);
            match as_i128(n) {
                Some(i) => i.hash(&mut h),
                None => n.as_f64().unwrap_or(0.0).to_bits().hash(&mut h),
            }
        }
        Value::String(s) => {
            3u8.hash(&mut h);
            s.hash(&mut h);
        }
        Value::Array(_) | Value::Object(_) => {}
    }
    h.finish()
}

/// Orders strings as Java's `String.compareTo` does: by UTF-16 code units. This differs from
/// Rust's (code point) order only when a character above U+FFFF meets one in U+E000..=U+FFFF.
pub(crate) fn cmp_utf16(a: &str, b: &str) -> Ordering {
    let prefix = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    // Back up to a character boundary so the first differing characters are whole.
    let mut start = prefix;
    while start > 0 && !(a.is_char_boundary(start) && b.is_char_boundary(start)) {
        start -= 1;
    }
    let (ra, rb) = (a.get(start..).unwrap_or(""), b.get(start..).unwrap_or(""));
    match (ra.chars().next(), rb.chars().next()) {
        (Some(x), Some(y)) if (x as u32) >= 0xE000 && (y as u32) >= 0xE000 => {
            ra.encode_utf16().cmp(rb.encode_utf16())
        }
        _ => ra.cmp(rb),
    }
}

/// Java's `Math.round` (half up, toward positive infinity) as AWS applies it to non-integer
/// intrinsic arguments: `2.5 → 3`, `-2.5 → -2`, `-1.51 → -2`. `None` outside the `i64`
/// range.
pub(crate) fn java_round(n: &Number) -> Option<i64> {
    if let Some(i) = n.as_i64() {
        return Some(i);
    }
    if n.is_u64() {
        return None;
    }
    let f = n.as_f64()?;
    let r = f.floor();
    // Half up: add one when the fraction is at least one half (computed without `f + 0.5`,
    // which rounds wrongly for the largest double below 0.5).
    let r = if f - r >= 0.5 { r + 1.0 } else { r };
    let limit = 2f64.powi(63);
    if r.is_finite() && (-limit..limit).contains(&r) {
        Some(r as i64)
    } else {
        None
    }
}

/// The JSON type of a value, as messages name it.
pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The length of `value`'s compact JSON text (UTF-8 bytes, as serde_json writes it), counted
/// iteratively without building the text and only until it passes `stop_after`: the result is
/// exact up to `stop_after` and some number past it beyond. `None` when arrays and objects
/// nest more than `max_depth` levels deep (the outermost being level 1, as
/// [`MAX_DEPTH`](crate::json::MAX_DEPTH) counts).
///
/// ```
/// use serde_json::json;
/// use workflow_asl::eval::compact_len;
///
/// let value = json!({"a": [1, "x\n"]});
/// assert_eq!(compact_len(&value, usize::MAX, 8), Some(value.to_string().len()));
/// assert_eq!(compact_len(&json!([[[1]]]), usize::MAX, 3), Some(7));
/// assert_eq!(compact_len(&json!([[[]]]), usize::MAX, 2), None);
/// ```
pub fn compact_len(value: &Value, stop_after: usize, max_depth: usize) -> Option<usize> {
    let mut bytes = 0usize;
    // Each value with the number of arrays and objects around it.
    let mut stack: Vec<(&Value, usize)> = vec![(value, 0)];
    while let Some((v, around)) = stack.pop() {
        bytes = bytes.saturating_add(match v {
            Value::Null => 4,
            Value::Bool(true) => 4,
            Value::Bool(false) => 5,
            Value::Number(n) => n.to_string().len(),
            Value::String(s) => string_bytes(s),
            Value::Array(_) | Value::Object(_) if around >= max_depth => return None,
            Value::Array(items) => {
                stack.extend(items.iter().map(|i| (i, around + 1)));
                // `[`, `]` and the commas between the items.
                2 + items.len().saturating_sub(1)
            }
            Value::Object(map) => {
                stack.extend(map.values().map(|i| (i, around + 1)));
                // `{`, `}`, the commas, and each `"key":`.
                2 + map.len().saturating_sub(1)
                    + map.keys().map(|k| string_bytes(k) + 1).sum::<usize>()
            }
        });
        if bytes > stop_after {
            return Some(bytes);
        }
    }
    Some(bytes)
}

/// The bytes of `s` as a JSON string, quotes and escapes included (as serde_json writes it).
pub(crate) fn string_bytes(s: &str) -> usize {
    2 + s
        .bytes()
        .map(|b| match b {
            b'"' | b'\\' | b'\n' | b'\r' | b'\t' | 0x08 | 0x0c => 2,
            0..=0x1f => 6,
            _ => 1,
        })
        .sum::<usize>()
}

/// Compact JSON text.
pub(crate) fn compact(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// Compact JSON text, cut to `max` characters with `...` for long values (for messages).
pub(crate) fn compact_short(v: &Value, max: usize) -> String {
    let text = compact(v);
    if text.chars().count() <= max {
        text
    } else {
        let mut cut: String = text.chars().take(max).collect();
        cut.push_str("...");
        cut
    }
}

/// Drops a value without recursion (serde_json's drop recurses once per nesting level).
#[cfg(test)]
pub(crate) fn drop_iteratively(value: Value) {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.into_iter().map(|(_, v)| v)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn n(v: Value) -> Number {
        match v {
            Value::Number(n) => n,
            other => panic!("{other}"),
        }
    }

    #[test]
    fn number_comparison_is_exact() {
        let cmp = |a: Value, b: Value| cmp_numbers(&n(a), &n(b));
        assert_eq!(cmp(json!(1), json!(1.0)), Some(Ordering::Equal));
        assert_eq!(cmp(json!(1), json!(1.5)), Some(Ordering::Less));
        assert_eq!(cmp(json!(2.5), json!(2)), Some(Ordering::Greater));
        assert_eq!(cmp(json!(-1), json!(-0.5)), Some(Ordering::Less));
        assert_eq!(
            cmp(json!(9007199254740993i64), json!(9007199254740992.0)),
            Some(Ordering::Greater)
        );
        assert_eq!(cmp(json!(u64::MAX), json!(-1)), Some(Ordering::Greater));
        assert_eq!(cmp(json!(1e300), json!(5)), Some(Ordering::Greater));
        assert_eq!(cmp(json!(-1e300), json!(5)), Some(Ordering::Less));
        assert_eq!(cmp(json!(0.25), json!(0.5)), Some(Ordering::Less));
        assert!(numbers_equal(&n(json!(0)), &n(json!(-0.0))));
    }

    #[test]
    fn deep_equality_and_hash() {
        let a = json!({"a": [1, 2.0, {"x": null}], "b": "s", "c": true});
        let b = json!({"c": true, "b": "s", "a": [1.0, 2, {"x": null}]});
        assert!(json_eq(&a, &b));
        assert_eq!(json_hash(&a), json_hash(&b));
        assert!(!json_eq(&json!([1, 2]), &json!([2, 1])));
        assert_ne!(json_hash(&json!([1, 2])), json_hash(&json!([2, 1])));
        assert!(!json_eq(&json!({"a": 1}), &json!({"b": 1})));
        assert!(!json_eq(&json!({"a": 1}), &json!({"a": 1, "b": 2})));
        assert!(!json_eq(&json!(null), &json!(false)));
        assert!(!json_eq(&json!("1"), &json!(1)));
        assert_ne!(json_hash(&json!([])), json_hash(&json!({})));
        assert_ne!(json_hash(&json!([[1], 2])), json_hash(&json!([1, [2]])));
        // Deep values neither overflow the stack when compared, hashed or dropped.
        let mut deep = json!(1);
        for _ in 0..100_000 {
            deep = Value::Array(vec![deep]);
        }
        let mut other = json!(1);
        for _ in 0..100_000 {
            let mut m = serde_json::Map::new();
            m.insert("k".into(), other);
            other = Value::Object(m);
        }
        assert!(json_eq(&deep, &deep));
        assert!(!json_eq(&deep, &other));
        let _ = json_hash(&deep);
        let _ = json_hash(&other);
        drop_iteratively(deep);
        drop_iteratively(other);
    }

    #[test]
    fn utf16_order() {
        assert_eq!(cmp_utf16("a", "b"), Ordering::Less);
        assert_eq!(cmp_utf16("ab", "a"), Ordering::Greater);
        assert_eq!(cmp_utf16("é", "é"), Ordering::Equal);
        // A surrogate pair (0xD83D ...) sorts before U+FF61 in UTF-16, after it in code points.
        assert_eq!(cmp_utf16("\u{1F600}", "\u{FF61}"), Ordering::Less);
        assert_eq!("\u{1F600}".cmp("\u{FF61}"), Ordering::Greater);
        assert_eq!(cmp_utf16("x\u{1F600}", "x\u{1F601}"), Ordering::Less);
        assert_eq!(cmp_utf16("é", "ê"), Ordering::Less);
        assert_eq!(cmp_utf16("\u{E000}", "a"), Ordering::Greater);
    }

    #[test]
    fn rounding_like_java() {
        let cases = [
            (json!(0.5), 1),
            (json!(1.5), 2),
            (json!(2.5), 3),
            (json!(-0.5), 0),
            (json!(-1.5), -1),
            (json!(-2.5), -2),
            (json!(-1.51), -2),
            (json!(1.49), 1),
            (json!(0.49999999999999994), 0),
            (json!(7), 7),
        ];
        for (v, want) in cases {
            assert_eq!(java_round(&n(v.clone())), Some(want), "{v}");
        }
        assert_eq!(java_round(&n(json!(1e300))), None);
        assert_eq!(java_round(&n(json!(u64::MAX))), None);
    }

    #[test]
    fn names_and_text() {
        assert_eq!(type_name(&json!(null)), "null");
        assert_eq!(type_name(&json!([])), "array");
        assert_eq!(compact(&json!({"a": [1, "x"]})), r#"{"a":[1,"x"]}"#);
        assert_eq!(compact_short(&json!("abcdef"), 3), "\"ab...");
        assert_eq!(as_i128(&n(json!(2.0))), Some(2));
        assert_eq!(as_i128(&n(json!(2.5))), None);
    }
}

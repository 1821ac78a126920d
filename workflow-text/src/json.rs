//! JSON text → `serde_json::Value`, strictly: a syntax error or a duplicate object key is
//! reported with its line, column and the path of keys and indexes where it happened. The one
//! strict reader: ASL definitions (`workflow_asl::json::parse_json`) and JSONata's `$parse`
//! read with it.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::fmt;

/// One step of the path to where the text went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathSegment {
    /// An object member, by key.
    Key(String),
    /// An array element, by index.
    Index(usize),
}

/// Why JSON text was refused, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// The keys and indexes leading to the value being read when it failed.
    pub path: Vec<PathSegment>,
    /// What went wrong, with the line and column, e.g. `invalid JSON at line 3 column 30:
    /// expected `,` or `}``.
    pub message: String,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for JsonError {}

/// Parses JSON text into a value, keeping object member order.
///
/// Unlike `serde_json::from_str`, a repeated key in one object is an error (ASL definitions
/// that repeat a key mean two different things; the service rejects them).
///
/// ```
/// use workflow_text::json::{PathSegment, parse_strict};
/// assert_eq!(parse_strict(r#"{"a": [1]}"#).unwrap()["a"][0], 1);
/// let e = parse_strict(r#"{"a": {"b": 1, "b": 2}}"#).unwrap_err();
/// assert_eq!(e.path, [PathSegment::Key("a".into()), PathSegment::Key("b".into())]);
/// ```
pub fn parse_strict(text: &str) -> Result<Value, JsonError> {
    let path = RefCell::new(Vec::new());
    let mut de = serde_json::Deserializer::from_str(text);
    let result = ValueSeed { path: &path }
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v));
    result.map_err(|e| JsonError {
        path: path.into_inner(),
        message: describe(&e),
    })
}

/// Turns serde_json's message into ours: lowercase, with line and column.
fn describe(e: &serde_json::Error) -> String {
    let text = e.to_string();
    // serde_json appends " at line L column C"; keep our own wording of the position.
    let core = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(head, _)| head);
    let mut core = core.to_owned();
    if let Some(first) = core.get(..1) {
        let lower = first.to_lowercase();
        core.replace_range(..1, &lower);
    }
    format!(
        "invalid JSON at line {} column {}: {core}",
        e.line(),
        e.column()
    )
}

#[derive(Clone, Copy)]
struct ValueSeed<'p> {
    path: &'p RefCell<Vec<PathSegment>>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            self.path.borrow_mut().push(PathSegment::Index(items.len()));
            match seq.next_element_seed(self)? {
                Some(v) => items.push(v),
                None => {
                    self.path.borrow_mut().pop();
                    return Ok(Value::Array(items));
                }
            }
            self.path.borrow_mut().pop();
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            let duplicate = map.contains_key(&key);
            self.path.borrow_mut().push(PathSegment::Key(key.clone()));
            if duplicate {
                return Err(de::Error::custom(format_args!(
                    "duplicate key `{key}`; an object may hold each key once, remove one of them"
                )));
            }
            let value = access.next_value_seed(self)?;
            self.path.borrow_mut().pop();
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }
}

#[cfg(test)]
mod tests {
    use super::{PathSegment, parse_strict};

    #[test]
    fn reports_syntax_errors_with_line_column_and_path() {
        let text = "{\n  \"States\": {\n    \"A\": { \"Type\": \"Pass\" \"End\": true }\n  }\n}";
        let e = parse_strict(text).unwrap_err();
        assert_eq!(
            e.path,
            [
                PathSegment::Key("States".into()),
                PathSegment::Key("A".into())
            ]
        );
        assert!(e.message.contains("line 3 column"), "{}", e.message);
        assert_eq!(e.to_string(), e.message);
    }

    #[test]
    fn rejects_duplicate_keys() {
        let e = parse_strict(r#"{"a": [0, {"b": 1, "b": 2}]}"#).unwrap_err();
        assert_eq!(
            e.path,
            [
                PathSegment::Key("a".into()),
                PathSegment::Index(1),
                PathSegment::Key("b".into())
            ]
        );
        assert!(e.message.contains("duplicate key `b`"), "{}", e.message);
    }

    #[test]
    fn keeps_member_order_and_numbers() {
        let v = parse_strict(r#"{"z": 1, "a": 2.0, "m": [true, null]}"#).unwrap();
        let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["z", "a", "m"]);
        assert_eq!(v["a"].to_string(), "2.0");
    }

    #[test]
    fn rejects_trailing_characters_and_empty_input() {
        assert!(parse_strict("{} x").is_err());
        assert!(parse_strict("  ").is_err());
    }
}

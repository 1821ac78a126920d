//! JSON text → `serde_json::Value`, strictly: a syntax error or a duplicate object key is
//! reported with its line, column and the JSON pointer of the place where it happened.

use crate::{Code, Diagnostic, Pointer};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::fmt;

/// Parses JSON text into a value, keeping object member order.
///
/// Unlike `serde_json::from_str`, a repeated key in one object is an error (ASL definitions
/// that repeat a key mean two different things; the service rejects them).
pub fn parse_json(text: &str) -> Result<Value, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error(
            Code::InvalidJsonDescription,
            Pointer::root(),
            "the document is empty; a definition is a JSON object with `StartAt` and `States`",
        ));
    }
    let path = RefCell::new(Vec::new());
    let mut de = serde_json::Deserializer::from_str(text);
    let result = ValueSeed { path: &path }
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v));
    result.map_err(|e| {
        let pointer = path
            .borrow()
            .iter()
            .fold(Pointer::root(), |p, seg: &Segment| match seg {
                Segment::Key(k) => p.key(k),
                Segment::Index(i) => p.index(*i),
            });
        let message = describe(&e);
        Diagnostic::error(Code::InvalidJsonDescription, pointer, message)
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

enum Segment {
    Key(String),
    Index(usize),
}

#[derive(Clone, Copy)]
struct ValueSeed<'p> {
    path: &'p RefCell<Vec<Segment>>,
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
            self.path.borrow_mut().push(Segment::Index(items.len()));
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
            self.path.borrow_mut().push(Segment::Key(key.clone()));
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
    use super::parse_json;

    #[test]
    fn reports_syntax_errors_with_line_column_and_pointer() {
        let text = "{\n  \"States\": {\n    \"A\": { \"Type\": \"Pass\" \"End\": true }\n  }\n}";
        let d = parse_json(text).unwrap_err();
        assert_eq!(d.code.as_str(), "INVALID_JSON_DESCRIPTION");
        assert_eq!(d.pointer.as_str(), "/States/A");
        assert!(d.message.contains("line 3 column"), "{}", d.message);
    }

    #[test]
    fn rejects_duplicate_keys() {
        let d = parse_json(r#"{"a": {"b": 1, "b": 2}}"#).unwrap_err();
        assert_eq!(d.pointer.as_str(), "/a/b");
        assert!(d.message.contains("duplicate key `b`"), "{}", d.message);
    }

    #[test]
    fn keeps_member_order_and_numbers() {
        let v = parse_json(r#"{"z": 1, "a": 2.0, "m": [true, null]}"#).unwrap();
        let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["z", "a", "m"]);
        assert_eq!(v["a"].to_string(), "2.0");
    }

    #[test]
    fn rejects_trailing_characters_and_empty_input() {
        assert!(parse_json("{} x").is_err());
        assert!(parse_json("  ").is_err());
    }
}

//! JSON text → `serde_json::Value`, with every array and object nested at most [`MAX_DEPTH`]
//! levels deep, and errors reported with their line, column and the path of keys and indexes
//! where they happened. A lone surrogate escape (`"\uD800"`) is read, as AWS reads it, into
//! the character that holds it ([`crate::surrogate`]). The one JSON reader: ASL definitions (`workflow_asl::json::parse_json`)
//! and JSONata's `$parse` read with [`parse_strict`], which also refuses a repeated key;
//! execution inputs with [`parse_data`].

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::fmt;

/// The deepest nesting of arrays and objects accepted: 1000 levels, the outermost array or
/// object being level 1 (`[[1]]` nests 2 deep; scalars do not count).
///
/// Step Functions documents no nesting limit for definitions or data, and no recorded answer
/// of the service to a deeper document was found. The service runs on the JVM and is assumed
/// to read JSON with Jackson, whose `StreamReadConstraints.maxNestingDepth` refuses documents
/// nested deeper than 1000 levels by default since Jackson 2.15 ("Document nesting depth
/// (1001) exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)",
/// FasterXML/jackson-core's `StreamReadConstraints` and its tests); that default is the limit
/// here. Every place that bounds the nesting of JSON data (the definition decoder, payload
/// templates, the engine's data) uses this one constant.
pub const MAX_DEPTH: usize = 1000;

/// What is said of a value nested deeper than [`MAX_DEPTH`], wherever it is found.
///
/// ```
/// assert!(workflow_text::json::too_deep_message().contains("1000 levels"));
/// ```
pub fn too_deep_message() -> String {
    format!(
        "arrays and objects nest more than {MAX_DEPTH} levels deep here; JSON may nest at most \
         {MAX_DEPTH} levels (the default limit of Jackson, the JSON parser Step Functions is \
         assumed to use)"
    )
}

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
/// that repeat a key mean two different things; the service rejects them), and nesting is
/// bounded by [`MAX_DEPTH`] instead of serde_json's 128 levels.
///
/// ```
/// use workflow_text::json::{PathSegment, parse_strict};
/// assert_eq!(parse_strict(r#"{"a": [1]}"#).unwrap()["a"][0], 1);
/// let e = parse_strict(r#"{"a": {"b": 1, "b": 2}}"#).unwrap_err();
/// assert_eq!(e.path, [PathSegment::Key("a".into()), PathSegment::Key("b".into())]);
/// ```
pub fn parse_strict(text: &str) -> Result<Value, JsonError> {
    parse(text, Duplicates::Refuse)
}

/// Parses JSON data (an execution input) into a value, keeping object member order: as
/// `serde_json::from_str` reads it (a repeated key keeps its first place and its last value),
/// but nested at most [`MAX_DEPTH`] levels deep.
///
/// ```
/// use workflow_text::json::{MAX_DEPTH, parse_data};
/// assert_eq!(parse_data(r#"{"a": 1, "a": 2}"#).unwrap()["a"], 2);
/// let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
/// assert!(parse_data(&deep).unwrap_err().message.contains("1000 levels"));
/// ```
pub fn parse_data(text: &str) -> Result<Value, JsonError> {
    parse(text, Duplicates::LastWins)
}

/// What a repeated object key means.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Duplicates {
    /// An error.
    Refuse,
    /// The last value replaces the earlier ones, in the first one's place.
    LastWins,
}

fn parse(text: &str, duplicates: Duplicates) -> Result<Value, JsonError> {
    // A lone surrogate escape is JSON (RFC 8259 §8.2) that serde_json refuses: held as a
    // character of its own (`surrogate`).
    let held = crate::surrogate::hold_in_json(text);
    let text = held.as_deref().unwrap_or(text);
    let path = RefCell::new(Vec::new());
    let mut de = serde_json::Deserializer::from_str(text);
    // The seed bounds the depth (and grows the stack as it descends).
    de.disable_recursion_limit();
    let result = ValueSeed {
        path: &path,
        duplicates,
    }
    .deserialize(&mut de)
    .and_then(|v| de.end().map(|()| v));
    result.map_err(|e| JsonError {
        path: path.into_inner(),
        message: describe(&e),
    })
}

/// The path to the first array or object, in document order, nested deeper than
/// [`MAX_DEPTH`] in `value`; `None` when it nests no deeper. Iterative: any depth is walked
/// without recursion.
///
/// ```
/// use serde_json::json;
/// use workflow_text::json::{MAX_DEPTH, PathSegment, too_deep};
/// assert_eq!(too_deep(&json!({"a": [[1]]})), None);
/// let mut deep = json!(1);
/// for _ in 0..=MAX_DEPTH {
///     deep = json!([deep]);
/// }
/// assert_eq!(too_deep(&deep).map(|p| p.len()), Some(MAX_DEPTH));
/// ```
pub fn too_deep(value: &Value) -> Option<Vec<PathSegment>> {
    /// A container being walked: its remaining members.
    enum Open<'v> {
        Array(std::iter::Enumerate<std::slice::Iter<'v, Value>>),
        Object(serde_json::map::Iter<'v>),
    }
    fn open(value: &Value) -> Option<Open<'_>> {
        match value {
            Value::Array(items) => Some(Open::Array(items.iter().enumerate())),
            Value::Object(map) => Some(Open::Object(map.iter())),
            _ => None,
        }
    }
    let mut path = Vec::new();
    let mut stack: Vec<Open<'_>> = open(value).into_iter().collect();
    while let Some(top) = stack.last_mut() {
        let next = match top {
            Open::Array(items) => items.next().map(|(i, v)| (PathSegment::Index(i), v)),
            Open::Object(members) => members
                .next()
                .map(|(k, v)| (PathSegment::Key(k.clone()), v)),
        };
        match next {
            Some((segment, child)) => {
                if let Some(child) = open(child) {
                    path.push(segment);
                    if stack.len() >= MAX_DEPTH {
                        return Some(path);
                    }
                    stack.push(child);
                }
            }
            None => {
                stack.pop();
                path.pop();
            }
        }
    }
    None
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
    duplicates: Duplicates,
}

impl ValueSeed<'_> {
    /// Refuses a container opened deeper than [`MAX_DEPTH`]: the path holds one segment per
    /// enclosing container.
    fn enter<E: de::Error>(&self) -> Result<(), E> {
        if self.path.borrow().len() >= MAX_DEPTH {
            return Err(E::custom(too_deep_message()));
        }
        Ok(())
    }
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
        self.enter()?;
        let mut items = Vec::new();
        loop {
            self.path.borrow_mut().push(PathSegment::Index(items.len()));
            // Each level of nesting is one more turn of serde_json's recursion: it runs on a
            // stack that grows in segments, so MAX_DEPTH levels fit any thread.
            let next = crate::stack::deeper(|| seq.next_element_seed(self))?;
            match next {
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
        self.enter()?;
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            let duplicate = map.contains_key(&key);
            self.path.borrow_mut().push(PathSegment::Key(key.clone()));
            if duplicate && self.duplicates == Duplicates::Refuse {
                return Err(de::Error::custom(format_args!(
                    "duplicate key `{key}`; an object may hold each key once, remove one of them"
                )));
            }
            let value = crate::stack::deeper(|| access.next_value_seed(self))?;
            self.path.borrow_mut().pop();
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }
}

#[cfg(test)]
mod tests {
    use super::{MAX_DEPTH, PathSegment, parse_data, parse_strict, too_deep};
    use serde_json::Value;

    /// `levels` arrays, or objects with member `a`, one inside the other, around `1`.
    fn nested(levels: usize, objects: bool) -> String {
        if objects {
            format!("{}1{}", "{\"a\": ".repeat(levels), "}".repeat(levels))
        } else {
            format!("{}1{}", "[".repeat(levels), "]".repeat(levels))
        }
    }

    #[test]
    fn nesting_is_read_up_to_the_limit_and_refused_one_past_it() {
        for objects in [false, true] {
            for parse in [parse_strict, parse_data] {
                let at = parse(&nested(MAX_DEPTH, objects)).unwrap();
                assert_eq!(too_deep(&at), None);
                let e = parse(&nested(MAX_DEPTH + 1, objects)).unwrap_err();
                assert!(
                    e.message.contains("nest more than 1000 levels"),
                    "{}",
                    e.message
                );
                // Located at the container that is one too deep: after its opening bracket.
                let column = if objects {
                    6 * MAX_DEPTH + 1
                } else {
                    MAX_DEPTH + 1
                };
                assert!(
                    e.message
                        .starts_with(&format!("invalid JSON at line 1 column {column}:")),
                    "{}",
                    e.message
                );
                assert_eq!(e.path.len(), MAX_DEPTH);
                let segment = if objects {
                    PathSegment::Key("a".into())
                } else {
                    PathSegment::Index(0)
                };
                assert!(e.path.iter().all(|s| *s == segment));
            }
        }
    }

    #[test]
    fn a_hostile_depth_is_refused_at_the_limit_without_reading_on() {
        let e = parse_strict(&nested(100_000, false)).unwrap_err();
        assert_eq!(e.path.len(), MAX_DEPTH);
    }

    #[test]
    fn the_deepest_document_is_read_on_a_small_stack() {
        // The reader's descent grows its stack on the heap: 64 KiB of thread stack suffice.
        let read = std::thread::Builder::new()
            .stack_size(64 * 1024)
            .spawn(|| {
                let value = parse_strict(&nested(MAX_DEPTH, true)).map_err(|e| e.message);
                // Dismantle without serde_json's recursive drop.
                let mut depth = 0;
                let mut v = value?;
                while let Value::Object(mut map) = v {
                    depth += 1;
                    v = map.swap_remove("a").unwrap_or_default();
                }
                Ok::<_, String>(depth)
            })
            .unwrap();
        assert_eq!(read.join().unwrap(), Ok(MAX_DEPTH));
    }

    /// Drops `value` without serde_json's recursive drop.
    fn dismantle(value: Value) {
        let mut stack = vec![value];
        while let Some(v) = stack.pop() {
            match v {
                Value::Array(items) => stack.extend(items),
                Value::Object(map) => stack.extend(map.into_iter().map(|(_, v)| v)),
                _ => {}
            }
        }
    }

    #[test]
    fn too_deep_finds_the_first_container_past_the_limit() {
        // `{"x": [0, …]}` costs 2 levels: the object at level 1001 is the first one too deep.
        let mut deep = Value::Object(serde_json::Map::new());
        for _ in 0..MAX_DEPTH {
            let mut map = serde_json::Map::new();
            map.insert("x".into(), Value::Array(vec![Value::from(0), deep]));
            deep = Value::Object(map);
        }
        let path = too_deep(&deep).unwrap();
        assert_eq!(path.len(), MAX_DEPTH);
        assert_eq!(
            path[..2],
            [PathSegment::Key("x".into()), PathSegment::Index(1)]
        );
        dismantle(deep);
        // Siblings before and after the deep spine, nested to exactly the limit.
        let mut shallow = Value::Array(Vec::new());
        for _ in 0..MAX_DEPTH - 1 {
            shallow = Value::Array(vec![Value::from(1), shallow, serde_json::json!({"k": 2})]);
        }
        assert_eq!(too_deep(&shallow), None);
        dismantle(shallow);
    }

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

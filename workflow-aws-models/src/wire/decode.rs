//! Answers: what a service sent back, read into the output Step Functions hands the state.
//!
//! The rules are botocore's parsers' (`botocore/parsers.py`); the test `tests/wire.rs` reads
//! the answers moto's serializers write for every operation of the services the README names
//! and compares them with what botocore's parsers read of the same bytes. Members the model
//! does not know are left out, as the SDKs leave them out; timestamps become ISO 8601 text;
//! binary data inside a body stays base64 text, and a binary payload (S3 GetObject's `Body`)
//! becomes its text.

use super::encode::wire_name;
use super::model::{Location, MemberWire, Protocol, TimestampFormat, WireModel};
use super::time::Instant;
use super::xml::{self, Element};
use super::{ResultNaming, WireError, WireResponse, wire_model};
use crate::models::{Member, Operation, Shape, ShapeKind};
use base64::Engine as _;
use serde_json::{Map, Value};

type Result<T> = std::result::Result<T, WireError>;

fn name_of(member: Member, naming: ResultNaming) -> String {
    match naming {
        ResultNaming::StepFunctions => member.name().to_owned(),
        ResultNaming::Sdk => member.sdk_name().to_owned(),
    }
}

fn bad(message: impl Into<String>) -> WireError {
    WireError::Response(message.into())
}

/// A timestamp as the state gets it, from a number or any text form.
fn timestamp(value: &Value) -> Option<Value> {
    let at = match value {
        Value::Number(n) => n.as_f64().and_then(Instant::from_epoch),
        Value::String(s) => Instant::parse(s),
        _ => None,
    }?;
    Some(Value::String(at.for_state()))
}

/// Binary data as text: its UTF-8, else its base64.
fn bytes_as_text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => base64::engine::general_purpose::STANDARD.encode(bytes),
    }
}

/// A scalar of `shape` read from the text the wire holds.
fn scalar(shape: Shape, text: &str) -> Option<Value> {
    Some(match shape.kind() {
        ShapeKind::Integer => {
            let t = text.trim();
            match t.parse::<i64>() {
                Ok(i) => Value::from(i),
                Err(_) => Value::from(t.parse::<u64>().ok()?),
            }
        }
        ShapeKind::Number => {
            let f: f64 = text.trim().parse().ok()?;
            serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)
        }
        ShapeKind::Boolean => Value::Bool(text.trim().eq_ignore_ascii_case("true")),
        ShapeKind::Timestamp | ShapeKind::TimestampOrEpoch => {
            timestamp(&Value::String(text.to_owned()))?
        }
        ShapeKind::Any => serde_json::from_str(text).unwrap_or(Value::String(text.to_owned())),
        _ => Value::String(text.to_owned()),
    })
}

// --- JSON bodies ---

fn json(model: &WireModel, shape: Shape, value: &Value, naming: ResultNaming) -> Option<Value> {
    workflow_text::stack::deeper(|| json_level(model, shape, value, naming))
}

fn json_level(
    model: &WireModel,
    shape: Shape,
    value: &Value,
    naming: ResultNaming,
) -> Option<Value> {
    if value.is_null() {
        return None;
    }
    Some(match shape.kind() {
        ShapeKind::Object => {
            let object = value.as_object()?;
            let wire = model.shape(shape.index());
            let mut out = Map::new();
            for member in shape.members() {
                let d = wire.member(member.position());
                if d.location != Location::Body {
                    continue;
                }
                let key = wire_name(d, wire, member);
                if let Some(v) = object.get(&*key)
                    && let Some(read) = json(model, member.shape(), v, naming)
                {
                    out.insert(name_of(member, naming), read);
                }
            }
            Value::Object(out)
        }
        ShapeKind::Array => {
            let item = shape.item()?;
            Value::Array(
                value
                    .as_array()?
                    .iter()
                    .map(|v| json(model, item, v, naming).unwrap_or(Value::Null))
                    .collect(),
            )
        }
        ShapeKind::Map => {
            let item = shape.map_value()?;
            let mut out = Map::new();
            for (k, v) in value.as_object()? {
                out.insert(
                    k.clone(),
                    json(model, item, v, naming).unwrap_or(Value::Null),
                );
            }
            Value::Object(out)
        }
        ShapeKind::Timestamp | ShapeKind::TimestampOrEpoch => timestamp(value)?,
        _ => value.clone(),
    })
}

// --- XML bodies ---

/// The element name a member's value is found under, and whether a list member's items are
/// its siblings (flattened).
fn xml_key(
    model: &WireModel,
    d: &MemberWire,
    owner: &super::model::ShapeWire,
    member: Member,
) -> (String, bool) {
    let target = member.shape();
    if target.kind() == ShapeKind::Array || target.kind() == ShapeKind::Map {
        let tw = model.shape(target.index());
        let flattened = tw.flattened || d.flattened;
        if flattened
            && target.kind() == ShapeKind::Array
            && let Some(item) = &tw.name
        {
            return (item.to_string(), true);
        }
        return (wire_name(d, owner, member).into_owned(), flattened);
    }
    (wire_name(d, owner, member).into_owned(), false)
}

fn xml_structure(
    model: &WireModel,
    shape: Shape,
    element: &Element,
    naming: ResultNaming,
) -> Value {
    let wire = model.shape(shape.index());
    let mut out = Map::new();
    for member in shape.members() {
        let d = wire.member(member.position());
        if d.location != Location::Body {
            continue;
        }
        if d.xml_attribute {
            let name = wire_name(d, wire, member);
            let local = name.rsplit(':').next().unwrap_or(&name);
            if let Some(v) = element
                .attribute(local)
                .and_then(|t| scalar(member.shape(), t))
            {
                out.insert(name_of(member, naming), v);
            }
            continue;
        }
        let (key, flattened) = xml_key(model, d, wire, member);
        let read = if flattened {
            let found: Vec<&Element> = element.children_named(&key).collect();
            if found.is_empty() {
                None
            } else {
                xml_flattened(model, member.shape(), &found, naming)
            }
        } else {
            element
                .child(&key)
                .and_then(|child| xml_value(model, member.shape(), child, naming))
        };
        if let Some(v) = read {
            out.insert(name_of(member, naming), v);
        }
    }
    Value::Object(out)
}

/// A flattened list's items, or a flattened map's entries, found as siblings.
fn xml_flattened(
    model: &WireModel,
    shape: Shape,
    found: &[&Element],
    naming: ResultNaming,
) -> Option<Value> {
    match shape.kind() {
        ShapeKind::Array => {
            let item = shape.item()?;
            Some(Value::Array(
                found
                    .iter()
                    .map(|e| xml_value(model, item, e, naming).unwrap_or(Value::Null))
                    .collect(),
            ))
        }
        ShapeKind::Map => Some(xml_entries(model, shape, found, naming)),
        _ => None,
    }
}

fn xml_entries(
    model: &WireModel,
    shape: Shape,
    entries: &[&Element],
    naming: ResultNaming,
) -> Value {
    let wire = model.shape(shape.index());
    let key_name = wire.key_name.as_deref().unwrap_or("key");
    let value_name = wire.value_name.as_deref().unwrap_or("value");
    let mut out = Map::new();
    if let Some(value_shape) = shape.map_value() {
        for entry in entries {
            let Some(key) = entry.child(key_name) else {
                continue;
            };
            let value = entry
                .child(value_name)
                .and_then(|v| xml_value(model, value_shape, v, naming))
                .unwrap_or(Value::Null);
            out.insert(key.text.clone(), value);
        }
    }
    Value::Object(out)
}

fn xml_value(
    model: &WireModel,
    shape: Shape,
    element: &Element,
    naming: ResultNaming,
) -> Option<Value> {
    workflow_text::stack::deeper(|| xml_level(model, shape, element, naming))
}

fn xml_level(
    model: &WireModel,
    shape: Shape,
    element: &Element,
    naming: ResultNaming,
) -> Option<Value> {
    match shape.kind() {
        ShapeKind::Object => Some(xml_structure(model, shape, element, naming)),
        ShapeKind::Array => {
            let item = shape.item()?;
            let wire = model.shape(shape.index());
            let item_name = wire.name.as_deref().unwrap_or("member");
            let mut items: Vec<&Element> = element.children_named(item_name).collect();
            if items.is_empty() {
                items = element.children.iter().collect();
            }
            Some(Value::Array(
                items
                    .into_iter()
                    .map(|e| xml_value(model, item, e, naming).unwrap_or(Value::Null))
                    .collect(),
            ))
        }
        ShapeKind::Map => {
            let entries: Vec<&Element> = element.children_named("entry").collect();
            Some(xml_entries(model, shape, &entries, naming))
        }
        ShapeKind::Blob => Some(Value::String(element.text.trim().to_owned())),
        _ => scalar(shape, &element.text),
    }
}

fn parse_xml(body: &[u8]) -> Result<Element> {
    let text = std::str::from_utf8(body).map_err(|e| bad(format!("the XML is not UTF-8: {e}")))?;
    xml::parse(text).map_err(|e| bad(format!("the XML is malformed: {e}")))
}

// --- Headers, status and payload (REST) ---

fn header_value(shape: Shape, d: &MemberWire, text: &str) -> Option<Value> {
    if d.json_value {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .ok()?;
        return serde_json::from_slice(&bytes).ok();
    }
    match shape.kind() {
        ShapeKind::Array => {
            let item = shape.item()?;
            Some(Value::Array(
                text.split(',')
                    .map(|p| scalar(item, p.trim()).unwrap_or(Value::Null))
                    .collect(),
            ))
        }
        ShapeKind::Timestamp | ShapeKind::TimestampOrEpoch => {
            let _ = d.timestamp.unwrap_or(TimestampFormat::Rfc822);
            timestamp(&Value::String(text.to_owned()))
        }
        _ => scalar(shape, text),
    }
}

fn rest(
    model: &WireModel,
    shape: Shape,
    response: &WireResponse<'_>,
    protocol: Protocol,
    naming: ResultNaming,
) -> Result<Value> {
    let wire = model.shape(shape.index());
    let mut out = Map::new();
    for member in shape.members() {
        let d = wire.member(member.position());
        let name = wire_name(d, wire, member);
        let read = match d.location {
            Location::Header => response
                .header(&name)
                .and_then(|t| header_value(member.shape(), d, t)),
            Location::Headers => {
                let prefix = name.to_ascii_lowercase();
                let mut map = Map::new();
                for (n, v) in response.headers {
                    let lower = n.to_ascii_lowercase();
                    if let Some(rest) = lower.strip_prefix(&prefix) {
                        map.insert(rest.to_owned(), Value::String(v.clone()));
                    }
                }
                Some(Value::Object(map))
            }
            Location::StatusCode => Some(Value::from(response.status)),
            _ => None,
        };
        if let Some(v) = read {
            out.insert(name_of(member, naming), v);
        }
    }
    if let Some(payload) = wire.payload {
        let member = shape
            .members()
            .nth(payload)
            .ok_or_else(|| bad("the model's payload member is missing"))?;
        let value = match member.shape().kind() {
            ShapeKind::Blob => Some(Value::String(bytes_as_text(response.body))),
            ShapeKind::String | ShapeKind::JsonText => Some(Value::String(
                String::from_utf8_lossy(response.body).into_owned(),
            )),
            _ if response.body.iter().all(u8::is_ascii_whitespace) => None,
            _ if protocol == Protocol::RestJson => {
                let v: Value = serde_json::from_slice(response.body)
                    .map_err(|e| bad(format!("the JSON is malformed: {e}")))?;
                json(model, member.shape(), &v, naming)
            }
            _ => {
                let root = parse_xml(response.body)?;
                xml_value(model, member.shape(), &root, naming)
            }
        };
        if let Some(v) = value {
            out.insert(name_of(member, naming), v);
        }
        return Ok(Value::Object(out));
    }
    if response.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(out));
    }
    let body = if protocol == Protocol::RestJson {
        let v: Value = serde_json::from_slice(response.body)
            .map_err(|e| bad(format!("the JSON is malformed: {e}")))?;
        json(model, shape, &v, naming)
    } else {
        let root = parse_xml(response.body)?;
        Some(xml_structure(model, shape, &root, naming))
    };
    if let Some(Value::Object(body)) = body {
        out.extend(body);
    }
    Ok(Value::Object(out))
}

/// Reads a successful answer of `op`.
pub(super) fn response(
    op: Operation,
    response: &WireResponse<'_>,
    naming: ResultNaming,
) -> Result<Value> {
    let model = wire_model(op.service());
    let protocol = model.meta.protocol.ok_or_else(|| WireError::Protocol {
        service: op.service().botocore_name(),
        protocol: model.meta.protocol_name.to_string(),
    })?;
    let Some(shape) = op.output() else {
        return Ok(Value::Object(Map::new()));
    };
    if super::encode::streams_events(model, shape) {
        return Err(WireError::EventStream {
            operation: op.name(),
        });
    }
    match protocol {
        Protocol::Json => {
            if response.body.iter().all(u8::is_ascii_whitespace) {
                return Ok(Value::Object(Map::new()));
            }
            let v: Value = serde_json::from_slice(response.body)
                .map_err(|e| bad(format!("the JSON is malformed: {e}")))?;
            Ok(json(model, shape, &v, naming).unwrap_or(Value::Object(Map::new())))
        }
        Protocol::RestJson | Protocol::RestXml => rest(model, shape, response, protocol, naming),
        Protocol::Query | Protocol::Ec2 => {
            let root = parse_xml(response.body)?;
            let binding = &model.operations[op.position()];
            let holder = match &binding.result_wrapper {
                Some(wrapper) => match root.child(wrapper) {
                    Some(h) => h,
                    None => return Ok(Value::Object(Map::new())),
                },
                None => &root,
            };
            Ok(xml_structure(model, shape, holder, naming))
        }
    }
}

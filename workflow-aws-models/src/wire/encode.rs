//! Requests: a Task's parameters put on the wire by the service's protocol.
//!
//! The rules are botocore's serializers' (`botocore/serialize.py`), which the SDKs share; the
//! test `tests/wire.rs` compares every operation of the services the README names with
//! botocore's own serialization of the same input.

use super::model::{Location, MemberWire, Protocol, ShapeWire, TimestampFormat, WireModel};
use super::time::Instant;
use super::xml::escape;
use super::{WireError, WireRequest};
use crate::models::{Member, Operation, Shape, ShapeKind};
use base64::Engine as _;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::fmt::Write as _;

type Result<T> = std::result::Result<T, WireError>;

/// The members given for a structure, with their values, in the order given.
fn given<'v>(shape: Shape, value: &'v Value, path: &str) -> Result<Vec<(Member, &'v Value)>> {
    let Some(object) = value.as_object() else {
        return Err(problem(
            path,
            format!("must be an object ({})", shape.describe()),
        ));
    };
    let mut out = Vec::with_capacity(object.len());
    for (key, v) in object {
        let member = shape.member(key).ok_or_else(|| {
            problem(
                &join(path, key),
                format!(
                    "is not a member of `{}`",
                    shape.name().unwrap_or("the request")
                ),
            )
        })?;
        if !v.is_null() {
            out.push((member, v));
        }
    }
    Ok(out)
}

fn problem(path: &str, problem: impl Into<String>) -> WireError {
    WireError::Request {
        path: if path.is_empty() {
            "input".to_owned()
        } else {
            path.to_owned()
        },
        problem: problem.into(),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// A list value and its item shape, or why the value is no list of `shape`.
fn list_of<'v>(shape: Shape, value: &'v Value, path: &str) -> Result<(&'v [Value], Shape)> {
    let items = value
        .as_array()
        .ok_or_else(|| problem(path, format!("must be a list, not {value}")))?;
    let item = shape
        .item()
        .ok_or_else(|| problem(path, "has no item shape"))?;
    Ok((items, item))
}

/// A map value with its key and value shapes, or why the value is no map of `shape`.
fn map_of<'v>(
    shape: Shape,
    value: &'v Value,
    path: &str,
) -> Result<(&'v Map<String, Value>, Shape, Shape)> {
    let entries = value
        .as_object()
        .ok_or_else(|| problem(path, format!("must be an object (a map), not {value}")))?;
    let key = shape
        .map_key()
        .ok_or_else(|| problem(path, "has no key shape"))?;
    let item = shape
        .map_value()
        .ok_or_else(|| problem(path, "has no value shape"))?;
    Ok((entries, key, item))
}

/// The model's own name of `member` (Step Functions' has its first letter in upper case).
pub(super) fn model_name(wire: &ShapeWire, member: Member) -> Cow<'static, str> {
    let name = member.name();
    if wire.lower_case(member.position()) {
        let mut chars = name.chars();
        let first = chars.next().map(|c| c.to_ascii_lowercase());
        Cow::Owned(first.into_iter().chain(chars).collect())
    } else {
        Cow::Borrowed(name)
    }
}

/// The member's name on the wire: its `locationName`, else the model's own.
pub(super) fn wire_name<'a>(
    details: &'a MemberWire,
    wire: &ShapeWire,
    member: Member,
) -> Cow<'a, str> {
    match &details.name {
        Some(n) => Cow::Borrowed(n),
        None => model_name(wire, member),
    }
}

/// The bytes of a binary member: a string's UTF-8, any other value's JSON text (Step Functions
/// serialises it: S3 PutObject's `Body` given `0` stores the object `0`).
fn blob_bytes(value: &Value) -> Vec<u8> {
    match value {
        Value::String(s) => s.as_bytes().to_vec(),
        other => other.to_string().into_bytes(),
    }
}

fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn instant(value: &Value, path: &str) -> Result<Instant> {
    let parsed = match value {
        Value::Number(n) => n.as_f64().and_then(Instant::from_epoch),
        Value::String(s) => Instant::parse(s),
        _ => None,
    };
    parsed.ok_or_else(|| {
        problem(
            path,
            format!("must be a timestamp (ISO 8601 or seconds since the epoch), not {value}"),
        )
    })
}

fn timestamp_text(at: Instant, format: TimestampFormat) -> String {
    match format {
        TimestampFormat::Iso8601 => at.iso8601(),
        TimestampFormat::Epoch => at.epoch_text(),
        TimestampFormat::Rfc822 => at.rfc822(),
    }
}

/// A number given as a number or as numeric text (Step Functions accepts both).
fn number(value: &Value, integer: bool, path: &str) -> Result<serde_json::Number> {
    let n = match value {
        Value::Number(n) => Some(n.clone()),
        Value::String(s) => serde_json::from_str::<serde_json::Number>(s.trim()).ok(),
        _ => None,
    };
    match n {
        Some(n) if !integer || n.is_i64() || n.is_u64() => Ok(n),
        Some(n) => n
            .as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
            .map(|f| serde_json::Number::from(f as i64))
            .ok_or_else(|| problem(path, format!("must be an integer, not {n}"))),
        None => Err(problem(
            path,
            format!(
                "must be {}, not {value}",
                if integer { "an integer" } else { "a number" }
            ),
        )),
    }
}

fn boolean(value: &Value, path: &str) -> Result<bool> {
    match value {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s == "true" => Ok(true),
        Value::String(s) if s == "false" => Ok(false),
        _ => Err(problem(path, format!("must be a boolean, not {value}"))),
    }
}

/// A string member's text: a string as it is; an object or a list as its JSON text (Step
/// Functions serialises those where the API takes text, e.g. Step Functions' own `Input`);
/// a number or a boolean as its text.
fn text(value: &Value) -> Cow<'_, str> {
    match value {
        Value::String(s) => Cow::Borrowed(s),
        other => Cow::Owned(other.to_string()),
    }
}

/// A scalar's text where text is all the wire holds (URI labels, query strings, headers, query
/// and XML bodies); `default` is the location's timestamp format.
fn scalar_text(
    shape: Shape,
    value: &Value,
    timestamp: Option<TimestampFormat>,
    default: TimestampFormat,
    path: &str,
) -> Result<String> {
    Ok(match shape.kind() {
        ShapeKind::Integer => number(value, true, path)?.to_string(),
        ShapeKind::Number => number(value, false, path)?.to_string(),
        ShapeKind::Boolean => boolean(value, path)?.to_string(),
        ShapeKind::Timestamp | ShapeKind::TimestampOrEpoch => {
            timestamp_text(instant(value, path)?, timestamp.unwrap_or(default))
        }
        ShapeKind::Blob => base64(&blob_bytes(value)),
        _ => text(value).into_owned(),
    })
}

// --- JSON bodies (AWS JSON 1.0/1.1, REST-JSON) ---

/// `value` as the JSON protocols write a value of `shape`.
fn json(
    model: &WireModel,
    shape: Shape,
    value: &Value,
    timestamp: Option<TimestampFormat>,
    path: &str,
) -> Result<Value> {
    workflow_text::stack::deeper(|| json_level(model, shape, value, timestamp, path))
}

fn json_level(
    model: &WireModel,
    shape: Shape,
    value: &Value,
    timestamp: Option<TimestampFormat>,
    path: &str,
) -> Result<Value> {
    Ok(match shape.kind() {
        ShapeKind::Object => {
            let wire = model.shape(shape.index());
            let mut out = Map::new();
            for (member, v) in given(shape, value, path)? {
                let details = wire.member(member.position());
                let key = wire_name(details, wire, member);
                let here = join(path, member.name());
                out.insert(
                    key.into_owned(),
                    json(model, member.shape(), v, details.timestamp, &here)?,
                );
            }
            Value::Object(out)
        }
        ShapeKind::Array => {
            let (items, item) = list_of(shape, value, path)?;
            let item_ts = model.shape(shape.index()).timestamp;
            let mut out = Vec::with_capacity(items.len());
            for (i, v) in items.iter().enumerate() {
                out.push(json(model, item, v, item_ts, &format!("{path}[{i}]"))?);
            }
            Value::Array(out)
        }
        ShapeKind::Map => {
            let (entries, _, item) = map_of(shape, value, path)?;
            let item_ts = model.shape(shape.index()).timestamp;
            let mut out = Map::new();
            for (k, v) in entries {
                out.insert(k.clone(), json(model, item, v, item_ts, &join(path, k))?);
            }
            Value::Object(out)
        }
        ShapeKind::Integer => Value::Number(number(value, true, path)?),
        ShapeKind::Number => Value::Number(number(value, false, path)?),
        ShapeKind::Boolean => Value::Bool(boolean(value, path)?),
        ShapeKind::Timestamp | ShapeKind::TimestampOrEpoch => {
            let at = instant(value, path)?;
            match timestamp.unwrap_or(TimestampFormat::Epoch) {
                TimestampFormat::Epoch => at.epoch(),
                other => Value::String(timestamp_text(at, other)),
            }
        }
        ShapeKind::Blob => Value::String(base64(&blob_bytes(value))),
        ShapeKind::Any => value.clone(),
        ShapeKind::String | ShapeKind::JsonText => Value::String(text(value).into_owned()),
    })
}

// --- XML bodies (REST-XML) ---

/// The attribute declaring `ns` (`xmlns="…"` or `xmlns:p="…"`).
fn xmlns(ns: &super::model::Namespace) -> String {
    if ns.prefix.is_empty() {
        format!(" xmlns=\"{}\"", escape(&ns.uri))
    } else {
        format!(" xmlns:{}=\"{}\"", ns.prefix, escape(&ns.uri))
    }
}

/// Writes `value` of `shape` as the element `name` (lists that are flattened as their items).
fn xml(
    model: &WireModel,
    out: &mut String,
    name: &str,
    shape: Shape,
    value: &Value,
    details: Option<&MemberWire>,
    path: &str,
) -> Result<()> {
    workflow_text::stack::deeper(|| xml_level(model, out, name, shape, value, details, path))
}

fn xml_level(
    model: &WireModel,
    out: &mut String,
    name: &str,
    shape: Shape,
    value: &Value,
    details: Option<&MemberWire>,
    path: &str,
) -> Result<()> {
    let wire = model.shape(shape.index());
    let ns = details
        .and_then(|d| d.namespace.as_ref())
        .or(wire.namespace.as_ref())
        .map(xmlns)
        .unwrap_or_default();
    match shape.kind() {
        ShapeKind::Object => {
            let members = given(shape, value, path)?;
            let mut attributes = String::new();
            let mut body = String::new();
            for (member, v) in members {
                let d = wire.member(member.position());
                let key = wire_name(d, wire, member);
                let here = join(path, member.name());
                if d.xml_attribute {
                    let text = scalar_text(
                        member.shape(),
                        v,
                        d.timestamp,
                        TimestampFormat::Iso8601,
                        &here,
                    )?;
                    let _ = write!(attributes, " {}=\"{}\"", key, escape(&text));
                    if let Some(ns) = &d.namespace
                        && !ns.prefix.is_empty()
                    {
                        attributes.push_str(&xmlns(ns));
                    }
                } else {
                    xml(model, &mut body, &key, member.shape(), v, Some(d), &here)?;
                }
            }
            let _ = write!(out, "<{name}{ns}{attributes}>{body}</{name}>");
        }
        ShapeKind::Array => {
            let (items, item) = list_of(shape, value, path)?;
            let flattened = wire.flattened || details.is_some_and(|d| d.flattened);
            let item_details = MemberWire {
                timestamp: wire.timestamp,
                ..MemberWire::default()
            };
            // A flattened list's items stand in the parent, each named as the list; another's
            // are `member`s (or as the model names them) inside an element of the list's name.
            let item_name = wire
                .name
                .as_deref()
                .unwrap_or(if flattened { name } else { "member" });
            if !flattened {
                let _ = write!(out, "<{name}{ns}>");
            }
            for (i, v) in items.iter().enumerate() {
                xml(
                    model,
                    out,
                    item_name,
                    item,
                    v,
                    Some(&item_details),
                    &format!("{path}[{i}]"),
                )?;
            }
            if !flattened {
                let _ = write!(out, "</{name}>");
            }
        }
        ShapeKind::Map => {
            let (entries, key_shape, value_shape) = map_of(shape, value, path)?;
            let key_name = wire.key_name.as_deref().unwrap_or("key");
            let value_name = wire.value_name.as_deref().unwrap_or("value");
            let flattened = wire.flattened || details.is_some_and(|d| d.flattened);
            if !flattened {
                let _ = write!(out, "<{name}{ns}>");
            }
            for (k, v) in entries {
                let entry = if flattened { name } else { "entry" };
                let _ = write!(out, "<{entry}>");
                xml(
                    model,
                    out,
                    key_name,
                    key_shape,
                    &Value::String(k.clone()),
                    None,
                    &join(path, k),
                )?;
                xml(model, out, value_name, value_shape, v, None, &join(path, k))?;
                let _ = write!(out, "</{entry}>");
            }
            if !flattened {
                let _ = write!(out, "</{name}>");
            }
        }
        _ => {
            let text = scalar_text(
                shape,
                value,
                details.and_then(|d| d.timestamp),
                TimestampFormat::Iso8601,
                path,
            )?;
            let _ = write!(out, "<{name}{ns}>{}</{name}>", escape(&text));
        }
    }
    Ok(())
}

// --- Query and EC2 bodies ---

/// EC2's name of a member: its `queryName`, else its `locationName` with the first letter in
/// upper case, else its name.
fn ec2_name(details: &MemberWire, member: Member) -> Cow<'_, str> {
    if let Some(q) = &details.query_name {
        return Cow::Borrowed(q);
    }
    match &details.name {
        Some(n) => {
            let mut chars = n.chars();
            Cow::Owned(
                chars
                    .next()
                    .map(|c| c.to_ascii_uppercase())
                    .into_iter()
                    .chain(chars)
                    .collect(),
            )
        }
        None => Cow::Borrowed(member.name()),
    }
}

/// The pairs of a query or EC2 body being written.
struct QueryPairs<'m> {
    model: &'m WireModel,
    out: Vec<(String, String)>,
    ec2: bool,
}

impl QueryPairs<'_> {
    fn write(
        &mut self,
        prefix: &str,
        shape: Shape,
        value: &Value,
        details: Option<&MemberWire>,
        path: &str,
    ) -> Result<()> {
        workflow_text::stack::deeper(|| self.level(prefix, shape, value, details, path))
    }

    fn level(
        &mut self,
        prefix: &str,
        shape: Shape,
        value: &Value,
        details: Option<&MemberWire>,
        path: &str,
    ) -> Result<()> {
        let (model, ec2) = (self.model, self.ec2);
        let wire = model.shape(shape.index());
        match shape.kind() {
            ShapeKind::Object => {
                for (member, v) in given(shape, value, path)? {
                    let d = wire.member(member.position());
                    let name = if ec2 {
                        ec2_name(d, member)
                    } else {
                        wire_name(d, wire, member)
                    };
                    let key = if prefix.is_empty() {
                        name.into_owned()
                    } else {
                        format!("{prefix}.{name}")
                    };
                    self.write(&key, member.shape(), v, Some(d), &join(path, member.name()))?;
                }
            }
            ShapeKind::Array => {
                let (items, item) = list_of(shape, value, path)?;
                if items.is_empty() {
                    if !ec2 {
                        self.out.push((prefix.to_owned(), String::new()));
                    }
                    return Ok(());
                }
                let flattened = wire.flattened || details.is_some_and(|d| d.flattened);
                let list_prefix = if ec2 {
                    prefix.to_owned()
                } else if flattened {
                    match &wire.name {
                        Some(n) => match prefix.rsplit_once('.') {
                            Some((head, _)) => format!("{head}.{n}"),
                            None => n.to_string(),
                        },
                        None => prefix.to_owned(),
                    }
                } else {
                    format!("{prefix}.{}", wire.name.as_deref().unwrap_or("member"))
                };
                let item_details = MemberWire {
                    timestamp: wire.timestamp,
                    ..MemberWire::default()
                };
                for (i, v) in items.iter().enumerate() {
                    self.write(
                        &format!("{list_prefix}.{}", i + 1),
                        item,
                        v,
                        Some(&item_details),
                        &format!("{path}[{i}]"),
                    )?;
                }
            }
            ShapeKind::Map => {
                let (entries, key_shape, value_shape) = map_of(shape, value, path)?;
                let flattened = wire.flattened || details.is_some_and(|d| d.flattened);
                let key_name = wire.key_name.as_deref().unwrap_or("key");
                let value_name = wire.value_name.as_deref().unwrap_or("value");
                for (i, (k, v)) in entries.iter().enumerate() {
                    let entry = if flattened {
                        format!("{prefix}.{}", i + 1)
                    } else {
                        format!("{prefix}.entry.{}", i + 1)
                    };
                    let here = join(path, k);
                    self.write(
                        &format!("{entry}.{key_name}"),
                        key_shape,
                        &Value::String(k.clone()),
                        None,
                        &here,
                    )?;
                    self.write(
                        &format!("{entry}.{value_name}"),
                        value_shape,
                        v,
                        None,
                        &here,
                    )?;
                }
            }
            _ => {
                let text = scalar_text(
                    shape,
                    value,
                    details.and_then(|d| d.timestamp),
                    TimestampFormat::Iso8601,
                    path,
                )?;
                self.out.push((prefix.to_owned(), text));
            }
        }
        Ok(())
    }
}

// --- Percent-encoding ---

/// `text` percent-encoded as AWS signs it: every byte but the unreserved characters (and `/`
/// where `keep_slash`).
pub(crate) fn percent(text: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b'/' if keep_slash => out.push('/'),
            other => {
                let _ = write!(out, "%{other:02X}");
            }
        }
    }
    out
}

fn form(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", percent(k, false), percent(v, false)))
        .collect::<Vec<_>>()
        .join("&")
}

// --- Idempotency tokens ---

/// A fresh version 4 UUID, as the SDKs fill an idempotency token the request lacks.
fn uuid() -> String {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut bytes = [0u8; 16];
    for half in 0..2 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        bytes[half * 8..half * 8 + 8].copy_from_slice(&h.finish().to_le_bytes());
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// `input` with every idempotency token it lacks filled in: with `token` when given, else a
/// fresh UUID each.
fn with_tokens(model: &WireModel, shape: Shape, input: &Value, token: Option<&str>) -> Value {
    let wire = model.shape(shape.index());
    let mut input = input.clone();
    if let Some(object) = input.as_object_mut() {
        for member in shape.members() {
            if wire.member(member.position()).idempotency_token
                && !object.contains_key(member.name())
                && !object.contains_key(member.sdk_name())
            {
                let value = token.map_or_else(uuid, str::to_owned);
                object.insert(member.name().to_owned(), Value::String(value));
            }
        }
    }
    input
}

// --- The request ---

/// Whether a member of the structure `shape` is a stream of events.
pub(super) fn streams_events(model: &WireModel, shape: Shape) -> bool {
    shape.members().any(|m| {
        m.shape().kind() == ShapeKind::Object && model.shape(m.shape().index()).event_stream
    })
}

/// Puts `input` on the wire for `op`, its idempotency tokens `token` where it lacks them (see
/// [`with_tokens`]).
pub(super) fn request(op: Operation, input: &Value, token: Option<&str>) -> Result<WireRequest> {
    let service = op.service();
    let model = super::wire_model(service);
    let Some(protocol) = model.meta.protocol else {
        return Err(WireError::Protocol {
            service: service.botocore_name(),
            protocol: model.meta.protocol_name.to_string(),
        });
    };
    let binding = &model.operations[op.position()];
    let empty = Value::Object(Map::new());
    let input = if input.is_null() { &empty } else { input };
    let shape = op.input();
    if shape.is_some_and(|s| streams_events(model, s))
        || op.output().is_some_and(|s| streams_events(model, s))
    {
        return Err(WireError::EventStream {
            operation: op.name(),
        });
    }
    let filled;
    let input = match shape {
        Some(shape) => {
            filled = with_tokens(model, shape, input, token);
            &filled
        }
        None => input,
    };
    let mut request = match protocol {
        Protocol::Json => {
            let body = match shape {
                Some(shape) => json(model, shape, input, None, "")?,
                None => Value::Object(Map::new()),
            };
            let mut headers = vec![
                (
                    "Content-Type".into(),
                    format!(
                        "application/x-amz-json-{}",
                        model.meta.json_version.as_deref().unwrap_or("1.0")
                    ),
                ),
                (
                    "X-Amz-Target".into(),
                    format!(
                        "{}.{}",
                        model.meta.target_prefix.as_deref().unwrap_or_default(),
                        op.name()
                    ),
                ),
            ];
            // A service that moved from the query protocol to JSON (SQS) is told the client
            // reads its errors' query codes (botocore and the SDKs send it).
            if model.meta.query_compatible {
                headers.push(("x-amzn-query-mode".into(), "true".into()));
            }
            WireRequest {
                method: "POST".into(),
                path: "/".into(),
                query: String::new(),
                headers,
                body: body.to_string().into_bytes(),
            }
        }
        Protocol::Query | Protocol::Ec2 => {
            let mut pairs = QueryPairs {
                model,
                out: vec![
                    ("Action".to_owned(), op.name().to_owned()),
                    ("Version".to_owned(), service.api_version().to_owned()),
                ],
                ec2: protocol == Protocol::Ec2,
            };
            if let Some(shape) = shape {
                pairs.write("", shape, input, None, "")?;
            }
            let pairs = pairs.out;
            WireRequest {
                method: "POST".into(),
                path: "/".into(),
                query: String::new(),
                headers: vec![(
                    "Content-Type".into(),
                    "application/x-www-form-urlencoded; charset=utf-8".into(),
                )],
                body: form(&pairs).into_bytes(),
            }
        }
        Protocol::RestJson | Protocol::RestXml => rest(model, op, shape, input, protocol)?,
    };
    if binding.checksum
        && !request
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("content-md5"))
    {
        use md5::Digest as _;
        let digest = md5::Md5::digest(&request.body);
        request
            .headers
            .push(("Content-MD5".into(), base64(&digest)));
    }
    Ok(request)
}

/// A REST request: the URI's labels and query, the headers, and the body (the payload member,
/// or the body members as JSON or XML).
fn rest(
    model: &WireModel,
    op: Operation,
    shape: Option<Shape>,
    input: &Value,
    protocol: Protocol,
) -> Result<WireRequest> {
    let binding = &model.operations[op.position()];
    let (template, fixed_query) = match binding.uri.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (&*binding.uri, None),
    };
    let mut labels: Vec<(String, String)> = Vec::new();
    let mut query_pairs: Vec<(String, String)> = Vec::new();
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut body_members: Vec<(Member, &Value)> = Vec::new();
    let mut payload: Option<(Member, &Value)> = None;
    let mut has_body_members = false;
    if let Some(shape) = shape {
        let wire = model.shape(shape.index());
        has_body_members = shape.members().any(|m| {
            wire.member(m.position()).location == Location::Body
                && Some(m.position()) != wire.payload
        });
        for (member, v) in given(shape, input, "")? {
            let d = wire.member(member.position());
            let name = wire_name(d, wire, member);
            let path = member.name();
            match d.location {
                Location::Uri => {
                    let text = scalar_text(
                        member.shape(),
                        v,
                        d.timestamp,
                        TimestampFormat::Iso8601,
                        path,
                    )?;
                    labels.push((name.into_owned(), text));
                }
                Location::QueryString => match member.shape().kind() {
                    ShapeKind::Array => {
                        let item = member
                            .shape()
                            .item()
                            .ok_or_else(|| problem(path, "has no item shape"))?;
                        for (i, x) in v.as_array().into_iter().flatten().enumerate() {
                            let text = scalar_text(
                                item,
                                x,
                                None,
                                TimestampFormat::Iso8601,
                                &format!("{path}[{i}]"),
                            )?;
                            query_pairs.push((name.to_string(), text));
                        }
                    }
                    ShapeKind::Map => {
                        let value_shape = member
                            .shape()
                            .map_value()
                            .ok_or_else(|| problem(path, "has no value shape"))?;
                        for (k, x) in v.as_object().into_iter().flatten() {
                            match value_shape.item() {
                                Some(item) => {
                                    for y in x.as_array().into_iter().flatten() {
                                        query_pairs.push((
                                            k.clone(),
                                            scalar_text(
                                                item,
                                                y,
                                                None,
                                                TimestampFormat::Iso8601,
                                                path,
                                            )?,
                                        ));
                                    }
                                }
                                None => query_pairs.push((
                                    k.clone(),
                                    scalar_text(
                                        value_shape,
                                        x,
                                        None,
                                        TimestampFormat::Iso8601,
                                        path,
                                    )?,
                                )),
                            }
                        }
                    }
                    _ => {
                        let text = scalar_text(
                            member.shape(),
                            v,
                            d.timestamp,
                            TimestampFormat::Iso8601,
                            path,
                        )?;
                        query_pairs.push((name.into_owned(), text));
                    }
                },
                Location::Header => {
                    let text = if d.json_value {
                        base64(v.to_string().as_bytes())
                    } else if member.shape().kind() == ShapeKind::Array {
                        let item = member
                            .shape()
                            .item()
                            .ok_or_else(|| problem(path, "has no item shape"))?;
                        let mut parts = Vec::new();
                        for x in v.as_array().into_iter().flatten() {
                            parts.push(scalar_text(item, x, None, TimestampFormat::Rfc822, path)?);
                        }
                        parts.join(",")
                    } else {
                        scalar_text(
                            member.shape(),
                            v,
                            d.timestamp,
                            TimestampFormat::Rfc822,
                            path,
                        )?
                    };
                    headers.push((name.into_owned(), text));
                }
                Location::Headers => {
                    for (k, x) in v.as_object().into_iter().flatten() {
                        headers.push((format!("{name}{k}"), text(x).into_owned()));
                    }
                }
                Location::StatusCode => {}
                Location::Body => {
                    if Some(member.position()) == wire.payload {
                        payload = Some((member, v));
                    } else {
                        body_members.push((member, v));
                    }
                }
            }
        }
    }
    // The path: each `{Label}` percent-encoded, `{Label+}` keeping its slashes.
    let mut path = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        path.push_str(&rest[..open]);
        let close = rest[open..]
            .find('}')
            .map(|c| open + c)
            .ok_or_else(|| problem("", "the operation's URI is malformed"))?;
        let label = &rest[open + 1..close];
        let (label, greedy) = match label.strip_suffix('+') {
            Some(l) => (l, true),
            None => (label, false),
        };
        let value = labels
            .iter()
            .find(|(n, _)| n == label)
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| problem(label, "is required: it is part of the request's URI"))?;
        if value.is_empty() {
            return Err(problem(
                label,
                "must not be empty: it is part of the request's URI",
            ));
        }
        path.push_str(&percent(value, greedy));
        rest = &rest[close + 1..];
    }
    path.push_str(rest);
    let mut query_text: Vec<String> = Vec::new();
    if let Some(fixed) = fixed_query {
        for part in fixed.split('&').filter(|p| !p.is_empty()) {
            query_text.push(match part.split_once('=') {
                Some((k, v)) => format!("{}={}", percent(k, false), percent(v, false)),
                None => percent(part, false),
            });
        }
    }
    for (k, v) in &query_pairs {
        query_text.push(format!("{}={}", percent(k, false), percent(v, false)));
    }
    let shape_wire = shape.map(|s| model.shape(s.index()));
    let mut body = Vec::new();
    if let Some((member, v)) = payload {
        let d = shape_wire.map(|w| w.member(member.position()));
        match member.shape().kind() {
            ShapeKind::Blob => body = blob_bytes(v),
            ShapeKind::String | ShapeKind::JsonText => body = text(v).into_owned().into_bytes(),
            _ if protocol == Protocol::RestJson => {
                body = json(model, member.shape(), v, None, member.name())?
                    .to_string()
                    .into_bytes();
                headers.push(("Content-Type".into(), "application/json".into()));
            }
            _ => {
                let wire = shape_wire.expect("a payload has a structure");
                let name = d.map_or_else(
                    || Cow::Borrowed(member.name()),
                    |d| wire_name(d, wire, member),
                );
                let mut out = String::new();
                xml(model, &mut out, &name, member.shape(), v, d, member.name())?;
                body = out.into_bytes();
            }
        }
    } else if protocol == Protocol::RestJson && has_body_members {
        let mut object = Map::new();
        let wire = shape_wire.expect("body members have a structure");
        for (member, v) in body_members {
            let d = wire.member(member.position());
            object.insert(
                wire_name(d, wire, member).into_owned(),
                json(model, member.shape(), v, d.timestamp, member.name())?,
            );
        }
        body = Value::Object(object).to_string().into_bytes();
        headers.push(("Content-Type".into(), "application/json".into()));
    } else if protocol == Protocol::RestXml && !body_members.is_empty() {
        let wire = shape_wire.expect("body members have a structure");
        let root = binding
            .input_name
            .as_deref()
            .or(shape.and_then(Shape::name))
            .unwrap_or("Request");
        let ns = binding
            .input_namespace
            .as_ref()
            .map(xmlns)
            .unwrap_or_default();
        let mut out = format!("<{root}{ns}>");
        for (member, v) in body_members {
            let d = wire.member(member.position());
            xml(
                model,
                &mut out,
                &wire_name(d, wire, member),
                member.shape(),
                v,
                Some(d),
                member.name(),
            )?;
        }
        let _ = write!(out, "</{root}>");
        body = out.into_bytes();
    }
    Ok(WireRequest {
        method: binding.method.to_string(),
        path,
        query: query_text.join("&"),
        headers,
        body,
    })
}

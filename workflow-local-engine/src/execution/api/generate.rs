//! The generator of the history events' one codec: the model's `HistoryEvent` (the item of
//! `GetExecutionHistoryOutput`'s `events` in Step Functions' API model, botocore's
//! `stepfunctions/2016-11-23/service-2.json` as `workflow-aws-models` embeds it, pinned by
//! `tools/aws-models/generate.py`'s botocore version), its ~60 `*EventDetails` structures and
//! what they reach, and its `type`'s enum of event types, written twice from the one walk:
//!
//! - `workflow-local-engine/src/execution/api/generated.rs`: the structures with serde derives, each
//!   member under the model's name, an optional one left out when absent; `HistoryEventType`,
//!   a variant for every value the model lists (its text in `as_str`, `From<&str>`, and so in
//!   serde) and `Unknown` for any other (a newer API's type, kept as sent);
//! - `workflow-runtime/src/client/history/generated.rs`: each structure read from
//!   `aws_sdk_sfn::types`' structure of the same name, member by member (the SDK's getters
//!   are the model's member names in snake case; `FromSdk` fits each getter's type to the
//!   member's, so the generator needs no knowledge of which ones the SDK makes optional).
//!
//! The test below regenerates both files and compares them with the committed ones;
//! `UPDATE_GENERATED=1 cargo test -p workflow-local-engine --lib execution::api` writes them after a
//! change of the model or of this generator.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use workflow_aws_models::{Service, Shape, ShapeKind};
use workflow_text::case::Case;

/// The model's structure of one history event.
const EVENT: &str = "HistoryEvent";

/// `HistoryEvent`'s members that are not its details, in the order its JSON has always been
/// written here (so that a record stored before this codec writes back byte for byte); its
/// details follow, in the model's order.
const HEADER: &[&str] = &["id", "previousEventId", "timestamp", "type"];

/// The Rust name of the enum of `HistoryEvent`'s `type`: the model's (botocore's
/// `HistoryEventType`; the embedded model keeps no names of leaf shapes).
const EVENT_TYPE: &str = "HistoryEventType";

/// The enum's variant for a type the model does not list.
const UNKNOWN: &str = "Unknown";

/// The JSON protocol's name of a member (the embedded model capitalizes it).
fn wire(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map_or_else(String::new, |f| f.to_lowercase().chain(chars).collect())
}

/// A member's Rust name: the SDK's getter (`type` is `r#type`).
fn field(wire_name: &str) -> String {
    match Case::Snake.apply(wire_name).as_str() {
        "type" => "r#type".to_owned(),
        other => other.to_owned(),
    }
}

/// Every structure `HistoryEvent` reaches, by name (the event's own included), in a stable
/// order.
fn structures() -> BTreeMap<&'static str, Shape> {
    let service = Service::by_botocore_name("stepfunctions").expect("Step Functions' model");
    let history = service
        .operation("GetExecutionHistory")
        .and_then(|o| o.output())
        .expect("GetExecutionHistory's output");
    let event = history
        .members()
        .find(|m| wire(m.name()) == "events")
        .and_then(|m| m.shape().item())
        .expect("GetExecutionHistoryOutput's events");
    assert_eq!(event.name(), Some(EVENT));
    let mut found = BTreeMap::new();
    let mut to_visit = vec![event];
    while let Some(shape) = to_visit.pop() {
        match shape.kind() {
            ShapeKind::Object => {
                let name = shape.name().expect("a structure has a name");
                if found.insert(name, shape).is_none() {
                    to_visit.extend(shape.members().map(|m| m.shape()));
                }
            }
            ShapeKind::Array => to_visit.extend(shape.item()),
            ShapeKind::Map => to_visit.extend(shape.map_value()),
            _ => {}
        }
    }
    found
}

/// The Rust type of a member of shape `shape`.
fn type_of(shape: Shape) -> String {
    match shape.kind() {
        ShapeKind::Object => shape.name().expect("a structure has a name").to_owned(),
        ShapeKind::Array => format!("Vec<{}>", type_of(shape.item().expect("an item"))),
        ShapeKind::Map => format!(
            "IndexMap<String, {}>",
            type_of(shape.map_value().expect("a value"))
        ),
        ShapeKind::Timestamp | ShapeKind::TimestampOrEpoch => "Timestamp".to_owned(),
        ShapeKind::String | ShapeKind::JsonText | ShapeKind::Blob => "String".to_owned(),
        ShapeKind::Any => "serde_json::Value".to_owned(),
        ShapeKind::Integer => "i64".to_owned(),
        ShapeKind::Number => "f64".to_owned(),
        ShapeKind::Boolean => "bool".to_owned(),
    }
}

/// Whether a member of `HistoryEvent` is one of its details (the rest is its header: `id`,
/// `previousEventId`, `timestamp`, `type`).
fn is_details(wire_name: &str, shape: Shape) -> bool {
    shape.kind() == ShapeKind::Object && wire_name.ends_with("EventDetails")
}

/// A member: its wire name, Rust name, Rust type (without `Option`) and whether it is required.
struct Field {
    wire: String,
    rust: String,
    ty: String,
    required: bool,
}

/// A structure's members, in the model's order (an event's header first, [`HEADER`]); an
/// event's `type` is [`EVENT_TYPE`].
fn fields(shape: Shape) -> Vec<Field> {
    let event = shape.name() == Some(EVENT);
    let mut fields: Vec<Field> = shape
        .members()
        .map(|m| {
            let wire = wire(m.name());
            Field {
                rust: field(&wire),
                ty: if event && wire == "type" {
                    EVENT_TYPE.to_owned()
                } else {
                    type_of(m.shape())
                },
                required: m.is_required(),
                wire,
            }
        })
        .collect();
    if event {
        fields.sort_by_key(|f| {
            HEADER
                .iter()
                .position(|h| *h == f.wire)
                .unwrap_or(HEADER.len())
        });
    }
    fields
}

/// The text of the engine's `generated.rs`.
fn generate_codec(structures: &BTreeMap<&'static str, Shape>) -> String {
    let mut out = String::from(
        "//! Step Functions' history events as its API model defines them (botocore's\n\
         //! `stepfunctions/2016-11-23/service-2.json`, as `workflow-aws-models` embeds it): the\n\
         //! model's `HistoryEvent` and every structure it reaches, each member under the model's\n\
         //! name, an optional one left out when absent, and the enum of its `type`. GENERATED by\n\
         //! `api/generate.rs`: do not edit; regenerate with `UPDATE_GENERATED=1 cargo test -p\n\
         //! workflow-local-engine --lib execution::api`.\n\n\
         use super::{Timestamp, UnknownEventType};\n\
         use indexmap::IndexMap;\n\
         use serde::{Deserialize, Serialize};\n",
    );
    for (name, shape) in structures {
        // An event has no default: its type has none.
        let default = if *name == EVENT { "" } else { " Default," };
        let _ = write!(
            out,
            "\n/// The model's `{name}`.\n\
             #[derive(Clone, Debug,{default} PartialEq, Deserialize, Serialize)]\n\
             pub struct {name} {{\n"
        );
        for f in fields(*shape) {
            let _ = writeln!(
                out,
                "    /// `{}`{}.",
                f.wire,
                if f.required { " (required)" } else { "" }
            );
            if f.required {
                let _ = writeln!(out, "    #[serde(rename = \"{}\")]", f.wire);
                let _ = writeln!(out, "    pub {}: {},", f.rust, f.ty);
            } else {
                let _ = writeln!(
                    out,
                    "    #[serde(rename = \"{}\", default, skip_serializing_if = \"Option::is_none\")]",
                    f.wire
                );
                let _ = writeln!(out, "    pub {}: Option<{}>,", f.rust, f.ty);
            }
        }
        out.push_str("}\n");
    }
    out.push_str(&generate_event_type(&event_types(structures[EVENT])));
    let event = structures[EVENT];
    let all = fields(event);
    let (details, header): (Vec<&Field>, Vec<&Field>) = all.iter().partition(|f| {
        event
            .members()
            .find(|m| wire(m.name()) == f.wire)
            .is_some_and(|m| is_details(&f.wire, m.shape()))
    });
    assert!(
        details.iter().all(|f| !f.required),
        "a required details member"
    );
    let header_names: Vec<&str> = header.iter().map(|f| f.wire.as_str()).collect();
    assert_eq!(header_names, HEADER, "HistoryEvent's header changed");
    out.push_str(
        "\n/// The members of [`HistoryEvent`] that hold its details, one `*EventDetails` each\n\
         /// (an event has those of its type, or none), apart from its header.\n\
         #[derive(Clone, Debug, Default, PartialEq)]\n\
         pub struct EventDetails {\n",
    );
    for f in &details {
        let _ = writeln!(
            out,
            "    /// `{}`.\n    pub {}: Option<{}>,",
            f.wire, f.rust, f.ty
        );
    }
    out.push_str("}\n\nimpl HistoryEvent {\n");
    out.push_str("    /// The event of header ");
    let header_rust: Vec<String> = header.iter().map(|f| format!("`{}`", f.rust)).collect();
    let _ = writeln!(out, "{} and `details`.", header_rust.join(", "));
    out.push_str("    pub fn new(\n");
    for f in &header {
        let ty = if f.required {
            f.ty.clone()
        } else {
            format!("Option<{}>", f.ty)
        };
        let _ = writeln!(out, "        {}: {ty},", f.rust);
    }
    out.push_str(
        "        details: EventDetails,\n    ) -> HistoryEvent {\n        HistoryEvent {\n",
    );
    for f in &header {
        let _ = writeln!(out, "            {},", f.rust);
    }
    for f in &details {
        let _ = writeln!(out, "            {0}: details.{0},", f.rust);
    }
    out.push_str("        }\n    }\n\n");
    out.push_str(
        "    /// Its details, apart from its header.\n    \
         pub fn into_details(self) -> EventDetails {\n        EventDetails {\n",
    );
    for f in &details {
        let _ = writeln!(out, "            {0}: self.{0},", f.rust);
    }
    out.push_str("        }\n    }\n}\n");
    // The error and cause of whichever details are set, for those that have them.
    out.push_str(
        "\nimpl EventDetails {\n    \
         /// The `error` and `cause` of the details that are set, when their structure has\n    \
         /// those members; `None` for an event without them.\n    \
         pub fn failure(&self) -> Option<(Option<&str>, Option<&str>)> {\n",
    );
    for f in &details {
        let shape = structures[f.ty.as_str()];
        let member = |name: &str| fields(shape).into_iter().find(|m| m.wire == name);
        let (Some(error), Some(cause)) = (member("error"), member("cause")) else {
            continue;
        };
        let read = |m: &Field| {
            if m.required {
                format!("Some(d.{}.as_str())", m.rust)
            } else {
                format!("d.{}.as_deref()", m.rust)
            }
        };
        let _ = writeln!(
            out,
            "        if let Some(d) = &self.{} {{\n            return Some(({}, {}));\n        }}",
            f.rust,
            read(&error),
            read(&cause)
        );
    }
    out.push_str("        None\n    }\n}\n");
    out
}

/// The values the model lists for `HistoryEvent`'s `type`, in its order.
fn event_types(event: Shape) -> Vec<&'static str> {
    let member = event
        .members()
        .find(|m| wire(m.name()) == "type")
        .expect("HistoryEvent's type");
    let values: Vec<&'static str> = member.shape().enum_values().collect();
    assert!(!values.is_empty(), "HistoryEvent's type lists no values");
    for value in &values {
        assert!(
            value.starts_with(|c: char| c.is_ascii_uppercase())
                && value.chars().all(|c| c.is_ascii_alphanumeric())
                && *value != UNKNOWN,
            "the event type `{value}` is no variant's name"
        );
    }
    values
}

/// The enum of event types: a variant for each of `values`, [`UNKNOWN`] for any other text;
/// their spelling both ways (`as_str`, `From<&str>`) and the list (`values`). Serde and
/// `Display` go through these (`api/mod.rs`).
fn generate_event_type(values: &[&str]) -> String {
    let mut out = format!(
        "\n/// The model's `{EVENT_TYPE}`: an event's `type`, a variant for each value the model\n\
         /// lists, and [`{EVENT_TYPE}::{UNKNOWN}`] for one it does not (a type a newer API sends),\n\
         /// its text kept as sent so that the event writes back as it was read. Serde, `Display`,\n\
         /// [`{EVENT_TYPE}::as_str`] and `From<&str>` spell each variant as the model does.\n\
         #[derive(Clone, Debug, PartialEq, Eq, Hash)]\n\
         #[non_exhaustive]\n\
         pub enum {EVENT_TYPE} {{\n"
    );
    for value in values {
        let _ = writeln!(out, "    /// `{value}`.\n    {value},");
    }
    let _ = write!(
        out,
        "    /// A type the model does not list, as it was sent.\n    \
         {UNKNOWN}(UnknownEventType),\n}}\n\n\
         impl {EVENT_TYPE} {{\n    \
         /// Every type the model lists, as it spells them, in its order.\n    \
         pub const fn values() -> &'static [&'static str] {{\n        &[\n"
    );
    for value in values {
        let _ = writeln!(out, "            \"{value}\",");
    }
    let _ = write!(
        out,
        "        ]\n    }}\n\n    \
         /// The type as the service spells it.\n    \
         pub fn as_str(&self) -> &str {{\n        match self {{\n"
    );
    for value in values {
        let _ = writeln!(out, "            {EVENT_TYPE}::{value} => \"{value}\",");
    }
    let _ = write!(
        out,
        "            {EVENT_TYPE}::{UNKNOWN}(text) => text.as_str(),\n        }}\n    }}\n}}\n\n\
         impl From<&str> for {EVENT_TYPE} {{\n    \
         /// The type spelled `text`: a variant of the model's, or [`{EVENT_TYPE}::{UNKNOWN}`].\n    \
         fn from(text: &str) -> Self {{\n        match text {{\n"
    );
    for value in values {
        let _ = writeln!(out, "            \"{value}\" => {EVENT_TYPE}::{value},");
    }
    let _ = write!(
        out,
        "            other => {EVENT_TYPE}::{UNKNOWN}(UnknownEventType(other.into())),\n        \
         }}\n    }}\n}}\n"
    );
    out
}

/// The text of the client's `generated.rs`: each structure from the SDK's.
fn generate_from_sdk(structures: &BTreeMap<&'static str, Shape>) -> String {
    let mut out = String::from(
        "//! Step Functions' history events read from the AWS SDK's types into the engine's\n\
         //! codec (`workflow_runtime::execution::api`), member by member: the SDK's getters are\n\
         //! the model's member names in snake case, and [`FromSdk`] fits each getter's type to\n\
         //! the member's. GENERATED by `workflow-local-engine/src/execution/api/generate.rs`: do not\n\
         //! edit; regenerate with `UPDATE_GENERATED=1 cargo test -p workflow-local-engine --lib\n\
         //! execution::api`.\n\n\
         use super::FromSdk;\n\
         use crate::execution::api;\n\
         use aws_sdk_sfn::types as sdk;\n",
    );
    for (name, shape) in structures {
        let _ = write!(
            out,
            "\nimpl FromSdk<&sdk::{name}> for api::{name} {{\n    \
             fn from_sdk(sdk: &sdk::{name}) -> Self {{\n        api::{name} {{\n"
        );
        for f in fields(*shape) {
            let _ = writeln!(
                out,
                "            {0}: FromSdk::from_sdk(sdk.{0}()),",
                f.rust
            );
        }
        out.push_str("        }\n    }\n}\n");
        let _ = write!(
            out,
            "\nimpl FromSdk<Option<&sdk::{name}>> for Option<api::{name}> {{\n    \
             fn from_sdk(sdk: Option<&sdk::{name}>) -> Self {{\n        \
             sdk.map(api::{name}::from_sdk)\n    }}\n}}\n"
        );
    }
    out
}

/// The two generated files, by path from the workspace's root.
pub(super) fn generate() -> [(&'static str, String); 2] {
    let structures = structures();
    [
        (
            "workflow-local-engine/src/execution/api/generated.rs",
            generate_codec(&structures),
        ),
        (
            "workflow-runtime/src/client/history/generated.rs",
            generate_from_sdk(&structures),
        ),
    ]
}

#[test]
fn the_generated_codec_is_the_models_history_events() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut stale = Vec::new();
    for (path, fresh) in generate() {
        let path = root.join(path);
        if std::env::var_os("UPDATE_GENERATED").is_some() {
            std::fs::write(&path, &fresh).expect("a generated file written");
        }
        if std::fs::read_to_string(&path).unwrap_or_default() != fresh {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "{stale:?} are not what the model generates: regenerate them with `UPDATE_GENERATED=1 \
         cargo test -p workflow-local-engine --lib execution::api` and read the diff"
    );
}

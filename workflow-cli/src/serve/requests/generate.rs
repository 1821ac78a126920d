//! The generator of `generated.rs`: every operation's input shape in Step Functions' API model
//! (botocore's `stepfunctions/2016-11-23/service-2.json` as `workflow-aws-models` embeds it,
//! pinned by `tools/aws-models/generate.py`'s botocore version) written as Rust structures
//! with serde derives. The test below regenerates the file and compares it with the committed
//! one; `UPDATE_GENERATED=1 cargo test -p workflow-cli --lib serve::requests` writes it after a
//! change of the model or of this generator.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use workflow_aws_models::{Service, Shape, ShapeKind};

/// The members that hold a Step Functions ARN, decoded to [`super::ArnMember`]
/// (`workflow_aws_models::StatesArn`). Every other member whose name ends in `Arn` must be in
/// [`OTHER_ARNS`]: a member the model adds is decided here, not guessed.
const STATES_ARNS: &[&str] = &[
    "activityArn",
    "executionArn",
    "mapRunArn",
    "resourceArn",
    "stateMachineAliasArn",
    "stateMachineArn",
    "stateMachineVersionArn",
];

/// Members named `…Arn` that are not Step Functions ARNs: an IAM role's and a CloudWatch Logs
/// log group's, kept as text (their checks are the operations').
const OTHER_ARNS: &[&str] = &["roleArn", "logGroupArn"];

/// The names of enums whose member's name is not the botocore shape's name (botocore's
/// `StateMachineType`, `EncryptionType`, `ExecutionStatus`, `LogLevel`,
/// `ExecutionRedriveFilter`), by member name and
/// first value; the others are named after their member.
const ENUM_NAMES: &[(&str, &str, &str)] = &[
    ("type", "STANDARD", "StateMachineType"),
    ("type", "AWS_OWNED_KEY", "EncryptionType"),
    ("statusFilter", "RUNNING", "ExecutionStatus"),
    ("level", "ALL", "LogLevel"),
    ("redriveFilter", "REDRIVEN", "ExecutionRedriveFilter"),
];

/// What the generator collected: structures and enums by name, in a stable order.
#[derive(Default)]
struct Collected {
    structures: BTreeMap<String, Shape>,
    enums: BTreeMap<String, Vec<&'static str>>,
}

/// `stateMachineArn` → `state_machine_arn`.
fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    match out.as_str() {
        "type" => "r#type".to_owned(),
        _ => out,
    }
}

/// `includedData` → `IncludedData`; `ALL_DATA` → `AllData`.
fn pascal(name: &str) -> String {
    if name.chars().all(|c| !c.is_ascii_lowercase()) {
        return name
            .split('_')
            .map(|w| {
                let mut chars = w.chars();
                chars.next().map_or_else(String::new, |f| {
                    f.to_string() + &chars.as_str().to_ascii_lowercase()
                })
            })
            .collect();
    }
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |f| {
        f.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

/// The JSON protocol's name of a member (the embedded model capitalizes it).
pub(super) fn wire(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map_or_else(String::new, |f| f.to_lowercase().chain(chars).collect())
}

impl Collected {
    /// The Rust type of a member `wire_name` of shape `shape`, collecting what it names.
    fn type_of(&mut self, wire_name: &str, shape: Shape) -> String {
        match shape.kind() {
            ShapeKind::Object => {
                let name = shape.name().expect("a structure has a name").to_owned();
                if !self.structures.contains_key(&name) {
                    self.structures.insert(name.clone(), shape);
                    for member in shape.members() {
                        self.type_of(&wire(member.name()), member.shape());
                    }
                }
                name
            }
            ShapeKind::Array => {
                let item = shape.item().expect("a list has items");
                format!("Vec<{}>", self.type_of(wire_name, item))
            }
            ShapeKind::Map => {
                let value = shape.map_value().expect("a map has values");
                format!(
                    "indexmap::IndexMap<String, {}>",
                    self.type_of(wire_name, value)
                )
            }
            ShapeKind::String | ShapeKind::JsonText | ShapeKind::Timestamp | ShapeKind::Blob => {
                let values: Vec<&'static str> = shape.enum_values().collect();
                if let Some(first) = values.first() {
                    let name = ENUM_NAMES
                        .iter()
                        .find(|(member, value, _)| *member == wire_name && value == first)
                        .map_or_else(|| pascal(wire_name), |(_, _, name)| (*name).to_owned());
                    if let Some(known) = self.enums.get(&name) {
                        assert_eq!(known, &values, "two enums named {name}: add a name");
                    }
                    self.enums.insert(name.clone(), values);
                    name
                } else if STATES_ARNS.contains(&wire_name) {
                    "ArnMember".to_owned()
                } else {
                    assert!(
                        !wire_name.ends_with("Arn") || OTHER_ARNS.contains(&wire_name),
                        "`{wire_name}`: a Step Functions ARN (STATES_ARNS) or not (OTHER_ARNS)?"
                    );
                    "String".to_owned()
                }
            }
            ShapeKind::TimestampOrEpoch | ShapeKind::Any => "serde_json::Value".to_owned(),
            ShapeKind::Integer => "i64".to_owned(),
            ShapeKind::Number => "f64".to_owned(),
            ShapeKind::Boolean => "bool".to_owned(),
        }
    }
}

/// The text of `generated.rs`.
pub(super) fn generate() -> String {
    let service = Service::by_botocore_name("stepfunctions").expect("Step Functions' model");
    let mut collected = Collected::default();
    let mut operations = Vec::new();
    for operation in service.operations() {
        let input = operation.input().expect("every operation has an input");
        collected.type_of("", input);
        operations.push((operation.name(), input.name().unwrap_or_default()));
    }
    let mut out = String::from(
        "//! Every operation's request as Step Functions' API model defines it (botocore's\n\
         //! `stepfunctions/2016-11-23/service-2.json`, as `workflow-aws-models` embeds it), decoded\n\
         //! with serde once `constraints` passed it. GENERATED by `requests/generate.rs`: do not\n\
         //! edit; regenerate with `UPDATE_GENERATED=1 cargo test -p workflow-cli --lib\n\
         //! serve::requests`.\n\n\
         #![allow(dead_code)]\n\n\
         use super::ArnMember;\n\
         use serde::{Deserialize, Serialize};\n\n",
    );
    out.push_str("/// Every operation of the model and its input structure, by operation name.\n");
    out.push_str("pub(crate) const INPUTS: &[(&str, &str)] = &[\n");
    for (operation, input) in &operations {
        let _ = writeln!(out, "    (\"{operation}\", \"{input}\"),");
    }
    out.push_str("];\n");
    let structures: Vec<(String, Shape)> = collected
        .structures
        .iter()
        .map(|(name, shape)| (name.clone(), *shape))
        .collect();
    for (name, shape) in structures {
        let _ = write!(
            out,
            "\n/// The model's `{name}`.\n\
             #[derive(Clone, Debug, Deserialize, Serialize)]\n\
             pub(crate) struct {name} {{\n"
        );
        for member in shape.members() {
            let wire_name = wire(member.name());
            let rust = collected.type_of(&wire_name, member.shape());
            let integer = rust == "i64";
            let required = member.is_required() || wire_name.is_empty();
            let _ = writeln!(
                out,
                "    /// `{wire_name}`{}.",
                if required { " (required)" } else { "" }
            );
            let mut attributes = vec![format!("rename = \"{wire_name}\"")];
            if required {
                if integer {
                    attributes.push("deserialize_with = \"super::integer\"".into());
                }
                let _ = writeln!(out, "    #[serde({})]", attributes.join(", "));
                let _ = writeln!(out, "    pub {}: {rust},", snake(&wire_name));
            } else {
                attributes.push("default".into());
                attributes.push("skip_serializing_if = \"Option::is_none\"".into());
                if integer {
                    attributes.push("deserialize_with = \"super::optional_integer\"".into());
                }
                let _ = writeln!(out, "    #[serde({})]", attributes.join(", "));
                let _ = writeln!(out, "    pub {}: Option<{rust}>,", snake(&wire_name));
            }
        }
        out.push_str("}\n");
    }
    for (name, values) in &collected.enums {
        let _ = write!(
            out,
            "\n/// The model's enum of `{}`.\n\
             #[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]\n\
             pub(crate) enum {name} {{\n",
            values.join("`, `")
        );
        for value in values {
            let _ = write!(
                out,
                "    /// `{value}`.\n    #[serde(rename = \"{value}\")]\n    {},\n",
                pascal(value)
            );
        }
        out.push_str("}\n");
        let _ = write!(
            out,
            "\nimpl {name} {{\n    /// The value as the model spells it.\n    \
             pub(crate) fn as_str(self) -> &'static str {{\n        match self {{\n"
        );
        for value in values {
            let _ = writeln!(out, "            {name}::{} => \"{value}\",", pascal(value));
        }
        out.push_str("        }\n    }\n}\n");
    }
    out
}

#[test]
fn generated_rs_is_the_models_requests() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/serve/requests/generated.rs");
    let fresh = generate();
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        std::fs::write(&path, &fresh).expect("generated.rs written");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "src/serve/requests/generated.rs is not what the model generates: regenerate it with \
         `UPDATE_GENERATED=1 cargo test -p workflow-cli --lib serve::requests` and read the diff"
    );
}

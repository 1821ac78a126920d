//! The generator of `generated.rs`: every operation's input and output shape in Step
//! Functions' API model (botocore's `stepfunctions/2016-11-23/service-2.json` as
//! `workflow-aws-models` embeds it, pinned by `tools/aws-models/generate.py`'s botocore
//! version), and every structure they reach, written as Rust structures with serde derives.
//! A concept that has an owner elsewhere is that owner's type, not a copy: an answer's Step
//! Functions ARN is a `StatesArn`, its role a `RoleArn`, its task token a `TaskToken`
//! (`workflow-aws-models`), an execution's status the engine's `ExecutionStatus`, a history
//! event the engine's event written by its one codec ([`super::WrittenEvent`]), a date the
//! protocol's [`super::Timestamp`]. The test below regenerates the file and compares it with the committed
//! one; `UPDATE_GENERATED=1 cargo test -p workflow-serve --lib requests` writes it after a
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

/// The names of enums whose member's name is not the botocore shape's name, by member name
/// and values (the embedded model keeps no name of a leaf shape); the others are named after
/// their member. Two enums given one name stop the generator.
const ENUM_NAMES: &[(&str, &str, &str)] = &[
    ("type", "STANDARD,EXPRESS", "StateMachineType"),
    (
        "type",
        "AWS_OWNED_KEY,CUSTOMER_MANAGED_KMS_KEY",
        "EncryptionType",
    ),
    (
        "statusFilter",
        "RUNNING,SUCCEEDED,FAILED,TIMED_OUT,ABORTED,PENDING_REDRIVE",
        EXECUTION_STATUS,
    ),
    (
        "status",
        "RUNNING,SUCCEEDED,FAILED,TIMED_OUT,ABORTED,PENDING_REDRIVE",
        EXECUTION_STATUS,
    ),
    ("level", "ALL,ERROR,FATAL,OFF", "LogLevel"),
    (
        "redriveFilter",
        "REDRIVEN,NOT_REDRIVEN",
        "ExecutionRedriveFilter",
    ),
    ("status", "ACTIVE,DELETING", "StateMachineStatus"),
    ("status", "RUNNING,SUCCEEDED,FAILED,ABORTED", "MapRunStatus"),
    (
        "status",
        "SUCCEEDED,FAILED,TIMED_OUT",
        "SyncExecutionStatus",
    ),
    (
        "status",
        "SUCCEEDED,FAILED,RETRIABLE,CAUGHT_ERROR",
        "TestExecutionStatus",
    ),
    (
        "redriveStatus",
        "REDRIVABLE,NOT_REDRIVABLE,REDRIVABLE_BY_MAP_RUN",
        "ExecutionRedriveStatus",
    ),
    (
        "result",
        "OK,FAIL",
        "ValidateStateMachineDefinitionResultCode",
    ),
    (
        "severity",
        "ERROR,WARNING",
        "ValidateStateMachineDefinitionSeverity",
    ),
];

/// The model's enums whose owner is elsewhere, each with serde writing the service's names;
/// used for them rather than a copy: an execution's status is the engine's
/// (`workflow_runtime::execution::ExecutionStatus`; a synchronous execution's and a Map Run's
/// too, the engine's `MapRun::status`), as are a tested state's status and its inspection level
/// (`workflow_runtime::engine::{TestStatus, InspectionLevel}`); a mocked result's validation
/// mode is `workflow_aws_models::FieldValidationMode`, which checks it; a state machine's type
/// the ASL's (`workflow_asl::ExecutionType`).
const OWNED_ENUMS: &[(&str, &str)] = &[
    (EXECUTION_STATUS, "ExecutionStatus"),
    ("FieldValidationMode", "FieldValidationMode"),
    ("InspectionLevel", "InspectionLevel"),
    ("MapRunStatus", "ExecutionStatus"),
    ("StateMachineType", "ExecutionType"),
    ("SyncExecutionStatus", "ExecutionStatus"),
    ("TestExecutionStatus", "TestStatus"),
];

/// The name of the model's enum of an execution's statuses.
const EXECUTION_STATUS: &str = "ExecutionStatus";

/// Structures whose owner is elsewhere, by the model's name, and the type used for them: a
/// history event is the engine's `HistoryEvent`, written by the engine's codec of history
/// events (its ~60 detail shapes are generated there, from the same model, not a second time).
const OWNED_STRUCTURES: &[(&str, &str)] = &[("HistoryEvent", "WrittenEvent")];

/// Structures of the model with the members of another, one concept under two names, and the
/// structure written for both (the generator checks that their members are the same): a Map
/// Run's `executionCounts` are its `itemCounts`' counts (one child execution per item).
const SAME_STRUCTURES: &[(&str, &str)] = &[("MapRunExecutionCounts", "MapRunItemCounts")];

/// Which way a structure goes: a request's (decoded; its ARNs kept as sent, [`super::ArnMember`])
/// or only an answer's (its ARNs, roles and task tokens typed, its dates the protocol's).
/// A structure both reach is a request's.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Request,
    Answer,
}

/// What the generator collected: structures and enums by name, in a stable order.
#[derive(Default)]
struct Collected {
    structures: BTreeMap<String, (Shape, Direction)>,
    /// The structures written as another ([`SAME_STRUCTURES`]), with their shapes.
    same: Vec<(String, Shape)>,
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
pub(crate) fn wire(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map_or_else(String::new, |f| f.to_lowercase().chain(chars).collect())
}

impl Collected {
    /// The Rust type of a member `wire_name` of shape `shape` in a structure going
    /// `direction`, collecting what it names.
    fn type_of(&mut self, wire_name: &str, shape: Shape, direction: Direction) -> String {
        match shape.kind() {
            ShapeKind::Object => {
                let name = shape.name().expect("a structure has a name").to_owned();
                if let Some((_, owner)) = OWNED_STRUCTURES.iter().find(|(n, _)| *n == name) {
                    return (*owner).to_owned();
                }
                if let Some((_, same)) = SAME_STRUCTURES.iter().find(|(n, _)| *n == name) {
                    // Checked against `same`'s members once both are collected.
                    self.same.push((name, shape));
                    return (*same).to_owned();
                }
                if !self.structures.contains_key(&name) {
                    self.structures.insert(name.clone(), (shape, direction));
                    for member in shape.members() {
                        self.type_of(&wire(member.name()), member.shape(), direction);
                    }
                }
                name
            }
            ShapeKind::Array => {
                let item = shape.item().expect("a list has items");
                format!("Vec<{}>", self.type_of(wire_name, item, direction))
            }
            ShapeKind::Map => {
                let value = shape.map_value().expect("a map has values");
                format!(
                    "indexmap::IndexMap<String, {}>",
                    self.type_of(wire_name, value, direction)
                )
            }
            ShapeKind::Timestamp if direction == Direction::Answer => "Timestamp".to_owned(),
            ShapeKind::String | ShapeKind::JsonText | ShapeKind::Timestamp | ShapeKind::Blob => {
                let values: Vec<&'static str> = shape.enum_values().collect();
                if !values.is_empty() {
                    let joined = values.join(",");
                    let name = ENUM_NAMES
                        .iter()
                        .find(|(member, known, _)| *member == wire_name && *known == joined)
                        .map_or_else(|| pascal(wire_name), |(_, _, name)| (*name).to_owned());
                    if let Some((_, owner)) = OWNED_ENUMS.iter().find(|(n, _)| *n == name) {
                        return (*owner).to_owned();
                    }
                    if let Some(known) = self.enums.get(&name) {
                        assert_eq!(known, &values, "two enums named {name}: add a name");
                    }
                    self.enums.insert(name.clone(), values);
                    name
                } else if STATES_ARNS.contains(&wire_name) {
                    match direction {
                        Direction::Request => "ArnMember".to_owned(),
                        Direction::Answer => "StatesArn".to_owned(),
                    }
                } else if direction == Direction::Answer && wire_name == "roleArn" {
                    "RoleArn".to_owned()
                } else if direction == Direction::Answer && wire_name == "taskToken" {
                    "TaskToken".to_owned()
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
    // The requests first: a structure both reach is a request's.
    for operation in service.operations() {
        let input = operation.input().expect("every operation has an input");
        collected.type_of("", input, Direction::Request);
    }
    for operation in service.operations() {
        let input = operation.input().expect("every operation has an input");
        let output = operation.output().expect("every operation has an output");
        collected.type_of("", output, Direction::Answer);
        operations.push((
            operation.name(),
            input.name().unwrap_or_default(),
            output.name().unwrap_or_default(),
        ));
    }
    let mut out = String::from(
        "//! Every operation's request and answer as Step Functions' API model defines them\n\
         //! (botocore's `stepfunctions/2016-11-23/service-2.json`, as `workflow-aws-models`\n\
         //! embeds it): a request decoded with serde once `constraints` passed it, an answer\n\
         //! serialized with the model's member names, a member left out when absent. GENERATED\n\
         //! by `requests/generate.rs`: do not edit; regenerate with `UPDATE_GENERATED=1 cargo\n\
         //! test -p workflow-serve --lib requests`.\n\n\
         #![allow(dead_code)]\n\n\
         use super::{ArnMember, Timestamp, WrittenEvent};\n\
         use serde::{Deserialize, Serialize};\n\
         use workflow_asl::ExecutionType;\n\
         use workflow_aws_models::{FieldValidationMode, RoleArn, StatesArn, TaskToken};\n\
         use workflow_runtime::engine::{InspectionLevel, TestStatus};\n\
         use workflow_runtime::execution::ExecutionStatus;\n\n",
    );
    for (name, shape) in &collected.same {
        let members = |shape: Shape| -> Vec<(String, ShapeKind, bool)> {
            shape
                .members()
                .map(|m| (wire(m.name()), m.shape().kind(), m.is_required()))
                .collect()
        };
        let written = SAME_STRUCTURES
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, same)| collected.structures.get(*same))
            .unwrap_or_else(|| panic!("{name}: the structure it is written as was not collected"));
        assert_eq!(
            members(*shape),
            members(written.0),
            "{name}'s members are not the same"
        );
    }
    out.push_str(
        "/// Every operation of the model with its input structure and its output structure, by\n\
         /// operation name.\n",
    );
    out.push_str("pub(crate) const SHAPES: &[(&str, &str, &str)] = &[\n");
    for (operation, input, output) in &operations {
        let _ = writeln!(out, "    (\"{operation}\", \"{input}\", \"{output}\"),");
    }
    out.push_str("];\n");
    let structures: Vec<(String, Shape, Direction)> = collected
        .structures
        .iter()
        .map(|(name, (shape, direction))| (name.clone(), *shape, *direction))
        .collect();
    for (name, shape, direction) in structures {
        let _ = write!(
            out,
            "\n/// The model's `{name}`.\n\
             #[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]\n\
             pub(crate) struct {name} {{\n"
        );
        for member in shape.members() {
            let wire_name = wire(member.name());
            let rust = collected.type_of(&wire_name, member.shape(), direction);
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
fn generated_rs_is_the_models_requests_and_answers() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/requests/generated.rs");
    let fresh = generate();
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        std::fs::write(&path, &fresh).expect("generated.rs written");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "src/requests/generated.rs is not what the model generates: regenerate it with \
         `UPDATE_GENERATED=1 cargo test -p workflow-serve --lib requests` and read the diff"
    );
}

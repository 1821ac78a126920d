//! A typed integration's result as a [`DataType`]: the AWS API model's response shape (for
//! `.sync`, the describe output), plus, for an optimized integration, the members Step
//! Functions adds to its response (`SdkHttpMetadata`, `SdkResponseMetadata`), which no model
//! lists. Built with a depth bound.

use super::types::DataType;
use std::collections::BTreeMap;
use workflow_aws_models::{Resource, Shape, ShapeKind};

/// The deepest shape level typed; deeper levels (recursive shapes included) are unknown.
const MAX_DEPTH: usize = 8;

/// The type of the values of `shape`, as an optimized integration's answer holds them (the
/// model's member names, its optional members optional).
pub(crate) fn shape_type(shape: Shape) -> DataType {
    Typer {
        sdk: false,
        open: Vec::new(),
    }
    .shape_type(shape, 0)
}

/// The result type of the task whose resource is `resource`, when its integration is modelled.
///
/// Step Functions' own API answers exactly as its model says, in every pattern (AWS
/// documentation, `connect-stepfunctions.html`: request-response returns `StartExecution`'s
/// output, `.sync` `DescribeExecution`'s with `Output` the child's output as JSON text,
/// `.sync:2` the same with `Output` parsed; recorded on AWS:
/// `callback.test_callback__test_start_execution_sync` and `…_sync2` in `../shared/aws-recorded`),
/// and so does every AWS SDK integration (see below): a field their results lack is a mistake,
/// not a member read at another level (AWS's sample `tts-converter` reads `$.TaskStatus` of
/// Polly's `GetSpeechSynthesisTask`, whose answer nests it in `SynthesisTask`; its Choice
/// fails with `States.Runtime` on AWS).
pub(super) fn task_result(resource: &Resource) -> DataType {
    let Some(integration) = resource.integration() else {
        return DataType::Any;
    };
    let (shape, optimized) = (integration.result(), !integration.is_sdk());
    let mut typer = Typer {
        sdk: !optimized,
        open: Vec::new(),
    };
    match shape.map(|s| typer.shape_type(s, 0)) {
        // An AWS SDK integration answers the API's output as the model gives it, member for
        // member (in the AWS SDK for Java v2's spelling, or the model's), and nothing else
        // (recorded on AWS: `aws-sdk:dynamodb:getItem` answers `{Item}`,
        // `aws-sdk:secretsmanager:listSecrets` `{SecretList}`, `aws-sdk:sfn:startExecution`
        // `{ExecutionArn, StartDate}`, without the optimized integrations' `SdkHttpMetadata`:
        // `services.test_aws_sdk_task_service__*` in `../shared/aws-recorded`).
        Some(DataType::Object(fields)) if !optimized => DataType::Object(fields),
        // The members Step Functions adds to an optimized integration's response (AWS SDK
        // clients' metadata).
        Some(DataType::Object(mut fields)) => {
            for extra in ["SdkHttpMetadata", "SdkResponseMetadata"] {
                fields
                    .entry(extra.to_owned())
                    .or_insert((DataType::Any, true));
            }
            DataType::Object(fields)
        }
        Some(other) => other,
        None => DataType::Any,
    }
}

/// How often a structure may nest in itself on one path (DynamoDB's attribute value holds
/// attribute values in `M` and `L`); deeper, it is unknown.
const MAX_RECURSION: usize = 2;

/// Builds the types of a model's shapes.
struct Typer {
    /// An AWS SDK integration's result, whose members may also be spelt as the AWS SDK for
    /// Java v2 spells them.
    sdk: bool,
    /// The structures being typed, outermost first.
    open: Vec<&'static str>,
}

impl Typer {
    fn shape_type(&mut self, shape: Shape, depth: usize) -> DataType {
        if depth > MAX_DEPTH {
            return DataType::Any;
        }
        match shape.kind() {
            // AWS SDK integrations answer with the AWS SDK for Java v2's spelling of a member
            // (`DbSnapshotStatus` for `DBSnapshotStatus`; seen in deployed definitions): both
            // are members, optional where they differ. Optimized integrations answer in the
            // service's own JSON (DynamoDB's `BOOL`, not `Bool`).
            ShapeKind::Object => {
                let name = shape.name().unwrap_or_default();
                if self.open.iter().filter(|open| **open == name).count() >= MAX_RECURSION {
                    return DataType::Any;
                }
                self.open.push(name);
                let mut fields = BTreeMap::new();
                for m in shape.members() {
                    let t = self.shape_type(m.shape(), depth + 1);
                    if self.sdk && m.sdk_name() != m.name() {
                        fields.insert(m.sdk_name().to_owned(), (t.clone(), true));
                        fields.insert(m.name().to_owned(), (t, true));
                    } else {
                        fields.insert(m.name().to_owned(), (t, !m.is_required()));
                    }
                }
                self.open.pop();
                DataType::Object(fields)
            }
            ShapeKind::Array => match shape.item() {
                Some(item) => DataType::Array(Box::new(self.shape_type(item, depth + 1))),
                None => DataType::Array(Box::new(DataType::Any)),
            },
            ShapeKind::String | ShapeKind::Blob | ShapeKind::JsonText => DataType::String,
            ShapeKind::Integer => DataType::Integer,
            ShapeKind::Number => DataType::Number,
            ShapeKind::Boolean => DataType::Bool,
            // A map has arbitrary keys, each holding a value of its value shape (DynamoDB's
            // `Item`: attribute values).
            ShapeKind::Map => match shape.map_value() {
                Some(value) => DataType::Map(Box::new(self.shape_type(value, depth + 1))),
                None => DataType::Any,
            },
            // A timestamp may be a string or a number.
            ShapeKind::Timestamp | ShapeKind::TimestampOrEpoch | ShapeKind::Any => DataType::Any,
        }
    }
}

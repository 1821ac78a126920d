//! A typed integration's result as a [`DataType`]: the AWS API model's response shape (for
//! `.sync`, the describe output), plus the members Step Functions adds to every response
//! (`SdkHttpMetadata`, `SdkResponseMetadata`), which no model lists; an AWS SDK integration's
//! top level is known in part. Built with a depth bound.

use super::types::DataType;
use std::collections::BTreeMap;
use workflow_aws_models::{Resource, Shape, ShapeKind};

/// The deepest shape level typed; deeper levels (recursive shapes included) are unknown.
const MAX_DEPTH: usize = 8;

/// The result type of the task whose resource is `resource`, when its integration is modelled.
pub fn task_result(resource: &Resource) -> DataType {
    let Some(integration) = resource.integration() else {
        return DataType::Any;
    };
    let (shape, optimized) = (integration.result(), !integration.is_sdk());
    // A child execution's result (`states:startExecution.sync`, `.sync:2`): deployed
    // definitions read the child's output members at its top level, and the real file wins.
    let nested_execution = optimized
        && integration.service() == "states"
        && integration.action() == "startExecution"
        && resource.runs_a_job();
    match shape.map(|s| shape_type(s, 0)) {
        Some(DataType::Object(fields)) if nested_execution => DataType::Partial(fields),
        // An AWS SDK integration's answer is known in part: deployed definitions read members
        // at its top level that the model nests (`$.TaskStatus` of Polly's
        // GetSpeechSynthesisTask, whose model has `SynthesisTask.TaskStatus`), and the real
        // file wins.
        Some(DataType::Object(fields)) if !optimized => DataType::Partial(fields),
        // The members Step Functions adds to a response (AWS SDK clients' metadata).
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

fn shape_type(shape: Shape, depth: usize) -> DataType {
    if depth > MAX_DEPTH {
        return DataType::Any;
    }
    match shape.kind() {
        // AWS SDK integrations answer with the AWS SDK for Java v2's spelling of a member
        // (`DbSnapshotStatus` for `DBSnapshotStatus`; seen in deployed definitions): both are
        // members, optional where they differ.
        ShapeKind::Object => {
            let mut fields = BTreeMap::new();
            for m in shape.members() {
                let t = shape_type(m.shape(), depth + 1);
                if m.sdk_name() != m.name() {
                    fields.insert(m.sdk_name().to_owned(), (t.clone(), true));
                    fields.insert(m.name().to_owned(), (t, true));
                } else {
                    fields.insert(m.name().to_owned(), (t, !m.is_required()));
                }
            }
            DataType::Object(fields)
        }
        ShapeKind::Array => match shape.item() {
            Some(item) => DataType::Array(Box::new(shape_type(item, depth + 1))),
            None => DataType::Array(Box::new(DataType::Any)),
        },
        ShapeKind::String | ShapeKind::Blob | ShapeKind::JsonText => DataType::String,
        ShapeKind::Integer => DataType::Integer,
        ShapeKind::Number => DataType::Number,
        ShapeKind::Boolean => DataType::Bool,
        // A map has arbitrary keys; a timestamp may be a string or a number.
        ShapeKind::Map | ShapeKind::Timestamp | ShapeKind::Any => DataType::Any,
    }
}

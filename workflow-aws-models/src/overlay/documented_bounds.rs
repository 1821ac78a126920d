//! Bounds the AWS API references state in words where the API model gives no `min`/`max`:
//! the service refuses a value outside them, so a literal outside them is an error at build
//! like any bound of the model.
//!
//! Each entry quotes its source: the member's documentation in the pinned botocore model
//! (1.44.5, the text of the service's API reference). They were found by searching every
//! integer member's documentation for stated ranges and kept only where the sentence states
//! the range without a condition (not "for Memcached clusters", not "or 0 to turn it off");
//! the services are those Step Functions integrates with optimized integrations. Applied
//! when a service's model is decoded, so every request shape built from it (the optimized
//! integrations' copies included) carries them.

use crate::models::decode::{Model, Ref, ShapeData};

/// One documented bound: the member `member` (as Step Functions writes it) of the structure
/// `structure` of the service `service` (botocore's name) takes `min..=max` (a value for
/// numbers, a length in characters for strings).
pub(crate) struct DocumentedBound {
    /// The service, as botocore names it (`sqs`).
    pub service: &'static str,
    /// The structure (`SendMessageRequest`).
    pub structure: &'static str,
    /// The member, first letter in upper case (`DelaySeconds`).
    pub member: &'static str,
    /// The least value or length allowed, where stated.
    pub min: Option<f64>,
    /// The most allowed, where stated.
    pub max: Option<f64>,
    /// The sentence of the API reference that states it.
    pub source: &'static str,
}

/// The documented bounds.
pub(crate) static DOCUMENTED_BOUNDS: &[DocumentedBound] = &[
    DocumentedBound {
        service: "sqs",
        structure: "SendMessageRequest",
        member: "DelaySeconds",
        min: Some(0.0),
        max: Some(900.0),
        source: "SQS SendMessage, DelaySeconds: \"Valid values: 0 to 900. Maximum: 15 minutes.\"",
    },
    DocumentedBound {
        service: "sqs",
        structure: "SendMessageBatchRequestEntry",
        member: "DelaySeconds",
        min: Some(0.0),
        max: Some(900.0),
        source: "SQS SendMessageBatchRequestEntry, DelaySeconds: \"Valid values: 0 to 900. Maximum: 15 minutes.\"",
    },
    DocumentedBound {
        service: "sqs",
        structure: "ReceiveMessageRequest",
        member: "MaxNumberOfMessages",
        min: Some(1.0),
        max: Some(10.0),
        source: "SQS ReceiveMessage, MaxNumberOfMessages: \"Valid values: 1 to 10. Default: 1.\"",
    },
    DocumentedBound {
        service: "ecs",
        structure: "RunTaskRequest",
        member: "Count",
        min: None,
        max: Some(10.0),
        source: "ECS RunTask, count: \"You can specify up to 10 tasks for each call.\"",
    },
    DocumentedBound {
        service: "batch",
        structure: "ArrayProperties",
        member: "Size",
        min: Some(2.0),
        max: Some(10_000.0),
        source: "Batch SubmitJob, arrayProperties: \"The array size can be between 2 and 10,000.\"",
    },
    DocumentedBound {
        service: "batch",
        structure: "RetryStrategy",
        member: "Attempts",
        min: Some(1.0),
        max: Some(10.0),
        source: "Batch RetryStrategy, attempts: \"You can specify between 1 and 10 attempts.\"",
    },
    DocumentedBound {
        service: "batch",
        structure: "JobTimeout",
        member: "AttemptDurationSeconds",
        min: Some(60.0),
        max: None,
        source: "Batch JobTimeout, attemptDurationSeconds: \"The minimum value for the timeout is 60 seconds.\"",
    },
    DocumentedBound {
        service: "batch",
        structure: "SubmitJobRequest",
        member: "JobName",
        min: None,
        max: Some(128.0),
        source: "Batch SubmitJob, jobName: \"It can be up to 128 letters long.\"",
    },
    DocumentedBound {
        service: "emr",
        structure: "RunJobFlowInput",
        member: "StepConcurrencyLevel",
        min: None,
        max: Some(256.0),
        source: "EMR RunJobFlow, StepConcurrencyLevel: \"The default value is 1. The maximum value is 256.\"",
    },
    DocumentedBound {
        service: "sns",
        structure: "PublishInput",
        member: "Subject",
        min: None,
        max: Some(99.0),
        source: "SNS Publish, Subject: \"Subjects must be UTF-8 text with no line breaks or control characters, and less than 100 characters long.\"",
    },
    DocumentedBound {
        service: "sns",
        structure: "PublishInput",
        member: "MessageGroupId",
        min: None,
        max: Some(128.0),
        source: "SNS Publish, MessageGroupId: \"The MessageGroupId can contain up to 128 alphanumeric characters […] and punctuation\"",
    },
];

/// Gives the members of `model` (the service `service`) their documented bounds: each such
/// member points at a copy of its scalar shape with the bounds added (scalar shapes are
/// shared between members). Returns how many entries of `service` were applied.
pub(crate) fn apply(service: &str, model: &mut Model) -> usize {
    let mut applied = 0;
    for bound in DOCUMENTED_BOUNDS.iter().filter(|b| b.service == service) {
        let Some(owner) = model
            .shapes
            .iter()
            .position(|s| s.name.as_deref() == Some(bound.structure))
        else {
            continue;
        };
        let Some(slot) = model.shapes[owner]
            .members
            .iter()
            .position(|m| &*m.name == bound.member)
        else {
            continue;
        };
        let Ref::Local(target) = model.shapes[owner].members[slot].target else {
            continue;
        };
        let Some(leaf) = model.shapes.get(target as usize) else {
            continue;
        };
        if !leaf.members.is_empty() || leaf.item.is_some() || leaf.value.is_some() {
            continue;
        }
        let bounded = ShapeData {
            enums: leaf.enums.clone(),
            min: bound.min.or(leaf.min),
            max: bound.max.or(leaf.max),
            pattern: leaf.pattern.clone(),
            bounds_source: Some(bound.source),
            ..ShapeData::of(leaf.kind)
        };
        let Ok(index) = u32::try_from(model.shapes.len()) else {
            continue;
        };
        model.shapes.push(bounded);
        model.shapes[owner].members[slot].target = Ref::Local(index);
        applied += 1;
    }
    applied
}

#[cfg(test)]
mod tests {
    use super::DOCUMENTED_BOUNDS;
    use crate::models::{Service, ShapeKind};

    /// Every entry names a scalar member of the pinned model, which now carries its bounds.
    #[test]
    fn every_documented_bound_applies_to_its_member() {
        for bound in DOCUMENTED_BOUNDS {
            let service = Service::by_botocore_name(bound.service)
                .unwrap_or_else(|| panic!("no service `{}`", bound.service));
            let shape = service
                .operations()
                .filter_map(|op| op.input())
                .find_map(|input| find_structure(input, bound.structure))
                .unwrap_or_else(|| {
                    panic!(
                        "no request structure `{}` in `{}`",
                        bound.structure, bound.service
                    )
                });
            let member = shape
                .member(bound.member)
                .unwrap_or_else(|| panic!("no member `{}.{}`", bound.structure, bound.member));
            let target = member.shape();
            assert!(
                matches!(target.kind(), ShapeKind::Integer | ShapeKind::String),
                "{}.{} is a {:?}",
                bound.structure,
                bound.member,
                target.kind()
            );
            let b = target.bounds();
            assert_eq!(
                (b.min, b.max),
                (bound.min, bound.max),
                "{}.{}",
                bound.structure,
                bound.member
            );
        }
    }

    /// The structure named `name` reachable from `shape` (breadth first, each shape once).
    fn find_structure(shape: crate::models::Shape, name: &str) -> Option<crate::models::Shape> {
        let mut queue = std::collections::VecDeque::from([shape]);
        let mut seen = Vec::new();
        while let Some(s) = queue.pop_front() {
            if seen.contains(&s) {
                continue;
            }
            seen.push(s);
            if s.name() == Some(name) {
                return Some(s);
            }
            queue.extend(s.members().map(|m| m.shape()));
            queue.extend(s.item());
        }
        None
    }
}

//! Checks a result (what a service returned, or what a mock or a local handler returns in its
//! place) against a response shape, as Step Functions' TestState API checks its mocked results
//! (`mock.fieldValidationMode`).
//!
//! Unlike a request, a result holds no computed values and Step Functions converts nothing,
//! so the types are strict: `"200"` is not an integer, a timestamp is a string (AWS rejects
//! `1764103483` for `StartDate`), a blob is a string. As on AWS, keys the model does not know
//! are accepted in every mode ("only fields from the API spec are validated"); `null` counts
//! as absent.

use super::finding::{Finding, FindingKind};
use super::{json_type, plural, token};
use crate::models::shape::number;
use crate::models::{Shape, ShapeKind};
use serde_json::Value;
use std::fmt;
use workflow_text::suggest::did_you_mean;

/// How strictly a result is checked against its shape: TestState's `fieldValidationMode`.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FieldValidationMode {
    /// `STRICT` (the default): every required field is present, and every present field
    /// conforms to the API's schema.
    #[default]
    Strict,
    /// `PRESENT`: every present field conforms to the API's schema.
    Present,
    /// `NONE`: nothing is checked.
    None,
}

impl FieldValidationMode {
    /// The name TestState uses: `STRICT`, `PRESENT`, `NONE`.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldValidationMode::Strict => "STRICT",
            FieldValidationMode::Present => "PRESENT",
            FieldValidationMode::None => "NONE",
        }
    }

    /// The mode TestState names `name` (`STRICT`, `PRESENT`, `NONE`).
    pub fn from_name(name: &str) -> Option<FieldValidationMode> {
        match name {
            "STRICT" => Some(FieldValidationMode::Strict),
            "PRESENT" => Some(FieldValidationMode::Present),
            "NONE" => Some(FieldValidationMode::None),
            _ => None,
        }
    }
}

impl fmt::Display for FieldValidationMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Shape {
    /// Checks a result against this shape under `mode`; the findings in document order, each
    /// with the JSON pointer of the field (for a missing field, where it belongs).
    ///
    /// ```
    /// use workflow_aws_models::{FieldValidationMode, FindingKind, Integration, Pattern};
    ///
    /// let training = Integration::named("sagemaker", "create_training_job", Pattern::Sync).unwrap();
    /// let described = training.result().unwrap(); // DescribeTrainingJob's output
    /// let result = serde_json::json!({"TrainingJobStatuss": "Completed"});
    /// let findings = described.validate(&result, FieldValidationMode::Strict);
    /// assert!(findings.iter().any(|f| f.pointer == "/TrainingJobStatus"
    ///     && matches!(f.kind, FindingKind::MissingKey { .. })));
    /// assert!(described.validate(&result, FieldValidationMode::Present).is_empty());
    /// ```
    pub fn validate(self, value: &Value, mode: FieldValidationMode) -> Vec<Finding> {
        let mut findings = Vec::new();
        if mode == FieldValidationMode::None {
            return findings;
        }
        let strict = mode == FieldValidationMode::Strict;
        // An explicit stack: results are user data and may nest deeply.
        let mut stack = vec![(
            value,
            self,
            String::new(),
            self.name().unwrap_or("result").to_owned(),
        )];
        while let Some((value, shape, pointer, name)) = stack.pop() {
            let mut children = Vec::new();
            check_one(
                value,
                shape,
                &pointer,
                &name,
                strict,
                &mut findings,
                &mut children,
            );
            stack.extend(children.into_iter().rev());
        }
        findings
    }

    /// The shape of the field at `pointer` (a JSON pointer into a value of this shape:
    /// members, list indexes, map keys), e.g. `/ResourceConfig/InstanceCount`.
    pub fn at_pointer(self, pointer: &str) -> Option<Shape> {
        let mut shape = self;
        let Some(rest) = pointer.strip_prefix('/') else {
            return pointer.is_empty().then_some(self);
        };
        for raw in rest.split('/') {
            let key = raw.replace("~1", "/").replace("~0", "~");
            shape = match shape.kind() {
                ShapeKind::Object => shape.member(&key)?.shape(),
                ShapeKind::Array => shape.item()?,
                ShapeKind::Map => shape.map_value()?,
                _ => return None,
            };
        }
        Some(shape)
    }
}

/// A value still to check: the value, its shape, its pointer, its name in messages.
type Pending<'v> = (&'v Value, Shape, String, String);

fn check_one<'v>(
    value: &'v Value,
    shape: Shape,
    pointer: &str,
    name: &str,
    strict: bool,
    findings: &mut Vec<Finding>,
    children: &mut Vec<Pending<'v>>,
) {
    if value.is_null() || shape.kind() == ShapeKind::Any {
        return;
    }
    let finding = |kind| Finding {
        pointer: pointer.to_owned(),
        name: name.to_owned(),
        kind,
    };
    let wrong_type = || {
        finding(FindingKind::WrongType {
            expected: shape.describe(),
            expected_kind: shape.kind(),
            expected_structure: shape.name(),
            found: json_type(value),
        })
    };
    let bounds = shape.bounds();
    let out_of_bounds =
        |measured: f64, found: String| finding(FindingKind::out_of_bounds(shape, measured, found));
    match shape.kind() {
        ShapeKind::Object => {
            let Value::Object(object) = value else {
                findings.push(wrong_type());
                return;
            };
            for (key, v) in object {
                // Keys the model does not know are accepted, as AWS accepts them.
                if let Some(member) = shape.member(key) {
                    children.push((
                        v,
                        member.shape(),
                        format!("{pointer}/{}", token(key)),
                        key.clone(),
                    ));
                }
            }
            if strict {
                let structure = shape.name().unwrap_or("result");
                for member in shape.members().filter(|m| m.is_required()) {
                    let present = [member.name(), member.sdk_name()]
                        .iter()
                        .any(|n| object.get(*n).is_some_and(|v| !v.is_null()));
                    if !present {
                        findings.push(Finding {
                            pointer: format!("{pointer}/{}", token(member.name())),
                            name: member.name().to_owned(),
                            kind: FindingKind::MissingKey {
                                structure: structure.to_owned(),
                            },
                        });
                    }
                }
            }
        }
        ShapeKind::Map => {
            let Value::Object(object) = value else {
                findings.push(wrong_type());
                return;
            };
            if !bounds.contains(object.len() as f64) {
                findings.push(out_of_bounds(
                    object.len() as f64,
                    plural(object.len(), "entry"),
                ));
            }
            if let Some(value_shape) = shape.map_value() {
                for (key, v) in object {
                    children.push((
                        v,
                        value_shape,
                        format!("{pointer}/{}", token(key)),
                        key.clone(),
                    ));
                }
            }
        }
        ShapeKind::Array => {
            let Value::Array(items) = value else {
                findings.push(wrong_type());
                return;
            };
            if !bounds.contains(items.len() as f64) {
                findings.push(out_of_bounds(
                    items.len() as f64,
                    plural(items.len(), "item"),
                ));
            }
            if let Some(item_shape) = shape.item() {
                for (i, v) in items.iter().enumerate() {
                    children.push((
                        v,
                        item_shape,
                        format!("{pointer}/{i}"),
                        format!("{name}[{i}]"),
                    ));
                }
            }
        }
        ShapeKind::String => {
            let Value::String(s) = value else {
                findings.push(wrong_type());
                return;
            };
            let allowed: Vec<&str> = shape.enum_values().collect();
            if allowed.is_empty() {
                let length = s.chars().count();
                if !bounds.contains(length as f64) {
                    findings.push(out_of_bounds(length as f64, plural(length, "character")));
                }
            } else if !allowed.contains(&s.as_str()) {
                findings.push(finding(FindingKind::NotInEnum {
                    value: s.clone(),
                    expected: shape.describe(),
                    suggestion: did_you_mean(s, &allowed).map(str::to_owned),
                }));
            }
        }
        ShapeKind::Integer | ShapeKind::Number => {
            let n = value.as_f64();
            let integral = n.is_some_and(|n| shape.kind() == ShapeKind::Number || n.fract() == 0.0);
            match n {
                Some(n) if integral => {
                    if !bounds.contains(n) {
                        findings.push(out_of_bounds(n, number(n)));
                    }
                }
                _ => findings.push(wrong_type()),
            }
        }
        ShapeKind::Boolean => {
            if !value.is_boolean() {
                findings.push(wrong_type());
            }
        }
        ShapeKind::Timestamp | ShapeKind::JsonText => {
            if !value.is_string() {
                findings.push(wrong_type());
            }
        }
        ShapeKind::TimestampOrEpoch => {
            if !value.is_string() && !value.is_number() {
                findings.push(wrong_type());
            }
        }
        // Base64 text, whose length is held to the shape's bounds (recorded on AWS: an empty
        // KMS `CiphertextBlob` "is smaller than the minimum length").
        ShapeKind::Blob => match value {
            Value::String(s) => {
                let length = s.chars().count();
                if !bounds.contains(length as f64) {
                    findings.push(out_of_bounds(length as f64, plural(length, "byte")));
                }
            }
            _ => findings.push(wrong_type()),
        },
        ShapeKind::Any => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Integration;
    use serde_json::json;

    fn result_of(resource: &str) -> Shape {
        crate::Resource::parse(resource)
            .integration()
            .and_then(Integration::result)
            .unwrap_or_else(|| panic!("{resource} has a result shape"))
    }

    #[test]
    fn strict_requires_required_fields_and_present_does_not() {
        let shape = result_of("arn:aws:states:::states:startExecution");
        let findings = shape.validate(&json!({}), FieldValidationMode::Strict);
        let missing: Vec<&str> = findings.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(missing, ["/ExecutionArn", "/StartDate"]);
        assert!(
            shape
                .validate(&json!({}), FieldValidationMode::Present)
                .is_empty()
        );
        assert!(
            shape
                .validate(&json!({"executionArn": "x"}), FieldValidationMode::Present)
                .is_empty(),
            "unknown keys are accepted"
        );
    }

    #[test]
    fn types_are_strict_as_teststate_checks_them() {
        // The cases AWS's TestState rejected (recorded on AWS by LocalStack's test suite).
        let sfn = result_of("arn:aws:states:::states:startExecution");
        let timestamp = sfn.validate(
            &json!({"ExecutionArn": "a", "StartDate": 1764103483}),
            FieldValidationMode::Strict,
        );
        assert_eq!(timestamp.len(), 1);
        assert_eq!(timestamp[0].pointer, "/StartDate");
        // `.sync:2`'s finished execution: its dates as epoch seconds, as the API's JSON writes
        // them, or as text; anything else is refused.
        let sync2 = result_of("arn:aws:states:::states:startExecution.sync:2");
        for date in [json!(1764103483.25), json!("2026-11-25T20:44:43.250Z")] {
            let finished = json!({
                "ExecutionArn": "a", "StateMachineArn": "m", "Status": "SUCCEEDED",
                "StartDate": date, "StopDate": date, "Output": {"ok": true}, "Input": {},
            });
            assert_eq!(
                sync2.validate(&finished, FieldValidationMode::Strict),
                [],
                "{finished}"
            );
        }
        let wrong = sync2.validate(
            &json!({"ExecutionArn": "a", "StateMachineArn": "m", "Status": "SUCCEEDED",
                    "StartDate": true}),
            FieldValidationMode::Strict,
        );
        assert_eq!(wrong.len(), 1);
        assert_eq!(wrong[0].pointer, "/StartDate");
        let lambda = result_of("arn:aws:states:::lambda:invoke");
        let status = lambda.validate(&json!({"StatusCode": "200"}), FieldValidationMode::Present);
        assert!(matches!(
            status.first().map(|f| &f.kind),
            Some(FindingKind::WrongType {
                found: "a string",
                ..
            })
        ));
        let events = result_of("arn:aws:states:::events:putEvents");
        let nested = events.validate(
            &json!({"Entries": [{"EventId": "ok"}, {"EventId": ["no"]}]}),
            FieldValidationMode::Strict,
        );
        assert_eq!(nested.len(), 1);
        assert_eq!(nested[0].pointer, "/Entries/1/EventId");
        assert!(
            events
                .validate(&json!({"Entries": "x"}), FieldValidationMode::None)
                .is_empty()
        );
    }

    #[test]
    fn enums_suggest_and_pointers_resolve() {
        let training = result_of("arn:aws:states:::sagemaker:createTrainingJob.sync");
        let findings = training.validate(
            &json!({"TrainingJobStatus": "Complete"}),
            FieldValidationMode::Present,
        );
        assert!(
            findings[0]
                .to_string()
                .contains("did you mean `Completed`?")
        );
        let status = training
            .at_pointer("/TrainingJobStatus")
            .map(Shape::describe);
        assert!(status.is_some_and(|d| d.contains("`Completed`")));
        assert_eq!(training.at_pointer("/Nope"), None);
        assert_eq!(training.at_pointer(""), Some(training));
    }
}

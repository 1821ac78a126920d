//! Checks a request (a Task's `Parameters` or `Arguments`) against a shape.
//!
//! Real, deployed state machines win over the models, so the check is lenient on scalars where
//! Step Functions and the SDKs convert: a numeric string for a number, `"true"`/`"false"` for a
//! boolean. Nothing is converted to text: a number where a string is expected fails the task
//! on AWS ([`Finding::start_failure`] has the recordings). Keys ending in `.$` and `{% … %}` strings are computed
//! values: their type is unknown here, so they are accepted, and listed as [`Computed`] with
//! the member they fill, for a caller that knows their types. `null` is accepted anywhere.
//!
//! A literal string is held to its shape's enum, length and, where the request is the API's
//! own input (`StringRules`), its pattern (`models::pattern` says which patterns are
//! judged, and how). A string holding a `${Name}` deployment substitution is not measured: the
//! deployment replaces it; nor is one that looks like a placeholder held to its pattern
//! (`looks_like_placeholder`).

pub(crate) mod dynamodb;
mod finding;
mod result;

pub use dynamodb::{ExpressionRefusal, ExpressionRule};
pub use finding::{Finding, FindingKind};
pub use result::FieldValidationMode;

use crate::models::shape::number;
use crate::models::{Shape, ShapeKind};
use crate::resource::holds_substitution;
use serde_json::Value;
use workflow_text::suggest::did_you_mean;

/// One value still to check.
struct Item<'v> {
    value: &'v Value,
    shape: Shape,
    pointer: String,
    name: String,
}

/// A computed value of a request (a `.$` key's path or intrinsic, a `{% … %}` string) and the
/// member it fills.
#[derive(Debug, Clone, PartialEq)]
pub struct Computed {
    /// Where: a JSON pointer relative to the request, with the key as written (`/Name.$`).
    pub pointer: String,
    /// The member's name, or `List[2]` for a list's item.
    pub name: String,
    /// The member's shape.
    pub shape: Shape,
    /// The expression: the `.$` key's string, or the `{% … %}` string.
    pub expression: String,
}

/// What checking a request found: its findings, and its computed values left to the caller.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RequestCheck {
    /// The problems of the literal parts, in document order.
    pub findings: Vec<Finding>,
    /// The computed values whose member is known, in document order.
    pub computed: Vec<Computed>,
}

/// Which constraints of its shape a literal string is held to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StringRules {
    /// Enum, length and pattern: the request is the API's own input, sent as written.
    All,
    /// Enum and length only: the request is Step Functions' own (an optimized integration's
    /// synthesized request), which it turns into the API's calls itself.
    WithoutPattern,
}

impl Shape {
    /// Checks `value` against this shape (an API's input, as the module's rules say); the
    /// findings in document order.
    pub fn check(self, value: &Value) -> Vec<Finding> {
        self.check_request(value).findings
    }

    /// [`Shape::check`], listing the request's computed values (`.$` keys, `{% %}` strings)
    /// too.
    pub fn check_request(self, value: &Value) -> RequestCheck {
        check_request_with(self, value, StringRules::All)
    }
}

/// [`check_request`], holding literal strings to `strings`.
pub(crate) fn check_request_with(
    shape: Shape,
    value: &Value,
    strings: StringRules,
) -> RequestCheck {
    let mut report = RequestCheck::default();
    // An explicit stack: requests are user data and may nest deeply.
    let mut stack = vec![Item {
        value,
        shape,
        pointer: String::new(),
        name: shape.name().unwrap_or("request").to_owned(),
    }];
    while let Some(item) = stack.pop() {
        let mut children = Vec::new();
        check_one(&item, strings, &mut report, &mut children);
        stack.extend(children.into_iter().rev());
    }
    report
}

/// Whether a value is a JSONata expression, `{% … %}` (the one test,
/// [`workflow_jsonata::jsonata_string::is_jsonata`]).
pub(crate) fn is_jsonata(value: &Value) -> bool {
    matches!(value, Value::String(s) if workflow_jsonata::jsonata_string::is_jsonata(s))
}

/// `a string`, `a number`, … — a JSON value's type in words.
pub(crate) fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A JSON pointer token (RFC 6901).
pub(crate) fn token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn check_one<'v>(
    item: &Item<'v>,
    strings: StringRules,
    report: &mut RequestCheck,
    children: &mut Vec<Item<'v>>,
) {
    let Item {
        value,
        shape,
        pointer,
        name,
    } = item;
    let shape = *shape;
    if value.is_null() || shape.kind() == ShapeKind::Any {
        return;
    }
    if let (true, Value::String(expression)) = (is_jsonata(value), value) {
        report.computed.push(Computed {
            pointer: pointer.clone(),
            name: name.clone(),
            shape,
            expression: expression.clone(),
        });
        return;
    }
    let finding = |kind| Finding {
        pointer: pointer.clone(),
        name: name.clone(),
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
    match shape.kind() {
        ShapeKind::Object => {
            let Value::Object(object) = value else {
                if !(value.is_string() && shape.accepts_plain_string()) {
                    report.findings.push(wrong_type());
                }
                return;
            };
            let structure = shape.name().unwrap_or("request").to_owned();
            for (key, v) in object {
                let (member_name, computed) = match key.strip_suffix(".$") {
                    Some(stripped) => (stripped, true),
                    None => (key.as_str(), false),
                };
                let pointer = format!("{pointer}/{}", token(key));
                let Some(member) = shape.member(member_name) else {
                    let names: Vec<&str> = shape.members().map(|m| m.name()).collect();
                    report.findings.push(Finding {
                        pointer,
                        name: member_name.to_owned(),
                        kind: FindingKind::UnknownKey {
                            structure: structure.clone(),
                            suggestion: did_you_mean(member_name, &names).map(str::to_owned),
                        },
                    });
                    continue;
                };
                match (computed, v) {
                    (false, _) => children.push(Item {
                        value: v,
                        shape: member.shape(),
                        pointer,
                        name: member_name.to_owned(),
                    }),
                    (true, Value::String(expression)) => report.computed.push(Computed {
                        pointer,
                        name: member_name.to_owned(),
                        shape: member.shape(),
                        expression: expression.clone(),
                    }),
                    // A `.$` key whose value is not a string: the payload rules report it.
                    (true, _) => {}
                }
            }
            for member in shape.members().filter(|m| m.is_required()) {
                let present = [member.name(), member.sdk_name()]
                    .iter()
                    .any(|n| object.contains_key(*n) || object.contains_key(&format!("{n}.$")));
                if !present {
                    report.findings.push(Finding {
                        pointer: format!("{pointer}/{}", token(member.name())),
                        name: member.name().to_owned(),
                        kind: FindingKind::MissingKey {
                            structure: structure.clone(),
                        },
                    });
                }
            }
        }
        ShapeKind::Map => {
            let Value::Object(object) = value else {
                report.findings.push(wrong_type());
                return;
            };
            check_count(object.len(), "entry", shape, &finding, &mut report.findings);
            let Some(value_shape) = shape.map_value() else {
                return;
            };
            for (key, v) in object {
                // A computed entry (`"sku.$": "$.sku"`): its value must fit the map's values
                // too (DynamoDB's `Key` maps names to attribute values, never plain strings).
                if let Some(entry) = key.strip_suffix(".$") {
                    if let Value::String(expression) = v {
                        report.computed.push(Computed {
                            pointer: format!("{pointer}/{}", token(key)),
                            name: entry.to_owned(),
                            shape: value_shape,
                            expression: expression.clone(),
                        });
                    }
                    continue;
                }
                children.push(Item {
                    value: v,
                    shape: value_shape,
                    pointer: format!("{pointer}/{}", token(key)),
                    name: key.clone(),
                });
            }
        }
        ShapeKind::Array => {
            let Value::Array(items) = value else {
                report.findings.push(wrong_type());
                return;
            };
            check_count(items.len(), "item", shape, &finding, &mut report.findings);
            let Some(item_shape) = shape.item() else {
                return;
            };
            for (i, v) in items.iter().enumerate() {
                children.push(Item {
                    value: v,
                    shape: item_shape,
                    pointer: format!("{pointer}/{i}"),
                    name: format!("{name}[{i}]"),
                });
            }
        }
        ShapeKind::String => match value {
            Value::String(s) => {
                let allowed: Vec<&str> = shape.enum_values().collect();
                if !allowed.is_empty() {
                    if !allowed.contains(&s.as_str()) {
                        report.findings.push(finding(FindingKind::NotInEnum {
                            value: s.clone(),
                            expected: shape.describe(),
                            suggestion: did_you_mean(s, &allowed).map(str::to_owned),
                        }));
                    }
                    return;
                }
                // Replaced when the workflow is deployed: its length and form are unknown.
                if holds_substitution(s) {
                    return;
                }
                let length = s.chars().count();
                if !bounds.contains(length as f64) {
                    report.findings.push(finding(FindingKind::out_of_bounds(
                        shape,
                        length as f64,
                        plural(length, "character"),
                    )));
                } else if strings == StringRules::All
                    && !looks_like_placeholder(s)
                    && let (Some(rule), Some(pattern)) = (shape.pattern_rule(), shape.pattern())
                    && rule.rejects(s)
                {
                    report.findings.push(finding(FindingKind::NoMatch {
                        value: s.clone(),
                        pattern: pattern.to_owned(),
                    }));
                }
            }
            // Step Functions converts nothing to text: a number or an object where a string is
            // expected fails the task ([`Finding::start_failure`]).
            _ => report.findings.push(wrong_type()),
        },
        ShapeKind::Integer | ShapeKind::Number => {
            let n = match value {
                Value::Number(n) => n.as_f64(),
                // A numeric string: converted (real files do this).
                Value::String(s) => s.trim().parse::<f64>().ok(),
                _ => None,
            };
            let integral = n.is_some_and(|n| shape.kind() == ShapeKind::Number || n.fract() == 0.0);
            match n {
                Some(n) if integral => {
                    if !bounds.contains(n) {
                        report.findings.push(finding(FindingKind::out_of_bounds(
                            shape,
                            n,
                            number(n),
                        )));
                    }
                }
                _ => report.findings.push(wrong_type()),
            }
        }
        ShapeKind::Boolean => match value {
            Value::Bool(_) => {}
            Value::String(s) if s == "true" || s == "false" => {}
            _ => report.findings.push(wrong_type()),
        },
        ShapeKind::Timestamp | ShapeKind::TimestampOrEpoch => match value {
            Value::String(_) | Value::Number(_) => {}
            _ => report.findings.push(wrong_type()),
        },
        // Text that may be written as JSON: an object or a list is serialised, a number or a
        // boolean fails the task ([`Finding::start_failure`]).
        ShapeKind::JsonText => match value {
            Value::String(_) | Value::Object(_) | Value::Array(_) => {}
            _ => report.findings.push(wrong_type()),
        },
        // Binary data: Step Functions serialises any JSON value ([`ShapeKind::Blob`]).
        ShapeKind::Blob | ShapeKind::Any => {}
    }
}

/// Whether `text` looks like a placeholder that a template's tooling replaces before the
/// definition is deployed, so that what AWS receives is unknown: text in braces
/// (`arn:aws:sns:{REGION}:{ACCOUNT-NUMBER}:…`) or a run of three capitals
/// (`arn:aws:s3:::BUCKET_NAME`, `TEXTRACT_SNS_NOTIFICATION_ROLE`,
/// `…bucketA1B2C3D4-EXAMPLE111111`, `SagemakerAPIExecutionRole`). Corpus: such values stand
/// where the API's pattern wants an ARN or a bucket name in bedrock-evaluations-sam,
/// sfn-rekognition-video-catalog-workflow, sfn-textract-callback-ts-cdk, tts-converter-cdk and
/// train-ml-model; a pattern is not held against them.
fn looks_like_placeholder(text: &str) -> bool {
    let braces = text
        .find('{')
        .is_some_and(|open| text[open..].contains('}'));
    let mut capitals = 0;
    let shouting = text.chars().any(|c| {
        capitals = if c.is_ascii_uppercase() {
            capitals + 1
        } else {
            0
        };
        capitals >= 3
    });
    braces || shouting
}

/// A finding when a list's or map's size lies outside the shape's bounds.
fn check_count(
    count: usize,
    unit: &str,
    shape: Shape,
    finding: &dyn Fn(FindingKind) -> Finding,
    findings: &mut Vec<Finding>,
) {
    let bounds = shape.bounds();
    if !bounds.contains(count as f64) {
        findings.push(finding(FindingKind::out_of_bounds(
            shape,
            count as f64,
            plural(count, unit),
        )));
    }
}

/// `1 item`, `3 items`, `2 entries`.
pub(crate) fn plural(n: usize, unit: &str) -> String {
    match (n, unit) {
        (1, _) => format!("1 {unit}"),
        (_, "entry") => format!("{n} entries"),
        _ => format!("{n} {unit}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::FindingKind;
    use crate::models::decode::{Model, ShapeData};
    use crate::models::pattern::ModelPattern;
    use crate::models::{Shape, ShapeKind};
    use serde_json::json;

    /// A string shape of `pattern`, in a model of its own.
    fn string_of(pattern: &str) -> Shape {
        let model = Box::leak(Box::new(Model {
            shapes: vec![ShapeData {
                pattern: Some(ModelPattern::new(pattern.into())),
                ..ShapeData::of(ShapeKind::String)
            }],
            operations: Vec::new(),
        }));
        Shape::new(model, 0)
    }

    #[test]
    fn a_translated_pattern_is_held_and_a_skipped_one_is_not() {
        let findings = string_of("^[a-z]+$").check(&json!("abc-1"));
        assert!(
            matches!(&findings[..], [f] if matches!(&f.kind, FindingKind::NoMatch { value, .. } if value == "abc-1")),
            "{findings:?}"
        );
        assert_eq!(string_of("^[a-z]+$").check(&json!("abc")), vec![]);
        // `(?i)` (a flag) is not translated: the pattern is skipped, never guessed.
        assert_eq!(string_of("(?i)^[a-z]+$").check(&json!("1-2")), vec![]);
        // Computed values are not literals.
        assert_eq!(string_of("^[a-z]+$").check(&json!("{% $x %}")), vec![]);
    }
}

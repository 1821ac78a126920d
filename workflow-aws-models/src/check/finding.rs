//! [`Finding`]: one problem of a request, with where it is and what was expected.

use crate::models::{Shape, ShapeKind};
use std::fmt;

/// One problem of a request.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Where: a JSON pointer relative to the `Parameters` (or `Arguments`), e.g.
    /// `/ResourceConfig/InstanceCount`; for an unknown or missing key, the key's own pointer.
    pub pointer: String,
    /// The name the message uses: the key, or `List[2]` for a list's item.
    pub name: String,
    /// What is wrong.
    pub kind: FindingKind,
}

/// What is wrong with a request.
#[derive(Debug, Clone, PartialEq)]
pub enum FindingKind {
    /// A key the structure does not have.
    UnknownKey {
        /// The structure's name, e.g. `CreateTrainingJobRequest`.
        structure: String,
        /// The closest member, e.g. `TrainingJobName` for `TrainingJobNmae`.
        suggestion: Option<String>,
    },
    /// A required key is absent.
    MissingKey {
        /// The structure's name.
        structure: String,
    },
    /// A literal of the wrong JSON type.
    WrongType {
        /// What the shape expects, in words, e.g. `an integer of at least 1`.
        expected: String,
        /// The kind of the shape expected.
        expected_kind: ShapeKind,
        /// The name of the structure expected, e.g. `AttributeValue` (`None` for other shapes).
        expected_structure: Option<&'static str>,
        /// What was found, e.g. `a string`.
        found: &'static str,
    },
    /// A string outside the shape's enum.
    NotInEnum {
        /// The value found.
        value: String,
        /// What the shape expects, e.g. ``a string, one of `File`, `Pipe` ``.
        expected: String,
        /// The closest allowed value.
        suggestion: Option<String>,
    },
    /// A string in which nothing matches its shape's pattern (a regular expression of the API
    /// model, which AWS's service checks the request against).
    NoMatch {
        /// The value found.
        value: String,
        /// The model's pattern, e.g. `[a-zA-Z0-9-_]+`.
        pattern: String,
    },
    /// A number, a string's length or a list's or map's size outside the shape's bounds.
    OutOfBounds {
        /// What the shape expects, e.g. `an integer of at least 1`.
        expected: String,
        /// What was found, e.g. `0`, `70 characters`.
        found: String,
        /// The kind of the shape: what the bound measures (a length, a size, a value).
        expected_kind: ShapeKind,
        /// Whether it is below the shape's minimum (else above its maximum).
        below: bool,
        /// The API reference's sentence stating the bound, where the API model gives none.
        source: Option<&'static str>,
    },
}

impl FindingKind {
    /// The finding of `measured` (a value, a length, a size) outside `shape`'s bounds,
    /// described as `found`.
    pub(crate) fn out_of_bounds(shape: Shape, measured: f64, found: String) -> FindingKind {
        FindingKind::OutOfBounds {
            expected: shape.describe(),
            found,
            expected_kind: shape.kind(),
            below: shape.bounds().min.is_some_and(|min| measured < min),
            source: shape.bounds_source(),
        }
    }
}

impl Finding {
    /// The reason AWS's TestState API gives for refusing a mocked result with this finding,
    /// after `Mock result schema validation error: ` (`ValidationException`). Recorded on AWS
    /// (LocalStack's `test_field_validation_mode` snapshots of 2025): `Field 'Entries' must be
    /// an array`, `… must be a string` (strings, timestamps, blobs), `… must be a number`
    /// (integers, longs, floats), `Required field 'ExecutionArn' is missing`, `Field
    /// 'StorageClass' is not an expected value`, `… is smaller than the minimum length`, `… is
    /// less than the minimum value`, `… exceeds the maximum value`. The words for a boolean,
    /// an object, a string over its maximum length and a list's size follow the same pattern
    /// but are not recorded.
    pub fn mock_validation_reason(&self) -> String {
        let name = &self.name;
        let reason = match &self.kind {
            FindingKind::MissingKey { .. } => return format!("Required field '{name}' is missing"),
            FindingKind::WrongType { expected_kind, .. } => match expected_kind {
                ShapeKind::Array => "must be an array",
                ShapeKind::Integer | ShapeKind::Number => "must be a number",
                ShapeKind::Boolean => "must be a boolean",
                ShapeKind::Object | ShapeKind::Map => "must be an object",
                ShapeKind::String
                | ShapeKind::Timestamp
                | ShapeKind::TimestampOrEpoch
                | ShapeKind::Blob
                | ShapeKind::JsonText
                | ShapeKind::Any => "must be a string",
            },
            FindingKind::NotInEnum { .. } => "is not an expected value",
            // Not recorded: results are not checked against patterns.
            FindingKind::NoMatch { .. } => "does not match the expected pattern",
            FindingKind::OutOfBounds {
                expected_kind,
                below,
                ..
            } => match (expected_kind, below) {
                (ShapeKind::Integer | ShapeKind::Number, true) => "is less than the minimum value",
                (ShapeKind::Integer | ShapeKind::Number, false) => "exceeds the maximum value",
                (ShapeKind::Array | ShapeKind::Map, true) => "has fewer items than the minimum",
                (ShapeKind::Array | ShapeKind::Map, false) => "has more items than the maximum",
                (_, true) => "is smaller than the minimum length",
                (_, false) => "is larger than the maximum length",
            },
            FindingKind::UnknownKey { .. } => "is not a field of the result",
        };
        format!("Field '{name}' {reason}")
    }

    /// The reason AWS gives when this finding stops a task from starting, in the words of
    /// its cause (`The value for the field 'S' must be a STRING`): see
    /// [`ShapeKind::start_failure`]. `None` for a finding AWS has not been seen to refuse so.
    pub fn start_failure(&self) -> Option<String> {
        match &self.kind {
            FindingKind::WrongType { expected_kind, .. } => expected_kind.start_failure(&self.name),
            _ => None,
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = &self.name;
        match &self.kind {
            FindingKind::UnknownKey {
                structure,
                suggestion,
            } => {
                write!(f, "unknown key `{name}` in `{structure}`")?;
                if let Some(s) = suggestion {
                    write!(f, "; did you mean `{s}`?")?;
                }
                Ok(())
            }
            FindingKind::MissingKey { structure } => {
                write!(f, "missing required key `{name}` in `{structure}`")
            }
            FindingKind::WrongType {
                expected, found, ..
            } => {
                write!(f, "`{name}` must be {expected}, found {found}")
            }
            FindingKind::NotInEnum {
                value,
                expected,
                suggestion,
            } => {
                write!(f, "`{name}` must be {expected}, found `{value}`")?;
                if let Some(s) = suggestion {
                    write!(f, "; did you mean `{s}`?")?;
                }
                Ok(())
            }
            FindingKind::NoMatch { value, pattern } => write!(
                f,
                "`{name}` is `{value}`, which the API refuses: nothing in it matches the pattern `{pattern}` its model gives; write a value of that form"
            ),
            FindingKind::OutOfBounds {
                expected,
                found,
                source,
                ..
            } => {
                write!(f, "`{name}` must be {expected}, found {found}")?;
                match source {
                    Some(source) => write!(f, " (the API reference: {source})"),
                    None => Ok(()),
                }
            }
        }
    }
}

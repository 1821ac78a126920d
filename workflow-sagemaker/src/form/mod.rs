//! The seven steps as forms of the `workflow!` language: `sagemaker::TrainingStep { … }` and
//! its siblings, whose keys are the Python SDK's arguments (`estimator`, `job_name`, `data`,
//! `wait_for_completion`, …) and whose values are literals or paths read when the state runs.
//!
//! The macro reads the tokens into a [`FormValue`] tree, numbering each value with where it was
//! written (`at`); [`build`] reads the tree into the same builders the Rust API offers
//! ([`TrainingStep`](crate::TrainingStep), …), so a form and a builder given the same arguments
//! write the same request. Mistakes come back as [`FormError`]s at the value or key at fault,
//! and [`FormStep::origin`] says which written value produced a part of the request, so the
//! validator's findings on the request land on the user's tokens too.
//!
//! ```
//! use workflow_sagemaker::form::{build, FormKey, FormValue, StepForm};
//! let v = |kind| FormValue { kind, at: 0 };
//! let key = |name: &str| FormKey { name: name.into(), at: 0 };
//! use workflow_sagemaker::form::FormValueKind::*;
//! let body = v(Object(vec![
//!     (key("endpoint_name"), v(Path("$$.Execution.Input.Endpoint".into()))),
//!     (key("endpoint_config_name"), v(Str("config".into()))),
//!     (key("update"), v(Bool(true))),
//! ]));
//! let step = build(StepForm::Endpoint, &body).unwrap();
//! assert_eq!(step.resource, "arn:aws:states:::sagemaker:updateEndpoint");
//! assert_eq!(step.parameters["EndpointName.$"], "$$.Execution.Input.Endpoint");
//! ```

mod reader;
mod steps;
mod values;

#[cfg(test)]
mod tests;

use crate::image_uris::ImageUriError;
use serde_json::{Map, Number, Value};
use std::fmt;
use workflow_aws_models::Resource;

/// A value of a form, as written: `at` numbers where (the caller's index of its tokens).
#[derive(Clone, Debug, PartialEq)]
pub struct FormValue {
    /// What was written.
    pub kind: FormValueKind,
    /// Where it was written.
    pub at: usize,
}

/// The kinds of values a form holds.
#[derive(Clone, Debug, PartialEq)]
pub enum FormValueKind {
    /// A string literal.
    Str(String),
    /// A number literal.
    Number(Number),
    /// `true` / `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// A JSONPath or intrinsic function, as ASL text, evaluated when the state runs.
    Path(String),
    /// `{ key: value, … }`.
    Object(Vec<(FormKey, FormValue)>),
    /// `[value, …]`.
    Array(Vec<FormValue>),
}

/// An object key, as written.
#[derive(Clone, Debug, PartialEq)]
pub struct FormKey {
    /// The key.
    pub name: String,
    /// Where it was written.
    pub at: usize,
}

/// The seven steps of the Python SDK.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepForm {
    /// `TrainingStep`: `sagemaker:createTrainingJob.sync`.
    Training,
    /// `ProcessingStep`: `sagemaker:createProcessingJob.sync`.
    Processing,
    /// `TransformStep`: `sagemaker:createTransformJob.sync`.
    Transform,
    /// `TuningStep`: `sagemaker:createHyperParameterTuningJob.sync`.
    Tuning,
    /// `ModelStep`: `sagemaker:createModel`.
    Model,
    /// `EndpointConfigStep`: `sagemaker:createEndpointConfig`.
    EndpointConfig,
    /// `EndpointStep`: `sagemaker:createEndpoint` or, with `update`, `updateEndpoint`.
    Endpoint,
}

impl StepForm {
    /// Every step, in the SDK's order.
    pub const ALL: [StepForm; 7] = [
        StepForm::Training,
        StepForm::Processing,
        StepForm::Transform,
        StepForm::Tuning,
        StepForm::Model,
        StepForm::EndpointConfig,
        StepForm::Endpoint,
    ];

    /// The step's name in the SDK and the language, e.g. `TrainingStep`.
    pub fn name(self) -> &'static str {
        match self {
            StepForm::Training => "TrainingStep",
            StepForm::Processing => "ProcessingStep",
            StepForm::Transform => "TransformStep",
            StepForm::Tuning => "TuningStep",
            StepForm::Model => "ModelStep",
            StepForm::EndpointConfig => "EndpointConfigStep",
            StepForm::Endpoint => "EndpointStep",
        }
    }

    /// The step named `name`, e.g. `TrainingStep`.
    pub fn from_name(name: &str) -> Option<StepForm> {
        StepForm::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The keys the step's form takes (the SDK's arguments, less the state's name).
    pub fn arguments(self) -> &'static [&'static str] {
        steps::arguments(self)
    }
}

/// A form read into a Task state's `Resource` and `Parameters`.
#[derive(Clone, Debug, PartialEq)]
pub struct FormStep {
    /// The integration, e.g. `arn:aws:states:::sagemaker:createTrainingJob.sync`.
    pub resource: Resource,
    /// The request, as the builder writes it.
    pub parameters: Map<String, Value>,
    /// Which written value produced which part of the request: JSON pointers relative to
    /// `Parameters` (without `.$`), most specific last.
    pub origins: Vec<(String, usize)>,
}

impl FormStep {
    /// Where the value that produced the request's `pointer` (relative to `Parameters`, with
    /// or without `.$` on its keys) was written: the longest recorded prefix.
    pub fn origin(&self, pointer: &str) -> Option<usize> {
        let plain: String = pointer
            .split('/')
            .map(|s| s.strip_suffix(".$").unwrap_or(s))
            .collect::<Vec<_>>()
            .join("/");
        self.origins
            .iter()
            .filter(|(p, _)| {
                plain
                    .strip_prefix(p.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
            .max_by_key(|(p, _)| p.len())
            .map(|(_, at)| *at)
    }
}

/// A mistake in a form, at the value or key that is wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct FormError {
    /// Where.
    pub at: usize,
    /// What.
    pub kind: FormErrorKind,
}

/// What is wrong in a form.
#[derive(Clone, Debug, PartialEq)]
pub enum FormErrorKind {
    /// A key the object does not take (reported on the key).
    UnknownArgument {
        /// The key written.
        name: String,
        /// What the object is (`TrainingStep`, `estimator`, …).
        of: &'static str,
        /// The closest key it takes.
        suggestion: Option<&'static str>,
    },
    /// A key written twice (reported on the second).
    DuplicateArgument {
        /// The key.
        name: String,
    },
    /// A required key is missing (reported on the object).
    MissingArgument {
        /// The key.
        name: &'static str,
        /// What the object is.
        of: &'static str,
    },
    /// The value is not of the kind the argument takes.
    WrongKind {
        /// The argument.
        name: String,
        /// What it takes, e.g. "a positive integer".
        expected: &'static str,
    },
    /// A path where the SDK takes a value fixed when the workflow is built.
    PathNotAllowed {
        /// The argument.
        name: String,
    },
    /// A value outside the ones the argument takes.
    NotOneOf {
        /// The argument.
        name: String,
        /// The value written.
        value: String,
        /// The values it takes.
        allowed: &'static [&'static str],
    },
    /// No SageMaker image matches `image_uri: { framework, … }`.
    Image(ImageUriError),
    /// Script mode (`entry_point`, `source_dir`) written wrong: what is wrong, and the fix.
    ScriptMode(&'static str),
}

impl fmt::Display for FormErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormErrorKind::UnknownArgument {
                name,
                of,
                suggestion,
            } => {
                write!(f, "`{of}` takes no argument `{name}`")?;
                match suggestion {
                    Some(s) => write!(f, "; did you mean `{s}`?"),
                    None => Ok(()),
                }
            }
            FormErrorKind::DuplicateArgument { name } => {
                write!(f, "`{name}` is given twice; keep one")
            }
            FormErrorKind::MissingArgument { name, of } => {
                write!(f, "`{of}` needs `{name}`")
            }
            FormErrorKind::WrongKind { name, expected } => {
                write!(f, "`{name}` takes {expected}")
            }
            FormErrorKind::PathNotAllowed { name } => write!(
                f,
                "`{name}` is fixed when the workflow is built (as in the SageMaker SDK), so it cannot be read when the state runs; write a literal"
            ),
            FormErrorKind::NotOneOf {
                name,
                value,
                allowed,
            } => write!(
                f,
                "`{name}` cannot be `{value}`; it takes one of {}",
                allowed
                    .iter()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            FormErrorKind::Image(e) => write!(f, "`image_uri`: {e}"),
            FormErrorKind::ScriptMode(message) => f.write_str(message),
        }
    }
}

/// Reads `body` (the form's `{ … }`) as the step `form`: the Task's resource and request, or
/// every mistake found (all of them, not the first).
pub fn build(form: StepForm, body: &FormValue) -> Result<FormStep, Vec<FormError>> {
    let mut reader = reader::Reader::default();
    let built = steps::read(&mut reader, form, body);
    match built {
        Some((resource, parameters)) if reader.errors.is_empty() => Ok(FormStep {
            resource,
            parameters,
            origins: reader.origins,
        }),
        _ => Err(reader.errors),
    }
}

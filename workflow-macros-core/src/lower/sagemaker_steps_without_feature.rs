//! The SageMaker step forms when the `sagemaker` feature is off: the macro compiles none of
//! the SDK's builders, and a step form (`sagemaker::TrainingStep { … }`: a capitalised name
//! under `sagemaker::`) is an error that names the feature. API actions
//! (`sagemaker::create_training_job`) are integrations like any other and need no feature.

use super::Cx;
use super::state_cx::StateCx;
use crate::ast::StateKindDef;
use serde_json::{Map, Value as Json};
use workflow_aws_models::Resource;

/// A step form lowered: never, without the feature.
pub(super) struct Lowered {
    /// `Resource`.
    pub resource: Resource,
    /// `Parameters`.
    pub parameters: Option<Map<String, Json>>,
}

/// No step form exists without the feature.
pub(super) enum StepForm {}

/// What a `sagemaker::…` task names.
pub(super) enum Named {
    /// A step form: matched by the caller, never made (there is none without the feature).
    #[allow(dead_code)]
    Step(StepForm),
    /// A capitalised name: a step form, which needs the feature (reported).
    UnknownStep,
    /// Anything else: an API action or another service.
    Other,
}

/// What `kind` names: a capitalised `sagemaker::…` is reported as a step form that needs the
/// `sagemaker` feature; anything else is an integration.
pub(super) fn named(cx: &mut Cx<'_>, kind: &StateKindDef) -> Named {
    let Some(action) = super::step_form_name::step_form_name(kind) else {
        return Named::Other;
    };
    let name = action.to_string();
    cx.error(
        action.span(),
        format!(
            "the SageMaker step `{name}` needs workflow-runtime's `sagemaker` feature (off by default): add `features = [\"sagemaker\"]` to the `workflow-runtime` dependency, or call the API action itself, e.g. `sagemaker::create_training_job.sync {{ … }}`"
        ),
    );
    Named::UnknownStep
}

/// The resource a step that does not lower stands in with.
pub(super) const PLACEHOLDER: &str = "arn:aws:states:::sagemaker:createTrainingJob";

/// Lowers a step form: there is none without the feature.
pub(super) fn lower(
    _cx: &mut Cx<'_>,
    _s: &StateCx<'_>,
    form: StepForm,
    _def: &StateKindDef,
) -> Lowered {
    match form {}
}

//! Which tasks are written as SageMaker step forms: `sagemaker::` and a capitalised name
//! (`sagemaker::TrainingStep`), where an API action is snake_case
//! (`sagemaker::create_training_job`). Read alike with and without the `sagemaker` feature.

use crate::ast::StateKindDef;
use syn::Ident;

/// The capitalised name of a `sagemaker::…` task written as a step form, if `kind` is one.
pub(super) fn step_form_name(kind: &StateKindDef) -> Option<&Ident> {
    let StateKindDef::Integration { path, .. } = kind else {
        return None;
    };
    let Ok::<&[Ident; 2], _>([service, action]) = path.as_slice().try_into() else {
        return None;
    };
    let capitalised = action
        .to_string()
        .starts_with(|c: char| c.is_ascii_uppercase());
    (service == "sagemaker" && capitalised).then_some(action)
}

//! The SageMaker templates deploy like any definition: a [`StateMachineSpec`] named after the
//! pipeline and run by its role, for [`Client::deploy`](super::Client::deploy), CloudFormation
//! ([`cloudformation::template`](super::cloudformation::template)) and IAM
//! ([`iam::policy_for_spec`](super::iam::policy_for_spec)).

use super::StateMachineSpec;
use crate::sagemaker::{InferencePipeline, PipelineError, StepError, TrainingPipeline};

impl TryFrom<&TrainingPipeline> for StateMachineSpec {
    type Error = StepError;

    /// The state machine to deploy: the pipeline's definition, named after it, run by its role.
    fn try_from(pipeline: &TrainingPipeline) -> Result<Self, StepError> {
        Ok(StateMachineSpec::from_machine(
            &pipeline.pipeline_name,
            &pipeline.definition()?,
            pipeline.role.clone(),
        ))
    }
}

impl TryFrom<&InferencePipeline> for StateMachineSpec {
    type Error = PipelineError;

    /// The state machine to deploy (see the training pipeline's).
    fn try_from(pipeline: &InferencePipeline) -> Result<Self, PipelineError> {
        Ok(StateMachineSpec::from_machine(
            &pipeline.pipeline_name,
            &pipeline.definition()?,
            pipeline.role.clone(),
        ))
    }
}

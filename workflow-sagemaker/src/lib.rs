//! SageMaker on Step Functions, as the AWS Step Functions Data Science SDK (Python) offers it:
//!
//! - the values its steps take from the SageMaker Python SDK ([`Estimator`], [`Channel`],
//!   [`Model`], [`Transformer`], [`Processor`], [`ProcessingInput`], [`ProcessingOutput`],
//!   [`Tuner`]) and the images of the built-in algorithms and frameworks by name, version and
//!   region ([`image_uris`], generated from the SageMaker SDK's own table);
//! - its seven SageMaker steps ([`TrainingStep`], [`ProcessingStep`], [`TransformStep`],
//!   [`TuningStep`], [`ModelStep`], [`EndpointConfigStep`], [`EndpointStep`]) as builders of
//!   typed Task states, each request checked against SageMaker's API model by the validator
//!   the `workflow!` macro uses (`INVALID_TASK_PARAMETERS`);
//! - its templates, [`TrainingPipeline`] and [`InferencePipeline`]: the definition, and the
//!   execution input `execute(job_name, hyperparameters)` sends.
//!
//! For the same arguments, the ASL is the Python SDK's (`stepfunctions` 2.3.0); the
//! differences are listed, with why, in the README's SageMaker section (by case in
//! `tools/sagemaker-sdk/README.md`), and every parameter of the SDK's classes, with the
//! builder method that stands for it, in `docs/sagemaker-parameters.md`.
//!
//! ```
//! use workflow_sagemaker::{chain, image_uris, EndpointConfigStep, EndpointStep,
//!     Estimator, ModelStep, Param, TrainingStep};
//! let image = image_uris::retrieve("xgboost", "us-east-1", "1.7-1").unwrap();
//! let estimator = Estimator::new(image, "arn:aws:iam::123456789012:role/SageMaker", 1, "ml.m5.xlarge")
//!     .output_path("s3://my-bucket/models")
//!     .hyperparameter("num_round", 100);
//! let training = TrainingStep::new("Train", &estimator, Param::execution_input("JobName"))
//!     .data("s3://my-bucket/train");
//! let model = ModelStep::new("Save Model", training.expected_model(None));
//! let config = EndpointConfigStep::new("Configure Endpoint", Param::execution_input("JobName"),
//!     Param::execution_input("JobName"), 1, "ml.m5.large");
//! let deploy = EndpointStep::new("Deploy", Param::execution_input("JobName"),
//!     Param::execution_input("JobName"));
//! let machine = chain([
//!     training.build().unwrap(),
//!     model.build().unwrap(),
//!     config.build().unwrap(),
//!     deploy.build().unwrap(),
//! ]).unwrap();
//! assert_eq!(machine.states.len(), 4);
//! ```
#![deny(missing_docs)]
#![warn(unreachable_pub)]

mod estimator;
pub mod form;
pub mod image_uris;
mod param;
mod pipeline;
mod step;
mod steps;

pub use estimator::{
    Channel, Estimator, InputMode, MetricDefinition, Model, NetworkConfig, ParameterRange,
    ProcessingInput, ProcessingOutput, Processor, ScriptMode, ServingScript, Transformer, Tuner,
};
pub use param::Param;
pub use pipeline::{InferencePipeline, PipelineError, PipelineExecution, TrainingPipeline};
pub use step::{Step, StepError, chain};
pub use steps::{
    EndpointConfigStep, EndpointStep, HyperParameters, ModelStep, ProcessingStep, TrainingData,
    TrainingStep, TransformStep, TuningStep,
};

//! The Python SDK's templates (`stepfunctions.template`): [`TrainingPipeline`] and
//! [`InferencePipeline`]. As the SDK builds them, every Task's request is moved into the
//! execution input: the definition says `"Key.$": "$$.Execution.Input['<state>'].Key"` for each
//! key, and `execute(job_name, hyperparameters)` sends each step's whole request, keyed by its
//! state name, with the job, model, endpoint and S3 names derived from the job name.

use super::TransformStep;
use super::estimator::{Channel, Estimator};
use super::step::{Step, StepError, chain};
use super::steps::{EndpointConfigStep, EndpointStep, ModelStep, TrainingData, TrainingStep};
use indexmap::IndexMap;
use serde_json::{Map, Value, json};
use workflow_asl::{Retrier, StateMachine};
use workflow_aws_models::RoleArn;

/// The state names of the templates (the SDK's `StepId`).
mod state {
    pub(super) const TRAIN: &str = "Training";
    pub(super) const CREATE_MODEL: &str = "Create Model";
    pub(super) const CONFIGURE_ENDPOINT: &str = "Configure Endpoint";
    pub(super) const DEPLOY: &str = "Deploy";
    pub(super) const TRAIN_PREPROCESSOR: &str = "Train Preprocessor";
    pub(super) const CREATE_PREPROCESSOR_MODEL: &str = "Create Preprocessor Model";
    pub(super) const TRANSFORM_INPUT: &str = "Transform Input";
    pub(super) const CREATE_PIPELINE_MODEL: &str = "Create Pipeline Model";
}

/// What `execute(job_name, hyperparameters)` starts: the execution's name and its input.
#[derive(Clone, Debug, PartialEq)]
pub struct PipelineExecution {
    /// The execution's name: the job name.
    pub name: String,
    /// The execution input: each step's request, keyed by its state name.
    pub input: Value,
}

/// The steps' requests (the SDK's `input_template`) and the definition reading them from the
/// execution input.
fn template(steps: Vec<Step>) -> Result<(StateMachine, Map<String, Value>), StepError> {
    let mut input = Map::new();
    let mut replaced = Vec::with_capacity(steps.len());
    for mut step in steps {
        input.insert(
            step.name().to_owned(),
            Value::Object(step.parameters().clone()),
        );
        step.parameters_from_execution_input();
        replaced.push(step);
    }
    Ok((chain(replaced)?, input))
}

/// `s3://{bucket}/{pipeline}/models`.
fn models_path(bucket: &str, pipeline: &str) -> String {
    format!("s3://{bucket}/{pipeline}/models")
}

/// Sets `root[path[0]][path[1]]…` to `value`, making the objects on the way (replacing any
/// value that is not one).
fn set(root: &mut Map<String, Value>, path: &[&str], value: Value) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut current = root;
    for key in parents {
        let entry = current
            .entry((*key).to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        if !entry.is_object() {
            *entry = Value::Object(Map::new());
        }
        let Value::Object(next) = entry else {
            return;
        };
        current = next;
    }
    current.insert((*last).to_owned(), value);
}

/// The `HyperParameters` of training job `job` of `estimator`, its artifacts under `models`:
/// as a training step of that job writes them (in script mode, the `sagemaker_*` keys name the
/// job), with `hyperparameters`, when given, in place of the estimator's own. The SDK's
/// `execute(hyperparameters=…)` replaces the whole object instead, dropping the script's keys.
fn training_hyperparameters(
    estimator: &Estimator,
    job: &str,
    models: &str,
    hyperparameters: Option<&IndexMap<String, String>>,
) -> Option<Value> {
    let mut estimator = estimator.clone();
    estimator.output_path = Some(models.to_owned());
    if let Some(h) = hyperparameters {
        estimator.hyperparameters = h.clone();
    }
    TrainingStep::new(state::TRAIN, &estimator, job)
        .request()
        .remove("HyperParameters")
}

/// The SDK's `TrainingPipeline(estimator, role, inputs, s3_bucket, pipeline_name)`: Training →
/// Create Model → Configure Endpoint → Deploy.
///
/// ```
/// use workflow_sagemaker::{Estimator, TrainingPipeline};
/// let estimator = Estimator::new("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1",
///     "arn:aws:iam::123456789012:role/SageMaker", 1, "ml.m5.xlarge");
/// let pipeline = TrainingPipeline::new(estimator, "arn:aws:iam::123456789012:role/StepFunctions".parse()?,
///     "s3://my-bucket/train", "my-bucket", "training-pipeline");
/// let machine = pipeline.definition().unwrap();
/// assert_eq!(machine.start_at, "Training");
/// let run = pipeline.execute_input("my-job", None).unwrap();
/// assert_eq!(run.input["Training"]["TrainingJobName"], "estimator-my-job");
/// assert_eq!(run.input["Create Model"]["PrimaryContainer"]["ModelDataUrl"],
///     "s3://my-bucket/training-pipeline/models/estimator-my-job/output/model.tar.gz");
/// # Ok::<(), workflow_aws_models::RoleArnError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct TrainingPipeline {
    /// The estimator trained.
    pub estimator: Estimator,
    /// The state machine's execution role.
    pub role: RoleArn,
    /// The training data.
    pub inputs: TrainingData,
    /// The bucket the artifacts go to (`s3://{bucket}/{pipeline}/models/…`).
    pub s3_bucket: String,
    /// The pipeline's (and state machine's) name; the SDK's default,
    /// `training-pipeline-<timestamp>`, is the caller's to make.
    pub pipeline_name: String,
}

impl TrainingPipeline {
    /// The template, as the SDK's constructor takes it.
    pub fn new(
        estimator: Estimator,
        role: RoleArn,
        inputs: impl Into<TrainingData>,
        s3_bucket: impl Into<String>,
        pipeline_name: impl Into<String>,
    ) -> Self {
        Self {
            estimator,
            role,
            inputs: inputs.into(),
            s3_bucket: s3_bucket.into(),
            pipeline_name: pipeline_name.into(),
        }
    }

    /// The estimator, with the pipeline's model path when it has none.
    fn estimator(&self) -> Estimator {
        let mut estimator = self.estimator.clone();
        if estimator.output_path.is_none() {
            estimator.output_path = Some(models_path(&self.s3_bucket, &self.pipeline_name));
        }
        estimator
    }

    /// The four steps, with the SDK's placeholder requests.
    fn steps(&self) -> Result<Vec<Step>, StepError> {
        let name = self.pipeline_name.as_str();
        let estimator = self.estimator();
        let training =
            TrainingStep::new(state::TRAIN, &estimator, format!("{name}/estimator-source"))
                .data(self.inputs.clone())
                .build()?;
        // The SDK's template serves `estimator.create_model()`, without the estimator's
        // environment (which `TrainingStep::expected_model` gives, as `get_expected_model()`).
        let model = ModelStep::new(state::CREATE_MODEL, estimator.create_model())
            .model_name(name)
            .instance_type(estimator.instance_type.clone())
            .build()?;
        let config = EndpointConfigStep::new(
            state::CONFIGURE_ENDPOINT,
            name,
            name,
            estimator.instance_count,
            estimator.instance_type.clone(),
        )
        .build()?;
        let deploy = EndpointStep::new(state::DEPLOY, name, name).build()?;
        Ok(vec![training, model, config, deploy])
    }

    /// The definition: each Task reads its request from the execution input.
    pub fn definition(&self) -> Result<StateMachine, StepError> {
        Ok(template(self.steps()?)?.0)
    }

    /// The execution input of `execute(job_name, hyperparameters)`: the training job
    /// `estimator-{job}`, its artifacts under `s3://{bucket}/{pipeline}/models`, the model, the
    /// endpoint configuration and the endpoint all named `{job}`; `hyperparameters` replace the
    /// estimator's (in script mode, the script's `sagemaker_*` keys are kept, naming the job).
    pub fn execute_input(
        &self,
        job_name: &str,
        hyperparameters: Option<&IndexMap<String, String>>,
    ) -> Result<PipelineExecution, StepError> {
        let (_, mut input) = template(self.steps()?)?;
        let models = models_path(&self.s3_bucket, &self.pipeline_name);
        let training_job = format!("estimator-{job_name}");
        if let Some(h) =
            training_hyperparameters(&self.estimator, &training_job, &models, hyperparameters)
        {
            set(&mut input, &[state::TRAIN, "HyperParameters"], h);
        }
        set(
            &mut input,
            &[state::TRAIN, "TrainingJobName"],
            json!(training_job),
        );
        set(
            &mut input,
            &[state::TRAIN, "OutputDataConfig", "S3OutputPath"],
            json!(models),
        );
        set(
            &mut input,
            &[state::CREATE_MODEL, "ModelName"],
            json!(job_name),
        );
        set(
            &mut input,
            &[state::CREATE_MODEL, "PrimaryContainer", "ModelDataUrl"],
            json!(format!("{models}/{training_job}/output/model.tar.gz")),
        );
        name_endpoint(&mut input, job_name);
        Ok(PipelineExecution {
            name: job_name.to_owned(),
            input: Value::Object(input),
        })
    }
}

/// Configure Endpoint and Deploy named `job_name`.
fn name_endpoint(input: &mut Map<String, Value>, job_name: &str) {
    set(
        input,
        &[state::CONFIGURE_ENDPOINT, "EndpointConfigName"],
        json!(job_name),
    );
    if let Some(Value::Array(variants)) = input
        .get_mut(state::CONFIGURE_ENDPOINT)
        .and_then(|c| c.get_mut("ProductionVariants"))
    {
        for variant in variants.iter_mut().filter_map(Value::as_object_mut) {
            variant.insert("ModelName".into(), json!(job_name));
        }
    }
    set(
        input,
        &[state::DEPLOY, "EndpointConfigName"],
        json!(job_name),
    );
    set(input, &[state::DEPLOY, "EndpointName"], json!(job_name));
}

/// Why an [`InferencePipeline`] cannot be built.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum PipelineError {
    /// A step's request is invalid.
    #[error(transparent)]
    Step(#[from] StepError),
    /// The inputs have no `train` channel, which the preprocessor transforms.
    #[error(
        "the inference pipeline's inputs need a `train` channel, which the preprocessor transforms"
    )]
    NoTrainChannel,
}

/// The SDK's `InferencePipeline(preprocessor, estimator, inputs, s3_bucket, role,
/// compression_type, content_type, pipeline_name, retry)`: Train Preprocessor → Create
/// Preprocessor Model → Transform Input → Training → Create Pipeline Model → Configure
/// Endpoint → Deploy.
#[derive(Clone, Debug, PartialEq)]
pub struct InferencePipeline {
    /// The estimator that learns the preprocessing, then transforms the training data.
    pub preprocessor: Estimator,
    /// The estimator trained on the transformed data.
    pub estimator: Estimator,
    /// The training data: channels, one of them `train`.
    pub inputs: Vec<Channel>,
    /// The bucket the artifacts go to.
    pub s3_bucket: String,
    /// The state machine's execution role.
    pub role: RoleArn,
    /// The pipeline's (and state machine's) name.
    pub pipeline_name: String,
    /// The transform input's `CompressionType`.
    pub compression_type: Option<String>,
    /// The transform input's `ContentType`.
    pub content_type: Option<String>,
    /// A Retrier added to every step.
    pub retry: Option<Retrier>,
}

impl InferencePipeline {
    /// The template, as the SDK's constructor takes it.
    pub fn new(
        preprocessor: Estimator,
        estimator: Estimator,
        inputs: Vec<Channel>,
        s3_bucket: impl Into<String>,
        role: RoleArn,
        pipeline_name: impl Into<String>,
    ) -> Self {
        Self {
            preprocessor,
            estimator,
            inputs,
            s3_bucket: s3_bucket.into(),
            role,
            pipeline_name: pipeline_name.into(),
            compression_type: None,
            content_type: None,
            retry: None,
        }
    }

    /// Sets the transform input's content type.
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// Sets the transform input's compression type (`compression_type`: `Gzip`, `None`).
    #[must_use]
    pub fn compression_type(mut self, compression_type: impl Into<String>) -> Self {
        self.compression_type = Some(compression_type.into());
        self
    }

    /// Adds `retrier` to every step.
    #[must_use]
    pub fn retry(mut self, retrier: Retrier) -> Self {
        self.retry = Some(retrier);
        self
    }

    fn with_output(&self, estimator: &Estimator) -> Estimator {
        let mut estimator = estimator.clone();
        if estimator.output_path.is_none() {
            estimator.output_path = Some(models_path(&self.s3_bucket, &self.pipeline_name));
        }
        estimator
    }

    /// The seven steps, with the SDK's placeholder requests.
    fn steps(&self) -> Result<Vec<Step>, PipelineError> {
        let name = self.pipeline_name.as_str();
        let train = self
            .inputs
            .iter()
            .find(|c| c.name == "train")
            .ok_or(PipelineError::NoTrainChannel)?;
        let preprocessor = self.with_output(&self.preprocessor);
        let estimator = self.with_output(&self.estimator);
        let data = TrainingData::Channels(self.inputs.clone());
        let train_preprocessor = TrainingStep::new(
            state::TRAIN_PREPROCESSOR,
            &preprocessor,
            format!("{name}/preprocessor-source"),
        )
        .data(data.clone())
        .build()?;
        let preprocessor_model = ModelStep::new(
            state::CREATE_PREPROCESSOR_MODEL,
            preprocessor.create_model(),
        )
        .model_name(name)
        .instance_type(preprocessor.instance_type.clone())
        .build()?;
        let transformer = preprocessor
            .transformer(
                preprocessor.instance_count,
                preprocessor.instance_type.clone(),
            )
            .max_payload_mb(20)
            .output_path(format!("s3://{}/{name}/transform", self.s3_bucket));
        let mut transform = TransformStep::new(
            state::TRANSFORM_INPUT,
            &transformer,
            name,
            name,
            train.s3_data.clone(),
        );
        transform.compression_type = self.compression_type.clone();
        transform.content_type = self.content_type.clone();
        let transform = transform.build()?;
        let training =
            TrainingStep::new(state::TRAIN, &estimator, format!("{name}/estimator-source"))
                .data(data)
                .build()?;
        let pipeline_model = pipeline_model_step(&preprocessor, &estimator)?;
        let config = EndpointConfigStep::new(
            state::CONFIGURE_ENDPOINT,
            name,
            name,
            estimator.instance_count,
            estimator.instance_type.clone(),
        )
        .build()?;
        let deploy = EndpointStep::new(state::DEPLOY, name, name).build()?;
        let mut steps = vec![
            train_preprocessor,
            preprocessor_model,
            transform,
            training,
            pipeline_model,
            config,
            deploy,
        ];
        if let Some(retrier) = &self.retry {
            steps = steps
                .into_iter()
                .map(|s| s.retry(retrier.clone()))
                .collect();
        }
        Ok(steps)
    }

    /// The definition: each Task reads its request from the execution input.
    pub fn definition(&self) -> Result<StateMachine, PipelineError> {
        Ok(template(self.steps()?)?.0)
    }

    /// The execution input of `execute(job_name, hyperparameters)`, named as the SDK names
    /// them: the preprocessor's training job, model and transform job `preprocessor-{job}`, the
    /// transformed data under `s3://{bucket}/{pipeline}/preprocessor-transform-{job}/transform`
    /// (the training job's `train` channel), the training job `estimator-{job}`, the pipeline
    /// model, endpoint configuration and endpoint `{job}`; `hyperparameters` replace the
    /// estimator's (in script mode, the script's `sagemaker_*` keys are kept, naming the job).
    pub fn execute_input(
        &self,
        job_name: &str,
        hyperparameters: Option<&IndexMap<String, String>>,
    ) -> Result<PipelineExecution, PipelineError> {
        let (_, mut input) = template(self.steps()?)?;
        let models = models_path(&self.s3_bucket, &self.pipeline_name);
        let debug = format!("{models}/debug");
        let preprocessor_job = format!("preprocessor-{job_name}");
        let training_job = format!("estimator-{job_name}");
        for (step, job, estimator, hyperparameters) in [
            (
                state::TRAIN_PREPROCESSOR,
                &preprocessor_job,
                &self.preprocessor,
                None,
            ),
            (
                state::TRAIN,
                &training_job,
                &self.estimator,
                hyperparameters,
            ),
        ] {
            if let Some(h) = training_hyperparameters(estimator, job, &models, hyperparameters) {
                set(&mut input, &[step, "HyperParameters"], h);
            }
            set(&mut input, &[step, "TrainingJobName"], json!(job));
            set(
                &mut input,
                &[step, "OutputDataConfig", "S3OutputPath"],
                json!(models),
            );
            let train = input.get_mut(step).and_then(Value::as_object_mut);
            if train.is_some_and(|t| t.contains_key("DebugHookConfig")) {
                set(
                    &mut input,
                    &[step, "DebugHookConfig", "S3OutputPath"],
                    json!(debug),
                );
            }
        }
        let preprocessor_data = format!("{models}/{preprocessor_job}/output/model.tar.gz");
        let model = state::CREATE_PREPROCESSOR_MODEL;
        set(
            &mut input,
            &[model, "PrimaryContainer", "ModelDataUrl"],
            json!(preprocessor_data),
        );
        set(&mut input, &[model, "ModelName"], json!(preprocessor_job));
        let transformed = format!(
            "s3://{}/{}/preprocessor-transform-{job_name}/transform",
            self.s3_bucket, self.pipeline_name
        );
        let transform = state::TRANSFORM_INPUT;
        set(
            &mut input,
            &[transform, "ModelName"],
            json!(preprocessor_job),
        );
        set(
            &mut input,
            &[transform, "TransformJobName"],
            json!(preprocessor_job),
        );
        set(
            &mut input,
            &[transform, "TransformOutput", "S3OutputPath"],
            json!(transformed),
        );
        set(
            &mut input,
            &[state::TRAIN, "InputDataConfig"],
            json!([Channel::new("train", transformed).to_request()]),
        );
        set(
            &mut input,
            &[state::CREATE_PIPELINE_MODEL, "ModelName"],
            json!(job_name),
        );
        if let Some(Value::Array(containers)) = input
            .get_mut(state::CREATE_PIPELINE_MODEL)
            .and_then(|m| m.get_mut("Containers"))
        {
            let urls = [
                preprocessor_data,
                format!("{models}/{training_job}/output/model.tar.gz"),
            ];
            for (container, url) in containers.iter_mut().zip(urls) {
                if let Value::Object(c) = container {
                    c.insert("ModelDataUrl".into(), json!(url));
                }
            }
        }
        name_endpoint(&mut input, job_name);
        Ok(PipelineExecution {
            name: job_name.to_owned(),
            input: Value::Object(input),
        })
    }
}

/// Create Pipeline Model: the preprocessor's and the estimator's containers, in that order,
/// as the SDK's `PipelineModel.pipeline_container_def`.
fn pipeline_model_step(preprocessor: &Estimator, estimator: &Estimator) -> Result<Step, StepError> {
    let containers: Vec<Value> = [preprocessor, estimator]
        .into_iter()
        .map(|e| e.create_model().container())
        .collect();
    let mut request = Map::new();
    request.insert("ModelName".into(), json!("pipeline-model"));
    request.insert("Containers".into(), Value::Array(containers));
    request.insert("ExecutionRoleArn".into(), json!(estimator.role));
    Step::checked(
        state::CREATE_PIPELINE_MODEL,
        super::step::resource("createModel", false),
        request,
    )
}

//! The seven SageMaker steps of the Python SDK (`stepfunctions.steps.sagemaker`), as builders
//! of checked [`Step`]s: [`TrainingStep`], [`ProcessingStep`], [`TransformStep`],
//! [`TuningStep`], [`ModelStep`], [`EndpointConfigStep`] and [`EndpointStep`]. Each writes the
//! request the SDK writes for the same arguments (see `tools/sagemaker-sdk/README.md` for the
//! differences) and checks it against SageMaker's API model.

use super::Param;
use super::estimator::{
    Channel, Estimator, MetricDefinition, Model, ParameterRange, ProcessingInput, ProcessingOutput,
    Processor, Transformer, Tuner,
};
use super::image_uris::{ImageUriError, Scope};
use super::step::{Step, StepError, resource};
use indexmap::IndexMap;
use serde_json::{Map, Value, json};
use workflow_asl::{Code, Diagnostic, Pointer};
use workflow_aws_models::Resource;

/// `Tags`: `[{Key, Value}]`, as the SDK's `tags_dict_to_kv_list`.
fn tags_value(tags: &[(String, String)]) -> Value {
    Value::Array(
        tags.iter()
            .map(|(k, v)| json!({ "Key": k, "Value": v }))
            .collect(),
    )
}

fn insert_tags(request: &mut Map<String, Value>, tags: &[(String, String)]) {
    if !tags.is_empty() {
        request.insert("Tags".into(), tags_value(tags));
    }
}

fn string_map(map: &IndexMap<String, String>) -> Value {
    Value::Object(map.iter().map(|(k, v)| (k.clone(), json!(v))).collect())
}

/// A training job's data: one S3 location (the channel `training`, as the SDK names a plain
/// string), or named channels.
#[derive(Clone, Debug, PartialEq)]
pub enum TrainingData {
    /// One S3 URI (or a path to it): the channel `training`.
    S3Uri(Param),
    /// Named channels.
    Channels(Vec<Channel>),
}

impl TrainingData {
    /// The `InputDataConfig` list.
    fn to_request(&self) -> Value {
        match self {
            TrainingData::S3Uri(uri) => {
                Value::Array(vec![Channel::new("training", uri.clone()).to_request()])
            }
            TrainingData::Channels(channels) => {
                Value::Array(channels.iter().map(Channel::to_request).collect())
            }
        }
    }
}

impl From<&str> for TrainingData {
    fn from(uri: &str) -> Self {
        TrainingData::S3Uri(uri.into())
    }
}

impl From<Param> for TrainingData {
    fn from(uri: Param) -> Self {
        TrainingData::S3Uri(uri)
    }
}

impl From<Vec<Channel>> for TrainingData {
    fn from(channels: Vec<Channel>) -> Self {
        TrainingData::Channels(channels)
    }
}

/// The SDK's `TrainingStep(state_id, estimator, job_name, data, hyperparameters,
/// mini_batch_size, experiment_config, wait_for_completion=True, tags, output_data_config_path)`:
/// `sagemaker:createTrainingJob.sync`.
///
/// ```
/// use workflow_sagemaker::{Estimator, Param, TrainingStep};
/// let estimator = Estimator::new("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1",
///     "arn:aws:iam::123456789012:role/SageMaker", 1, "ml.m5.xlarge")
///     .output_path("s3://my-bucket/models");
/// let step = TrainingStep::new("Train", &estimator, Param::execution_input("JobName"))
///     .data("s3://my-bucket/train")
///     .build()
///     .unwrap();
/// assert_eq!(step.task().resource, "arn:aws:states:::sagemaker:createTrainingJob.sync");
/// assert_eq!(step.parameters()["TrainingJobName.$"], "$$.Execution.Input['JobName']");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct TrainingStep {
    /// The state's name.
    pub name: String,
    /// The estimator.
    pub estimator: Estimator,
    /// The job's name.
    pub job_name: Param,
    /// The training data.
    pub data: Option<TrainingData>,
    /// Hyperparameters merged over the estimator's (these win), or a path that replaces them.
    pub hyperparameters: Option<HyperParameters>,
    /// `ExperimentConfig`.
    pub experiment_config: Option<Value>,
    /// `.sync` (the default): the state waits for the job to end.
    pub wait_for_completion: bool,
    /// `Tags`.
    pub tags: Vec<(String, String)>,
    /// Overrides the estimator's output path.
    pub output_data_config_path: Option<Param>,
}

/// A training step's hyperparameters: literal strings, or a path to an object read when the
/// state runs.
#[derive(Clone, Debug, PartialEq)]
pub enum HyperParameters {
    /// Merged over the estimator's.
    Literal(IndexMap<String, String>),
    /// Replaces the estimator's (`HyperParameters.$`).
    Path(String),
}

impl TrainingStep {
    /// A training step with the SDK's defaults (`.sync`, the estimator's hyperparameters).
    pub fn new(name: impl Into<String>, estimator: &Estimator, job_name: impl Into<Param>) -> Self {
        Self {
            name: name.into(),
            estimator: estimator.clone(),
            job_name: job_name.into(),
            data: None,
            hyperparameters: None,
            experiment_config: None,
            wait_for_completion: true,
            tags: Vec::new(),
            output_data_config_path: None,
        }
    }

    /// Sets the training data.
    #[must_use]
    pub fn data(mut self, data: impl Into<TrainingData>) -> Self {
        self.data = Some(data.into());
        self
    }

    /// Sets hyperparameters merged over the estimator's.
    #[must_use]
    pub fn hyperparameters(mut self, hyperparameters: HyperParameters) -> Self {
        self.hyperparameters = Some(hyperparameters);
        self
    }

    /// Submits the job and moves on (`wait_for_completion=False`: no `.sync`).
    #[must_use]
    pub fn wait_for_completion(mut self, wait: bool) -> Self {
        self.wait_for_completion = wait;
        self
    }

    /// Adds a tag (`Tags`).
    #[must_use]
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.push((key.into(), value.into()));
        self
    }
    /// Sets `ExperimentConfig` (`experiment_config`).
    #[must_use]
    pub fn experiment_config(mut self, config: Value) -> Self {
        self.experiment_config = Some(config);
        self
    }

    /// Overrides the estimator's output path (`output_data_config_path`), a literal or a path
    /// read when the state runs.
    #[must_use]
    pub fn output_data_config_path(mut self, path: impl Into<Param>) -> Self {
        self.output_data_config_path = Some(path.into());
        self
    }

    /// The `CreateTrainingJob` request.
    pub fn request(&self) -> Map<String, Value> {
        let e = &self.estimator;
        let mut output = Map::new();
        match (&self.output_data_config_path, &e.output_path) {
            (Some(path), _) => path.insert_into(&mut output, "S3OutputPath"),
            (None, Some(path)) => {
                output.insert("S3OutputPath".into(), json!(path));
            }
            // Left out: the validator reports the missing `S3OutputPath`.
            (None, None) => {}
        }
        let mut r = Map::new();
        r.insert(
            "AlgorithmSpecification".into(),
            algorithm_specification(e, &e.metric_definitions),
        );
        let channels = match &self.data {
            Some(data) => match data.to_request() {
                Value::Array(channels) => channels,
                other => vec![other],
            },
            None => Vec::new(),
        };
        training_job(e, output, channels, &mut r);
        if let (true, Some(path)) = (e.debugger_hook, &e.output_path) {
            r.insert("DebugHookConfig".into(), json!({ "S3OutputPath": path }));
        }
        match (&self.hyperparameters, &e.script) {
            (Some(HyperParameters::Path(path)), _) => {
                r.insert("HyperParameters.$".into(), json!(path));
            }
            (extra, Some(script)) => {
                let mut merged = e.hyperparameters.clone();
                if let Some(HyperParameters::Literal(extra)) = extra {
                    merged.extend(extra.iter().map(|(k, v)| (k.clone(), v.clone())));
                }
                // `model_dir` is under the output path when it is written out.
                let output = match (&self.output_data_config_path, &e.output_path) {
                    (Some(Param::Literal(Value::String(path))), _) => Some(path.as_str()),
                    (Some(_), _) => None,
                    (None, path) => path.as_deref(),
                };
                r.insert(
                    "HyperParameters".into(),
                    Value::Object(script_hyperparameters(
                        &merged,
                        script,
                        &self.job_name,
                        output,
                    )),
                );
            }
            (Some(HyperParameters::Literal(extra)), None) => {
                let mut merged = e.hyperparameters.clone();
                merged.extend(extra.iter().map(|(k, v)| (k.clone(), v.clone())));
                r.insert("HyperParameters".into(), string_map(&merged));
            }
            (None, None) if !e.hyperparameters.is_empty() => {
                r.insert("HyperParameters".into(), string_map(&e.hyperparameters));
            }
            (None, None) => {}
        }
        self.job_name.insert_into(&mut r, "TrainingJobName");
        if let Some(config) = &self.experiment_config {
            r.insert("ExperimentConfig".into(), config.clone());
        }
        insert_tags(&mut r, &self.tags);
        r
    }

    /// The integration's ARN (`.sync` when the step waits for its job).
    pub fn resource(&self) -> Resource {
        resource("createTrainingJob", self.wait_for_completion)
    }

    /// The checked Task state.
    pub fn build(&self) -> Result<Step, StepError> {
        Step::checked(&self.name, self.resource(), self.request())
    }

    /// The model this step trains (the SDK's `get_expected_model()`): the estimator's model
    /// with the estimator's environment, its `ModelDataUrl` read from the training job's description (`$['ModelArtifacts']
    /// ['S3ModelArtifacts']`, the step's `.sync` result), named `model_name` or the job's name.
    pub fn expected_model(&self, model_name: Option<Param>) -> Model {
        let mut model = self.estimator.create_model();
        // `get_expected_model()` gives the model the estimator's environment (the SDK's
        // `create_model` alone, which the templates use, does not).
        if !self.estimator.environment.is_empty() {
            model.environment = self.estimator.environment.clone();
        }
        model.model_data = Some(Param::step_input(["ModelArtifacts", "S3ModelArtifacts"]));
        model.name = Some(model_name.unwrap_or_else(|| self.job_name.clone()));
        model
    }
}

/// A training job's fields from the estimator, as the SDK writes them in a training job and
/// in a tuning job's `TrainingJobDefinition`: `OutputDataConfig` (`output` with the KMS key and
/// the compression; left out when empty in a tuning job, whose estimator may have no output
/// path), `StoppingCondition`, `ResourceConfig`, `RoleArn`, `InputDataConfig` (`channels` and
/// the `model_uri` channel), `VpcConfig`, `EnableManagedSpotTraining` and `CheckpointConfig`.
fn training_job(
    e: &Estimator,
    mut output: Map<String, Value>,
    mut channels: Vec<Value>,
    r: &mut Map<String, Value>,
) {
    if let Some(key) = &e.output_kms_key {
        output.insert("KmsKeyId".into(), json!(key));
    }
    if e.disable_output_compression {
        output.insert("CompressionType".into(), json!("NONE"));
    }
    r.insert("OutputDataConfig".into(), Value::Object(output));
    let mut stopping = Map::new();
    stopping.insert("MaxRuntimeInSeconds".into(), json!(e.max_run_seconds));
    if let Some(seconds) = e.max_wait_seconds {
        stopping.insert("MaxWaitTimeInSeconds".into(), json!(seconds));
    }
    r.insert("StoppingCondition".into(), Value::Object(stopping));
    let mut resources = Map::new();
    resources.insert("InstanceCount".into(), json!(e.instance_count));
    resources.insert("InstanceType".into(), json!(e.instance_type));
    resources.insert("VolumeSizeInGB".into(), json!(e.volume_size_gb));
    if let Some(key) = &e.volume_kms_key {
        resources.insert("VolumeKmsKeyId".into(), json!(key));
    }
    if let Some(seconds) = e.keep_alive_period_seconds {
        resources.insert("KeepAlivePeriodInSeconds".into(), json!(seconds));
    }
    r.insert("ResourceConfig".into(), Value::Object(resources));
    r.insert("RoleArn".into(), json!(e.role));
    channels.extend(e.model_channel());
    if !channels.is_empty() {
        r.insert("InputDataConfig".into(), Value::Array(channels));
    }
    if let Some((subnets, groups)) = &e.vpc_config {
        r.insert(
            "VpcConfig".into(),
            json!({ "Subnets": subnets, "SecurityGroupIds": groups }),
        );
    }
    if e.use_spot_instances {
        r.insert("EnableManagedSpotTraining".into(), json!(true));
    }
    if let (Some(uri), Some(path)) = (&e.checkpoint_s3_uri, &e.checkpoint_local_path) {
        r.insert(
            "CheckpointConfig".into(),
            json!({ "LocalPath": path, "S3Uri": uri }),
        );
    }
}

/// `AlgorithmSpecification`: the estimator's image and input mode, and `metrics` when there are
/// any.
fn algorithm_specification(e: &Estimator, metrics: &[MetricDefinition]) -> Value {
    let mut spec = Map::new();
    spec.insert("TrainingImage".into(), json!(e.image_uri));
    spec.insert("TrainingInputMode".into(), json!(e.input_mode.as_str()));
    if !metrics.is_empty() {
        spec.insert(
            "MetricDefinitions".into(),
            MetricDefinition::to_request(metrics),
        );
    }
    Value::Object(spec)
}

/// A script-mode training job's hyperparameters, as the SageMaker SDK's framework estimators
/// write them: every value JSON-encoded (a number or a boolean as it is, text quoted), then
/// `sagemaker_submit_directory`, `sagemaker_program`, `sagemaker_container_log_level`,
/// `sagemaker_job_name` and `sagemaker_region`, and for TensorFlow `model_dir`
/// (`<output path>/<job name>/model`). The job's name is the step's: read from the execution
/// input when the step's name is (`States.JsonToString`), where the SDK writes a name of its
/// own made from the clock, which names no job that runs.
fn script_hyperparameters(
    hyperparameters: &IndexMap<String, String>,
    script: &crate::estimator::ScriptMode,
    job_name: &Param,
    output_path: Option<&str>,
) -> Map<String, Value> {
    let encoded = |text: &str| match serde_json::from_str::<Value>(text) {
        Ok(v @ (Value::Number(_) | Value::Bool(_))) => v.to_string(),
        _ => Value::String(text.to_owned()).to_string(),
    };
    let mut out: Map<String, Value> = hyperparameters
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(encoded(v))))
        .collect();
    if let Some(dir) = &script.source_dir {
        out.insert("sagemaker_submit_directory".into(), json!(encoded(dir)));
    }
    out.insert(
        "sagemaker_program".into(),
        json!(encoded(&script.entry_point)),
    );
    out.insert(
        "sagemaker_container_log_level".into(),
        json!(script.container_log_level.to_string()),
    );
    match job_name {
        Param::Literal(Value::String(name)) => {
            out.insert("sagemaker_job_name".into(), json!(encoded(name)));
        }
        Param::Literal(other) => {
            out.insert("sagemaker_job_name".into(), json!(other.to_string()));
        }
        Param::Path(path) => {
            out.insert(
                "sagemaker_job_name.$".into(),
                json!(format!("States.JsonToString({path})")),
            );
        }
    }
    out.insert("sagemaker_region".into(), json!(encoded(&script.region)));
    // A path with characters `States.Format` would read is left out (no such S3 URI is usual).
    let base = output_path
        .filter(|p| p.starts_with("s3://") && !p.contains(['\'', '{', '}', '\\']))
        .map(|p| p.trim_end_matches('/'));
    if let (true, Some(dir)) = (script.model_dir, &script.model_dir_uri) {
        out.insert("model_dir".into(), json!(encoded(dir)));
    } else if let (true, Some(base)) = (script.model_dir, base) {
        match job_name {
            Param::Literal(Value::String(name)) => {
                out.insert(
                    "model_dir".into(),
                    json!(encoded(&format!("{base}/{name}/model"))),
                );
            }
            // `States.JsonToString` takes only a path; a job's name needs no escaping in JSON
            // (letters, digits and hyphens), so the quotes are written around it.
            Param::Path(path) => {
                out.insert(
                    "model_dir.$".into(),
                    json!(format!("States.Format('\"{base}/{{}}/model\"', {path})")),
                );
            }
            Param::Literal(_) => {}
        }
    }
    out
}

/// The SDK's `ModelStep(state_id, model, model_name=None, instance_type=None, tags=None)`:
/// `sagemaker:createModel`.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelStep {
    /// The state's name.
    pub name: String,
    /// The model.
    pub model: Model,
    /// The model's name (default: the model's own).
    pub model_name: Option<Param>,
    /// The instance type the model is deployed to (`instance_type`): a framework model is
    /// served by its framework's image for it (the CPU or GPU image), as the SDK's
    /// `ModelStep` chooses it; a model of one image keeps it.
    pub instance_type: Option<String>,
    /// `Tags`.
    pub tags: Vec<(String, String)>,
}

impl ModelStep {
    /// A model step.
    pub fn new(name: impl Into<String>, model: Model) -> Self {
        Self {
            name: name.into(),
            model,
            model_name: None,
            instance_type: None,
            tags: Vec::new(),
        }
    }

    /// Sets the instance type the model is deployed to (`instance_type`), which chooses a
    /// framework model's image.
    #[must_use]
    pub fn instance_type(mut self, instance_type: impl Into<String>) -> Self {
        self.instance_type = Some(instance_type.into());
        self
    }

    /// Adds a tag (`Tags`).
    #[must_use]
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.push((key.into(), value.into()));
        self
    }

    /// Names the model.
    #[must_use]
    pub fn model_name(mut self, name: impl Into<Param>) -> Self {
        self.model_name = Some(name.into());
        self
    }

    /// The image serving the model: a framework model's for the step's instance type, else
    /// the model's own.
    fn image_uri(&self) -> Result<String, ImageUriError> {
        match (&self.model.image, &self.instance_type) {
            (Some(query), Some(instance_type)) => query
                .clone()
                .instance_type(instance_type.clone())
                .scope(Scope::Inference)
                .retrieve(),
            _ => Ok(self.model.image_uri.clone()),
        }
    }

    /// The `CreateModel` request (with the model's own image where the instance type has no
    /// framework image; [`ModelStep::build`] reports that).
    pub fn request(&self) -> Map<String, Value> {
        let mut model = self.model.clone();
        if let Ok(uri) = self.image_uri() {
            model.image_uri = uri;
        }
        let mut r = Map::new();
        r.insert("ExecutionRoleArn".into(), json!(model.role));
        if let Some(name) = self.model_name.as_ref().or(model.name.as_ref()) {
            name.insert_into(&mut r, "ModelName");
        }
        r.insert("PrimaryContainer".into(), model.container());
        insert_tags(&mut r, &self.tags);
        r
    }

    /// The integration's ARN (`.sync` when the step waits for its job).
    pub fn resource(&self) -> Resource {
        resource("createModel", false)
    }

    /// The checked Task state; an instance type the framework model has no image for is an
    /// error.
    pub fn build(&self) -> Result<Step, StepError> {
        if let Err(error) = self.image_uri() {
            return Err(StepError {
                state: self.name.clone(),
                diagnostics: vec![Diagnostic::error(
                    Code::InvalidTaskParameters,
                    Pointer::root(),
                    format!(
                        "the model has no image for instance type {:?}: {error}",
                        self.instance_type.as_deref().unwrap_or_default()
                    ),
                )],
            });
        }
        Step::checked(&self.name, self.resource(), self.request())
    }
}

/// The SDK's `EndpointConfigStep(state_id, endpoint_config_name, model_name,
/// initial_instance_count, instance_type, variant_name='AllTraffic', data_capture_config,
/// tags)`: `sagemaker:createEndpointConfig`.
#[derive(Clone, Debug, PartialEq)]
pub struct EndpointConfigStep {
    /// The state's name.
    pub name: String,
    /// `EndpointConfigName`.
    pub endpoint_config_name: Param,
    /// The model served.
    pub model_name: Param,
    /// `InitialInstanceCount`.
    pub initial_instance_count: u32,
    /// `InstanceType`.
    pub instance_type: String,
    /// `VariantName` (default `AllTraffic`).
    pub variant_name: String,
    /// `DataCaptureConfig`.
    pub data_capture_config: Option<Value>,
    /// `Tags`.
    pub tags: Vec<(String, String)>,
}

impl EndpointConfigStep {
    /// An endpoint configuration of one production variant, `AllTraffic`.
    pub fn new(
        name: impl Into<String>,
        endpoint_config_name: impl Into<Param>,
        model_name: impl Into<Param>,
        initial_instance_count: u32,
        instance_type: impl Into<String>,
    ) -> Self {
        Self {
            name: name.into(),
            endpoint_config_name: endpoint_config_name.into(),
            model_name: model_name.into(),
            initial_instance_count,
            instance_type: instance_type.into(),
            variant_name: "AllTraffic".into(),
            data_capture_config: None,
            tags: Vec::new(),
        }
    }

    /// Names the production variant (`variant_name`, default `AllTraffic`).
    #[must_use]
    pub fn variant_name(mut self, name: impl Into<String>) -> Self {
        self.variant_name = name.into();
        self
    }

    /// Sets `DataCaptureConfig` (`data_capture_config`).
    #[must_use]
    pub fn data_capture_config(mut self, config: Value) -> Self {
        self.data_capture_config = Some(config);
        self
    }

    /// Adds a tag (`Tags`).
    #[must_use]
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.push((key.into(), value.into()));
        self
    }

    /// The `CreateEndpointConfig` request.
    pub fn request(&self) -> Map<String, Value> {
        let mut variant = Map::new();
        variant.insert(
            "InitialInstanceCount".into(),
            json!(self.initial_instance_count),
        );
        variant.insert("InstanceType".into(), json!(self.instance_type));
        self.model_name.insert_into(&mut variant, "ModelName");
        variant.insert("VariantName".into(), json!(self.variant_name));
        let mut r = Map::new();
        self.endpoint_config_name
            .insert_into(&mut r, "EndpointConfigName");
        r.insert(
            "ProductionVariants".into(),
            Value::Array(vec![Value::Object(variant)]),
        );
        if let Some(capture) = &self.data_capture_config {
            r.insert("DataCaptureConfig".into(), capture.clone());
        }
        insert_tags(&mut r, &self.tags);
        r
    }

    /// The integration's ARN (`.sync` when the step waits for its job).
    pub fn resource(&self) -> Resource {
        resource("createEndpointConfig", false)
    }

    /// The checked Task state.
    pub fn build(&self) -> Result<Step, StepError> {
        Step::checked(&self.name, self.resource(), self.request())
    }
}

/// The SDK's `EndpointStep(state_id, endpoint_name, endpoint_config_name, tags, update=False)`:
/// `sagemaker:createEndpoint`, or `sagemaker:updateEndpoint` with `update`.
#[derive(Clone, Debug, PartialEq)]
pub struct EndpointStep {
    /// The state's name.
    pub name: String,
    /// `EndpointName`.
    pub endpoint_name: Param,
    /// `EndpointConfigName`.
    pub endpoint_config_name: Param,
    /// Update an existing endpoint instead of creating one.
    pub update: bool,
    /// `Tags`.
    pub tags: Vec<(String, String)>,
}

impl EndpointStep {
    /// A step that creates the endpoint.
    pub fn new(
        name: impl Into<String>,
        endpoint_name: impl Into<Param>,
        endpoint_config_name: impl Into<Param>,
    ) -> Self {
        Self {
            name: name.into(),
            endpoint_name: endpoint_name.into(),
            endpoint_config_name: endpoint_config_name.into(),
            update: false,
            tags: Vec::new(),
        }
    }

    /// Updates the endpoint instead (`sagemaker:updateEndpoint`).
    #[must_use]
    pub fn update(mut self, update: bool) -> Self {
        self.update = update;
        self
    }

    /// Adds a tag (`Tags`).
    #[must_use]
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.push((key.into(), value.into()));
        self
    }

    /// The `CreateEndpoint` (or `UpdateEndpoint`) request.
    pub fn request(&self) -> Map<String, Value> {
        let mut r = Map::new();
        self.endpoint_config_name
            .insert_into(&mut r, "EndpointConfigName");
        self.endpoint_name.insert_into(&mut r, "EndpointName");
        insert_tags(&mut r, &self.tags);
        r
    }

    /// The integration's ARN (`.sync` when the step waits for its job).
    pub fn resource(&self) -> Resource {
        let api = if self.update {
            "updateEndpoint"
        } else {
            "createEndpoint"
        };
        resource(api, false)
    }

    /// The checked Task state.
    pub fn build(&self) -> Result<Step, StepError> {
        Step::checked(&self.name, self.resource(), self.request())
    }
}

/// The SDK's `TransformStep(state_id, transformer, job_name, model_name, data,
/// data_type='S3Prefix', content_type, compression_type, split_type, experiment_config,
/// wait_for_completion=True, tags, input_filter, output_filter, join_source)`:
/// `sagemaker:createTransformJob.sync`.
#[derive(Clone, Debug, PartialEq)]
pub struct TransformStep {
    /// The state's name.
    pub name: String,
    /// The transformer.
    pub transformer: Transformer,
    /// `TransformJobName`.
    pub job_name: Param,
    /// `ModelName`.
    pub model_name: Param,
    /// The input's S3 URI.
    pub data: Param,
    /// `S3DataType` (default `S3Prefix`).
    pub data_type: String,
    /// `ContentType`.
    pub content_type: Option<String>,
    /// `CompressionType`.
    pub compression_type: Option<String>,
    /// `SplitType`.
    pub split_type: Option<String>,
    /// `DataProcessing.InputFilter`.
    pub input_filter: Option<String>,
    /// `DataProcessing.OutputFilter`.
    pub output_filter: Option<String>,
    /// `DataProcessing.JoinSource`.
    pub join_source: Option<String>,
    /// `ExperimentConfig`.
    pub experiment_config: Option<Value>,
    /// `.sync` (the default).
    pub wait_for_completion: bool,
    /// `Tags`.
    pub tags: Vec<(String, String)>,
}

impl TransformStep {
    /// A transform step with the SDK's defaults.
    pub fn new(
        name: impl Into<String>,
        transformer: &Transformer,
        job_name: impl Into<Param>,
        model_name: impl Into<Param>,
        data: impl Into<Param>,
    ) -> Self {
        Self {
            name: name.into(),
            transformer: transformer.clone(),
            job_name: job_name.into(),
            model_name: model_name.into(),
            data: data.into(),
            data_type: "S3Prefix".into(),
            content_type: None,
            compression_type: None,
            split_type: None,
            input_filter: None,
            output_filter: None,
            join_source: None,
            experiment_config: None,
            wait_for_completion: true,
            tags: Vec::new(),
        }
    }

    /// Sets the content type.
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// Sets the split type.
    #[must_use]
    pub fn split_type(mut self, split_type: impl Into<String>) -> Self {
        self.split_type = Some(split_type.into());
        self
    }

    /// Sets the compression type.
    #[must_use]
    pub fn compression_type(mut self, compression: impl Into<String>) -> Self {
        self.compression_type = Some(compression.into());
        self
    }

    /// Sets the S3 data type (`data_type`: `S3Prefix`, `ManifestFile`, …).
    #[must_use]
    pub fn data_type(mut self, data_type: impl Into<String>) -> Self {
        self.data_type = data_type.into();
        self
    }

    /// Sets `DataProcessing.InputFilter` (`input_filter`).
    #[must_use]
    pub fn input_filter(mut self, filter: impl Into<String>) -> Self {
        self.input_filter = Some(filter.into());
        self
    }

    /// Sets `DataProcessing.OutputFilter` (`output_filter`).
    #[must_use]
    pub fn output_filter(mut self, filter: impl Into<String>) -> Self {
        self.output_filter = Some(filter.into());
        self
    }

    /// Sets `DataProcessing.JoinSource` (`join_source`: `Input`, `None`).
    #[must_use]
    pub fn join_source(mut self, join_source: impl Into<String>) -> Self {
        self.join_source = Some(join_source.into());
        self
    }

    /// Sets `ExperimentConfig` (`experiment_config`).
    #[must_use]
    pub fn experiment_config(mut self, config: Value) -> Self {
        self.experiment_config = Some(config);
        self
    }

    /// Submits the job and moves on (`wait_for_completion=False`: no `.sync`).
    #[must_use]
    pub fn wait_for_completion(mut self, wait: bool) -> Self {
        self.wait_for_completion = wait;
        self
    }

    /// Adds a tag (`Tags`).
    #[must_use]
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.push((key.into(), value.into()));
        self
    }

    /// The `CreateTransformJob` request.
    pub fn request(&self) -> Map<String, Value> {
        let t = &self.transformer;
        let mut source = Map::new();
        source.insert("S3DataType".into(), json!(self.data_type));
        self.data.insert_into(&mut source, "S3Uri");
        let mut input = Map::new();
        input.insert("DataSource".into(), json!({ "S3DataSource": source }));
        for (key, value) in [
            ("ContentType", &self.content_type),
            ("CompressionType", &self.compression_type),
            ("SplitType", &self.split_type),
        ] {
            if let Some(v) = value {
                input.insert(key.into(), json!(v));
            }
        }
        let mut output = Map::new();
        if let Some(path) = &t.output_path {
            output.insert("S3OutputPath".into(), json!(path));
        }
        if let Some(key) = &t.output_kms_key {
            output.insert("KmsKeyId".into(), json!(key));
        }
        for (key, value) in [("Accept", &t.accept), ("AssembleWith", &t.assemble_with)] {
            if let Some(v) = value {
                output.insert(key.into(), json!(v));
            }
        }
        let mut r = Map::new();
        self.model_name.insert_into(&mut r, "ModelName");
        r.insert("TransformInput".into(), Value::Object(input));
        r.insert("TransformOutput".into(), Value::Object(output));
        let mut resources = Map::new();
        resources.insert("InstanceCount".into(), json!(t.instance_count));
        resources.insert("InstanceType".into(), json!(t.instance_type));
        if let Some(key) = &t.volume_kms_key {
            resources.insert("VolumeKmsKeyId".into(), json!(key));
        }
        r.insert("TransformResources".into(), Value::Object(resources));
        self.job_name.insert_into(&mut r, "TransformJobName");
        if let Some(strategy) = &t.strategy {
            r.insert("BatchStrategy".into(), json!(strategy));
        }
        if let Some(mb) = t.max_payload_mb {
            r.insert("MaxPayloadInMB".into(), json!(mb));
        }
        if let Some(n) = t.max_concurrent_transforms {
            r.insert("MaxConcurrentTransforms".into(), json!(n));
        }
        if !t.environment.is_empty() || t.sends_environment {
            r.insert("Environment".into(), string_map(&t.environment));
        }
        let mut processing = Map::new();
        for (key, value) in [
            ("InputFilter", &self.input_filter),
            ("OutputFilter", &self.output_filter),
            ("JoinSource", &self.join_source),
        ] {
            if let Some(v) = value {
                processing.insert(key.into(), json!(v));
            }
        }
        if !processing.is_empty() {
            r.insert("DataProcessing".into(), Value::Object(processing));
        }
        if let Some(config) = &self.experiment_config {
            r.insert("ExperimentConfig".into(), config.clone());
        }
        insert_tags(&mut r, &self.tags);
        r
    }

    /// The integration's ARN (`.sync` when the step waits for its job).
    pub fn resource(&self) -> Resource {
        resource("createTransformJob", self.wait_for_completion)
    }

    /// The checked Task state.
    pub fn build(&self) -> Result<Step, StepError> {
        Step::checked(&self.name, self.resource(), self.request())
    }
}

/// The SDK's `ProcessingStep(state_id, processor, job_name, inputs, outputs, experiment_config,
/// container_arguments, container_entrypoint, kms_key_id, wait_for_completion=True, tags)`:
/// `sagemaker:createProcessingJob.sync`.
#[derive(Clone, Debug, PartialEq)]
pub struct ProcessingStep {
    /// The state's name.
    pub name: String,
    /// The processor.
    pub processor: Processor,
    /// `ProcessingJobName`.
    pub job_name: Param,
    /// `ProcessingInputs`.
    pub inputs: Vec<ProcessingInput>,
    /// `ProcessingOutputConfig.Outputs`.
    pub outputs: Vec<ProcessingOutput>,
    /// `AppSpecification.ContainerArguments`.
    pub container_arguments: Option<Vec<String>>,
    /// `AppSpecification.ContainerEntrypoint` (default: the processor's).
    pub container_entrypoint: Option<Vec<String>>,
    /// `ProcessingOutputConfig.KmsKeyId`.
    pub kms_key_id: Option<String>,
    /// `ExperimentConfig`.
    pub experiment_config: Option<Value>,
    /// `.sync` (the default).
    pub wait_for_completion: bool,
    /// `Tags`.
    pub tags: Vec<(String, String)>,
}

impl ProcessingStep {
    /// A processing step with the SDK's defaults.
    pub fn new(name: impl Into<String>, processor: &Processor, job_name: impl Into<Param>) -> Self {
        Self {
            name: name.into(),
            processor: processor.clone(),
            job_name: job_name.into(),
            inputs: Vec::new(),
            outputs: Vec::new(),
            container_arguments: None,
            container_entrypoint: None,
            kms_key_id: None,
            experiment_config: None,
            wait_for_completion: true,
            tags: Vec::new(),
        }
    }

    /// Adds an input.
    #[must_use]
    pub fn input(mut self, input: ProcessingInput) -> Self {
        self.inputs.push(input);
        self
    }

    /// Adds an output.
    #[must_use]
    pub fn output(mut self, output: ProcessingOutput) -> Self {
        self.outputs.push(output);
        self
    }

    /// Sets the container's arguments.
    #[must_use]
    pub fn container_arguments<S: Into<String>>(
        mut self,
        args: impl IntoIterator<Item = S>,
    ) -> Self {
        self.container_arguments = Some(args.into_iter().map(Into::into).collect());
        self
    }

    /// Sets the container's entrypoint (`container_entrypoint`), in place of the processor's.
    #[must_use]
    pub fn container_entrypoint<S: Into<String>>(
        mut self,
        entrypoint: impl IntoIterator<Item = S>,
    ) -> Self {
        self.container_entrypoint = Some(entrypoint.into_iter().map(Into::into).collect());
        self
    }

    /// Runs the script at `uri` (an S3 object) with the processor's command, as the SageMaker
    /// SDK's `ScriptProcessor.run(code=…)` does: the input `code` puts it in
    /// `/opt/ml/processing/input/code/`, and the entrypoint is the processor's `command` (by
    /// default `["python3"]`, a framework processor's) and the script there. The SDK's
    /// `ProcessingStep` has no such argument: give it `container_entrypoint` and the input
    /// (the same request).
    #[must_use]
    pub fn code(mut self, uri: impl Into<String>) -> Self {
        const CODE_DIR: &str = "/opt/ml/processing/input/code";
        let uri = uri.into();
        let file = uri
            .rsplit_once('/')
            .map_or(uri.as_str(), |(_, f)| f)
            .to_owned();
        let mut entrypoint = self
            .processor
            .command
            .clone()
            .unwrap_or_else(|| vec!["python3".to_owned()]);
        entrypoint.push(format!("{CODE_DIR}/{file}"));
        self.container_entrypoint = Some(entrypoint);
        self.inputs
            .push(ProcessingInput::new("code", uri, CODE_DIR));
        self
    }

    /// Sets `ProcessingOutputConfig.KmsKeyId` (`kms_key_id`).
    #[must_use]
    pub fn kms_key_id(mut self, key: impl Into<String>) -> Self {
        self.kms_key_id = Some(key.into());
        self
    }

    /// Sets `ExperimentConfig` (`experiment_config`).
    #[must_use]
    pub fn experiment_config(mut self, config: Value) -> Self {
        self.experiment_config = Some(config);
        self
    }

    /// Submits the job and moves on (`wait_for_completion=False`: no `.sync`).
    #[must_use]
    pub fn wait_for_completion(mut self, wait: bool) -> Self {
        self.wait_for_completion = wait;
        self
    }

    /// Adds a tag (`Tags`).
    #[must_use]
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.push((key.into(), value.into()));
        self
    }

    /// The `CreateProcessingJob` request.
    pub fn request(&self) -> Map<String, Value> {
        let p = &self.processor;
        let mut r = Map::new();
        self.job_name.insert_into(&mut r, "ProcessingJobName");
        if !self.inputs.is_empty() {
            r.insert(
                "ProcessingInputs".into(),
                Value::Array(
                    self.inputs
                        .iter()
                        .map(ProcessingInput::to_request)
                        .collect(),
                ),
            );
        }
        if !self.outputs.is_empty() {
            let mut config = Map::new();
            config.insert(
                "Outputs".into(),
                Value::Array(
                    self.outputs
                        .iter()
                        .map(ProcessingOutput::to_request)
                        .collect(),
                ),
            );
            if let Some(key) = &self.kms_key_id {
                config.insert("KmsKeyId".into(), json!(key));
            }
            r.insert("ProcessingOutputConfig".into(), Value::Object(config));
        }
        if let Some(config) = &self.experiment_config {
            r.insert("ExperimentConfig".into(), config.clone());
        }
        let mut app = Map::new();
        app.insert("ImageUri".into(), json!(p.image_uri));
        if let Some(args) = &self.container_arguments {
            app.insert("ContainerArguments".into(), json!(args));
        }
        if let Some(entrypoint) = self.container_entrypoint.as_ref().or(p.entrypoint.as_ref()) {
            app.insert("ContainerEntrypoint".into(), json!(entrypoint));
        }
        r.insert("AppSpecification".into(), Value::Object(app));
        if !p.environment.is_empty() {
            r.insert("Environment".into(), string_map(&p.environment));
        }
        let mut cluster = Map::new();
        cluster.insert("InstanceCount".into(), json!(p.instance_count));
        cluster.insert("InstanceType".into(), json!(p.instance_type));
        cluster.insert("VolumeSizeInGB".into(), json!(p.volume_size_gb));
        if let Some(key) = &p.volume_kms_key {
            cluster.insert("VolumeKmsKeyId".into(), json!(key));
        }
        r.insert(
            "ProcessingResources".into(),
            json!({ "ClusterConfig": cluster }),
        );
        r.insert("RoleArn".into(), json!(p.role));
        if let Some(seconds) = p.max_runtime_seconds {
            r.insert(
                "StoppingCondition".into(),
                json!({ "MaxRuntimeInSeconds": seconds }),
            );
        }
        if let Some(network) = &p.network_config {
            r.insert("NetworkConfig".into(), network.to_request());
        }
        insert_tags(&mut r, &self.tags);
        r
    }

    /// The integration's ARN (`.sync` when the step waits for its job).
    pub fn resource(&self) -> Resource {
        resource("createProcessingJob", self.wait_for_completion)
    }

    /// The checked Task state.
    pub fn build(&self) -> Result<Step, StepError> {
        Step::checked(&self.name, self.resource(), self.request())
    }
}

/// The SDK's `TuningStep(state_id, tuner, job_name, data, wait_for_completion=True, tags)`:
/// `sagemaker:createHyperParameterTuningJob.sync`.
#[derive(Clone, Debug, PartialEq)]
pub struct TuningStep {
    /// The state's name.
    pub name: String,
    /// The tuner.
    pub tuner: Tuner,
    /// `HyperParameterTuningJobName`.
    pub job_name: Param,
    /// The training data.
    pub data: TrainingData,
    /// `.sync` (the default).
    pub wait_for_completion: bool,
    /// `Tags`.
    pub tags: Vec<(String, String)>,
}

impl TuningStep {
    /// A tuning step with the SDK's defaults.
    pub fn new(
        name: impl Into<String>,
        tuner: &Tuner,
        job_name: impl Into<Param>,
        data: impl Into<TrainingData>,
    ) -> Self {
        Self {
            name: name.into(),
            tuner: tuner.clone(),
            job_name: job_name.into(),
            data: data.into(),
            wait_for_completion: true,
            tags: Vec::new(),
        }
    }

    /// Submits the job and moves on (`wait_for_completion=False`: no `.sync`).
    #[must_use]
    pub fn wait_for_completion(mut self, wait: bool) -> Self {
        self.wait_for_completion = wait;
        self
    }

    /// Adds a tag (`Tags`).
    #[must_use]
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.push((key.into(), value.into()));
        self
    }

    /// The `CreateHyperParameterTuningJob` request.
    pub fn request(&self) -> Map<String, Value> {
        let t = &self.tuner;
        let e = &t.estimator;
        let mut integer = Vec::new();
        let mut continuous = Vec::new();
        let mut categorical = Vec::new();
        for (name, range) in &t.ranges {
            match range {
                ParameterRange::Integer { min, max } => integer.push(json!({
                    "Name": name, "MinValue": min.to_string(), "MaxValue": max.to_string(),
                    "ScalingType": "Auto",
                })),
                ParameterRange::Continuous { min, max } => continuous.push(json!({
                    "Name": name, "MinValue": min.to_string(), "MaxValue": max.to_string(),
                    "ScalingType": "Auto",
                })),
                ParameterRange::Categorical(values) => {
                    categorical.push(json!({ "Name": name, "Values": values }))
                }
            }
        }
        let config = json!({
            "Strategy": t.strategy,
            "HyperParameterTuningJobObjective": {
                "Type": t.objective_type,
                "MetricName": t.objective_metric_name,
            },
            "ResourceLimits": {
                "MaxNumberOfTrainingJobs": t.max_jobs,
                "MaxParallelTrainingJobs": t.max_parallel_jobs,
            },
            "ParameterRanges": {
                "ContinuousParameterRanges": continuous,
                "CategoricalParameterRanges": categorical,
                "IntegerParameterRanges": integer,
            },
            "TrainingJobEarlyStoppingType": t.early_stopping_type,
        });
        let mut definition = Map::new();
        // The tuner's metrics, else the estimator's (the SDK drops the estimator's, leaving a
        // script-mode job without the metric the tuner optimises).
        let metrics = if t.metric_definitions.is_empty() {
            &e.metric_definitions
        } else {
            &t.metric_definitions
        };
        definition.insert(
            "AlgorithmSpecification".into(),
            algorithm_specification(e, metrics),
        );
        let mut output = Map::new();
        if let Some(path) = &e.output_path {
            output.insert("S3OutputPath".into(), json!(path));
        }
        let channels = match self.data.to_request() {
            Value::Array(channels) => channels,
            other => vec![other],
        };
        training_job(e, output, channels, &mut definition);
        if definition
            .get("OutputDataConfig")
            .is_some_and(|o| o.as_object().is_some_and(Map::is_empty))
        {
            definition.remove("OutputDataConfig");
        }
        definition.insert(
            "StaticHyperParameters".into(),
            Value::Object(self.static_hyperparameters()),
        );
        let mut r = Map::new();
        r.insert("HyperParameterTuningJobConfig".into(), config);
        r.insert("TrainingJobDefinition".into(), Value::Object(definition));
        self.job_name
            .insert_into(&mut r, "HyperParameterTuningJobName");
        if let Some((warm_start_type, parents)) = &t.warm_start {
            let parents: Vec<Value> = parents
                .iter()
                .map(|p| json!({ "HyperParameterTuningJobName": p }))
                .collect();
            r.insert(
                "WarmStartConfig".into(),
                json!({ "WarmStartType": warm_start_type, "ParentHyperParameterTuningJobs": parents }),
            );
        }
        insert_tags(&mut r, &self.tags);
        r
    }

    /// The training jobs' `StaticHyperParameters`: the estimator's less the tuned ones; in
    /// script mode written as a training step writes them, the job's name being the tuning
    /// job's (as the SDK's `tuner.fit(job_name=…)` passes it; its `TuningStep` writes a name
    /// made from the clock), then the SDK's estimator class and module.
    fn static_hyperparameters(&self) -> Map<String, Value> {
        let t = &self.tuner;
        let e = &t.estimator;
        let mut kept = e.hyperparameters.clone();
        kept.retain(|k, _| !t.ranges.contains_key(k));
        let Some(script) = &e.script else {
            return kept
                .into_iter()
                .map(|(k, v)| (k, Value::String(v)))
                .collect();
        };
        let mut out =
            script_hyperparameters(&kept, script, &self.job_name, e.output_path.as_deref());
        if let Some((class, module)) = script.sdk_estimator_class() {
            out.insert(
                "sagemaker_estimator_class_name".into(),
                json!(Value::String(class.into()).to_string()),
            );
            out.insert(
                "sagemaker_estimator_module".into(),
                json!(Value::String(module.into()).to_string()),
            );
        }
        out
    }

    /// The integration's ARN (`.sync` when the step waits for its job).
    pub fn resource(&self) -> Resource {
        resource("createHyperParameterTuningJob", self.wait_for_completion)
    }

    /// The checked Task state.
    pub fn build(&self) -> Result<Step, StepError> {
        Step::checked(&self.name, self.resource(), self.request())
    }
}

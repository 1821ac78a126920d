//! Rust values for what the Python SDK's steps take from the SageMaker Python SDK: an
//! [`Estimator`], its training [`Channel`]s, a [`Model`], a [`Transformer`], a [`Processor`]
//! with its [`ProcessingInput`]s and [`ProcessingOutput`]s, and a [`Tuner`]. Each holds the
//! same fields, with the same defaults, as its Python counterpart.

use super::Param;
use indexmap::IndexMap;
use serde_json::{Map, Value, json};
use std::fmt::Display;

/// `TrainingInputMode`: how the training container reads its channels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InputMode {
    /// `File` (the default): the data is downloaded before training starts.
    #[default]
    File,
    /// `Pipe`: the data is streamed.
    Pipe,
    /// `FastFile`: the data is streamed through a file system.
    FastFile,
}

impl InputMode {
    /// The API's name, e.g. `File`.
    pub fn as_str(self) -> &'static str {
        match self {
            InputMode::File => "File",
            InputMode::Pipe => "Pipe",
            InputMode::FastFile => "FastFile",
        }
    }
}

/// A training job's container and resources: `sagemaker.estimator.Estimator(image_uri, role,
/// instance_count, instance_type, volume_size=30, max_run=24*60*60, input_mode='File',
/// output_path, hyperparameters)`.
///
/// ```
/// use workflow_sagemaker::{image_uris, Estimator};
/// let image = image_uris::retrieve("xgboost", "us-east-1", "1.7-1").unwrap();
/// let estimator = Estimator::new(image, "arn:aws:iam::123456789012:role/SageMaker", 1, "ml.m5.xlarge")
///     .output_path("s3://my-bucket/models")
///     .hyperparameter("num_round", 100)
///     .hyperparameter("objective", "binary:logistic");
/// assert_eq!(estimator.hyperparameters["num_round"], "100");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Estimator {
    /// The training image's URI (see [`super::image_uris::retrieve`]).
    pub image_uri: String,
    /// The role SageMaker assumes (an ARN).
    pub role: String,
    /// How many instances train.
    pub instance_count: u32,
    /// The instance type, e.g. `ml.m5.xlarge`.
    pub instance_type: String,
    /// The storage volume of each instance, in GB (default 30).
    pub volume_size_gb: u32,
    /// The stopping condition, in seconds (default 86,400: one day).
    pub max_run_seconds: u64,
    /// How the container reads its channels (default `File`).
    pub input_mode: InputMode,
    /// Where the model artifacts go (`OutputDataConfig.S3OutputPath`). The SageMaker SDK's
    /// default is the session's default bucket, which needs AWS; here it must be given for a
    /// training step (the templates set it to `s3://{bucket}/{pipeline}/models`).
    pub output_path: Option<String>,
    /// The hyperparameters, as the strings SageMaker passes to the container.
    pub hyperparameters: IndexMap<String, String>,
    /// The image that serves the trained model (default: the training image, as
    /// `Estimator.create_model` does).
    pub inference_image_uri: Option<String>,
    /// The training job's environment (the SDK's `environment`): not sent to the training
    /// job by the Data Science SDK's `TrainingStep`; the model of
    /// [`super::TrainingStep::expected_model`] gets it, as `get_expected_model()` gives it.
    pub environment: IndexMap<String, String>,
    /// Whether the training job writes SageMaker Debugger's tensors (`DebugHookConfig`, under
    /// the output path), as the SageMaker SDK's estimators do by default.
    pub debugger_hook: bool,
    /// Script mode: an entry-point script run on a framework's image (see
    /// [`Estimator::framework`]).
    pub script: Option<ScriptMode>,
    /// The metrics SageMaker reads from the job's log (`AlgorithmSpecification.
    /// MetricDefinitions`; the SDK's `metric_definitions`).
    pub metric_definitions: Vec<MetricDefinition>,
    /// `ResourceConfig.KeepAlivePeriodInSeconds` (`keep_alive_period_in_seconds`).
    pub keep_alive_period_seconds: Option<u64>,
    /// `ResourceConfig.VolumeKmsKeyId` (`volume_kms_key`).
    pub volume_kms_key: Option<String>,
    /// `OutputDataConfig.KmsKeyId` (`output_kms_key`).
    pub output_kms_key: Option<String>,
    /// `OutputDataConfig.CompressionType` `NONE` (`disable_output_compression=True`).
    pub disable_output_compression: bool,
    /// `VpcConfig`: the subnets and the security groups (`subnets`, `security_group_ids`;
    /// written when both are given, as the SDK writes them).
    pub vpc_config: Option<(Vec<String>, Vec<String>)>,
    /// `EnableManagedSpotTraining` (`use_spot_instances`).
    pub use_spot_instances: bool,
    /// `StoppingCondition.MaxWaitTimeInSeconds` (`max_wait`).
    pub max_wait_seconds: Option<u64>,
    /// `CheckpointConfig.S3Uri` (`checkpoint_s3_uri`).
    pub checkpoint_s3_uri: Option<String>,
    /// `CheckpointConfig.LocalPath` (`checkpoint_local_path`; written with
    /// [`Estimator::checkpoint_s3_uri`] only, as the SDK writes it).
    pub checkpoint_local_path: Option<String>,
    /// A model the job starts from (`model_uri`), given to the container as one more channel
    /// named [`Estimator::model_channel_name`] (`application/x-sagemaker-model`, `File`).
    pub model_uri: Option<String>,
    /// The name of the [`Estimator::model_uri`] channel (`model_channel_name`, default
    /// `model`).
    pub model_channel_name: String,
}

/// A metric SageMaker reads from a training job's log: `{"Name": name, "Regex": regex}`, the
/// regex's first group being the value (the SDK's `metric_definitions` item). A script-mode job
/// needs one for each metric a tuner optimises; the built-in algorithms define their own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricDefinition {
    /// The metric's name, e.g. `validation:accuracy`.
    pub name: String,
    /// The regular expression finding the value in the log, e.g. `accuracy=([0-9.]+)`.
    pub regex: String,
}

impl MetricDefinition {
    /// A metric named `name`, read by `regex`.
    pub fn new(name: impl Into<String>, regex: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            regex: regex.into(),
        }
    }

    /// The request's `{"Name", "Regex"}` list.
    pub(crate) fn to_request(definitions: &[MetricDefinition]) -> Value {
        Value::Array(
            definitions
                .iter()
                .map(|d| json!({ "Name": d.name, "Regex": d.regex }))
                .collect(),
        )
    }
}

/// A framework estimator's script mode, as the SageMaker SDK's `Framework` estimators
/// (`SKLearn`, `XGBoost`, …) run it: the entry point in a source directory, which the training
/// job and the model's container receive as `sagemaker_*` hyperparameters and `SAGEMAKER_*`
/// environment variables.
#[derive(Clone, Debug, PartialEq)]
pub struct ScriptMode {
    /// The script, relative to the source directory (`entry_point`).
    pub entry_point: String,
    /// The source directory, an `s3://…tar.gz` the user uploaded (`source_dir`); the SDK
    /// uploads a local directory itself, which needs AWS: upload it first (`tar czf
    /// sourcedir.tar.gz -C src . && aws s3 cp sourcedir.tar.gz s3://bucket/code/`).
    pub source_dir: Option<String>,
    /// The container's log level (`container_log_level`, default 20: `logging.INFO`).
    pub container_log_level: u32,
    /// The region, as the SDK passes it to the container (`sagemaker_region`).
    pub region: String,
    /// Whether the framework's estimator passes `model_dir`, where the script saves the model
    /// (TensorFlow's does: `<output path>/<job name>/model`).
    pub model_dir: bool,
    /// TensorFlow's `model_dir` given (the SDK's `model_dir="s3://…"`), in place of the
    /// default `<output path>/<job name>/model`.
    pub model_dir_uri: Option<String>,
    /// The framework whose image runs the script, as the image table names it (`sklearn`,
    /// `pytorch`, …; see [`super::image_uris::framework_of`]): a tuning job records the SDK's
    /// estimator class of it.
    pub framework: Option<String>,
    /// The query of the framework's inference images (the training image's, scope
    /// inference), from which a [`super::ModelStep`] given an instance type picks the CPU or
    /// GPU image of the model, as the SDK's framework models do; `None` for an inference image
    /// set by hand.
    pub inference_image: Option<super::image_uris::ImageQuery>,
}

impl ScriptMode {
    /// The SageMaker SDK's estimator class and module of the framework, which the SDK writes
    /// into a tuning job's static hyperparameters (`sagemaker_estimator_class_name`,
    /// `sagemaker_estimator_module`) so that `HyperparameterTuner.attach` can rebuild it.
    pub fn sdk_estimator_class(&self) -> Option<(&'static str, &'static str)> {
        Some(match self.framework.as_deref()? {
            "sklearn" => ("SKLearn", "sagemaker.sklearn.estimator"),
            "xgboost" => ("XGBoost", "sagemaker.xgboost.estimator"),
            "pytorch" => ("PyTorch", "sagemaker.pytorch.estimator"),
            "tensorflow" => ("TensorFlow", "sagemaker.tensorflow.estimator"),
            "mxnet" => ("MXNet", "sagemaker.mxnet.estimator"),
            "huggingface" => ("HuggingFace", "sagemaker.huggingface.estimator"),
            _ => return None,
        })
    }
}

impl Estimator {
    /// An estimator with the SageMaker SDK's defaults.
    pub fn new(
        image_uri: impl Into<String>,
        role: impl Into<String>,
        instance_count: u32,
        instance_type: impl Into<String>,
    ) -> Self {
        Self {
            image_uri: image_uri.into(),
            role: role.into(),
            instance_count,
            instance_type: instance_type.into(),
            volume_size_gb: 30,
            max_run_seconds: 24 * 60 * 60,
            input_mode: InputMode::File,
            output_path: None,
            hyperparameters: IndexMap::new(),
            inference_image_uri: None,
            environment: IndexMap::new(),
            debugger_hook: true,
            script: None,
            metric_definitions: Vec::new(),
            keep_alive_period_seconds: None,
            volume_kms_key: None,
            output_kms_key: None,
            disable_output_compression: false,
            vpc_config: None,
            use_spot_instances: false,
            max_wait_seconds: None,
            checkpoint_s3_uri: None,
            checkpoint_local_path: None,
            model_uri: None,
            model_channel_name: "model".into(),
        }
    }

    /// A framework estimator in script mode, as the SageMaker SDK's `SKLearn(entry_point,
    /// framework_version, …)` or `XGBoost(entry_point, framework_version, …)` builds it: the
    /// framework's image for `version` in `region` (looked up in the image table), the entry
    /// point run on it. Its hyperparameters are written as the SDK's framework estimators write
    /// them, JSON-encoded (`"fast"` is `"\"fast\""`, `10` stays `10`).
    ///
    /// ```
    /// use workflow_sagemaker::Estimator;
    ///
    /// let sklearn = Estimator::framework("sklearn", "1.2-1", "us-east-1", "train.py",
    ///     "arn:aws:iam::123456789012:role/SageMaker", 1, "ml.m5.large")?
    ///     .source_dir("s3://my-bucket/code/sourcedir.tar.gz")
    ///     .output_path("s3://my-bucket/models");
    /// assert!(sklearn.image_uri.ends_with("sagemaker-scikit-learn:1.2-1-cpu-py3"));
    /// # Ok::<(), workflow_sagemaker::image_uris::ImageUriError>(())
    /// ```
    #[allow(clippy::too_many_arguments)]
    pub fn framework(
        framework: &str,
        version: &str,
        region: &str,
        entry_point: impl Into<String>,
        role: impl Into<String>,
        instance_count: u32,
        instance_type: impl Into<String>,
    ) -> Result<Self, super::image_uris::ImageUriError> {
        let query = super::image_uris::ImageQuery::new(framework, region).version(version);
        Estimator::script(query, entry_point, role, instance_count, instance_type)
    }

    /// A framework estimator in script mode on the training image `image` asks for, with the
    /// instance type chosen here (which picks the CPU or GPU image): for frameworks with
    /// several images of a version, such as the SDK's `PyTorch(framework_version="2.1",
    /// py_version="py310", …)`, or Hugging Face's two versions (`ImageQuery::new("huggingface",
    /// region).version("4.36").base_framework_version("pytorch2.1")`). A version alias is kept
    /// in the image's tag, as the SDK keeps it. The model it trains is served by the
    /// framework's inference image of the same versions for the same instance type
    /// (`pytorch-inference` for `pytorch-training`); where the table has none (Hugging Face's
    /// training and inference versions differ: 4.36 trains, 4.37 serves), the SDK fails when
    /// it builds the model, and here the training image stays: set
    /// [`Estimator::inference_image_uri`].
    ///
    /// ```
    /// use workflow_sagemaker::Estimator;
    /// use workflow_sagemaker::image_uris::ImageQuery;
    ///
    /// let pytorch = Estimator::script(
    ///     ImageQuery::new("pytorch", "us-east-1").version("2.1").py_version("py310"),
    ///     "train.py", "arn:aws:iam::123456789012:role/SageMaker", 2, "ml.p3.2xlarge")?
    ///     .source_dir("s3://my-bucket/code/sourcedir.tar.gz");
    /// assert!(pytorch.image_uri.ends_with("pytorch-training:2.1-gpu-py310"));
    /// # Ok::<(), workflow_sagemaker::image_uris::ImageUriError>(())
    /// ```
    pub fn script(
        image: super::image_uris::ImageQuery,
        entry_point: impl Into<String>,
        role: impl Into<String>,
        instance_count: u32,
        instance_type: impl Into<String>,
    ) -> Result<Self, super::image_uris::ImageUriError> {
        let instance_type = instance_type.into();
        let region = image.region.clone();
        let framework = image.framework.clone();
        let image = image.instance_type(instance_type.clone());
        let uri = image
            .clone()
            .scope(super::image_uris::Scope::Training)
            .retrieve()?;
        let inference = super::image_uris::inference_image(image.clone(), &uri);
        let inference_query = inference
            .as_ref()
            .map(|_| image.scope(super::image_uris::Scope::Inference));
        let model_dir = super::image_uris::passes_model_dir(&uri);
        let mut estimator = Estimator::new(uri, role, instance_count, instance_type);
        estimator.inference_image_uri = inference;
        estimator.script = Some(ScriptMode {
            entry_point: entry_point.into(),
            source_dir: None,
            container_log_level: 20,
            region,
            model_dir,
            model_dir_uri: None,
            framework: Some(framework),
            inference_image: inference_query,
        });
        Ok(estimator)
    }

    /// Sets the source directory of a script-mode estimator (an `s3://` URI of a `.tar.gz`).
    #[must_use]
    pub fn source_dir(mut self, uri: impl Into<String>) -> Self {
        if let Some(script) = &mut self.script {
            script.source_dir = Some(uri.into());
        }
        self
    }

    /// Sets a script-mode estimator's container log level (`container_log_level`, default 20:
    /// `sagemaker_container_log_level`, and its model's `SAGEMAKER_CONTAINER_LOG_LEVEL`).
    #[must_use]
    pub fn container_log_level(mut self, level: u32) -> Self {
        if let Some(script) = &mut self.script {
            script.container_log_level = level;
        }
        self
    }

    /// Sets where a TensorFlow script saves its model (`model_dir`: an `s3://` URI or a local
    /// path of the container), in place of `<output path>/<job name>/model`.
    #[must_use]
    pub fn model_dir(mut self, dir: impl Into<String>) -> Self {
        if let Some(script) = &mut self.script {
            script.model_dir = true;
            script.model_dir_uri = Some(dir.into());
        }
        self
    }

    /// Passes no `model_dir` to a TensorFlow script (`model_dir=False`).
    #[must_use]
    pub fn without_model_dir(mut self) -> Self {
        if let Some(script) = &mut self.script {
            script.model_dir = false;
            script.model_dir_uri = None;
        }
        self
    }

    /// Turns SageMaker Debugger's hook off (`debugger_hook_config=False`).
    #[must_use]
    pub fn debugger_hook(mut self, on: bool) -> Self {
        self.debugger_hook = on;
        self
    }

    /// Sets the storage volume, in GB.
    #[must_use]
    pub fn volume_size_gb(mut self, gb: u32) -> Self {
        self.volume_size_gb = gb;
        self
    }

    /// Sets the maximum run time, in seconds.
    #[must_use]
    pub fn max_run_seconds(mut self, seconds: u64) -> Self {
        self.max_run_seconds = seconds;
        self
    }

    /// Sets the input mode.
    #[must_use]
    pub fn input_mode(mut self, mode: InputMode) -> Self {
        self.input_mode = mode;
        self
    }

    /// Sets where the model artifacts go.
    #[must_use]
    pub fn output_path(mut self, path: impl Into<String>) -> Self {
        self.output_path = Some(path.into());
        self
    }

    /// Keeps the instances warm for a following job (`keep_alive_period_in_seconds`).
    #[must_use]
    pub fn keep_alive_period_in_seconds(mut self, seconds: u64) -> Self {
        self.keep_alive_period_seconds = Some(seconds);
        self
    }

    /// Encrypts the instances' volumes with this KMS key (`volume_kms_key`).
    #[must_use]
    pub fn volume_kms_key(mut self, key: impl Into<String>) -> Self {
        self.volume_kms_key = Some(key.into());
        self
    }

    /// Encrypts the model artifacts with this KMS key (`output_kms_key`).
    #[must_use]
    pub fn output_kms_key(mut self, key: impl Into<String>) -> Self {
        self.output_kms_key = Some(key.into());
        self
    }

    /// Uploads the model artifacts uncompressed (`disable_output_compression`).
    #[must_use]
    pub fn disable_output_compression(mut self, disable: bool) -> Self {
        self.disable_output_compression = disable;
        self
    }

    /// Runs the job in a VPC (`subnets`, `security_group_ids`: `VpcConfig`).
    #[must_use]
    pub fn vpc_config<S: Into<String>, G: Into<String>>(
        mut self,
        subnets: impl IntoIterator<Item = S>,
        security_group_ids: impl IntoIterator<Item = G>,
    ) -> Self {
        self.vpc_config = Some((
            subnets.into_iter().map(Into::into).collect(),
            security_group_ids.into_iter().map(Into::into).collect(),
        ));
        self
    }

    /// Trains on Spot instances (`use_spot_instances`: `EnableManagedSpotTraining`).
    #[must_use]
    pub fn use_spot_instances(mut self, spot: bool) -> Self {
        self.use_spot_instances = spot;
        self
    }

    /// Sets how long a Spot job may wait and run, in seconds (`max_wait`).
    #[must_use]
    pub fn max_wait(mut self, seconds: u64) -> Self {
        self.max_wait_seconds = Some(seconds);
        self
    }

    /// Sets where checkpoints are kept (`checkpoint_s3_uri`).
    #[must_use]
    pub fn checkpoint_s3_uri(mut self, uri: impl Into<String>) -> Self {
        self.checkpoint_s3_uri = Some(uri.into());
        self
    }

    /// Sets where the container writes checkpoints (`checkpoint_local_path`).
    #[must_use]
    pub fn checkpoint_local_path(mut self, path: impl Into<String>) -> Self {
        self.checkpoint_local_path = Some(path.into());
        self
    }

    /// Starts the job from a model (`model_uri`: an `s3://` URI), as one more channel.
    #[must_use]
    pub fn model_uri(mut self, uri: impl Into<String>) -> Self {
        self.model_uri = Some(uri.into());
        self
    }

    /// Names the [`Estimator::model_uri`] channel (`model_channel_name`, default `model`).
    #[must_use]
    pub fn model_channel_name(mut self, name: impl Into<String>) -> Self {
        self.model_channel_name = name.into();
        self
    }

    /// The channel of [`Estimator::model_uri`], as the SDK writes it.
    pub(crate) fn model_channel(&self) -> Option<Value> {
        let uri = self.model_uri.as_ref()?;
        let channel = Channel::new(&self.model_channel_name, uri.as_str())
            .content_type("application/x-sagemaker-model")
            .input_mode(InputMode::File);
        Some(channel.to_request())
    }

    /// Adds a hyperparameter (written with `Display`, as the SDK writes `str(value)`).
    #[must_use]
    pub fn hyperparameter(mut self, key: impl Into<String>, value: impl Display) -> Self {
        self.hyperparameters.insert(key.into(), value.to_string());
        self
    }

    /// Adds a metric SageMaker reads from the job's log (`metric_definitions`).
    #[must_use]
    pub fn metric_definition(mut self, name: impl Into<String>, regex: impl Into<String>) -> Self {
        self.metric_definitions
            .push(MetricDefinition::new(name, regex));
        self
    }

    /// Sets the image that serves the trained model (a [`super::ModelStep`]'s instance type
    /// then chooses no other).
    #[must_use]
    pub fn inference_image_uri(mut self, uri: impl Into<String>) -> Self {
        self.inference_image_uri = Some(uri.into());
        if let Some(script) = &mut self.script {
            script.inference_image = None;
        }
        self
    }

    /// Sets an environment variable of the training job (the SDK's `environment`). The Data
    /// Science SDK's `TrainingStep` does not send it to the training job, and neither does
    /// ours; its `get_expected_model()` gives it to the model
    /// ([`super::TrainingStep::expected_model`]).
    #[must_use]
    pub fn environment(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.environment.insert(key.into(), value.into());
        self
    }

    /// The model this estimator's training produces (`Estimator.create_model()`): the
    /// inference image (default: the training image) and the role; the model data and the name
    /// come from the training step ([`super::TrainingStep::expected_model`]). As the SDK's
    /// `create_model`, the model's environment is empty (a framework model's holds the
    /// script's `SAGEMAKER_*` variables): the estimator's [`Estimator::environment`] is the
    /// training job's. The SDK's `TrainingPipeline` and `InferencePipeline` serve this model.
    pub fn create_model(&self) -> Model {
        // A framework model serves the same script: the SDK's `FrameworkModel` environment.
        // TensorFlow's serves the saved model with TensorFlow Serving, not the training script:
        // the SDK's `TensorFlow.create_model` passes no entry point, and the variables are
        // written empty.
        let script = self.script.as_ref().map(|script| {
            let serves_the_script = script.framework.as_deref() != Some("tensorflow");
            let (entry_point, source_dir) = match serves_the_script {
                true => (script.entry_point.clone(), script.source_dir.clone()),
                false => (String::new(), Some(String::new())),
            };
            ServingScript {
                entry_point,
                source_dir,
                container_log_level: script.container_log_level,
                region: script.region.clone(),
                model_server_workers: None,
            }
        });
        let inference_image = self
            .script
            .as_ref()
            .and_then(|s| s.inference_image.clone())
            .filter(|_| self.inference_image_uri.is_some());
        Model {
            image_uri: self
                .inference_image_uri
                .clone()
                .unwrap_or_else(|| self.image_uri.clone()),
            role: self.role.clone(),
            model_data: None,
            name: None,
            environment: IndexMap::new(),
            script,
            image: inference_image,
        }
    }

    /// A transformer for the model this estimator trains (`Estimator.transformer(…)`).
    pub fn transformer(
        &self,
        instance_count: u32,
        instance_type: impl Into<String>,
    ) -> Transformer {
        let mut transformer = Transformer::new(instance_count, instance_type);
        // A framework estimator's transformer has an environment (`{}` by default).
        transformer.sends_environment = self.script.is_some();
        transformer
    }
}

/// A training channel (`sagemaker.inputs.TrainingInput` under a channel name).
#[derive(Clone, Debug, PartialEq)]
pub struct Channel {
    /// The channel's name, e.g. `train`.
    pub name: String,
    /// The data's S3 URI (or a path to it).
    pub s3_data: Param,
    /// `S3DataType` (default `S3Prefix`).
    pub s3_data_type: String,
    /// `S3DataDistributionType` (default `FullyReplicated`).
    pub distribution: String,
    /// `ContentType`.
    pub content_type: Option<String>,
    /// `CompressionType`, e.g. `Gzip`.
    pub compression: Option<String>,
    /// `RecordWrapperType`, e.g. `RecordIO`.
    pub record_wrapping: Option<String>,
    /// `InputMode`, overriding the estimator's.
    pub input_mode: Option<InputMode>,
    /// `ShuffleConfig.Seed`: the seed of the shuffle of a `Pipe` channel's S3 objects (the
    /// SDK's `shuffle_config=ShuffleConfig(seed)`).
    pub shuffle_seed: Option<u64>,
    /// `S3DataSource.AttributeNames` of an augmented manifest (`attribute_names`).
    pub attribute_names: Vec<String>,
    /// `S3DataSource.InstanceGroupNames` (`instance_groups`).
    pub instance_groups: Vec<String>,
}

impl Channel {
    /// A channel with the SDK's defaults (`S3Prefix`, `FullyReplicated`).
    pub fn new(name: impl Into<String>, s3_data: impl Into<Param>) -> Self {
        Self {
            name: name.into(),
            s3_data: s3_data.into(),
            s3_data_type: "S3Prefix".into(),
            distribution: "FullyReplicated".into(),
            content_type: None,
            compression: None,
            record_wrapping: None,
            input_mode: None,
            shuffle_seed: None,
            attribute_names: Vec::new(),
            instance_groups: Vec::new(),
        }
    }

    /// Sets the content type.
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// Sets the compression type.
    #[must_use]
    pub fn compression(mut self, compression: impl Into<String>) -> Self {
        self.compression = Some(compression.into());
        self
    }

    /// Sets the distribution type (`ShardedByS3Key`).
    #[must_use]
    pub fn distribution(mut self, distribution: impl Into<String>) -> Self {
        self.distribution = distribution.into();
        self
    }

    /// Sets the channel's input mode, overriding the estimator's (`input_mode`).
    #[must_use]
    pub fn input_mode(mut self, mode: InputMode) -> Self {
        self.input_mode = Some(mode);
        self
    }

    /// Sets the record wrapping (`RecordIO`).
    #[must_use]
    pub fn record_wrapping(mut self, wrapping: impl Into<String>) -> Self {
        self.record_wrapping = Some(wrapping.into());
        self
    }

    /// Shuffles the channel's S3 objects with `seed` (`shuffle_config=ShuffleConfig(seed)`:
    /// `ShuffleConfig.Seed`).
    #[must_use]
    pub fn shuffle_config(mut self, seed: u64) -> Self {
        self.shuffle_seed = Some(seed);
        self
    }

    /// Sets the attributes read from an augmented manifest (`attribute_names`).
    #[must_use]
    pub fn attribute_names<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        self.attribute_names = names.into_iter().map(Into::into).collect();
        self
    }

    /// Sends the channel to these instance groups only (`instance_groups`).
    #[must_use]
    pub fn instance_groups<S: Into<String>>(mut self, groups: impl IntoIterator<Item = S>) -> Self {
        self.instance_groups = groups.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the S3 data type (`ManifestFile`, `AugmentedManifestFile`).
    #[must_use]
    pub fn s3_data_type(mut self, data_type: impl Into<String>) -> Self {
        self.s3_data_type = data_type.into();
        self
    }

    /// The `InputDataConfig` item.
    pub(crate) fn to_request(&self) -> Value {
        let mut source = Map::new();
        source.insert("S3DataType".into(), json!(self.s3_data_type));
        self.s3_data.insert_into(&mut source, "S3Uri");
        source.insert("S3DataDistributionType".into(), json!(self.distribution));
        if !self.attribute_names.is_empty() {
            source.insert("AttributeNames".into(), json!(self.attribute_names));
        }
        if !self.instance_groups.is_empty() {
            source.insert("InstanceGroupNames".into(), json!(self.instance_groups));
        }
        let mut channel = Map::new();
        channel.insert("ChannelName".into(), json!(self.name));
        channel.insert("DataSource".into(), json!({ "S3DataSource": source }));
        let optional = [
            ("CompressionType", self.compression.as_deref()),
            ("ContentType", self.content_type.as_deref()),
            ("RecordWrapperType", self.record_wrapping.as_deref()),
            ("InputMode", self.input_mode.map(InputMode::as_str)),
        ];
        for (key, value) in optional {
            if let Some(v) = value {
                channel.insert(key.into(), json!(v));
            }
        }
        if let Some(seed) = self.shuffle_seed {
            channel.insert("ShuffleConfig".into(), json!({ "Seed": seed }));
        }
        Value::Object(channel)
    }
}

/// A model: `sagemaker.model.Model(image_uri, model_data, role, name, env)`, or a framework
/// model (`SKLearnModel`, `PyTorchModel`, `TensorFlowModel`, `XGBoostModel`, …:
/// [`Model::framework`]) serving a script.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// The serving image's URI.
    pub image_uri: String,
    /// The role SageMaker assumes.
    pub role: String,
    /// The model artifacts (`ModelDataUrl`): an S3 URI, or a path to the training step's
    /// result ([`super::TrainingStep::expected_model`]).
    pub model_data: Option<Param>,
    /// The model's name.
    pub name: Option<Param>,
    /// The container's environment (the SDK's `env`).
    pub environment: IndexMap<String, String>,
    /// A framework model's script, passed to the container as `SAGEMAKER_*` variables after
    /// [`Model::environment`] (the SDK's `FrameworkModel.prepare_container_def`).
    pub script: Option<ServingScript>,
    /// A framework model's images: a [`super::ModelStep`] given an instance type serves the
    /// model on this query's image for it (the CPU or GPU image), as the SDK's `ModelStep(…,
    /// instance_type)` does.
    pub image: Option<super::image_uris::ImageQuery>,
}

/// The script a framework model serves (the SageMaker SDK's `FrameworkModel`'s `entry_point`,
/// `source_dir`, `container_log_level` and region).
#[derive(Clone, Debug, PartialEq)]
pub struct ServingScript {
    /// `SAGEMAKER_PROGRAM`: the script, relative to the source directory (empty for none, as
    /// the SDK writes a `TensorFlowModel` without one).
    pub entry_point: String,
    /// `SAGEMAKER_SUBMIT_DIRECTORY`: the source directory, an `s3://…tar.gz` (the SDK uploads
    /// a local one, which needs AWS).
    pub source_dir: Option<String>,
    /// `SAGEMAKER_CONTAINER_LOG_LEVEL` (default 20).
    pub container_log_level: u32,
    /// `SAGEMAKER_REGION`.
    pub region: String,
    /// `SAGEMAKER_MODEL_SERVER_WORKERS` (`model_server_workers`; none by default).
    pub model_server_workers: Option<u32>,
}

impl Model {
    /// A model of `image_uri` with `model_data`.
    pub fn new(
        image_uri: impl Into<String>,
        model_data: impl Into<Param>,
        role: impl Into<String>,
    ) -> Self {
        Self {
            image_uri: image_uri.into(),
            role: role.into(),
            model_data: Some(model_data.into()),
            name: None,
            environment: IndexMap::new(),
            script: None,
            image: None,
        }
    }

    /// A framework model, as the SageMaker SDK's `SKLearnModel(model_data, role,
    /// entry_point, framework_version, py_version)`, `PyTorchModel(…)`, `TensorFlowModel(…)`
    /// or `XGBoostModel(…)` builds it: the framework's inference image `image` asks for (its
    /// instance type, when given, chooses the CPU or GPU image; a [`super::ModelStep`]'s
    /// instance type chooses again), and the script's `SAGEMAKER_*` variables, with no script
    /// until [`Model::entry_point`] (as a `TensorFlowModel` without an entry point, served by
    /// TensorFlow Serving).
    ///
    /// ```
    /// use workflow_sagemaker::Model;
    /// use workflow_sagemaker::image_uris::ImageQuery;
    ///
    /// let model = Model::framework(
    ///     ImageQuery::new("sklearn", "us-east-1").version("1.2-1"),
    ///     "s3://my-bucket/model.tar.gz", "arn:aws:iam::123456789012:role/SageMaker")?
    ///     .entry_point("inference.py")
    ///     .source_dir("s3://my-bucket/code/sourcedir.tar.gz");
    /// assert!(model.image_uri.ends_with("sagemaker-scikit-learn:1.2-1-cpu-py3"));
    /// # Ok::<(), workflow_sagemaker::image_uris::ImageUriError>(())
    /// ```
    pub fn framework(
        image: super::image_uris::ImageQuery,
        model_data: impl Into<Param>,
        role: impl Into<String>,
    ) -> Result<Self, super::image_uris::ImageUriError> {
        let image = image.scope(super::image_uris::Scope::Inference);
        let uri = image.clone().retrieve()?;
        let region = image.region.clone();
        let mut model = Model::new(uri, model_data, role);
        model.script = Some(ServingScript {
            entry_point: String::new(),
            source_dir: Some(String::new()),
            container_log_level: 20,
            region,
            model_server_workers: None,
        });
        model.image = Some(image);
        Ok(model)
    }

    /// Sets a framework model's script (`entry_point`), in the source directory
    /// [`Model::source_dir`] gives.
    #[must_use]
    pub fn entry_point(mut self, entry_point: impl Into<String>) -> Self {
        if let Some(script) = &mut self.script {
            script.entry_point = entry_point.into();
            if script.source_dir.as_deref() == Some("") {
                script.source_dir = None;
            }
        }
        self
    }

    /// Sets a framework model's source directory (an `s3://…tar.gz`).
    #[must_use]
    pub fn source_dir(mut self, uri: impl Into<String>) -> Self {
        if let Some(script) = &mut self.script {
            script.source_dir = Some(uri.into());
        }
        self
    }

    /// Sets a framework model's container log level (`container_log_level`, default 20).
    #[must_use]
    pub fn container_log_level(mut self, level: u32) -> Self {
        if let Some(script) = &mut self.script {
            script.container_log_level = level;
        }
        self
    }

    /// Sets a framework model's number of model server workers (`model_server_workers`:
    /// `SAGEMAKER_MODEL_SERVER_WORKERS`).
    #[must_use]
    pub fn model_server_workers(mut self, workers: u32) -> Self {
        if let Some(script) = &mut self.script {
            script.model_server_workers = Some(workers);
        }
        self
    }

    /// Names the model (`name`).
    #[must_use]
    pub fn name(mut self, name: impl Into<Param>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets an environment variable of the container (`env`).
    #[must_use]
    pub fn env(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.environment.insert(key.into(), value.into());
        self
    }

    /// The container's environment: [`Model::environment`], then a framework model's
    /// `SAGEMAKER_*` variables.
    fn container_environment(&self) -> Map<String, Value> {
        let mut environment: Map<String, Value> = self
            .environment
            .iter()
            .map(|(k, v)| (k.clone(), json!(v)))
            .collect();
        if let Some(script) = &self.script {
            environment.insert("SAGEMAKER_PROGRAM".into(), json!(script.entry_point));
            if let Some(dir) = &script.source_dir {
                environment.insert("SAGEMAKER_SUBMIT_DIRECTORY".into(), json!(dir));
            }
            environment.insert(
                "SAGEMAKER_CONTAINER_LOG_LEVEL".into(),
                json!(script.container_log_level.to_string()),
            );
            environment.insert("SAGEMAKER_REGION".into(), json!(script.region));
            if let Some(workers) = script.model_server_workers {
                environment.insert(
                    "SAGEMAKER_MODEL_SERVER_WORKERS".into(),
                    json!(workers.to_string()),
                );
            }
        }
        environment
    }

    /// `PrimaryContainer` (or one of `Containers`): `Image`, `Environment`, `ModelDataUrl`.
    pub(crate) fn container(&self) -> Value {
        let mut container = Map::new();
        container.insert("Image".into(), json!(self.image_uri));
        container.insert(
            "Environment".into(),
            Value::Object(self.container_environment()),
        );
        if let Some(data) = &self.model_data {
            data.insert_into(&mut container, "ModelDataUrl");
        }
        Value::Object(container)
    }
}

/// A batch transform's resources and output: `sagemaker.transformer.Transformer(model_name,
/// instance_count, instance_type, output_path, …)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Transformer {
    /// How many instances transform.
    pub instance_count: u32,
    /// The instance type.
    pub instance_type: String,
    /// Where the results go (`TransformOutput.S3OutputPath`).
    pub output_path: Option<String>,
    /// `MaxPayloadInMB`.
    pub max_payload_mb: Option<u32>,
    /// `MaxConcurrentTransforms`.
    pub max_concurrent_transforms: Option<u32>,
    /// `BatchStrategy` (`MultiRecord`, `SingleRecord`).
    pub strategy: Option<String>,
    /// `TransformOutput.AssembleWith` (`Line`, `None`).
    pub assemble_with: Option<String>,
    /// `TransformOutput.Accept`.
    pub accept: Option<String>,
    /// The container's environment.
    pub environment: IndexMap<String, String>,
    /// `TransformOutput.KmsKeyId` (`output_kms_key`).
    pub output_kms_key: Option<String>,
    /// `TransformResources.VolumeKmsKeyId` (`volume_kms_key`).
    pub volume_kms_key: Option<String>,
    /// Whether `Environment` is sent even when empty: a framework estimator's transformer
    /// (script mode) has one, `{}` by default, which the SDK sends.
    pub sends_environment: bool,
}

impl Transformer {
    /// A transformer with no output path, payload limit or strategy set.
    pub fn new(instance_count: u32, instance_type: impl Into<String>) -> Self {
        Self {
            instance_count,
            instance_type: instance_type.into(),
            output_path: None,
            max_payload_mb: None,
            max_concurrent_transforms: None,
            strategy: None,
            assemble_with: None,
            accept: None,
            environment: IndexMap::new(),
            output_kms_key: None,
            volume_kms_key: None,
            sends_environment: false,
        }
    }

    /// Sets where the results go.
    #[must_use]
    pub fn output_path(mut self, path: impl Into<String>) -> Self {
        self.output_path = Some(path.into());
        self
    }

    /// Sets `MaxPayloadInMB`.
    #[must_use]
    pub fn max_payload_mb(mut self, mb: u32) -> Self {
        self.max_payload_mb = Some(mb);
        self
    }

    /// Encrypts the results with this KMS key (`output_kms_key`).
    #[must_use]
    pub fn output_kms_key(mut self, key: impl Into<String>) -> Self {
        self.output_kms_key = Some(key.into());
        self
    }

    /// Encrypts the instances' volumes with this KMS key (`volume_kms_key`).
    #[must_use]
    pub fn volume_kms_key(mut self, key: impl Into<String>) -> Self {
        self.volume_kms_key = Some(key.into());
        self
    }

    /// Sets `MaxConcurrentTransforms`.
    #[must_use]
    pub fn max_concurrent_transforms(mut self, n: u32) -> Self {
        self.max_concurrent_transforms = Some(n);
        self
    }

    /// Sets `BatchStrategy` (`MultiRecord`, `SingleRecord`).
    #[must_use]
    pub fn strategy(mut self, strategy: impl Into<String>) -> Self {
        self.strategy = Some(strategy.into());
        self
    }

    /// Sets `TransformOutput.AssembleWith` (`Line`, `None`).
    #[must_use]
    pub fn assemble_with(mut self, assemble_with: impl Into<String>) -> Self {
        self.assemble_with = Some(assemble_with.into());
        self
    }

    /// Sets `TransformOutput.Accept`.
    #[must_use]
    pub fn accept(mut self, accept: impl Into<String>) -> Self {
        self.accept = Some(accept.into());
        self
    }

    /// Sets an environment variable of the container (`env`).
    #[must_use]
    pub fn env(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.environment.insert(key.into(), value.into());
        self
    }
}

/// A processing job's container and resources: `sagemaker.processing.Processor(role,
/// image_uri, instance_count, instance_type, entrypoint, volume_size_in_gb=30,
/// max_runtime_in_seconds, env)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Processor {
    /// The role SageMaker assumes.
    pub role: String,
    /// The processing image's URI.
    pub image_uri: String,
    /// How many instances run the job.
    pub instance_count: u32,
    /// The instance type.
    pub instance_type: String,
    /// The container's entrypoint.
    pub entrypoint: Option<Vec<String>>,
    /// The command that runs the processor's script (`ScriptProcessor`'s and the framework
    /// processors' `command`, e.g. `["python3"]`): a [`super::ProcessingStep`] given the
    /// script with [`super::ProcessingStep::code`] runs `command` + the script, as the SDK's
    /// `run(code=…)` does; the SDK's `ProcessingStep` writes no command.
    pub command: Option<Vec<String>>,
    /// The storage volume of each instance, in GB (default 30).
    pub volume_size_gb: u32,
    /// The stopping condition, in seconds (none by default).
    pub max_runtime_seconds: Option<u64>,
    /// The container's environment.
    pub environment: IndexMap<String, String>,
    /// `ClusterConfig.VolumeKmsKeyId` (`volume_kms_key`).
    pub volume_kms_key: Option<String>,
    /// `NetworkConfig` (`network_config`).
    pub network_config: Option<NetworkConfig>,
}

/// A processing job's network (`sagemaker.network.NetworkConfig(enable_network_isolation=False,
/// security_group_ids, subnets, encrypt_inter_container_traffic)`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NetworkConfig {
    /// `EnableNetworkIsolation` (default false).
    pub enable_network_isolation: bool,
    /// `EnableInterContainerTrafficEncryption` (written when given).
    pub encrypt_inter_container_traffic: Option<bool>,
    /// `VpcConfig.Subnets` (written with the security groups).
    pub subnets: Vec<String>,
    /// `VpcConfig.SecurityGroupIds` (written with the subnets).
    pub security_group_ids: Vec<String>,
}

impl NetworkConfig {
    /// The `NetworkConfig` of a request.
    pub(crate) fn to_request(&self) -> Value {
        let mut config = Map::new();
        config.insert(
            "EnableNetworkIsolation".into(),
            json!(self.enable_network_isolation),
        );
        if let Some(encrypt) = self.encrypt_inter_container_traffic {
            config.insert(
                "EnableInterContainerTrafficEncryption".into(),
                json!(encrypt),
            );
        }
        if !self.subnets.is_empty() && !self.security_group_ids.is_empty() {
            config.insert(
                "VpcConfig".into(),
                json!({ "Subnets": self.subnets, "SecurityGroupIds": self.security_group_ids }),
            );
        }
        Value::Object(config)
    }
}

impl Processor {
    /// A processor with the SageMaker SDK's defaults.
    pub fn new(
        role: impl Into<String>,
        image_uri: impl Into<String>,
        instance_count: u32,
        instance_type: impl Into<String>,
    ) -> Self {
        Self {
            role: role.into(),
            image_uri: image_uri.into(),
            instance_count,
            instance_type: instance_type.into(),
            entrypoint: None,
            command: None,
            volume_size_gb: 30,
            max_runtime_seconds: None,
            environment: IndexMap::new(),
            volume_kms_key: None,
            network_config: None,
        }
    }

    /// A framework processor: `SKLearnProcessor(framework_version, role, instance_type,
    /// instance_count)` or `FrameworkProcessor(estimator_cls, framework_version, py_version,
    /// …)` of the SageMaker SDK, whose image is the framework's training image for the instance
    /// type (`image` names the framework, the region, the version and, where the framework has
    /// several, the Python version). The processing step writes only the image of such a
    /// processor, as the SDK's `ProcessingStep` does (its `command` is not part of the job);
    /// give the script to run with [`Processor::entrypoint`] (`["python3",
    /// "/opt/ml/processing/input/code/preprocess.py"]`) and the code as a
    /// [`ProcessingInput`] to `/opt/ml/processing/input/code`.
    ///
    /// ```
    /// use workflow_sagemaker::Processor;
    /// use workflow_sagemaker::image_uris::ImageQuery;
    ///
    /// let sklearn = Processor::framework(
    ///     ImageQuery::new("sklearn", "us-east-1").version("1.2-1"),
    ///     "arn:aws:iam::123456789012:role/SageMaker", 1, "ml.m5.xlarge")?
    ///     .entrypoint(["python3", "/opt/ml/processing/input/code/preprocess.py"]);
    /// assert!(sklearn.image_uri.ends_with("sagemaker-scikit-learn:1.2-1-cpu-py3"));
    /// # Ok::<(), workflow_sagemaker::image_uris::ImageUriError>(())
    /// ```
    pub fn framework(
        image: super::image_uris::ImageQuery,
        role: impl Into<String>,
        instance_count: u32,
        instance_type: impl Into<String>,
    ) -> Result<Self, super::image_uris::ImageUriError> {
        let instance_type = instance_type.into();
        let uri = image
            .instance_type(instance_type.clone())
            .scope(super::image_uris::Scope::Training)
            .retrieve()?;
        Ok(Processor::new(role, uri, instance_count, instance_type))
    }

    /// Sets the entrypoint.
    #[must_use]
    pub fn entrypoint<S: Into<String>>(mut self, entrypoint: impl IntoIterator<Item = S>) -> Self {
        self.entrypoint = Some(entrypoint.into_iter().map(Into::into).collect());
        self
    }

    /// Sets the maximum run time, in seconds.
    #[must_use]
    pub fn max_runtime_seconds(mut self, seconds: u64) -> Self {
        self.max_runtime_seconds = Some(seconds);
        self
    }

    /// Encrypts the instances' volumes with this KMS key (`volume_kms_key`).
    #[must_use]
    pub fn volume_kms_key(mut self, key: impl Into<String>) -> Self {
        self.volume_kms_key = Some(key.into());
        self
    }

    /// Sets the job's network (`network_config`).
    #[must_use]
    pub fn network_config(mut self, config: NetworkConfig) -> Self {
        self.network_config = Some(config);
        self
    }

    /// Sets the storage volume of each instance, in GB (`volume_size_in_gb`, default 30).
    #[must_use]
    pub fn volume_size_in_gb(mut self, gb: u32) -> Self {
        self.volume_size_gb = gb;
        self
    }

    /// Sets the command that runs the script [`super::ProcessingStep::code`] gives
    /// (`command`, e.g. `["python3"]`).
    #[must_use]
    pub fn command<S: Into<String>>(mut self, command: impl IntoIterator<Item = S>) -> Self {
        self.command = Some(command.into_iter().map(Into::into).collect());
        self
    }

    /// Sets an environment variable.
    #[must_use]
    pub fn env(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.environment.insert(key.into(), value.into());
        self
    }
}

/// An input of a processing job: `sagemaker.processing.ProcessingInput(source, destination,
/// input_name, s3_data_type='S3Prefix', s3_input_mode='File',
/// s3_data_distribution_type='FullyReplicated', s3_compression_type='None')`.
#[derive(Clone, Debug, PartialEq)]
pub struct ProcessingInput {
    /// `InputName`.
    pub name: String,
    /// The data's S3 URI (`S3Uri`), or a path to it.
    pub source: Param,
    /// Where the container sees it (`LocalPath`).
    pub destination: String,
    /// `S3DataType` (default `S3Prefix`).
    pub s3_data_type: String,
    /// `S3InputMode` (default `File`).
    pub s3_input_mode: String,
    /// `S3DataDistributionType` (default `FullyReplicated`).
    pub distribution: String,
    /// `S3CompressionType` (default `None`).
    pub compression: String,
    /// `AppManaged` (default false).
    pub app_managed: bool,
}

impl ProcessingInput {
    /// An input with the SDK's defaults.
    pub fn new(
        name: impl Into<String>,
        source: impl Into<Param>,
        destination: impl Into<String>,
    ) -> Self {
        Self {
            name: name.into(),
            source: source.into(),
            destination: destination.into(),
            s3_data_type: "S3Prefix".into(),
            s3_input_mode: "File".into(),
            distribution: "FullyReplicated".into(),
            compression: "None".into(),
            app_managed: false,
        }
    }

    /// Sets `S3DataType` (`s3_data_type`: `S3Prefix`, `ManifestFile`).
    #[must_use]
    pub fn s3_data_type(mut self, value: impl Into<String>) -> Self {
        self.s3_data_type = value.into();
        self
    }

    /// Sets `S3InputMode` (`s3_input_mode`: `File`, `Pipe`).
    #[must_use]
    pub fn s3_input_mode(mut self, value: impl Into<String>) -> Self {
        self.s3_input_mode = value.into();
        self
    }

    /// Sets `S3DataDistributionType` (`s3_data_distribution_type`).
    #[must_use]
    pub fn s3_data_distribution_type(mut self, value: impl Into<String>) -> Self {
        self.distribution = value.into();
        self
    }

    /// Sets `S3CompressionType` (`s3_compression_type`: `None`, `Gzip`).
    #[must_use]
    pub fn s3_compression_type(mut self, value: impl Into<String>) -> Self {
        self.compression = value.into();
        self
    }

    /// Sets `AppManaged` (`app_managed`).
    #[must_use]
    pub fn app_managed(mut self, app_managed: bool) -> Self {
        self.app_managed = app_managed;
        self
    }

    /// The `ProcessingInputs` item.
    pub(crate) fn to_request(&self) -> Value {
        let mut s3 = Map::new();
        self.source.insert_into(&mut s3, "S3Uri");
        s3.insert("LocalPath".into(), json!(self.destination));
        s3.insert("S3DataType".into(), json!(self.s3_data_type));
        s3.insert("S3InputMode".into(), json!(self.s3_input_mode));
        s3.insert("S3DataDistributionType".into(), json!(self.distribution));
        s3.insert("S3CompressionType".into(), json!(self.compression));
        json!({ "InputName": self.name, "AppManaged": self.app_managed, "S3Input": s3 })
    }
}

/// An output of a processing job: `sagemaker.processing.ProcessingOutput(source, destination,
/// output_name, s3_upload_mode='EndOfJob')`.
#[derive(Clone, Debug, PartialEq)]
pub struct ProcessingOutput {
    /// `OutputName`.
    pub name: String,
    /// Where the container writes it (`LocalPath`).
    pub source: String,
    /// The S3 URI it is uploaded to (`S3Uri`), or a path to it.
    pub destination: Param,
    /// `S3UploadMode` (default `EndOfJob`).
    pub s3_upload_mode: String,
    /// `AppManaged` (default false).
    pub app_managed: bool,
}

impl ProcessingOutput {
    /// An output with the SDK's defaults.
    pub fn new(
        name: impl Into<String>,
        source: impl Into<String>,
        destination: impl Into<Param>,
    ) -> Self {
        Self {
            name: name.into(),
            source: source.into(),
            destination: destination.into(),
            s3_upload_mode: "EndOfJob".into(),
            app_managed: false,
        }
    }

    /// Sets `S3UploadMode` (`s3_upload_mode`: `EndOfJob`, `Continuous`).
    #[must_use]
    pub fn s3_upload_mode(mut self, value: impl Into<String>) -> Self {
        self.s3_upload_mode = value.into();
        self
    }

    /// Sets `AppManaged` (`app_managed`).
    #[must_use]
    pub fn app_managed(mut self, app_managed: bool) -> Self {
        self.app_managed = app_managed;
        self
    }

    /// The `ProcessingOutputConfig.Outputs` item.
    pub(crate) fn to_request(&self) -> Value {
        let mut s3 = Map::new();
        self.destination.insert_into(&mut s3, "S3Uri");
        s3.insert("LocalPath".into(), json!(self.source));
        s3.insert("S3UploadMode".into(), json!(self.s3_upload_mode));
        json!({ "OutputName": self.name, "AppManaged": self.app_managed, "S3Output": s3 })
    }
}

/// A hyperparameter range of a [`Tuner`].
#[derive(Clone, Debug, PartialEq)]
pub enum ParameterRange {
    /// `IntegerParameterRanges`: `min..=max`.
    Integer {
        /// The lowest value.
        min: i64,
        /// The highest value.
        max: i64,
    },
    /// `ContinuousParameterRanges`: `min..=max`.
    Continuous {
        /// The lowest value.
        min: f64,
        /// The highest value.
        max: f64,
    },
    /// `CategoricalParameterRanges`: one of `values`.
    Categorical(Vec<String>),
}

/// A hyperparameter tuning job: `sagemaker.tuner.HyperparameterTuner(estimator,
/// objective_metric_name, hyperparameter_ranges, objective_type='Maximize', max_jobs=1,
/// max_parallel_jobs=1, strategy='Bayesian', early_stopping_type='Off')`.
#[derive(Clone, Debug, PartialEq)]
pub struct Tuner {
    /// The estimator each training job runs.
    pub estimator: Estimator,
    /// The metric to optimise, e.g. `validation:auc`.
    pub objective_metric_name: String,
    /// `Maximize` (default) or `Minimize`.
    pub objective_type: String,
    /// The ranges, by hyperparameter name.
    pub ranges: IndexMap<String, ParameterRange>,
    /// `MaxNumberOfTrainingJobs` (default 1).
    pub max_jobs: u32,
    /// `MaxParallelTrainingJobs` (default 1).
    pub max_parallel_jobs: u32,
    /// `Bayesian` (default), `Random`, `Hyperband` or `Grid`.
    pub strategy: String,
    /// `TrainingJobEarlyStoppingType`: `Off` (default) or `Auto`.
    pub early_stopping_type: String,
    /// The metrics the training jobs' logs give (the tuner's `metric_definitions`); when
    /// empty, the estimator's. A script-mode estimator needs the objective among them.
    pub metric_definitions: Vec<MetricDefinition>,
    /// `WarmStartConfig`: the type (`IdenticalDataAndAlgorithm`, `TransferLearning`) and the
    /// parent tuning jobs (`warm_start_config=WarmStartConfig(type, parents)`).
    pub warm_start: Option<(String, Vec<String>)>,
}

impl Tuner {
    /// A tuner with the SageMaker SDK's defaults.
    pub fn new(estimator: Estimator, objective_metric_name: impl Into<String>) -> Self {
        Self {
            estimator,
            objective_metric_name: objective_metric_name.into(),
            objective_type: "Maximize".into(),
            ranges: IndexMap::new(),
            max_jobs: 1,
            max_parallel_jobs: 1,
            strategy: "Bayesian".into(),
            early_stopping_type: "Off".into(),
            metric_definitions: Vec::new(),
            warm_start: None,
        }
    }

    /// Adds a metric the training jobs' logs give (`metric_definitions`).
    #[must_use]
    pub fn metric_definition(mut self, name: impl Into<String>, regex: impl Into<String>) -> Self {
        self.metric_definitions
            .push(MetricDefinition::new(name, regex));
        self
    }

    /// Adds a range.
    #[must_use]
    pub fn range(mut self, name: impl Into<String>, range: ParameterRange) -> Self {
        self.ranges.insert(name.into(), range);
        self
    }

    /// Sets the job limits.
    #[must_use]
    pub fn max_jobs(mut self, max_jobs: u32, max_parallel_jobs: u32) -> Self {
        self.max_jobs = max_jobs;
        self.max_parallel_jobs = max_parallel_jobs;
        self
    }

    /// Sets the objective's type (`Maximize` or `Minimize`).
    #[must_use]
    pub fn objective_type(mut self, objective_type: impl Into<String>) -> Self {
        self.objective_type = objective_type.into();
        self
    }

    /// Sets the search strategy (`Bayesian`, `Random`, `Hyperband`, `Grid`).
    #[must_use]
    pub fn strategy(mut self, strategy: impl Into<String>) -> Self {
        self.strategy = strategy.into();
        self
    }

    /// Starts from earlier tuning jobs (`warm_start_config=WarmStartConfig(warm_start_type,
    /// parents)`: `IdenticalDataAndAlgorithm` or `TransferLearning`).
    #[must_use]
    pub fn warm_start_config<S: Into<String>>(
        mut self,
        warm_start_type: impl Into<String>,
        parents: impl IntoIterator<Item = S>,
    ) -> Self {
        self.warm_start = Some((
            warm_start_type.into(),
            parents.into_iter().map(Into::into).collect(),
        ));
        self
    }

    /// Sets `TrainingJobEarlyStoppingType` (`Off`, `Auto`).
    #[must_use]
    pub fn early_stopping_type(mut self, early_stopping_type: impl Into<String>) -> Self {
        self.early_stopping_type = early_stopping_type.into();
        self
    }
}

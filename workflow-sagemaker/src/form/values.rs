//! The SageMaker SDK's values inside a form: `estimator`, `model`, `processor`, `transformer`,
//! `tuner`, training `data`, processing `inputs` / `outputs` and `image_uri` (a URI, or
//! `{ framework, region, version, … }` looked up as `image_uris.retrieve` does), read with the
//! SDK's defaults into the builders' values.

use super::FormErrorKind;
use super::reader::Reader;
use super::{FormValue, FormValueKind};
use crate::image_uris::{ImageQuery, Scope};
use crate::steps::TrainingData;
use crate::{
    Channel, Estimator, InputMode, MetricDefinition, Model, ParameterRange, ProcessingInput,
    ProcessingOutput, Processor, Transformer, Tuner,
};

/// The keys of `estimator` (the SageMaker SDK's `Estimator`), in a training step and a tuning
/// step alike.
const ESTIMATOR: &[&str] = &[
    "image_uri",
    "role",
    "instance_count",
    "instance_type",
    "volume_size",
    "max_run",
    "input_mode",
    "output_path",
    "hyperparameters",
    "environment",
    "debugger_hook",
    "inference_image_uri",
    "entry_point",
    "source_dir",
    "metric_definitions",
    "container_log_level",
    "keep_alive_period_in_seconds",
    "volume_kms_key",
    "output_kms_key",
    "disable_output_compression",
    "subnets",
    "security_group_ids",
    "use_spot_instances",
    "max_wait",
    "checkpoint_s3_uri",
    "checkpoint_local_path",
    "model_uri",
    "model_channel_name",
    "model_dir",
];

/// Where an estimator's values go in a request (a training job, or a tuning job's
/// `TrainingJobDefinition`).
pub(super) struct EstimatorLayout {
    /// The prefix of the training job's fields, e.g. `/TrainingJobDefinition`.
    pub prefix: &'static str,
    /// The field of the hyperparameters, `HyperParameters` or `StaticHyperParameters`.
    pub hyperparameters: &'static str,
    /// Whether `output_path` may be a path read when the state runs (a training step's
    /// `output_data_config_path`); a tuning job's estimator has no such override.
    pub output_path_read_at_run_time: bool,
}

impl EstimatorLayout {
    /// A training job's request (`CreateTrainingJob`).
    pub(super) const TRAINING_JOB: EstimatorLayout = EstimatorLayout {
        prefix: "",
        hyperparameters: "HyperParameters",
        output_path_read_at_run_time: true,
    };
    /// A tuning job's `TrainingJobDefinition` (`CreateHyperParameterTuningJob`).
    pub(super) const TUNING_JOB: EstimatorLayout = EstimatorLayout {
        prefix: "/TrainingJobDefinition",
        hyperparameters: "TrainingJobDefinition/StaticHyperParameters",
        output_path_read_at_run_time: false,
    };
}

/// `estimator: { image_uri, role, instance_count, instance_type, … }`; an `output_path` given
/// as a path is returned apart (the training step's `output_data_config_path`).
pub(super) fn estimator(
    r: &mut Reader,
    value: &FormValue,
    layout: &EstimatorLayout,
) -> Option<(Estimator, Option<crate::Param>)> {
    let o = r.object(value, "estimator", ESTIMATOR)?;
    let p = layout.prefix;
    let (count, instance_type) = r.instances(
        &o,
        "instance_count",
        &format!("{p}/ResourceConfig/InstanceCount"),
        &format!("{p}/ResourceConfig/InstanceType"),
    );
    // A framework's image is chosen for the instance type, as the SDK's estimators do.
    let image = r
        .required_at(
            &o,
            "image_uri",
            &format!("{p}/AlgorithmSpecification/TrainingImage"),
        )
        .and_then(|v| image(r, v, Scope::Training, instance_type.as_deref()));
    let role = r
        .required_at(&o, "role", &format!("{p}/RoleArn"))
        .and_then(|v| r.string("role", v));
    let ((image, query), role, count, instance_type) = (image?, role?, count?, instance_type?);
    let mut e = Estimator::new(image, role, count, instance_type);
    if let Some(v) = r.optional_at(
        &o,
        "volume_size",
        &format!("{p}/ResourceConfig/VolumeSizeInGB"),
    ) {
        e.volume_size_gb = u32::try_from(r.amount("volume_size", v)?).ok()?;
    }
    if let Some(v) = r.optional_at(
        &o,
        "max_run",
        &format!("{p}/StoppingCondition/MaxRuntimeInSeconds"),
    ) {
        e.max_run_seconds = r.amount("max_run", v)?;
    }
    if let Some(v) = r.optional_at(
        &o,
        "input_mode",
        &format!("{p}/AlgorithmSpecification/TrainingInputMode"),
    ) {
        e.input_mode = input_mode(r, v)?;
    }
    let mut output_path = None;
    if let Some(v) = r.optional_at(&o, "output_path", &format!("{p}/OutputDataConfig")) {
        match r.param("output_path", v)? {
            crate::Param::Literal(serde_json::Value::String(s)) => e.output_path = Some(s),
            crate::Param::Path(_) if !layout.output_path_read_at_run_time => {
                return r.fixed("output_path", v);
            }
            other => output_path = Some(other),
        }
    }
    if let Some(v) = r.optional_at(
        &o,
        "hyperparameters",
        &format!("/{}", layout.hyperparameters),
    ) {
        e.hyperparameters = r.string_map("hyperparameters", v)?;
    }
    if let Some(v) = o.get("environment") {
        e.environment = r.string_map("environment", v)?;
    }
    if let Some(v) = o.get("debugger_hook") {
        e.debugger_hook = r.flag("debugger_hook", v)?;
    }
    // A framework's model is served by the framework's inference image, as the SDK's
    // framework models choose it (unless another is given).
    let query = query.filter(|_| o.get("entry_point").is_some());
    e.inference_image_uri = query
        .clone()
        .and_then(|q| crate::image_uris::inference_image(q, &e.image_uri));
    // The model's image follows a model step's instance type when it is the framework's.
    let mut inference_query = query
        .filter(|_| e.inference_image_uri.is_some())
        .map(|q| q.scope(Scope::Inference));
    if let Some(v) = o.get("inference_image_uri") {
        e.inference_image_uri = Some(image_uri(r, v, Scope::Inference, None)?);
        inference_query = None;
    }
    if let Some(v) = r.optional_at(
        &o,
        "metric_definitions",
        &format!("{p}/AlgorithmSpecification/MetricDefinitions"),
    ) {
        e.metric_definitions = metric_definitions(r, v)?;
    }
    script_mode(r, &o, &mut e, inference_query)?;
    if let Some(v) = o.get("container_log_level") {
        let level = u32::try_from(r.amount("container_log_level", v)?).ok()?;
        e = e.container_log_level(level);
    }
    // `model_dir: "s3://…"` or `model_dir: false`, as TensorFlow's estimator takes it.
    if let Some(v) = r.optional_at(
        &o,
        "model_dir",
        &format!("/{}/model_dir", layout.hyperparameters),
    ) {
        e = match &v.kind {
            FormValueKind::Bool(false) => e.without_model_dir(),
            _ => {
                let dir = r.string("model_dir", v)?;
                e.model_dir(dir)
            }
        };
    }
    training_options(r, &o, p, &mut e)?;
    Some((e, output_path))
}

/// A training job's options (KMS keys, VPC, Spot, checkpoints, the model channel, …), as the
/// builder methods of the same names set them.
fn training_options(
    r: &mut Reader,
    o: &super::reader::Object<'_>,
    p: &str,
    e: &mut Estimator,
) -> Option<()> {
    let resources = format!("{p}/ResourceConfig");
    if let Some(v) = r.optional_at(o, "keep_alive_period_in_seconds", &resources) {
        e.keep_alive_period_seconds = Some(r.amount("keep_alive_period_in_seconds", v)?);
    }
    if let Some(v) = r.optional_at(o, "volume_kms_key", &resources) {
        e.volume_kms_key = Some(r.string("volume_kms_key", v)?);
    }
    let output = format!("{p}/OutputDataConfig");
    if let Some(v) = r.optional_at(o, "output_kms_key", &output) {
        e.output_kms_key = Some(r.string("output_kms_key", v)?);
    }
    if let Some(v) = r.optional_at(o, "disable_output_compression", &output) {
        e.disable_output_compression = r.flag("disable_output_compression", v)?;
    }
    let vpc = format!("{p}/VpcConfig");
    let subnets = r.optional_at(o, "subnets", &vpc);
    let groups = r.optional_at(o, "security_group_ids", &vpc);
    match (subnets, groups) {
        (Some(s), Some(g)) => {
            let (s, g) = (r.strings("subnets", s), r.strings("security_group_ids", g));
            e.vpc_config = Some((s?, g?));
        }
        (None, None) => {}
        // The SDK refuses one without the other.
        (Some(v), None) | (None, Some(v)) => {
            r.error(
                v.at,
                FormErrorKind::WrongKind {
                    name: "subnets".into(),
                    expected: "`subnets` and `security_group_ids` together (a VPC needs both)",
                },
            );
            return None;
        }
    }
    if let Some(v) = r.optional_at(
        o,
        "use_spot_instances",
        &format!("{p}/EnableManagedSpotTraining"),
    ) {
        e.use_spot_instances = r.flag("use_spot_instances", v)?;
    }
    if let Some(v) = r.optional_at(o, "max_wait", &format!("{p}/StoppingCondition")) {
        e.max_wait_seconds = Some(r.amount("max_wait", v)?);
    }
    let checkpoint = format!("{p}/CheckpointConfig");
    if let Some(v) = r.optional_at(o, "checkpoint_s3_uri", &checkpoint) {
        e.checkpoint_s3_uri = Some(r.string("checkpoint_s3_uri", v)?);
    }
    if let Some(v) = r.optional_at(o, "checkpoint_local_path", &checkpoint) {
        e.checkpoint_local_path = Some(r.string("checkpoint_local_path", v)?);
    }
    let channels = format!("{p}/InputDataConfig");
    if let Some(v) = r.optional_at(o, "model_uri", &channels) {
        e.model_uri = Some(r.string("model_uri", v)?);
    }
    if let Some(v) = r.optional_at(o, "model_channel_name", &channels) {
        e.model_channel_name = r.string("model_channel_name", v)?;
    }
    Some(())
}

/// `metric_definitions: { "name": "regex", … }`: the metrics SageMaker reads from the job's
/// log, in the order written.
fn metric_definitions(r: &mut Reader, value: &FormValue) -> Option<Vec<MetricDefinition>> {
    let map = r.string_map("metric_definitions", value)?;
    Some(
        map.into_iter()
            .map(|(name, regex)| MetricDefinition::new(name, regex))
            .collect(),
    )
}

/// `entry_point` and `source_dir`: a framework estimator's script mode (the SDK's `SKLearn(
/// entry_point, source_dir, …)`), on the framework's image; its region is the image's.
fn script_mode(
    r: &mut Reader,
    o: &super::reader::Object<'_>,
    e: &mut Estimator,
    inference_image: Option<ImageQuery>,
) -> Option<()> {
    let entry = o.get("entry_point");
    let source = o.get("source_dir");
    let Some(entry) = entry else {
        if let Some(source) = source {
            r.error(
                source.at,
                FormErrorKind::ScriptMode(
                    "`source_dir` is the directory of a script: give the script with `entry_point` (e.g. `entry_point: \"train.py\"`)",
                ),
            );
            return None;
        }
        return Some(());
    };
    let entry_point = r.string("entry_point", entry)?;
    // `ACCOUNT.dkr.ecr.REGION.amazonaws.com/…`: the region the SDK passes to the script.
    let Some(region) = e
        .image_uri
        .split('.')
        .nth(3)
        .filter(|_| e.image_uri.contains(".dkr.ecr."))
    else {
        r.error(
            entry.at,
            FormErrorKind::ScriptMode(
                "script mode runs on a SageMaker framework image: write `image_uri: { framework: \"sklearn\", region: \"us-east-1\", version: \"1.2-1\" }`",
            ),
        );
        return None;
    };
    let source_dir = match source {
        None => None,
        Some(v) => {
            let dir = r.string("source_dir", v)?;
            if !dir.starts_with("s3://") {
                r.error(
                    v.at,
                    FormErrorKind::ScriptMode(
                        "`source_dir` is the s3:// URI of the source directory's .tar.gz: upload it first (`tar czf sourcedir.tar.gz -C src . && aws s3 cp sourcedir.tar.gz s3://BUCKET/code/`)",
                    ),
                );
                return None;
            }
            Some(dir)
        }
    };
    e.script = Some(crate::ScriptMode {
        entry_point,
        source_dir,
        container_log_level: 20,
        region: region.to_owned(),
        model_dir: crate::image_uris::passes_model_dir(&e.image_uri),
        model_dir_uri: None,
        framework: crate::image_uris::framework_of(&e.image_uri).map(str::to_owned),
        inference_image,
    });
    Some(())
}

/// `File`, `Pipe` or `FastFile`.
fn input_mode(r: &mut Reader, value: &FormValue) -> Option<InputMode> {
    Some(
        match r.one_of("input_mode", value, &["File", "Pipe", "FastFile"])? {
            "Pipe" => InputMode::Pipe,
            "FastFile" => InputMode::FastFile,
            _ => InputMode::File,
        },
    )
}

/// The keys of `image_uri: { … }` (the SDK's `image_uris.retrieve`).
const IMAGE_QUERY: &[&str] = &[
    "framework",
    "region",
    "version",
    "py_version",
    "base_framework_version",
    "instance_type",
    "image_scope",
];

/// `image_uri`: a URI, or `{ framework, region, version, py_version, instance_type,
/// image_scope }` (scope by default `scope`; instance type by default `instance_type`, the
/// job's).
pub(super) fn image_uri(
    r: &mut Reader,
    value: &FormValue,
    scope: Scope,
    instance_type: Option<&str>,
) -> Option<String> {
    image(r, value, scope, instance_type).map(|(uri, _)| uri)
}

/// `image_uri`'s URI, and the query when it was written as one.
fn image(
    r: &mut Reader,
    value: &FormValue,
    scope: Scope,
    instance_type: Option<&str>,
) -> Option<(String, Option<ImageQuery>)> {
    if !matches!(value.kind, FormValueKind::Object(_)) {
        return r.string("image_uri", value).map(|uri| (uri, None));
    }
    let o = r.object(value, "image_uri", IMAGE_QUERY)?;
    let framework = r
        .required(&o, "framework")
        .and_then(|v| r.string("framework", v));
    let region = r.required(&o, "region").and_then(|v| r.string("region", v));
    let mut query = ImageQuery::new(framework?, region?).scope(scope);
    if let Some(instance_type) = instance_type {
        query = query.instance_type(instance_type);
    }
    if let Some(v) = o.get("version") {
        query = query.version(r.string("version", v)?);
    }
    if let Some(v) = o.get("py_version") {
        query = query.py_version(r.string("py_version", v)?);
    }
    if let Some(v) = o.get("base_framework_version") {
        query = query.base_framework_version(r.string("base_framework_version", v)?);
    }
    if let Some(v) = o.get("instance_type") {
        query = query.instance_type(r.string("instance_type", v)?);
    }
    if let Some(v) = o.get("image_scope") {
        query = query.scope(
            match r.one_of("image_scope", v, &["training", "inference"])? {
                "inference" => Scope::Inference,
                _ => Scope::Training,
            },
        );
    }
    match query.retrieve() {
        Ok(uri) => Some((uri, Some(query))),
        Err(e) => {
            r.error(value.at, FormErrorKind::Image(e));
            None
        }
    }
}

/// The keys of a channel written as an object (the SDK's `TrainingInput`).
const CHANNEL: &[&str] = &[
    "s3_data",
    "distribution",
    "compression",
    "content_type",
    "record_wrapping",
    "s3_data_type",
    "input_mode",
    "shuffle_config",
    "attribute_names",
    "instance_groups",
];

/// Training `data`: an S3 URI or a path to one (the channel `training`), or
/// `{ channel: uri | path | { s3_data, content_type, … }, … }`.
pub(super) fn training_data(r: &mut Reader, value: &FormValue) -> Option<TrainingData> {
    let FormValueKind::Object(entries) = &value.kind else {
        return r.param("data", value).map(TrainingData::S3Uri);
    };
    let mut channels = Vec::new();
    for (key, v) in entries {
        if !matches!(v.kind, FormValueKind::Object(_)) {
            channels.push(Channel::new(&key.name, r.param(&key.name, v)?));
            continue;
        }
        let o = r.object(v, "a training channel", CHANNEL)?;
        let data = r
            .required(&o, "s3_data")
            .and_then(|d| r.param("s3_data", d))?;
        let mut channel = Channel::new(&key.name, data);
        if let Some(v) = o.get("distribution") {
            channel.distribution = r
                .one_of("distribution", v, &["FullyReplicated", "ShardedByS3Key"])?
                .to_owned();
        }
        if let Some(v) = o.get("compression") {
            channel.compression = Some(r.one_of("compression", v, &["None", "Gzip"])?.to_owned());
        }
        if let Some(v) = o.get("content_type") {
            channel.content_type = Some(r.string("content_type", v)?);
        }
        if let Some(v) = o.get("record_wrapping") {
            channel.record_wrapping = Some(
                r.one_of("record_wrapping", v, &["None", "RecordIO"])?
                    .to_owned(),
            );
        }
        if let Some(v) = o.get("s3_data_type") {
            channel.s3_data_type = r
                .one_of(
                    "s3_data_type",
                    v,
                    &["S3Prefix", "ManifestFile", "AugmentedManifestFile"],
                )?
                .to_owned();
        }
        if let Some(v) = o.get("input_mode") {
            channel.input_mode = Some(input_mode(r, v)?);
        }
        // `shuffle_config: 42`: the SDK's `ShuffleConfig(seed)`.
        if let Some(v) = o.get("shuffle_config") {
            channel.shuffle_seed = Some(r.amount("shuffle_config", v)?);
        }
        if let Some(v) = o.get("attribute_names") {
            channel.attribute_names = r.strings("attribute_names", v)?;
        }
        if let Some(v) = o.get("instance_groups") {
            channel.instance_groups = r.strings("instance_groups", v)?;
        }
        channels.push(channel);
    }
    Some(TrainingData::Channels(channels))
}

/// The keys of `model` (the SageMaker SDK's `Model`).
const MODEL: &[&str] = &[
    "image_uri",
    "model_data",
    "role",
    "name",
    "environment",
    "entry_point",
    "source_dir",
    "container_log_level",
    "model_server_workers",
];

/// `model: { image_uri, model_data, role, name, environment }`, and for a framework model
/// (`SKLearnModel`, …: its image written as `{ framework, … }`) `entry_point`, `source_dir`
/// and `container_log_level`; `instance_type` is the model step's.
pub(super) fn model(
    r: &mut Reader,
    value: &FormValue,
    instance_type: Option<&str>,
) -> Option<Model> {
    let o = r.object(value, "model", MODEL)?;
    let image = r
        .required_at(&o, "image_uri", "/PrimaryContainer/Image")
        .and_then(|v| image(r, v, Scope::Inference, instance_type));
    let role = r
        .required_at(&o, "role", "/ExecutionRoleArn")
        .and_then(|v| r.string("role", v));
    let data = r
        .required_at(&o, "model_data", "/PrimaryContainer/ModelDataUrl")
        .and_then(|v| r.param("model_data", v));
    let ((image, query), data, role) = (image?, data?, role?);
    let mut model = match (query, o.get("entry_point")) {
        (Some(query), Some(entry)) => {
            let entry_point = r.string("entry_point", entry)?;
            let mut model = Model::new(image, data, role);
            model.script = Some(crate::ServingScript {
                entry_point,
                source_dir: None,
                container_log_level: 20,
                region: query.region.clone(),
                model_server_workers: None,
            });
            model.image = Some(query);
            model
        }
        (_, Some(entry)) => {
            r.error(
                entry.at,
                FormErrorKind::ScriptMode(
                    "a framework model runs on a SageMaker framework image: write `image_uri: { framework: \"sklearn\", region: \"us-east-1\", version: \"1.2-1\" }`",
                ),
            );
            return None;
        }
        (_, None) => Model::new(image, data, role),
    };
    if let Some(v) = o.get("source_dir") {
        let dir = r.string("source_dir", v)?;
        model = model.source_dir(dir);
    }
    if let Some(v) = o.get("container_log_level") {
        let level = u32::try_from(r.amount("container_log_level", v)?).ok()?;
        model = model.container_log_level(level);
    }
    if let Some(v) = o.get("model_server_workers") {
        let workers = u32::try_from(r.amount("model_server_workers", v)?).ok()?;
        model = model.model_server_workers(workers);
    }
    if let Some(v) = r.optional_at(&o, "name", "/ModelName") {
        model.name = Some(r.param("name", v)?);
    }
    if let Some(v) = r.optional_at(&o, "environment", "/PrimaryContainer/Environment") {
        model.environment = r.string_map("environment", v)?;
    }
    Some(model)
}

/// The keys of `processor` (the SageMaker SDK's `Processor`).
const PROCESSOR: &[&str] = &[
    "role",
    "image_uri",
    "instance_count",
    "instance_type",
    "entrypoint",
    "volume_size_in_gb",
    "max_runtime_in_seconds",
    "env",
    "volume_kms_key",
    "network_config",
];

/// `processor: { role, image_uri, instance_count, instance_type, entrypoint, … }`.
pub(super) fn processor(r: &mut Reader, value: &FormValue) -> Option<Processor> {
    let o = r.object(value, "processor", PROCESSOR)?;
    let role = r
        .required_at(&o, "role", "/RoleArn")
        .and_then(|v| r.string("role", v));
    let (count, instance_type) = r.instances(
        &o,
        "instance_count",
        "/ProcessingResources/ClusterConfig/InstanceCount",
        "/ProcessingResources/ClusterConfig/InstanceType",
    );
    // A framework processor's image is chosen for its instance type, as the SDK's
    // `SKLearnProcessor` and `FrameworkProcessor` do.
    let image = r
        .required_at(&o, "image_uri", "/AppSpecification/ImageUri")
        .and_then(|v| image_uri(r, v, Scope::Training, instance_type.as_deref()));
    let mut p = Processor::new(role?, image?, count?, instance_type?);
    if let Some(v) = r.optional_at(&o, "entrypoint", "/AppSpecification/ContainerEntrypoint") {
        p.entrypoint = Some(r.strings("entrypoint", v)?);
    }
    if let Some(v) = r.optional_at(
        &o,
        "volume_size_in_gb",
        "/ProcessingResources/ClusterConfig/VolumeSizeInGB",
    ) {
        p.volume_size_gb = u32::try_from(r.amount("volume_size_in_gb", v)?).ok()?;
    }
    if let Some(v) = r.optional_at(
        &o,
        "max_runtime_in_seconds",
        "/StoppingCondition/MaxRuntimeInSeconds",
    ) {
        p.max_runtime_seconds = Some(r.amount("max_runtime_in_seconds", v)?);
    }
    if let Some(v) = r.optional_at(&o, "env", "/Environment") {
        p.environment = r.string_map("env", v)?;
    }
    if let Some(v) = r.optional_at(
        &o,
        "volume_kms_key",
        "/ProcessingResources/ClusterConfig/VolumeKmsKeyId",
    ) {
        p.volume_kms_key = Some(r.string("volume_kms_key", v)?);
    }
    if let Some(v) = r.optional_at(&o, "network_config", "/NetworkConfig") {
        let n = r.object(v, "network_config", NETWORK_CONFIG)?;
        let mut network = crate::NetworkConfig::default();
        if let Some(v) = n.get("enable_network_isolation") {
            network.enable_network_isolation = r.flag("enable_network_isolation", v)?;
        }
        if let Some(v) = n.get("encrypt_inter_container_traffic") {
            network.encrypt_inter_container_traffic =
                Some(r.flag("encrypt_inter_container_traffic", v)?);
        }
        if let Some(v) = n.get("subnets") {
            network.subnets = r.strings("subnets", v)?;
        }
        if let Some(v) = n.get("security_group_ids") {
            network.security_group_ids = r.strings("security_group_ids", v)?;
        }
        p.network_config = Some(network);
    }
    Some(p)
}

/// The keys of a processing input (the SageMaker SDK's `ProcessingInput`).
const PROCESSING_INPUT: &[&str] = &[
    "source",
    "destination",
    "input_name",
    "s3_data_type",
    "s3_input_mode",
    "s3_data_distribution_type",
    "s3_compression_type",
    "app_managed",
];

/// `inputs: [{ source, destination, input_name, … }, …]`; unnamed inputs are `input-1`,
/// `input-2`, … as the SageMaker SDK names them.
pub(super) fn processing_inputs(r: &mut Reader, value: &FormValue) -> Option<Vec<ProcessingInput>> {
    let FormValueKind::Array(items) = &value.kind else {
        r.error(
            value.at,
            FormErrorKind::WrongKind {
                name: "inputs".into(),
                expected: "a list of inputs `[{ source, destination }, …]`",
            },
        );
        return None;
    };
    let mut inputs = Vec::new();
    for (i, item) in items.iter().enumerate() {
        r.origin(&format!("/ProcessingInputs/{i}"), item.at);
        let o = r.object(item, "a processing input", PROCESSING_INPUT)?;
        let source = r.required(&o, "source").and_then(|v| r.param("source", v));
        let destination = r
            .required(&o, "destination")
            .and_then(|v| r.string("destination", v));
        let name = match o.get("input_name") {
            Some(v) => r.string("input_name", v)?,
            None => format!("input-{}", i + 1),
        };
        let mut input = ProcessingInput::new(name, source?, destination?);
        if let Some(v) = o.get("s3_data_type") {
            input.s3_data_type = r
                .one_of("s3_data_type", v, &["S3Prefix", "ManifestFile"])?
                .to_owned();
        }
        if let Some(v) = o.get("s3_input_mode") {
            input.s3_input_mode = r.one_of("s3_input_mode", v, &["File", "Pipe"])?.to_owned();
        }
        if let Some(v) = o.get("s3_data_distribution_type") {
            input.distribution = r
                .one_of(
                    "s3_data_distribution_type",
                    v,
                    &["FullyReplicated", "ShardedByS3Key"],
                )?
                .to_owned();
        }
        if let Some(v) = o.get("s3_compression_type") {
            input.compression = r
                .one_of("s3_compression_type", v, &["None", "Gzip"])?
                .to_owned();
        }
        if let Some(v) = o.get("app_managed") {
            input.app_managed = r.flag("app_managed", v)?;
        }
        inputs.push(input);
    }
    Some(inputs)
}

/// The keys of a processing output (the SageMaker SDK's `ProcessingOutput`).
const PROCESSING_OUTPUT: &[&str] = &[
    "source",
    "destination",
    "output_name",
    "s3_upload_mode",
    "app_managed",
];

/// `outputs: [{ source, destination, output_name, s3_upload_mode }, …]`; unnamed outputs are
/// `output-1`, … as the SageMaker SDK names them.
pub(super) fn processing_outputs(
    r: &mut Reader,
    value: &FormValue,
) -> Option<Vec<ProcessingOutput>> {
    let FormValueKind::Array(items) = &value.kind else {
        r.error(
            value.at,
            FormErrorKind::WrongKind {
                name: "outputs".into(),
                expected: "a list of outputs `[{ source, destination }, …]`",
            },
        );
        return None;
    };
    let mut outputs = Vec::new();
    for (i, item) in items.iter().enumerate() {
        r.origin(&format!("/ProcessingOutputConfig/Outputs/{i}"), item.at);
        let o = r.object(item, "a processing output", PROCESSING_OUTPUT)?;
        let source = r.required(&o, "source").and_then(|v| r.string("source", v));
        let destination = r
            .required(&o, "destination")
            .and_then(|v| r.param("destination", v));
        let name = match o.get("output_name") {
            Some(v) => r.string("output_name", v)?,
            None => format!("output-{}", i + 1),
        };
        let mut output = ProcessingOutput::new(name, source?, destination?);
        if let Some(v) = o.get("s3_upload_mode") {
            output.s3_upload_mode = r
                .one_of("s3_upload_mode", v, &["EndOfJob", "Continuous"])?
                .to_owned();
        }
        if let Some(v) = o.get("app_managed") {
            output.app_managed = r.flag("app_managed", v)?;
        }
        outputs.push(output);
    }
    Some(outputs)
}

/// The keys of `transformer` (the SageMaker SDK's `Transformer`).
const TRANSFORMER: &[&str] = &[
    "instance_count",
    "instance_type",
    "output_path",
    "max_payload",
    "max_concurrent_transforms",
    "strategy",
    "assemble_with",
    "accept",
    "env",
    "output_kms_key",
    "volume_kms_key",
];

/// `transformer: { instance_count, instance_type, output_path, … }`.
pub(super) fn transformer(r: &mut Reader, value: &FormValue) -> Option<Transformer> {
    let o = r.object(value, "transformer", TRANSFORMER)?;
    let (count, instance_type) = r.instances(
        &o,
        "instance_count",
        "/TransformResources/InstanceCount",
        "/TransformResources/InstanceType",
    );
    let mut t = Transformer::new(count?, instance_type?);
    if let Some(v) = r.optional_at(&o, "output_path", "/TransformOutput/S3OutputPath") {
        t.output_path = Some(r.string("output_path", v)?);
    }
    if let Some(v) = r.optional_at(&o, "max_payload", "/MaxPayloadInMB") {
        t.max_payload_mb = Some(u32::try_from(r.amount("max_payload", v)?).ok()?);
    }
    if let Some(v) = r.optional_at(&o, "max_concurrent_transforms", "/MaxConcurrentTransforms") {
        t.max_concurrent_transforms = Some(r.count("max_concurrent_transforms", v)?);
    }
    if let Some(v) = r.optional_at(&o, "strategy", "/BatchStrategy") {
        t.strategy = Some(
            r.one_of("strategy", v, &["MultiRecord", "SingleRecord"])?
                .to_owned(),
        );
    }
    if let Some(v) = r.optional_at(&o, "assemble_with", "/TransformOutput/AssembleWith") {
        t.assemble_with = Some(r.one_of("assemble_with", v, &["None", "Line"])?.to_owned());
    }
    if let Some(v) = r.optional_at(&o, "accept", "/TransformOutput/Accept") {
        t.accept = Some(r.string("accept", v)?);
    }
    if let Some(v) = r.optional_at(&o, "env", "/Environment") {
        t.environment = r.string_map("env", v)?;
    }
    if let Some(v) = r.optional_at(&o, "output_kms_key", "/TransformOutput/KmsKeyId") {
        t.output_kms_key = Some(r.string("output_kms_key", v)?);
    }
    if let Some(v) = r.optional_at(&o, "volume_kms_key", "/TransformResources/VolumeKmsKeyId") {
        t.volume_kms_key = Some(r.string("volume_kms_key", v)?);
    }
    Some(t)
}

/// The keys of `tuner` (the SageMaker SDK's `HyperparameterTuner`).
const TUNER: &[&str] = &[
    "estimator",
    "objective_metric_name",
    "hyperparameter_ranges",
    "objective_type",
    "max_jobs",
    "max_parallel_jobs",
    "strategy",
    "early_stopping_type",
    "metric_definitions",
    "warm_start_config",
];

/// The keys of a tuner's `warm_start_config` (the SageMaker SDK's `WarmStartConfig`).
const WARM_START: &[&str] = &["warm_start_type", "parents"];

/// The keys of a processor's `network_config` (the SageMaker SDK's `NetworkConfig`).
const NETWORK_CONFIG: &[&str] = &[
    "enable_network_isolation",
    "encrypt_inter_container_traffic",
    "subnets",
    "security_group_ids",
];

/// `tuner: { estimator, objective_metric_name, hyperparameter_ranges, … }`; a range is
/// `{ integer: [min, max] }`, `{ continuous: [min, max] }` or `{ categorical: ["a", …] }`.
pub(super) fn tuner(r: &mut Reader, value: &FormValue) -> Option<Tuner> {
    let o = r.object(value, "tuner", TUNER)?;
    let estimator = r
        .required(&o, "estimator")
        .and_then(|v| estimator(r, v, &EstimatorLayout::TUNING_JOB));
    let metric = r
        .required_at(
            &o,
            "objective_metric_name",
            "/HyperParameterTuningJobConfig/HyperParameterTuningJobObjective/MetricName",
        )
        .and_then(|v| r.string("objective_metric_name", v));
    let (estimator, _) = estimator?;
    let mut tuner = Tuner::new(estimator, metric?);
    if let Some(v) = r.optional_at(
        &o,
        "hyperparameter_ranges",
        "/HyperParameterTuningJobConfig/ParameterRanges",
    ) {
        let FormValueKind::Object(entries) = &v.kind else {
            r.error(
                v.at,
                FormErrorKind::WrongKind {
                    name: "hyperparameter_ranges".into(),
                    expected: "an object `{ name: { integer: [min, max] } | { continuous: [min, max] } | { categorical: [\"a\", …] }, … }`",
                },
            );
            return None;
        };
        for (key, range) in entries {
            tuner
                .ranges
                .insert(key.name.clone(), parameter_range(r, range)?);
        }
    }
    if let Some(v) = o.get("objective_type") {
        tuner.objective_type = r
            .one_of("objective_type", v, &["Maximize", "Minimize"])?
            .to_owned();
    }
    if let Some(v) = o.get("max_jobs") {
        tuner.max_jobs = r.count("max_jobs", v)?;
    }
    if let Some(v) = o.get("max_parallel_jobs") {
        tuner.max_parallel_jobs = r.count("max_parallel_jobs", v)?;
    }
    if let Some(v) = o.get("strategy") {
        tuner.strategy = r
            .one_of("strategy", v, &["Bayesian", "Random", "Hyperband", "Grid"])?
            .to_owned();
    }
    if let Some(v) = o.get("early_stopping_type") {
        tuner.early_stopping_type = r
            .one_of("early_stopping_type", v, &["Off", "Auto"])?
            .to_owned();
    }
    // `warm_start_config: { warm_start_type: "TransferLearning", parents: ["job"] }`.
    if let Some(v) = r.optional_at(&o, "warm_start_config", "/WarmStartConfig") {
        let w = r.object(v, "warm_start_config", WARM_START)?;
        let kind = r.required(&w, "warm_start_type").and_then(|v| {
            r.one_of(
                "warm_start_type",
                v,
                &["IdenticalDataAndAlgorithm", "TransferLearning"],
            )
        });
        let parents = r
            .required(&w, "parents")
            .and_then(|v| r.strings("parents", v));
        tuner.warm_start = Some((kind?.to_owned(), parents?));
    }
    if let Some(v) = r.optional_at(
        &o,
        "metric_definitions",
        "/TrainingJobDefinition/AlgorithmSpecification/MetricDefinitions",
    ) {
        tuner.metric_definitions = metric_definitions(r, v)?;
    }
    Some(tuner)
}

/// `{ integer: [min, max] }`, `{ continuous: [min, max] }` or `{ categorical: [values] }`.
fn parameter_range(r: &mut Reader, value: &FormValue) -> Option<ParameterRange> {
    let o = r.object(
        value,
        "a hyperparameter range",
        &["integer", "continuous", "categorical"],
    )?;
    let bounds = |r: &mut Reader, name: &str, v: &FormValue| -> Option<(f64, f64)> {
        match &v.kind {
            FormValueKind::Array(items) if items.len() == 2 => {
                let min = items.first().and_then(|i| r.number(name, i));
                let max = items.get(1).and_then(|i| r.number(name, i));
                Some((min?, max?))
            }
            _ => {
                r.error(
                    v.at,
                    FormErrorKind::WrongKind {
                        name: name.to_owned(),
                        expected: "`[min, max]`",
                    },
                );
                None
            }
        }
    };
    if let Some(v) = o.get("integer") {
        let (min, max) = bounds(r, "integer", v)?;
        if min.fract() != 0.0 || max.fract() != 0.0 {
            r.error(
                v.at,
                FormErrorKind::WrongKind {
                    name: "integer".into(),
                    expected: "integer bounds `[min, max]`",
                },
            );
            return None;
        }
        return Some(ParameterRange::Integer {
            min: min as i64,
            max: max as i64,
        });
    }
    if let Some(v) = o.get("continuous") {
        let (min, max) = bounds(r, "continuous", v)?;
        return Some(ParameterRange::Continuous { min, max });
    }
    if let Some(v) = o.get("categorical") {
        return Some(ParameterRange::Categorical(r.strings("categorical", v)?));
    }
    r.error(
        value.at,
        FormErrorKind::MissingArgument {
            name: "integer",
            of: "a hyperparameter range (`integer`, `continuous` or `categorical`)",
        },
    );
    None
}

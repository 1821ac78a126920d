//! The seven forms: each reads its arguments (the Python SDK's, with its defaults) into the
//! step's builder and returns the builder's resource and request, recording where each part
//! of the request was written.

use super::StepForm;
use super::reader::Reader;
use super::values::{self, EstimatorLayout};
use super::{FormValue, FormValueKind};
use crate::Param;
use crate::steps::{
    EndpointConfigStep, EndpointStep, HyperParameters, ModelStep, ProcessingStep, TrainingStep,
    TransformStep, TuningStep,
};
use serde_json::{Map, Value};
use workflow_aws_models::Resource;

/// The keys each form takes.
pub(super) fn arguments(form: StepForm) -> &'static [&'static str] {
    match form {
        StepForm::Training => &[
            "estimator",
            "job_name",
            "data",
            "hyperparameters",
            "experiment_config",
            "wait_for_completion",
            "tags",
            "output_data_config_path",
        ],
        StepForm::Processing => &[
            "processor",
            "job_name",
            "inputs",
            "outputs",
            "experiment_config",
            "container_arguments",
            "container_entrypoint",
            "kms_key_id",
            "wait_for_completion",
            "tags",
        ],
        StepForm::Transform => &[
            "transformer",
            "job_name",
            "model_name",
            "data",
            "data_type",
            "content_type",
            "compression_type",
            "split_type",
            "experiment_config",
            "wait_for_completion",
            "tags",
            "input_filter",
            "output_filter",
            "join_source",
        ],
        StepForm::Tuning => &["tuner", "job_name", "data", "wait_for_completion", "tags"],
        StepForm::Model => &["model", "model_name", "instance_type", "tags"],
        StepForm::EndpointConfig => &[
            "endpoint_config_name",
            "model_name",
            "initial_instance_count",
            "instance_type",
            "variant_name",
            "data_capture_config",
            "tags",
        ],
        StepForm::Endpoint => &["endpoint_name", "endpoint_config_name", "update", "tags"],
    }
}

/// The resource and request of `body` read as `form`; `None` when a mistake was recorded.
pub(super) fn read(
    r: &mut Reader,
    form: StepForm,
    body: &FormValue,
) -> Option<(Resource, Map<String, Value>)> {
    let o = r.object(body, form.name(), arguments(form))?;
    r.origin("", body.at);
    // A required request value: a literal or a path, written under `pointer`.
    let param = |r: &mut Reader, name: &'static str, pointer: &str| -> Option<Param> {
        let v = r.required_at(&o, name, pointer)?;
        r.param(name, v)
    };
    let wait = |r: &mut Reader| match o.get("wait_for_completion") {
        Some(v) => r.flag("wait_for_completion", v),
        None => Some(true),
    };
    let tags = |r: &mut Reader| match r.optional_at(&o, "tags", "/Tags") {
        Some(v) => r.tags(v),
        None => Some(Vec::new()),
    };
    let experiment =
        |r: &mut Reader| match r.optional_at(&o, "experiment_config", "/ExperimentConfig") {
            Some(v) => r.json("experiment_config", v).map(Some),
            None => Some(None),
        };
    match form {
        StepForm::Training => {
            let estimator = r
                .required(&o, "estimator")
                .and_then(|v| values::estimator(r, v, &EstimatorLayout::TRAINING_JOB));
            let job_name = param(r, "job_name", "/TrainingJobName");
            let (estimator, output_path) = estimator?;
            let mut step = TrainingStep::new("", &estimator, job_name?);
            step.output_data_config_path = output_path;
            if let Some(v) = r.optional_at(&o, "data", "/InputDataConfig") {
                step.data = Some(values::training_data(r, v)?);
            }
            if let Some(v) = r.optional_at(&o, "hyperparameters", "/HyperParameters") {
                step.hyperparameters = Some(match &v.kind {
                    FormValueKind::Path(path) => HyperParameters::Path(path.clone()),
                    _ => HyperParameters::Literal(r.string_map("hyperparameters", v)?),
                });
            }
            if let Some(v) = r.optional_at(
                &o,
                "output_data_config_path",
                "/OutputDataConfig/S3OutputPath",
            ) {
                step.output_data_config_path = Some(r.param("output_data_config_path", v)?);
            }
            step.experiment_config = experiment(r)?;
            step.wait_for_completion = wait(r)?;
            step.tags = tags(r)?;
            Some((step.resource(), step.request()))
        }
        StepForm::Processing => {
            let processor = r
                .required(&o, "processor")
                .and_then(|v| values::processor(r, v));
            let job_name = param(r, "job_name", "/ProcessingJobName");
            let mut step = ProcessingStep::new("", &processor?, job_name?);
            if let Some(v) = o.get("inputs") {
                step.inputs = values::processing_inputs(r, v)?;
            }
            if let Some(v) = o.get("outputs") {
                step.outputs = values::processing_outputs(r, v)?;
            }
            if let Some(v) = r.optional_at(
                &o,
                "container_arguments",
                "/AppSpecification/ContainerArguments",
            ) {
                step.container_arguments = Some(r.strings("container_arguments", v)?);
            }
            if let Some(v) = r.optional_at(
                &o,
                "container_entrypoint",
                "/AppSpecification/ContainerEntrypoint",
            ) {
                step.container_entrypoint = Some(r.strings("container_entrypoint", v)?);
            }
            if let Some(v) = r.optional_at(&o, "kms_key_id", "/ProcessingOutputConfig/KmsKeyId") {
                step.kms_key_id = Some(r.string("kms_key_id", v)?);
            }
            step.experiment_config = experiment(r)?;
            step.wait_for_completion = wait(r)?;
            step.tags = tags(r)?;
            Some((step.resource(), step.request()))
        }
        StepForm::Transform => {
            let transformer = r
                .required(&o, "transformer")
                .and_then(|v| values::transformer(r, v));
            let job_name = param(r, "job_name", "/TransformJobName");
            let model_name = param(r, "model_name", "/ModelName");
            let data = param(r, "data", "/TransformInput/DataSource/S3DataSource/S3Uri");
            let mut step = TransformStep::new("", &transformer?, job_name?, model_name?, data?);
            if let Some(v) = r.optional_at(
                &o,
                "data_type",
                "/TransformInput/DataSource/S3DataSource/S3DataType",
            ) {
                step.data_type = r
                    .one_of(
                        "data_type",
                        v,
                        &["S3Prefix", "ManifestFile", "AugmentedManifestFile"],
                    )?
                    .to_owned();
            }
            for (name, pointer, field) in [
                (
                    "content_type",
                    "/TransformInput/ContentType",
                    &mut step.content_type,
                ),
                (
                    "compression_type",
                    "/TransformInput/CompressionType",
                    &mut step.compression_type,
                ),
                (
                    "split_type",
                    "/TransformInput/SplitType",
                    &mut step.split_type,
                ),
                (
                    "input_filter",
                    "/DataProcessing/InputFilter",
                    &mut step.input_filter,
                ),
                (
                    "output_filter",
                    "/DataProcessing/OutputFilter",
                    &mut step.output_filter,
                ),
                (
                    "join_source",
                    "/DataProcessing/JoinSource",
                    &mut step.join_source,
                ),
            ] {
                if let Some(v) = r.optional_at(&o, name, pointer) {
                    *field = Some(r.string(name, v)?);
                }
            }
            step.experiment_config = experiment(r)?;
            step.wait_for_completion = wait(r)?;
            step.tags = tags(r)?;
            Some((step.resource(), step.request()))
        }
        StepForm::Tuning => {
            let tuner = r.required(&o, "tuner").and_then(|v| values::tuner(r, v));
            let job_name = param(r, "job_name", "/HyperParameterTuningJobName");
            let data = r
                .required_at(&o, "data", "/TrainingJobDefinition/InputDataConfig")
                .and_then(|v| values::training_data(r, v));
            let mut step = TuningStep::new("", &tuner?, job_name?, data?);
            step.wait_for_completion = wait(r)?;
            step.tags = tags(r)?;
            Some((step.resource(), step.request()))
        }
        StepForm::Model => {
            let instance_type = match r.optional_at(&o, "instance_type", "/PrimaryContainer/Image")
            {
                Some(v) => Some(r.string("instance_type", v)?),
                None => None,
            };
            let model = r
                .required(&o, "model")
                .and_then(|v| values::model(r, v, instance_type.as_deref()));
            let mut step = ModelStep::new("", model?);
            step.instance_type = instance_type;
            if let Some(v) = r.optional_at(&o, "model_name", "/ModelName") {
                step.model_name = Some(r.param("model_name", v)?);
            }
            step.tags = tags(r)?;
            Some((step.resource(), step.request()))
        }
        StepForm::EndpointConfig => {
            let config_name = param(r, "endpoint_config_name", "/EndpointConfigName");
            let model_name = param(r, "model_name", "/ProductionVariants/0/ModelName");
            let (count, instance_type) = r.instances(
                &o,
                "initial_instance_count",
                "/ProductionVariants/0/InitialInstanceCount",
                "/ProductionVariants/0/InstanceType",
            );
            let mut step =
                EndpointConfigStep::new("", config_name?, model_name?, count?, instance_type?);
            if let Some(v) = r.optional_at(&o, "variant_name", "/ProductionVariants/0/VariantName")
            {
                step.variant_name = r.string("variant_name", v)?;
            }
            if let Some(v) = r.optional_at(&o, "data_capture_config", "/DataCaptureConfig") {
                step.data_capture_config = Some(r.json("data_capture_config", v)?);
            }
            step.tags = tags(r)?;
            Some((step.resource(), step.request()))
        }
        StepForm::Endpoint => {
            let endpoint_name = param(r, "endpoint_name", "/EndpointName");
            let config_name = param(r, "endpoint_config_name", "/EndpointConfigName");
            let mut step = EndpointStep::new("", endpoint_name?, config_name?);
            if let Some(v) = o.get("update") {
                step.update = r.flag("update", v)?;
            }
            step.tags = tags(r)?;
            Some((step.resource(), step.request()))
        }
    }
}

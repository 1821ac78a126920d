#!/usr/bin/env python3
"""Writes docs/sagemaker-parameters.md: every parameter of the Python SDK classes and functions
the SageMaker workflows use, with its Rust builder method and `workflow!` form key, or why
there is none.

    target/sagemaker-venv/bin/python tools/sagemaker-sdk/parameters.py          # (re)write the table
    target/sagemaker-venv/bin/python tools/sagemaker-sdk/parameters.py --check  # exit 1 if it differs

The parameters are read from the pinned SDKs (tools/sagemaker-sdk/requirements.txt) with
`inspect.signature`; a template's `**kwargs` are the names it accepts (its
`__allowed_kwargs`). What each parameter is here is written in ROWS below, by hand. The
script fails, naming them, when

- a parameter of a signature has no row (the SDK gained one: say what it is here),
- a row names a parameter no signature has (the SDK lost one),
- a row's Rust item is not a `pub fn` of workflow-sagemaker, or its form key is not a key the
  `workflow!` form of that value takes (read from the form's key lists in
  workflow-sagemaker/src/form/).

tests/sagemaker.rs::parameter_table_matches_the_pinned_sdks_signatures runs `--check`.
"""

import argparse
import difflib
import inspect
import logging
import os
import re
import sys
from pathlib import Path

os.environ["SAGEMAKER_SUPPRESS_V2_WARNING"] = "1"
logging.disable(logging.CRITICAL)

import sagemaker  # noqa: E402
import stepfunctions  # noqa: E402
from sagemaker.estimator import Estimator, EstimatorBase, Framework  # noqa: E402
from sagemaker.huggingface import HuggingFace  # noqa: E402
from sagemaker.inputs import TrainingInput, TransformInput  # noqa: E402
from sagemaker.model import FrameworkModel, Model  # noqa: E402
from sagemaker.processing import (  # noqa: E402
    FrameworkProcessor,
    ProcessingInput,
    ProcessingOutput,
    Processor,
    ScriptProcessor,
)
from sagemaker.pytorch import PyTorch, PyTorchModel  # noqa: E402
from sagemaker.sklearn import SKLearn, SKLearnModel, SKLearnProcessor  # noqa: E402
from sagemaker.tensorflow import TensorFlow, TensorFlowModel  # noqa: E402
from sagemaker.transformer import Transformer  # noqa: E402
from sagemaker.tuner import HyperparameterTuner  # noqa: E402
from sagemaker.xgboost import XGBoost, XGBoostModel  # noqa: E402
from stepfunctions.steps import (  # noqa: E402
    EndpointConfigStep,
    EndpointStep,
    ModelStep,
    ProcessingStep,
    TrainingStep,
    TransformStep,
    TuningStep,
)
from stepfunctions.template import InferencePipeline, TrainingPipeline  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "docs" / "sagemaker-parameters.md"
CRATE = ROOT / "workflow-sagemaker" / "src"

# Why a parameter has no counterpart here.
REASONS = {
    "aws": "needs AWS or a local file: the SageMaker SDK looks it up, uploads it or calls AWS "
    "when the step is built; a step here is built offline (upload first, then give the `s3://` URI)",
    "dropped": "the Data Science SDK's step leaves it out of the request: the pinned SDK writes the same "
    "ASL with it and without it (tried for each parameter)",
    "clock": "only names what the SDK makes from the clock (a default job name); here the step's "
    "`job_name` names the job",
    "refused": "the SDK writes a field that SageMaker's API model (botocore) does not have in this "
    "request, which SageMaker refuses; every request here is checked against that model",
    "python": "a Python object of the SDK, in no request (predictor classes, the Step Functions client)",
    "not offered": "not offered here yet (the note says what it is)",
}


def covered(rust, form=None, note=""):
    return {"rust": rust, "form": form, "note": note}


def absent(reason, note=""):
    assert reason in REASONS, reason
    return {"reason": reason, "note": note}


# --- the rows, by parameter, for each family of classes -------------------------------------

# `EstimatorBase` and `Estimator` (and every framework estimator's **kwargs).
ESTIMATOR = {
    "image_uri": covered("`Estimator::new(image_uri, …)`", "image_uri"),
    "role": covered("`Estimator::new(…, role, …)`", "role"),
    "instance_count": covered("`Estimator::new(…, instance_count, …)`", "instance_count"),
    "instance_type": covered("`Estimator::new(…, instance_type)`", "instance_type"),
    "keep_alive_period_in_seconds": covered("`.keep_alive_period_in_seconds(s)`", "keep_alive_period_in_seconds"),
    "volume_size": covered("`.volume_size_gb(gb)`", "volume_size"),
    "volume_kms_key": covered("`.volume_kms_key(key)`", "volume_kms_key"),
    "max_run": covered("`.max_run_seconds(s)`", "max_run"),
    "input_mode": covered("`.input_mode(InputMode::…)`", "input_mode"),
    "output_path": covered("`.output_path(uri)`", "output_path", "required for a training step"),
    "output_kms_key": covered("`.output_kms_key(key)`", "output_kms_key"),
    "base_job_name": absent("clock"),
    "sagemaker_session": absent("aws"),
    "tags": covered("`TrainingStep::tag(k, v)`", note="the same `Tags`; in a form, the step's `tags`"),
    "subnets": covered("`.vpc_config(subnets, security_group_ids)`", "subnets"),
    "security_group_ids": covered("`.vpc_config(subnets, security_group_ids)`", "security_group_ids"),
    "model_uri": covered("`.model_uri(uri)`", "model_uri", "one more channel"),
    "model_channel_name": covered("`.model_channel_name(name)`", "model_channel_name", "the `model_uri` channel's name"),
    "metric_definitions": covered("`.metric_definition(name, regex)`", "metric_definitions"),
    "encrypt_inter_container_traffic": absent("dropped"),
    "use_spot_instances": covered("`.use_spot_instances(true)`", "use_spot_instances"),
    "max_wait": covered("`.max_wait(s)`", "max_wait"),
    "checkpoint_s3_uri": covered("`.checkpoint_s3_uri(uri)`", "checkpoint_s3_uri", "written with `checkpoint_local_path`, as the SDK writes it"),
    "checkpoint_local_path": covered("`.checkpoint_local_path(path)`", "checkpoint_local_path"),
    "rules": absent("not offered", "Debugger rules (`DebugRuleConfigurations`): their images are not in the image table"),
    "debugger_hook_config": covered("`.debugger_hook(false)`", "debugger_hook", "on or off; the hook's own settings are not offered"),
    "tensorboard_output_config": absent("dropped"),
    "enable_sagemaker_metrics": absent("dropped"),
    "enable_network_isolation": absent("dropped"),
    "profiler_config": absent("dropped"),
    "disable_profiler": absent("dropped"),
    "environment": covered("`.environment(k, v)`", "environment", "the SDK's step does not send it to the training job; `TrainingStep::expected_model` gives it to the model, as `get_expected_model()` does"),
    "max_retry_attempts": absent("dropped"),
    "source_dir": covered("`.source_dir(uri)`", "source_dir", "script mode; an `s3://` URI"),
    "git_config": absent("aws"),
    "hyperparameters": covered("`.hyperparameter(k, v)`", "hyperparameters"),
    "container_log_level": covered("`.container_log_level(level)`", "container_log_level", "script mode's `sagemaker_container_log_level`"),
    "code_location": absent("aws"),
    "entry_point": covered("`Estimator::framework(…, entry_point, …)`, `Estimator::script(…)`", "entry_point"),
    "dependencies": absent("aws"),
    "instance_groups": absent("not offered", "heterogeneous clusters (`ResourceConfig.InstanceGroups`)"),
    "training_repository_access_mode": absent("dropped"),
    "training_repository_credentials_provider_arn": absent("dropped"),
    "enable_infra_check": absent("dropped"),
    "container_entry_point": absent("dropped"),
    "container_arguments": absent("dropped"),
    "disable_output_compression": covered("`.disable_output_compression(true)`", "disable_output_compression"),
    "enable_remote_debug": absent("dropped"),
    "enable_session_tag_chaining": absent("dropped"),
    "training_plan": absent("not offered", "`ResourceConfig.TrainingPlanArn`"),
    "instance_placement_config": absent("not offered", "`ResourceConfig.InstancePlacementConfig`"),
}

# What the framework estimators add (the rest of their **kwargs are ESTIMATOR's).
FRAMEWORK_ESTIMATOR = {
    "framework_version": covered("`Estimator::framework(_, version, …)`, `ImageQuery::version`", "image_uri: { version }"),
    "py_version": covered("`ImageQuery::py_version`", "image_uri: { py_version }"),
    "image_uri_region": covered("`Estimator::framework(_, _, region, …)`, `ImageQuery::new(_, region)`", "image_uri: { region }"),
    "distribution": absent("not offered", "distributed training's `sagemaker_distributed_*` hyperparameters"),
    "compiler_config": absent("not offered", "Training Compiler images are not in the image table"),
    "training_recipe": absent("aws", "a recipe is fetched from git or a local file"),
    "recipe_overrides": absent("aws", "with `training_recipe`"),
    "model_dir": covered("`.model_dir(uri)`, `.without_model_dir()`", "model_dir", "TensorFlow's; by default `<output path>/<job name>/model`, as the SDK's"),
    "transformers_version": covered("`ImageQuery::version`", "image_uri: { version }"),
    "pytorch_version": covered("`ImageQuery::base_framework_version(\"pytorch2.1\")`", "image_uri: { base_framework_version }"),
    "tensorflow_version": covered("`ImageQuery::base_framework_version(\"tensorflow2.6\")`", "image_uri: { base_framework_version }"),
}

MODEL = {
    "image_uri": covered("`Model::new(image_uri, …)`", "image_uri"),
    "model_data": covered("`Model::new(_, model_data, _)`, `Model::framework(_, model_data, _)`", "model_data"),
    "role": covered("`Model::new(…, role)`", "role"),
    "predictor_cls": absent("python"),
    "env": covered("`.env(k, v)`", "environment"),
    "name": covered("`.name(name)`", "name", "a `ModelStep`'s `model_name` wins"),
    "vpc_config": absent("dropped"),
    "sagemaker_session": absent("aws"),
    "enable_network_isolation": absent("dropped"),
    "model_kms_key": absent("dropped"),
    "image_config": absent("dropped"),
    "source_dir": covered("`.source_dir(uri)`", "source_dir", "a framework model's (a plain `Model`'s is dropped by the SDK)"),
    "code_location": absent("aws"),
    "entry_point": covered("`.entry_point(script)`", "entry_point", "a framework model's (a plain `Model`'s is dropped by the SDK)"),
    "container_log_level": covered("`.container_log_level(level)`", "container_log_level", "a framework model's"),
    "dependencies": absent("aws"),
    "git_config": absent("aws"),
    "resources": absent("dropped"),
    "additional_model_data_sources": absent("dropped"),
    "model_reference_arn": absent("dropped"),
    # The framework models' own.
    "framework_version": covered("`Model::framework(ImageQuery::new(…).version(v), …)`", "image_uri: { version }"),
    "py_version": covered("`ImageQuery::py_version`", "image_uri: { py_version }"),
    "model_server_workers": covered("`.model_server_workers(n)`", "model_server_workers", "`SAGEMAKER_MODEL_SERVER_WORKERS`"),
}

PROCESSOR = {
    "role": covered("`Processor::new(role, …)`", "role"),
    "image_uri": covered("`Processor::new(_, image_uri, …)`", "image_uri"),
    "instance_count": covered("`Processor::new(…, instance_count, _)`", "instance_count"),
    "instance_type": covered("`Processor::new(…, instance_type)`", "instance_type"),
    "entrypoint": covered("`.entrypoint(args)`", "entrypoint", "written; the SDK's step drops it (README)"),
    "command": covered("`.command(args)` with `ProcessingStep::code(uri)`", note="the SDK's step writes no command; `code` runs `command` + the script, as `ScriptProcessor.run(code=…)`; in a form, write the step's `container_entrypoint`"),
    "volume_size_in_gb": covered("`.volume_size_in_gb(gb)`", "volume_size_in_gb"),
    "volume_kms_key": covered("`.volume_kms_key(key)`", "volume_kms_key"),
    "output_kms_key": absent("dropped", "`ProcessingStep::kms_key_id` writes the outputs' key"),
    "max_runtime_in_seconds": covered("`.max_runtime_seconds(s)`", "max_runtime_in_seconds"),
    "base_job_name": absent("clock"),
    "sagemaker_session": absent("aws"),
    "env": covered("`.env(k, v)`", "env"),
    "tags": covered("`ProcessingStep::tag(k, v)`", note="the same `Tags`; in a form, the step's `tags`"),
    "network_config": covered("`.network_config(NetworkConfig { … })`", "network_config"),
    "estimator_cls": covered("`Processor::framework(ImageQuery::new(framework, region)…)`", "image_uri: { framework }"),
    "framework_version": covered("`ImageQuery::version`", "image_uri: { version }"),
    "py_version": covered("`ImageQuery::py_version`", "image_uri: { py_version }"),
    "code_location": absent("aws"),
}

TRANSFORMER = {
    "model_name": covered("`TransformStep::new(…, model_name, _)`", note="the step's `model_name` (the SDK's step writes its own, not the transformer's)"),
    "instance_count": covered("`Transformer::new(instance_count, _)`", "instance_count"),
    "instance_type": covered("`Transformer::new(_, instance_type)`", "instance_type"),
    "strategy": covered("`.strategy(s)`", "strategy"),
    "assemble_with": covered("`.assemble_with(s)`", "assemble_with"),
    "output_path": covered("`.output_path(uri)`", "output_path"),
    "output_kms_key": covered("`.output_kms_key(key)`", "output_kms_key"),
    "accept": covered("`.accept(mime)`", "accept"),
    "max_concurrent_transforms": covered("`.max_concurrent_transforms(n)`", "max_concurrent_transforms"),
    "max_payload": covered("`.max_payload_mb(mb)`", "max_payload"),
    "tags": covered("`TransformStep::tag(k, v)`", note="the same `Tags`; in a form, the step's `tags`"),
    "env": covered("`.env(k, v)`", "env"),
    "base_transform_job_name": absent("clock"),
    "sagemaker_session": absent("aws"),
    "volume_kms_key": covered("`.volume_kms_key(key)`", "volume_kms_key"),
}

TRAINING_INPUT = {
    "s3_data": covered("`Channel::new(name, s3_data)`", "s3_data"),
    "distribution": covered("`.distribution(d)`", "distribution"),
    "compression": covered("`.compression(c)`", "compression"),
    "content_type": covered("`.content_type(mime)`", "content_type"),
    "record_wrapping": covered("`.record_wrapping(w)`", "record_wrapping"),
    "s3_data_type": covered("`.s3_data_type(t)`", "s3_data_type"),
    "instance_groups": covered("`.instance_groups(names)`", "instance_groups"),
    "input_mode": covered("`.input_mode(InputMode::…)`", "input_mode"),
    "attribute_names": covered("`.attribute_names(names)`", "attribute_names"),
    "target_attribute_name": absent("refused", "`Channel.TargetAttributeName` (an AutoML channel's field)"),
    "shuffle_config": covered("`.shuffle_config(seed)`", "shuffle_config"),
    "hub_access_config": absent("not offered", "`S3DataSource.HubAccessConfig` (JumpStart hubs)"),
    "model_access_config": absent("not offered", "`S3DataSource.ModelAccessConfig` (JumpStart EULAs)"),
}

PROCESSING_INPUT = {
    "source": covered("`ProcessingInput::new(_, source, _)`", "source"),
    "destination": covered("`ProcessingInput::new(…, destination)`", "destination"),
    "input_name": covered("`ProcessingInput::new(input_name, …)`", "input_name", "required here: the SDK numbers unnamed inputs only in `Processor.run`"),
    "s3_data_type": covered("`.s3_data_type(t)`", "s3_data_type"),
    "s3_input_mode": covered("`.s3_input_mode(m)`", "s3_input_mode"),
    "s3_data_distribution_type": covered("`.s3_data_distribution_type(d)`", "s3_data_distribution_type"),
    "s3_compression_type": covered("`.s3_compression_type(c)`", "s3_compression_type"),
    "s3_input": absent("not offered", "the same fields as one `S3Input` object: use the builder methods above"),
    "dataset_definition": absent("not offered", "Athena and Redshift inputs"),
    "app_managed": covered("`.app_managed(true)`", "app_managed"),
}

PROCESSING_OUTPUT = {
    "source": covered("`ProcessingOutput::new(_, source, _)`", "source"),
    "destination": covered("`ProcessingOutput::new(…, destination)`", "destination"),
    "output_name": covered("`ProcessingOutput::new(output_name, …)`", "output_name"),
    "s3_upload_mode": covered("`.s3_upload_mode(m)`", "s3_upload_mode"),
    "app_managed": covered("`.app_managed(true)`", "app_managed"),
    "feature_store_output": absent("not offered", "Feature Store outputs"),
}

TRANSFORM_INPUT = {
    "data": covered("`TransformStep::new(…, data)`", "data"),
    "data_type": covered("`TransformStep::data_type(t)`", "data_type"),
    "content_type": covered("`TransformStep::content_type(mime)`", "content_type"),
    "compression_type": covered("`TransformStep::compression_type(c)`", "compression_type"),
    "split_type": covered("`TransformStep::split_type(s)`", "split_type"),
    "input_filter": covered("`TransformStep::input_filter(f)`", "input_filter"),
    "output_filter": covered("`TransformStep::output_filter(f)`", "output_filter"),
    "join_source": covered("`TransformStep::join_source(s)`", "join_source"),
    "model_client_config": absent("dropped", "not an argument of the SDK's `TransformStep`"),
    "batch_data_capture_config": absent("dropped", "not an argument of the SDK's `TransformStep`"),
}

TUNER = {
    "estimator": covered("`Tuner::new(estimator, _)`", "estimator"),
    "objective_metric_name": covered("`Tuner::new(_, objective_metric_name)`", "objective_metric_name"),
    "hyperparameter_ranges": covered("`.range(name, ParameterRange::…)`", "hyperparameter_ranges"),
    "metric_definitions": covered("`.metric_definition(name, regex)`", "metric_definitions"),
    "strategy": covered("`.strategy(s)`", "strategy"),
    "objective_type": covered("`.objective_type(t)`", "objective_type"),
    "max_jobs": covered("`.max_jobs(max_jobs, max_parallel_jobs)`", "max_jobs"),
    "max_parallel_jobs": covered("`.max_jobs(max_jobs, max_parallel_jobs)`", "max_parallel_jobs"),
    "max_runtime_in_seconds": absent("dropped"),
    "tags": covered("`TuningStep::tag(k, v)`", note="the same `Tags`; in a form, the step's `tags`"),
    "base_tuning_job_name": absent("clock"),
    "warm_start_config": covered("`.warm_start_config(type, parents)`", "warm_start_config"),
    "strategy_config": absent("dropped"),
    "completion_criteria_config": absent("dropped"),
    "early_stopping_type": covered("`.early_stopping_type(t)`", "early_stopping_type"),
    "estimator_name": absent("not offered", "tuners of several estimators"),
    "random_seed": absent("dropped"),
    "autotune": absent("dropped"),
    "hyperparameters_to_keep_static": absent("dropped", "with `autotune`"),
}

# The steps' **kwargs are the Task state's fields.
STEP_KWARGS = "`Step::comment`, `Step::retry`, `Step::catch`; the other fields of the Task state (`input_path`, `result_path`, `output_path`, `parameters`, …) through the `workflow!` language"

STEPS = {
    "TrainingStep": {
        "state_id": covered("`TrainingStep::new(name, …)`", "the state's name"),
        "estimator": covered("`TrainingStep::new(_, estimator, _)`", "estimator"),
        "job_name": covered("`TrainingStep::new(…, job_name)`", "job_name"),
        "data": covered("`.data(…)`", "data"),
        "hyperparameters": covered("`.hyperparameters(HyperParameters::…)`", "hyperparameters"),
        "mini_batch_size": absent("not offered", "for the SDK's Amazon algorithm estimators (`RecordSet` data), which are not offered"),
        "experiment_config": covered("`.experiment_config(json)`", "experiment_config"),
        "wait_for_completion": covered("`.wait_for_completion(false)`", "wait_for_completion"),
        "tags": covered("`.tag(k, v)`", "tags"),
        "output_data_config_path": covered("`.output_data_config_path(uri)`", "output_data_config_path", "the form's `estimator: { output_path }` given as a path"),
    },
    "ProcessingStep": {
        "state_id": covered("`ProcessingStep::new(name, …)`", "the state's name"),
        "processor": covered("`ProcessingStep::new(_, processor, _)`", "processor"),
        "job_name": covered("`ProcessingStep::new(…, job_name)`", "job_name"),
        "inputs": covered("`.input(ProcessingInput)`", "inputs"),
        "outputs": covered("`.output(ProcessingOutput)`", "outputs"),
        "experiment_config": covered("`.experiment_config(json)`", "experiment_config"),
        "container_arguments": covered("`.container_arguments(args)`", "container_arguments"),
        "container_entrypoint": covered("`.container_entrypoint(args)`", "container_entrypoint"),
        "kms_key_id": covered("`.kms_key_id(key)`", "kms_key_id"),
        "wait_for_completion": covered("`.wait_for_completion(false)`", "wait_for_completion"),
        "tags": covered("`.tag(k, v)`", "tags"),
    },
    "TransformStep": {
        "state_id": covered("`TransformStep::new(name, …)`", "the state's name"),
        "transformer": covered("`TransformStep::new(_, transformer, …)`", "transformer"),
        "job_name": covered("`TransformStep::new(…, job_name, …)`", "job_name"),
        "model_name": covered("`TransformStep::new(…, model_name, _)`", "model_name"),
        "data": covered("`TransformStep::new(…, data)`", "data"),
        "data_type": covered("`.data_type(t)`", "data_type"),
        "content_type": covered("`.content_type(mime)`", "content_type"),
        "compression_type": covered("`.compression_type(c)`", "compression_type"),
        "split_type": covered("`.split_type(s)`", "split_type"),
        "experiment_config": covered("`.experiment_config(json)`", "experiment_config"),
        "wait_for_completion": covered("`.wait_for_completion(false)`", "wait_for_completion"),
        "tags": covered("`.tag(k, v)`", "tags"),
        "input_filter": covered("`.input_filter(f)`", "input_filter"),
        "output_filter": covered("`.output_filter(f)`", "output_filter"),
        "join_source": covered("`.join_source(s)`", "join_source"),
    },
    "TuningStep": {
        "state_id": covered("`TuningStep::new(name, …)`", "the state's name"),
        "tuner": covered("`TuningStep::new(_, tuner, …)`", "tuner"),
        "job_name": covered("`TuningStep::new(…, job_name, _)`", "job_name"),
        "data": covered("`TuningStep::new(…, data)`", "data"),
        "wait_for_completion": covered("`.wait_for_completion(false)`", "wait_for_completion"),
        "tags": covered("`.tag(k, v)`", "tags"),
    },
    "ModelStep": {
        "state_id": covered("`ModelStep::new(name, _)`", "the state's name"),
        "model": covered("`ModelStep::new(_, model)`", "model"),
        "model_name": covered("`.model_name(name)`", "model_name"),
        "instance_type": covered("`.instance_type(t)`", "instance_type", "chooses a framework model's CPU or GPU image"),
        "tags": covered("`.tag(k, v)`", "tags"),
    },
    "EndpointConfigStep": {
        "state_id": covered("`EndpointConfigStep::new(name, …)`", "the state's name"),
        "endpoint_config_name": covered("`EndpointConfigStep::new(_, endpoint_config_name, …)`", "endpoint_config_name"),
        "model_name": covered("`EndpointConfigStep::new(…, model_name, …)`", "model_name"),
        "initial_instance_count": covered("`EndpointConfigStep::new(…, initial_instance_count, _)`", "initial_instance_count"),
        "instance_type": covered("`EndpointConfigStep::new(…, instance_type)`", "instance_type"),
        "variant_name": covered("`.variant_name(name)`", "variant_name"),
        "data_capture_config": covered("`.data_capture_config(json)`", "data_capture_config", "the request's `DataCaptureConfig` (what the SDK writes of a `DataCaptureConfig` object; it drops a plain dict)"),
        "tags": covered("`.tag(k, v)`", "tags"),
    },
    "EndpointStep": {
        "state_id": covered("`EndpointStep::new(name, …)`", "the state's name"),
        "endpoint_name": covered("`EndpointStep::new(_, endpoint_name, _)`", "endpoint_name"),
        "endpoint_config_name": covered("`EndpointStep::new(…, endpoint_config_name)`", "endpoint_config_name"),
        "tags": covered("`.tag(k, v)`", "tags"),
        "update": covered("`.update(true)`", "update"),
    },
}

TEMPLATES = {
    "TrainingPipeline": {
        "estimator": covered("`TrainingPipeline::new(estimator, …)`"),
        "role": covered("`TrainingPipeline::new(_, role, …)`"),
        "inputs": covered("`TrainingPipeline::new(…, inputs, …)`"),
        "s3_bucket": covered("`TrainingPipeline::new(…, s3_bucket, _)`"),
        "client": absent("python", "`workflow_runtime::client` deploys and executes (`StateMachineSpec::try_from(&pipeline)`)"),
        "pipeline_name": covered("`TrainingPipeline::new(…, pipeline_name)`", note="required: the SDK's default is made from the clock"),
    },
    "InferencePipeline": {
        "preprocessor": covered("`InferencePipeline::new(preprocessor, …)`"),
        "estimator": covered("`InferencePipeline::new(_, estimator, …)`"),
        "inputs": covered("`InferencePipeline::new(…, inputs, …)`"),
        "s3_bucket": covered("`InferencePipeline::new(…, s3_bucket, …)`"),
        "role": covered("`InferencePipeline::new(…, role, _)`"),
        "client": absent("python", "`workflow_runtime::client` deploys and executes"),
        "compression_type": covered("`.compression_type(c)`"),
        "content_type": covered("`.content_type(mime)`"),
        "pipeline_name": covered("`InferencePipeline::new(…, pipeline_name)`", note="required: the SDK's default is made from the clock"),
    },
}

# The form keys each value takes: the name of the list in workflow-sagemaker/src/form/.
FORM_LISTS = {
    "estimator": "ESTIMATOR",
    "model": "MODEL",
    "processor": "PROCESSOR",
    "transformer": "TRANSFORMER",
    "channel": "CHANNEL",
    "processing_input": "PROCESSING_INPUT",
    "processing_output": "PROCESSING_OUTPUT",
    "tuner": "TUNER",
    "image_uri": "IMAGE_QUERY",
}

# (section, class, its rows, the form whose keys its form keys are, where its **kwargs go)
CLASSES = [
    ("Estimators", EstimatorBase, ESTIMATOR, "estimator", None),
    ("Estimators", Estimator, ESTIMATOR, "estimator", "`EstimatorBase`"),
    ("Estimators", Framework, ESTIMATOR, "estimator", "`EstimatorBase`"),
    ("Estimators", SKLearn, (ESTIMATOR, FRAMEWORK_ESTIMATOR), "estimator", "`Framework`"),
    ("Estimators", PyTorch, (ESTIMATOR, FRAMEWORK_ESTIMATOR), "estimator", "`Framework`"),
    ("Estimators", TensorFlow, (ESTIMATOR, FRAMEWORK_ESTIMATOR), "estimator", "`Framework`"),
    ("Estimators", XGBoost, (ESTIMATOR, FRAMEWORK_ESTIMATOR), "estimator", "`Framework`"),
    ("Estimators", HuggingFace, (ESTIMATOR, FRAMEWORK_ESTIMATOR), "estimator", "`Framework`"),
    ("Models", Model, MODEL, "model", None),
    ("Models", FrameworkModel, MODEL, "model", "`Model`"),
    ("Models", SKLearnModel, MODEL, "model", "`FrameworkModel`"),
    ("Models", PyTorchModel, MODEL, "model", "`FrameworkModel`"),
    ("Models", TensorFlowModel, MODEL, "model", "`FrameworkModel`"),
    ("Models", XGBoostModel, MODEL, "model", "`FrameworkModel`"),
    ("Processors", Processor, PROCESSOR, "processor", None),
    ("Processors", ScriptProcessor, PROCESSOR, "processor", None),
    ("Processors", FrameworkProcessor, PROCESSOR, "processor", None),
    ("Processors", SKLearnProcessor, PROCESSOR, "processor", None),
    ("Transformers and tuners", Transformer, TRANSFORMER, "transformer", None),
    ("Transformers and tuners", HyperparameterTuner, TUNER, "tuner", None),
    ("Inputs", TrainingInput, TRAINING_INPUT, "channel", None),
    ("Inputs", ProcessingInput, PROCESSING_INPUT, "processing_input", None),
    ("Inputs", ProcessingOutput, PROCESSING_OUTPUT, "processing_output", None),
    ("Inputs", TransformInput, TRANSFORM_INPUT, "TransformStep", None),
] + [
    ("Steps", cls, STEPS[cls.__name__], cls.__name__, "the Task state")
    for cls in (TrainingStep, ProcessingStep, TransformStep, TuningStep, ModelStep, EndpointConfigStep, EndpointStep)
] + [
    ("Templates", cls, TEMPLATES[cls.__name__], None, None) for cls in (TrainingPipeline, InferencePipeline)
]


def parameters(cls):
    """The parameters of `cls`'s constructor, in order; a template's **kwargs as the names it
    accepts; `(names, has **kwargs)`."""
    names, kwargs = [], False
    for p in inspect.signature(cls.__init__).parameters.values():
        if p.name == "self":
            continue
        if p.kind == inspect.Parameter.VAR_KEYWORD:
            allowed = getattr(cls, f"_{cls.__name__}__allowed_kwargs", None)
            if allowed is not None:
                names.extend(allowed)
            else:
                kwargs = True
            continue
        names.append(p.name)
    return names, kwargs


def form_keys():
    """The keys each form value takes, read from workflow-sagemaker/src/form/."""
    values = (CRATE / "form" / "values.rs").read_text()
    steps = (CRATE / "form" / "steps.rs").read_text()
    keys = {}
    for form, const in FORM_LISTS.items():
        m = re.search(rf"const {const}: &\[&str\] = &\[(.*?)\];", values, re.S)
        if not m:
            sys.exit(f"parameters.py: no `const {const}` in form/values.rs")
        keys[form] = set(re.findall(r'"([a-z_0-9]+)"', m.group(1)))
    for form in ("Training", "Processing", "Transform", "Tuning", "Model", "EndpointConfig", "Endpoint"):
        m = re.search(rf"StepForm::{form} => &\[(.*?)\]", steps, re.S)
        if not m:
            sys.exit(f"parameters.py: no key list of StepForm::{form} in form/steps.rs")
        keys[f"{form}Step"] = set(re.findall(r'"([a-z_0-9]+)"', m.group(1)))
    return keys


def public_functions():
    text = "".join(p.read_text() for p in CRATE.rglob("*.rs"))
    return set(re.findall(r"pub fn ([a-z_0-9]+)", text))


def problems_of(cls, names, rows, form, keys, functions):
    problems = []
    for name in names:
        if name not in rows:
            problems.append(f"{cls.__name__}: parameter `{name}` has no row")
            continue
        row = rows[name]
        for fn in re.findall(r"(?:\.|::)([a-z_0-9]+)\(", row.get("rust", "")):
            if fn not in functions:
                problems.append(f"{cls.__name__}.{name}: `{fn}` is not a `pub fn` of workflow-sagemaker")
        key = row.get("form")
        if key and form and key != "the state's name":
            nested = re.fullmatch(r"image_uri: \{ ([a-z_]+) \}", key)
            allowed = keys["image_uri"] if nested else keys.get(form, set())
            if (nested.group(1) if nested else key) not in allowed:
                problems.append(f"{cls.__name__}.{name}: `{key}` is not a key of the `{form}` form")
    return problems


def cell(text):
    return (text or "").replace("|", "\\|")


def sources(rows):
    """The dicts of rows a class's rows are made of."""
    return rows if isinstance(rows, tuple) else (rows,)


def merged(rows):
    out = {}
    for d in sources(rows):
        out.update(d)
    return out


def render():
    keys, functions = form_keys(), public_functions()
    problems, sections = [], {}
    totals = {"covered": 0, **{r: 0 for r in REASONS}}
    used = {}
    for section, cls, rows, form, kwargs_to in CLASSES:
        names, kwargs = parameters(cls)
        for d in sources(rows):
            used.setdefault(id(d), (d, set()))[1].update(names)
        rows = merged(rows)
        problems += problems_of(cls, names, rows, form, keys, functions)
        lines = [f"### `{cls.__module__}.{cls.__name__}`", ""]
        lines += ["| Python | Rust | `workflow!` form key | note |", "|---|---|---|---|"]
        for name in names:
            row = rows.get(name)
            if row is None:
                continue
            if "rust" in row:
                totals["covered"] += 1
                form_key = f"`{row['form']}`" if row["form"] and row["form"] != "the state's name" else (row["form"] or "—")
                lines.append(f"| `{name}` | {cell(row['rust'])} | {cell(form_key)} | {cell(row['note'])} |")
            else:
                totals[row["reason"]] += 1
                note = f"**{row['reason']}**" + (f": {row['note']}" if row["note"] else "")
                lines.append(f"| `{name}` | — | — | {cell(note)} |")
        if kwargs:
            target = kwargs_to or "?"
            lines.append(f"| `**kwargs` | {cell(STEP_KWARGS) if target == 'the Task state' else 'see ' + target} | | passed to {target} |")
        sections.setdefault(section, []).extend(lines + [""])
    for d, names in used.values():
        problems += [f"row `{n}` names no parameter of the classes it describes" for n in d if n not in names]
    if problems:
        sys.exit("parameters.py:\n  " + "\n  ".join(sorted(set(problems))))
    absent_total = sum(totals[r] for r in REASONS)
    out = [
        "# The SageMaker Python SDK's parameters in `workflow_runtime::sagemaker`",
        "",
        "<!-- Generated by tools/sagemaker-sdk/parameters.py from the pinned SDKs "
        f"(sagemaker {sagemaker.__version__}, stepfunctions {stepfunctions.__version__}); do not edit. -->",
        "",
        "Every parameter of the Python classes and functions the SageMaker workflows use (the",
        "estimators and framework estimators, models and framework models, processors and framework",
        "processors, transformers and tuners, their inputs, the seven steps and both templates), as",
        "`inspect.signature` reads it from the pinned SDKs, with its Rust builder method and its key in",
        "the `workflow!` language's step forms (`sagemaker::TrainingStep { … }`), or why there is none.",
        "A test (`tests/sagemaker.rs::parameter_table_matches_the_pinned_sdks_signatures`) regenerates",
        "this page: a parameter the SDK has and this page does not fails it. The templates are Rust",
        "values only (the language has the steps), so their parameters have no form key.",
        "",
        f"**{totals['covered'] + absent_total} parameters: {totals['covered']} covered, {absent_total} absent** "
        "(counted once per class; `**kwargs` are not counted, their parameters are the parent's):",
        "",
        "| absent because | parameters | |",
        "|---|---|---|",
    ]
    out += [f"| **{r}** | {totals[r]} | {REASONS[r]} |" for r in REASONS]
    out += [""]
    for section, lines in sections.items():
        out += [f"## {section}", ""] + lines
    return "\n".join(out).rstrip("\n") + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed table differs")
    args = parser.parse_args()
    text = render()
    if args.check:
        committed = TABLE.read_text() if TABLE.exists() else ""
        if committed != text:
            diff = difflib.unified_diff(committed.splitlines(), text.splitlines(), "committed", "generated", lineterm="")
            print("\n".join(diff))
            print(f"{TABLE.relative_to(ROOT)} differs from what the pinned SDKs give; rerun without --check", file=sys.stderr)
            sys.exit(1)
        print(f"{TABLE.relative_to(ROOT)} matches sagemaker {sagemaker.__version__}, stepfunctions {stepfunctions.__version__}")
        return
    TABLE.write_text(text)
    print(f"wrote {TABLE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

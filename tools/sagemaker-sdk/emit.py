#!/usr/bin/env python3
"""Prints, offline, what the AWS Step Functions Data Science SDK (stepfunctions 2.3.0, with the
SageMaker Python SDK pinned in requirements.txt) emits for the SageMaker steps and templates
that workflow-runtime's `sagemaker` module builds from the same arguments.

    target/sagemaker-venv/bin/python tools/sagemaker-sdk/emit.py > sdk.json

Output: one JSON object, case name -> {"asl": the state machine definition, and for the
templates "input": the execution input `execute(job_name, hyperparameters)` sends}. Each step is
emitted as a one-state machine. tests/sagemaker_sdk.rs builds the same cases in Rust and
compares; the differences are named in tools/sagemaker-sdk/README.md.

No AWS call is made: the region, the credentials and the roles are explicit, every endpoint
points at a closed port, and the templates' `execute` is intercepted before it calls
StartExecution.
"""

import functools
import json
import logging
import os
import sys

os.environ["AWS_DEFAULT_REGION"] = "us-east-1"
os.environ["AWS_ACCESS_KEY_ID"] = "testing"
os.environ["AWS_SECRET_ACCESS_KEY"] = "testing"
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
os.environ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9"  # any accidental call fails at once
os.environ["SAGEMAKER_SUPPRESS_V2_WARNING"] = "1"
logging.disable(logging.CRITICAL)

import boto3  # noqa: E402
import sagemaker  # noqa: E402
from sagemaker.estimator import Estimator  # noqa: E402
from sagemaker.model_monitor import DataCaptureConfig  # noqa: E402
from sagemaker.network import NetworkConfig  # noqa: E402
from sagemaker.inputs import ShuffleConfig, TrainingInput  # noqa: E402
from sagemaker.processing import (  # noqa: E402
    FrameworkProcessor,
    Processor,
    ProcessingInput,
    ProcessingOutput,
    ScriptProcessor,
)
from sagemaker.sklearn.processing import SKLearnProcessor  # noqa: E402
from sagemaker.sklearn.estimator import SKLearn  # noqa: E402
from sagemaker.sklearn.model import SKLearnModel  # noqa: E402
from sagemaker.huggingface import HuggingFace  # noqa: E402
from sagemaker.pytorch import PyTorch, PyTorchModel  # noqa: E402
from sagemaker.tensorflow import TensorFlow, TensorFlowModel  # noqa: E402
from sagemaker.xgboost import XGBoost, XGBoostModel  # noqa: E402
from sagemaker.transformer import Transformer  # noqa: E402
from sagemaker.tuner import (  # noqa: E402
    ContinuousParameter,
    HyperparameterTuner,
    IntegerParameter,
    WarmStartConfig,
    WarmStartTypes,
)
from stepfunctions.inputs import ExecutionInput  # noqa: E402
from stepfunctions.steps import (  # noqa: E402
    Chain,
    EndpointConfigStep,
    EndpointStep,
    ModelStep,
    ProcessingStep,
    TrainingStep,
    TransformStep,
    TuningStep,
)
from stepfunctions.steps.states import Graph  # noqa: E402
from stepfunctions.template import InferencePipeline, TrainingPipeline  # noqa: E402
import stepfunctions.steps.integration_resources  # noqa: E402

# The SDK names each Task's resource with `get_aws_partition()` (stepfunctions.steps.utils),
# which makes three boto3 sessions, each reading botocore's endpoint data anew, on every call:
# 65 calls, 22 of emit.py's 32 CPU-seconds. Its answer depends only on the session's region,
# fixed above for the whole run, so it is asked once (`functools.cache`) and the same answer
# serves every call; what the SDK emits is unchanged.
stepfunctions.steps.integration_resources.get_aws_partition = functools.cache(
    stepfunctions.steps.integration_resources.get_aws_partition
)

# The arguments; tests/sagemaker_sdk.rs uses the same values.
REGION = "us-east-1"
ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"
WORKFLOW_ROLE = "arn:aws:iam::123456789012:role/StepFunctionsRole"
BUCKET = "sagemaker-bucket"
XGBOOST = sagemaker.image_uris.retrieve("xgboost", REGION, "1.7-1")
SKLEARN = sagemaker.image_uris.retrieve("sklearn", REGION, "1.2-1")

boto_session = boto3.Session(region_name=REGION)
session = sagemaker.Session(boto_session=boto_session, default_bucket=BUCKET)
# `default_bucket()` would check (and create) the bucket on S3; the value is set, not looked up.
session._default_bucket = BUCKET
sfn = boto_session.client("stepfunctions")


def xgboost_estimator(output_path="s3://sagemaker-bucket/models"):
    return Estimator(
        image_uri=XGBOOST,
        role=ROLE,
        instance_count=1,
        instance_type="ml.m5.xlarge",
        output_path=output_path,
        hyperparameters={"num_round": 100, "objective": "binary:logistic"},
        sagemaker_session=session,
    )


def sklearn_preprocessor():
    return Estimator(
        image_uri=SKLEARN,
        role=ROLE,
        instance_count=1,
        instance_type="ml.m5.large",
        output_path="s3://sagemaker-bucket/preprocessor",
        hyperparameters={"sagemaker_program": "preprocess.py"},
        sagemaker_session=session,
    )


def sklearn_script(entry_point, source_dir, output_path, hyperparameters=None):
    """An SKLearn 1.2-1 estimator in script mode (`entry_point` in `source_dir`)."""
    return SKLearn(
        entry_point=entry_point,
        source_dir=source_dir,
        framework_version="1.2-1",
        py_version="py3",
        role=ROLE,
        instance_count=1,
        instance_type="ml.m5.large",
        output_path=output_path,
        hyperparameters=hyperparameters,
        sagemaker_session=session,
    )


def machine(step):
    return json.loads(Graph(step).to_json())


def cases():
    execution_input = ExecutionInput(schema={"JobName": str, "ModelName": str, "PreprocessingJobName": str})
    out = {}

    training = TrainingStep(
        "Train Step",
        estimator=xgboost_estimator(),
        job_name=execution_input["JobName"],
        data={
            "train": TrainingInput("s3://sagemaker-bucket/train", content_type="text/csv"),
            "validation": TrainingInput("s3://sagemaker-bucket/validation", content_type="text/csv"),
        },
    )
    out["training"] = {"asl": machine(training)}

    out["training_no_wait"] = {
        "asl": machine(
            TrainingStep(
                "Train Step",
                estimator=xgboost_estimator(),
                job_name="my-training-job",
                data="s3://sagemaker-bucket/train",
                hyperparameters={"num_round": 50, "eta": 0.2},
                wait_for_completion=False,
            )
        )
    }

    out["model"] = {
        "asl": machine(
            ModelStep(
                "Save Model",
                model=training.get_expected_model(),
                model_name=execution_input["ModelName"],
            )
        )
    }

    out["endpoint_config"] = {
        "asl": machine(
            EndpointConfigStep(
                "Create Endpoint Config",
                endpoint_config_name=execution_input["ModelName"],
                model_name=execution_input["ModelName"],
                initial_instance_count=1,
                instance_type="ml.m5.large",
            )
        )
    }

    out["endpoint"] = {
        "asl": machine(
            EndpointStep(
                "Create Endpoint",
                endpoint_name=execution_input["ModelName"],
                endpoint_config_name=execution_input["ModelName"],
            )
        )
    }

    out["endpoint_update"] = {
        "asl": machine(
            EndpointStep(
                "Update Endpoint",
                endpoint_name="my-endpoint",
                endpoint_config_name="my-endpoint-config",
                update=True,
            )
        )
    }

    transformer = Transformer(
        model_name="my-model",
        instance_count=1,
        instance_type="ml.m5.large",
        output_path="s3://sagemaker-bucket/transform",
        sagemaker_session=session,
    )
    out["transform"] = {
        "asl": machine(
            TransformStep(
                "Transform Input",
                transformer=transformer,
                job_name="my-transform-job",
                model_name="my-model",
                data="s3://sagemaker-bucket/test",
                content_type="text/csv",
                split_type="Line",
            )
        )
    }

    processor = Processor(
        role=ROLE,
        image_uri=SKLEARN,
        instance_count=1,
        instance_type="ml.m5.xlarge",
        entrypoint=["python3", "/opt/ml/processing/input/code/preprocess.py"],
        max_runtime_in_seconds=3600,
        sagemaker_session=session,
    )
    out["processing"] = {
        "asl": machine(
            ProcessingStep(
                "Processing Step",
                processor=processor,
                job_name=execution_input["PreprocessingJobName"],
                inputs=[
                    ProcessingInput(
                        source="s3://sagemaker-bucket/raw",
                        destination="/opt/ml/processing/input",
                        input_name="input-1",
                    )
                ],
                outputs=[
                    ProcessingOutput(
                        source="/opt/ml/processing/output",
                        destination="s3://sagemaker-bucket/processed",
                        output_name="output-1",
                    )
                ],
                container_arguments=["--split", "0.2"],
            )
        )
    }

    tuner = HyperparameterTuner(
        estimator=xgboost_estimator(),
        objective_metric_name="validation:auc",
        hyperparameter_ranges={"eta": ContinuousParameter(0.1, 0.5), "max_depth": IntegerParameter(3, 9)},
        max_jobs=4,
        max_parallel_jobs=2,
    )
    out["tuning"] = {
        "asl": machine(
            TuningStep(
                "Tuning",
                tuner=tuner,
                job_name="my-tuning-job",
                data={"train": "s3://sagemaker-bucket/train"},
            )
        )
    }

    # Tuning a framework estimator in script mode: its metric comes from the job's log.
    script_tuner = HyperparameterTuner(
        estimator=sklearn_script(
            "train.py",
            "s3://sagemaker-bucket/code/sourcedir.tar.gz",
            "s3://sagemaker-bucket/models",
            hyperparameters={"epochs": 10, "alpha": 0.3},
        ),
        objective_metric_name="validation:accuracy",
        metric_definitions=[{"Name": "validation:accuracy", "Regex": "accuracy=([0-9\\.]+)"}],
        hyperparameter_ranges={"alpha": ContinuousParameter(0.1, 0.5)},
        max_jobs=4,
        max_parallel_jobs=2,
    )
    out["tuning_sklearn_script"] = {
        "asl": machine(
            TuningStep(
                "Tuning",
                tuner=script_tuner,
                job_name="my-tuning-job",
                data={"train": "s3://sagemaker-bucket/train"},
            )
        )
    }

    training_pipeline = TrainingPipeline(
        xgboost_estimator(),
        role=WORKFLOW_ROLE,
        inputs="s3://sagemaker-bucket/train",
        s3_bucket=BUCKET,
        client=sfn,
        pipeline_name="training-pipeline",
    )
    out["training_pipeline"] = {
        "asl": json.loads(training_pipeline.get_workflow().definition.to_json()),
        "input": intercepted_execute(training_pipeline, "my-job", {"num_round": 50}),
    }

    inference_pipeline = InferencePipeline(
        preprocessor=sklearn_preprocessor(),
        estimator=xgboost_estimator(),
        inputs={"train": "s3://sagemaker-bucket/train"},
        s3_bucket=BUCKET,
        role=WORKFLOW_ROLE,
        client=sfn,
        content_type="text/csv",
        pipeline_name="inference-pipeline",
    )
    out["inference_pipeline"] = {
        "asl": json.loads(inference_pipeline.get_workflow().definition.to_json()),
        "input": intercepted_execute(inference_pipeline, "my-job", None),
    }

    # Script mode: a framework estimator running an entry point from a source directory.
    script = sklearn_script(
        "train.py",
        "s3://sagemaker-bucket/code/sourcedir.tar.gz",
        "s3://sagemaker-bucket/models",
        hyperparameters={"epochs": 10, "mode": "fast"},
    )
    script_training = TrainingStep(
        "Train Script",
        estimator=script,
        job_name=execution_input["JobName"],
        data={"train": TrainingInput("s3://sagemaker-bucket/train", content_type="text/csv")},
    )
    out["training_sklearn_script"] = {"asl": machine(script_training)}
    # A PyTorch estimator in script mode, its version given as an alias, on a GPU.
    pytorch = PyTorch(
        entry_point="train.py",
        source_dir="s3://sagemaker-bucket/code/sourcedir.tar.gz",
        framework_version="2.1",
        py_version="py310",
        role=ROLE,
        instance_count=2,
        instance_type="ml.p3.2xlarge",
        output_path="s3://sagemaker-bucket/models",
        hyperparameters={"epochs": 3},
        metric_definitions=[{"Name": "train:loss", "Regex": "loss=([0-9\\.]+)"}],
        sagemaker_session=session,
    )
    pytorch_training = TrainingStep(
        "Train PyTorch",
        estimator=pytorch,
        job_name=execution_input["JobName"],
        data={"train": TrainingInput("s3://sagemaker-bucket/train")},
    )
    out["training_pytorch_script"] = {"asl": machine(pytorch_training)}
    # Framework processors: the framework's image; ProcessingStep writes only the image, the
    # entrypoint it is given and the processor's resources (not the processor's `command`).
    framework_processors = {
        "processing_sklearn_processor": SKLearnProcessor(
            framework_version="1.2-1",
            role=ROLE,
            instance_type="ml.m5.xlarge",
            instance_count=1,
            sagemaker_session=session,
        ),
        "processing_pytorch_processor": FrameworkProcessor(
            estimator_cls=PyTorch,
            framework_version="2.1",
            py_version="py310",
            role=ROLE,
            instance_type="ml.g4dn.xlarge",
            instance_count=2,
            max_runtime_in_seconds=7200,
            sagemaker_session=session,
        ),
    }
    for name, processor in framework_processors.items():
        out[name] = {
            "asl": machine(
                ProcessingStep(
                    "Preprocess",
                    processor=processor,
                    job_name=execution_input["PreprocessingJobName"],
                    inputs=[
                        ProcessingInput(
                            source="s3://sagemaker-bucket/code/preprocess.py",
                            destination="/opt/ml/processing/input/code",
                            input_name="code",
                        )
                    ],
                    outputs=[
                        ProcessingOutput(
                            source="/opt/ml/processing/output",
                            destination="s3://sagemaker-bucket/processed",
                            output_name="output-1",
                        )
                    ],
                    container_entrypoint=["python3", "/opt/ml/processing/input/code/preprocess.py"],
                )
            )
        }
    # TensorFlow in script mode: its estimator also passes `model_dir`.
    tensorflow = TensorFlow(
        entry_point="train.py",
        source_dir="s3://sagemaker-bucket/code/sourcedir.tar.gz",
        framework_version="2.14",
        py_version="py310",
        role=ROLE,
        instance_count=1,
        instance_type="ml.m5.xlarge",
        output_path="s3://sagemaker-bucket/models",
        sagemaker_session=session,
    )
    tensorflow_training = TrainingStep(
        "Train TensorFlow",
        estimator=tensorflow,
        job_name=execution_input["JobName"],
        data={"train": TrainingInput("s3://sagemaker-bucket/train")},
    )
    out["training_tensorflow_script"] = {"asl": machine(tensorflow_training)}
    # TensorFlow's `model_dir` given.
    tensorflow_model_dir = TensorFlow(
        entry_point="train.py",
        source_dir="s3://sagemaker-bucket/code/sourcedir.tar.gz",
        framework_version="2.14",
        py_version="py310",
        role=ROLE,
        instance_count=1,
        instance_type="ml.m5.xlarge",
        output_path="s3://sagemaker-bucket/models",
        model_dir="s3://sagemaker-bucket/tf-models",
        sagemaker_session=session,
    )
    out["training_tensorflow_model_dir"] = {
        "asl": machine(
            TrainingStep(
                "Train TensorFlow",
                estimator=tensorflow_model_dir,
                job_name="my-tf-job",
                data={"train": TrainingInput("s3://sagemaker-bucket/train")},
            )
        )
    }
    # Hugging Face in script mode: transformers 4.36 on PyTorch 2.1 (both aliases), on a GPU.
    huggingface = HuggingFace(
        entry_point="train.py",
        source_dir="s3://sagemaker-bucket/code/sourcedir.tar.gz",
        transformers_version="4.36",
        pytorch_version="2.1",
        py_version="py310",
        role=ROLE,
        instance_count=1,
        instance_type="ml.p3.2xlarge",
        output_path="s3://sagemaker-bucket/models",
        hyperparameters={"epochs": 1, "model_name": "distilbert-base-uncased"},
        sagemaker_session=session,
    )
    out["training_huggingface_script"] = {
        "asl": machine(
            TrainingStep(
                "Train Hugging Face",
                estimator=huggingface,
                job_name=execution_input["JobName"],
                data={"train": TrainingInput("s3://sagemaker-bucket/train")},
            )
        )
    }
    # Its model: TensorFlow Serving's inference image, which does not run the training script.
    out["model_tensorflow_script"] = {
        "asl": machine(
            ModelStep(
                "Save TensorFlow Model",
                model=tensorflow_training.get_expected_model(),
                model_name=execution_input["ModelName"],
                instance_type="ml.m5.xlarge",
            )
        )
    }
    script_pipeline = InferencePipeline(
        preprocessor=sklearn_script(
            "preprocess.py",
            "s3://sagemaker-bucket/code/preprocess.tar.gz",
            "s3://sagemaker-bucket/preprocessor",
        ),
        estimator=XGBoost(
            entry_point="train.py",
            source_dir="s3://sagemaker-bucket/code/train.tar.gz",
            framework_version="1.7-1",
            role=ROLE,
            instance_count=1,
            instance_type="ml.m5.xlarge",
            output_path="s3://sagemaker-bucket/models",
            hyperparameters={"num_round": 100},
            sagemaker_session=session,
        ),
        inputs={"train": "s3://sagemaker-bucket/train"},
        s3_bucket=BUCKET,
        role=WORKFLOW_ROLE,
        client=sfn,
        content_type="text/csv",
        pipeline_name="inference-pipeline",
    )
    out["inference_pipeline_sklearn_script"] = {
        "asl": json.loads(script_pipeline.get_workflow().definition.to_json()),
        "input": intercepted_execute(script_pipeline, "my-job", None),
    }
    # The TrainingPipeline of a PyTorch estimator in script mode, executed with hyperparameters.
    pytorch_pipeline = TrainingPipeline(
        PyTorch(
            entry_point="train.py",
            source_dir="s3://sagemaker-bucket/code/sourcedir.tar.gz",
            framework_version="2.1",
            py_version="py310",
            role=ROLE,
            instance_count=1,
            instance_type="ml.p3.2xlarge",
            hyperparameters={"epochs": 3},
            sagemaker_session=session,
        ),
        role=WORKFLOW_ROLE,
        inputs="s3://sagemaker-bucket/train",
        s3_bucket=BUCKET,
        client=sfn,
        pipeline_name="training-pipeline",
    )
    out["training_pipeline_pytorch_script"] = {
        "asl": json.loads(pytorch_pipeline.get_workflow().definition.to_json()),
        "input": intercepted_execute(pytorch_pipeline, "my-job", {"epochs": 5}),
    }
    out["model_sklearn_script"] = {
        "asl": machine(
            ModelStep(
                "Save Script Model",
                model=script_training.get_expected_model(),
                model_name=execution_input["ModelName"],
            )
        )
    }
    out.update(options_cases(execution_input))
    return out


def options_cases(execution_input):
    """The optional arguments of the estimators, inputs, models, processors, transformers,
    tuners and steps, and the framework models (docs/sagemaker-parameters.md lists them)."""
    out = {}
    # An estimator with every request option the SDK's TrainingStep writes, and its
    # environment (which the training request does not carry; the expected model does).
    options = Estimator(
        image_uri=XGBOOST,
        role=ROLE,
        instance_count=1,
        instance_type="ml.m5.xlarge",
        output_path="s3://sagemaker-bucket/models",
        keep_alive_period_in_seconds=600,
        volume_kms_key="volume-key",
        output_kms_key="output-key",
        subnets=["subnet-1"],
        security_group_ids=["sg-1"],
        use_spot_instances=True,
        max_run=3600,
        max_wait=7200,
        checkpoint_s3_uri="s3://sagemaker-bucket/checkpoints",
        checkpoint_local_path="/opt/ml/checkpoints",
        disable_output_compression=True,
        model_uri="s3://sagemaker-bucket/pretrained/model.tar.gz",
        model_channel_name="pretrained",
        environment={"NCCL_DEBUG": "INFO"},
        hyperparameters={"num_round": 100},
        sagemaker_session=session,
    )
    training = TrainingStep(
        "Train Options",
        estimator=options,
        job_name=execution_input["JobName"],
        data={
            "train": TrainingInput(
                "s3://sagemaker-bucket/train",
                content_type="application/x-recordio",
                record_wrapping="RecordIO",
                input_mode="Pipe",
                shuffle_config=ShuffleConfig(42),
            ),
            "validation": TrainingInput(
                "s3://sagemaker-bucket/validation.manifest",
                s3_data_type="AugmentedManifestFile",
                attribute_names=["source-ref", "label"],
                distribution="ShardedByS3Key",
                compression="Gzip",
            ),
        },
        experiment_config={"ExperimentName": "my-experiment"},
        tags={"team": "ml"},
        output_data_config_path=execution_input["JobName"],
    )
    out["training_options"] = {"asl": machine(training)}
    # `get_expected_model()` gives the model the estimator's environment.
    out["model_environment"] = {
        "asl": machine(
            ModelStep(
                "Save Model",
                model=training.get_expected_model(),
                model_name=execution_input["ModelName"],
                tags={"team": "ml"},
            )
        )
    }
    # The TrainingPipeline's model does not carry it (`estimator.create_model()`).
    environment_pipeline = TrainingPipeline(
        Estimator(
            image_uri=XGBOOST,
            role=ROLE,
            instance_count=1,
            instance_type="ml.m5.xlarge",
            environment={"NCCL_DEBUG": "INFO"},
            hyperparameters={"num_round": 100},
            sagemaker_session=session,
        ),
        role=WORKFLOW_ROLE,
        inputs="s3://sagemaker-bucket/train",
        s3_bucket=BUCKET,
        client=sfn,
        pipeline_name="training-pipeline",
    )
    out["training_pipeline_environment"] = {
        "asl": json.loads(environment_pipeline.get_workflow().definition.to_json()),
        "input": intercepted_execute(environment_pipeline, "my-job", None),
    }
    # The framework models, their image chosen for the ModelStep's instance type.
    framework_models = {
        "model_sklearn": (
            SKLearnModel(
                model_data="s3://sagemaker-bucket/model.tar.gz",
                role=ROLE,
                entry_point="inference.py",
                source_dir="s3://sagemaker-bucket/code/inference.tar.gz",
                framework_version="1.2-1",
                model_server_workers=2,
                sagemaker_session=session,
            ),
            "ml.m5.large",
        ),
        "model_pytorch_gpu": (
            PyTorchModel(
                model_data="s3://sagemaker-bucket/model.tar.gz",
                role=ROLE,
                entry_point="inference.py",
                source_dir="s3://sagemaker-bucket/code/inference.tar.gz",
                framework_version="2.1",
                py_version="py310",
                container_log_level=10,
                sagemaker_session=session,
            ),
            "ml.g4dn.xlarge",
        ),
        "model_tensorflow": (
            TensorFlowModel(
                model_data="s3://sagemaker-bucket/model.tar.gz",
                role=ROLE,
                framework_version="2.14",
                env={"TF_ENABLE_ONEDNN_OPTS": "0"},
                sagemaker_session=session,
            ),
            "ml.m5.large",
        ),
        "model_xgboost": (
            XGBoostModel(
                model_data="s3://sagemaker-bucket/model.tar.gz",
                role=ROLE,
                entry_point="inference.py",
                source_dir="s3://sagemaker-bucket/code/inference.tar.gz",
                framework_version="1.7-1",
                sagemaker_session=session,
            ),
            "ml.m5.large",
        ),
    }
    for name, (model, instance_type) in framework_models.items():
        out[name] = {
            "asl": machine(
                ModelStep(
                    "Save Model",
                    model=model,
                    model_name=execution_input["ModelName"],
                    instance_type=instance_type,
                )
            )
        }
    # A PyTorch estimator trained on a GPU, its model deployed to a CPU instance.
    gpu_training = TrainingStep(
        "Train PyTorch",
        estimator=PyTorch(
            entry_point="train.py",
            source_dir="s3://sagemaker-bucket/code/sourcedir.tar.gz",
            framework_version="2.1",
            py_version="py310",
            role=ROLE,
            instance_count=1,
            instance_type="ml.p3.2xlarge",
            output_path="s3://sagemaker-bucket/models",
            container_log_level=30,
            sagemaker_session=session,
        ),
        job_name=execution_input["JobName"],
    )
    out["model_pytorch_script_on_cpu"] = {
        "asl": machine(
            ModelStep(
                "Save Model",
                model=gpu_training.get_expected_model(),
                model_name=execution_input["ModelName"],
                instance_type="ml.m5.xlarge",
            )
        )
    }
    # A ScriptProcessor running a script with its command, as `run(code=…)` would.
    script_processor = ScriptProcessor(
        role=ROLE,
        image_uri=SKLEARN,
        command=["python3"],
        instance_count=1,
        instance_type="ml.m5.xlarge",
        volume_size_in_gb=50,
        volume_kms_key="volume-key",
        env={"MODE": "full"},
        tags=[{"Key": "team", "Value": "ml"}],
        network_config=NetworkConfig(
            enable_network_isolation=True,
            encrypt_inter_container_traffic=True,
            subnets=["subnet-1"],
            security_group_ids=["sg-1"],
        ),
        sagemaker_session=session,
    )
    out["processing_script_processor"] = {
        "asl": machine(
            ProcessingStep(
                "Preprocess",
                processor=script_processor,
                job_name=execution_input["PreprocessingJobName"],
                inputs=[
                    ProcessingInput(
                        source="s3://sagemaker-bucket/raw",
                        destination="/opt/ml/processing/input",
                        input_name="raw",
                        s3_data_type="ManifestFile",
                        s3_input_mode="Pipe",
                        s3_data_distribution_type="ShardedByS3Key",
                        s3_compression_type="Gzip",
                    ),
                    ProcessingInput(
                        source="s3://sagemaker-bucket/code/preprocess.py",
                        destination="/opt/ml/processing/input/code",
                        input_name="code",
                    ),
                ],
                outputs=[
                    ProcessingOutput(
                        source="/opt/ml/processing/output",
                        destination="s3://sagemaker-bucket/processed",
                        output_name="processed",
                        s3_upload_mode="Continuous",
                    )
                ],
                container_entrypoint=["python3", "/opt/ml/processing/input/code/preprocess.py"],
                kms_key_id="output-key",
                experiment_config={"ExperimentName": "my-experiment"},
                wait_for_completion=False,
            )
        )
    }
    transformer = Transformer(
        model_name="my-model",
        instance_count=2,
        instance_type="ml.m5.large",
        strategy="MultiRecord",
        assemble_with="Line",
        output_path="s3://sagemaker-bucket/transform",
        output_kms_key="output-key",
        accept="text/csv",
        max_concurrent_transforms=4,
        max_payload=6,
        env={"MODE": "batch"},
        volume_kms_key="volume-key",
        sagemaker_session=session,
    )
    out["transform_options"] = {
        "asl": machine(
            TransformStep(
                "Transform",
                transformer=transformer,
                job_name="my-transform-job",
                model_name="my-model",
                data="s3://sagemaker-bucket/test.manifest",
                data_type="ManifestFile",
                content_type="text/csv",
                compression_type="Gzip",
                split_type="Line",
                experiment_config={"ExperimentName": "my-experiment"},
                wait_for_completion=False,
                tags={"team": "ml"},
                input_filter="$[1:]",
                output_filter="$[0,-1]",
                join_source="Input",
            )
        )
    }
    # The estimator's training-job options, which the SDK also writes in a tuning job's
    # `TrainingJobDefinition`.
    tuned = Estimator(
        image_uri=XGBOOST,
        role=ROLE,
        instance_count=1,
        instance_type="ml.m5.xlarge",
        output_path="s3://sagemaker-bucket/models",
        hyperparameters={"num_round": 100},
        volume_kms_key="volume-key",
        output_kms_key="output-key",
        subnets=["subnet-1"],
        security_group_ids=["sg-1"],
        use_spot_instances=True,
        max_wait=172800,
        checkpoint_s3_uri="s3://sagemaker-bucket/checkpoints",
        checkpoint_local_path="/opt/ml/checkpoints",
        sagemaker_session=session,
    )
    tuner = HyperparameterTuner(
        estimator=tuned,
        objective_metric_name="validation:rmse",
        hyperparameter_ranges={"eta": ContinuousParameter(0.1, 0.5)},
        objective_type="Minimize",
        strategy="Random",
        early_stopping_type="Auto",
        max_jobs=6,
        max_parallel_jobs=3,
        warm_start_config=WarmStartConfig(WarmStartTypes.TRANSFER_LEARNING, parents={"my-earlier-tuning-job"}),
    )
    out["tuning_options"] = {
        "asl": machine(
            TuningStep(
                "Tuning",
                tuner=tuner,
                job_name="my-tuning-job",
                data={"train": "s3://sagemaker-bucket/train"},
                wait_for_completion=False,
                tags={"team": "ml"},
            )
        )
    }
    out["endpoint_config_options"] = {
        "asl": machine(
            EndpointConfigStep(
                "Create Endpoint Config",
                endpoint_config_name="my-config",
                model_name="my-model",
                initial_instance_count=2,
                instance_type="ml.m5.large",
                variant_name="Blue",
                # A dict is dropped: the SDK writes only a `DataCaptureConfig`'s request.
                data_capture_config=DataCaptureConfig(
                    enable_capture=True,
                    sampling_percentage=50,
                    destination_s3_uri="s3://sagemaker-bucket/capture",
                    capture_options=["REQUEST"],
                    sagemaker_session=session,
                ),
                tags={"team": "ml"},
            )
        )
    }
    out["endpoint_tags"] = {
        "asl": machine(
            EndpointStep(
                "Create Endpoint",
                endpoint_name="my-endpoint",
                endpoint_config_name="my-config",
                tags={"team": "ml"},
            )
        )
    }
    gzip_pipeline = InferencePipeline(
        preprocessor=sklearn_preprocessor(),
        estimator=xgboost_estimator(),
        inputs={"train": "s3://sagemaker-bucket/train"},
        s3_bucket=BUCKET,
        role=WORKFLOW_ROLE,
        client=sfn,
        compression_type="Gzip",
        content_type="text/csv",
        pipeline_name="inference-pipeline",
    )
    out["inference_pipeline_gzip"] = {
        "asl": json.loads(gzip_pipeline.get_workflow().definition.to_json()),
        "input": intercepted_execute(gzip_pipeline, "my-job", None),
    }
    return out


def intercepted_execute(pipeline, job_name, hyperparameters):
    """The execution input `pipeline.execute(job_name, hyperparameters)` sends."""
    sent = {}

    def execute(inputs=None, name=None):
        sent["input"] = json.loads(json.dumps(inputs))
        sent["name"] = name

    pipeline.workflow.execute = execute
    pipeline.execute(job_name=job_name, hyperparameters=hyperparameters)
    return sent


if __name__ == "__main__":
    json.dump(cases(), sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")

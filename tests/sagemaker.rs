//! The `sagemaker` module against the Python SDKs it follows, run offline from
//! target/sagemaker-venv (`bash scripts/sagemaker.sh install`):
//!
//! (a) the committed image URI table is what `tools/sagemaker-sdk/image_uris.py` generates from
//!     the pinned SageMaker SDK (which also checks every row against `image_uris.retrieve`),
//!     and docs/sagemaker-parameters.md what `parameters.py` writes;
//! (b) each step and template built here from the same arguments as
//!     `tools/sagemaker-sdk/emit.py` gives the ASL (and for the templates, the execution input)
//!     that stepfunctions 2.3.0 gives, but for the differences named in `differences()` and
//!     justified in tools/sagemaker-sdk/README.md; so does each step written as a form of the
//!     `workflow!` language (`sagemaker::TrainingStep { … }`). The three scripts run in one
//!     Python process, through `tools/sagemaker-sdk/checks.py`;
//! (c) a step whose request SageMaker's API model rejects fails with `INVALID_TASK_PARAMETERS`;
//!     the image lookup's errors; the templates run on the local engine and export
//!     CloudFormation and an IAM policy.

use indexmap::IndexMap;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use workflow_runtime::asl::Code;
use workflow_runtime::aws_models::FieldValidationMode;
use workflow_runtime::client::StateMachineSpec;
use workflow_runtime::engine::blocking;
use workflow_runtime::engine::{Engine, TaskCall, TaskOutput};
use workflow_runtime::execution::ExecutionStatus;
use workflow_runtime::sagemaker::image_uris::{self, ImageQuery, ImageUriError, Scope};
use workflow_runtime::sagemaker::{
    Channel, EndpointConfigStep, EndpointStep, Estimator, HyperParameters, InferencePipeline,
    InputMode, Model, ModelStep, NetworkConfig, Param, ParameterRange, ProcessingInput,
    ProcessingOutput, ProcessingStep, Processor, Step, TrainingData, TrainingPipeline,
    TrainingStep, TransformStep, Transformer, Tuner, TuningStep,
};
use workflow_runtime::workflow;

const INSTALL: &str = "bash scripts/sagemaker.sh install";
const REGION: &str = "us-east-1";
const ROLE: &str = "arn:aws:iam::123456789012:role/SageMakerRole";
const WORKFLOW_ROLE: &str = "arn:aws:iam::123456789012:role/StepFunctionsRole";

/// [`WORKFLOW_ROLE`], read as a role's ARN.
fn workflow_role() -> workflow_runtime::aws_models::RoleArn {
    WORKFLOW_ROLE.parse().expect("an IAM role's ARN")
}
const BUCKET: &str = "sagemaker-bucket";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn python() -> PathBuf {
    let python = root().join("target/sagemaker-venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: these tests run the Python SDKs; run `{INSTALL}` (from the repository root)",
        python.display()
    );
    python
}

/// What `tools/sagemaker-sdk/checks.py` prints, once per test binary: emit.py's cases and the
/// two table scripts' `--check`, asked of the SDKs in one Python process (each script imported
/// them again in a process of its own: 4 CPU-seconds more).
fn sdk_checks() -> &'static Value {
    static CHECKS: OnceLock<Value> = OnceLock::new();
    CHECKS.get_or_init(|| {
        let out = Command::new(python())
            .current_dir(root())
            .arg("tools/sagemaker-sdk/checks.py")
            .output()
            .expect("checks.py runs");
        assert!(
            out.status.success(),
            "tools/sagemaker-sdk/checks.py failed (run `{INSTALL}`):\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("checks.py prints JSON")
    })
}

/// What emit.py prints.
fn sdk() -> &'static Value {
    &sdk_checks()["emit"]
}

/// What `tools/sagemaker-sdk/SCRIPT.py --check` printed, once it has passed.
fn script_check(script: &str) -> String {
    let check = &sdk_checks()[script];
    let stdout = check["stdout"].as_str().unwrap_or_default();
    assert_eq!(
        check["status"],
        json!(0),
        "tools/sagemaker-sdk/{script}.py --check failed:\n{stdout}{}",
        check["stderr"].as_str().unwrap_or_default()
    );
    stdout.to_owned()
}

/// docs/sagemaker-parameters.md is what tools/sagemaker-sdk/parameters.py writes from the
/// pinned SDKs' signatures: a parameter the SDK has and the table lacks (or a Rust method or
/// form key the table names and the crate lacks) fails here.
#[test]
fn parameter_table_matches_the_pinned_sdks_signatures() {
    let stdout = script_check("parameters");
    assert!(
        stdout.contains("matches sagemaker"),
        "unexpected output: {stdout}"
    );
}

#[test]
fn committed_image_table_matches_pinned_sagemaker_sdk() {
    let stdout = script_check("image_uris");
    assert!(
        stdout.contains(image_uris::SAGEMAKER_SDK_VERSION),
        "unexpected output: {stdout}"
    );
}

fn xgboost() -> String {
    image_uris::retrieve("xgboost", REGION, "1.7-1").expect("xgboost 1.7-1")
}

fn sklearn() -> String {
    image_uris::retrieve("sklearn", REGION, "1.2-1").expect("sklearn 1.2-1")
}

fn xgboost_estimator() -> Estimator {
    Estimator::new(xgboost(), ROLE, 1, "ml.m5.xlarge")
        .output_path("s3://sagemaker-bucket/models")
        .hyperparameter("num_round", 100)
        .hyperparameter("objective", "binary:logistic")
}

fn sklearn_preprocessor() -> Estimator {
    Estimator::new(sklearn(), ROLE, 1, "ml.m5.large")
        .output_path("s3://sagemaker-bucket/preprocessor")
        .hyperparameter("sagemaker_program", "preprocess.py")
}

fn training_step() -> TrainingStep {
    TrainingStep::new(
        "Train Step",
        &xgboost_estimator(),
        Param::execution_input("JobName"),
    )
    .data(vec![
        Channel::new("train", "s3://sagemaker-bucket/train").content_type("text/csv"),
        Channel::new("validation", "s3://sagemaker-bucket/validation").content_type("text/csv"),
    ])
}

fn asl(step: Result<Step, impl std::fmt::Debug>) -> Value {
    step.expect("the step is valid").to_machine().to_value()
}

/// An SKLearn 1.2-1 estimator in script mode, as emit.py's `sklearn_script`.
fn sklearn_script(entry_point: &str, source_dir: &str, output_path: &str) -> Estimator {
    Estimator::framework(
        "sklearn",
        "1.2-1",
        "us-east-1",
        entry_point,
        ROLE,
        1,
        "ml.m5.large",
    )
    .expect("the SKLearn 1.2-1 image")
    .source_dir(source_dir)
    .output_path(output_path)
}

/// A TensorFlow 2.14 estimator in script mode trained by step `name` on the job the execution
/// input names, as emit.py's `training_tensorflow_script`.
fn tensorflow_training(name: &str) -> TrainingStep {
    let estimator = Estimator::script(
        ImageQuery::new("tensorflow", "us-east-1")
            .version("2.14")
            .py_version("py310"),
        "train.py",
        ROLE,
        1,
        "ml.m5.xlarge",
    )
    .expect("the TensorFlow 2.14 image")
    .source_dir("s3://sagemaker-bucket/code/sourcedir.tar.gz")
    .output_path("s3://sagemaker-bucket/models");
    TrainingStep::new(name, &estimator, Param::execution_input("JobName"))
        .data(vec![Channel::new("train", "s3://sagemaker-bucket/train")])
}

/// Our side of every case of emit.py.
fn ours() -> Vec<(&'static str, Value)> {
    let training = training_step();
    let mut cases = vec![("training", json!({ "asl": asl(training.build()) }))];
    let script = TrainingStep::new(
        "Train Script",
        &sklearn_script(
            "train.py",
            "s3://sagemaker-bucket/code/sourcedir.tar.gz",
            "s3://sagemaker-bucket/models",
        )
        .hyperparameter("epochs", 10)
        .hyperparameter("mode", "fast"),
        Param::execution_input("JobName"),
    )
    .data(vec![
        Channel::new("train", "s3://sagemaker-bucket/train").content_type("text/csv"),
    ]);
    cases.push((
        "training_sklearn_script",
        json!({ "asl": asl(script.build()) }),
    ));
    // PyTorch in script mode, its version an alias, on a GPU.
    let pytorch = Estimator::script(
        ImageQuery::new("pytorch", "us-east-1")
            .version("2.1")
            .py_version("py310"),
        "train.py",
        ROLE,
        2,
        "ml.p3.2xlarge",
    )
    .expect("the PyTorch 2.1 image")
    .source_dir("s3://sagemaker-bucket/code/sourcedir.tar.gz")
    .output_path("s3://sagemaker-bucket/models")
    .hyperparameter("epochs", 3)
    .metric_definition("train:loss", r"loss=([0-9\.]+)");
    let pytorch_step =
        TrainingStep::new("Train PyTorch", &pytorch, Param::execution_input("JobName"))
            .data(vec![Channel::new("train", "s3://sagemaker-bucket/train")]);
    cases.push((
        "training_pytorch_script",
        json!({ "asl": asl(pytorch_step.build()) }),
    ));
    // TensorFlow in script mode: `model_dir` under the output path.
    let tensorflow_step = tensorflow_training("Train TensorFlow");
    cases.push((
        "training_tensorflow_script",
        json!({ "asl": asl(tensorflow_step.build()) }),
    ));
    // TensorFlow's `model_dir` given.
    let mut tensorflow_model_dir = tensorflow_training("Train TensorFlow");
    tensorflow_model_dir.estimator = tensorflow_model_dir
        .estimator
        .model_dir("s3://sagemaker-bucket/tf-models");
    tensorflow_model_dir.job_name = "my-tf-job".into();
    cases.push((
        "training_tensorflow_model_dir",
        json!({ "asl": asl(tensorflow_model_dir.build()) }),
    ));
    // Hugging Face in script mode: two versions, both aliases.
    let huggingface = Estimator::script(
        ImageQuery::new("huggingface", "us-east-1")
            .version("4.36")
            .base_framework_version("pytorch2.1")
            .py_version("py310"),
        "train.py",
        ROLE,
        1,
        "ml.p3.2xlarge",
    )
    .expect("the Hugging Face 4.36 / PyTorch 2.1 image")
    .source_dir("s3://sagemaker-bucket/code/sourcedir.tar.gz")
    .output_path("s3://sagemaker-bucket/models")
    .hyperparameter("epochs", 1)
    .hyperparameter("model_name", "distilbert-base-uncased");
    let huggingface_step = TrainingStep::new(
        "Train Hugging Face",
        &huggingface,
        Param::execution_input("JobName"),
    )
    .data(vec![Channel::new("train", "s3://sagemaker-bucket/train")]);
    cases.push((
        "training_huggingface_script",
        json!({ "asl": asl(huggingface_step.build()) }),
    ));
    let tensorflow_model = ModelStep::new(
        "Save TensorFlow Model",
        tensorflow_step.expected_model(None),
    )
    .model_name(Param::execution_input("ModelName"));
    cases.push((
        "model_tensorflow_script",
        json!({ "asl": asl(tensorflow_model.build()) }),
    ));
    let script_model = ModelStep::new("Save Script Model", script.expected_model(None))
        .model_name(Param::execution_input("ModelName"));
    cases.push((
        "model_sklearn_script",
        json!({ "asl": asl(script_model.build()) }),
    ));
    let mut extra = IndexMap::new();
    extra.insert("num_round".to_owned(), "50".to_owned());
    extra.insert("eta".to_owned(), "0.2".to_owned());
    let no_wait = TrainingStep::new("Train Step", &xgboost_estimator(), "my-training-job")
        .data("s3://sagemaker-bucket/train")
        .hyperparameters(HyperParameters::Literal(extra))
        .wait_for_completion(false);
    cases.push(("training_no_wait", json!({ "asl": asl(no_wait.build()) })));
    let model = ModelStep::new("Save Model", training.expected_model(None))
        .model_name(Param::execution_input("ModelName"));
    cases.push(("model", json!({ "asl": asl(model.build()) })));
    let config = EndpointConfigStep::new(
        "Create Endpoint Config",
        Param::execution_input("ModelName"),
        Param::execution_input("ModelName"),
        1,
        "ml.m5.large",
    );
    cases.push(("endpoint_config", json!({ "asl": asl(config.build()) })));
    let endpoint = EndpointStep::new(
        "Create Endpoint",
        Param::execution_input("ModelName"),
        Param::execution_input("ModelName"),
    );
    cases.push(("endpoint", json!({ "asl": asl(endpoint.build()) })));
    let update =
        EndpointStep::new("Update Endpoint", "my-endpoint", "my-endpoint-config").update(true);
    cases.push(("endpoint_update", json!({ "asl": asl(update.build()) })));
    let transformer =
        Transformer::new(1, "ml.m5.large").output_path("s3://sagemaker-bucket/transform");
    let transform = TransformStep::new(
        "Transform Input",
        &transformer,
        "my-transform-job",
        "my-model",
        "s3://sagemaker-bucket/test",
    )
    .content_type("text/csv")
    .split_type("Line");
    cases.push(("transform", json!({ "asl": asl(transform.build()) })));
    let processor = Processor::new(ROLE, sklearn(), 1, "ml.m5.xlarge")
        .entrypoint(["python3", "/opt/ml/processing/input/code/preprocess.py"])
        .max_runtime_seconds(3600);
    let processing = ProcessingStep::new(
        "Processing Step",
        &processor,
        Param::execution_input("PreprocessingJobName"),
    )
    .input(ProcessingInput::new(
        "input-1",
        "s3://sagemaker-bucket/raw",
        "/opt/ml/processing/input",
    ))
    .output(ProcessingOutput::new(
        "output-1",
        "/opt/ml/processing/output",
        "s3://sagemaker-bucket/processed",
    ))
    .container_arguments(["--split", "0.2"]);
    cases.push(("processing", json!({ "asl": asl(processing.build()) })));
    // Framework processors (SKLearnProcessor, FrameworkProcessor with PyTorch): the
    // framework's image, the script as the entrypoint, the code as an input.
    let framework_processors = [
        (
            "processing_sklearn_processor",
            Processor::framework(
                ImageQuery::new("sklearn", REGION).version("1.2-1"),
                ROLE,
                1,
                "ml.m5.xlarge",
            )
            .expect("the SKLearn 1.2-1 image"),
        ),
        (
            "processing_pytorch_processor",
            Processor::framework(
                ImageQuery::new("pytorch", REGION)
                    .version("2.1")
                    .py_version("py310"),
                ROLE,
                2,
                "ml.g4dn.xlarge",
            )
            .expect("the PyTorch 2.1 image")
            .max_runtime_seconds(7200),
        ),
    ];
    for (name, processor) in framework_processors {
        let processor =
            processor.entrypoint(["python3", "/opt/ml/processing/input/code/preprocess.py"]);
        let step = ProcessingStep::new(
            "Preprocess",
            &processor,
            Param::execution_input("PreprocessingJobName"),
        )
        .input(ProcessingInput::new(
            "code",
            "s3://sagemaker-bucket/code/preprocess.py",
            "/opt/ml/processing/input/code",
        ))
        .output(ProcessingOutput::new(
            "output-1",
            "/opt/ml/processing/output",
            "s3://sagemaker-bucket/processed",
        ));
        cases.push((name, json!({ "asl": asl(step.build()) })));
    }
    let tuner = Tuner::new(xgboost_estimator(), "validation:auc")
        .range("eta", ParameterRange::Continuous { min: 0.1, max: 0.5 })
        .range("max_depth", ParameterRange::Integer { min: 3, max: 9 })
        .max_jobs(4, 2);
    let tuning = TuningStep::new(
        "Tuning",
        &tuner,
        "my-tuning-job",
        vec![Channel::new("train", "s3://sagemaker-bucket/train")],
    );
    cases.push(("tuning", json!({ "asl": asl(tuning.build()) })));
    // Tuning a framework estimator in script mode.
    let script_tuner = Tuner::new(
        sklearn_script(
            "train.py",
            "s3://sagemaker-bucket/code/sourcedir.tar.gz",
            "s3://sagemaker-bucket/models",
        )
        .hyperparameter("epochs", 10)
        .hyperparameter("alpha", 0.3),
        "validation:accuracy",
    )
    .metric_definition("validation:accuracy", r"accuracy=([0-9\.]+)")
    .range("alpha", ParameterRange::Continuous { min: 0.1, max: 0.5 })
    .max_jobs(4, 2);
    let script_tuning = TuningStep::new(
        "Tuning",
        &script_tuner,
        "my-tuning-job",
        vec![Channel::new("train", "s3://sagemaker-bucket/train")],
    );
    cases.push((
        "tuning_sklearn_script",
        json!({ "asl": asl(script_tuning.build()) }),
    ));
    let mut hyperparameters = IndexMap::new();
    hyperparameters.insert("num_round".to_owned(), "50".to_owned());
    let pipeline = training_pipeline();
    let run = pipeline
        .execute_input("my-job", Some(&hyperparameters))
        .expect("valid");
    cases.push((
        "training_pipeline",
        json!({
            "asl": pipeline.definition().expect("valid").to_value(),
            "input": { "input": run.input, "name": run.name },
        }),
    ));
    let pytorch = Estimator::script(
        ImageQuery::new("pytorch", "us-east-1")
            .version("2.1")
            .py_version("py310"),
        "train.py",
        ROLE,
        1,
        "ml.p3.2xlarge",
    )
    .expect("the PyTorch 2.1 image")
    .source_dir("s3://sagemaker-bucket/code/sourcedir.tar.gz")
    .hyperparameter("epochs", 3);
    let pipeline = TrainingPipeline::new(
        pytorch,
        workflow_role(),
        "s3://sagemaker-bucket/train",
        BUCKET,
        "training-pipeline",
    );
    let mut hyperparameters = IndexMap::new();
    hyperparameters.insert("epochs".to_owned(), "5".to_owned());
    let run = pipeline
        .execute_input("my-job", Some(&hyperparameters))
        .expect("valid");
    cases.push((
        "training_pipeline_pytorch_script",
        json!({
            "asl": pipeline.definition().expect("valid").to_value(),
            "input": { "input": run.input, "name": run.name },
        }),
    ));
    let pipeline = inference_pipeline();
    let run = pipeline.execute_input("my-job", None).expect("valid");
    cases.push((
        "inference_pipeline",
        json!({
            "asl": pipeline.definition().expect("valid").to_value(),
            "input": { "input": run.input, "name": run.name },
        }),
    ));
    let pipeline = inference_pipeline_with_a_script();
    let run = pipeline.execute_input("my-job", None).expect("valid");
    cases.push((
        "inference_pipeline_sklearn_script",
        json!({
            "asl": pipeline.definition().expect("valid").to_value(),
            "input": { "input": run.input, "name": run.name },
        }),
    ));
    cases.extend(options_cases());
    cases
}

/// Our side of emit.py's `options_cases`: the optional arguments (docs/sagemaker-parameters.md)
/// and the framework models.
fn options_cases() -> Vec<(&'static str, Value)> {
    let mut cases = Vec::new();
    let options = Estimator::new(xgboost(), ROLE, 1, "ml.m5.xlarge")
        .output_path("s3://sagemaker-bucket/models")
        .keep_alive_period_in_seconds(600)
        .volume_kms_key("volume-key")
        .output_kms_key("output-key")
        .vpc_config(["subnet-1"], ["sg-1"])
        .use_spot_instances(true)
        .max_run_seconds(3600)
        .max_wait(7200)
        .checkpoint_s3_uri("s3://sagemaker-bucket/checkpoints")
        .checkpoint_local_path("/opt/ml/checkpoints")
        .disable_output_compression(true)
        .model_uri("s3://sagemaker-bucket/pretrained/model.tar.gz")
        .model_channel_name("pretrained")
        .environment("NCCL_DEBUG", "INFO")
        .hyperparameter("num_round", 100);
    let training = TrainingStep::new("Train Options", &options, Param::execution_input("JobName"))
        .data(vec![
            Channel::new("train", "s3://sagemaker-bucket/train")
                .content_type("application/x-recordio")
                .record_wrapping("RecordIO")
                .input_mode(InputMode::Pipe)
                .shuffle_config(42),
            Channel::new("validation", "s3://sagemaker-bucket/validation.manifest")
                .s3_data_type("AugmentedManifestFile")
                .attribute_names(["source-ref", "label"])
                .distribution("ShardedByS3Key")
                .compression("Gzip"),
        ])
        .experiment_config(json!({ "ExperimentName": "my-experiment" }))
        .tag("team", "ml")
        .output_data_config_path(Param::execution_input("JobName"));
    cases.push(("training_options", json!({ "asl": asl(training.build()) })));
    // `expected_model` gives the model the estimator's environment, as `get_expected_model()`.
    let model = ModelStep::new("Save Model", training.expected_model(None))
        .model_name(Param::execution_input("ModelName"))
        .tag("team", "ml");
    cases.push(("model_environment", json!({ "asl": asl(model.build()) })));
    // The TrainingPipeline's model does not carry it.
    let pipeline = TrainingPipeline::new(
        Estimator::new(xgboost(), ROLE, 1, "ml.m5.xlarge")
            .environment("NCCL_DEBUG", "INFO")
            .hyperparameter("num_round", 100),
        workflow_role(),
        "s3://sagemaker-bucket/train",
        BUCKET,
        "training-pipeline",
    );
    let run = pipeline.execute_input("my-job", None).expect("valid");
    cases.push((
        "training_pipeline_environment",
        json!({
            "asl": pipeline.definition().expect("valid").to_value(),
            "input": { "input": run.input, "name": run.name },
        }),
    ));
    // The framework models, their image chosen for the model step's instance type.
    let framework_model = |query: ImageQuery| {
        Model::framework(query, "s3://sagemaker-bucket/model.tar.gz", ROLE)
            .expect("a framework's inference image")
    };
    let framework_models = [
        (
            "model_sklearn",
            framework_model(ImageQuery::new("sklearn", REGION).version("1.2-1"))
                .entry_point("inference.py")
                .source_dir("s3://sagemaker-bucket/code/inference.tar.gz")
                .model_server_workers(2),
            "ml.m5.large",
        ),
        (
            "model_pytorch_gpu",
            framework_model(
                ImageQuery::new("pytorch", REGION)
                    .version("2.1")
                    .py_version("py310")
                    .instance_type("ml.m5.large"),
            )
            .entry_point("inference.py")
            .source_dir("s3://sagemaker-bucket/code/inference.tar.gz")
            .container_log_level(10),
            "ml.g4dn.xlarge",
        ),
        (
            "model_tensorflow",
            framework_model(
                ImageQuery::new("tensorflow", REGION)
                    .version("2.14")
                    .instance_type("ml.m5.large"),
            )
            .env("TF_ENABLE_ONEDNN_OPTS", "0"),
            "ml.m5.large",
        ),
        (
            "model_xgboost",
            framework_model(ImageQuery::new("xgboost", REGION).version("1.7-1"))
                .entry_point("inference.py")
                .source_dir("s3://sagemaker-bucket/code/inference.tar.gz"),
            "ml.m5.large",
        ),
    ];
    for (name, model, instance_type) in framework_models {
        let step = ModelStep::new("Save Model", model)
            .model_name(Param::execution_input("ModelName"))
            .instance_type(instance_type);
        cases.push((name, json!({ "asl": asl(step.build()) })));
    }
    // A PyTorch estimator trained on a GPU, its model deployed to a CPU instance.
    let gpu = Estimator::script(
        ImageQuery::new("pytorch", REGION)
            .version("2.1")
            .py_version("py310"),
        "train.py",
        ROLE,
        1,
        "ml.p3.2xlarge",
    )
    .expect("the PyTorch 2.1 image")
    .source_dir("s3://sagemaker-bucket/code/sourcedir.tar.gz")
    .output_path("s3://sagemaker-bucket/models")
    .container_log_level(30);
    let gpu_training = TrainingStep::new("Train PyTorch", &gpu, Param::execution_input("JobName"));
    let on_cpu = ModelStep::new("Save Model", gpu_training.expected_model(None))
        .model_name(Param::execution_input("ModelName"))
        .instance_type("ml.m5.xlarge");
    cases.push((
        "model_pytorch_script_on_cpu",
        json!({ "asl": asl(on_cpu.build()) }),
    ));
    // A script processor running its script with its command (`code`).
    let script_processor = Processor::new(ROLE, sklearn(), 1, "ml.m5.xlarge")
        .command(["python3"])
        .volume_size_in_gb(50)
        .volume_kms_key("volume-key")
        .env("MODE", "full")
        .network_config(NetworkConfig {
            enable_network_isolation: true,
            encrypt_inter_container_traffic: Some(true),
            subnets: vec!["subnet-1".into()],
            security_group_ids: vec!["sg-1".into()],
        });
    let processing = ProcessingStep::new(
        "Preprocess",
        &script_processor,
        Param::execution_input("PreprocessingJobName"),
    )
    .input(
        ProcessingInput::new(
            "raw",
            "s3://sagemaker-bucket/raw",
            "/opt/ml/processing/input",
        )
        .s3_data_type("ManifestFile")
        .s3_input_mode("Pipe")
        .s3_data_distribution_type("ShardedByS3Key")
        .s3_compression_type("Gzip"),
    )
    .code("s3://sagemaker-bucket/code/preprocess.py")
    .output(
        ProcessingOutput::new(
            "processed",
            "/opt/ml/processing/output",
            "s3://sagemaker-bucket/processed",
        )
        .s3_upload_mode("Continuous"),
    )
    .kms_key_id("output-key")
    .experiment_config(json!({ "ExperimentName": "my-experiment" }))
    .wait_for_completion(false)
    .tag("team", "ml");
    cases.push((
        "processing_script_processor",
        json!({ "asl": asl(processing.build()) }),
    ));
    let transformer = Transformer::new(2, "ml.m5.large")
        .strategy("MultiRecord")
        .assemble_with("Line")
        .output_path("s3://sagemaker-bucket/transform")
        .output_kms_key("output-key")
        .accept("text/csv")
        .max_concurrent_transforms(4)
        .max_payload_mb(6)
        .env("MODE", "batch")
        .volume_kms_key("volume-key");
    let transform = TransformStep::new(
        "Transform",
        &transformer,
        "my-transform-job",
        "my-model",
        "s3://sagemaker-bucket/test.manifest",
    )
    .data_type("ManifestFile")
    .content_type("text/csv")
    .compression_type("Gzip")
    .split_type("Line")
    .experiment_config(json!({ "ExperimentName": "my-experiment" }))
    .wait_for_completion(false)
    .tag("team", "ml")
    .input_filter("$[1:]")
    .output_filter("$[0,-1]")
    .join_source("Input");
    cases.push((
        "transform_options",
        json!({ "asl": asl(transform.build()) }),
    ));
    let tuned = Estimator::new(xgboost(), ROLE, 1, "ml.m5.xlarge")
        .output_path("s3://sagemaker-bucket/models")
        .hyperparameter("num_round", 100)
        .volume_kms_key("volume-key")
        .output_kms_key("output-key")
        .vpc_config(["subnet-1"], ["sg-1"])
        .use_spot_instances(true)
        .max_wait(172_800)
        .checkpoint_s3_uri("s3://sagemaker-bucket/checkpoints")
        .checkpoint_local_path("/opt/ml/checkpoints");
    let tuner = Tuner::new(tuned, "validation:rmse")
        .range("eta", ParameterRange::Continuous { min: 0.1, max: 0.5 })
        .objective_type("Minimize")
        .strategy("Random")
        .early_stopping_type("Auto")
        .max_jobs(6, 3)
        .warm_start_config("TransferLearning", ["my-earlier-tuning-job"]);
    let tuning = TuningStep::new(
        "Tuning",
        &tuner,
        "my-tuning-job",
        vec![Channel::new("train", "s3://sagemaker-bucket/train")],
    )
    .wait_for_completion(false)
    .tag("team", "ml");
    cases.push(("tuning_options", json!({ "asl": asl(tuning.build()) })));
    let config = EndpointConfigStep::new(
        "Create Endpoint Config",
        "my-config",
        "my-model",
        2,
        "ml.m5.large",
    )
    .variant_name("Blue")
    .data_capture_config(json!({
        "EnableCapture": true,
        "InitialSamplingPercentage": 50,
        "DestinationS3Uri": "s3://sagemaker-bucket/capture",
        "CaptureOptions": [{ "CaptureMode": "Input" }],
        "CaptureContentTypeHeader": {
            "CsvContentTypes": ["text/csv"],
            "JsonContentTypes": ["application/json"],
        },
    }))
    .tag("team", "ml");
    cases.push((
        "endpoint_config_options",
        json!({ "asl": asl(config.build()) }),
    ));
    let endpoint =
        EndpointStep::new("Create Endpoint", "my-endpoint", "my-config").tag("team", "ml");
    cases.push(("endpoint_tags", json!({ "asl": asl(endpoint.build()) })));
    let pipeline = inference_pipeline().compression_type("Gzip");
    let run = pipeline.execute_input("my-job", None).expect("valid");
    cases.push((
        "inference_pipeline_gzip",
        json!({
            "asl": pipeline.definition().expect("valid").to_value(),
            "input": { "input": run.input, "name": run.name },
        }),
    ));
    cases
}

// The same cases written as the `workflow!` language's step forms (paths in the SDK's bracket
// notation, so that both sides are the same text).
workflow! {
    pub TrainingForm {
        "Train Step": sagemaker::TrainingStep {
            estimator: {
                image_uri: { framework: "xgboost", region: "us-east-1", version: "1.7-1" },
                role: "arn:aws:iam::123456789012:role/SageMakerRole",
                instance_count: 1,
                instance_type: "ml.m5.xlarge",
                output_path: "s3://sagemaker-bucket/models",
                hyperparameters: { num_round: 100, objective: "binary:logistic" },
            },
            job_name: jsonpath("$$.Execution.Input['JobName']"),
            data: {
                train: { s3_data: "s3://sagemaker-bucket/train", content_type: "text/csv" },
                validation: { s3_data: "s3://sagemaker-bucket/validation", content_type: "text/csv" },
            },
        };
    }
}

workflow! {
    pub TrainingScriptForm {
        "Train Script": sagemaker::TrainingStep {
            estimator: {
                image_uri: { framework: "sklearn", region: "us-east-1", version: "1.2-1" },
                entry_point: "train.py",
                source_dir: "s3://sagemaker-bucket/code/sourcedir.tar.gz",
                role: "arn:aws:iam::123456789012:role/SageMakerRole",
                instance_count: 1,
                instance_type: "ml.m5.large",
                output_path: "s3://sagemaker-bucket/models",
                hyperparameters: { epochs: 10, mode: "fast" },
            },
            job_name: jsonpath("$$.Execution.Input['JobName']"),
            data: { train: { s3_data: "s3://sagemaker-bucket/train", content_type: "text/csv" } },
        };
    }
}

workflow! {
    pub TrainingNoWaitForm {
        "Train Step": sagemaker::TrainingStep {
            estimator: {
                image_uri: { framework: "xgboost", region: "us-east-1", version: "1.7-1" },
                role: "arn:aws:iam::123456789012:role/SageMakerRole",
                instance_count: 1,
                instance_type: "ml.m5.xlarge",
                output_path: "s3://sagemaker-bucket/models",
                hyperparameters: { num_round: 100, objective: "binary:logistic" },
            },
            job_name: "my-training-job",
            data: "s3://sagemaker-bucket/train",
            hyperparameters: { num_round: 50, eta: 0.2 },
            wait_for_completion: false,
        };
    }
}

workflow! {
    pub ModelForm {
        "Save Model": sagemaker::ModelStep {
            model: {
                image_uri: { framework: "xgboost", region: "us-east-1", version: "1.7-1" },
                model_data: jsonpath("$['ModelArtifacts']['S3ModelArtifacts']"),
                role: "arn:aws:iam::123456789012:role/SageMakerRole",
            },
            model_name: jsonpath("$$.Execution.Input['ModelName']"),
        };
    }
}

workflow! {
    pub EndpointConfigForm {
        "Create Endpoint Config": sagemaker::EndpointConfigStep {
            endpoint_config_name: jsonpath("$$.Execution.Input['ModelName']"),
            model_name: jsonpath("$$.Execution.Input['ModelName']"),
            initial_instance_count: 1,
            instance_type: "ml.m5.large",
        };
    }
}

workflow! {
    pub EndpointForm {
        "Create Endpoint": sagemaker::EndpointStep {
            endpoint_name: jsonpath("$$.Execution.Input['ModelName']"),
            endpoint_config_name: jsonpath("$$.Execution.Input['ModelName']"),
        };
    }
}

workflow! {
    pub EndpointUpdateForm {
        "Update Endpoint": sagemaker::EndpointStep {
            endpoint_name: "my-endpoint",
            endpoint_config_name: "my-endpoint-config",
            update: true,
        };
    }
}

workflow! {
    pub TransformForm {
        "Transform Input": sagemaker::TransformStep {
            transformer: {
                instance_count: 1,
                instance_type: "ml.m5.large",
                output_path: "s3://sagemaker-bucket/transform",
            },
            job_name: "my-transform-job",
            model_name: "my-model",
            data: "s3://sagemaker-bucket/test",
            content_type: "text/csv",
            split_type: "Line",
        };
    }
}

workflow! {
    pub ProcessingForm {
        "Processing Step": sagemaker::ProcessingStep {
            processor: {
                role: "arn:aws:iam::123456789012:role/SageMakerRole",
                image_uri: { framework: "sklearn", region: "us-east-1", version: "1.2-1" },
                instance_count: 1,
                instance_type: "ml.m5.xlarge",
                entrypoint: ["python3", "/opt/ml/processing/input/code/preprocess.py"],
                max_runtime_in_seconds: 3600,
            },
            job_name: jsonpath("$$.Execution.Input['PreprocessingJobName']"),
            inputs: [{ source: "s3://sagemaker-bucket/raw", destination: "/opt/ml/processing/input" }],
            outputs: [{ source: "/opt/ml/processing/output", destination: "s3://sagemaker-bucket/processed" }],
            container_arguments: ["--split", "0.2"],
        };
    }
}

workflow! {
    pub PytorchProcessorForm {
        // A FrameworkProcessor: the image's CPU or GPU variant follows the instance type.
        "Preprocess": sagemaker::ProcessingStep {
            processor: {
                role: "arn:aws:iam::123456789012:role/SageMakerRole",
                image_uri: { framework: "pytorch", region: "us-east-1", version: "2.1", py_version: "py310" },
                instance_count: 2,
                instance_type: "ml.g4dn.xlarge",
                entrypoint: ["python3", "/opt/ml/processing/input/code/preprocess.py"],
                max_runtime_in_seconds: 7200,
            },
            job_name: jsonpath("$$.Execution.Input['PreprocessingJobName']"),
            inputs: [{ source: "s3://sagemaker-bucket/code/preprocess.py", destination: "/opt/ml/processing/input/code", input_name: "code" }],
            outputs: [{ source: "/opt/ml/processing/output", destination: "s3://sagemaker-bucket/processed" }],
        };
    }
}

workflow! {
    pub TuningForm {
        "Tuning": sagemaker::TuningStep {
            tuner: {
                estimator: {
                    image_uri: { framework: "xgboost", region: "us-east-1", version: "1.7-1" },
                    role: "arn:aws:iam::123456789012:role/SageMakerRole",
                    instance_count: 1,
                    instance_type: "ml.m5.xlarge",
                    output_path: "s3://sagemaker-bucket/models",
                    hyperparameters: { num_round: 100, objective: "binary:logistic" },
                },
                objective_metric_name: "validation:auc",
                hyperparameter_ranges: {
                    eta: { continuous: [0.1, 0.5] },
                    max_depth: { integer: [3, 9] },
                },
                max_jobs: 4,
                max_parallel_jobs: 2,
            },
            job_name: "my-tuning-job",
            data: { train: "s3://sagemaker-bucket/train" },
        };
    }
}

workflow! {
    pub HuggingFaceForm {
        "Train Hugging Face": sagemaker::TrainingStep {
            estimator: {
                image_uri: {
                    framework: "huggingface",
                    region: "us-east-1",
                    version: "4.36",
                    base_framework_version: "pytorch2.1",
                    py_version: "py310",
                },
                entry_point: "train.py",
                source_dir: "s3://sagemaker-bucket/code/sourcedir.tar.gz",
                role: "arn:aws:iam::123456789012:role/SageMakerRole",
                instance_count: 1,
                instance_type: "ml.p3.2xlarge",
                output_path: "s3://sagemaker-bucket/models",
                hyperparameters: { epochs: 1, model_name: "distilbert-base-uncased" },
            },
            job_name: jsonpath("$$.Execution.Input['JobName']"),
            data: { train: "s3://sagemaker-bucket/train" },
        };
    }
}

workflow! {
    pub TuningScriptForm {
        "Tuning": sagemaker::TuningStep {
            tuner: {
                estimator: {
                    image_uri: { framework: "sklearn", region: "us-east-1", version: "1.2-1" },
                    entry_point: "train.py",
                    source_dir: "s3://sagemaker-bucket/code/sourcedir.tar.gz",
                    role: "arn:aws:iam::123456789012:role/SageMakerRole",
                    instance_count: 1,
                    instance_type: "ml.m5.large",
                    output_path: "s3://sagemaker-bucket/models",
                    hyperparameters: { epochs: 10, alpha: 0.3 },
                },
                objective_metric_name: "validation:accuracy",
                metric_definitions: { "validation:accuracy": "accuracy=([0-9\\.]+)" },
                hyperparameter_ranges: { alpha: { continuous: [0.1, 0.5] } },
                max_jobs: 4,
                max_parallel_jobs: 2,
            },
            job_name: "my-tuning-job",
            data: { train: "s3://sagemaker-bucket/train" },
        };
    }
}

workflow! {
    pub FrameworkModelForm {
        // A framework model (PyTorchModel): its image chosen for the step's instance type.
        "Save Model": sagemaker::ModelStep {
            model: {
                image_uri: { framework: "pytorch", region: "us-east-1", version: "2.1", py_version: "py310" },
                model_data: "s3://sagemaker-bucket/model.tar.gz",
                role: "arn:aws:iam::123456789012:role/SageMakerRole",
                entry_point: "inference.py",
                source_dir: "s3://sagemaker-bucket/code/inference.tar.gz",
                container_log_level: 10,
            },
            model_name: jsonpath("$$.Execution.Input['ModelName']"),
            instance_type: "ml.g4dn.xlarge",
        };
    }
}

workflow! {
    pub EndpointConfigOptionsForm {
        "Create Endpoint Config": sagemaker::EndpointConfigStep {
            endpoint_config_name: "my-config",
            model_name: "my-model",
            initial_instance_count: 2,
            instance_type: "ml.m5.large",
            variant_name: "Blue",
            data_capture_config: {
                EnableCapture: true,
                InitialSamplingPercentage: 50,
                DestinationS3Uri: "s3://sagemaker-bucket/capture",
                CaptureOptions: [{ CaptureMode: "Input" }],
                CaptureContentTypeHeader: {
                    CsvContentTypes: ["text/csv"],
                    JsonContentTypes: ["application/json"],
                },
            },
            tags: { team: "ml" },
        };
    }
}

workflow! {
    pub TuningOptionsForm {
        "Tuning": sagemaker::TuningStep {
            tuner: {
                estimator: {
                    image_uri: { framework: "xgboost", region: "us-east-1", version: "1.7-1" },
                    role: "arn:aws:iam::123456789012:role/SageMakerRole",
                    instance_count: 1,
                    instance_type: "ml.m5.xlarge",
                    output_path: "s3://sagemaker-bucket/models",
                    hyperparameters: { num_round: 100 },
                    volume_kms_key: "volume-key",
                    output_kms_key: "output-key",
                    subnets: ["subnet-1"],
                    security_group_ids: ["sg-1"],
                    use_spot_instances: true,
                    max_wait: 172800,
                    checkpoint_s3_uri: "s3://sagemaker-bucket/checkpoints",
                    checkpoint_local_path: "/opt/ml/checkpoints",
                },
                objective_metric_name: "validation:rmse",
                hyperparameter_ranges: { eta: { continuous: [0.1, 0.5] } },
                objective_type: "Minimize",
                strategy: "Random",
                early_stopping_type: "Auto",
                max_jobs: 6,
                max_parallel_jobs: 3,
                warm_start_config: {
                    warm_start_type: "TransferLearning",
                    parents: ["my-earlier-tuning-job"],
                },
            },
            job_name: "my-tuning-job",
            data: { train: "s3://sagemaker-bucket/train" },
            wait_for_completion: false,
            tags: { team: "ml" },
        };
    }
}

workflow! {
    pub EndpointTagsForm {
        "Create Endpoint": sagemaker::EndpointStep {
            endpoint_name: "my-endpoint",
            endpoint_config_name: "my-config",
            tags: { team: "ml" },
        };
    }
}

workflow! {
    pub TrainingOptionsForm {
        "Train Options": sagemaker::TrainingStep {
            estimator: {
                image_uri: { framework: "xgboost", region: "us-east-1", version: "1.7-1" },
                role: "arn:aws:iam::123456789012:role/SageMakerRole",
                instance_count: 1,
                instance_type: "ml.m5.xlarge",
                output_path: "s3://sagemaker-bucket/models",
                keep_alive_period_in_seconds: 600,
                volume_kms_key: "volume-key",
                output_kms_key: "output-key",
                subnets: ["subnet-1"],
                security_group_ids: ["sg-1"],
                use_spot_instances: true,
                max_run: 3600,
                max_wait: 7200,
                checkpoint_s3_uri: "s3://sagemaker-bucket/checkpoints",
                checkpoint_local_path: "/opt/ml/checkpoints",
                disable_output_compression: true,
                model_uri: "s3://sagemaker-bucket/pretrained/model.tar.gz",
                model_channel_name: "pretrained",
                environment: { NCCL_DEBUG: "INFO" },
                hyperparameters: { num_round: 100 },
            },
            job_name: jsonpath("$$.Execution.Input['JobName']"),
            data: {
                train: {
                    s3_data: "s3://sagemaker-bucket/train",
                    content_type: "application/x-recordio",
                    record_wrapping: "RecordIO",
                    input_mode: "Pipe",
                    shuffle_config: 42,
                },
                validation: {
                    s3_data: "s3://sagemaker-bucket/validation.manifest",
                    s3_data_type: "AugmentedManifestFile",
                    attribute_names: ["source-ref", "label"],
                    distribution: "ShardedByS3Key",
                    compression: "Gzip",
                },
            },
            experiment_config: { ExperimentName: "my-experiment" },
            tags: { team: "ml" },
            output_data_config_path: jsonpath("$$.Execution.Input['JobName']"),
        };
    }
}

workflow! {
    pub ScriptProcessorForm {
        // The script's command written as the entrypoint, as the SDK's step takes it.
        "Preprocess": sagemaker::ProcessingStep {
            processor: {
                role: "arn:aws:iam::123456789012:role/SageMakerRole",
                image_uri: { framework: "sklearn", region: "us-east-1", version: "1.2-1" },
                instance_count: 1,
                instance_type: "ml.m5.xlarge",
                volume_size_in_gb: 50,
                volume_kms_key: "volume-key",
                env: { MODE: "full" },
                network_config: {
                    enable_network_isolation: true,
                    encrypt_inter_container_traffic: true,
                    subnets: ["subnet-1"],
                    security_group_ids: ["sg-1"],
                },
            },
            job_name: jsonpath("$$.Execution.Input['PreprocessingJobName']"),
            inputs: [
                {
                    source: "s3://sagemaker-bucket/raw",
                    destination: "/opt/ml/processing/input",
                    input_name: "raw",
                    s3_data_type: "ManifestFile",
                    s3_input_mode: "Pipe",
                    s3_data_distribution_type: "ShardedByS3Key",
                    s3_compression_type: "Gzip",
                },
                {
                    source: "s3://sagemaker-bucket/code/preprocess.py",
                    destination: "/opt/ml/processing/input/code",
                    input_name: "code",
                },
            ],
            outputs: [{
                source: "/opt/ml/processing/output",
                destination: "s3://sagemaker-bucket/processed",
                output_name: "processed",
                s3_upload_mode: "Continuous",
            }],
            container_entrypoint: ["python3", "/opt/ml/processing/input/code/preprocess.py"],
            kms_key_id: "output-key",
            experiment_config: { ExperimentName: "my-experiment" },
            wait_for_completion: false,
            tags: { team: "ml" },
        };
    }
}

workflow! {
    pub TransformOptionsForm {
        "Transform": sagemaker::TransformStep {
            transformer: {
                instance_count: 2,
                instance_type: "ml.m5.large",
                strategy: "MultiRecord",
                assemble_with: "Line",
                output_path: "s3://sagemaker-bucket/transform",
                output_kms_key: "output-key",
                accept: "text/csv",
                max_concurrent_transforms: 4,
                max_payload: 6,
                env: { MODE: "batch" },
                volume_kms_key: "volume-key",
            },
            job_name: "my-transform-job",
            model_name: "my-model",
            data: "s3://sagemaker-bucket/test.manifest",
            data_type: "ManifestFile",
            content_type: "text/csv",
            compression_type: "Gzip",
            split_type: "Line",
            experiment_config: { ExperimentName: "my-experiment" },
            wait_for_completion: false,
            tags: { team: "ml" },
            input_filter: "$[1:]",
            output_filter: "$[0,-1]",
            join_source: "Input",
        };
    }
}

workflow! {
    pub TensorFlowModelDirForm {
        "Train TensorFlow": sagemaker::TrainingStep {
            estimator: {
                image_uri: { framework: "tensorflow", region: "us-east-1", version: "2.14", py_version: "py310" },
                entry_point: "train.py",
                source_dir: "s3://sagemaker-bucket/code/sourcedir.tar.gz",
                role: "arn:aws:iam::123456789012:role/SageMakerRole",
                instance_count: 1,
                instance_type: "ml.m5.xlarge",
                output_path: "s3://sagemaker-bucket/models",
                model_dir: "s3://sagemaker-bucket/tf-models",
            },
            job_name: "my-tf-job",
            data: { train: "s3://sagemaker-bucket/train" },
        };
    }
}

/// The step forms' side of the step cases of emit.py.
fn forms() -> Vec<(&'static str, Value)> {
    let asl =
        |text: &str| json!({ "asl": serde_json::from_str::<Value>(text).expect("ASL is JSON") });
    vec![
        ("training", asl(TrainingForm::ASL)),
        ("training_sklearn_script", asl(TrainingScriptForm::ASL)),
        ("training_no_wait", asl(TrainingNoWaitForm::ASL)),
        ("model", asl(ModelForm::ASL)),
        ("endpoint_config", asl(EndpointConfigForm::ASL)),
        ("endpoint", asl(EndpointForm::ASL)),
        ("endpoint_update", asl(EndpointUpdateForm::ASL)),
        ("transform", asl(TransformForm::ASL)),
        ("processing", asl(ProcessingForm::ASL)),
        (
            "processing_pytorch_processor",
            asl(PytorchProcessorForm::ASL),
        ),
        ("tuning", asl(TuningForm::ASL)),
        ("tuning_sklearn_script", asl(TuningScriptForm::ASL)),
        ("training_huggingface_script", asl(HuggingFaceForm::ASL)),
        ("model_pytorch_gpu", asl(FrameworkModelForm::ASL)),
        (
            "endpoint_config_options",
            asl(EndpointConfigOptionsForm::ASL),
        ),
        ("tuning_options", asl(TuningOptionsForm::ASL)),
        ("endpoint_tags", asl(EndpointTagsForm::ASL)),
        ("training_options", asl(TrainingOptionsForm::ASL)),
        ("processing_script_processor", asl(ScriptProcessorForm::ASL)),
        ("transform_options", asl(TransformOptionsForm::ASL)),
        (
            "training_tensorflow_model_dir",
            asl(TensorFlowModelDirForm::ASL),
        ),
    ]
}

#[test]
fn step_forms_emit_the_python_sdks_asl() {
    compare_with_sdk(sdk(), forms(), ".form");
}

fn training_pipeline() -> TrainingPipeline {
    TrainingPipeline::new(
        xgboost_estimator(),
        workflow_role(),
        "s3://sagemaker-bucket/train",
        BUCKET,
        "training-pipeline",
    )
}

fn inference_pipeline() -> InferencePipeline {
    InferencePipeline::new(
        sklearn_preprocessor(),
        xgboost_estimator(),
        vec![Channel::new("train", "s3://sagemaker-bucket/train")],
        BUCKET,
        workflow_role(),
        "inference-pipeline",
    )
    .content_type("text/csv")
}

/// The InferencePipeline of emit.py with an SKLearn preprocessor and an XGBoost estimator in
/// script mode.
fn inference_pipeline_with_a_script() -> InferencePipeline {
    let preprocessor = sklearn_script(
        "preprocess.py",
        "s3://sagemaker-bucket/code/preprocess.tar.gz",
        "s3://sagemaker-bucket/preprocessor",
    );
    let estimator = Estimator::framework(
        "xgboost",
        "1.7-1",
        "us-east-1",
        "train.py",
        ROLE,
        1,
        "ml.m5.xlarge",
    )
    .expect("the XGBoost 1.7-1 image")
    .source_dir("s3://sagemaker-bucket/code/train.tar.gz")
    .output_path("s3://sagemaker-bucket/models")
    .hyperparameter("num_round", 100);
    InferencePipeline::new(
        preprocessor,
        estimator,
        vec![Channel::new("train", "s3://sagemaker-bucket/train")],
        BUCKET,
        workflow_role(),
        "inference-pipeline",
    )
    .content_type("text/csv")
}

/// Where we differ from the SDK on purpose (tools/sagemaker-sdk/README.md says why): each entry
/// names the case and the JSON pointer, and gives our value and the SDK's.
type Difference = (&'static str, &'static str, Value, Value);

/// Stands for a value the SDK makes from the clock: `"\"<base job name>-<timestamp>\""`.
const CLOCK_NAMED: &str = "a JSON-encoded name made from the clock";

fn differences() -> Vec<Difference> {
    let state = "/asl/States/Processing Step/Parameters/AppSpecification/ContainerEntrypoint";
    vec![
        // 1. The processor's entrypoint: the SDK drops it (only `container_entrypoint` reaches
        //    the request), so the job would run the image's default entrypoint.
        (
            "processing",
            state,
            json!(["python3", "/opt/ml/processing/input/code/preprocess.py"]),
            Value::Null,
        ),
        // 2. Step-level hyperparameters: SageMaker takes strings; the SDK passes the step's
        //    numbers through unconverted (the estimator's are converted).
        (
            "training_no_wait",
            "/asl/States/Train Step/Parameters/HyperParameters/num_round",
            json!("50"),
            json!(50),
        ),
        (
            "training_no_wait",
            "/asl/States/Train Step/Parameters/HyperParameters/eta",
            json!("0.2"),
            json!(0.2),
        ),
        // 3. Script mode's `sagemaker_job_name`: the SDK writes a name of its own made from the
        //    clock (no job of that name runs: the job's name comes from the execution input);
        //    ours is the job's name, read from the same input.
        (
            "training_sklearn_script",
            "/asl/States/Train Script/Parameters/HyperParameters/sagemaker_job_name.$",
            json!("States.JsonToString($$.Execution.Input['JobName'])"),
            Value::Null,
        ),
        (
            "training_sklearn_script",
            "/asl/States/Train Script/Parameters/HyperParameters/sagemaker_job_name",
            Value::Null,
            json!(CLOCK_NAMED),
        ),
        (
            "training_pytorch_script",
            "/asl/States/Train PyTorch/Parameters/HyperParameters/sagemaker_job_name.$",
            json!("States.JsonToString($$.Execution.Input['JobName'])"),
            Value::Null,
        ),
        (
            "training_pytorch_script",
            "/asl/States/Train PyTorch/Parameters/HyperParameters/sagemaker_job_name",
            Value::Null,
            json!(CLOCK_NAMED),
        ),
        (
            "training_huggingface_script",
            "/asl/States/Train Hugging Face/Parameters/HyperParameters/sagemaker_job_name.$",
            json!("States.JsonToString($$.Execution.Input['JobName'])"),
            Value::Null,
        ),
        (
            "training_huggingface_script",
            "/asl/States/Train Hugging Face/Parameters/HyperParameters/sagemaker_job_name",
            Value::Null,
            json!(CLOCK_NAMED),
        ),
        (
            "training_tensorflow_script",
            "/asl/States/Train TensorFlow/Parameters/HyperParameters/sagemaker_job_name.$",
            json!("States.JsonToString($$.Execution.Input['JobName'])"),
            Value::Null,
        ),
        (
            "training_tensorflow_script",
            "/asl/States/Train TensorFlow/Parameters/HyperParameters/sagemaker_job_name",
            Value::Null,
            json!(CLOCK_NAMED),
        ),
        // The same for a tuning job: ours is the tuning job's name, as the SDK's own
        // `tuner.fit(job_name=…)` writes it.
        (
            "tuning_sklearn_script",
            "/asl/States/Tuning/Parameters/TrainingJobDefinition/StaticHyperParameters/sagemaker_job_name",
            json!("\"my-tuning-job\""),
            json!(CLOCK_NAMED),
        ),
        // 4. `execute(job_name, hyperparameters)` of a template: the SDK replaces the training
        //    job's whole `HyperParameters`, dropping the script's `sagemaker_*` keys (the job
        //    would not find its script); ours replaces the estimator's own and keeps them.
        (
            "training_pipeline_pytorch_script",
            "/input/input/Training/HyperParameters",
            json!({
                "epochs": "5",
                "sagemaker_submit_directory": "\"s3://sagemaker-bucket/code/sourcedir.tar.gz\"",
                "sagemaker_program": "\"train.py\"",
                "sagemaker_container_log_level": "20",
                "sagemaker_job_name": "\"estimator-my-job\"",
                "sagemaker_region": "\"us-east-1\"",
            }),
            json!({ "epochs": "5" }),
        ),
        // 5. A template's estimator without an output path: the SDK's Debugger output goes to
        //    the session's default bucket (`s3://{default bucket}/`, which only AWS can say);
        //    ours under the pipeline's models path, where its model goes.
        (
            "training_pipeline_pytorch_script",
            "/input/input/Training/DebugHookConfig/S3OutputPath",
            json!("s3://sagemaker-bucket/training-pipeline/models"),
            json!("s3://sagemaker-bucket/"),
        ),
        (
            "training_pipeline_environment",
            "/input/input/Training/DebugHookConfig/S3OutputPath",
            json!("s3://sagemaker-bucket/training-pipeline/models"),
            json!("s3://sagemaker-bucket/"),
        ),
        // 6. TensorFlow's `model_dir` is under the job's name, the same difference.
        (
            "training_tensorflow_script",
            "/asl/States/Train TensorFlow/Parameters/HyperParameters/model_dir.$",
            json!(
                "States.Format('\"s3://sagemaker-bucket/models/{}/model\"', $$.Execution.Input['JobName'])"
            ),
            Value::Null,
        ),
        (
            "training_tensorflow_script",
            "/asl/States/Train TensorFlow/Parameters/HyperParameters/model_dir",
            Value::Null,
            json!(CLOCK_NAMED),
        ),
    ]
}

/// Asserts that each case of `cases` equals the SDK's side of the same case, less the
/// deliberate [`differences`]; both sides are written to
/// `target/sagemaker-sdk/<case><suffix>.{rust,python}.json` for reading beside each other.
fn compare_with_sdk(sdk: &Value, cases: Vec<(&'static str, Value)>, suffix: &str) {
    let differences = differences();
    let dir = root().join("target/sagemaker-sdk");
    std::fs::create_dir_all(&dir).expect("create target/sagemaker-sdk");
    let total = cases.len();
    let mut exact = 0;
    for (name, mut ours) in cases {
        if ours == sdk[name] {
            exact += 1;
        }
        let mut theirs = sdk[name].clone();
        for (side, value) in [("rust", &ours), ("python", &theirs)] {
            let text = serde_json::to_string_pretty(value).unwrap_or_default();
            std::fs::write(dir.join(format!("{name}{suffix}.{side}.json")), text).expect("write");
        }
        for (case, pointer, our_value, their_value) in &differences {
            if *case != name {
                continue;
            }
            assert_eq!(
                &take(&mut ours, pointer),
                our_value,
                "{name}: our {pointer}"
            );
            let taken = take(&mut theirs, pointer);
            if their_value == CLOCK_NAMED {
                let text = taken.as_str().unwrap_or_default();
                // `"sagemaker-scikit-learn-2026-…"`, `"pytorch-training-2026-…"`: the image's
                // name and the clock.
                assert!(
                    text.starts_with('"') && text.contains("-20") && text.len() > 20,
                    "{name}: the SDK's {pointer} is {taken}"
                );
            } else {
                assert_eq!(&taken, their_value, "{name}: the SDK's {pointer}");
            }
        }
        assert_eq!(
            ours,
            theirs,
            "{name}: ours\n{}\nthe SDK's\n{}",
            serde_json::to_string_pretty(&ours).unwrap_or_default(),
            serde_json::to_string_pretty(&theirs).unwrap_or_default()
        );
    }
    println!(
        "{total} cases{suffix} equal to the SDK's: {exact} JSON-equal as they are, {} but for the listed differences",
        total - exact
    );
}

/// Removes the value at `pointer` (JSON null when absent), returning it.
fn take(value: &mut Value, pointer: &str) -> Value {
    let Some((parent, key)) = pointer.rsplit_once('/') else {
        return Value::Null;
    };
    match value.pointer_mut(parent) {
        Some(Value::Object(map)) => map.remove(key).unwrap_or(Value::Null),
        _ => Value::Null,
    }
}

#[test]
fn steps_and_templates_emit_the_python_sdks_asl() {
    let sdk = sdk();
    let cases = ours();
    let names: Vec<&str> = cases.iter().map(|(n, _)| *n).collect();
    let sdk_names: Vec<&String> = sdk.as_object().expect("an object").keys().collect();
    assert_eq!(
        sdk_names.len(),
        names.len(),
        "cases: {sdk_names:?} vs {names:?}"
    );
    compare_with_sdk(sdk, cases, "");
}

#[test]
fn a_request_sagemaker_rejects_is_invalid_task_parameters() {
    // An instance type that is not a training instance type.
    let estimator = Estimator::new(xgboost(), ROLE, 1, "ml.m5.huge").output_path("s3://b/m");
    let error = TrainingStep::new("Train", &estimator, "job")
        .build()
        .expect_err("ml.m5.huge is rejected");
    assert_eq!(error.state, "Train");
    assert!(
        error
            .diagnostics
            .iter()
            .any(|d| d.code == Code::InvalidTaskParameters
                && d.pointer.as_str() == "/States/Train/Parameters/ResourceConfig/InstanceType"),
        "{error}"
    );
    // No output path: the required `S3OutputPath` is missing.
    let estimator = Estimator::new(xgboost(), ROLE, 1, "ml.m5.xlarge");
    let error = TrainingStep::new("Train", &estimator, "job")
        .build()
        .expect_err("no output path");
    assert!(error.to_string().contains("S3OutputPath"), "{error}");
    // A transform type outside the enum.
    let mut transform = TransformStep::new(
        "T",
        &Transformer::new(1, "ml.m5.large").output_path("s3://b/o"),
        "job",
        "model",
        "s3://b/i",
    );
    transform.data_type = "S3Prefx".into();
    let error = transform.build().expect_err("S3Prefx is not an S3DataType");
    assert!(error.to_string().contains("S3Prefix"), "{error}");
}

#[test]
fn image_lookup_says_what_is_missing() {
    assert_eq!(
        image_uris::retrieve("kmeans", "eu-west-1", "1").as_deref(),
        Ok("438346466558.dkr.ecr.eu-west-1.amazonaws.com/kmeans:1")
    );
    // China's ECR domain.
    let cn = image_uris::retrieve("xgboost", "cn-north-1", "1.7-1").expect("in China");
    assert!(
        cn.ends_with(".dkr.ecr.cn-north-1.amazonaws.com.cn/sagemaker-xgboost:1.7-1"),
        "{cn}"
    );
    // An alias selects its version's image and is written in the tag, as `retrieve` gives it.
    assert_eq!(
        ImageQuery::new("xgboost", REGION)
            .version("latest")
            .scope(Scope::Training)
            .retrieve()
            .as_deref(),
        Ok("811284229777.dkr.ecr.us-east-1.amazonaws.com/xgboost:latest")
    );
    // A framework's alias is written in the tag too (the generator checked every alias's
    // images against `retrieve`).
    let pytorch = |version: &str| {
        ImageQuery::new("pytorch", REGION)
            .version(version)
            .py_version("py310")
            .instance_type("ml.m5.xlarge")
            .scope(Scope::Training)
            .retrieve()
    };
    assert_eq!(
        pytorch("2.1").as_deref(),
        Ok("763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.1-cpu-py310")
    );
    assert_eq!(
        pytorch("2.1.0").as_deref(),
        Ok("763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.1.0-cpu-py310")
    );
    match image_uris::retrieve("xgbost", REGION, "1.7-1") {
        Err(ImageUriError::UnknownFramework { suggestion, .. }) => {
            assert_eq!(suggestion.as_deref(), Some("xgboost"))
        }
        other => panic!("{other:?}"),
    }
    let error = image_uris::retrieve("xgboost", "mars-1", "1.7-1").expect_err("no such region");
    assert!(
        error.to_string().starts_with("unsupported region `mars-1`"),
        "{error}"
    );
    let error = ImageQuery::new("pytorch", REGION)
        .version("2.1.0")
        .scope(Scope::Training)
        .retrieve()
        .expect_err("CPU or GPU?");
    assert!(error.to_string().contains("processor"), "{error}");
    // Hugging Face: a second version, the base framework's, each written as given (as
    // `retrieve` gives them: full versions here, aliases in `training_huggingface_script`).
    let huggingface = |base: Option<&str>| {
        let query = ImageQuery::new("huggingface", REGION)
            .version("4.10.2")
            .py_version("py38")
            .instance_type("ml.p3.2xlarge")
            .scope(Scope::Training);
        match base {
            Some(base) => query.base_framework_version(base).retrieve(),
            None => query.retrieve(),
        }
    };
    assert_eq!(
        huggingface(Some("pytorch1.9.0")).as_deref(),
        Ok(
            "763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-training:1.9.0-transformers4.10.2-gpu-py38-cu111-ubuntu20.04"
        )
    );
    let error = huggingface(None).expect_err("PyTorch or TensorFlow?");
    assert_eq!(
        error.to_string(),
        "a base framework version is needed; one of: pytorch1.8.1, pytorch1.9.0, tensorflow2.4.1, tensorflow2.5.1"
    );
    // An image without Python versions ignores the one given, as the SDK does (TensorFlow
    // Serving's).
    assert_eq!(
        ImageQuery::new("tensorflow", REGION)
            .version("2.14")
            .py_version("py310")
            .instance_type("ml.m5.xlarge")
            .scope(Scope::Inference)
            .retrieve()
            .as_deref(),
        Ok("763104351884.dkr.ecr.us-east-1.amazonaws.com/tensorflow-inference:2.14-cpu")
    );
    // Versions whose SDK config is keyed by Python version (no `py_versions` list): TensorFlow
    // 1.13.1 and MXNet 1.4.1, and their aliases `1.13` and `1.4`; py3 is on the deep learning
    // containers' registry, py2 on the older script-mode one (as `retrieve` gives them).
    let old = |framework: &str, version: &str, py: &str, scope: Scope| {
        ImageQuery::new(framework, REGION)
            .version(version)
            .py_version(py)
            .instance_type("ml.m5.xlarge")
            .scope(scope)
            .retrieve()
    };
    assert_eq!(
        old("tensorflow", "1.13", "py3", Scope::Training).as_deref(),
        Ok("763104351884.dkr.ecr.us-east-1.amazonaws.com/tensorflow-training:1.13-cpu-py3")
    );
    assert_eq!(
        old("tensorflow", "1.13.1", "py2", Scope::Training).as_deref(),
        Ok(
            "520713654638.dkr.ecr.us-east-1.amazonaws.com/sagemaker-tensorflow-scriptmode:1.13.1-cpu-py2"
        )
    );
    assert_eq!(
        old("mxnet", "1.4", "py3", Scope::Inference).as_deref(),
        Ok("763104351884.dkr.ecr.us-east-1.amazonaws.com/mxnet-inference:1.4-cpu-py3")
    );
    assert_eq!(
        old("mxnet", "1.4.1", "py3", Scope::Training).as_deref(),
        Ok("763104351884.dkr.ecr.us-east-1.amazonaws.com/mxnet-training:1.4.1-cpu-py3")
    );
}

/// A fake SageMaker for the templates: every job ends at once on the virtual clock. It answers
/// as the fallback handler (the templates use different subsets of its APIs, and a handler
/// that matches no Task is refused) and echoes the request with what the templates read next,
/// so it does not claim SageMaker's response shapes: results are not checked against them
/// here (the examples' fake is checked STRICT).
fn fake_sagemaker() -> Engine {
    Engine::new()
        .field_validation(FieldValidationMode::None)
        .fallback_handler(|call: TaskCall| async move {
            let mut answer = call.input.clone();
            if let Some(job) = call.input.get("TrainingJobName").and_then(Value::as_str) {
                let output = call.input["OutputDataConfig"]["S3OutputPath"]
                    .as_str()
                    .unwrap_or("");
                answer["ModelArtifacts"] =
                    json!({ "S3ModelArtifacts": format!("{output}/{job}/output/model.tar.gz") });
                answer["TrainingJobStatus"] = json!("Completed");
            }
            Ok(TaskOutput::after(
                std::time::Duration::from_secs(600),
                answer,
            ))
        })
}

#[test]
fn templates_run_on_the_local_engine_and_deploy() {
    let pipeline = training_pipeline();
    let run = pipeline.execute_input("my-job", None).expect("valid");
    let execution = blocking::run(
        fake_sagemaker()
            .machine(&pipeline.definition().expect("valid"))
            .input(run.input),
    )
    .expect("runs");
    assert_eq!(
        execution.status,
        ExecutionStatus::Succeeded,
        "{execution:?}"
    );
    assert_eq!(
        execution.states,
        ["Training", "Create Model", "Configure Endpoint", "Deploy"]
    );
    let pipeline = inference_pipeline();
    let run = pipeline.execute_input("my-job", None).expect("valid");
    let execution = blocking::run(
        fake_sagemaker()
            .machine(&pipeline.definition().expect("valid"))
            .input(run.input),
    )
    .expect("runs");
    assert_eq!(
        execution.status,
        ExecutionStatus::Succeeded,
        "{execution:?}"
    );
    assert_eq!(execution.states.len(), 7);

    use workflow_runtime::client::cloudformation::{TemplateOptions, template};
    use workflow_runtime::client::iam::{PolicyContext, policy_for_spec};
    let spec = StateMachineSpec::try_from(&training_pipeline()).expect("valid");
    assert_eq!(spec.name, "training-pipeline");
    let cfn = template(&spec, &TemplateOptions::default()).expect("a template");
    assert!(cfn.to_json().contains("AWS::StepFunctions::StateMachine"));
    let policy = policy_for_spec(&spec, &PolicyContext::default()).expect("a policy");
    let actions: Vec<&String> = policy.statements.iter().flat_map(|s| &s.actions).collect();
    assert!(
        actions.iter().any(|a| *a == "sagemaker:CreateTrainingJob"),
        "{actions:?}"
    );
    assert!(
        actions.iter().any(|a| *a == "sagemaker:CreateEndpoint"),
        "{actions:?}"
    );
    // The jobs' role is read from the execution input: SageMaker must be allowed to get it.
    assert!(actions.iter().any(|a| *a == "iam:PassRole"), "{actions:?}");
    // A plain S3 URI is the SDK's one `training` channel.
    assert_eq!(
        TrainingData::from("s3://x"),
        TrainingData::S3Uri(Param::from("s3://x"))
    );
}

#[test]
fn inference_pipeline_needs_a_train_channel_and_retries_every_step() {
    let mut pipeline = inference_pipeline();
    pipeline.inputs = vec![Channel::new("training", "s3://sagemaker-bucket/train")];
    assert_eq!(
        pipeline.definition().map(|_| ()),
        Err(workflow_runtime::sagemaker::PipelineError::NoTrainChannel)
    );
    let retrier = workflow_runtime::asl::Retrier {
        error_equals: vec![workflow_runtime::asl::ErrorName::from(
            "SageMaker.AmazonSageMakerException",
        )],
        interval_seconds: Some(5),
        max_attempts: Some(2),
        backoff_rate: None,
        max_delay_seconds: None,
        jitter_strategy: None,
        comment: None,
    };
    let machine = inference_pipeline()
        .retry(retrier)
        .definition()
        .expect("valid")
        .to_value();
    for (name, state) in machine["States"].as_object().expect("States") {
        assert_eq!(state["Retry"][0]["MaxAttempts"], 2, "{name}");
    }
}

/// A TensorFlow script-mode job's `model_dir` and `sagemaker_job_name`, as the job receives
/// them when the engine runs the step: JSON-encoded text naming the job the execution input
/// names.
#[test]
fn a_tensorflow_script_job_gets_its_model_dir_under_its_own_name() {
    let machine = tensorflow_training("Train")
        .build()
        .expect("the step is valid")
        .to_machine();
    let run = blocking::run(
        fake_sagemaker()
            .machine(&machine)
            .input(json!({"JobName": "tf-job-1"})),
    )
    .expect("runs");
    let sent = run.output.expect("the job's description");
    assert_eq!(
        sent["HyperParameters"]["model_dir"],
        "\"s3://sagemaker-bucket/models/tf-job-1/model\""
    );
    assert_eq!(
        sent["HyperParameters"]["sagemaker_job_name"],
        "\"tf-job-1\""
    );
}

//! The SageMaker step forms: each writes the request its builder writes for the same
//! arguments, and every mistake is reported on the token at fault.

use super::{has_error, only_error, state};
use serde_json::{Value, json};
use workflow_sagemaker::{
    Channel, EndpointConfigStep, EndpointStep, Estimator, Model, ModelStep, Param, ParameterRange,
    ProcessingInput, ProcessingOutput, ProcessingStep, Processor, TrainingStep, TransformStep,
    Transformer, Tuner, TuningStep, image_uris,
};

const ROLE: &str = "arn:aws:iam::123456789012:role/SageMaker";

/// The `Resource` and `Parameters` of the state `name` of `states`.
fn task(states: &str, name: &str) -> (Value, Value) {
    let s = state(states, name);
    (s["Resource"].clone(), s["Parameters"].clone())
}

fn xgboost() -> String {
    image_uris::retrieve("xgboost", "us-east-1", "1.7-1").unwrap_or_default()
}

#[test]
fn a_training_step_form_writes_the_builders_request() {
    let (resource, parameters) = task(
        r#"
        input { JobName: string, Train: string }
        Train: sagemaker::TrainingStep {
            estimator: {
                image_uri: { framework: "xgboost", region: "us-east-1", version: "1.7-1" },
                role: "arn:aws:iam::123456789012:role/SageMaker",
                instance_count: 1,
                instance_type: "ml.m5.xlarge",
                output_path: "s3://bucket/models",
                hyperparameters: { num_round: 100, objective: "binary:logistic" },
            },
            job_name: input.JobName,
            data: {
                train: { s3_data: input.Train, content_type: "text/csv" },
                validation: "s3://bucket/validation",
            },
            tags: { team: "ml" },
        };
        "#,
        "Train",
    );
    let estimator = Estimator::new(xgboost(), ROLE, 1, "ml.m5.xlarge")
        .output_path("s3://bucket/models")
        .hyperparameter("num_round", 100)
        .hyperparameter("objective", "binary:logistic");
    let built = TrainingStep::new(
        "Train",
        &estimator,
        Param::Path("$$.Execution.Input.JobName".into()),
    )
    .data(vec![
        Channel::new("train", Param::Path("$$.Execution.Input.Train".into()))
            .content_type("text/csv"),
        Channel::new("validation", "s3://bucket/validation"),
    ])
    .tag("team", "ml");
    assert_eq!(resource, json!(built.resource()));
    assert_eq!(
        resource,
        "arn:aws:states:::sagemaker:createTrainingJob.sync"
    );
    assert_eq!(parameters, Value::Object(built.request()));
    assert_eq!(parameters["ResourceConfig"]["VolumeSizeInGB"], 30);
    assert_eq!(
        parameters["StoppingCondition"]["MaxRuntimeInSeconds"],
        86400
    );
}

#[test]
fn a_training_step_without_waiting_and_with_a_path_output_is_the_builders() {
    let (resource, parameters) = task(
        r#"
        Train: sagemaker::TrainingStep {
            estimator: {
                image_uri: "my-image",
                role: "arn:aws:iam::123456789012:role/SageMaker",
                instance_count: 2,
                instance_type: "ml.c5.xlarge",
                volume_size: 50,
                max_run: 3600,
                input_mode: "Pipe",
                output_path: $.output,
            },
            job_name: "job",
            data: $.data,
            hyperparameters: $.hyperparameters,
            wait_for_completion: false,
        };
        "#,
        "Train",
    );
    let estimator = Estimator::new("my-image", ROLE, 2, "ml.c5.xlarge")
        .volume_size_gb(50)
        .max_run_seconds(3600)
        .input_mode(workflow_sagemaker::InputMode::Pipe);
    let mut built = TrainingStep::new("Train", &estimator, "job")
        .data(Param::Path("$.data".into()))
        .hyperparameters(workflow_sagemaker::HyperParameters::Path(
            "$.hyperparameters".into(),
        ))
        .wait_for_completion(false);
    built.output_data_config_path = Some(Param::Path("$.output".into()));
    assert_eq!(resource, "arn:aws:states:::sagemaker:createTrainingJob");
    assert_eq!(parameters, Value::Object(built.request()));
    assert_eq!(parameters["OutputDataConfig"]["S3OutputPath.$"], "$.output");
}

#[test]
fn model_endpoint_config_and_endpoint_forms_are_the_builders() {
    let states = r#"
        Model: sagemaker::ModelStep {
            model: {
                image_uri: { framework: "xgboost", region: "us-east-1", version: "1.7-1" },
                model_data: $.ModelArtifacts.S3ModelArtifacts,
                role: "arn:aws:iam::123456789012:role/SageMaker",
            },
            model_name: $$.Execution.Input.Model,
        } -> Config;
        Config: sagemaker::EndpointConfigStep {
            endpoint_config_name: $$.Execution.Input.Model,
            model_name: $$.Execution.Input.Model,
            initial_instance_count: 1,
            instance_type: "ml.m5.large",
        } -> Deploy;
        Deploy: sagemaker::EndpointStep {
            endpoint_name: "endpoint",
            endpoint_config_name: $$.Execution.Input.Model,
            update: true,
        };
    "#;
    let path = |p: &str| Param::Path(p.into());
    let model = Model::new(
        image_uris::retrieve("xgboost", "us-east-1", "1.7-1").unwrap_or_default(),
        path("$.ModelArtifacts.S3ModelArtifacts"),
        ROLE,
    );
    let model_step = ModelStep::new("Model", model).model_name(path("$$.Execution.Input.Model"));
    let config = EndpointConfigStep::new(
        "Config",
        path("$$.Execution.Input.Model"),
        path("$$.Execution.Input.Model"),
        1,
        "ml.m5.large",
    );
    let deploy =
        EndpointStep::new("Deploy", "endpoint", path("$$.Execution.Input.Model")).update(true);
    for (name, resource, request) in [
        ("Model", model_step.resource(), model_step.request()),
        ("Config", config.resource(), config.request()),
        ("Deploy", deploy.resource(), deploy.request()),
    ] {
        let (r, p) = task(states, name);
        assert_eq!(r, json!(resource), "{name}");
        assert_eq!(p, Value::Object(request), "{name}");
    }
    assert_eq!(
        task(states, "Config").1["ProductionVariants"][0]["VariantName"],
        "AllTraffic"
    );
}

#[test]
fn processing_transform_and_tuning_forms_are_the_builders() {
    let states = r#"
        Process: sagemaker::ProcessingStep {
            processor: {
                role: "arn:aws:iam::123456789012:role/SageMaker",
                image_uri: { framework: "sklearn", region: "us-east-1", version: "1.2-1" },
                instance_count: 1,
                instance_type: "ml.m5.xlarge",
                entrypoint: ["python3", "/opt/ml/processing/input/code/preprocess.py"],
            },
            job_name: $$.Execution.Input.Job,
            inputs: [{ source: "s3://bucket/raw", destination: "/opt/ml/processing/input" }],
            outputs: [{ source: "/opt/ml/processing/train", destination: $$.Execution.Input.Out, output_name: "train" }],
        } -> Transform;
        Transform: sagemaker::TransformStep {
            transformer: { instance_count: 1, instance_type: "ml.m5.large", output_path: "s3://bucket/out" },
            job_name: "transform",
            model_name: "model",
            data: "s3://bucket/in",
            content_type: "text/csv",
            split_type: "Line",
        } -> Tune;
        Tune: sagemaker::TuningStep {
            tuner: {
                estimator: {
                    image_uri: "my-image",
                    role: "arn:aws:iam::123456789012:role/SageMaker",
                    instance_count: 1,
                    instance_type: "ml.m5.xlarge",
                    output_path: "s3://bucket/tuning",
                },
                objective_metric_name: "validation:auc",
                hyperparameter_ranges: { eta: { continuous: [0.1, 0.5] }, max_depth: { integer: [3, 9] } },
                max_jobs: 4,
                max_parallel_jobs: 2,
            },
            job_name: "tuning",
            data: "s3://bucket/train",
        };
    "#;
    let path = |p: &str| Param::Path(p.into());
    let processor = Processor::new(
        ROLE,
        image_uris::retrieve("sklearn", "us-east-1", "1.2-1").unwrap_or_default(),
        1,
        "ml.m5.xlarge",
    )
    .entrypoint(["python3", "/opt/ml/processing/input/code/preprocess.py"]);
    let process = ProcessingStep::new("Process", &processor, path("$$.Execution.Input.Job"))
        .input(ProcessingInput::new(
            "input-1",
            "s3://bucket/raw",
            "/opt/ml/processing/input",
        ))
        .output(ProcessingOutput::new(
            "train",
            "/opt/ml/processing/train",
            path("$$.Execution.Input.Out"),
        ));
    let transformer = Transformer::new(1, "ml.m5.large").output_path("s3://bucket/out");
    let transform = TransformStep::new(
        "Transform",
        &transformer,
        "transform",
        "model",
        "s3://bucket/in",
    )
    .content_type("text/csv")
    .split_type("Line");
    let estimator =
        Estimator::new("my-image", ROLE, 1, "ml.m5.xlarge").output_path("s3://bucket/tuning");
    let tuner = Tuner::new(estimator, "validation:auc")
        .range("eta", ParameterRange::Continuous { min: 0.1, max: 0.5 })
        .range("max_depth", ParameterRange::Integer { min: 3, max: 9 })
        .max_jobs(4, 2);
    let tune = TuningStep::new("Tune", &tuner, "tuning", "s3://bucket/train");
    for (name, resource, request) in [
        ("Process", process.resource(), process.request()),
        ("Transform", transform.resource(), transform.request()),
        ("Tune", tune.resource(), tune.request()),
    ] {
        let (r, p) = task(states, name);
        assert_eq!(r, json!(resource), "{name}");
        assert_eq!(p, Value::Object(request), "{name}");
    }
}

#[test]
fn a_misspelt_argument_is_reported_on_its_key_with_the_fix() {
    only_error(
        r#"pub W {
        Deploy: sagemaker::EndpointStep { endpoint_name: "e", endpoint_config_nam: "c" };
        }"#,
        "task state `Deploy`: `EndpointStep` takes no argument `endpoint_config_nam`; did you mean `endpoint_config_name`?",
        "endpoint_config_nam",
        0,
    );
}

#[test]
fn a_missing_argument_is_reported_on_its_object() {
    has_error(
        r#"pub W {
        Config: sagemaker::EndpointConfigStep { endpoint_config_name: "c", model_name: "m", instance_type: "ml.m5.large" };
        }"#,
        "task state `Config`: `EndpointConfigStep` needs `initial_instance_count`",
        "{ endpoint_config_name",
        0,
    );
}

#[test]
fn a_wrong_count_and_a_path_for_a_fixed_value_are_reported_on_the_value() {
    let src = r#"pub W {
        Config: sagemaker::EndpointConfigStep {
            endpoint_config_name: "c",
            model_name: "m",
            initial_instance_count: 0,
            instance_type: $.type,
        };
        }"#;
    has_error(
        src,
        "task state `Config`: `initial_instance_count` takes a positive integer",
        "0",
        0,
    );
    has_error(
        src,
        "task state `Config`: `instance_type` is fixed when the workflow is built (as in the SageMaker SDK), so it cannot be read when the state runs; write a literal",
        "$.type",
        0,
    );
}

#[test]
fn an_unknown_image_is_reported_on_the_image_with_the_closest_name() {
    has_error(
        r#"pub W {
        Model: sagemaker::ModelStep {
            model: {
                image_uri: { framework: "xgbost", region: "us-east-1", version: "1.7-1" },
                model_data: "s3://bucket/model.tar.gz",
                role: "arn:aws:iam::123456789012:role/SageMaker",
            },
        };
        }"#,
        "task state `Model`: `image_uri`: no SageMaker image for `xgbost`; did you mean `xgboost`?",
        "{ framework",
        0,
    );
}

#[test]
fn a_value_sagemaker_refuses_is_reported_on_the_value_written() {
    // `ml.m5.xlarg` is no `ProductionVariantInstanceType`: the request check of the validator
    // (SageMaker's API model), mapped back to the form's value.
    let src = r#"pub W {
        Config: sagemaker::EndpointConfigStep {
            endpoint_config_name: "c",
            model_name: "m",
            initial_instance_count: 1,
            instance_type: "ml.m5.xlarg",
        };
        }"#;
    let errors = super::run(src).errors;
    assert_eq!(
        errors.len(),
        1,
        "{:#?}",
        errors.iter().map(ToString::to_string).collect::<Vec<_>>()
    );
    let message = errors.first().map(ToString::to_string).unwrap_or_default();
    assert!(message.contains("ml.m5.xlarg"), "{message}");
    let start = errors.first().map(|e| e.span().start());
    assert_eq!(
        start.map(|s| (s.line, s.column)),
        Some(super::position(src, "\"ml.m5.xlarg\"", 0))
    );
}

#[test]
fn a_misspelt_step_is_reported_with_the_closest_step() {
    only_error(
        r#"pub W {
        Train: sagemaker::TrainStep { job_name: "j" };
        }"#,
        "no SageMaker step `TrainStep`; did you mean `TrainingStep`? (an API action is written in snake_case, e.g. `sagemaker::create_training_job`)",
        "TrainStep",
        0,
    );
}

#[test]
fn a_step_takes_no_pattern() {
    has_error(
        r#"pub W {
        Deploy: sagemaker::EndpointStep.sync { endpoint_name: "e", endpoint_config_name: "c" };
        }"#,
        "task state `Deploy`: `sagemaker::EndpointStep` takes no pattern: it waits for its job unless `wait_for_completion: false`; remove `.sync`",
        "sync",
        0,
    );
}

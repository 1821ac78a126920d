//! What the SageMaker template examples (`training_pipeline`, `inference_pipeline`) share: a
//! fake SageMaker for the local engine that answers on the virtual clock, printing a local run,
//! and `--aws` for a definition that is a typed model rather than a `workflow!` type.

#![allow(dead_code)] // not every example uses every helper

use crate::common::Common;
use serde_json::{Value, json};
use std::process::ExitCode;
use std::time::Duration;
use workflow_runtime::asl::ErrorName;
use workflow_runtime::asl::StateMachine;
use workflow_runtime::aws_models::Pattern;
use workflow_runtime::client::StateMachineSpec;
use workflow_runtime::engine::blocking;
use workflow_runtime::engine::{Engine, TaskCall, TaskFailure, TaskOutput};

/// How long each fake job runs, on the virtual clock.
pub const TRAINING: Duration = Duration::from_secs(25 * 60);
/// How long a fake transform job runs.
pub const TRANSFORM: Duration = Duration::from_secs(12 * 60);
/// How long a fake endpoint takes to come up (the request returns at once, as the service's).
pub const ENDPOINT: Duration = Duration::from_secs(2);

const ARN: &str = "arn:aws:sagemaker:us-east-1:123456789012";

/// SageMaker's name rule for jobs, models and endpoints: `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`.
/// When the fake's jobs were created (a describe response requires it).
const CREATED: &str = "2026-01-01T00:00:00Z";

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 63
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-')
}

fn validation(field: &str, value: &str) -> TaskFailure {
    TaskFailure::new(
        "SageMaker.AmazonSageMakerException",
        format!(
            "1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){{0,62}} (Service: AmazonSageMaker; Status Code: 400; Error Code: ValidationException)"
        ),
    )
}

fn name_of<'a>(call: &'a TaskCall, field: &str) -> Result<&'a str, TaskFailure> {
    let name = call.input.get(field).and_then(Value::as_str).unwrap_or("");
    if valid_name(name) {
        Ok(name)
    } else {
        Err(validation(field, name))
    }
}

/// `CreateTrainingJob` + `DescribeTrainingJob` until it ends (`.sync`): the description, with
/// the model artifacts under the output path. With `fail_job` named, that job fails.
pub async fn training(call: TaskCall, fail_job: Option<String>) -> Result<TaskOutput, TaskFailure> {
    let job = name_of(&call, "TrainingJobName")?.to_owned();
    let output = call.input["OutputDataConfig"]["S3OutputPath"]
        .as_str()
        .unwrap_or_default()
        .trim_end_matches('/')
        .to_owned();
    let mut description = call.input;
    description["TrainingJobArn"] = json!(format!("{ARN}:training-job/{job}"));
    description["ModelArtifacts"] =
        json!({ "S3ModelArtifacts": format!("{output}/{job}/output/model.tar.gz") });
    description["SecondaryStatus"] = json!("Completed");
    description["CreationTime"] = json!(CREATED);
    if fail_job.as_deref() == Some(job.as_str()) {
        description["TrainingJobStatus"] = json!("Failed");
        description["FailureReason"] =
            json!("AlgorithmError: the training data has no label column");
        return Err(TaskFailure::new(
            ErrorName::TaskFailed,
            description.to_string(),
        ));
    }
    description["TrainingJobStatus"] = json!("Completed");
    description["FinalMetricDataList"] = json!([{ "MetricName": "validation:auc", "Value": 0.93 }]);
    Ok(TaskOutput::after(TRAINING, description))
}

async fn transform(call: TaskCall) -> Result<TaskOutput, TaskFailure> {
    let job = name_of(&call, "TransformJobName")?.to_owned();
    name_of(&call, "ModelName")?;
    let mut description = call.input;
    description["TransformJobArn"] = json!(format!("{ARN}:transform-job/{job}"));
    description["TransformJobStatus"] = json!("Completed");
    description["CreationTime"] = json!(CREATED);
    Ok(TaskOutput::after(TRANSFORM, description))
}

/// `CreateModel`, `CreateEndpointConfig`, `CreateEndpoint`: checks the name in `field` and
/// answers `{arn_key: "arn:…:kind/name"}` after `ENDPOINT`.
pub async fn create(
    call: TaskCall,
    field: &'static str,
    kind: &'static str,
    arn_key: &'static str,
) -> Result<TaskOutput, TaskFailure> {
    let name = name_of(&call, field)?;
    Ok(TaskOutput::after(
        ENDPOINT,
        json!({ arn_key: format!("{ARN}:{kind}/{name}") }),
    ))
}

/// The local engine with a fake SageMaker behind every SageMaker resource the templates use.
/// It answers as the engine's fallback handler, so that a workflow that calls only some of
/// these APIs registers no handler that matches none of its Tasks (the engine refuses those).
pub fn engine(fail_job: Option<String>) -> Engine {
    Engine::new().fallback_handler(move |call: TaskCall| {
        let fail_job = fail_job.clone();
        async move {
            let api = match call.resource.integration() {
                Some(i) if i.service() == "sagemaker" => (i.action(), i.pattern()),
                _ => (String::new(), Pattern::RequestResponse),
            };
            match (api.0.as_str(), api.1) {
                ("createTrainingJob", Pattern::Sync) => training(call, fail_job).await,
                ("createTransformJob", Pattern::Sync) => transform(call).await,
                ("createModel", _) => create(call, "ModelName", "model", "ModelArn").await,
                ("createEndpointConfig", _) => {
                    create(
                        call,
                        "EndpointConfigName",
                        "endpoint-config",
                        "EndpointConfigArn",
                    )
                    .await
                }
                ("createEndpoint", _) => {
                    create(call, "EndpointName", "endpoint", "EndpointArn").await
                }
                _ => Err(TaskFailure::new(
                    ErrorName::Runtime,
                    format!("the fake SageMaker does not serve `{}`", call.resource),
                )),
            }
        }
    })
}

/// `--asl` (the definition, indented) and `--graph` (Mermaid); `true` when the example should
/// exit.
pub fn print_definition(common: &Common, machine: &StateMachine) -> bool {
    if common.asl {
        println!("{}", machine.to_json_pretty());
    }
    if common.graph {
        print!("{}", workflow_runtime::graph::to_mermaid(machine));
    }
    common.asl || common.graph
}

/// Runs a template's execution: on AWS with `--aws` (the spec built only then), else
/// locally against the fake SageMaker, failing the training job `fail_job` if given; reports
/// as `program`.
pub fn run_template<E: std::fmt::Display>(
    program: &str,
    common: &Common,
    machine: &StateMachine,
    spec: impl FnOnce() -> Result<StateMachineSpec, E>,
    run: workflow_runtime::sagemaker::PipelineExecution,
    fail_job: Option<String>,
) -> ExitCode {
    if common.aws {
        return match spec() {
            Ok(spec) => run_on_aws(program, common, spec, &run.name, &run.input),
            Err(e) => {
                eprintln!("{program}: {e}");
                ExitCode::from(2)
            }
        };
    }
    let started = std::time::Instant::now();
    let execution = blocking::run(engine(fail_job).machine(machine).input(run.input));
    crate::common::report_timed(
        program,
        common,
        (machine, program),
        execution,
        started.elapsed(),
    )
}

/// `--aws`: deploys `spec` (create-or-update, under `--name` when given; role from
/// `WORKFLOW_ROLE_ARN` when set, else the pipeline's), executes it on `input` as execution
/// `name`, waits and prints the status and the output (or the error and the cause).
pub fn run_on_aws(
    program: &str,
    common: &Common,
    mut spec: StateMachineSpec,
    name: &str,
    input: &Value,
) -> ExitCode {
    match crate::common::role_from_env(program) {
        Ok(Some(role)) => spec.role_arn = role,
        Ok(None) => {}
        Err(code) => return code,
    }
    if let Some(machine_name) = &common.name {
        spec = spec.name(machine_name.clone());
    }
    // Training and deploying take a while: allow two hours.
    let timeout = Duration::from_secs(2 * 3600);
    crate::common::deploy_and_run(program, &spec, input, Some(name), timeout)
}

//! Local handlers keyed by the workflow's own Task states and integrations, results checked
//! against the integrations' result shapes (TestState's `fieldValidationMode`), handlers that
//! match nothing reported when the run starts, and default `.sync` results.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use workflow_runtime::asl::ErrorName;
use workflow_runtime::aws_models::FieldValidationMode;
use workflow_runtime::aws_models::{Integration, Pattern};
use workflow_runtime::engine::blocking;
use workflow_runtime::engine::{
    Engine, EngineError, HandlerKey, MockConfig, TaskCall, TaskFailure,
};
use workflow_runtime::execution::ExecutionStatus;
use workflow_runtime::{TaskRef, workflow};

workflow! {
    /// Nightly retraining: a Glue job prepares the data, SageMaker trains on it.
    pub Retraining {
        "Prepare data": glue::start_job_run.sync { JobName: "prepare-features" }
            result_path = $.prepared -> "Train model";
        "Train model": sagemaker::create_training_job.sync {
            TrainingJobName: "nightly",
            RoleArn: "arn:aws:iam::123456789012:role/sagemaker",
            AlgorithmSpecification: { TrainingImage: "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1", TrainingInputMode: "File" },
            OutputDataConfig: { S3OutputPath: "s3://bucket/models" },
            ResourceConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 10 },
            StoppingCondition: { MaxRuntimeInSeconds: 3600 },
        } result_path = $.training -> "Done";
        "Done": succeed;
    }
}

/// DescribeTrainingJob's output for a finished job: every required field, as SageMaker
/// returns them (timestamps as strings).
fn described(request: &Value, status: &str) -> Value {
    json!({
        "TrainingJobName": request["TrainingJobName"],
        "TrainingJobArn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/nightly",
        "ModelArtifacts": {"S3ModelArtifacts": "s3://bucket/models/nightly/output/model.tar.gz"},
        "TrainingJobStatus": status,
        "SecondaryStatus": status,
        "AlgorithmSpecification": request["AlgorithmSpecification"],
        "ResourceConfig": request["ResourceConfig"],
        "StoppingCondition": request["StoppingCondition"],
        "CreationTime": "2024-04-07T00:00:00Z",
    })
}

/// GetJobRun's `JobRun` for a finished Glue job.
async fn glue_done(_: TaskCall) -> Result<Value, TaskFailure> {
    Ok(json!({"JobName": "prepare-features", "JobRunState": "SUCCEEDED"}))
}

#[test]
fn the_macro_names_each_task_state_for_handlers() {
    assert_eq!(
        Retraining::TRAIN_MODEL.untyped(),
        TaskRef::new(
            "Train model",
            "arn:aws:states:::sagemaker:createTrainingJob.sync"
        )
    );
    assert_eq!(Retraining::PREPARE_DATA.name, "Prepare data");
    let run = blocking::run(
        Engine::new()
            .handler(Retraining::PREPARE_DATA, glue_done)
            .handler(Retraining::TRAIN_MODEL, |call: TaskCall| async move {
                Ok::<_, TaskFailure>(described(&call.input, "Completed"))
            })
            .workflow::<Retraining>()
            .input(json!({})),
    )
    .unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
    let output = run.output.unwrap();
    assert_eq!(output["training"]["TrainingJobStatus"], "Completed");
    assert_eq!(output["prepared"]["JobRunState"], "SUCCEEDED");
}

/// What the handler reads of CreateTrainingJob's request.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CreateTrainingJob {
    training_job_name: String,
}

/// The part of DescribeTrainingJob's output the test writes; the engine checks it.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct TrainingJob {
    training_job_name: String,
    training_job_status: &'static str,
}

#[test]
fn handlers_keyed_by_integration_take_typed_requests_and_their_results_are_checked() {
    let training = Integration::named("sagemaker", "create_training_job", Pattern::Sync).unwrap();
    let glue = Integration::named("glue", "start_job_run", Pattern::Sync).unwrap();
    let engine = |mode| {
        Engine::new()
            .field_validation(mode)
            .handler(glue.clone(), glue_done)
            .typed_handler(training.clone(), |job: CreateTrainingJob| async move {
                Ok::<_, TaskFailure>(TrainingJob {
                    training_job_name: job.training_job_name,
                    training_job_status: "Completed",
                })
            })
    };
    // The typed response lacks DescribeTrainingJob's other required fields: STRICT refuses it…
    let strict = blocking::run(
        engine(FieldValidationMode::Strict)
            .workflow::<Retraining>()
            .input(json!({})),
    )
    .unwrap();
    assert_eq!(strict.status, ExecutionStatus::Failed);
    assert_eq!(strict.error, Some(ErrorName::Runtime));
    let cause = strict.cause.unwrap();
    assert!(cause.contains("Task state `Train model`"), "{cause}");
    assert!(
        cause.contains("field `/TrainingJobArn` is required but missing; it must be a string"),
        "{cause}"
    );
    // …PRESENT accepts it: every field present conforms.
    let present = blocking::run(
        engine(FieldValidationMode::Present)
            .workflow::<Retraining>()
            .input(json!({})),
    )
    .unwrap();
    assert_eq!(
        present.status,
        ExecutionStatus::Succeeded,
        "{:?}",
        present.cause
    );
    assert_eq!(
        present.output.unwrap()["training"],
        json!({"TrainingJobName": "nightly", "TrainingJobStatus": "Completed"})
    );
}

/// A Step Functions Local mock file whose `Train model` result is `result`.
fn mocked(result: Value) -> MockConfig {
    MockConfig::from_value(&json!({
        "StateMachines": {"Retraining": {"TestCases": {"Nightly": {
            "Prepare data": "PrepareOk", "Train model": "TrainOk"
        }}}},
        "MockedResponses": {
            "PrepareOk": {"0": {"Return": {"JobName": "prepare-features", "JobRunState": "SUCCEEDED"}}},
            "TrainOk": {"0": {"Return": result}}
        }
    }))
    .unwrap()
}

fn run_mocked(result: Value, mode: FieldValidationMode) -> workflow_runtime::engine::Execution {
    blocking::run(
        Engine::new()
            .field_validation(mode)
            .mocks(&mocked(result), "Retraining", "Nightly")
            .unwrap()
            .workflow::<Retraining>()
            .input(json!({})),
    )
    .unwrap()
}

#[test]
fn a_mock_with_a_misspelt_field_fails_under_strict_and_passes_present_and_none() {
    let request = json!({
        "TrainingJobName": "nightly",
        "AlgorithmSpecification": {"TrainingImage": "xgboost:1", "TrainingInputMode": "File"},
        "ResourceConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.xlarge", "VolumeSizeInGB": 10},
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
    });
    let mut misspelt = described(&request, "Completed");
    let status = misspelt
        .as_object_mut()
        .and_then(|o| o.remove("TrainingJobStatus"))
        .unwrap();
    misspelt["TrainingJobStatuss"] = status;

    let strict = run_mocked(misspelt.clone(), FieldValidationMode::Strict);
    assert_eq!(strict.status, ExecutionStatus::Failed);
    assert_eq!(strict.error, Some(ErrorName::Runtime));
    let cause = strict.cause.unwrap();
    println!("STRICT: {cause}");
    assert_eq!(
        cause,
        "result schema validation error in Task state `Train model`: field `/TrainingJobStatus` \
         is required but missing; it must be a string, one of `InProgress`, `Completed`, \
         `Failed`, `Stopping`, `Stopped`, `Deleting`; the result of \
         `arn:aws:states:::sagemaker:createTrainingJob.sync` must match \
         `DescribeTrainingJobResponse` (fieldValidationMode STRICT)"
    );
    // PRESENT: the fields present conform (the misspelt one is not the model's: accepted).
    let present = run_mocked(misspelt.clone(), FieldValidationMode::Present);
    assert_eq!(
        present.status,
        ExecutionStatus::Succeeded,
        "{:?}",
        present.cause
    );
    // A present field of the wrong type fails PRESENT too; NONE accepts anything.
    let mut wrong = described(&request, "Completed");
    wrong["CreationTime"] = json!(1712448000);
    let present = run_mocked(wrong.clone(), FieldValidationMode::Present);
    assert!(
        present.cause.as_deref().is_some_and(
            |c| c.contains("field `/CreationTime` must be a timestamp, found a number")
        ),
        "{:?}",
        present.cause
    );
    assert_eq!(
        run_mocked(wrong, FieldValidationMode::None).status,
        ExecutionStatus::Succeeded
    );
    // The well-formed description passes STRICT.
    let good = run_mocked(
        described(&request, "Completed"),
        FieldValidationMode::Strict,
    );
    assert_eq!(good.status, ExecutionStatus::Succeeded, "{:?}", good.cause);
}

#[test]
fn the_check_cannot_be_caught_or_retried() {
    let machine = workflow_runtime::asl::StateMachine::from_json(
        r#"{"StartAt": "Publish", "States": {
            "Publish": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
                "Parameters": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:t", "Message": "hi"},
                "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 3}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], "End": true},
            "Caught": {"Type": "Succeed"}}}"#,
    )
    .unwrap();
    let run = blocking::run(
        Engine::new()
            .state("Publish", |_: TaskCall| async {
                Ok::<_, TaskFailure>(json!({"MessageId": 42}))
            })
            .machine(&machine)
            .input(json!({})),
    )
    .unwrap();
    assert_eq!(run.status, ExecutionStatus::Failed);
    assert!(
        run.cause
            .as_deref()
            .is_some_and(|c| c.contains("field `/MessageId` must be a string, found a number")),
        "{:?}",
        run.cause
    );
    assert!(!run.states.iter().any(|s| s == "Caught"));
}

#[test]
fn a_handler_or_mock_that_matches_no_task_is_an_error_with_the_closest_task() {
    let typo = blocking::run(
        Engine::new()
            .state("Train modle", |_: TaskCall| async {
                Ok::<_, TaskFailure>(json!({}))
            })
            .workflow::<Retraining>()
            .input(json!({})),
    );
    let Err(EngineError::UnmatchedHandlers(unmatched)) = &typo else {
        panic!("{typo:?}")
    };
    assert_eq!(unmatched[0].key, HandlerKey::state("Train modle"));
    assert_eq!(unmatched[0].closest.as_deref(), Some("Train model"));
    assert_eq!(
        typo.unwrap_err().to_string(),
        "the handler for Task state `Train modle` matches no Task of the workflow; did you mean `Train model`?"
    );
    // A raw resource with the action misspelt: the closest resource of the workflow.
    let resource = blocking::run(
        Engine::new()
            .handler(
                "arn:aws:states:::sagemaker:createTrainigJob.sync",
                |_: TaskCall| async { Ok::<_, TaskFailure>(json!({})) },
            )
            .workflow::<Retraining>()
            .input(json!({})),
    )
    .unwrap_err()
    .to_string();
    assert!(
        resource.ends_with("did you mean `arn:aws:states:::sagemaker:createTrainingJob.sync`?"),
        "{resource}"
    );
    // An integration the workflow does not use: the Tasks it calls are listed.
    let athena = Integration::named("athena", "start_query_execution", Pattern::Sync).unwrap();
    let unused = blocking::run(
        Engine::new()
            .handler(athena, |_: TaskCall| async {
                Ok::<_, TaskFailure>(json!({}))
            })
            .workflow::<Retraining>()
            .input(json!({})),
    )
    .unwrap_err()
    .to_string();
    assert!(unused.contains("its Tasks call `arn:aws:states:::glue:startJobRun.sync`, `arn:aws:states:::sagemaker:createTrainingJob.sync`"), "{unused}");
    // A mocked state that does not exist.
    let config = MockConfig::from_value(&json!({
        "StateMachines": {"Retraining": {"TestCases": {"T": {"Prepare dat": "R"}}}},
        "MockedResponses": {"R": {"0": {"Return": {}}}}
    }))
    .unwrap();
    let mock = blocking::run(
        Engine::new()
            .mocks(&config, "Retraining", "T")
            .unwrap()
            .workflow::<Retraining>()
            .input(json!({})),
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        mock,
        "the mocked response for Task state `Prepare dat` matches no Task of the workflow; did you mean `Prepare data`?"
    );
}

#[test]
fn a_state_handler_comes_before_its_integrations() {
    let training = Integration::named("sagemaker", "createTrainingJob", Pattern::Sync).unwrap();
    let run = blocking::run(
        Engine::new()
            .handler(training, |_: TaskCall| async {
                Err::<Value, _>(TaskFailure::new("Wrong", "the integration's handler ran"))
            })
            .state("Train model", |call: TaskCall| async move {
                Ok::<_, TaskFailure>(described(&call.input, "Completed"))
            })
            .handler(Retraining::PREPARE_DATA, glue_done)
            .workflow::<Retraining>()
            .input(json!({})),
    )
    .unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
}

#[test]
fn default_sync_responses_are_opt_in_realistic_and_strict_valid() {
    let without = blocking::run(Engine::new().workflow::<Retraining>().input(json!({}))).unwrap();
    assert_eq!(without.status, ExecutionStatus::Failed);
    assert!(without.cause.unwrap().contains("no handler for resource"));
    let run = blocking::run(
        Engine::new()
            .default_sync_responses(true)
            .workflow::<Retraining>()
            .input(json!({})),
    )
    .unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
    let output = run.output.unwrap();
    let training = &output["training"];
    assert_eq!(training["TrainingJobName"], "nightly");
    assert_eq!(training["TrainingJobStatus"], "Completed");
    assert_eq!(
        training["RoleArn"],
        "arn:aws:iam::123456789012:role/sagemaker"
    );
    assert_eq!(training["ResourceConfig"]["InstanceType"], "ml.m5.xlarge");
    assert_eq!(output["prepared"]["JobName"], "prepare-features");
    assert_eq!(output["prepared"]["JobRunState"], "SUCCEEDED");
}

#[test]
fn a_lambda_function_no_task_calls_is_an_error_unless_the_name_is_computed() {
    let machine = |function: &str| {
        workflow_runtime::asl::StateMachine::from_json(&format!(
            r#"{{"StartAt": "Call", "States": {{"Call": {{"Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {{{function}, "Payload.$": "$"}}, "End": true}}}}}}"#
        ))
        .unwrap()
    };
    let echo = |event: Value| async move { Ok::<_, TaskFailure>(event) };
    let typo = blocking::run(
        Engine::new()
            .lambda("MyLambd", echo)
            .machine(&machine(r#""FunctionName": "MyLambda""#))
            .input(json!({})),
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        typo,
        "the handler for Lambda function `MyLambd` matches no Task of the workflow; did you mean `MyLambda`?"
    );
    // A function named at run time may be any: accepted.
    let computed = blocking::run(
        Engine::new()
            .lambda("Other", echo)
            .machine(&machine(r#""FunctionName.$": "$.f""#))
            .input(json!({"f": "Other"})),
    )
    .unwrap();
    assert_eq!(
        computed.status,
        ExecutionStatus::Succeeded,
        "{:?}",
        computed.cause
    );
    // An ARN written as FunctionName names its function.
    let arn = r#""FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:MyLambda:prod""#;
    let by_arn = blocking::run(
        Engine::new()
            .lambda("MyLambda", echo)
            .machine(&machine(arn))
            .input(json!({})),
    )
    .unwrap();
    assert_eq!(
        by_arn.status,
        ExecutionStatus::Succeeded,
        "{:?}",
        by_arn.cause
    );
}

workflow! {
    /// A parent that starts a child execution and waits for its parsed output.
    pub Parent {
        input { order: string }
        "Run child": states::start_execution.sync2 {
            StateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:child",
            Input: { order: $.order },
        } result_selector { total: $.Output.total, status: $.Status } -> "Done";
        "Done": succeed;
    }
}

#[test]
fn a_typed_handler_that_compiles_passes_the_default_strict_check() {
    // The generated response holds what the workflow reads (`Output.total`, `Status`), not
    // DescribeExecution's other required members (`ExecutionArn`, `StateMachineArn`,
    // `StartDate`): a handler typed by the workflow is held to PRESENT under STRICT.
    let typed = |status: &'static str| {
        Engine::new().task(
            Parent::RUN_CHILD,
            move |_: ParentRunChildRequest| async move {
                Ok::<_, TaskFailure>(ParentRunChildResponse {
                    output: ParentRunChildResponseOutput { total: json!(42) },
                    status: status.to_owned(),
                })
            },
        )
    };
    let input = ParentInput {
        order: "o-1".to_owned(),
    };
    let run = blocking::run(typed("SUCCEEDED").workflow::<Parent>().input(&input)).unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
    assert_eq!(
        run.output.unwrap(),
        json!({"total": 42, "status": "SUCCEEDED"})
    );
    // What it gives is still checked: `Status` is one of DescribeExecution's.
    let run = blocking::run(typed("DONE").workflow::<Parent>().input(&input)).unwrap();
    assert_eq!(run.status, ExecutionStatus::Failed);
    assert_eq!(run.error, Some(ErrorName::Runtime));
    let cause = run.cause.unwrap();
    assert!(cause.contains("field `/Status` must be"), "{cause}");
    assert!(cause.contains("(fieldValidationMode PRESENT)"), "{cause}");
    // The same answer from an untyped handler is held to STRICT: it lacks what AWS answers.
    let untyped = blocking::run(
        Engine::new()
            .state("Run child", |_: TaskCall| async {
                Ok::<_, TaskFailure>(json!({"Output": {"total": 42}, "Status": "SUCCEEDED"}))
            })
            .workflow::<Parent>()
            .input(&input),
    )
    .unwrap();
    assert_eq!(untyped.status, ExecutionStatus::Failed);
    let cause = untyped.cause.unwrap();
    assert!(
        cause.contains("field `/ExecutionArn` is required but missing"),
        "{cause}"
    );
}

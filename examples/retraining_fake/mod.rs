//! Fakes of Glue, Lambda and SNS for the `retraining_workflow` example, beside the SageMaker
//! fake of `sagemaker_fake`: each answers on the engine's virtual clock, and they share one
//! record of what they were asked (the training jobs' descriptions, which the Lambda function
//! reads as the workshop's function reads `DescribeTrainingJob`, the SNS messages and the
//! calls made).

use crate::sagemaker_fake;
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use workflow_runtime::asl::ErrorName;
use workflow_runtime::engine::{Engine, TaskCall, TaskFailure, TaskOutput};

/// How long the fake Glue job runs, on the virtual clock.
pub const GLUE: Duration = Duration::from_secs(6 * 60);
/// The fake Lambda function that reads a training job's metrics.
pub const QUERY_FUNCTION: &str = "query-training-status";
/// The fake SNS topic failures are published to.
pub const ALERT_TOPIC: &str = "arn:aws:sns:us-east-1:123456789012:retraining-alerts";
/// The metric the Lambda function reports as the accuracy (the fake training job's).
pub const METRIC: &str = "validation:auc";

/// Which jobs fail, by name, on every attempt.
#[derive(Clone, Debug, Default)]
pub struct Failing {
    /// The Glue job that fails.
    pub glue_job: Option<String>,
    /// The training job that fails.
    pub training_job: Option<String>,
}

/// What the fakes were asked.
#[derive(Debug, Default)]
struct Record {
    /// `DescribeTrainingJob` of each completed training job, by name.
    trainings: BTreeMap<String, Value>,
    /// Each SNS message published: `{"TopicArn", "Subject", "Message"}`.
    published: Vec<Value>,
    /// Each call, in order: `service:action name`.
    calls: Vec<String>,
}

/// The fakes of one local run.
#[derive(Clone, Debug, Default)]
pub struct Fakes {
    failing: Failing,
    record: Arc<Mutex<Record>>,
}

impl Fakes {
    /// Fakes in which the jobs named by `failing` fail.
    pub fn new(failing: Failing) -> Self {
        Self {
            failing,
            record: Arc::default(),
        }
    }

    fn record(&self) -> MutexGuard<'_, Record> {
        self.record.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The SNS messages published so far, in order.
    pub fn published(&self) -> Vec<Value> {
        self.record().published.clone()
    }

    /// The calls made so far, in order (`glue:startJobRun.sync retraining-etl`, …).
    pub fn calls(&self) -> Vec<String> {
        self.record().calls.clone()
    }

    /// The local engine: `sagemaker_fake`'s SageMaker (plus `UpdateEndpoint`), every call
    /// logged and the training jobs recorded for the Lambda function; Glue, the Lambda
    /// function and SNS.
    pub fn engine(&self) -> Engine {
        let training = self.clone();
        let glue = self.clone();
        let lambda = self.clone();
        let sns = self.clone();
        let update = self.clone();
        let model = self.clone();
        let config = self.clone();
        sagemaker_fake::engine(None)
            .handler("arn:aws:states:::sagemaker:createModel", move |call| {
                let fakes = model.clone();
                async move {
                    fakes.log(&call, str_of(&call.input, "ModelName"));
                    sagemaker_fake::create(call, "ModelName", "model", "ModelArn").await
                }
            })
            .handler(
                "arn:aws:states:::sagemaker:createEndpointConfig",
                move |call| {
                    let fakes = config.clone();
                    async move {
                        fakes.log(&call, str_of(&call.input, "EndpointConfigName"));
                        sagemaker_fake::create(
                            call,
                            "EndpointConfigName",
                            "endpoint-config",
                            "EndpointConfigArn",
                        )
                        .await
                    }
                },
            )
            .handler(
                "arn:aws:states:::sagemaker:createTrainingJob.sync",
                move |call| {
                    let fakes = training.clone();
                    async move { fakes.training(call).await }
                },
            )
            .handler("arn:aws:states:::sagemaker:updateEndpoint", move |call| {
                let fakes = update.clone();
                async move { fakes.update_endpoint(call) }
            })
            .handler("arn:aws:states:::glue:startJobRun.sync", move |call| {
                let fakes = glue.clone();
                async move { fakes.glue(call) }
            })
            .lambda(QUERY_FUNCTION, move |event: QueryEvent| {
                let fakes = lambda.clone();
                async move { fakes.query_training(event) }
            })
            .handler("arn:aws:states:::sns:publish", move |call| {
                let fakes = sns.clone();
                async move { fakes.publish(call) }
            })
    }

    fn log(&self, call: &TaskCall, name: &str) {
        let api = call.resource.short_name();
        self.record().calls.push(format!("{api} {name}"));
    }

    /// `CreateTrainingJob` + `DescribeTrainingJob` (`sagemaker_fake`'s), the description
    /// recorded.
    async fn training(&self, call: TaskCall) -> Result<TaskOutput, TaskFailure> {
        let name = str_of(&call.input, "TrainingJobName").to_owned();
        self.log(&call, &name);
        let output = sagemaker_fake::training(call, self.failing.training_job.clone()).await?;
        self.record().trainings.insert(name, output.value.clone());
        Ok(output)
    }

    /// `UpdateEndpoint`: the endpoint's ARN.
    fn update_endpoint(&self, call: TaskCall) -> Result<TaskOutput, TaskFailure> {
        let endpoint = str_of(&call.input, "EndpointName").to_owned();
        self.log(&call, &endpoint);
        if str_of(&call.input, "EndpointConfigName").is_empty() || endpoint.is_empty() {
            return Err(TaskFailure::new(
                "SageMaker.AmazonSageMakerException",
                "EndpointName and EndpointConfigName are required (Service: AmazonSageMaker; Status Code: 400; Error Code: ValidationException)",
            ));
        }
        Ok(TaskOutput::after(
            sagemaker_fake::ENDPOINT,
            json!({ "EndpointArn": format!("arn:aws:sagemaker:us-east-1:123456789012:endpoint/{endpoint}") }),
        ))
    }

    /// `StartJobRun` + `GetJobRun` until the run ends (`.sync`): the job run, `SUCCEEDED` after
    /// six virtual minutes, or `FAILED` (the task fails with `States.TaskFailed`, the job run as
    /// the cause).
    fn glue(&self, call: TaskCall) -> Result<TaskOutput, TaskFailure> {
        let job = str_of(&call.input, "JobName").to_owned();
        self.log(&call, &job);
        if job.is_empty() {
            return Err(TaskFailure::new(
                "Glue.EntityNotFoundException",
                "Job name is required (Service: AWSGlue; Status Code: 400; Error Code: EntityNotFoundException)",
            ));
        }
        let run_id = format!("jr_{:064x}", call.retry_count + 1);
        let failed = self.failing.glue_job.as_deref() == Some(job.as_str());
        let mut run = json!({
            "Id": run_id,
            "Attempt": 0,
            "JobName": job,
            "Arguments": call.input.get("Arguments").cloned().unwrap_or_else(|| json!({})),
            "JobRunState": if failed { "FAILED" } else { "SUCCEEDED" },
            "ExecutionTime": GLUE.as_secs(),
            "GlueVersion": "4.0",
        });
        if failed {
            run["ErrorMessage"] =
                json!("AnalysisException: Path does not exist: s3://retraining-bucket/raw/");
            return Err(TaskFailure::new(ErrorName::TaskFailed, run.to_string()));
        }
        Ok(TaskOutput::after(GLUE, run))
    }

    /// The workshop's Lambda function: reads the training job's final metrics
    /// (`DescribeTrainingJob`, here the recorded description) and returns the one it reports
    /// as the accuracy.
    fn query_training(&self, event: QueryEvent) -> Result<Value, TaskFailure> {
        self.record()
            .calls
            .push(format!("lambda:invoke {}", event.training_job_name));
        let record = self.record();
        let metric = record
            .trainings
            .get(&event.training_job_name)
            .and_then(|d| d.get("FinalMetricDataList"))
            .and_then(Value::as_array)
            .and_then(|list| {
                list.iter()
                    .find(|m| m.get("MetricName").and_then(Value::as_str) == Some(METRIC))
            })
            .and_then(|m| m.get("Value"))
            .and_then(Value::as_f64);
        match metric {
            Some(accuracy) => Ok(json!({
                "TrainingJobName": event.training_job_name,
                "metric": METRIC,
                "accuracy": accuracy,
            })),
            None => Err(TaskFailure::new(
                "ResourceNotFound",
                format!(
                    "training job {} has no metric {METRIC}",
                    event.training_job_name
                ),
            )),
        }
    }

    /// SNS `Publish`: records the message and returns its id.
    fn publish(&self, call: TaskCall) -> Result<TaskOutput, TaskFailure> {
        let topic = str_of(&call.input, "TopicArn").to_owned();
        self.log(&call, &topic);
        let Some(message) = call.input.get("Message").and_then(Value::as_str) else {
            return Err(TaskFailure::new(
                "SNS.InvalidParameterException",
                "Invalid parameter: Message (Service: Sns; Status Code: 400; Error Code: InvalidParameter)",
            ));
        };
        if topic != ALERT_TOPIC {
            return Err(TaskFailure::new(
                "SNS.NotFoundException",
                format!(
                    "Topic does not exist: {topic} (Service: Sns; Status Code: 404; Error Code: NotFound)"
                ),
            ));
        }
        let mut record = self.record();
        record.published.push(json!({
            "TopicArn": topic,
            "Subject": call.input.get("Subject").cloned().unwrap_or(Value::Null),
            "Message": message,
        }));
        let id = record.published.len();
        Ok(TaskOutput::after(
            Duration::from_millis(50),
            json!({ "MessageId": format!("00000000-0000-0000-0000-{id:012}") }),
        ))
    }
}

/// The Lambda function's event.
#[derive(Deserialize)]
pub struct QueryEvent {
    /// The training job to read.
    #[serde(rename = "TrainingJobName")]
    training_job_name: String,
}

fn str_of<'a>(input: &'a Value, key: &str) -> &'a str {
    input.get(key).and_then(Value::as_str).unwrap_or("")
}

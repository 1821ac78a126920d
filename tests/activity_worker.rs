//! Tasks answered from Rust through the client, against `workflow serve` (moto's server answers
//! `GetActivityTask` with HTTP 500): the production `ActivityWorker` (typed handlers, several
//! tasks at once, failures and inputs that do not fit as the task's error, heartbeats, graceful
//! shutdown, a fatal error), and `SendTaskSuccess` / `SendTaskFailure` for `.waitForTaskToken`.

use super::client_moto::{client_for, runtime};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use workflow_runtime::aws_models::TaskToken;
use workflow_runtime::client::{
    Client, Error, ExecutionRef, INPUT_MISMATCH, StateMachineSpec, WaitOptions,
};
use workflow_runtime::engine::TaskFailure;
use workflow_runtime::execution::ExecutionStatus;
use workflow_serve::Server;

const ROLE: &str = "arn:aws:iam::123456789012:role/test";

/// [`ROLE`], read as a role's ARN.
fn role() -> workflow_runtime::aws_models::RoleArn {
    ROLE.parse().expect("an IAM role's ARN")
}

#[derive(Deserialize)]
struct Review {
    doc: u32,
}

#[derive(Serialize)]
struct Verdict {
    doc: u32,
    approved: bool,
}

fn server(virtual_time: bool) -> Server {
    Server::builder()
        .port(0)
        .virtual_time(virtual_time)
        .activity_poll(Duration::from_millis(500))
        .start()
        .expect("serve")
}

/// Deploys `definition` as `name` and starts it on `input`.
async fn start(client: &Client, name: &str, definition: &str, input: Value) -> ExecutionRef {
    client
        .deploy_spec(&StateMachineSpec::new(name, definition, role()))
        .await
        .expect("deploy")
        .state_machine
        .execute(&input)
        .send()
        .await
        .expect("start")
}

async fn finished(execution: &ExecutionRef) -> (ExecutionStatus, Value) {
    let done = execution
        .wait(WaitOptions::default().timeout(Duration::from_secs(60)))
        .await
        .expect("wait");
    let output = done.output.as_deref().map_or(Value::Null, |o| {
        serde_json::from_str(o).expect("JSON output")
    });
    (done.status, output)
}

/// The task token the execution's `n`th `TaskScheduled` event sent as `MessageBody.token`,
/// once the execution has scheduled that task.
pub(crate) async fn sent_task_token(execution: &ExecutionRef, n: usize) -> TaskToken {
    loop {
        let tokens: Vec<TaskToken> = execution
            .history()
            .await
            .expect("history")
            .iter()
            .map(|e| e.to_json())
            .filter(|e| e["type"] == "TaskScheduled")
            .filter_map(|e| {
                let p: Value =
                    serde_json::from_str(e["taskScheduledEventDetails"]["parameters"].as_str()?)
                        .ok()?;
                p["MessageBody"]["token"].as_str()?.parse().ok()
            })
            .collect();
        if let Some(token) = tokens.get(n) {
            return token.clone();
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// A Task on `activity` with a Catch that keeps the error in `$.error`.
fn reviewing(activity: &str, extra: &str) -> String {
    format!(
        r#"{{"StartAt": "Review", "States": {{
            "Review": {{"Type": "Task", "Resource": "{activity}", "TimeoutSeconds": 60 {extra},
                "Catch": [{{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Caught"}}],
                "End": true}},
            "Caught": {{"Type": "Pass", "End": true}}}}}}"#
    )
}

#[test]
fn a_worker_runs_a_maps_tasks_concurrently_with_typed_inputs_and_outputs() {
    let server = server(true);
    runtime().block_on(async {
        let client = client_for(&server.endpoint_url()).await;
        let activity = client.create_activity("Review").await.expect("create");
        assert_eq!(activity.describe().await.expect("describe").name, "Review");
        let definition = format!(
            r#"{{"StartAt": "Each", "States": {{"Each": {{"Type": "Map", "ItemsPath": "$.docs",
                "ItemProcessor": {{"StartAt": "R", "States": {{"R": {{"Type": "Task",
                    "Resource": "{}", "TimeoutSeconds": 60, "End": true}}}}}},
                "End": true}}}}}}"#,
            activity.arn()
        );
        let execution = start(
            &client,
            "Reviews",
            &definition,
            json!({"docs": (1..=6).map(|d| json!({"doc": d})).collect::<Vec<_>>()}),
        )
        .await;
        let busy = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (b, m) = (Arc::clone(&busy), Arc::clone(&most));
        let worker = activity
            .worker(move |review: Review| {
                let (busy, most) = (Arc::clone(&b), Arc::clone(&m));
                async move {
                    let now = busy.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    busy.fetch_sub(1, Ordering::SeqCst);
                    Ok(Verdict {
                        doc: review.doc,
                        approved: review.doc.is_multiple_of(2),
                    })
                }
            })
            .name("reviewer-1")
            .concurrency(3)
            .run_until(async {
                let _ = stopped.await;
            });
        let worker = tokio::spawn(worker);
        let (status, output) = finished(&execution).await;
        let _ = stop.send(());
        let report = worker
            .await
            .expect("the worker's task")
            .expect("the worker");
        assert_eq!(status, ExecutionStatus::Succeeded, "{output}");
        assert_eq!(
            output,
            json!(
                (1..=6)
                    .map(|d| json!({"doc": d, "approved": d % 2 == 0}))
                    .collect::<Vec<_>>()
            )
        );
        assert_eq!(
            (report.tasks, report.succeeded, report.failed),
            (6, 6, 0),
            "{report:?}"
        );
        let most = most.load(Ordering::SeqCst);
        assert!(
            (2..=3).contains(&most),
            "at most 3 tasks at once, and more than one: {most}"
        );
        let history = execution.history().await.expect("history");
        let workers: Vec<String> = history
            .iter()
            .map(|e| e.to_json())
            .filter(|e| e["type"] == "ActivityStarted")
            .map(|e| {
                e["activityStartedEventDetails"]["workerName"]
                    .as_str()
                    .unwrap_or("")
                    .to_owned()
            })
            .collect();
        assert_eq!(workers, vec!["reviewer-1"; 6]);
    });
}

#[test]
fn a_handlers_failure_and_an_input_that_does_not_fit_are_the_tasks_errors() {
    let server = server(true);
    runtime().block_on(async {
        let client = client_for(&server.endpoint_url()).await;
        let activity = client.create_activity("Review").await.expect("create");
        let definition = reviewing(&activity.arn().to_string(), "");
        let rejected = start(&client, "Rejecting", &definition, json!({"doc": 0})).await;
        let mismatched = start(&client, "Mismatched", &definition, json!({"doc": "seven"})).await;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let worker = tokio::spawn(
            activity
                .worker(|review: Review| async move {
                    if review.doc == 0 {
                        return Err(TaskFailure::new("Review.Empty", "document 0 is empty"));
                    }
                    Ok(Verdict {
                        doc: review.doc,
                        approved: true,
                    })
                })
                .run_until(async {
                    let _ = stopped.await;
                }),
        );
        let (status, output) = finished(&rejected).await;
        assert_eq!(status, ExecutionStatus::Succeeded);
        assert_eq!(
            output["error"],
            json!({"Error": "Review.Empty", "Cause": "document 0 is empty"})
        );
        let (_, output) = finished(&mismatched).await;
        assert_eq!(output["error"]["Error"], INPUT_MISMATCH, "{output}");
        let cause = output["error"]["Cause"].as_str().unwrap_or_default();
        assert!(
            cause.contains("Review") && cause.contains("invalid type"),
            "{cause}"
        );
        let _ = stop.send(());
        let report = worker.await.expect("join").expect("worker");
        assert_eq!(
            (report.tasks, report.failed, report.succeeded),
            (2, 2, 0),
            "{report:?}"
        );
    });
}

#[test]
fn heartbeats_keep_a_long_task_alive_and_without_them_the_service_closes_it() {
    // Real time: the state's HeartbeatSeconds is 1, the handler works 2.5 seconds.
    let server = server(false);
    runtime().block_on(async {
        let client = client_for(&server.endpoint_url()).await;
        let activity = client.create_activity("Slow").await.expect("create");
        let definition = reviewing(&activity.arn().to_string(), r#", "HeartbeatSeconds": 1"#);
        for beating in [true, false] {
            let name = if beating { "Beating" } else { "Silent" };
            let execution = start(&client, name, &definition, json!({"doc": 1})).await;
            let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
            let mut worker = activity.worker(|review: Review| async move {
                tokio::time::sleep(Duration::from_millis(2500)).await;
                Ok(Verdict {
                    doc: review.doc,
                    approved: true,
                })
            });
            if beating {
                worker = worker.heartbeat(Duration::from_millis(300));
            }
            let worker = tokio::spawn(worker.run_until(async {
                let _ = stopped.await;
            }));
            let (status, output) = finished(&execution).await;
            assert_eq!(status, ExecutionStatus::Succeeded);
            let _ = stop.send(());
            let report = worker.await.expect("join").expect("worker");
            if beating {
                assert_eq!(output, json!({"doc": 1, "approved": true}));
                assert_eq!(report.succeeded, 1, "{report:?}");
            } else {
                // An activity's missed heartbeat reads `States.Timeout`, as AWS recorded it
                // (LocalStack's `test_activities`; see engine/activities.rs).
                assert_eq!(output["error"]["Error"], "States.Timeout", "{output}");
                // Its late answer finds the task closed: counted, not sent again.
                assert_eq!((report.succeeded, report.closed), (0, 1), "{report:?}");
            }
        }
    });
}

#[test]
fn shutdown_finishes_the_task_in_flight_before_the_worker_returns() {
    let server = server(true);
    runtime().block_on(async {
        let client = client_for(&server.endpoint_url()).await;
        let activity = client.create_activity("Review").await.expect("create");
        let execution = start(
            &client,
            "Stopping",
            &reviewing(&activity.arn().to_string(), ""),
            json!({"doc": 4}),
        )
        .await;
        let (taken, took) = tokio::sync::oneshot::channel::<()>();
        let taken = std::sync::Mutex::new(Some(taken));
        let report = activity
            .worker(move |review: Review| {
                if let Some(taken) = taken.lock().ok().and_then(|mut t| t.take()) {
                    let _ = taken.send(());
                }
                async move {
                    tokio::time::sleep(Duration::from_millis(800)).await;
                    Ok(Verdict {
                        doc: review.doc,
                        approved: true,
                    })
                }
            })
            // Shut down as soon as the handler has the task.
            .run_until(async {
                let _ = took.await;
            })
            .await
            .expect("worker");
        assert_eq!((report.tasks, report.succeeded), (1, 1), "{report:?}");
        // The answer was sent before run_until returned.
        let (status, output) = finished(&execution).await;
        assert_eq!(
            (status, output),
            (
                ExecutionStatus::Succeeded,
                json!({"doc": 4, "approved": true})
            )
        );

        // With nothing to do, shutdown returns after the poll in flight.
        let idle = activity
            .worker(|review: Review| async move {
                Ok(Verdict {
                    doc: review.doc,
                    approved: true,
                })
            })
            .run_until(tokio::time::sleep(Duration::from_millis(50)))
            .await
            .expect("idle worker");
        assert_eq!(idle.tasks, 0);

        // A deleted activity is an error polling again cannot cure: the worker stops with it.
        activity.delete().await.expect("delete");
        let gone = activity
            .worker(|review: Review| async move {
                Ok(Verdict {
                    doc: review.doc,
                    approved: true,
                })
            })
            .run_until(std::future::pending())
            .await;
        assert!(matches!(gone, Err(Error::DoesNotExist(_))), "{gone:?}");
    });
}

#[test]
fn callbacks_are_answered_with_typed_outputs_and_a_closed_task_says_so() {
    let server = server(true);
    runtime().block_on(async {
        let client = client_for(&server.endpoint_url()).await;
        let definition = r#"{"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}},
            "Catch": [{"ErrorEquals": ["Rejected"], "ResultPath": "$.error", "Next": "No"}],
            "End": true},
            "No": {"Type": "Pass", "End": true}}}"#;
        for approve in [true, false] {
            let execution = start(&client, "Asker", definition, json!({})).await;
            let token = sent_task_token(&execution, 0).await;
            client.send_task_heartbeat(&token).await.expect("heartbeat");
            if approve {
                client
                    .send_task_success(
                        &token,
                        &Verdict {
                            doc: 9,
                            approved: true,
                        },
                    )
                    .await
                    .expect("success");
                let (_, output) = finished(&execution).await;
                assert_eq!(output, json!({"doc": 9, "approved": true}));
            } else {
                client
                    .send_task_failure(&token)
                    .error("Rejected")
                    .cause("no")
                    .send()
                    .await
                    .expect("failure");
                let (_, output) = finished(&execution).await;
                assert_eq!(output["error"], json!({"Error": "Rejected", "Cause": "no"}));
            }
            let again = client.send_task_success(&token, &json!({})).await;
            assert!(matches!(again, Err(Error::TaskClosed(_))), "{again:?}");
        }
        let huge = "x".repeat(300 * 1024);
        let any_token = TaskToken::parse("any-token").expect("a token");
        let refused = client.send_task_success(&any_token, &huge).await;
        assert!(
            matches!(refused, Err(Error::TooLarge { .. })),
            "{refused:?}"
        );
    });
}

workflow_runtime::workflow! {
    /// A slow activity whose state says how often its worker must beat.
    pub SlowReview {
        input { doc: integer }
        "Review": task "arn:aws:states:us-east-1:123456789012:activity:SlowReview" {
            doc: $.doc,
        } heartbeat = 1 timeout = 30 result_path = $.verdict -> "Approved?";
        "Approved?": choice {
            when $.verdict.approved == true => "Done",
            otherwise => "Rejected",
        }
        "Rejected": fail(error = "Rejected");
        "Done": succeed;
    }
}

#[test]
fn a_worker_for_a_task_constant_is_typed_by_it_and_beats_within_its_heartbeat_seconds() {
    // Real time: the state's HeartbeatSeconds is 1, the handler works 2.5 seconds, and the
    // worker is told nothing but the constant.
    assert_eq!(SlowReview::REVIEW.heartbeat_seconds, Some(1));
    let server = server(false);
    runtime().block_on(async {
        let client = client_for(&server.endpoint_url()).await;
        let activity = client.create_activity("SlowReview").await.expect("create");
        assert_eq!(activity.arn().to_string(), SlowReview::REVIEW.resource);
        let machine = client
            .deploy_spec(&StateMachineSpec::for_workflow::<SlowReview>(role()))
            .await
            .expect("deploy")
            .state_machine;
        let execution = machine
            .execute_any(&SlowReviewInput { doc: 7 })
            .send()
            .await
            .expect("start");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let worker = tokio::spawn(
            activity
                .worker_for(
                    SlowReview::REVIEW,
                    |review: SlowReviewReviewRequest| async move {
                        tokio::time::sleep(Duration::from_millis(2500)).await;
                        Ok(SlowReviewReviewResponse {
                            approved: review.doc > 0,
                        })
                    },
                )
                .run_until(async {
                    let _ = stopped.await;
                }),
        );
        let (status, _) = finished(&execution).await;
        assert_eq!(status, ExecutionStatus::Succeeded);
        let _ = stop.send(());
        let report = worker.await.expect("join").expect("worker");
        assert_eq!(report.succeeded, 1, "{report:?}");
    });
}

//! `workflow serve` pushes rather than polls: a task token names the execution that issued
//! it (answered among many running executions, and refused as AWS refuses it once its task
//! closed), and an activity worker's long poll waits on its activity's queue and is woken by
//! its own activity's task, not another's.

#[path = "support/local_endpoint.rs"]
mod local_endpoint;

use super::client_moto::{client_for, runtime};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use workflow_serve::Server;

const ROLE: &str = "arn:aws:iam::123456789012:role/test";

/// The AWS SDK's own client, pointed at `server` (the project's client's).
async fn client(server: &Server) -> aws_sdk_sfn::Client {
    client_for(&server.endpoint_url()).await.sdk().clone()
}

/// A Task waiting for a callback, its token in its `TaskScheduled` parameters.
const ASKER: &str = r#"{"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
    "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
    "Parameters": {"QueueUrl": "q", "MessageBody": {"t.$": "$$.Task.Token", "n.$": "$.n"}},
    "End": true}}}"#;

/// The ARN of the state machine `name`, created with `definition`.
async fn created(client: &aws_sdk_sfn::Client, name: &str, definition: &str) -> String {
    client
        .create_state_machine()
        .name(name)
        .definition(definition)
        .role_arn(ROLE)
        .send()
        .await
        .expect("create")
        .state_machine_arn()
        .to_owned()
}

async fn token_of(client: &aws_sdk_sfn::Client, execution: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let history = client
            .get_execution_history()
            .execution_arn(execution)
            .send()
            .await
            .expect("the history");
        let token = history.events().iter().find_map(|e| {
            let parameters = e.task_scheduled_event_details()?.parameters();
            let parameters: Value = serde_json::from_str(parameters).ok()?;
            // An SQS message's body, or a Lambda function's payload.
            ["/MessageBody/t", "/Payload/t"]
                .iter()
                .find_map(|at| parameters.pointer(at)?.as_str().map(str::to_owned))
        });
        if let Some(token) = token {
            return token;
        }
        assert!(
            Instant::now() < deadline,
            "{execution} never scheduled its task"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn status_of(client: &aws_sdk_sfn::Client, execution: &str) -> String {
    client
        .describe_execution()
        .execution_arn(execution)
        .send()
        .await
        .expect("describe")
        .status()
        .as_str()
        .to_owned()
}

#[test]
fn a_task_token_among_many_running_executions_answers_its_own_execution() {
    let server = Server::builder().port(0).start().expect("serve");
    runtime().block_on(async {
        let client = client(&server).await;
        let machine = created(&client, "Asker", ASKER).await;
        let mut executions = Vec::new();
        for n in 0..200 {
            let started = client
                .start_execution()
                .state_machine_arn(&machine)
                .input(json!({"n": n}).to_string())
                .send()
                .await
                .expect("start");
            executions.push(started.execution_arn().to_owned());
        }
        let chosen = &executions[137];
        let token = token_of(&client, chosen).await;
        client
            .send_task_success()
            .task_token(&token)
            .output(r#"{"answered": 137}"#)
            .send()
            .await
            .expect("the token is answered");
        let deadline = Instant::now() + Duration::from_secs(30);
        while status_of(&client, chosen).await == "RUNNING" {
            assert!(
                Instant::now() < deadline,
                "the answered execution never ended"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let described = client
            .describe_execution()
            .execution_arn(chosen)
            .send()
            .await
            .expect("describe");
        assert_eq!(described.status().as_str(), "SUCCEEDED");
        assert_eq!(described.output(), Some(r#"{"answered":137}"#));
        // Only that one: its neighbours wait still.
        for other in [&executions[136], &executions[138], &executions[0]] {
            assert_eq!(status_of(&client, other).await, "RUNNING", "{other}");
        }
        // Its token again: its task closed ("TaskTimedOut", AWS's answer to a closed task).
        let again = client
            .send_task_success()
            .task_token(&token)
            .output("{}")
            .send()
            .await
            .expect_err("a closed task");
        assert_eq!(
            again.into_service_error().meta().code(),
            Some("TaskTimedOut")
        );
        // A token no execution issued, and one that is not a token.
        let unknown = client
            .send_task_heartbeat()
            .task_token("00000000-0000-4000-8000-000000000000")
            .send()
            .await
            .expect_err("no such task");
        assert_eq!(
            unknown.into_service_error().meta().code(),
            Some("TaskDoesNotExist")
        );
        let invalid = client
            .send_task_failure()
            .task_token("not a token")
            .send()
            .await
            .expect_err("not a token");
        assert_eq!(
            invalid.into_service_error().meta().code(),
            Some("InvalidToken")
        );
    });
}

/// A Lambda endpoint whose one invocation is answered `{}` only once released: tells `invoked`
/// when the request came, answers when `release` says.
fn held_lambda_endpoint(
    invoked: std::sync::mpsc::Sender<()>,
    release: std::sync::mpsc::Receiver<()>,
) -> String {
    use std::io::{BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    std::thread::spawn(move || {
        let Ok((stream, _)) = listener.accept() else {
            return;
        };
        let mut reader = BufReader::new(stream);
        local_endpoint::read_request_body(&mut reader);
        let _ = invoked.send(());
        let _ = release.recv();
        let _ = reader.get_mut().write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
        );
    });
    url
}

#[test]
fn a_token_answered_while_its_task_still_makes_its_request_is_taken_once_the_task_waits() {
    // AWS takes a token once it is issued: here the client reads it from `TaskScheduled` and
    // answers while the task's Lambda call is still in flight, before the task waits for it.
    let (invoked, was_invoked) = std::sync::mpsc::channel();
    let (release, released) = std::sync::mpsc::channel();
    let server = Server::builder()
        .port(0)
        .lambda_endpoint(held_lambda_endpoint(invoked, released))
        .start()
        .expect("serve");
    runtime().block_on(async {
        let client = client(&server).await;
        let definition = r#"{"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
            "Parameters": {"FunctionName": "courier", "Payload": {"t.$": "$$.Task.Token"}},
            "End": true}}}"#;
        let machine = created(&client, "EarlyAnswer", definition).await;
        let execution = client
            .start_execution()
            .state_machine_arn(&machine)
            .send()
            .await
            .expect("start")
            .execution_arn()
            .to_owned();
        let token = token_of(&client, &execution).await;
        tokio::task::spawn_blocking(move || was_invoked.recv_timeout(Duration::from_secs(30)))
            .await
            .expect("join")
            .expect("the task calls its Lambda function");
        let answering = client.clone();
        let mut answer = tokio::spawn(async move {
            answering
                .send_task_success()
                .task_token(token)
                .output(r#"{"early": true}"#)
                .send()
                .await
        });
        // The answer waits for the task, which waits for its call.
        assert!(
            tokio::time::timeout(Duration::from_millis(300), &mut answer)
                .await
                .is_err(),
            "answered before the task waited for it"
        );
        release.send(()).expect("release the call");
        answer
            .await
            .expect("join")
            .expect("a token issued is taken once its task waits");
        let deadline = Instant::now() + Duration::from_secs(30);
        while status_of(&client, &execution).await == "RUNNING" {
            assert!(Instant::now() < deadline, "the execution never ended");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let described = client
            .describe_execution()
            .execution_arn(&execution)
            .send()
            .await
            .expect("describe");
        assert_eq!(described.status().as_str(), "SUCCEEDED");
        assert_eq!(described.output(), Some(r#"{"early":true}"#));
    });
}

#[test]
fn a_long_polling_activity_worker_is_woken_by_its_activitys_task_only() {
    let server = Server::builder()
        .port(0)
        .activity_poll(Duration::from_secs(60))
        .start()
        .expect("serve");
    runtime().block_on(async {
        let client = client(&server).await;
        let mut arns = Vec::new();
        for name in ["Wanted", "Other"] {
            let activity = client
                .create_activity()
                .name(name)
                .send()
                .await
                .expect("activity")
                .activity_arn()
                .to_owned();
            arns.push(activity);
        }
        let machine_of = |activity: &str| {
            json!({"StartAt": "Do", "States": {"Do": {"Type": "Task", "Resource": activity, "End": true}}})
                .to_string()
        };
        let mut machines = Vec::new();
        for (name, activity) in ["UsesWanted", "UsesOther"].iter().zip(&arns) {
            machines.push(created(&client, name, &machine_of(activity)).await);
        }
        // The worker waits before any task exists.
        let worker_client = client.clone();
        let wanted = arns[0].clone();
        let worker = tokio::spawn(async move {
            let task = worker_client
                .get_activity_task()
                .activity_arn(wanted)
                .worker_name("w1")
                .send()
                .await
                .expect("the poll");
            (Instant::now(), task)
        });
        tokio::time::sleep(Duration::from_millis(300)).await;
        // Another activity's task does not wake it with that task.
        client
            .start_execution()
            .state_machine_arn(&machines[1])
            .input(r#"{"for": "other"}"#)
            .send()
            .await
            .expect("start");
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(!worker.is_finished(), "the worker was answered with another activity's task");
        let started = Instant::now();
        client
            .start_execution()
            .state_machine_arn(&machines[0])
            .input(r#"{"for": "wanted"}"#)
            .send()
            .await
            .expect("start");
        let (woken, task) = worker.await.expect("the worker");
        // Woken by the task, not by the end of its 60 s poll.
        assert!(
            woken.duration_since(started) < Duration::from_secs(30),
            "woken after {:?}",
            woken.duration_since(started)
        );
        assert_eq!(task.input(), Some(r#"{"for":"wanted"}"#));
        let token = task.task_token().expect("a task").to_owned();
        client
            .send_task_success()
            .task_token(token)
            .output("{}")
            .send()
            .await
            .expect("answered");
        // The other activity's task waits for its own worker, which gets it at once.
        let other = client
            .get_activity_task()
            .activity_arn(&arns[1])
            .send()
            .await
            .expect("the poll");
        assert_eq!(other.input(), Some(r#"{"for":"other"}"#));
    });
}

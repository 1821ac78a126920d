//! The in-process endpoint against the socket: the same calls through aws-sdk-rust, one
//! client on [`InProcess`], one on a [`Listening`](crate::Listening) server on loopback, both
//! on a virtual clock at the same time, answer the same (outputs and errors alike); every
//! operation's refusal of an empty request is byte for byte the socket's; the clock's own
//! operations over the socket; and the endpoint on both flavours of `#[tokio::test]`.

use crate::{InProcess, Server};
use aws_sdk_sfn::error::ProvideErrorMetadata;
use serde_json::json;
use std::time::{Duration, UNIX_EPOCH};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use workflow_runtime::engine::VirtualClock;

/// 2026-11-21T00:00:00Z.
const START_SECS: u64 = 1_795_219_200;
const ROLE: &str = "arn:aws:iam::123456789012:role/test";

fn clock() -> VirtualClock {
    VirtualClock::starting_at(UNIX_EPOCH + Duration::from_secs(START_SECS))
}

/// A server on loopback on `clock`, serving on the caller's runtime until the returned sender
/// is dropped; its URL.
async fn on_a_socket(
    clock: &VirtualClock,
) -> (
    String,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<()>,
) {
    let listening = Server::builder()
        .port(0)
        .clock(clock)
        .listen()
        .await
        .expect("listens");
    let url = listening.endpoint_url();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(listening.serve(async {
        let _ = stopped.await;
    }));
    (url, stop, serving)
}

/// An SDK client of the server at `url`.
/// The state machine `name` of `definition`, created through `client`.
async fn created(
    client: &aws_sdk_sfn::Client,
    name: &str,
    definition: &str,
) -> aws_sdk_sfn::operation::create_state_machine::CreateStateMachineOutput {
    client
        .create_state_machine()
        .name(name)
        .definition(definition)
        .role_arn(ROLE)
        .send()
        .await
        .expect("created")
}

/// An execution of the machine `arn`, with no input, started through `client`.
async fn started(
    client: &aws_sdk_sfn::Client,
    arn: &str,
) -> aws_sdk_sfn::operation::start_execution::StartExecutionOutput {
    client
        .start_execution()
        .state_machine_arn(arn)
        .send()
        .await
        .expect("started")
}

fn socket_client(url: &str) -> aws_sdk_sfn::Client {
    let config = aws_sdk_sfn::Config::builder()
        .behavior_version(aws_sdk_sfn::config::BehaviorVersion::latest())
        .region(aws_sdk_sfn::config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_sfn::config::Credentials::new(
            "a", "b", None, None, "test",
        ))
        .endpoint_url(url)
        .http_client(
            aws_smithy_http_client::Builder::new()
                .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
                    aws_smithy_http_client::tls::rustls_provider::CryptoMode::Ring,
                ))
                .build_https(),
        )
        .build();
    aws_sdk_sfn::Client::from_conf(config)
}

/// What a call answered, as text without its request id (each answer has its own).
fn shown<T: std::fmt::Debug, E: ProvideErrorMetadata + std::fmt::Debug>(
    answer: Result<T, aws_sdk_sfn::error::SdkError<E>>,
) -> String {
    let text = match answer {
        Ok(output) => format!("{output:?}"),
        Err(e) => format!(
            "error {:?}: {:?}",
            e.code().unwrap_or("-"),
            e.message().unwrap_or("-")
        ),
    };
    without_uuids(&text)
}

/// `text` with every UUID (`8-4-4-4-12` hexadecimal digits) written `<uuid>`: request ids,
/// revision ids and task tokens are drawn afresh by each server.
fn without_uuids(text: &str) -> String {
    let is_uuid = |window: &[u8]| {
        window.len() == 36
            && window.iter().enumerate().all(|(i, b)| match i {
                8 | 13 | 18 | 23 => *b == b'-',
                _ => b.is_ascii_hexdigit(),
            })
    };
    let bytes = text.as_bytes();
    let (mut out, mut at) = (Vec::with_capacity(bytes.len()), 0);
    while at < bytes.len() {
        if bytes.get(at..at + 36).is_some_and(is_uuid) {
            out.extend_from_slice(b"<uuid>");
            at += 36;
        } else {
            out.push(bytes[at]);
            at += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A scenario of calls on `client` (the endpoint's clock is `clock`): machines, executions,
/// a callback answered, a 30-day Wait passed, a stop, activities, tags, versions, and
/// refusals; each answer as [`shown`] writes it. (`StartSyncExecution` and `TestState`, which
/// the SDK sends to the host `sync-HOST`, unresolvable for a custom endpoint, are in
/// [`endpoints_run_on_a_current_thread_runtime_and_share_nothing`], in process only.)
async fn scenario(client: &aws_sdk_sfn::Client, clock: &VirtualClock) -> Vec<String> {
    let mut out = Vec::new();
    let wait = r#"{"StartAt": "Hold", "States": {"Hold": {"Type": "Wait", "Seconds": 2592000, "Next": "Ask"},
        "Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
          "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token", "at.$": "$$.State.EnteredTime"}},
          "TimeoutSeconds": 3600, "End": true}}}"#;
    let created = client
        .create_state_machine()
        .name("Hold")
        .definition(wait)
        .role_arn(ROLE)
        .send()
        .await;
    let machine = created
        .as_ref()
        .map(|c| c.state_machine_arn().to_owned())
        .unwrap_or_default();
    out.push(shown(created));
    out.push(shown(
        client
            .describe_state_machine()
            .state_machine_arn(&machine)
            .send()
            .await,
    ));
    for name in ["paid", "unpaid", "stopped"] {
        out.push(shown(
            client
                .start_execution()
                .state_machine_arn(&machine)
                .name(name)
                .input(r#"{"order": 1}"#)
                .send()
                .await,
        ));
    }
    let arn = |name: &str| format!("arn:aws:states:us-east-1:123456789012:execution:Hold:{name}");
    out.push(shown(
        client
            .stop_execution()
            .execution_arn(arn("stopped"))
            .cause("by the test")
            .send()
            .await,
    ));
    clock.advance(Duration::from_secs(30 * 86_400)).await;
    // The token `paid` sent, from its history.
    let history = client
        .get_execution_history()
        .execution_arn(arn("paid"))
        .send()
        .await;
    let token = history
        .as_ref()
        .ok()
        .and_then(|h| {
            h.events().iter().find_map(|e| {
                e.task_scheduled_event_details()
                    .map(|d| d.parameters().to_owned())
            })
        })
        .and_then(|p| serde_json::from_str::<serde_json::Value>(&p).ok())
        .and_then(|p| p["MessageBody"]["token"].as_str().map(str::to_owned))
        .unwrap_or_default();
    out.push(shown(history));
    out.push(shown(
        client
            .send_task_success()
            .task_token(&token)
            .output(r#"{"paid": true}"#)
            .send()
            .await,
    ));
    out.push(shown(
        client
            .send_task_success()
            .task_token(&token)
            .output("{}")
            .send()
            .await,
    ));
    // The unpaid one times out an hour in.
    clock.advance(Duration::from_secs(3600)).await;
    for name in ["paid", "unpaid", "stopped", "none"] {
        out.push(shown(
            client
                .describe_execution()
                .execution_arn(arn(name))
                .send()
                .await,
        ));
    }
    out.push(shown(
        client
            .get_execution_history()
            .execution_arn(arn("unpaid"))
            .reverse_order(true)
            .max_results(3)
            .send()
            .await,
    ));
    out.push(shown(
        client
            .list_executions()
            .state_machine_arn(&machine)
            .send()
            .await,
    ));
    out.push(shown(client.create_activity().name("pack").send().await));
    out.push(shown(client.list_activities().send().await));
    out.push(shown(
        client
            .tag_resource()
            .resource_arn(&machine)
            .tags(
                aws_sdk_sfn::types::Tag::builder()
                    .key("team")
                    .value("orders")
                    .build(),
            )
            .send()
            .await,
    ));
    out.push(shown(
        client
            .list_tags_for_resource()
            .resource_arn(&machine)
            .send()
            .await,
    ));
    out.push(shown(
        client
            .publish_state_machine_version()
            .state_machine_arn(&machine)
            .send()
            .await,
    ));
    // Refusals: a name taken with another definition, an ARN that is none, a bad name.
    out.push(shown(
        client
            .create_state_machine()
            .name("Hold")
            .definition(r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#)
            .role_arn(ROLE)
            .send()
            .await,
    ));
    out.push(shown(
        client
            .describe_execution()
            .execution_arn("not an arn")
            .send()
            .await,
    ));
    out.push(shown(
        client
            .start_execution()
            .state_machine_arn(&machine)
            .name("a b")
            .send()
            .await,
    ));
    out.push(shown(client.list_state_machines().send().await));
    out
}

/// Every answer a client received, as it came (status and body), in order: what an
/// interceptor reads once the SDK read the body whole.
#[derive(Clone, Debug, Default)]
struct Transcript(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

impl aws_sdk_sfn::config::Intercept for Transcript {
    fn name(&self) -> &'static str {
        "Transcript"
    }

    fn read_after_deserialization(
        &self,
        context: &aws_sdk_sfn::config::interceptors::AfterDeserializationInterceptorContextRef<'_>,
        _: &aws_sdk_sfn::config::RuntimeComponents,
        _: &mut aws_sdk_sfn::config::ConfigBag,
    ) -> Result<(), aws_smithy_runtime_api::box_error::BoxError> {
        let response = context.response();
        let body = String::from_utf8_lossy(response.body().bytes().unwrap_or_default());
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(format!(
                "{} {}",
                response.status().as_u16(),
                without_page_tokens(&body)
            ));
        Ok(())
    }
}

impl Transcript {
    /// What it heard, each answer's UUIDs written `<uuid>`.
    fn heard(&self) -> Vec<String> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .map(|answer| without_uuids(answer))
            .collect()
    }
}

/// `body` with its `nextToken` left out: a page token holds when it was issued, on the wall
/// clock (tokens expire after 24 hours, as the service's).
fn without_page_tokens(body: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(body) {
        Ok(serde_json::Value::Object(mut members)) => {
            if members.remove("nextToken").is_some() {
                members.insert("nextToken".into(), "<token>".into());
            }
            serde_json::Value::Object(members).to_string()
        }
        _ => body.to_owned(),
    }
}

/// The scenario answers alike in process and over the socket, on clocks at the same time:
/// every answer's body, byte for byte (but for fresh UUIDs and page tokens), and what the SDK
/// made of it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sdk_is_answered_alike_in_process_and_over_the_socket() {
    let in_process = Server::builder()
        .clock(&clock())
        .in_process()
        .expect("an endpoint");
    let (heard_here, heard_there) = (Transcript::default(), Transcript::default());
    let client = aws_sdk_sfn::Client::from_conf(
        in_process
            .config()
            .to_builder()
            .interceptor(heard_here.clone())
            .build(),
    );
    let here = scenario(&client, in_process.clock()).await;
    let socket_clock = clock();
    let (url, stop, serving) = on_a_socket(&socket_clock).await;
    let client = aws_sdk_sfn::Client::from_conf(
        socket_client(&url)
            .config()
            .to_builder()
            .interceptor(heard_there.clone())
            .build(),
    );
    let there = scenario(&client, &socket_clock).await;
    drop(stop);
    serving.await.expect("served");
    assert_eq!(here.len(), there.len());
    let (heard_here, heard_there) = (heard_here.heard(), heard_there.heard());
    assert_eq!(heard_here.len(), here.len(), "an answer a call");
    for (in_process, socket) in heard_here.iter().zip(&heard_there) {
        assert_eq!(in_process, socket);
    }
    // What it shows is what the scenario meant: a callback paid after 30 days, one timed out
    // an hour later, one stopped; its refusals; the time the clock gave the callback's state.
    let joined = there.join("\n");
    for expected in [
        "status: Succeeded",
        "status: Failed",
        "status: Aborted",
        "error \"TaskTimedOut\"",
        "error \"ExecutionDoesNotExist\"",
        "error \"StateMachineAlreadyExists\"",
        "error \"InvalidArn\"",
        "error \"InvalidName\"",
    ] {
        assert!(joined.contains(expected), "{expected} in {joined}");
    }
    assert!(
        heard_here
            .iter()
            .any(|answer| answer.contains(r#"\"at\":\"2026-12-21T00:00:00.000Z\""#)),
        "{heard_here:?}"
    );
}

/// One raw AWS JSON 1.0 call over the socket at `url`: status and body.
async fn raw(url: &str, target: &str, body: &str) -> (u16, String) {
    let address = url.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("connects");
    let request = format!(
        "POST / HTTP/1.1\r\nHost: {address}\r\nX-Amz-Target: {target}\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.expect("sent");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.expect("answered");
    let status = answer
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .unwrap_or_default();
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

/// Every operation's answer to an empty request (its refusal, or its answer) is the same
/// in process, through the SDK's HTTP client hook, as over the socket.
#[tokio::test(flavor = "current_thread")]
async fn every_operation_answers_an_empty_request_alike_in_process_and_over_the_socket() {
    use aws_smithy_runtime_api::client::http::HttpConnector as _;
    let in_process = Server::builder()
        .clock(&clock())
        .in_process()
        .expect("an endpoint");
    let connector = in_process.connector();
    let socket_clock = clock();
    let (url, stop, serving) = on_a_socket(&socket_clock).await;
    let targets = crate::OPERATIONS
        .iter()
        .map(|op| format!("AWSStepFunctions.{op}"))
        .chain(
            crate::EXTENSION_OPERATIONS
                .iter()
                .map(|op| format!("WorkflowServe.{op}")),
        )
        .chain(["AWSStepFunctions.Nope".to_owned(), "Other.X".to_owned()]);
    for target in targets {
        let mut request = aws_smithy_runtime_api::client::orchestrator::HttpRequest::new(
            aws_smithy_types::body::SdkBody::from("{}"),
        );
        request.set_method("POST").expect("a method");
        request.headers_mut().insert("x-amz-target", target.clone());
        request
            .headers_mut()
            .insert("content-type", "application/x-amz-json-1.0");
        let answered = connector.call(request).await.expect("answered");
        let here = (
            answered.status().as_u16(),
            String::from_utf8_lossy(answered.body().bytes().unwrap_or_default()).into_owned(),
        );
        let there = raw(&url, &target, "{}").await;
        assert_eq!(here, there, "{target}");
        assert!(
            answered.headers().get("x-amzn-requestid").is_some(),
            "{target}: a request id"
        );
    }
    drop(stop);
    serving.await.expect("served");
}

/// The clock's operations over the socket: `DescribeClock` reads it, `AdvanceClock` moves it
/// (a duration, to the next timer, until idle); on the system's clock `AdvanceClock` is
/// refused, saying how to start on a virtual one.
#[tokio::test(flavor = "current_thread")]
async fn the_clock_is_read_and_advanced_over_the_socket_through_its_own_operations() {
    let clock = clock();
    let (url, stop, serving) = on_a_socket(&clock).await;
    let client = socket_client(&url);
    let machine = created(&client, "Hold", r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "Next": "V"}, "V": {"Type": "Wait", "Seconds": 60, "End": true}}}"#).await;
    let started = started(&client, machine.state_machine_arn()).await;
    let read = |answer: (u16, String)| -> serde_json::Value {
        assert_eq!(answer.0, 200, "{}", answer.1);
        serde_json::from_str(&answer.1).expect("JSON")
    };
    let start = START_SECS as f64;
    clock.settled().await;
    assert_eq!(
        read(raw(&url, "WorkflowServe.DescribeClock", "{}").await),
        json!({"now": start, "nextTimer": start + 60.0, "virtual": true})
    );
    assert_eq!(
        read(raw(&url, "WorkflowServe.AdvanceClock", r#"{"seconds": 30}"#).await),
        json!({"now": start + 30.0, "nextTimer": start + 60.0, "virtual": true})
    );
    assert_eq!(
        read(
            raw(
                &url,
                "WorkflowServe.AdvanceClock",
                r#"{"until": "NEXT_TIMER"}"#
            )
            .await
        ),
        json!({"now": start + 60.0, "nextTimer": start + 120.0, "virtual": true})
    );
    assert_eq!(
        read(raw(&url, "WorkflowServe.AdvanceClock", r#"{"until": "IDLE"}"#).await),
        json!({"now": start + 120.0, "virtual": true})
    );
    let described = client
        .describe_execution()
        .execution_arn(started.execution_arn())
        .send()
        .await
        .expect("described");
    assert_eq!(described.status().as_str(), "SUCCEEDED");
    let stop_date = described.stop_date().map(|d| d.secs());
    assert_eq!(stop_date, Some(START_SECS as i64 + 120));
    for bad in [
        r#"{}"#,
        r#"{"seconds": -1}"#,
        r#"{"seconds": 1, "until": "IDLE"}"#,
        r#"{"until": "LATER"}"#,
        r#"{"minutes": 1}"#,
    ] {
        let (status, body) = raw(&url, "WorkflowServe.AdvanceClock", bad).await;
        assert_eq!(status, 400, "{bad}: {body}");
    }
    drop(stop);
    serving.await.expect("served");
    // The system's clock: read, never advanced.
    let listening = Server::builder().port(0).listen().await.expect("listens");
    let url = listening.endpoint_url();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(listening.serve(async {
        let _ = stopped.await;
    }));
    let described = read(raw(&url, "WorkflowServe.DescribeClock", "{}").await);
    assert_eq!(described["virtual"], false);
    let (status, body) = raw(&url, "WorkflowServe.AdvanceClock", r#"{"seconds": 1}"#).await;
    assert_eq!(status, 400);
    assert!(body.contains("--virtual-clock"), "{body}");
    drop(stop);
    serving.await.expect("served");
}

/// A three-state execution to its end in process on a current-thread runtime (a
/// `#[tokio::test]`'s default), and two endpoints side by side keep their own clocks and data.
#[tokio::test(flavor = "current_thread")]
async fn endpoints_run_on_a_current_thread_runtime_and_share_nothing() {
    let (first, second) = (InProcess::new(), InProcess::new());
    let definition = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"},
        "B": {"Type": "Wait", "Seconds": 10, "Next": "C"}, "C": {"Type": "Pass", "End": true}}}"#;
    let client = first.client();
    let machine = created(&client, "Three", definition).await;
    let started = started(&client, machine.state_machine_arn()).await;
    let before = second.clock().now_millis();
    first.clock().run_until_idle().await;
    let described = client
        .describe_execution()
        .execution_arn(started.execution_arn())
        .send()
        .await
        .expect("described");
    assert_eq!(described.status().as_str(), "SUCCEEDED");
    assert_eq!(
        second.clock().now_millis(),
        before,
        "the other clock stood still"
    );
    let listed = second
        .client()
        .list_state_machines()
        .send()
        .await
        .expect("listed");
    assert!(
        listed.state_machines().is_empty(),
        "the other endpoint has none"
    );
    // In process, the `sync-` host prefix of `StartSyncExecution` and `TestState` is no matter.
    let quick = client
        .create_state_machine()
        .name("Quick")
        .r#type(aws_sdk_sfn::types::StateMachineType::Express)
        .definition(r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"ok": 1}, "End": true}}}"#)
        .role_arn(ROLE)
        .send()
        .await
        .expect("created");
    let ran = client
        .start_sync_execution()
        .state_machine_arn(quick.state_machine_arn())
        .send()
        .await
        .expect("ran");
    assert_eq!(ran.output(), Some(r#"{"ok":1}"#));
    let tested = client
        .test_state()
        .definition(r#"{"Type": "Pass", "Parameters": {"x.$": "$.a"}, "End": true}"#)
        .input(r#"{"a": 2}"#)
        .send()
        .await
        .expect("tested");
    assert_eq!(tested.output(), Some(r#"{"x":2}"#));
}

/// What `in_process` refuses, saying why.
#[test]
fn an_in_process_endpoint_refuses_a_data_directory_and_virtual_time() {
    let refused = Server::builder().data_dir("/tmp/x").in_process().err();
    assert!(refused.is_some_and(|e| e.to_string().contains("in memory")));
    for builder in [
        Server::builder().virtual_time(true).clock(&clock()),
        Server::builder().virtual_time(true),
    ] {
        let refused = builder.in_process().err();
        assert!(refused.is_some_and(|e| e.to_string().contains("choose one")));
    }
}

workflow_runtime::workflow! {
    pub Orders {
        input { order_id: string, total: number }
        "Charge": lambda::invoke {
            FunctionName: "charge",
            Payload: { order: $.order_id, amount: $.total },
        } result_path = $.charge -> "Paid?";
        "Paid?": choice {
            when $.charge.Payload.approved == true => "Done",
            otherwise => "Declined",
        }
        "Declined": fail(error = "Declined");
        "Done": succeed;
    }
}

/// A workflow's typed Task handler, registered as on the engine, answers the executions of a
/// machine created with its definition through the SDK: it receives what the Task sends.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_workflows_typed_handler_answers_its_tasks_in_process() {
    use workflow_runtime::engine::TaskFailure;
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let heard = std::sync::Arc::clone(&seen);
    let sfn = Server::builder()
        .answered_by::<Orders>(move |engine| {
            let heard = std::sync::Arc::clone(&heard);
            engine.task(Orders::CHARGE, move |request: OrdersChargeRequest| {
                heard
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push((request.order.clone(), request.amount));
                async move {
                    Ok::<_, TaskFailure>(OrdersChargeResponse {
                        approved: request.amount < 100.0,
                    })
                }
            })
        })
        .in_process()
        .expect("an endpoint");
    let client = sfn.client();
    let machine = created(
        &client,
        "Orders",
        <Orders as workflow_runtime::Workflow>::ASL,
    )
    .await;
    let mut arns = Vec::new();
    for (name, total) in [("cheap", 42), ("dear", 420)] {
        let started = client
            .start_execution()
            .state_machine_arn(machine.state_machine_arn())
            .name(name)
            .input(json!({"order_id": name, "total": total}).to_string())
            .send()
            .await
            .expect("started");
        arns.push(started.execution_arn().to_owned());
    }
    sfn.clock().run_until_idle().await;
    let mut statuses = Vec::new();
    for arn in &arns {
        let described = client
            .describe_execution()
            .execution_arn(arn)
            .send()
            .await
            .expect("described");
        statuses.push((
            described.status().as_str().to_owned(),
            described.error().map(str::to_owned),
        ));
    }
    assert_eq!(
        statuses,
        [
            ("SUCCEEDED".to_owned(), None),
            ("FAILED".to_owned(), Some("Declined".to_owned()))
        ]
    );
    let mut seen = seen.lock().unwrap_or_else(|p| p.into_inner()).clone();
    seen.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        seen,
        [("cheap".to_owned(), 42.0), ("dear".to_owned(), 420.0)]
    );
}

/// A `.sync` child that waits a day on the endpoint's clock: its parent waits for it without
/// holding the clock, and both end when the day has passed, at its time.
#[tokio::test(flavor = "current_thread")]
async fn a_sync_child_waits_on_its_parents_clock() {
    let sfn = Server::builder()
        .clock(&clock())
        .in_process()
        .expect("an endpoint");
    let client = sfn.client();
    let create = |name: &'static str, definition: String| {
        let client = client.clone();
        async move {
            client
                .create_state_machine()
                .name(name)
                .definition(definition)
                .role_arn(ROLE)
                .send()
                .await
                .expect("created")
                .state_machine_arn()
                .to_owned()
        }
    };
    let child = create(
        "Child",
        r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 86400, "End": true}}}"#
            .into(),
    )
    .await;
    let parent = create(
        "Parent",
        json!({"StartAt": "Run", "States": {"Run": {"Type": "Task",
            "Resource": "arn:aws:states:::states:startExecution.sync:2",
            "Parameters": {"StateMachineArn": child, "Input": {}}, "End": true}}})
        .to_string(),
    )
    .await;
    let started = started(&client, &parent).await;
    sfn.clock().run_until_idle().await;
    let described = client
        .describe_execution()
        .execution_arn(started.execution_arn())
        .send()
        .await
        .expect("described");
    assert_eq!(described.status().as_str(), "SUCCEEDED", "{described:?}");
    assert_eq!(
        described.stop_date().map(|d| d.secs()),
        Some(START_SECS as i64 + 86_400)
    );
}

/// Running until a condition holds, on a multi-thread runtime: until a Task waits for its
/// token (what it sent, its token among it), then until the execution ended, after a day's
/// Wait once the token was answered; `None` for an execution that waits for a callback when
/// no timer is left, and for one that does not exist.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn it_runs_until_a_token_is_issued_or_an_execution_ended() {
    let sfn = Server::builder()
        .clock(&clock())
        .in_process()
        .expect("an endpoint");
    let client = sfn.client();
    let machine = client
        .create_state_machine()
        .name("Ask")
        .definition(r#"{"StartAt": "Pause", "States": {
          "Pause": {"Type": "Wait", "Seconds": 3600, "Next": "Ask"},
          "Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token", "order.$": "$.order"}},
            "Next": "Later"},
          "Later": {"Type": "Wait", "Seconds": 86400, "End": true}}}"#)
        .role_arn(ROLE)
        .send()
        .await
        .expect("created");
    let start = |name: &'static str| {
        let (client, machine) = (client.clone(), machine.state_machine_arn().to_owned());
        async move {
            client
                .start_execution()
                .state_machine_arn(machine)
                .name(name)
                .input(json!({"order": name}).to_string())
                .send()
                .await
                .expect("started")
                .execution_arn()
                .to_owned()
        }
    };
    // One after the other: the first one's timer is set first (due at the same time, it
    // rings first).
    let answered = start("answered").await;
    sfn.clock().settled().await;
    let left = start("left").await;
    assert!(
        sfn.waiting_callbacks().await.is_empty(),
        "both wait an hour"
    );
    let asked = sfn.run_until_task_token().await.expect("a token");
    assert_eq!(asked.execution_arn, answered);
    assert_eq!(asked.task.state, "Ask");
    assert_eq!(
        asked.task.input["MessageBody"],
        json!({"token": asked.task.task_token.to_string(), "order": "answered"})
    );
    assert_eq!(
        sfn.clock().now_millis(),
        START_SECS as i64 * 1000 + 3_600_000
    );
    let waiting = sfn.waiting_callbacks().await;
    assert_eq!(
        waiting
            .iter()
            .map(|w| w.execution_arn.as_str())
            .collect::<Vec<_>>(),
        [answered.as_str()],
        "the other one's timer, due at the same time, has not rung yet"
    );
    client
        .send_task_success()
        .task_token(asked.task.task_token.to_string())
        .output("{}")
        .send()
        .await
        .expect("answered");
    let next = sfn.run_until_task_token().await.expect("the other one");
    assert_eq!(next.execution_arn, left);
    assert_eq!(
        sfn.clock().now_millis(),
        START_SECS as i64 * 1000 + 3_600_000
    );
    let status = sfn.run_until_ended(&answered).await;
    assert_eq!(status, Some(aws_sdk_sfn::types::ExecutionStatus::Succeeded));
    assert_eq!(
        sfn.clock().now_millis(),
        START_SECS as i64 * 1000 + 3_600_000 + 86_400_000
    );
    assert_eq!(
        sfn.run_until_ended(&left).await,
        None,
        "it waits for its token"
    );
    let none = format!("{left}-none");
    assert_eq!(sfn.run_until_ended(&none).await, None);
}

/// Two hundred endpoints at once on one multi-thread runtime, each a test of its own: each
/// creates the machine `M` with a definition of its own (a Wait of a different length; a shared
/// catalog would refuse all but the first, `StateMachineAlreadyExists`) and starts the
/// execution `e` with an input of its own (refused as `ExecutionAlreadyExists` if shared), on
/// its own clock: its Wait ends at its own time and its output is its own input. Three calls
/// each: the SDK's own cost per call dominates in a debug build.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_endpoints_at_once_share_nothing() {
    let tests = (0..200u64).map(|n| {
        tokio::spawn(async move {
            let sfn = Server::builder()
                .clock(&clock())
                .in_process()
                .expect("an endpoint");
            let client = sfn.client();
            let machine = client
                .create_state_machine()
                .name("M")
                .definition(
                    json!({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": n + 1, "End": true}}})
                        .to_string(),
                )
                .role_arn(ROLE)
                .send()
                .await
                .expect("created");
            let started = client
                .start_execution()
                .state_machine_arn(machine.state_machine_arn())
                .name("e")
                .input(json!({"n": n}).to_string())
                .send()
                .await
                .expect("started");
            sfn.clock().run_until_idle().await;
            let described = client
                .describe_execution()
                .execution_arn(started.execution_arn())
                .send()
                .await
                .expect("described");
            assert_eq!(described.status().as_str(), "SUCCEEDED");
            assert_eq!(described.output(), Some(json!({"n": n}).to_string().as_str()));
            assert_eq!(
                described.stop_date().map(|d| d.secs()),
                Some(START_SECS as i64 + n as i64 + 1),
                "its clock moved by its own Wait"
            );
        })
    });
    for test in futures::future::join_all(tests).await {
        test.expect("each endpoint's test passed");
    }
}

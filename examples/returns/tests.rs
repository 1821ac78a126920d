//! The tests of the returns service (`examples/returns/mod.rs`), the way to test code
//! that uses `aws_sdk_sfn`: each test makes its own endpoint in its own process
//! (`workflow_serve::InProcess`: its own state machines and executions, its own clock, no
//! socket), so they run in parallel, and time passes only as a test advances the clock (the
//! 30-day dispute window in no time, the 14-day deadline fired at once).
//!
//! The same tests run against `workflow serve` on a loopback socket (a `Server` on a port of
//! its own for each test, on a virtual clock, its SDK client over HTTP) with
//! `ORDER_RETURNS_ENDPOINT=socket`:
//!
//! ```console
//! $ cargo test -p workflow-examples --features in-process --test order_returns
//! $ ORDER_RETURNS_ENDPOINT=socket cargo test -p workflow-examples --features in-process --test order_returns
//! ```
//!
//! The example program `"order_returns"` runs the same service on an in-process endpoint.

#[path = "mod.rs"]
mod returns;

use aws_sdk_sfn::types::ExecutionStatus;
use returns::{ReturnStatus, Returns};
use serde_json::json;
use std::error::Error;
use std::time::{Duration, UNIX_EPOCH};
use workflow_runtime::engine::VirtualClock;
use workflow_serve::{InProcess, Server};

const ROLE: &str = "arn:aws:iam::123456789012:role/returns";
const DAY: Duration = Duration::from_secs(86_400);

// README begin
#[tokio::test]
async fn a_return_is_refunded_once_its_dispute_window_passed() -> Result<(), Box<dyn Error>> {
    let sfn = InProcess::new(); // its own state machines, executions and clock
    let returns = Returns::deploy(sfn.client(), ROLE).await?; // the service, on aws_sdk_sfn
    let arn = returns.open("o-1", 2500).await?;
    // The warehouse is asked: answer its callback as the service does.
    let asked = sfn.run_until_task_token().await.expect("a task token");
    let token = asked.task.task_token.to_string();
    returns.parcel_arrived(&token, "intact").await?;
    // The 30-day dispute window passes at once.
    sfn.clock().advance(Duration::from_secs(30 * 86_400)).await;
    let status = returns.status(&arn).await?;
    assert_eq!(status.status, ExecutionStatus::Succeeded);
    Ok(())
}
// README end

/// The README's example is the test above, word for word.
#[test]
fn the_readmes_example_is_this_files() {
    let this = include_str!("tests.rs");
    let readme = include_str!("../../README.md");
    let example = this
        .split_once("// README begin\n")
        .and_then(|(_, rest)| rest.split_once("// README end"))
        .map(|(example, _)| example)
        .unwrap_or_default();
    assert!(example.contains("InProcess::new()"));
    assert!(
        readme.contains(example),
        "README.md's example of testing with an in-process endpoint is not this file's:\n{example}"
    );
}

/// Where a test runs: an in-process endpoint (the default), or a `Server` on a loopback port
/// of its own reached over HTTP (`ORDER_RETURNS_ENDPOINT=socket`); on a virtual clock either
/// way.
struct Endpoint {
    client: aws_sdk_sfn::Client,
    clock: VirtualClock,
    /// What keeps the endpoint up: the in-process one, or the socket's server (until its
    /// stop is dropped).
    _in_process: Option<InProcess>,
    _stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Endpoint {
    async fn new() -> Endpoint {
        let over_a_socket = match std::env::var("ORDER_RETURNS_ENDPOINT").as_deref() {
            Ok("socket") => true,
            Ok("in-process") | Err(_) => false,
            Ok(other) => panic!("ORDER_RETURNS_ENDPOINT={other}: `socket` or `in-process`"),
        };
        // 2026-11-21T00:00:00Z: whole seconds, which dates on the wire (epoch seconds) keep
        // exactly.
        let clock = VirtualClock::starting_at(UNIX_EPOCH + Duration::from_secs(1_795_219_200));
        if !over_a_socket {
            let sfn = Server::builder()
                .clock(&clock)
                .in_process()
                .expect("an endpoint");
            return Endpoint {
                client: sfn.client(),
                clock: sfn.clock().clone(),
                _in_process: Some(sfn),
                _stop: None,
            };
        }
        let listening = Server::builder()
            .port(0)
            .clock(&clock)
            .listen()
            .await
            .expect("a server on loopback");
        let config = aws_sdk_sfn::Config::builder()
            .behavior_version(aws_sdk_sfn::config::BehaviorVersion::latest())
            .region(aws_sdk_sfn::config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_sfn::config::Credentials::new(
                "any", "any", None, None, "test",
            ))
            .endpoint_url(listening.endpoint_url())
            .http_client(workflow_runtime::client::https_client())
            .build();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(listening.serve(async {
            let _ = stopped.await;
        }));
        Endpoint {
            client: aws_sdk_sfn::Client::from_conf(config),
            clock,
            _in_process: None,
            _stop: Some(stop),
        }
    }

    /// The token `execution_arn` sent the warehouse, once it did (its clock run until then).
    async fn token(&self, returns: &Returns, execution_arn: &str) -> String {
        let sent = self
            .clock
            .run_until(async || matches!(returns.token_sent(execution_arn).await, Ok(Some(_))))
            .await;
        assert!(sent, "{execution_arn} sent the warehouse no token");
        let token = returns
            .token_sent(execution_arn)
            .await
            .expect("its history");
        token.unwrap_or_default()
    }
}

/// When an execution started and stopped, in milliseconds since the epoch.
async fn dates(client: &aws_sdk_sfn::Client, execution_arn: &str) -> (i64, Option<i64>) {
    let described = client
        .describe_execution()
        .execution_arn(execution_arn)
        .send()
        .await
        .expect("described");
    let millis = |d: &aws_sdk_sfn::primitives::DateTime| d.to_millis().unwrap_or_default();
    (
        millis(described.start_date()),
        described.stop_date().map(millis),
    )
}

#[tokio::test]
async fn a_refund_waits_out_the_thirty_day_window_to_the_millisecond() {
    let endpoint = Endpoint::new().await;
    let returns = Returns::deploy(endpoint.client.clone(), ROLE)
        .await
        .expect("deployed");
    let arn = returns.open("o-2", 1999).await.expect("opened");
    let token = endpoint.token(&returns, &arn).await;
    endpoint.clock.advance(3 * DAY).await;
    returns
        .parcel_arrived(&token, "scratched")
        .await
        .expect("answered");
    endpoint
        .clock
        .advance(30 * DAY - Duration::from_millis(1))
        .await;
    let waiting = returns.status(&arn).await.expect("a status");
    assert_eq!(
        waiting.status,
        ExecutionStatus::Running,
        "a millisecond is left"
    );
    endpoint.clock.advance(Duration::from_millis(1)).await;
    assert_eq!(
        returns.status(&arn).await.expect("a status"),
        ReturnStatus {
            status: ExecutionStatus::Succeeded,
            output: Some(json!({"order": "o-2", "refunded": 1999, "condition": "scratched"})),
            error: None,
        }
    );
    let (started, stopped) = dates(&endpoint.client, &arn).await;
    assert_eq!(stopped, Some(started + (33 * DAY).as_millis() as i64));
}

#[tokio::test]
async fn a_parcel_that_never_arrives_expires_after_fourteen_days() {
    let endpoint = Endpoint::new().await;
    let returns = Returns::deploy(endpoint.client.clone(), ROLE)
        .await
        .expect("deployed");
    let arn = returns.open("o-3", 500).await.expect("opened");
    let token = endpoint.token(&returns, &arn).await;
    endpoint
        .clock
        .advance(14 * DAY - Duration::from_secs(1))
        .await;
    let waiting = returns.status(&arn).await.expect("a status");
    assert_eq!(waiting.status, ExecutionStatus::Running, "a second is left");
    endpoint.clock.advance(Duration::from_secs(1)).await;
    let expired = returns.status(&arn).await.expect("a status");
    assert_eq!(expired.status, ExecutionStatus::Failed);
    assert_eq!(expired.error.as_deref(), Some("Return.Expired"));
    // A parcel that arrives after is refused, as Step Functions refuses a closed task's token.
    let late = returns.parcel_arrived(&token, "intact").await;
    assert!(
        matches!(late, Err(aws_sdk_sfn::Error::TaskTimedOut(_))),
        "{late:?}"
    );
    let (started, stopped) = dates(&endpoint.client, &arn).await;
    assert_eq!(stopped, Some(started + (14 * DAY).as_millis() as i64));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn returns_opened_at_once_are_each_answered_and_refunded_alone() {
    let endpoint = Endpoint::new().await;
    let returns = Returns::deploy(endpoint.client.clone(), ROLE)
        .await
        .expect("deployed");
    let orders: Vec<String> = (0..12).map(|n| format!("o-{n}")).collect();
    let opened = futures::future::join_all(orders.iter().map(|order| returns.open(order, 100)));
    let arns: Vec<String> = opened
        .await
        .into_iter()
        .map(|opened| opened.expect("opened"))
        .collect();
    for (n, arn) in arns.iter().enumerate() {
        // The odd ones' parcels never come.
        if n % 2 == 0 {
            let token = endpoint.token(&returns, arn).await;
            returns
                .parcel_arrived(&token, &format!("box {n}"))
                .await
                .expect("answered");
        }
    }
    endpoint.clock.run_until_idle().await;
    for (n, arn) in arns.iter().enumerate() {
        let status = returns.status(arn).await.expect("a status");
        if n % 2 == 0 {
            assert_eq!(status.status, ExecutionStatus::Succeeded, "{n}");
            assert_eq!(
                status.output,
                Some(
                    json!({"order": format!("o-{n}"), "refunded": 100, "condition": format!("box {n}")})
                )
            );
        } else {
            assert_eq!(status.error.as_deref(), Some("Return.Expired"), "{n}");
        }
    }
}

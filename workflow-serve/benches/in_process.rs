//! What an in-process endpoint ([`InProcess`]) costs a test (issue 89, "Hundreds of parallel
//! tests"), measuring
//!
//! - `create`: making and dropping an endpoint alone (its service, its clock, its SDK client);
//! - `three`: one test's whole life, side by side: make an endpoint, `CreateStateMachine`,
//!   `StartExecution` of a three-state machine (Pass, a 30-day Wait, Pass) run to its end on
//!   the virtual clock, `DescribeExecution`, drop it; the same through a `Server` on loopback
//!   (its socket, hyper, the SDK's own HTTP client) on a virtual clock; the engine alone
//!   (`Engine::clock`, what `workflow run` runs inside its process); and `workflow run` as a
//!   process (on its virtual time) when `WORKFLOW_BIN` names the binary or
//!   `target/release/workflow` exists;
//! - `parallel`: 500 endpoints at once on one two-worker runtime, each running one such
//!   execution: their total time and the process's peak resident memory (`VmHWM`) before and
//!   after.
//!
//! `cargo bench -p workflow-serve --bench in_process [-- PART…]` (default: every part).
//! Figures, not a test: nothing here fails on a slow machine.

#[path = "../../workflow-runtime/benches/support/proc_status.rs"]
mod proc_status;

use serde_json::json;
use std::time::{Duration, Instant};
use workflow_runtime::asl::StateMachine;
use workflow_runtime::engine::{Engine, VirtualClock};
use workflow_serve::{InProcess, Server};

const ROLE: &str = "arn:aws:iam::123456789012:role/bench";

/// Pass, a 30-day Wait, Pass.
const THREE: &str = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"},
  "B": {"Type": "Wait", "Seconds": 2592000, "Next": "C"}, "C": {"Type": "Pass", "End": true}}}"#;

fn main() {
    let parts: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let wanted = |part: &str| parts.is_empty() || parts.iter().any(|p| p == part);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    if wanted("create") {
        runtime.block_on(create());
    }
    if wanted("three") {
        runtime.block_on(three());
    }
    if wanted("parallel") {
        runtime.block_on(parallel(500));
    }
}

/// `rounds` runs of `f` after 10 unmeasured ones: the mean of each, in microseconds.
async fn mean_micros<F: AsyncFnMut()>(rounds: u32, mut f: F) -> f64 {
    for _ in 0..10 {
        f().await;
    }
    let began = Instant::now();
    for _ in 0..rounds {
        f().await;
    }
    began.elapsed().as_secs_f64() * 1e6 / f64::from(rounds)
}

async fn create() {
    let micros = mean_micros(2000, async || {
        let sfn = InProcess::new();
        std::hint::black_box(sfn.client());
    })
    .await;
    println!("create: an endpoint made and dropped: {micros:.1} µs");
}

/// One test's life on `client`, whose endpoint's clock is `clock`: the machine created, one
/// execution started and run to its end, described.
async fn life(client: &aws_sdk_sfn::Client, clock: &VirtualClock) {
    let machine = client
        .create_state_machine()
        .name("Three")
        .definition(THREE)
        .role_arn(ROLE)
        .send()
        .await
        .expect("created");
    let started = client
        .start_execution()
        .state_machine_arn(machine.state_machine_arn())
        .input(r#"{"n": 1}"#)
        .send()
        .await
        .expect("started");
    clock.run_until_idle().await;
    let described = client
        .describe_execution()
        .execution_arn(started.execution_arn())
        .send()
        .await
        .expect("described");
    assert_eq!(described.status().as_str(), "SUCCEEDED");
}

async fn three() {
    let rounds = 500;
    let in_process = mean_micros(rounds, async || {
        let sfn = InProcess::new();
        life(&sfn.client(), sfn.clock()).await;
    })
    .await;
    println!(
        "three: in process (endpoint made, machine, execution to its end, dropped): {in_process:.1} µs"
    );
    let loopback = mean_micros(rounds / 5, async || {
        let clock = VirtualClock::new();
        let listening = Server::builder()
            .port(0)
            .clock(&clock)
            .listen()
            .await
            .expect("listens");
        let url = listening.endpoint_url();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let serving = tokio::spawn(listening.serve(async {
            let _ = stopped.await;
        }));
        let config = aws_sdk_sfn::Config::builder()
            .behavior_version(aws_sdk_sfn::config::BehaviorVersion::latest())
            .region(aws_sdk_sfn::config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_sfn::config::Credentials::new(
                "a", "b", None, None, "bench",
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
        life(&aws_sdk_sfn::Client::from_conf(config), &clock).await;
        drop(stop);
        serving.await.expect("served");
    })
    .await;
    println!(
        "three: a Server on loopback (bound, the same calls over HTTP, stopped): {loopback:.1} µs"
    );
    let machine = StateMachine::from_json(THREE).expect("a definition");
    let engine = mean_micros(rounds, async || {
        let clock = VirtualClock::new();
        let running = Engine::new()
            .clock(&clock)
            .machine(&machine)
            .input(json!({"n": 1}))
            .start()
            .expect("starts");
        clock.run_until_idle().await;
        let done = running.wait().await.expect("ends");
        std::hint::black_box(done);
    })
    .await;
    println!("three: the engine alone (Engine::clock, no endpoint): {engine:.1} µs");
    match workflow_bin() {
        Some(bin) => {
            let file =
                std::env::temp_dir().join(format!("in_process_bench_{}.json", std::process::id()));
            std::fs::write(&file, THREE).expect("the definition written");
            let path = file.to_string_lossy().into_owned();
            let process = mean_micros(20, async || {
                let out = std::process::Command::new(&bin)
                    .args(["run", path.as_str(), "--input", "{}", "--json"])
                    .output()
                    .expect("workflow run");
                assert!(out.status.success(), "{out:?}");
            })
            .await;
            let _ = std::fs::remove_file(&file);
            println!(
                "three: `workflow run` as a process ({}): {process:.1} µs",
                bin.display()
            );
        }
        None => println!(
            "three: `workflow run` not measured: set WORKFLOW_BIN, or build target/release/workflow (cargo build --release --bins)"
        ),
    }
}

/// The `workflow` binary to measure, if there is one.
fn workflow_bin() -> Option<std::path::PathBuf> {
    if let Some(bin) = std::env::var_os("WORKFLOW_BIN") {
        return Some(bin.into());
    }
    let release =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/release/workflow");
    release.exists().then_some(release)
}

async fn parallel(endpoints: u64) {
    let kib = |key| proc_status::proc_status("self", key).unwrap_or(f64::NAN);
    let before = kib("VmHWM");
    let began = Instant::now();
    let tests = (0..endpoints).map(|_| {
        tokio::spawn(async {
            let sfn = InProcess::new();
            life(&sfn.client(), sfn.clock()).await;
        })
    });
    for test in futures::future::join_all(tests).await {
        test.expect("a test passed");
    }
    let took: Duration = began.elapsed();
    println!(
        "parallel: {endpoints} endpoints at once, one execution each: {:.1} ms in all; peak resident memory {:.1} MiB before, {:.1} MiB after",
        took.as_secs_f64() * 1e3,
        before / 1024.0,
        kib("VmHWM") / 1024.0
    );
}

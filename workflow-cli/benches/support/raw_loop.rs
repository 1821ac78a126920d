//! The boto3 loop of `serve_vs_moto` without boto3: the same three operations (create a
//! 10-state machine, start an execution, describe it until done) as AWS JSON 1.0 requests sent
//! by hyper over one kept-alive loopback connection. boto3's own time per call (signing,
//! serialising, parsing: what the canned endpoint's floor measures) is gone, and an execution
//! still running is described again after 1 ms instead of 10, so the loop's time is the
//! server's: its answers and how soon its execution ends.

use crate::json_connection::Connection;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// The loop's ten states: nine Pass states adding to a counter, and a Succeed.
fn definition() -> String {
    let mut states = serde_json::Map::new();
    for i in 0..9 {
        let next = if i < 8 {
            format!("Step{}", i + 1)
        } else {
            "Done".to_owned()
        };
        states.insert(
            format!("Step{i}"),
            json!({"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1)"}, "Next": next}),
        );
    }
    states.insert("Done".into(), json!({"Type": "Succeed"}));
    json!({"StartAt": "Step0", "States": states}).to_string()
}

/// Runs the loop `iterations` times against `endpoint` (`http://127.0.0.1:PORT`):
/// (seconds, iterations whose execution succeeded with `{"n": 9}`).
pub fn raw_loop(endpoint: &str, iterations: u32) -> (f64, u64) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let address = endpoint.trim_start_matches("http://").to_owned();
        // One connection kept alive, opened again when the server closed it.
        let mut connection = Connection::open(&address).await;
        let mut call = async |operation: &str, body: Value| -> Value {
            connection.call(operation, &body).await.1
        };
        let definition = definition();
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        let mut succeeded = 0;
        let started = Instant::now();
        for i in 0..iterations {
            let created = call(
                "CreateStateMachine",
                json!({"name": format!("raw-{stamp}-{i}"), "definition": definition,
                       "roleArn": "arn:aws:iam::123456789012:role/bench"}),
            )
            .await;
            let machine = created["stateMachineArn"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let execution = call(
                "StartExecution",
                json!({"stateMachineArn": machine, "input": r#"{"n": 0}"#}),
            )
            .await;
            let execution = execution["executionArn"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let described = loop {
                let described = call("DescribeExecution", json!({"executionArn": execution})).await;
                if described["status"] != "RUNNING" {
                    break described;
                }
                // Polled every millisecond (boto3's loop sleeps 10 ms): what is measured is the
                // server's work and how soon its execution ends, not the client's pause.
                tokio::time::sleep(Duration::from_millis(1)).await;
            };
            let output: Value = described["output"]
                .as_str()
                .and_then(|o| serde_json::from_str(o).ok())
                .unwrap_or(Value::Null);
            if described["status"] == "SUCCEEDED" && output == json!({"n": 9}) {
                succeeded += 1;
            }
        }
        (started.elapsed().as_secs_f64(), succeeded)
    })
}

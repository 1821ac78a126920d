//! Speed of the history events' codec: a 10,000-event history of the kinds a Task-heavy
//! execution writes (states entered and exited with assigned variables, tasks scheduled,
//! started, succeeded and failed, a Map's iterations, an execution's start and end) encoded to
//! JSON values (`HistoryEvent::to_json`) and decoded back (`HistoryEvent::from_json`), which
//! `workflow serve`, `workflow replay` and the pictures run. Prints the best of five rounds.
//!
//! `cargo bench -p workflow-local-engine --bench history_codec`

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};
use workflow_asl::{ErrorName, StateKind};
use workflow_local_engine::execution::{EventKind, HistoryEvent, JsonText};

/// The events, ids from 1.
fn history(events: usize) -> Vec<HistoryEvent> {
    let input = JsonText::from(
        r#"{"order":{"id":"o-1","items":[{"sku":"a","n":2},{"sku":"b","n":1}]},"customer":"c"}"#,
    );
    let task = || ("lambda".to_owned(), "invoke".to_owned());
    let kinds = [
        EventKind::StateEntered {
            state_type: StateKind::Task,
            name: Arc::from("Charge card"),
            input: input.clone(),
        },
        EventKind::TaskScheduled {
            resource_type: task().0,
            resource: task().1,
            parameters: JsonText::from(
                r#"{"FunctionName":"arn:aws:lambda:us-east-1:123456789012:function:charge","Payload":{"id":"o-1"}}"#,
            ),
            region: "us-east-1".into(),
            timeout_seconds: Some(30),
            heartbeat_seconds: None,
        },
        EventKind::TaskStarted {
            resource_type: task().0,
            resource: task().1,
        },
        EventKind::TaskSucceeded {
            resource_type: task().0,
            resource: task().1,
            output: JsonText::from(r#"{"StatusCode":200,"Payload":{"charged":true}}"#),
        },
        EventKind::StateExited {
            state_type: StateKind::Task,
            name: Arc::from("Charge card"),
            output: input.clone(),
            assigned: vec![
                ("charged".into(), JsonText::from("true")),
                ("attempt".into(), JsonText::from("1")),
            ],
        },
        EventKind::MapIterationStarted {
            name: Arc::from("Each item"),
            index: 3,
        },
        EventKind::TaskFailed {
            resource_type: task().0,
            resource: task().1,
            error: Some(ErrorName::from("Lambda.ServiceException")),
            cause: "the function failed".into(),
        },
        EventKind::ExecutionSucceeded {
            output: input.clone(),
        },
    ];
    (0..events)
        .map(|i| HistoryEvent {
            id: i as u64 + 1,
            previous_event_id: i as u64,
            timestamp_millis: 1_767_225_600_000 + i as i64,
            kind: kinds[i % kinds.len()].clone(),
        })
        .collect()
}

/// The best of five rounds of `f`.
fn best(f: impl Fn()) -> Duration {
    (0..5)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let events = history(10_000);
    let encode = best(|| {
        for event in &events {
            black_box(event.to_json());
        }
    });
    let json: Vec<serde_json::Value> = events.iter().map(HistoryEvent::to_json).collect();
    let decode = best(|| {
        for value in &json {
            let _ = black_box(HistoryEvent::from_json(value));
        }
    });
    let per = |d: Duration| d.as_nanos() as f64 / events.len() as f64 / 1000.0;
    println!(
        "history_codec: {} events: encode (to_json) {:.2} ms, {:.2} µs/event; decode (from_json) {:.2} ms, {:.2} µs/event",
        events.len(),
        encode.as_secs_f64() * 1000.0,
        per(encode),
        decode.as_secs_f64() * 1000.0,
        per(decode)
    );
}

//! Typed handlers decode the request the engine sends into the request type `workflow!`
//! generated: a payload template's objects inside arrays, nested arrays and objects, in both
//! query languages (the generated fields are what the template produces, never the JSONPath
//! `….$` keys), and the input schema's declared types kept through `input.x`
//! (`$$.Execution.Input.x`).

use serde_json::json;
use std::sync::{Arc, Mutex};
use workflow_runtime::engine::blocking;
use workflow_runtime::engine::{Engine, TaskFailure};
use workflow_runtime::execution::ExecutionStatus;
use workflow_runtime::workflow;

workflow! {
    /// An upload announced on EventBridge, the bucket read from the execution input and from
    /// the state's input; then a Lambda function gets templates nested every way.
    pub Announce {
        input { bucket: string, key: string, size: integer }
        "Emit": events::put_events {
            Entries: [
                { Source: "uploads", DetailType: "upload", Detail: { bucket: input.bucket } },
                { Source: "uploads", DetailType: "upload", Detail: { bucket: $.bucket } },
            ],
        } result_path = null -> "Index";
        "Index": lambda::invoke {
            FunctionName: "index",
            Payload: {
                object: { bucket: $.bucket, key: input.key },
                files: [{ key: $.key, size: $.size }],
                grid: [[{ bucket: input.bucket }]],
                tags: [{ pairs: [{ name: "key", value: $.key }] }],
            },
        } result_path = null -> "Done";
        "Done": succeed;
    }
}

fn announce_input() -> AnnounceInput {
    AnnounceInput {
        bucket: "uploads".into(),
        key: "a.csv".into(),
        size: 12,
    }
}

#[test]
fn objects_inside_arrays_decode_with_the_keys_the_template_produces() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (emitted, indexed) = (seen.clone(), seen.clone());
    let run = blocking::run(
        Engine::new()
            .task(Announce::EMIT, move |request: AnnounceEmitRequest| {
                let seen = emitted.clone();
                async move {
                    // `bucket` is a `String` both ways: the input schema's type, through
                    // `$$.Execution.Input.bucket` and through `$.bucket`.
                    for entry in request.entries {
                        let bucket: String = entry.detail.bucket;
                        seen.lock().unwrap().push(bucket);
                    }
                    Ok::<_, TaskFailure>(
                        json!({"Entries": [{"EventId": "e-1"}], "FailedEntryCount": 0}),
                    )
                }
            })
            .task(Announce::INDEX, move |request: AnnounceIndexRequest| {
                let seen = indexed.clone();
                async move {
                    let object_key: String = request.object.key;
                    let file_size: i64 = request.files[0].size;
                    let cell: String = request.grid[0][0].bucket.clone();
                    let pair: String = request.tags[0].pairs[0].value.clone();
                    seen.lock().unwrap().extend([
                        object_key,
                        file_size.to_string(),
                        cell,
                        pair,
                        request.object.bucket,
                    ]);
                    Ok::<_, TaskFailure>(json!({}))
                }
            })
            .workflow::<Announce>()
            .input(announce_input()),
    )
    .unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
    assert_eq!(
        *seen.lock().unwrap(),
        [
            "uploads", "uploads", "a.csv", "12", "uploads", "a.csv", "uploads"
        ]
    );
}

workflow! {
    /// The same templates in a JSONata machine: `Arguments` with `{% %}` values inside arrays
    /// and objects.
    pub AnnounceJsonata {
        query_language = jsonata;
        input { bucket: string, key: string, size: integer }
        "Emit": events::put_events {
            Entries: [
                { Source: "uploads", DetailType: "upload", Detail: { bucket: input.bucket } },
                { Source: "uploads", DetailType: "upload", Detail: { bucket: $.bucket } },
            ],
        } output = "{% $states.input %}" -> "Index";
        "Index": lambda::invoke {
            FunctionName: "index",
            Payload: {
                object: { bucket: $.bucket, key: input.key },
                files: [{ key: $.key, size: $.size }],
                grid: [[{ bucket: input.bucket }]],
            },
        } output = "{% $states.input %}" -> "Done";
        "Done": succeed;
    }
}

#[test]
fn jsonata_arguments_inside_arrays_and_objects_decode_into_their_types() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (emitted, indexed) = (seen.clone(), seen.clone());
    let input = AnnounceJsonataInput {
        bucket: "uploads".into(),
        key: "a.csv".into(),
        size: 12,
    };
    let run = blocking::run(
        Engine::new()
            .task(
                AnnounceJsonata::EMIT,
                move |request: AnnounceJsonataEmitRequest| {
                    let seen = emitted.clone();
                    async move {
                        for entry in request.entries {
                            let bucket: String = entry.detail.bucket;
                            seen.lock().unwrap().push(bucket);
                        }
                        Ok::<_, TaskFailure>(json!({"Entries": [], "FailedEntryCount": 0}))
                    }
                },
            )
            .task(
                AnnounceJsonata::INDEX,
                move |request: AnnounceJsonataIndexRequest| {
                    let seen = indexed.clone();
                    async move {
                        let key: String = request.object.key;
                        let size: i64 = request.files[0].size;
                        let cell: String = request.grid[0][0].bucket.clone();
                        seen.lock().unwrap().extend([key, size.to_string(), cell]);
                        Ok::<_, TaskFailure>(json!({}))
                    }
                },
            )
            .workflow::<AnnounceJsonata>()
            .input(&input),
    )
    .unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
    assert_eq!(
        *seen.lock().unwrap(),
        ["uploads", "uploads", "a.csv", "12", "uploads"]
    );
}

workflow! {
    /// A JSONata machine: the request is the `Arguments`' type, the response what `Output`
    /// moves on and the Choice compares.
    pub Approve {
        query_language = jsonata;
        input { id: string, amount: number }
        "Decide": lambda::invoke {
            FunctionName: "decide",
            Payload: { id: input.id, amount: $.amount },
        } output = { decision: "{% $states.result.Payload %}", id: $.id } -> "Approved?";
        "Approved?": choice {
            when $.decision.approved == true => "Done",
            otherwise => "Rejected",
        }
        "Rejected": fail(error = "Rejected");
        "Done": pass output = { by: $.decision.manager };
    }
}

#[test]
fn a_jsonata_task_has_the_types_of_its_arguments_and_of_what_later_states_read() {
    let run = blocking::run(
        Engine::new()
            .task(
                Approve::DECIDE,
                |request: ApproveDecideRequest| async move {
                    let (id, amount): (String, f64) = (request.id, request.amount);
                    Ok::<_, TaskFailure>(ApproveDecideResponse {
                        // A `bool`: the Choice compares it with `true`.
                        approved: amount < 100.0,
                        manager: Some(json!(format!("manager of {id}"))),
                    })
                },
            )
            .workflow::<Approve>()
            .input(&ApproveInput {
                id: "e-1".into(),
                amount: 20.0,
            }),
    )
    .unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
    assert_eq!(run.output, Some(json!({"by": "manager of e-1"})));
}

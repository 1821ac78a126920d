//! Handlers typed by the workflow (`Engine::task` with the `TaskRef<Req, Resp>` constants
//! `workflow!` emits): requests decoded into the generated request types, for states at the
//! top, in Map iterations and in Parallel branches; answers built from the generated response
//! types; a request that does not fit at run time fails the task naming the field.

use serde_json::json;
use workflow_runtime::asl::ErrorName;
use workflow_runtime::engine::blocking;
use workflow_runtime::engine::{Engine, TaskFailure};
use workflow_runtime::execution::ExecutionStatus;
use workflow_runtime::workflow;

workflow! {
    /// Reserve every line, charge the order, then ship it and notify the customer at once.
    pub Fulfil {
        input { order_id: string, customer: { email: string }, lines: [{ sku: string, qty: integer }] }
        "Reserve lines": map(items = $.lines) {
            "Reserve": lambda::invoke {
                FunctionName: "reserve",
                Payload: { sku: $.sku, qty: $.qty },
            } result_path = $.reservation -> "Held?";
            "Held?": choice {
                when $.reservation.Payload.held == true => "Line",
                otherwise => "Out of stock",
            }
            "Out of stock": fail(error = "OutOfStock");
            "Line": pass { sku: $.sku, hold: $.reservation.Payload.hold_id };
        } result_path = $.reserved -> "Charge";
        "Charge": lambda::invoke {
            FunctionName: "charge",
            Payload: { order: $.order_id, lines: $.reserved },
        } result_path = $.charge -> "Ship and notify";
        "Ship and notify": parallel {
            branch {
                "Ship": lambda::invoke {
                    FunctionName: "ship",
                    Payload: { order: $.order_id, receipt: $.charge.Payload.receipt },
                } result_selector { tracking: $.Payload.tracking };
            }
            branch {
                "Notify": lambda::invoke {
                    FunctionName: "notify",
                    Payload: { to: $.customer.email, order: $.order_id },
                };
            }
        } -> "Done";
        "Done": succeed;
    }
}

fn input() -> FulfilInput {
    FulfilInput {
        order_id: "o-1".into(),
        customer: FulfilInputCustomer {
            email: "ada@example.com".into(),
        },
        lines: vec![
            FulfilInputLines {
                sku: "a".into(),
                qty: 2,
            },
            FulfilInputLines {
                sku: "b".into(),
                qty: 1,
            },
        ],
    }
}

/// Every handler typed: the request fields are the generated ones (a misspelt field would not
/// compile), the answers carry exactly the fields later states read.
fn engine(stock: i64) -> Engine {
    Engine::new()
        .task(
            Fulfil::RESERVE,
            move |line: FulfilReserveRequest| async move {
                Ok::<_, TaskFailure>(FulfilReserveResponse {
                    held: line.qty <= stock,
                    hold_id: Some(json!(format!("hold-{}", line.sku))),
                })
            },
        )
        .task(Fulfil::CHARGE, |charge: FulfilChargeRequest| async move {
            // `lines` is what the Map's iterations end with: `Line`'s `{sku, hold}`.
            let skus: Vec<String> = charge.lines.into_iter().map(|l| l.sku).collect();
            Ok::<_, TaskFailure>(FulfilChargeResponse {
                receipt: json!({"order": charge.order, "skus": skus}),
            })
        })
        .task(Fulfil::SHIP, |ship: FulfilShipRequest| async move {
            Ok::<_, TaskFailure>(FulfilShipResponse {
                tracking: json!(format!("track-{}", ship.order)),
            })
        })
        .task(Fulfil::NOTIFY, |note: FulfilNotifyRequest| async move {
            assert_eq!(note.to, "ada@example.com");
            // Nobody reads what `Notify` answers: any JSON.
            Ok::<FulfilNotifyResponse, TaskFailure>(json!({"sent": true}))
        })
}

#[test]
fn typed_handlers_serve_tasks_at_the_top_in_map_iterations_and_in_parallel_branches() {
    let run = blocking::run(engine(5).workflow::<Fulfil>().input(input())).unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
    // The output type is the Parallel's: a tuple, one element per branch.
    let (shipped, _notified): FulfilOutput = run.output_as().unwrap();
    assert_eq!(shipped.tracking, json!("track-o-1"));
    let output = run.output.unwrap();
    assert_eq!(output[0]["tracking"], "track-o-1");
    assert_eq!(output[1]["Payload"], json!({"sent": true}));
    // A typed answer drives the Choice as the workflow expects.
    let short = blocking::run(engine(1).workflow::<Fulfil>().input(input())).unwrap();
    assert_eq!(short.status, ExecutionStatus::Failed);
    assert_eq!(
        short.error.map(|e| e.to_string()).as_deref(),
        Some("OutOfStock")
    );
}

#[test]
fn the_generated_types_are_what_the_states_send_and_read() {
    // What `Reserve` sends: the item's fields, typed by the input schema.
    let request: FulfilReserveRequest =
        serde_json::from_value(json!({"sku": "a", "qty": 2})).unwrap();
    assert_eq!((request.sku.as_str(), request.qty), ("a", 2));
    // What the Choice and `Line` read of `Reserve`'s Payload: `held` (compared with `true`),
    // required, and `hold_id`, which only the way to `Line` reads: optional (issue 75).
    let missing = serde_json::from_value::<FulfilReserveResponse>(json!({"hold_id": "h"}));
    assert!(missing.unwrap_err().to_string().contains("held"));
    let out_of_stock: FulfilReserveResponse =
        serde_json::from_value(json!({"held": false})).unwrap();
    assert_eq!(out_of_stock.hold_id, None);
    // What `Ship` reads of `Charge`'s Payload, followed into the Parallel's branch.
    let charged: FulfilChargeResponse = serde_json::from_value(json!({"receipt": 1})).unwrap();
    assert_eq!(charged.receipt, 1);
    // The constants still key untyped handlers and name their state.
    assert_eq!(Fulfil::SHIP.name, "Ship");
    assert_eq!(Fulfil::SHIP.resource, "arn:aws:states:::lambda:invoke");
}

#[test]
fn a_request_that_does_not_fit_at_run_time_fails_the_task_naming_the_field() {
    // Run on raw JSON (the typed input would not allow it): `qty` is a string.
    let run = blocking::run(engine(5).machine(&Fulfil::definition()).input(
        json!({"order_id": "o-1", "customer": {"email": "e"}, "lines": [{"sku": "a", "qty": "2"}]}),
    ))
    .unwrap();
    assert_eq!(run.status, ExecutionStatus::Failed);
    assert_eq!(run.error, Some(ErrorName::TaskFailed));
    let cause = run.cause.unwrap_or_default();
    assert!(
        cause.contains("Task state `Reserve`")
            && cause.contains("at `qty`")
            && cause.contains("expected i64"),
        "{cause}"
    );
}

workflow! {
    /// A manager approves an expense through a queue; the answer drives a Choice.
    pub Expense {
        input { id: string, amount: number }
        "Ask manager": sqs::send_message.wait_for_task_token {
            QueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/approvals",
            MessageBody: { id: $.id, amount: $.amount, token: $$.Task.Token },
        } result_path = $.decision -> "Approved?";
        "Approved?": choice {
            when $.decision.approved == true => "Pay",
            otherwise => "Rejected",
        }
        "Rejected": fail(error = "Rejected");
        "Pay": pass { id: $.id, by: $.decision.manager };
    }
}

#[test]
fn a_callback_is_answered_with_the_types_of_its_task() {
    let engine = Engine::new().handler(Expense::ASK_MANAGER, |_| async {
        Ok::<_, TaskFailure>(json!({"MessageId": "m-1", "MD5OfMessageBody": "x"}))
    });
    let input = ExpenseInput {
        id: "e-1".into(),
        amount: 120.0,
    };
    let running = blocking::start(engine.workflow::<Expense>().input(&input)).unwrap();
    // The request is what the state sent (the SQS message); the response what the Choice
    // and `Pay` read: `approved` (a bool, compared with `true`) and `manager`.
    let answered = running
        .respond(Expense::ASK_MANAGER, |sent: ExpenseAskManagerRequest| {
            assert_eq!(sent.message_body.amount, 120.0);
            Ok(ExpenseAskManagerResponse {
                approved: sent.message_body.amount < 500.0,
                manager: Some(json!("grace")),
            })
        })
        .unwrap();
    assert!(answered);
    let done = running.wait().unwrap();
    assert_eq!(done.status, ExecutionStatus::Succeeded, "{:?}", done.cause);
    assert_eq!(done.output, Some(json!({"id": "e-1", "by": "grace"})));
    // An `Err` is the task's failure, which the Choice never sees.
    let running = blocking::start(engine.workflow::<Expense>().input(&input)).unwrap();
    running
        .respond(Expense::ASK_MANAGER, |_| {
            Err(TaskFailure::new("Manager.Away", "out of office"))
        })
        .unwrap();
    let failed = running.wait().unwrap();
    assert_eq!(
        failed.error.map(|e| e.to_string()).as_deref(),
        Some("Manager.Away")
    );
}

workflow! {
    /// Two checks at once; the Choice compares what each answered, through a ResultSelector,
    /// an OutputPath and the Parallel's result.
    pub Checks {
        input { id: string }
        "Both": parallel {
            branch {
                "Fraud": lambda::invoke { FunctionName: "fraud", Payload: { id: $.id } }
                    result_selector { clean: $.Payload.clean, score: $.Payload.score };
            }
            branch {
                "Stock": lambda::invoke { FunctionName: "stock", Payload: { id: $.id } }
                    output_path = $.Payload;
            }
        } result_path = $.checks -> "Ok?";
        "Ok?": choice {
            when $.checks[0].clean == true && $.checks[0].score < 0.5 && $.checks[1].state == "IN_STOCK" => "Done",
            otherwise => "Refused",
        }
        "Refused": fail(error = "Refused");
        "Done": succeed;
    }
}

#[test]
fn answers_are_typed_by_the_comparisons_after_a_selector_an_output_path_and_a_parallel() {
    let run = blocking::run(
        Engine::new()
            .task(Checks::FRAUD, |_: ChecksFraudRequest| async move {
                // `clean` is a `bool` and `score` an `f64`: a `"true"` would not compile.
                Ok::<_, TaskFailure>(ChecksFraudResponse {
                    clean: true,
                    score: 0.1,
                })
            })
            .task(Checks::STOCK, |_: ChecksStockRequest| async move {
                Ok::<_, TaskFailure>(ChecksStockResponse {
                    state: "IN_STOCK".to_owned(),
                })
            })
            .workflow::<Checks>()
            .input(&ChecksInput { id: "o-1".into() }),
    )
    .unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
}

workflow! {
    /// A person reviews the order (an activity), then a Lambda function charges it.
    pub Reviewed {
        input { order_id: string }
        "Review": task "arn:aws:states:us-east-1:123456789012:activity:review"
            result_path = $.review -> "Approved?";
        "Approved?": choice {
            when $.review.approved == true => "Done",
            otherwise => "Rejected",
        }
        "Rejected": fail(error = "Rejected");
        "Done": succeed;
    }
}

#[test]
fn an_activity_is_worked_in_process_with_the_types_of_its_task() {
    use workflow_runtime::task_kind::Activity;
    let review: workflow_runtime::TaskRef<_, _, Activity> = Reviewed::REVIEW;
    let running = blocking::start(
        Engine::new()
            .activity(review.activity_arn().expect("an activity Task"))
            .workflow::<Reviewed>()
            .input(&ReviewedInput {
                order_id: "o-1".into(),
            }),
    )
    .unwrap();
    let worked = running
        .work_activity(review, "worker-1", |request: ReviewedReviewRequest| {
            assert_eq!(request.order_id, "o-1");
            Ok(ReviewedReviewResponse { approved: true })
        })
        .unwrap();
    assert!(worked);
    let done = running.wait().unwrap();
    assert_eq!(done.status, ExecutionStatus::Succeeded, "{:?}", done.cause);
}

workflow! {
    /// Issue 91: ECS `.sync` jobs in a Distributed Map that tolerates a failed job; the report
    /// reads each job's exit code, or its failure.
    pub Transcode {
        input { jobs: [{ id: string }] }
        "Run jobs": map(items = $.jobs, distributed, tolerated_failure_percentage = 50) {
            "Run job": ecs::run_task.sync { Cluster: "transcode", TaskDefinition: "ffmpeg", StartedBy: $.id }
                result_selector { exitCode: $.Containers[0].ExitCode };
        } result_path = $.results -> "Report";
        "Report": lambda::invoke { FunctionName: "report", Payload: { results: $.results } }
            output_path = $.Payload;
    }
}

#[test]
fn a_typed_handler_matches_the_failed_children_of_a_tolerant_distributed_map() {
    use workflow_runtime::MapItem;
    let engine = Engine::new()
        .task(
            Transcode::RUN_JOB,
            |job: TranscodeRunJobRequest| async move {
                if job.started_by == "corrupt" {
                    return Err(TaskFailure::new(
                        "Transcode.BadInput",
                        "moov atom not found",
                    ));
                }
                Ok(TranscodeRunJobResponse {
                    containers: vec![TranscodeRunJobResponseContainersItem {
                        exit_code: Some(0),
                        ..Default::default()
                    }],
                })
            },
        )
        .task(
            Transcode::REPORT,
            |report: TranscodeReportRequest| async move {
                // Each entry is the job's output or its failure, matched: no `missing field`.
                let mut lines = Vec::new();
                for item in report.results {
                    lines.push(match item {
                        MapItem::Succeeded(job) => format!("exit {}", job.exit_code),
                        MapItem::Failed { error, cause } => {
                            format!(
                                "{}: {}",
                                error.unwrap_or_default(),
                                cause.unwrap_or_default()
                            )
                        }
                    });
                }
                Ok::<_, TaskFailure>(json!(lines))
            },
        );
    let jobs = ["a", "corrupt", "c"].map(|id| TranscodeInputJobs { id: id.into() });
    let input = TranscodeInput { jobs: jobs.into() };
    let run = blocking::run(engine.workflow::<Transcode>().input(&input)).unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
    assert_eq!(
        run.output,
        Some(json!([
            "exit 0",
            "Transcode.BadInput: moov atom not found",
            "exit 0"
        ]))
    );
    // The success shape alone, as the types were before, cannot read the failed entry.
    let entries = json!([{"exitCode": 0}, {"Error": "Transcode.BadInput", "Cause": "c"}]);
    let untolerant = serde_json::from_value::<Vec<TranscodeReportRequestResultsItem>>(entries);
    assert!(
        untolerant
            .unwrap_err()
            .to_string()
            .contains("missing field `exitCode`")
    );
}

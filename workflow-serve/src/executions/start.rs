//! `StartExecution` and `StartSyncExecution`: the checks, the engine an execution runs on, the
//! run started as a task of the server's runtime, and a start answered once its row is
//! written (`StartExecution`) or once its EXPRESS run ended (`StartSyncExecution`).

use crate::protocol::{ApiError, Timestamp};
use crate::records::{ExecutionRecord, Live, Machine, Origin, RunState};
use crate::requests::{
    ArnMember, BillingDetails, StartExecutionInput, StartExecutionOutput, StartSyncExecutionInput,
    StartSyncExecutionOutput,
};
use crate::roster::Admitted;
use crate::service::{Service, check_name, lock};
use crate::visible::started;
use serde_json::Value;
use std::sync::Arc;
use workflow_asl::ExecutionType;
use workflow_aws_models::{MachineName, ResourceType, StatesArn, StatesResource};
use workflow_runtime::engine::{Engine, EngineError};

/// The service's limit on an execution's input (256 KiB).
const MAX_INPUT_BYTES: usize = 256 * 1024;

/// The engine an execution of `machine` runs on (Step Functions Local's mocked `test_case`
/// when one is named).
pub(crate) fn engine_for(
    service: &Service,
    machine: &Machine,
    test_case: Option<&str>,
) -> Result<Engine, ApiError> {
    let settings = &service.settings;
    let mut engine = service
        .timed(Engine::new())
        .seed(service.next_number())
        .region(settings.region.clone())
        .account(settings.account.clone())
        .state_machine_name(machine.name.clone())
        .role_arn(machine.role_arn.clone())
        .history_limit(Some(25_000))
        // The definition was refused only for what AWS refuses (`state_machines::checked`):
        // this project's stricter findings leave a state to fail when it runs, as on AWS.
        .validation_errors_as_warnings(true)
        .missing_handler_advice(
            "`workflow serve` answers a Task with a Step Functions Local mock configuration (`--mock-config FILE`, the test case named in the state machine ARN, `…:stateMachine:NAME#CASE`), a Lambda function at `--lambda-endpoint URL`, AWS services at `--aws-endpoint URL`, an activity's worker, a callback (`SendTaskSuccess`), or S3 in `--s3 DIR` for a Distributed Map",
        );
    for arn in service
        .catalog
        .read(|c| c.activities.keys().cloned().collect::<Vec<_>>())
    {
        engine = engine.activity(arn);
    }
    if let Some(store) = &settings.object_store {
        engine = engine.object_store(store.clone());
    }
    if let Some(url) = &settings.lambda_endpoint {
        engine = engine.lambda_endpoint(url).map_err(ApiError::internal)?;
    }
    if !settings.aws_endpoints.is_empty() {
        engine = engine.aws_endpoints(settings.aws_endpoints.clone());
    }
    // The Tasks' handlers the server was told of for this workflow, as a test registers them.
    for answerers in service.answerers_of(&machine.definition.text) {
        engine = (answerers.0)(engine);
    }
    engine = crate::nested::own_step_functions(
        engine,
        &machine.definition.model,
        service.myself.get().cloned(),
    );
    match (test_case, &settings.mock_config) {
        (None, _) => Ok(engine),
        (Some(case), Some(config)) => engine
            .mocks(config, &machine.name, case)
            .map_err(|e| ApiError::validation(format!("the mock configuration: {e}"))),
        (Some(case), None) => Err(ApiError::validation(format!(
            "the state machine ARN names the test case `{case}` (`#{case}`), but `workflow serve` was started without `--mock-config`"
        ))),
    }
}

/// What the run of the execution `arn` tells the service as it goes (for
/// `StartExecution::on_change`): an event written (the writer takes it), a token issued or a
/// task waiting (its token indexed and written, an activity's task handed to a poll).
fn on_change(service: &Service, arn: &Arc<StatesArn>) -> workflow_local_engine::OnChange {
    let (pushed, writer) = (
        Arc::clone(&service.pushed),
        Arc::clone(&service.record.writer),
    );
    let arn = Arc::clone(arn);
    Arc::new(move |change| match change {
        workflow_local_engine::Change::Event => writer.mark(&arn),
        // A token is indexed once: when issued (a callback's, shown in its history before
        // its task waits) or when its task waits (an activity's).
        workflow_local_engine::Change::TokenIssued { task_token }
            if pushed.issued(&arn, task_token) =>
        {
            writer.token(task_token, &arn);
        }
        workflow_local_engine::Change::TaskWaiting {
            task_token,
            activity,
        } => {
            if pushed.issued(&arn, task_token) {
                writer.token(task_token, &arn);
            }
            // The engine names an activity by its ARN's text, which the definition's check
            // parsed (`Resource`): it parses again.
            match activity.map(StatesArn::parse) {
                Some(Ok(activity)) => pushed.queue(&activity, &arn),
                Some(Err(e)) => {
                    eprintln!("workflow serve: {arn}'s activity task is not queued: {e}");
                }
                None => {}
            }
        }
        _ => {}
    })
}

/// Starts `request`, the execution `arn`, as the service runs every execution it hosts: its
/// end handed to `finish` (which writes it), its events, tokens and activity tasks pushed to
/// the service as they happen, the events of the answers handed to it noted
/// (`confirm_answers`: a `SendTask*` answers once its event is written), its tasks' deadlines
/// timers of its own. Its activity tasks wait for a worker while the returned guard lives:
/// drop it once the execution's record holds the run.
pub(crate) fn launch<'s, I>(
    service: &'s Service,
    arn: &Arc<StatesArn>,
    request: workflow_local_engine::StartExecution<'_, I, workflow_local_engine::mode::Standard>,
) -> Result<
    (
        workflow_local_engine::RunningExecution,
        crate::pushed::Held<'s>,
    ),
    EngineError,
> {
    let held = service.pushed.hold(arn);
    let (ending, ended) = (service.myself.get().cloned(), Arc::clone(arn));
    let running = request
        .on_end(Box::new(move || {
            // On the runtime's thread, where the run ended: its end is written by a task of
            // its own. On a virtual clock, no time passes until it is (a `.sync` parent waits
            // for it, see `nested`).
            if let Some(service) = ending.and_then(|weak| weak.upgrade()) {
                let hold = service.settings.clock.as_ref().map(|clock| clock.hold());
                tokio::spawn(async move {
                    super::finish(service, ended).await;
                    drop(hold);
                });
            }
        }))
        .on_change(on_change(service, arn))
        .wall_deadlines(true)
        .confirm_answers(true)
        .start()?;
    Ok((running, held))
}

/// What `StartExecution` and `StartSyncExecution` requests both have.
struct Started<'r> {
    state_machine_arn: &'r ArnMember,
    name: Option<&'r str>,
    input: Option<&'r str>,
    trace_header: Option<&'r str>,
}

/// A `StartExecution` or `StartSyncExecution` request, read.
struct Start<'r> {
    target: crate::versions::Target,
    test_case: Option<String>,
    name: String,
    input_text: &'r str,
    input: Value,
    /// The X-Ray trace header: `X-Amzn-Trace-Id`'s, else the body's `traceHeader`.
    trace_header: Option<String>,
}

/// What `StartExecution` and `StartSyncExecution` both read: the machine (a version or an
/// alias too), Step Functions Local's mocked test case (`…:stateMachine:NAME#TEST_CASE`), the
/// execution's name (a fresh UUID without one) and its input; `StartSyncExecution`
/// (`express_only`) refuses a STANDARD machine before it reads the rest.
fn start_request<'r>(
    service: &Service,
    r: Started<'r>,
    express_only: bool,
    trace_header: Option<&str>,
) -> Result<Start<'r>, ApiError> {
    let requested = r.state_machine_arn;
    // Step Functions Local's test case is part of the ARN (`StatesArn`'s `test_case`); the
    // machine is the ARN without it.
    let mut machine_arn = requested.of(&[ResourceType::StateMachine])?.clone();
    let test_case = match &mut machine_arn.resource {
        StatesResource::StateMachine { test_case, .. } => test_case.take(),
        _ => None,
    };
    let shown = match test_case {
        Some(_) => machine_arn.to_string(),
        None => requested.text().to_owned(),
    };
    let target = crate::versions::target(service, &machine_arn, &shown)?;
    crate::deletions::refuse_deleting(service, &target.machine.arn)?;
    if express_only && target.machine.kind != ExecutionType::Express {
        return Err(crate::visible::type_not_supported());
    }
    let name = match r.name {
        Some(name) => {
            check_name(name)?;
            name.to_owned()
        }
        None => service.uuid(),
    };
    let input_text = r.input.unwrap_or("{}");
    let input = execution_input(input_text)?;
    // The API model, `traceHeader`: "If both sources are provided, Step Functions will use
    // the header value (preferred) over the value in the request body" (the `X-Amzn-Trace-Id`
    // header; documented since July 2025).
    let trace_header = trace_header.or(r.trace_header).map(str::to_owned);
    Ok(Start {
        target,
        test_case,
        name,
        input_text,
        input,
        trace_header,
    })
}

/// `StartExecution`: the run starts, and the call answers once the execution's row (and the
/// events its run wrote by then) is written. A repeated start of a running STANDARD
/// execution with the same input answers as the first did, once the first is written.
pub(crate) async fn start_execution(
    service: Arc<Service>,
    r: StartExecutionInput,
    caller: crate::service::Caller,
) -> Result<StartExecutionOutput, ApiError> {
    let input = r.input.as_deref().unwrap_or("{}").to_owned();
    let admitted = admit(&service, &r, &caller)?;
    let record = match &admitted {
        Admission::New(record, _) | Admission::Same(record) | Admission::Stored(record) => {
            Arc::clone(record)
        }
    };
    let out = StartExecutionOutput {
        execution_arn: StatesArn::clone(&record.arn),
        start_date: Timestamp(record.start_ms),
    };
    let same = match admitted {
        // A new execution: answered once its row is written.
        Admission::New(record, ticket) => {
            if let Err(e) = ticket.written().await {
                undo_start(&service, &record);
                return Err(e);
            }
            record.written.send_modify(|w| {
                w.started = true;
                w.attempts = w.attempts.max(1);
            });
            return Ok(out);
        }
        Admission::Same(_) => true,
        // Running still, without a run here: its input is the database's.
        Admission::Stored(record) => service.record.stored_input(&record.arn).await? == input,
    };
    if !same {
        return Err(already_exists(&record.arn));
    }
    // The same execution again: answered as the first start is.
    started(&service, &record).await?;
    match service.roster.get(&record.arn) {
        Some(kept) if Arc::ptr_eq(&kept, &record) => Ok(out),
        _ => Err(ApiError::internal(
            "the first start of this execution was not written",
        )),
    }
}

/// What a `StartExecution` admitted.
enum Admission {
    /// A new execution, running, its row queued (the ticket of its write).
    New(Arc<ExecutionRecord>, crate::writer::Ticket),
    /// The running STANDARD execution of that name, started with the same input.
    Same(Arc<ExecutionRecord>),
    /// The STANDARD execution of that name the last server left running, which no run here
    /// continues: the same if it was started with the same input.
    Stored(Arc<ExecutionRecord>),
}

/// `ExecutionAlreadyExists` for `arn`.
fn already_exists(arn: &StatesArn) -> ApiError {
    ApiError::new(
        "ExecutionAlreadyExists",
        format!("Execution Already Exists: '{arn}'"),
    )
}

/// The checks of `StartExecution` and the run started and kept, its row queued for the writer;
/// or the execution a repeated start names.
fn admit(
    service: &Arc<Service>,
    r: &StartExecutionInput,
    caller: &crate::service::Caller,
) -> Result<Admission, ApiError> {
    let started_by = caller.task_attempt.clone();
    let Start {
        target,
        test_case,
        name,
        input_text,
        input,
        trace_header,
    } = start_request(
        service,
        Started {
            state_machine_arn: &r.state_machine_arn,
            name: r.name.as_deref(),
            input: r.input.as_deref(),
            trace_header: r.trace_header.as_deref(),
        },
        false,
        caller.trace_header.as_deref(),
    )?;
    let machine = Arc::clone(&target.machine);
    // On an EXPRESS machine, an asynchronous EXPRESS execution: five minutes at most, an
    // EXPRESS context, its `express` ARN (the one its context shows).
    let seed = service.next_number();
    let engine = engine_for(service, &machine, test_case.as_deref())?.seed(seed);
    let compiled = service
        .compiled(&machine, &engine)
        .map_err(engine_refusal)?;
    let request = engine
        .compiled(&compiled)
        .name(name.clone())
        .execution_type(machine.kind)
        // Its children's events are stored with its own, so that a restart resumes them.
        .keep_child_events(service.record.keeps())
        .input(input);
    let arn = Arc::new(match machine.kind {
        ExecutionType::Express => request.execution_arn(),
        ExecutionType::Standard => service.arn(StatesResource::Execution {
            machine: MachineName::new(machine.name.clone()),
            name: name.clone(),
        }),
    });
    let mut held = None;
    // `DeleteStateMachine` may have been called since the request was read: whether the
    // machine is being deleted is read with the execution's admission, the catalog's lock taken
    // first and the roster's inside it, in the one order every path takes (a deletion's plan
    // holds the catalog and asks the roster what runs; taking them the other way round here
    // deadlocked both under a start and a deletion at once).
    let admitted = service.catalog.read(|catalog| {
        crate::deletions::refuse_deleting_in(catalog, &machine.arn)?;
        service
            .roster
            .admit(&arn, service.settings.max_running, |seq| {
                let (running, holding) = launch(service, &arn, request).map_err(engine_refusal)?;
                held = Some(holding);
                Ok(Arc::new(ExecutionRecord::new(
                    Arc::clone(&arn),
                    seq,
                    Arc::clone(&machine),
                    (target.version_arn.clone(), target.alias_arn.clone()),
                    service.now_ms(),
                    RunState::Running(Box::new(Live {
                        execution: running,
                        input: input_text.to_owned(),
                        attempt: 1,
                    })),
                    Origin {
                        trace_header: trace_header.clone(),
                        test_case: test_case.clone(),
                        seed,
                        started_by: started_by.clone(),
                    },
                )))
            })
    })?;
    let record = match admitted {
        Admitted::Existing(existing) => {
            // Idempotent for a STANDARD execution still running with the same input: "If
            // StartExecution is called with the same name and input as a running execution,
            // the call succeeds and return the same response as the original request. If the
            // execution is closed or if the input is different, it returns a 400
            // ExecutionAlreadyExists error" (the API reference, `StartExecution`).
            if machine.kind != ExecutionType::Standard {
                return Err(already_exists(&arn));
            }
            let run = lock(&existing.run);
            return match &*run {
                RunState::Running(live) if live.input == input_text => {
                    drop(run);
                    Ok(Admission::Same(existing))
                }
                RunState::Interrupted => {
                    drop(run);
                    Ok(Admission::Stored(existing))
                }
                _ => Err(already_exists(&arn)),
            };
        }
        Admitted::New(record) => record,
    };
    // Its row, and its first events (those its run wrote by the batch), in the writer's next
    // batch: the call answers once that is committed.
    let stored = record.to_stored();
    let (row, input) = (Arc::clone(&record), input_text.to_owned());
    let ticket = service.record.writer.start(
        Box::new(move |tx| {
            crate::database::write::execution(tx, &stored, &row.arn, &row.machine, &input)
        }),
        &record,
        0,
    );
    // Its activity tasks wait for a worker now that its record holds its run.
    drop(held);
    // A run that ended before its record was kept (its end found no record) ends now.
    super::finish::runs_here(service, &record);
    Ok(Admission::New(record, ticket))
}

/// A start that was not written is undone: nobody was told of it.
fn undo_start(service: &Service, record: &Arc<ExecutionRecord>) {
    service.roster.forget(record);
    service.record.writer.forget(&record.arn);
    if let RunState::Running(live) = &*lock(&record.run) {
        live.execution.stop(None, Some("the start was not written"));
    }
    // Whoever waits for its start is told it was forgotten.
    record.written.send_modify(|_| {});
    let arn = StatesArn::clone(&record.arn);
    let _queued = service.record.writer.submit(Box::new(move |tx| {
        crate::database::write::forget_execution(tx, &arn)
    }));
}

/// `StartSyncExecution`: the EXPRESS execution runs as a task of the server's runtime, and the
/// call waits for it as a future (no thread held).
pub(crate) async fn start_sync_execution(
    service: Arc<Service>,
    r: StartSyncExecutionInput,
    caller: crate::service::Caller,
) -> Result<StartSyncExecutionOutput, ApiError> {
    let Start {
        target,
        test_case,
        name,
        input_text,
        input,
        trace_header,
    } = start_request(
        &service,
        Started {
            state_machine_arn: &r.state_machine_arn,
            name: r.name.as_deref(),
            input: r.input.as_deref(),
            trace_header: r.trace_header.as_deref(),
        },
        true,
        caller.trace_header.as_deref(),
    )?;
    let machine = target.machine;
    let engine = engine_for(&service, &machine, test_case.as_deref())?;
    let input_text = input_text.to_owned();
    // A task of the server's runtime, as every execution: a run that panics fails this call
    // only.
    let model = machine.definition.model.clone();
    let run = crate::tasks::spawn_owned(async move {
        engine
            .machine(&model)
            .name(name)
            .input(input)
            .sync_express()
            .run()
            .await
    });
    let run = match run.await {
        Ok(run) => run.map_err(engine_refusal)?,
        Err(_) => return Err(ApiError::internal("the execution's run panicked")),
    };
    let done = run.response;
    Ok(StartSyncExecutionOutput {
        execution_arn: done.execution_arn,
        state_machine_arn: done.state_machine_arn,
        name: Some(done.name),
        start_date: Timestamp(done.start_date_millis),
        stop_date: Timestamp(done.stop_date_millis),
        status: done.status,
        error: done.error.map(|e| e.as_str().to_owned()),
        cause: done.cause,
        // The input as it was sent, as the service echoes it.
        input: Some(input_text),
        input_details: crate::visible::included(),
        output_details: done.output.as_ref().and(crate::visible::included()),
        output: done.output,
        trace_header,
        billing_details: done.billing_details.map(|b| BillingDetails {
            billed_memory_used_in_m_b: i64::try_from(b.billed_memory_used_in_mb).ok(),
            billed_duration_in_milliseconds: i64::try_from(b.billed_duration_in_milliseconds).ok(),
        }),
    })
}

/// The execution's input, checked as the service checks it. Its nesting is bounded as every
/// JSON value the engine holds is, by `workflow_text::json::MAX_DEPTH` (1000 levels, the default
/// of Jackson's `StreamReadConstraints`, the parser Step Functions reads JSON with), not by
/// serde_json's own 128: an input may nest as deep as a state may output, and a deeper one is
/// `InvalidExecutionInput` as other input that is not JSON is (StartExecution's errors in the
/// API reference: "The provided JSON input data is not valid").
pub(crate) fn execution_input(text: &str) -> Result<Value, ApiError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(ApiError::new(
            "InvalidExecutionInput",
            format!(
                "Invalid Execution Input: the input is {} bytes, over the 262144 the service accepts",
                text.len()
            ),
        ));
    }
    workflow_text::json::parse_data(text).map_err(|e| {
        ApiError::new(
            "InvalidExecutionInput",
            format!("Invalid Execution Input: {}", e.message),
        )
    })
}

/// Why the engine would not start an execution, as the service refuses it.
pub(crate) fn engine_refusal(e: EngineError) -> ApiError {
    match e {
        EngineError::InputTooLarge(_)
        | EngineError::InputTooDeep(_)
        | EngineError::InvalidInput(_) => ApiError::new(
            "InvalidExecutionInput",
            format!("Invalid Execution Input: {e}"),
        ),
        EngineError::InvalidDefinition(_) => ApiError::new(
            "InvalidDefinition",
            format!("Invalid State Machine Definition: '{e}'"),
        ),
        other => ApiError::internal(other.to_string()),
    }
}

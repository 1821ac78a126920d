//! Executions: `StartExecution`, `StartSyncExecution`, `DescribeExecution`,
//! `DescribeStateMachineForExecution`, `ListExecutions`, `StopExecution`,
//! `GetExecutionHistory`. Each execution runs on the engine, a task of its runtime (not a
//! thread), with the machine's revision it started on, compiled once and shared; several run
//! at once, up to `--max-running-executions`.

use super::pages::{Order, Place, listed};
use super::protocol::{ApiError, Timestamp};
use super::records::{Closed, ExecutionRecord, Live, Machine, RunState, UnsavedChildEvents};
use super::requests::{
    ArnMember, BillingDetails, CloudWatchEventsExecutionDataDetails, DescribeExecutionInput,
    DescribeExecutionOutput, DescribeStateMachineForExecutionInput,
    DescribeStateMachineForExecutionOutput, ExecutionListItem, ExecutionRedriveFilter,
    ExecutionRedriveStatus, GetExecutionHistoryInput, GetExecutionHistoryOutput,
    ListExecutionsInput, ListExecutionsOutput, RedriveExecutionInput, RedriveExecutionOutput,
    StartExecutionInput, StartExecutionOutput, StartSyncExecutionInput, StartSyncExecutionOutput,
    StopExecutionInput, StopExecutionOutput, WrittenEvent,
};
use super::service::{Service, check_name, lock, now_ms};
use super::writer::Ticket;
use serde_json::Value;
use std::future::Future;
use std::sync::Arc;
use workflow_asl::{ErrorName, ExecutionType};
use workflow_aws_models::{MachineName, ResourceType, StatesArn, StatesResource};
use workflow_runtime::engine::{Engine, EngineError};
use workflow_runtime::execution::{ExecutionStatus, HistoryEvent};

/// The service's limit on an execution's input (256 KiB).
const MAX_INPUT_BYTES: usize = 256 * 1024;

impl Service {
    /// The engine an execution of `machine` runs on.
    pub(crate) fn engine_for(
        &self,
        machine: &Machine,
        test_case: Option<&str>,
    ) -> Result<Engine, ApiError> {
        let mut engine = Engine::new()
            .time(self.time_mode())
            .seed(self.next_number())
            .region(self.settings.region.clone())
            .account(self.settings.account.clone())
            .state_machine_name(machine.name.clone())
            .role_arn(machine.role_arn.clone())
            .history_limit(Some(25_000))
            .missing_handler_advice(
                "`workflow serve` answers a Task with a Step Functions Local mock configuration (`--mock-config FILE`, the test case named in the state machine ARN, `…:stateMachine:NAME#CASE`), a Lambda function at `--lambda-endpoint URL`, AWS services at `--aws-endpoint URL`, an activity's worker, a callback (`SendTaskSuccess`), or S3 in `--s3 DIR` for a Distributed Map",
            );
        for arn in self.store().activities.keys() {
            engine = engine.activity(arn.clone());
        }
        if let Some(store) = &self.settings.object_store {
            engine = engine.object_store(store.clone());
        }
        if let Some(url) = &self.settings.lambda_endpoint {
            engine = engine.lambda_endpoint(url).map_err(ApiError::internal)?;
        }
        if !self.settings.aws_endpoints.is_empty() {
            engine = engine.aws_endpoints(self.settings.aws_endpoints.clone());
        }
        engine = super::nested::own_step_functions(
            engine,
            &machine.definition.model,
            self.myself.get().cloned(),
        );
        match (test_case, &self.settings.mock_config) {
            (None, _) => Ok(engine),
            (Some(case), Some(config)) => engine
                .mocks(config, &machine.name, case)
                .map_err(|e| ApiError::validation(format!("the mock configuration: {e}"))),
            (Some(case), None) => Err(ApiError::validation(format!(
                "the state machine ARN names the test case `{case}` (`#{case}`), but `workflow serve` was started without `--mock-config`"
            ))),
        }
    }

    /// What `StartExecution` and `StartSyncExecution` both read: the machine (a version or an
    /// alias too), Step Functions Local's mocked test case (`…:stateMachine:NAME#TEST_CASE`),
    /// the execution's name (a fresh UUID without one) and its input; `StartSyncExecution`
    /// (`express_only`) refuses a STANDARD machine before it reads the rest.
    fn start_request<'r>(
        &self,
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
        let target = self.target(&machine_arn, &shown)?;
        self.refuse_deleting(&target.machine.arn)?;
        if express_only && target.machine.kind != ExecutionType::Express {
            return Err(type_not_supported());
        }
        let name = match r.name {
            Some(name) => {
                check_name(name)?;
                name.to_owned()
            }
            None => self.uuid(),
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

    /// `StartExecution` as a client calls it: answered once the execution is written (its
    /// record, and its first events when it wrote them already), in the writer's next batch.
    pub(crate) async fn start_execution_answer(
        self: Arc<Self>,
        r: StartExecutionInput,
        trace_header: Option<String>,
    ) -> Result<StartExecutionOutput, ApiError> {
        let service = Arc::clone(&self);
        let (out, written) =
            super::dispatch::blocking(move || service.begin_start(&r, trace_header.as_deref()))
                .await?;
        if let Some((record, ticket)) = written
            && let Err(e) = ticket.wait().await
        {
            self.undo_start(&record);
            return Err(e);
        }
        Ok(out)
    }

    /// A start that was not written is undone: nobody was told of it.
    fn undo_start(&self, record: &Arc<ExecutionRecord>) {
        {
            let mut store = self.store();
            if store
                .executions
                .get(&record.arn)
                .is_some_and(|kept| Arc::ptr_eq(kept, record))
            {
                store.executions.shift_remove(&record.arn);
            }
        }
        lock(&self.running).shift_remove(&record.arn);
        if let RunState::Running(live) = &*lock(&record.run) {
            live.execution.stop(None, Some("the start was not written"));
        }
        let arn = StatesArn::clone(&record.arn);
        let _queued = self.submit(Box::new(move |tx| {
            super::database::write::forget_execution(tx, &arn)
        }));
    }

    /// What `StartExecution` does before it answers: the checks, the run started and kept,
    /// and its record queued for the writer; with the ticket of its write when it is a new
    /// execution (a repeated start of a running one answers as the first did, once what the
    /// first queued is written).
    #[allow(clippy::type_complexity)]
    fn begin_start(
        self: &Arc<Self>,
        r: &StartExecutionInput,
        trace_header: Option<&str>,
    ) -> Result<(StartExecutionOutput, Option<(Arc<ExecutionRecord>, Ticket)>), ApiError> {
        let r = Started {
            state_machine_arn: &r.state_machine_arn,
            name: r.name.as_deref(),
            input: r.input.as_deref(),
            trace_header: r.trace_header.as_deref(),
        };
        let Start {
            target,
            test_case,
            name,
            input_text,
            input,
            trace_header,
        } = self.start_request(r, false, trace_header)?;
        let machine = Arc::clone(&target.machine);
        // On an EXPRESS machine, an asynchronous EXPRESS execution: five minutes at most, an
        // EXPRESS context, its `express` ARN (the one its context shows).
        let seed = self.next_number();
        let engine = self.engine_for(&machine, test_case.as_deref())?.seed(seed);
        let compiled = self.compiled(&machine, &engine).map_err(engine_refusal)?;
        let request = engine
            .compiled(&compiled)
            .name(name.clone())
            .execution_type(machine.kind)
            // Its children's events are stored with its own, so that a restart resumes them.
            .keep_child_events(self.keeps_data())
            .input(input);
        let arn = Arc::new(match machine.kind {
            ExecutionType::Express => request.execution_arn(),
            ExecutionType::Standard => self.arn(StatesResource::Execution {
                machine: MachineName::new(machine.name.clone()),
                name: name.clone(),
            }),
        });
        // From the check of the name to the execution kept, one start at a time: two clients
        // starting one name get one execution.
        let mut store = self.store();
        // `DeleteStateMachine` may have been called since the request was read.
        if store.deleting.contains(&machine.arn) {
            return Err(super::deletions::state_machine_deleting());
        }
        if let Some(existing) = store.executions.get(&arn) {
            // Idempotent for a STANDARD execution still running with the same input: "If
            // StartExecution is called with the same name and input as a running execution,
            // the call succeeds and return the same response as the original request. If the
            // execution is closed or if the input is different, it returns a 400
            // ExecutionAlreadyExists error" (the API reference, `StartExecution`).
            let same = match &*lock(&existing.run) {
                RunState::Running(live) => {
                    live.input == input_text && machine.kind == ExecutionType::Standard
                }
                // Running still, its input in the database.
                RunState::Interrupted => {
                    machine.kind == ExecutionType::Standard
                        && self.stored_input(existing)? == input_text
                }
                RunState::Done(_) => false,
            };
            if same {
                let existing = Arc::clone(existing);
                drop(store);
                let out = StartExecutionOutput {
                    execution_arn: StatesArn::clone(&arn),
                    start_date: Timestamp(existing.start_ms),
                };
                // Answered as the first start, once what it queued is written.
                let ticket = self.writer.flush(&existing);
                return match ticket.wait_blocking() {
                    Ok(()) => Ok((out, None)),
                    Err(e) => Err(e),
                };
            }
            return Err(ApiError::new(
                "ExecutionAlreadyExists",
                format!("Execution Already Exists: '{arn}'"),
            ));
        }
        if self.running_count() >= self.settings.max_running {
            // The API reference's `ExecutionLimitExceeded`.
            return Err(ApiError::new(
                "ExecutionLimitExceeded",
                format!(
                    "The maximum number of running executions has been reached ({}). Running executions must end or be stopped before a new execution can be started.",
                    self.settings.max_running
                ),
            ));
        }
        let start_ms = now_ms();
        // Its activity tasks wait for a worker once it is among the running executions.
        let (running, _held) = self.launch(&arn, request).map_err(engine_refusal)?;
        let record = Arc::new(ExecutionRecord::new(
            Arc::clone(&arn),
            // Taken under the store's lock: executions are numbered in the order they start.
            self.next_number(),
            Arc::clone(&machine),
            (target.version_arn, target.alias_arn),
            start_ms,
            RunState::Running(Box::new(Live {
                execution: running,
                input: input_text.to_owned(),
                saved: 0,
                children: UnsavedChildEvents::default(),
            })),
            (trace_header, test_case, seed),
        ));
        // Its row (and its first events, when its run wrote them already) in the writer's
        // next batch: the call answers once that is committed.
        let stored = record.to_stored();
        let (written, input) = (Arc::clone(&record), input_text.to_owned());
        let ticket = self.writer.submit_flushing(
            Box::new(move |tx| {
                super::database::write::execution(
                    tx,
                    &stored,
                    &written.arn,
                    &written.machine,
                    &input,
                )
            }),
            &record,
        );
        store
            .executions
            .insert(Arc::clone(&arn), Arc::clone(&record));
        self.track_running(&record);
        drop(store);
        let out = StartExecutionOutput {
            execution_arn: StatesArn::clone(&arn),
            start_date: Timestamp(start_ms),
        };
        Ok((out, Some((record, ticket))))
    }

    /// `StartSyncExecution`: the EXPRESS execution runs as a task of the server's runtime, and
    /// the call waits for it as a future (no thread held).
    pub(crate) async fn start_sync_execution(
        self: Arc<Self>,
        r: StartSyncExecutionInput,
        trace_header: Option<String>,
    ) -> Result<StartSyncExecutionOutput, ApiError> {
        let service = Arc::clone(&self);
        let (run, input_text, trace_header) = super::dispatch::blocking(move || {
            service.begin_sync_execution(&r, trace_header.as_deref())
        })
        .await?;
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
            input_details: included(),
            output_details: done.output.as_ref().and(included()),
            output: done.output,
            trace_header,
            billing_details: done.billing_details.map(|b| BillingDetails {
                billed_memory_used_in_m_b: i64::try_from(b.billed_memory_used_in_mb).ok(),
                billed_duration_in_milliseconds: i64::try_from(b.billed_duration_in_milliseconds)
                    .ok(),
            }),
        })
    }

    /// `StartSyncExecution`'s checks, and its run started: the run, the input as it was sent
    /// and the trace header.
    #[allow(clippy::type_complexity)]
    fn begin_sync_execution(
        &self,
        r: &StartSyncExecutionInput,
        trace_header: Option<&str>,
    ) -> Result<
        (
            tokio::task::JoinHandle<Result<workflow_runtime::engine::ExpressRun, EngineError>>,
            String,
            Option<String>,
        ),
        ApiError,
    > {
        let r = Started {
            state_machine_arn: &r.state_machine_arn,
            name: r.name.as_deref(),
            input: r.input.as_deref(),
            trace_header: r.trace_header.as_deref(),
        };
        let Start {
            target,
            test_case,
            name,
            input_text,
            input,
            trace_header,
        } = self.start_request(r, true, trace_header)?;
        let machine = target.machine;
        let engine = self.engine_for(&machine, test_case.as_deref())?;
        let model = machine.definition.model.clone();
        // A task of the server's runtime, as every execution; the call waits for it.
        let runtime = tokio::runtime::Handle::try_current()
            .map_err(|_| ApiError::internal("no runtime to run the execution on"))?;
        let run = runtime.spawn(async move {
            engine
                .machine(&model)
                .name(name)
                .input(input)
                .sync_express()
                .run()
                .await
        });
        Ok((run, input_text.to_owned(), trace_header))
    }

    pub(crate) fn describe_execution(
        &self,
        r: &DescribeExecutionInput,
    ) -> Result<DescribeExecutionOutput, ApiError> {
        self.describe_execution_as(r, false)
    }

    /// `DescribeExecution` as Step Functions reads an execution a Task started
    /// (`states:startExecution.sync`, `.sync:2`), to wait for its end: an EXPRESS one too,
    /// which the API describes to no client (the parent waits for its EXPRESS child: the
    /// Developer Guide's "Selective checkpointing" sample).
    pub(crate) fn describe_started_child(
        &self,
        r: &DescribeExecutionInput,
    ) -> Result<DescribeExecutionOutput, ApiError> {
        self.describe_execution_as(r, true)
    }

    /// `DescribeExecution`, of EXPRESS executions too when `express` (see
    /// [`Service::describe_started_child`]).
    fn describe_execution_as(
        &self,
        r: &DescribeExecutionInput,
        express: bool,
    ) -> Result<DescribeExecutionOutput, ApiError> {
        // An EXPRESS execution's ARN (`…:express:…`) names an execution DescribeExecution does
        // not answer for, kept or not (a StartSyncExecution's is not), unless a Map Run
        // dispatched it (see below).
        if !express && let Ok(express) = r.execution_arn.of(&[ResourceType::Express]) {
            return self
                .describe_child_execution(express)
                .ok_or_else(type_not_supported);
        }
        let record = match self.execution(&r.execution_arn) {
            Ok(record) => record,
            Err(e) => {
                // A Distributed Map's child execution is described too.
                return r
                    .execution_arn
                    .of(&[ResourceType::Execution])
                    .ok()
                    .and_then(|arn| self.describe_child_execution(arn))
                    .ok_or(e);
            }
        };
        // The API reference, DescribeExecution: "Executions of an EXPRESS state machine aren't
        // supported by DescribeExecution unless a Map Run dispatched them" (those are
        // described above, as children of their Map Run).
        if record.machine.kind == ExecutionType::Express && !express {
            return Err(type_not_supported());
        }
        let (input, closed) = match &*self.settled(&record) {
            RunState::Running(live) => (Some(live.input.clone()), None),
            RunState::Interrupted => (Some(self.stored_input(&record)?), None),
            RunState::Done(closed) => (None, Some(closed.clone())),
        };
        let finished = match closed {
            Some(_) => self.finished(&record)?,
            None => None,
        };
        let input = input
            .or_else(|| finished.as_ref().map(|f| f.input.clone()))
            .unwrap_or_default();
        let (redrives, redriven) = record.redrives();
        let (redrivable, reason) = redrivable(&record, closed.as_ref());
        let mut out = DescribeExecutionOutput {
            execution_arn: StatesArn::clone(&record.arn),
            state_machine_arn: record.machine.arn.clone(),
            name: Some(record.name().to_owned()),
            status: ExecutionStatus::Running,
            start_date: Timestamp(record.start_ms),
            stop_date: None,
            input: Some(input),
            input_details: included(),
            output: None,
            output_details: None,
            trace_header: record.trace_header().map(str::to_owned),
            map_run_arn: None,
            error: None,
            cause: None,
            state_machine_version_arn: record.version_arn().cloned(),
            state_machine_alias_arn: record.alias_arn().cloned(),
            redrive_count: Some(i64::try_from(redrives).unwrap_or(i64::MAX)),
            redrive_date: redriven.map(Timestamp),
            redrive_status: Some(if redrivable {
                ExecutionRedriveStatus::Redrivable
            } else {
                ExecutionRedriveStatus::NotRedrivable
            }),
            redrive_status_reason: reason,
        };
        if let Some(done) = &finished {
            out.status = done.status.clone();
            out.stop_date = Some(Timestamp(done.stop_ms));
            out.output_details = done.output.as_ref().and(included());
            out.output = done.output.clone();
            // A `TIMED_OUT` execution is described without an error or a cause, as AWS
            // describes it (see `Execution::summary_json`).
            if done.status != ExecutionStatus::TimedOut {
                out.error = done.error.clone();
                out.cause = done.cause.clone();
            }
        }
        Ok(out)
    }

    pub(crate) fn describe_machine_for_execution(
        &self,
        r: &DescribeStateMachineForExecutionInput,
    ) -> Result<DescribeStateMachineForExecutionOutput, ApiError> {
        let record = self.execution(&r.execution_arn)?;
        let m = &record.machine;
        Ok(DescribeStateMachineForExecutionOutput {
            state_machine_arn: m.arn.clone(),
            name: m.name.clone(),
            definition: m.definition.text.clone(),
            role_arn: m.role_arn.clone(),
            update_date: Timestamp(m.updated_ms),
            logging_configuration: m.logging.clone(),
            tracing_configuration: m.tracing.clone(),
            map_run_arn: None,
            label: None,
            revision_id: Some(m.revision_id.clone()),
            encryption_configuration: None,
            variable_references: None,
        })
    }

    pub(crate) fn list_executions(
        &self,
        r: &ListExecutionsInput,
    ) -> Result<ListExecutionsOutput, ApiError> {
        let on_arn = match (r.state_machine_arn.as_ref(), r.map_run_arn.as_ref()) {
            (Some(member), None) => {
                let arn = member.of(&[ResourceType::StateMachine])?;
                // The API reference, ListExecutions: "This API action is not supported by
                // EXPRESS state machines. However, you may list EXPRESS children started by a
                // map run using the mapRunArn parameter." (its errors include
                // StateMachineTypeNotSupported).
                if self.target(arn, member.text())?.machine.kind == ExecutionType::Express {
                    return Err(type_not_supported());
                }
                arn.clone()
            }
            (None, Some(map_run)) => {
                // A Map Run's children in the order they were dispatched.
                let rows: Vec<(usize, ExecutionListItem)> = self
                    .map_run_executions(map_run, r.status_filter.as_ref())?
                    .into_iter()
                    .enumerate()
                    .collect();
                let page = listed(
                    r,
                    rows,
                    "executions",
                    Order::Ascending,
                    |(index, _)| Place::number(i64::try_from(*index).unwrap_or(i64::MAX)),
                    |(_, row)| row.clone(),
                )?;
                return Ok(ListExecutionsOutput {
                    executions: page.rows,
                    next_token: page.next_token,
                });
            }
            _ => {
                return Err(ApiError::validation(
                    "Exactly one of stateMachineArn or mapRunArn must be given",
                ));
            }
        };
        let filter = match &r.status_filter {
            None => None,
            // The API reference, ListExecutions' `statusFilter` (since July 2025): "If you
            // provide a PENDING_REDRIVE statusFilter, you must specify mapRunArn. … If you
            // provide a stateMachineArn and a PENDING_REDRIVE statusFilter, the API returns a
            // validation exception."
            Some(ExecutionStatus::PendingRedrive) => {
                return Err(ApiError::validation(
                    "1 validation error detected: Value 'PENDING_REDRIVE' at 'statusFilter' failed to satisfy constraint: PENDING_REDRIVE is only supported with mapRunArn, not with stateMachineArn",
                ));
            }
            Some(s) => Some(known(s)?),
        };
        // The API reference, ListExecutions' `redriveFilter`: "Sets a filter to list executions
        // based on whether or not they have been redriven" (`REDRIVEN`, `NOT_REDRIVEN`; the
        // model's enum, checked before).
        let redriven_only = r
            .redrive_filter
            .map(|f| f == ExecutionRedriveFilter::Redriven);
        // Each execution's row is written for the page only; the ends of the runs that finished
        // are written first (one batch), so that they are listed ended.
        let executions = self.executions();
        self.ends_written(&executions);
        let mut rows = Vec::new();
        for record in executions {
            // A machine lists all its executions; a version or an alias, those started on it.
            let on = record.machine.arn == on_arn
                || record.version_arn() == Some(&on_arn)
                || record.alias_arn() == Some(&on_arn);
            if !on {
                continue;
            }
            let (status, stop) = match &*self.state(&record) {
                RunState::Running(_) | RunState::Interrupted => (ExecutionStatus::Running, None),
                RunState::Done(done) => (done.status.clone(), Some(done.stop_ms)),
            };
            if filter.as_ref().is_some_and(|f| *f != status) {
                continue;
            }
            let redriven = record.redrives().0 > 0;
            if redriven_only.is_some_and(|wanted| wanted != redriven) {
                continue;
            }
            rows.push((record, status, stop));
        }
        // The newest first (the API reference, ListExecutions: "Results are sorted by time,
        // with the most recent execution first"), by the order they started in.
        let page = listed(
            r,
            rows,
            "executions",
            Order::Descending,
            |(record, _, _)| Place::number(i64::try_from(record.seq).unwrap_or(i64::MAX)),
            |(record, status, stop)| {
                let (redrives, redriven) = record.redrives();
                // An `ExecutionListItem` as AWS writes it (recorded in LocalStack's snapshot tests
                // `test_list_executions_pagination` and `…_versions_pagination`): `redriveCount`
                // always, the version or alias it was started on.
                ExecutionListItem {
                    execution_arn: StatesArn::clone(&record.arn),
                    state_machine_arn: record.machine.arn.clone(),
                    name: record.name().to_owned(),
                    status: status.clone(),
                    start_date: Timestamp(record.start_ms),
                    stop_date: stop.map(Timestamp),
                    map_run_arn: None,
                    item_count: None,
                    state_machine_version_arn: record.version_arn().cloned(),
                    state_machine_alias_arn: record.alias_arn().cloned(),
                    redrive_count: Some(i64::try_from(redrives).unwrap_or(i64::MAX)),
                    redrive_date: redriven.map(Timestamp),
                }
            },
        )?;
        Ok(ListExecutionsOutput {
            executions: page.rows,
            next_token: page.next_token,
        })
    }

    /// `StopExecution`: the run stops (`ExecutionAborted`), and the call answers once its end
    /// is written.
    pub(crate) async fn stop_execution_answer(
        self: Arc<Self>,
        r: StopExecutionInput,
    ) -> Result<StopExecutionOutput, ApiError> {
        let record = self.execution(&r.execution_arn)?;
        let error = r.error.as_deref();
        let cause = r.cause.as_deref();
        let service = Arc::clone(&self);
        let (interrupted, stopping) = {
            let (record, error, cause) = (
                Arc::clone(&record),
                error.map(str::to_owned),
                cause.map(str::to_owned),
            );
            super::dispatch::blocking(move || {
                if let Some(stop_ms) =
                    service.stop_interrupted(&record, error.as_deref(), cause.as_deref())?
                {
                    return Ok((Some(stop_ms), None));
                }
                let run = lock(&record.run);
                Ok(match &*run {
                    RunState::Running(live) => {
                        live.execution.stop(
                            error.as_deref().map(ErrorName::from).as_ref(),
                            cause.as_deref(),
                        );
                        (None, Some(live.execution.ended()))
                    }
                    RunState::Done(done) => (Some(done.stop_ms), None),
                    RunState::Interrupted => (Some(now_ms()), None),
                })
            })
            .await?
        };
        if let Some(stop_ms) = interrupted {
            return Ok(StopExecutionOutput {
                stop_date: Timestamp(stop_ms),
            });
        }
        if let Some(ended) = stopping {
            ended.await;
        }
        // Its end (`ExecutionAborted`, or the end it reached first) written.
        self.writer.flush(&record).wait().await?;
        let stop_ms = match &*lock(&record.run) {
            RunState::Done(done) => done.stop_ms,
            RunState::Running(_) | RunState::Interrupted => now_ms(),
        };
        Ok(StopExecutionOutput {
            stop_date: Timestamp(stop_ms),
        })
    }

    /// `GetExecutionHistory` as a client calls it: what it shows of a running execution is
    /// written first (the writer's next batch takes the events its run wrote by now).
    pub(crate) async fn get_execution_history_answer(
        self: Arc<Self>,
        r: GetExecutionHistoryInput,
    ) -> Result<GetExecutionHistoryOutput, ApiError> {
        if self.keeps_data()
            && let Ok(record) = self.execution(&r.execution_arn)
            && matches!(&*lock(&record.run), RunState::Running(_))
        {
            self.writer.flush(&record).wait().await?;
        }
        super::dispatch::blocking(move || self.get_execution_history(&r)).await
    }

    /// `GetExecutionHistory` of what is written: a running execution's events the database
    /// holds (see [`Service::get_execution_history_answer`]).
    pub(crate) fn get_execution_history(
        &self,
        r: &GetExecutionHistoryInput,
    ) -> Result<GetExecutionHistoryOutput, ApiError> {
        let reverse = r.reverse_order.unwrap_or(false);
        let with_data = r.include_execution_data.unwrap_or(true);
        let events: Vec<HistoryEvent> = match self.execution(&r.execution_arn) {
            Ok(record) => {
                let shown = match &*self.settled(&record) {
                    RunState::Running(live) => {
                        let mut events = live.execution.history_so_far();
                        if self.keeps_data() {
                            events.truncate(live.saved);
                        }
                        Some(events)
                    }
                    RunState::Interrupted => Some(self.stored_events(&record)?),
                    RunState::Done(_) => None,
                };
                match shown {
                    Some(events) => events,
                    None => self
                        .finished(&record)?
                        .map(|done| done.events.clone())
                        .unwrap_or_default(),
                }
            }
            // A Distributed Map's STANDARD child execution has a history of its own; an
            // EXPRESS child has none to read, as on AWS ("This API action is not supported by
            // EXPRESS state machines").
            Err(e) => {
                let arn = r.execution_arn.text();
                let history = r
                    .execution_arn
                    .of(&[ResourceType::Execution, ResourceType::Express])
                    .ok()
                    .and_then(|typed| self.child_history(typed));
                match history {
                    Some(history) if !history.is_empty() => history,
                    Some(_) => {
                        return Err(ApiError::new(
                            "InvalidArn",
                            format!(
                                "Invalid Arn: 'This API action is not supported by EXPRESS state machines: {arn}'"
                            ),
                        ));
                    }
                    None => return Err(e),
                }
            }
        };
        // By event id, the oldest first unless `reverseOrder`.
        let page = listed(
            r,
            events,
            "events",
            if reverse {
                Order::Descending
            } else {
                Order::Ascending
            },
            |e| Place::number(i64::try_from(e.id).unwrap_or(i64::MAX)),
            |e| WrittenEvent {
                event: e.clone(),
                with_data,
            },
        )?;
        Ok(GetExecutionHistoryOutput {
            events: page.rows,
            next_token: page.next_token,
        })
    }
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
    target: super::versions::Target,
    test_case: Option<String>,
    name: String,
    input_text: &'r str,
    input: Value,
    /// The X-Ray trace header: `X-Amzn-Trace-Id`'s, else the body's `traceHeader`.
    trace_header: Option<String>,
}

/// Whether `RedriveExecution` can run the execution again, and why not (`closed`: how it
/// ended; `None` while it runs).
fn redrivable(record: &ExecutionRecord, closed: Option<&Closed>) -> (bool, Option<String>) {
    if record.machine.kind == ExecutionType::Express {
        return (false, Some("Express executions cannot be redriven".into()));
    }
    match closed {
        None => (
            false,
            Some("Execution is RUNNING and cannot be redriven".into()),
        ),
        Some(done) => match done.status {
            ExecutionStatus::Failed | ExecutionStatus::TimedOut | ExecutionStatus::Aborted => {
                (true, None)
            }
            _ => (
                false,
                Some(format!(
                    "Execution is {} and cannot be redriven",
                    done.status.as_str()
                )),
            ),
        },
    }
}

impl Service {
    /// `RedriveExecution`: the redriven run starts, and the call answers once its record and
    /// its history's `ExecutionRedriven` (with whatever the run wrote after it by then) are
    /// written, in one transaction: a restart finds it redriven, or not at all.
    pub(crate) async fn redrive_execution_answer(
        self: Arc<Self>,
        r: RedriveExecutionInput,
    ) -> Result<RedriveExecutionOutput, ApiError> {
        let service = Arc::clone(&self);
        let (record, before, redriven, at, written) =
            super::dispatch::blocking(move || service.begin_redrive(&r)).await?;
        // Its `ExecutionRedriven` first (written as its run begins).
        written.await;
        let stored = record.to_stored();
        let input = match &*lock(&record.run) {
            RunState::Running(live) => live.input.clone(),
            _ => String::new(),
        };
        let row = Arc::clone(&record);
        let ticket = self.writer.submit_flushing(
            Box::new(move |tx| {
                super::database::write::execution(tx, &stored, &row.arn, &row.machine, &input)
            }),
            &record,
        );
        if let Err(e) = ticket.wait().await {
            // Not written: not redriven.
            if let RunState::Running(live) = &*lock(&record.run) {
                live.execution
                    .stop(None, Some("the redrive was not written"));
            }
            *lock(&record.run) = RunState::Done(before);
            record.set_redrives(redriven);
            return Err(e);
        }
        self.track_running(&record);
        Ok(RedriveExecutionOutput {
            redrive_date: Timestamp(at),
        })
    }

    /// What `RedriveExecution` does before it waits: the checks, the redriven run started
    /// (running in the record, not yet among the running executions the writer visits), the
    /// redrive counted. Returns the record, how it had ended and its redrives before (to undo
    /// a redrive that was not written), when it was redriven, and the future of its
    /// `ExecutionRedriven` written to its history.
    #[allow(clippy::type_complexity)]
    fn begin_redrive(
        &self,
        r: &RedriveExecutionInput,
    ) -> Result<
        (
            Arc<ExecutionRecord>,
            Closed,
            (u32, i64),
            i64,
            impl Future<Output = ()> + Send + 'static + use<>,
        ),
        ApiError,
    > {
        let record = self.execution(&r.execution_arn)?;
        let closed = match &*self.settled(&record) {
            RunState::Running(_) | RunState::Interrupted => None,
            RunState::Done(closed) => Some(closed.clone()),
        };
        if let (false, Some(reason)) = redrivable(&record, closed.as_ref()) {
            return Err(ApiError::new("ExecutionNotRedrivable", reason));
        }
        let Some(done) = self.finished(&record)? else {
            return Err(ApiError::new(
                "ExecutionNotRedrivable",
                "Execution is RUNNING and cannot be redriven",
            ));
        };
        let failed = done.failed_run();
        let engine = self.engine_for(&record.machine, record.test_case())?;
        let mut run = lock(&record.run);
        let RunState::Done(before) = &*run else {
            // Another call redrove it meanwhile.
            return Err(ApiError::new(
                "ExecutionNotRedrivable",
                "Execution is RUNNING and cannot be redriven",
            ));
        };
        let before = before.clone();
        let request = engine
            .machine(&record.machine.definition.model)
            .name(record.name().to_owned())
            .keep_child_events(self.keeps_data())
            .redrive(&failed);
        let (running, _held) = self
            .launch(&record.arn, request)
            .map_err(|e| ApiError::new("ExecutionNotRedrivable", e.to_string()))?;
        let now = now_ms();
        let redriven = record.redriven(now);
        // The redriven run's history goes on from the failed one's events, which are kept.
        let written = running.history_reaches(done.events.len() + 1);
        *run = RunState::Running(Box::new(Live {
            execution: running,
            input: done.input.clone(),
            saved: done.events.len(),
            children: UnsavedChildEvents::default(),
        }));
        drop(run);
        self.reopen(&record.arn);
        Ok((record, before, redriven, now, written))
    }
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

/// A `statusFilter` the service knows (the model's enum, checked before any operation, leaves
/// no other; one would be AWS's `ValidationException`).
fn known(status: &ExecutionStatus) -> Result<ExecutionStatus, ApiError> {
    match status {
        ExecutionStatus::Unknown(text) => Err(ApiError::validation(format!(
            "1 validation error detected: Value '{text}' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]"
        ))),
        status => Ok(status.clone()),
    }
}

/// `inputDetails` and `outputDetails` of data included in the answer.
pub(crate) fn included() -> Option<CloudWatchEventsExecutionDataDetails> {
    Some(CloudWatchEventsExecutionDataDetails {
        included: Some(true),
    })
}

/// Why the engine would not start an execution, as the service refuses it.
fn engine_refusal(e: EngineError) -> ApiError {
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

/// `StateMachineTypeNotSupported`, the error of an operation a machine's type does not have
/// (botocore's `stepfunctions` model: "State machine type is not supported.").
fn type_not_supported() -> ApiError {
    ApiError::new(
        "StateMachineTypeNotSupported",
        "This operation is not supported by this type of state machine",
    )
}

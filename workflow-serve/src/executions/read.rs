//! What clients are shown of executions: `DescribeExecution`,
//! `DescribeStateMachineForExecution`, `ListExecutions`, `GetExecutionHistory`. Each shows
//! what is written (`records::Written`): an execution once its start is, the events written
//! of a running one's history, its end once that is; a run that ended is read ended once its
//! end is written (`settled`, a future: no thread waits).

use crate::pages::{Order, Place, listed};
use crate::protocol::{ApiError, Timestamp};
use crate::records::{Closed, ExecutionRecord, RunState};
use crate::requests::{
    DescribeExecutionInput, DescribeExecutionOutput, DescribeStateMachineForExecutionInput,
    DescribeStateMachineForExecutionOutput, ExecutionListItem, ExecutionRedriveFilter,
    ExecutionRedriveStatus, GetExecutionHistoryInput, GetExecutionHistoryOutput,
    ListExecutionsInput, ListExecutionsOutput, WrittenEvent,
};
use crate::service::{Caller, Service, lock};
use crate::visible::{finished, included, recorded_execution, settled, type_not_supported};
use std::sync::Arc;
use workflow_asl::ExecutionType;
use workflow_aws_models::{ResourceType, StatesArn};
use workflow_runtime::execution::{ExecutionStatus, HistoryEvent};

/// Whether `RedriveExecution` can run the execution again, and why not (`closed`: how it
/// ended; `None` while it runs).
pub(crate) fn redrivable(
    record: &ExecutionRecord,
    closed: Option<&Closed>,
) -> (bool, Option<String>) {
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

pub(crate) async fn describe_execution(
    service: Arc<Service>,
    r: DescribeExecutionInput,
    caller: Caller,
) -> Result<DescribeExecutionOutput, ApiError> {
    // Step Functions waiting for a child a `.sync` Task started reads an EXPRESS one too,
    // which the API describes to no client (the Developer Guide's "Selective checkpointing"
    // sample: a STANDARD workflow waits for its EXPRESS child with `.sync:2`; see `nested`).
    let watching = caller.watching_child;
    // The API reference: "Executions of an EXPRESS state machine aren't supported by
    // DescribeExecution unless a Map Run dispatched them": a Map Run's EXPRESS child is
    // described here, any other EXPRESS execution is not found (`recorded_execution`).
    if !watching
        && let Ok(express) = r.execution_arn.of(&[ResourceType::Express])
        && let Some(child) = crate::map_runs::describe_child_execution(&service, express).await
    {
        return Ok(child);
    }
    let record = match recorded_execution(&service, &r.execution_arn, watching).await {
        Ok(record) => record,
        Err(e) => {
            // A Distributed Map's child execution is described too.
            let Ok(arn) = r.execution_arn.of(&[ResourceType::Execution]) else {
                return Err(e);
            };
            return crate::map_runs::describe_child_execution(&service, arn)
                .await
                .ok_or(e);
        }
    };
    let closed = settled(&record).await.end;
    let finished = match &closed {
        Some(_) => Some(finished(&service, &record).await?),
        None => None,
    };
    let input = match &finished {
        Some(done) => done.input.clone(),
        None => input_of(&service, &record).await?,
    };
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
        // A `TIMED_OUT` execution is described without an error or a cause, as AWS describes
        // it (see `Execution::summary_json`).
        if done.status != ExecutionStatus::TimedOut {
            out.error = done.error.clone();
            out.cause = done.cause.clone();
        }
    }
    Ok(out)
}

/// The input of the running (or interrupted) execution `record`, as it was sent.
async fn input_of(service: &Service, record: &ExecutionRecord) -> Result<String, ApiError> {
    let kept = match &*lock(&record.run) {
        RunState::Running(live) => Some(live.input.clone()),
        RunState::Ending(finished) => Some(finished.input.clone()),
        RunState::Interrupted | RunState::Done(_) => None,
    };
    match kept {
        Some(input) => Ok(input),
        None => service.record.stored_input(&record.arn).await,
    }
}

pub(crate) async fn describe_machine_for_execution(
    service: Arc<Service>,
    r: DescribeStateMachineForExecutionInput,
) -> Result<DescribeStateMachineForExecutionOutput, ApiError> {
    let record = recorded_execution(&service, &r.execution_arn, false).await?;
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

pub(crate) async fn list_executions(
    service: Arc<Service>,
    r: ListExecutionsInput,
) -> Result<ListExecutionsOutput, ApiError> {
    let on_arn = match (r.state_machine_arn.as_ref(), r.map_run_arn.as_ref()) {
        (Some(member), None) => {
            let arn = member.of(&[ResourceType::StateMachine])?;
            // The API reference, ListExecutions: "This API action is not supported by EXPRESS
            // state machines. However, you may list EXPRESS children started by a map run
            // using the mapRunArn parameter." (its errors include
            // StateMachineTypeNotSupported).
            if crate::versions::target(&service, arn, member.text())?
                .machine
                .kind
                == ExecutionType::Express
            {
                return Err(type_not_supported());
            }
            arn.clone()
        }
        (None, Some(map_run)) => {
            // A Map Run's children in the order they were dispatched.
            let rows: Vec<(usize, ExecutionListItem)> =
                crate::map_runs::map_run_executions(&service, map_run, r.status_filter.as_ref())
                    .await?
                    .into_iter()
                    .enumerate()
                    .collect();
            let page = listed(
                &r,
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
        // The API reference, ListExecutions' `statusFilter` (since July 2025): "If you provide
        // a PENDING_REDRIVE statusFilter, you must specify mapRunArn. … If you provide a
        // stateMachineArn and a PENDING_REDRIVE statusFilter, the API returns a validation
        // exception."
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
    let mut rows = Vec::new();
    for record in service.roster.newest_first() {
        // A machine lists all its executions; a version or an alias, those started on it.
        let on = record.machine.arn == on_arn
            || record.version_arn() == Some(&on_arn)
            || record.alias_arn() == Some(&on_arn);
        if !on {
            continue;
        }
        // What is written: one not written yet is not listed; one whose run ended is listed
        // ended once its end is written.
        let written = if running_here(&record) {
            settled(&record).await
        } else {
            record.written.borrow().clone()
        };
        if !written.started {
            continue;
        }
        let (status, stop) = match &written.end {
            None => (ExecutionStatus::Running, None),
            Some(done) => (done.status.clone(), Some(done.stop_ms)),
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
    // The newest first (the API reference, ListExecutions: "Results are sorted by time, with
    // the most recent execution first"), by the order they started in.
    let page = listed(
        &r,
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

/// Whether the run of `record` is in this process (running, or ending).
fn running_here(record: &ExecutionRecord) -> bool {
    matches!(
        &*lock(&record.run),
        RunState::Running(_) | RunState::Ending(_)
    )
}

/// `GetExecutionHistory`: what it shows of a running execution is written first (the writer's
/// next batch takes the events its run wrote by now), and only what is written is shown.
pub(crate) async fn get_execution_history(
    service: Arc<Service>,
    r: GetExecutionHistoryInput,
) -> Result<GetExecutionHistoryOutput, ApiError> {
    let reverse = r.reverse_order.unwrap_or(false);
    let with_data = r.include_execution_data.unwrap_or(true);
    let events: Vec<HistoryEvent> = match recorded_execution(&service, &r.execution_arn, false)
        .await
    {
        Ok(record) => {
            if running_here(&record) {
                service.record.writer.flush(&record.arn).written().await?;
            }
            let written = settled(&record).await;
            let shown = match (&written.end, &*lock(&record.run)) {
                (Some(_), _) => None,
                (None, RunState::Running(live)) => {
                    let mut events = live.execution.history_so_far();
                    if service.record.keeps() {
                        events.truncate(written.events);
                    }
                    Some(Ok(events))
                }
                (None, RunState::Ending(finished)) => {
                    let mut events = finished.events.clone();
                    events.truncate(if service.record.keeps() {
                        written.events
                    } else {
                        // Without a database its end is written as it is filed away.
                        events.len().saturating_sub(1)
                    });
                    Some(Ok(events))
                }
                (None, RunState::Interrupted | RunState::Done(_)) => Some(Err(())),
            };
            match shown {
                Some(Ok(events)) => events,
                Some(Err(())) => service.record.stored_events(&record.arn).await?,
                None => finished(&service, &record).await?.events.clone(),
            }
        }
        // A Distributed Map's STANDARD child execution has a history of its own; an EXPRESS
        // child has none to read, as on AWS ("This API action is not supported by EXPRESS
        // state machines").
        Err(e) => {
            let arn = r.execution_arn.text();
            let history = match r
                .execution_arn
                .of(&[ResourceType::Execution, ResourceType::Express])
            {
                Ok(typed) => crate::map_runs::child_history(&service, typed).await,
                Err(_) => None,
            };
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
        &r,
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

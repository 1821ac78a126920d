//! Callbacks and activities: `SendTaskSuccess`, `SendTaskFailure`, `SendTaskHeartbeat`,
//! `CreateActivity`, `DescribeActivity`, `ListActivities`, `DeleteActivity` and
//! `GetActivityTask` (a long poll: it waits up to 60 seconds for a task, as the service does).

use super::catalog::Planned;
use super::database::write;
use super::pages::{Order, Place, listed};
use super::protocol::{ApiError, Timestamp, callback_error};
use super::records::{Activity, ExecutionRecord, RunState};
use super::requests::{
    ActivityListItem, ArnMember, CreateActivityInput, CreateActivityOutput, DeleteActivityInput,
    DeleteActivityOutput, DescribeActivityInput, DescribeActivityOutput, GetActivityTaskInput,
    GetActivityTaskOutput, ListActivitiesInput, ListActivitiesOutput, SendTaskFailureInput,
    SendTaskFailureOutput, SendTaskHeartbeatInput, SendTaskHeartbeatOutput, SendTaskSuccessInput,
    SendTaskSuccessOutput,
};
use super::service::{Service, check_name, lock};
use indexmap::IndexMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Instant;
use workflow_asl::ErrorName;
use workflow_aws_models::ResourceType;
use workflow_aws_models::{StatesArn, StatesResource, TaskToken};
use workflow_runtime::engine::{AnswerOutcome, CallbackError, RunningExecution};

/// An answer to a task, as `SendTask*` gives it.
#[derive(Clone)]
pub(crate) enum TaskAnswer {
    /// `SendTaskSuccess`, its output (JSON text).
    Success(String),
    /// `SendTaskFailure`, its error and cause.
    Failure(Option<String>, Option<String>),
    /// `SendTaskHeartbeat`.
    Heartbeat,
}

impl TaskAnswer {
    /// Hands the answer to the running execution that waits for `token`.
    fn send(&self, running: &RunningExecution, token: &TaskToken) -> Result<(), CallbackError> {
        match self {
            TaskAnswer::Success(output) => running.send_task_success(token, output),
            TaskAnswer::Failure(error, cause) => running.send_task_failure(
                token,
                error.as_deref().map(ErrorName::from),
                cause.as_deref(),
            ),
            TaskAnswer::Heartbeat => running.send_task_heartbeat(token),
        }
    }
}

/// Where an answer went, handed over.
enum Handed {
    /// To the running execution `record`: its event (the task's end) comes with `recorded`,
    /// or never (the execution ended first).
    Answer(
        Arc<ExecutionRecord>,
        std::pin::Pin<Box<dyn Future<Output = AnswerOutcome> + Send>>,
    ),
    /// A heartbeat of the running execution `record`'s task.
    Heartbeat(Arc<ExecutionRecord>),
}

/// Hands `token`'s answer to the execution that issued it, and returns once its effect is
/// written (the task's end in the history, a heartbeat's time): `InvalidToken` for a token no
/// execution could have issued, `TaskTimedOut` for a task that ended (or whose execution did,
/// before a restart too, or that ended before it took the answer), `TaskDoesNotExist` for a
/// token no execution issued.
pub(crate) async fn answer_task(
    service: &Service,
    token: &str,
    answer: TaskAnswer,
) -> Result<(), ApiError> {
    // Its length (1 to 2048) is the API model's, checked before any operation
    // (`constraints`); read once here: the engine's calls take the token typed.
    let typed = TaskToken::parse(token).map_err(|e| ApiError::validation(e.to_string()))?;
    let (handed, closed) = hand_over(service, &typed, &answer)?;
    let handed = match (handed, closed) {
        (Some(handed), _) => Some(handed),
        (None, true) => None,
        (None, false) => {
            // A token a running execution issued (before a restart too) and does not wait for
            // yet: once its task waits, or its run settled, it is taken (or its task ended,
            // and the token is closed).
            match issuer_running(service, &typed).await {
                Some(waits) => {
                    waits.await;
                    hand_over(service, &typed, &answer)?.0
                }
                None => None,
            }
        }
    };
    match handed {
        Some(Handed::Answer(record, recorded)) => match recorded.await {
            AnswerOutcome::Recorded => service.record.writer.flush(&record.arn).written().await,
            // The execution ended (a stop, a timeout) before its task took the answer: the
            // task is closed, and the answer is refused as AWS refuses one that comes after
            // (it is in no history, so it is not acknowledged).
            AnswerOutcome::Discarded => Err(callback_error(&CallbackError::TaskTimedOut)),
        },
        Some(Handed::Heartbeat(record)) => {
            let (token, arn, at) = (
                token.to_owned(),
                StatesArn::clone(&record.arn),
                service.now_ms(),
            );
            service
                .record
                .writer
                .submit(Box::new(move |tx| write::heartbeat(tx, &token, &arn, at)))
                .written()
                .await
        }
        None => {
            let issued = closed
                || service
                    .record
                    .archive
                    .token_issuer(token)
                    .await
                    .unwrap_or(None)
                    .is_some();
            let error = if issued {
                CallbackError::TaskTimedOut
            } else if !workflow_local_engine::well_formed_task_token(&typed) {
                CallbackError::InvalidToken
            } else {
                CallbackError::TaskDoesNotExist(typed)
            };
            Err(callback_error(&error))
        }
    }
}

/// The running execution that issued `token`, as its run told the service.
fn execution_of_token(service: &Service, token: &str) -> Option<Arc<ExecutionRecord>> {
    let arn = service.pushed.execution_of(token)?;
    service.roster.running_one(&arn)
}

/// Hands `answer` to the running execution that waits for `token`, when one does; else
/// whether the token is closed (its task ended).
fn hand_over(
    service: &Service,
    token: &TaskToken,
    answer: &TaskAnswer,
) -> Result<(Option<Handed>, bool), ApiError> {
    // The token names the running execution that issued it (each run tells the service of
    // its tokens as it issues them, `pushed`): no other execution is visited.
    let Some(record) = execution_of_token(service, token.as_str()) else {
        return Ok((None, false));
    };
    let run = lock(&record.run);
    let RunState::Running(live) = &*run else {
        return Ok((None, false));
    };
    match answer.send(&live.execution, token) {
        Ok(()) => Ok((
            Some(match answer {
                TaskAnswer::Heartbeat => Handed::Heartbeat(Arc::clone(&record)),
                _ => Handed::Answer(
                    Arc::clone(&record),
                    Box::pin(live.execution.answer_recorded(token)),
                ),
            }),
            false,
        )),
        Err(CallbackError::TaskDoesNotExist(_)) => Ok((None, false)),
        Err(CallbackError::TaskTimedOut) => Ok((None, true)),
        Err(e) => Err(callback_error(&e)),
    }
}

/// When the running execution that issued `token` (as its run told, or as the database says)
/// runs here but does not wait for it now: a future that ends once its task waits for it, or
/// ended, or its run settled (a resumed run that has not reached the task again yet). A task's
/// token is issued, and shown in its history, a moment before its run waits for it (its
/// request made, `TaskSubmitted` written; `workflow_local_engine::Change::TokenIssued` tells the
/// service first): an answer then waits that moment, as AWS takes a token once it was issued.
async fn issuer_running(
    service: &Service,
    token: &TaskToken,
) -> Option<impl Future<Output = ()> + Send + 'static + use<>> {
    let record = match execution_of_token(service, token.as_str()) {
        Some(record) => record,
        None => {
            let issuer = service
                .record
                .archive
                .token_issuer(token.as_str())
                .await
                .ok()
                .flatten()
                .filter(|arn| !arn.is_empty())?;
            let arn = StatesArn::parse(&issuer).ok()?;
            service.roster.running_one(&arn)?
        }
    };
    let run = lock(&record.run);
    match &*run {
        RunState::Running(live) => Some(live.execution.task_waits(token)),
        _ => None,
    }
}

pub(crate) async fn send_task_success(
    service: Arc<Service>,
    r: SendTaskSuccessInput,
) -> Result<SendTaskSuccessOutput, ApiError> {
    answer_task(&service, &r.task_token, TaskAnswer::Success(r.output)).await?;
    Ok(SendTaskSuccessOutput {})
}

pub(crate) async fn send_task_failure(
    service: Arc<Service>,
    r: SendTaskFailureInput,
) -> Result<SendTaskFailureOutput, ApiError> {
    // Both optional, as in AWS's API; one left out is not given (not an empty one). Their
    // lengths are the API model's, checked before any operation (`constraints`).
    answer_task(
        &service,
        &r.task_token,
        TaskAnswer::Failure(r.error, r.cause),
    )
    .await?;
    Ok(SendTaskFailureOutput {})
}

pub(crate) async fn send_task_heartbeat(
    service: Arc<Service>,
    r: SendTaskHeartbeatInput,
) -> Result<SendTaskHeartbeatOutput, ApiError> {
    answer_task(&service, &r.task_token, TaskAnswer::Heartbeat).await?;
    Ok(SendTaskHeartbeatOutput {})
}

pub(crate) async fn create_activity(
    service: Arc<Service>,
    r: CreateActivityInput,
) -> Result<CreateActivityOutput, ApiError> {
    let name = r.name;
    check_name(&name)?;
    let tags: IndexMap<String, String> = super::tags::tag_list(r.tags.as_deref())?
        .into_iter()
        .collect();
    let arn = StatesArn::new(
        &service.settings.region,
        &service.settings.account,
        StatesResource::Activity { name: name.clone() },
    );
    let created_ms = service.now_ms();
    service
        .change_catalog(move |catalog| {
            // Idempotent: creating an activity that exists answers it, its tags unchanged (the
            // API reference: "If a following request has a different tags value, Step Functions
            // will ignore these differences and treat it as an idempotent request of the
            // previous").
            if let Some(existing) = catalog.activities.get(&arn) {
                return Ok(Planned::answer(CreateActivityOutput {
                    activity_arn: arn,
                    creation_date: Timestamp(existing.created_ms),
                }));
            }
            let activity = Activity {
                arn: arn.clone(),
                name,
                created_ms,
            };
            let (written, kept) = (activity.clone(), activity.clone());
            let tagged = tags.clone();
            let answer = CreateActivityOutput {
                activity_arn: arn,
                creation_date: Timestamp(activity.created_ms),
            };
            Ok(Planned::change(
                Box::new(move |tx| {
                    write::activity(tx, &written)?;
                    if !tagged.is_empty() {
                        write::tags(tx, &written.arn, &tagged)?;
                    }
                    Ok(())
                }),
                move |catalog| {
                    if !tags.is_empty() {
                        catalog.tags.insert(kept.arn.clone(), tags);
                    }
                    catalog.activities.insert(kept.arn.clone(), kept);
                },
                answer,
            ))
        })
        .await
}

/// The activity `activityArn` names.
fn activity(service: &Service, arn: &ArnMember) -> Result<Activity, ApiError> {
    let typed = arn.of(&[ResourceType::Activity])?;
    service
        .catalog
        .read(|c| c.activities.get(typed).cloned())
        .ok_or_else(|| {
            ApiError::new(
                "ActivityDoesNotExist",
                format!("Activity Does Not Exist: '{}'", arn.text()),
            )
        })
}

pub(crate) async fn describe_activity(
    service: Arc<Service>,
    r: DescribeActivityInput,
) -> Result<DescribeActivityOutput, ApiError> {
    let a = activity(&service, &r.activity_arn)?;
    Ok(DescribeActivityOutput {
        activity_arn: a.arn,
        name: a.name,
        creation_date: Timestamp(a.created_ms),
        encryption_configuration: None,
    })
}

pub(crate) async fn list_activities(
    service: Arc<Service>,
    r: ListActivitiesInput,
) -> Result<ListActivitiesOutput, ApiError> {
    let all: Vec<Activity> = service
        .catalog
        .read(|c| c.activities.values().cloned().collect());
    // By name, as state machines (see `list_state_machines`).
    let page = listed(
        &r,
        all,
        "activities",
        Order::Ascending,
        |a| Place::text(a.name.clone()),
        |a| ActivityListItem {
            activity_arn: a.arn.clone(),
            name: a.name.clone(),
            creation_date: Timestamp(a.created_ms),
        },
    )?;
    Ok(ListActivitiesOutput {
        activities: page.rows,
        next_token: page.next_token,
    })
}

pub(crate) async fn delete_activity(
    service: Arc<Service>,
    r: DeleteActivityInput,
) -> Result<DeleteActivityOutput, ApiError> {
    let arn = r.activity_arn.of(&[ResourceType::Activity])?.clone();
    service
        .change_catalog(move |_| {
            let deleted = arn.clone();
            Ok(Planned::change(
                Box::new(move |tx| write::delete_activity(tx, &deleted)),
                move |catalog| {
                    catalog.activities.shift_remove(&arn);
                    catalog.tags.shift_remove(&arn);
                },
                DeleteActivityOutput {},
            ))
        })
        .await
}

/// A task of the activity for a worker, waiting up to the poll time for one (a future: a
/// waiting poll holds no thread); `{}` (no `taskToken`) when none came, as the service answers
/// a poll that timed out. A task handed over is answered once its `ActivityStarted` is written.
pub(crate) async fn get_activity_task(
    service: Arc<Service>,
    r: GetActivityTaskInput,
) -> Result<GetActivityTaskOutput, ApiError> {
    let activity = activity(&service, &r.activity_arn)?;
    let worker = r.worker_name.as_deref();
    let deadline = Instant::now() + service.settings.activity_poll;
    // The activity's line: each task scheduled on it is handed to the poll that waited
    // longest (with the execution that waits for it); a server stopping answers at once, as a
    // poll that timed out.
    while let Some(arn) = service.pushed.next_task_of(&activity.arn, deadline).await {
        // A task that timed out, or whose execution ended, before a worker came is gone.
        let Some(record) = service.roster.running_one(&arn) else {
            continue;
        };
        let taking = match &*lock(&record.run) {
            RunState::Running(live) => {
                Some(live.execution.get_activity_task(&activity.arn, worker))
            }
            _ => None,
        };
        let Some(taking) = taking else { continue };
        let Some(task) = taking.await else { continue };
        let recorded = match &*lock(&record.run) {
            RunState::Running(live) => Some(live.execution.answer_recorded(&task.task_token)),
            _ => None,
        };
        // A task whose execution ended before its worker's start was written is gone.
        let Some(recorded) = recorded else { continue };
        if recorded.await == AnswerOutcome::Discarded {
            continue;
        }
        service.record.writer.flush(&record.arn).written().await?;
        return Ok(GetActivityTaskOutput {
            task_token: Some(task.task_token),
            input: Some(task.input.to_string()),
        });
    }
    Ok(GetActivityTaskOutput {
        task_token: None,
        input: None,
    })
}

//! Callbacks and activities: `SendTaskSuccess`, `SendTaskFailure`, `SendTaskHeartbeat`,
//! `CreateActivity`, `DescribeActivity`, `ListActivities`, `DeleteActivity` and
//! `GetActivityTask` (a long poll: it waits up to 60 seconds for a task, as the service does).

use super::database::write;
use super::pages::{Order, Place, listed};
use super::protocol::{ApiError, Timestamp};
use super::records::{Activity, ExecutionRecord, RunState};
use super::requests::{
    ActivityListItem, ArnMember, CreateActivityInput, CreateActivityOutput, DeleteActivityInput,
    DeleteActivityOutput, DescribeActivityInput, DescribeActivityOutput, GetActivityTaskInput,
    GetActivityTaskOutput, ListActivitiesInput, ListActivitiesOutput, SendTaskFailureInput,
    SendTaskFailureOutput, SendTaskHeartbeatInput, SendTaskHeartbeatOutput, SendTaskSuccessInput,
    SendTaskSuccessOutput,
};
use super::service::{Service, check_name, lock, now_ms};
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

impl Service {
    /// Hands `token`'s answer to the execution that issued it, and returns once its effect is
    /// written (the task's end in the history, a heartbeat's time): `InvalidToken` for a
    /// token no execution could have issued, `TaskTimedOut` for a task that ended (or whose
    /// execution did, before a restart too), `TaskDoesNotExist` for a token no execution
    /// issued.
    pub(crate) async fn answer_task(
        self: &Arc<Self>,
        token: &str,
        answer: TaskAnswer,
    ) -> Result<(), ApiError> {
        // Its length (1 to 2048) is the API model's, checked before any operation
        // (`constraints`); read once here: the engine's calls take the token typed.
        let typed = TaskToken::parse(token).map_err(|e| ApiError::validation(e.to_string()))?;
        let (handed, closed) = self.hand_over(&typed, &answer)?;
        let handed = match (handed, closed) {
            (Some(handed), _) => Some(handed),
            (None, true) => None,
            (None, false) => {
                // A token a running execution issued (before a restart too) and does not wait
                // for yet: once its task waits, or its run settled, it is taken (or its task
                // ended, and the token is closed).
                match self.issuer_running(&typed) {
                    Some(settling) => {
                        settling.await;
                        self.hand_over(&typed, &answer)?.0
                    }
                    None => None,
                }
            }
        };
        match handed {
            Some(Handed::Answer(record, recorded)) => match recorded.await {
                AnswerOutcome::Recorded => self.writer.flush(&record).wait().await,
                // The execution ended (a stop, a timeout) before its task took the answer:
                // the task is closed, and the answer is refused as AWS refuses one that
                // comes after (it is in no history, so it is not acknowledged).
                AnswerOutcome::Discarded => Err(callback_error(&CallbackError::TaskTimedOut)),
            },
            Some(Handed::Heartbeat(record)) => {
                let (token, arn, at) = (token.to_owned(), StatesArn::clone(&record.arn), now_ms());
                self.submit(Box::new(move |tx| write::heartbeat(tx, &token, &arn, at)))
                    .wait()
                    .await
            }
            None => {
                let error = if closed || self.token_issuer(token).is_some() {
                    CallbackError::TaskTimedOut
                } else if !workflow_engine::well_formed_task_token(&typed) {
                    CallbackError::InvalidToken
                } else {
                    CallbackError::TaskDoesNotExist(typed)
                };
                Err(callback_error(&error))
            }
        }
    }

    /// Hands `answer` to the running execution that waits for `token`, when one does; else
    /// whether the token is closed (its task ended).
    fn hand_over(
        &self,
        token: &TaskToken,
        answer: &TaskAnswer,
    ) -> Result<(Option<Handed>, bool), ApiError> {
        // The token names the running execution that issued it (each run tells the service
        // of its tokens as it issues them, `pushed`): no other execution is visited.
        let Some(record) = self.execution_of_token(token.as_str()) else {
            return Ok((None, false));
        };
        let run = self.state(&record);
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

    /// When the running execution that issued `token` (as its run told, or as the database
    /// says) runs here but does not wait for it now: a future that ends once its task waits
    /// for it, or ended, or its run settled (a resumed run that has not reached the task
    /// again yet). A task's token is issued, and shown in its history, a moment before its
    /// run waits for it (its request made, `TaskSubmitted` written;
    /// `workflow_engine::Change::TokenIssued` tells the service first): an answer then waits
    /// that moment, as AWS takes a token once it was issued.
    fn issuer_running(
        &self,
        token: &TaskToken,
    ) -> Option<impl Future<Output = ()> + Send + 'static + use<>> {
        let record = match self.execution_of_token(token.as_str()) {
            Some(record) => record,
            None => {
                let issuer = self
                    .token_issuer(token.as_str())
                    .filter(|arn| !arn.is_empty())?;
                let arn = StatesArn::parse(&issuer).ok()?;
                lock(&self.running).get(&arn).cloned()?
            }
        };
        let run = self.state(&record);
        match &*run {
            RunState::Running(live) => Some(live.execution.task_waits(token)),
            _ => None,
        }
    }

    pub(crate) async fn send_task_success(
        self: Arc<Self>,
        r: SendTaskSuccessInput,
    ) -> Result<SendTaskSuccessOutput, ApiError> {
        self.answer_task(&r.task_token, TaskAnswer::Success(r.output))
            .await?;
        Ok(SendTaskSuccessOutput {})
    }

    pub(crate) async fn send_task_failure(
        self: Arc<Self>,
        r: SendTaskFailureInput,
    ) -> Result<SendTaskFailureOutput, ApiError> {
        // Both optional, as in AWS's API; one left out is not given (not an empty one). Their
        // lengths are the API model's, checked before any operation (`constraints`).
        self.answer_task(&r.task_token, TaskAnswer::Failure(r.error, r.cause))
            .await?;
        Ok(SendTaskFailureOutput {})
    }

    pub(crate) async fn send_task_heartbeat(
        self: Arc<Self>,
        r: SendTaskHeartbeatInput,
    ) -> Result<SendTaskHeartbeatOutput, ApiError> {
        self.answer_task(&r.task_token, TaskAnswer::Heartbeat)
            .await?;
        Ok(SendTaskHeartbeatOutput {})
    }

    pub(crate) fn create_activity(
        &self,
        r: &CreateActivityInput,
    ) -> Result<CreateActivityOutput, ApiError> {
        let name = r.name.as_str();
        check_name(name)?;
        let arn = StatesArn::new(
            &self.settings.region,
            &self.settings.account,
            StatesResource::Activity {
                name: name.to_owned(),
            },
        );
        let mut store = self.store();
        // Idempotent: creating an activity that exists answers it.
        if let Some(existing) = store.activities.get(&arn) {
            return Ok(CreateActivityOutput {
                activity_arn: arn,
                creation_date: Timestamp(existing.created_ms),
            });
        }
        let activity = Activity {
            arn: arn.clone(),
            name: name.to_owned(),
            created_ms: now_ms(),
        };
        let written = activity.clone();
        self.save(Box::new(move |tx| write::activity(tx, &written)))?;
        let created_ms = activity.created_ms;
        store.activities.insert(arn.clone(), activity);
        Ok(CreateActivityOutput {
            activity_arn: arn,
            creation_date: Timestamp(created_ms),
        })
    }

    /// The activity `activityArn` names.
    fn activity(&self, arn: &ArnMember) -> Result<Activity, ApiError> {
        let typed = arn.of(&[ResourceType::Activity])?;
        let arn = arn.text();
        self.store().activities.get(typed).cloned().ok_or_else(|| {
            ApiError::new(
                "ActivityDoesNotExist",
                format!("Activity Does Not Exist: '{arn}'"),
            )
        })
    }

    pub(crate) fn describe_activity(
        &self,
        r: &DescribeActivityInput,
    ) -> Result<DescribeActivityOutput, ApiError> {
        let a = self.activity(&r.activity_arn)?;
        Ok(DescribeActivityOutput {
            activity_arn: a.arn,
            name: a.name,
            creation_date: Timestamp(a.created_ms),
            encryption_configuration: None,
        })
    }

    pub(crate) fn list_activities(
        &self,
        r: &ListActivitiesInput,
    ) -> Result<ListActivitiesOutput, ApiError> {
        let all: Vec<Activity> = self.store().activities.values().cloned().collect();
        // By name, as state machines (see `list_state_machines`).
        let page = listed(
            r,
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

    pub(crate) fn delete_activity(
        &self,
        r: &DeleteActivityInput,
    ) -> Result<DeleteActivityOutput, ApiError> {
        let arn = r.activity_arn.of(&[ResourceType::Activity])?;
        let deleted = arn.clone();
        self.save(Box::new(move |tx| write::delete_activity(tx, &deleted)))?;
        let mut store = self.store();
        store.activities.shift_remove(arn);
        store.tags.shift_remove(arn);
        Ok(DeleteActivityOutput {})
    }

    /// A task of the activity for a worker, waiting up to the poll time for one (a future:
    /// a waiting poll holds no thread); `{}` (no `taskToken`) when none came, as the service
    /// answers a poll that timed out. A task handed over is answered once its
    /// `ActivityStarted` is written.
    pub(crate) async fn get_activity_task(
        self: Arc<Self>,
        r: GetActivityTaskInput,
    ) -> Result<GetActivityTaskOutput, ApiError> {
        let activity = self.activity(&r.activity_arn)?;
        let worker = r.worker_name.as_deref();
        let deadline = Instant::now() + self.settings.activity_poll;
        // The activity's line: each task scheduled on it is handed to the poll that waited
        // longest (with the execution that waits for it); a server stopping answers at once,
        // as a poll that timed out.
        while let Some(queued) = self.next_activity_task(&activity.arn, deadline).await {
            // A task that timed out, or whose execution ended, before a worker came is gone.
            let Some(record) = queued else { continue };
            // Taken on the blocking pool: the run may be busy a moment before it hands it over.
            let (taking, arn, worker) = (
                Arc::clone(&record),
                activity.arn.clone(),
                worker.map(str::to_owned),
            );
            let taken = super::dispatch::blocking(move || {
                Ok(match &*lock(&taking.run) {
                    RunState::Running(live) => futures::executor::block_on(
                        live.execution.get_activity_task(&arn, worker.as_deref()),
                    )
                    .map(|task| {
                        let recorded = live.execution.answer_recorded(&task.task_token);
                        (task, recorded)
                    }),
                    _ => None,
                })
            })
            .await?;
            if let Some((task, recorded)) = taken {
                // A task whose execution ended before its worker's start was written is gone.
                if recorded.await == AnswerOutcome::Discarded {
                    continue;
                }
                self.writer.flush(&record).wait().await?;
                return Ok(GetActivityTaskOutput {
                    task_token: Some(task.task_token),
                    input: Some(task.input.to_string()),
                });
            }
        }
        Ok(GetActivityTaskOutput {
            task_token: None,
            input: None,
        })
    }
}

/// A refused callback as the service answers it.
pub(crate) fn callback_error(e: &CallbackError) -> ApiError {
    match e {
        CallbackError::InvalidToken => {
            ApiError::new("InvalidToken", "The provided token is not valid.")
        }
        CallbackError::TaskDoesNotExist(_) => {
            ApiError::new("TaskDoesNotExist", "Task Does Not Exist")
        }
        CallbackError::TaskTimedOut => ApiError::new(
            "TaskTimedOut",
            "The task token has either expired or the task associated with the token has already been closed.",
        ),
        CallbackError::InvalidOutput => ApiError::new(
            "InvalidOutput",
            "The provided JSON output data is not valid.",
        ),
        CallbackError::MapRunNotRunning(arn) => {
            ApiError::new("ResourceNotFound", format!("Resource not found: '{arn}'"))
        }
    }
}

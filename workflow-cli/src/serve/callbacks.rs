//! Callbacks and activities: `SendTaskSuccess`, `SendTaskFailure`, `SendTaskHeartbeat`,
//! `CreateActivity`, `DescribeActivity`, `ListActivities`, `DeleteActivity` and
//! `GetActivityTask` (a long poll: it waits up to 60 seconds for a task, as the service does).

use super::pages::{Order, Place, listed};
use super::protocol::{ApiError, Timestamp};
use super::records::{Activity, RunState};
use super::requests::{
    ActivityListItem, ArnMember, CreateActivityInput, CreateActivityOutput, DeleteActivityInput,
    DeleteActivityOutput, DescribeActivityInput, DescribeActivityOutput, GetActivityTaskInput,
    GetActivityTaskOutput, ListActivitiesInput, ListActivitiesOutput, SendTaskFailureInput,
    SendTaskFailureOutput, SendTaskHeartbeatInput, SendTaskHeartbeatOutput, SendTaskSuccessInput,
    SendTaskSuccessOutput,
};
use super::service::{Service, check_name, now_ms};
use std::time::Instant;
use workflow_asl::ErrorName;
use workflow_aws_models::ResourceType;
use workflow_aws_models::{StatesArn, StatesResource, TaskToken};
use workflow_runtime::engine::{CallbackError, RunningExecution};

impl Service {
    /// Hands `token`'s answer to the execution that issued it: `InvalidToken` for a token no
    /// execution could have issued, `TaskTimedOut` for a task that ended (or whose execution
    /// did), `TaskDoesNotExist` for a token no execution issued.
    fn answer_task(
        &self,
        token: &str,
        send: impl Fn(&RunningExecution, &TaskToken) -> Result<(), CallbackError>,
    ) -> Result<(), ApiError> {
        // Its length (1 to 2048) is the API model's, checked before any operation
        // (`constraints`); read once here: the engine's calls take the token typed.
        let typed = TaskToken::parse(token).map_err(|e| ApiError::validation(e.to_string()))?;
        let mut closed = false;
        // The token names the running execution that issued it (each run tells the service
        // of its tokens as it issues them, `pushed`): no other execution is visited.
        if let Some(record) = self.execution_of_token(token)
            && let RunState::Running(live) = &*self.settled(&record)
        {
            match send(&live.execution, &typed) {
                Ok(()) => return Ok(()),
                Err(CallbackError::TaskDoesNotExist(_)) => {}
                Err(CallbackError::TaskTimedOut) => closed = true,
                Err(e) => return Err(callback_error(&e)),
            }
        }
        closed = closed || self.token_closed(token);
        let error = if closed {
            CallbackError::TaskTimedOut
        } else if !workflow_engine::well_formed_task_token(&typed) {
            CallbackError::InvalidToken
        } else {
            CallbackError::TaskDoesNotExist(typed)
        };
        Err(callback_error(&error))
    }

    pub(crate) fn send_task_success(
        &self,
        r: &SendTaskSuccessInput,
    ) -> Result<SendTaskSuccessOutput, ApiError> {
        self.answer_task(&r.task_token, |running, token| {
            running.send_task_success(token, &r.output)
        })?;
        Ok(SendTaskSuccessOutput {})
    }

    pub(crate) fn send_task_failure(
        &self,
        r: &SendTaskFailureInput,
    ) -> Result<SendTaskFailureOutput, ApiError> {
        // Both optional, as in AWS's API; one left out is not given (not an empty one). Their
        // lengths are the API model's, checked before any operation (`constraints`).
        let error = r.error.as_deref();
        let cause = r.cause.as_deref();
        self.answer_task(&r.task_token, |running, token| {
            running.send_task_failure(token, error.map(ErrorName::from), cause)
        })?;
        Ok(SendTaskFailureOutput {})
    }

    pub(crate) fn send_task_heartbeat(
        &self,
        r: &SendTaskHeartbeatInput,
    ) -> Result<SendTaskHeartbeatOutput, ApiError> {
        self.answer_task(&r.task_token, RunningExecution::send_task_heartbeat)?;
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
        self.save(|db| db.save_activity(&activity))?;
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
        self.save(|db| db.delete_activity(arn))?;
        let mut store = self.store();
        store.activities.shift_remove(arn);
        store.tags.shift_remove(arn);
        Ok(DeleteActivityOutput {})
    }

    /// A task of the activity for a worker, waiting up to the poll time for one; `{}` (no
    /// `taskToken`) when none came, as the service answers a poll that timed out.
    pub(crate) fn get_activity_task(
        &self,
        r: &GetActivityTaskInput,
    ) -> Result<GetActivityTaskOutput, ApiError> {
        let activity = self.activity(&r.activity_arn)?;
        let worker = r.worker_name.as_deref();
        let deadline = Instant::now() + self.settings.activity_poll;
        // The activity's queue: each task scheduled on it is queued as it is scheduled (with
        // the execution that waits for it), and the poll waits on the queue until one comes;
        // a server stopping answers at once, as a poll that timed out.
        // The engine names activities by their ARN's text.
        let activity_arn = activity.arn.to_string();
        while let Some(queued) = self.next_activity_task(&activity_arn, deadline) {
            // A task that timed out, or whose execution ended, before a worker came is gone.
            let Some(record) = queued else { continue };
            if let RunState::Running(live) = &*self.settled(&record)
                && let Some(task) = live
                    .execution
                    .get_activity_task_blocking(&activity.arn, worker)
            {
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

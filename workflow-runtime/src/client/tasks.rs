//! Answering tasks: `SendTaskSuccess`, `SendTaskFailure` and `SendTaskHeartbeat` for a
//! `.waitForTaskToken` state or an activity, and activities themselves (`CreateActivity`,
//! `DescribeActivity`, `DeleteActivity`, `GetActivityTask`).

use super::error::answered_arn;
use super::execution::system_time;
use super::{Client, Error, Result};
use crate::asl::ErrorName;
use crate::engine::ActivityTask;
use crate::execution::MAX_PAYLOAD_BYTES;
use serde::Serialize;
use serde_json::Value;
use std::time::SystemTime;
use workflow_aws_models::{StatesArn, TaskToken};

/// The service's limits on a failure's `error` and `cause`, in characters.
const MAX_ERROR_CHARS: usize = 256;
const MAX_CAUSE_CHARS: usize = 32_768;

impl Client {
    /// [`Client::send_task_success`] for a task of the Task state `task` (a constant
    /// `workflow!` emits): `output` has the response type the workflow relies on, every field
    /// a later state reads, so an answer that lacks one does not compile.
    ///
    /// ```no_run
    /// use workflow_runtime::client::Client;
    /// use workflow_runtime::workflow;
    ///
    /// workflow! {
    ///     pub Expense {
    ///         input { id: string }
    ///         "Ask manager": sqs::send_message.wait_for_task_token {
    ///             QueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/approvals",
    ///             MessageBody: { id: $.id, token: $$.Task.Token },
    ///         } result_path = $.decision -> "Approved?";
    ///         "Approved?": choice {
    ///             when $.decision.approved == true => "Paid",
    ///             otherwise => "Rejected",
    ///         }
    ///         "Rejected": fail(error = "Rejected");
    ///         "Paid": succeed;
    ///     }
    /// }
    ///
    /// # use workflow_runtime::aws_models::TaskToken;
    /// # async fn answer(client: Client, token: TaskToken) -> workflow_runtime::client::Result<()> {
    /// let decision = ExpenseAskManagerResponse { approved: true };
    /// client.send_task_response(Expense::ASK_MANAGER, &token, &decision).await
    /// # }
    /// ```
    pub async fn send_task_response<Req, Resp: Serialize, Kind: crate::task_kind::CallbackTask>(
        &self,
        task: crate::TaskRef<Req, Resp, Kind>,
        task_token: &TaskToken,
        output: &Resp,
    ) -> Result<()> {
        let _ = task;
        self.send_task_success(task_token, output).await
    }

    /// `SendTaskSuccess`: the task `task_token` succeeds with `output` (its result, before the
    /// state's `ResultSelector`). An output over 256 KiB is refused before anything is sent;
    /// [`Error::TaskClosed`] when the task already ended.
    pub async fn send_task_success(
        &self,
        task_token: &TaskToken,
        output: &impl Serialize,
    ) -> Result<()> {
        let output = serde_json::to_string(output).map_err(|source| Error::Json {
            what: "task output",
            source,
        })?;
        if output.len() > MAX_PAYLOAD_BYTES {
            return Err(Error::TooLarge {
                what: "task output",
                bytes: output.len(),
                limit: MAX_PAYLOAD_BYTES,
            });
        }
        self.sfn
            .send_task_success()
            .task_token(task_token.as_str())
            .output(output)
            .send()
            .await
            .map_err(|e| Error::from_sdk("SendTaskSuccess", e))?;
        Ok(())
    }

    /// `SendTaskFailure`: the task `task_token` fails; give the error name its state's
    /// `Retry` and `Catch` match, and a cause, with the builder.
    pub fn send_task_failure<'a>(&'a self, task_token: &'a TaskToken) -> SendTaskFailure<'a> {
        SendTaskFailure {
            client: self,
            task_token,
            error: None,
            cause: None,
        }
    }

    /// `SendTaskHeartbeat`: the task `task_token` is still being worked on (it restarts the
    /// state's `HeartbeatSeconds`); [`Error::TaskClosed`] when the task already ended.
    pub async fn send_task_heartbeat(&self, task_token: &TaskToken) -> Result<()> {
        self.sfn
            .send_task_heartbeat()
            .task_token(task_token.as_str())
            .send()
            .await
            .map_err(|e| Error::from_sdk("SendTaskHeartbeat", e))?;
        Ok(())
    }

    /// Creates the activity `name` (`CreateActivity`; creating one that exists answers it).
    pub async fn create_activity(&self, name: &str) -> Result<ActivityRef> {
        let out = self
            .sfn
            .create_activity()
            .name(name)
            .send()
            .await
            .map_err(|e| Error::from_sdk("CreateActivity", e))?;
        Ok(self.activity(answered_arn("CreateActivity", out.activity_arn())?))
    }

    /// Every activity of the account and region (`ListActivities`, every page).
    pub async fn list_activities(&self) -> Result<Vec<ActivityInfo>> {
        let mut out = Vec::new();
        let mut pages = self
            .sfn
            .list_activities()
            .max_results(1000)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| Error::from_sdk("ListActivities", e))?;
            for a in page.activities() {
                out.push(ActivityInfo {
                    arn: answered_arn("ListActivities", a.activity_arn())?,
                    name: a.name().to_owned(),
                    creation_date: system_time(a.creation_date()),
                });
            }
        }
        Ok(out)
    }

    /// A handle on the activity `arn` (no API call).
    pub fn activity(&self, arn: StatesArn) -> ActivityRef {
        ActivityRef {
            client: self.clone(),
            arn,
        }
    }
}

/// A `SendTaskFailure` request; see [`Client::send_task_failure`].
#[derive(Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct SendTaskFailure<'a> {
    client: &'a Client,
    task_token: &'a TaskToken,
    error: Option<ErrorName>,
    cause: Option<String>,
}

impl SendTaskFailure<'_> {
    /// The error name (at most 256 characters), what `ErrorEquals` matches.
    pub fn error(mut self, error: impl Into<ErrorName>) -> Self {
        self.error = Some(error.into());
        self
    }

    /// The cause (at most 32,768 characters).
    pub fn cause(mut self, cause: impl Into<String>) -> Self {
        self.cause = Some(cause.into());
        self
    }

    /// Sends the request; an error or cause over its limit is cut to it first (the service
    /// would refuse the whole answer, and the task would wait for its timeout).
    pub async fn send(self) -> Result<()> {
        self.client
            .sfn
            .send_task_failure()
            .task_token(self.task_token.as_str())
            .set_error(
                self.error
                    .map(|e| cut(e.as_str().to_owned(), MAX_ERROR_CHARS)),
            )
            .set_cause(self.cause.map(|c| cut(c, MAX_CAUSE_CHARS)))
            .send()
            .await
            .map_err(|e| Error::from_sdk("SendTaskFailure", e))?;
        Ok(())
    }
}

/// `text`, at most `max` characters of it.
fn cut(text: String, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => text[..at].to_owned(),
        None => text,
    }
}

/// An activity: a Task resource whose work is done by workers polling for it.
#[derive(Clone, Debug)]
pub struct ActivityRef {
    pub(crate) client: Client,
    arn: StatesArn,
}

/// What `DescribeActivity` answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActivityInfo {
    /// The activity's ARN.
    pub arn: StatesArn,
    /// Its name.
    pub name: String,
    /// When it was created (`None` when the date is out of the system's range).
    pub creation_date: Option<SystemTime>,
}

impl ActivityRef {
    /// The activity's ARN.
    pub fn arn(&self) -> &StatesArn {
        &self.arn
    }

    /// `DescribeActivity`.
    pub async fn describe(&self) -> Result<ActivityInfo> {
        let out = self
            .client
            .sfn
            .describe_activity()
            .activity_arn(self.arn.to_string())
            .send()
            .await
            .map_err(|e| Error::from_sdk("DescribeActivity", e))?;
        Ok(ActivityInfo {
            arn: answered_arn("DescribeActivity", out.activity_arn())?,
            name: out.name().to_owned(),
            creation_date: system_time(out.creation_date()),
        })
    }

    /// `DeleteActivity`.
    pub async fn delete(&self) -> Result<()> {
        self.client
            .sfn
            .delete_activity()
            .activity_arn(self.arn.to_string())
            .send()
            .await
            .map_err(|e| Error::from_sdk("DeleteActivity", e))?;
        Ok(())
    }

    /// `GetActivityTask` once, as `worker_name` (a name, or `None`: the name is optional): the
    /// service holds the call up to 60 seconds for a task; `None` when none came. Workers
    /// normally use [`ActivityRef::worker`], which polls, runs tasks concurrently, beats and
    /// answers.
    pub async fn get_task<'w>(
        &self,
        worker_name: impl Into<Option<&'w str>>,
    ) -> Result<Option<ActivityTask>> {
        let out = self
            .client
            .sfn
            .get_activity_task()
            .activity_arn(self.arn.to_string())
            .set_worker_name(worker_name.into().map(str::to_owned))
            .send()
            .await
            .map_err(|e| Error::from_sdk("GetActivityTask", e))?;
        let Some(token) = out.task_token().filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        let input = match out.input() {
            Some(text) => serde_json::from_str(text).map_err(|source| Error::Json {
                what: "activity task input",
                source,
            })?,
            None => Value::Object(serde_json::Map::new()),
        };
        let task_token = TaskToken::parse(token).map_err(|source| Error::UnreadableTaskToken {
            operation: "GetActivityTask",
            source,
        })?;
        Ok(Some(ActivityTask { task_token, input }))
    }
}

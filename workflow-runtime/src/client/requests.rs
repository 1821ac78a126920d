//! The fluent builders of the calls with optional arguments, as in aws-sdk-rust: set what you
//! need, then `.send().await`.

use super::Client;
use super::ExecutionSummary;
use super::error::{Error, Result};
use super::execution::{ExecutionRef, SyncExecution};
use crate::asl::ErrorName;
use crate::engine::RecordedExecution;
use crate::execution::ExecutionStatus;
use serde::Serialize;
use std::time::SystemTime;
use workflow_aws_models::StatesArn;

/// `StartExecution`: [`StateMachineRef::execute`](super::StateMachineRef::execute) (typed
/// input) or [`StateMachineRef::execute_any`](super::StateMachineRef::execute_any).
#[must_use = "a request does nothing until `.send().await`"]
pub struct StartExecution<'a, T: ?Sized> {
    client: &'a Client,
    arn: &'a StatesArn,
    input: &'a T,
    name: Option<String>,
}

impl<'a, T: Serialize + ?Sized> StartExecution<'a, T> {
    pub(crate) fn new(client: &'a Client, arn: &'a StatesArn, input: &'a T) -> Self {
        Self {
            client,
            arn,
            input,
            name: None,
        }
    }

    /// The execution's name (1–80 characters of the allowed set, checked before anything is
    /// sent). Without one, a unique name is generated.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sends the request.
    pub async fn send(self) -> Result<ExecutionRef> {
        self.client
            .send_start_execution(self.arn, self.input, self.name.as_deref())
            .await
    }
}

/// `StartSyncExecution` of an EXPRESS state machine:
/// [`StateMachineRef::execute_sync`](super::StateMachineRef::execute_sync) or
/// [`StateMachineRef::execute_sync_any`](super::StateMachineRef::execute_sync_any).
#[must_use = "a request does nothing until `.send().await`"]
pub struct StartSyncExecution<'a, T: ?Sized> {
    client: &'a Client,
    arn: &'a StatesArn,
    input: &'a T,
    name: Option<String>,
}

impl<'a, T: Serialize + ?Sized> StartSyncExecution<'a, T> {
    pub(crate) fn new(client: &'a Client, arn: &'a StatesArn, input: &'a T) -> Self {
        Self {
            client,
            arn,
            input,
            name: None,
        }
    }

    /// The execution's name (checked as for [`StartExecution::name`]).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sends the request.
    pub async fn send(self) -> Result<SyncExecution> {
        self.client
            .send_start_sync_execution(self.arn, self.input, self.name.as_deref())
            .await
    }
}

/// `StopExecution`: [`ExecutionRef::stop`].
#[must_use = "a request does nothing until `.send().await`"]
pub struct StopExecution<'a> {
    execution: &'a ExecutionRef,
    error: Option<ErrorName>,
    cause: Option<String>,
}

impl<'a> StopExecution<'a> {
    pub(crate) fn new(execution: &'a ExecutionRef) -> Self {
        Self {
            execution,
            error: None,
            cause: None,
        }
    }

    /// The error name the execution fails with.
    pub fn error(mut self, error: impl Into<ErrorName>) -> Self {
        self.error = Some(error.into());
        self
    }

    /// The cause the execution fails with.
    pub fn cause(mut self, cause: impl Into<String>) -> Self {
        self.cause = Some(cause.into());
        self
    }

    /// Sends the request.
    pub async fn send(self) -> Result<()> {
        self.execution
            .client
            .sdk()
            .stop_execution()
            .execution_arn(self.execution.arn().to_string())
            .set_error(self.error.map(|e| e.as_str().to_owned()))
            .set_cause(self.cause)
            .send()
            .await
            .map_err(|e| Error::from_sdk("StopExecution", e))?;
        Ok(())
    }
}

/// `ListExecutions` of one state machine, every page, newest first:
/// [`StateMachineRef::list_executions`](super::StateMachineRef::list_executions).
#[must_use = "a request does nothing until `.send().await`"]
pub struct ListExecutions<'a> {
    client: &'a Client,
    arn: &'a StatesArn,
    filter: ExecutionFilter,
}

/// Which executions a [`ListExecutions`] keeps.
#[derive(Clone, Debug, Default)]
pub(crate) struct ExecutionFilter {
    pub status: Option<ExecutionStatus>,
    pub since: Option<SystemTime>,
    pub max: Option<usize>,
}

impl<'a> ListExecutions<'a> {
    pub(crate) fn new(client: &'a Client, arn: &'a StatesArn) -> Self {
        Self {
            client,
            arn,
            filter: ExecutionFilter::default(),
        }
    }

    /// Only the executions with this status.
    pub fn status(mut self, status: ExecutionStatus) -> Self {
        self.filter.status = Some(status);
        self
    }

    /// Only the executions that started at `since` or later (no page older than that is
    /// read: the service lists the newest first).
    pub fn started_since(mut self, since: SystemTime) -> Self {
        self.filter.since = Some(since);
        self
    }

    /// At most `max` executions, the newest (no more pages are read once they are listed).
    pub fn max(mut self, max: usize) -> Self {
        self.filter.max = Some(max);
        self
    }

    /// Sends the requests (one per page).
    pub async fn send(self) -> Result<Vec<ExecutionSummary>> {
        self.client.list_executions(self.arn, self.filter).await
    }

    /// The listed executions with their records (their histories, and their Distributed Maps'
    /// children's: [`ExecutionRef::record`](super::ExecutionRef::record), a few executions at
    /// once), to replay ([`Engine::replay_each`]): each named by its name and ARN; one whose
    /// record cannot be read is kept, saying why.
    ///
    /// ```no_run
    /// # async fn demo(client: workflow_runtime::client::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use workflow_runtime::asl::StateMachine;
    /// use workflow_runtime::engine::Engine;
    /// use workflow_runtime::execution::ExecutionStatus;
    /// let orders = client.state_machine("arn:aws:states:eu-west-1:123456789012:stateMachine:Orders".parse()?);
    /// let failed = orders.list_executions().status(ExecutionStatus::Failed).max(50).recorded().await?;
    /// let engine = Engine::new();
    /// let fixed = engine.compile(&StateMachine::from_json(&std::fs::read_to_string("orders.asl.json")?)?)?;
    /// engine.replay_each(&fixed, failed).await.assert_all_identical();
    /// # Ok(()) }
    /// ```
    ///
    /// [`Engine::replay_each`]: crate::engine::Engine::replay_each
    pub async fn recorded(self) -> Result<Vec<RecordedExecution>> {
        use futures::StreamExt;
        let client = self.client;
        let listed = self.send().await?;
        Ok(futures::stream::iter(listed)
            .map(|summary| async move {
                let execution = match client.execution(summary.arn.clone()).record().await {
                    Ok(record) => RecordedExecution::new(summary.name, record),
                    Err(e) => RecordedExecution::unreadable(
                        summary.name,
                        format!("its history could not be read: {e}"),
                    ),
                };
                execution.arn(summary.arn)
            })
            .buffered(CONCURRENT_HISTORIES)
            .collect()
            .await)
    }
}

/// How many histories [`ListExecutions::recorded`] reads at once.
const CONCURRENT_HISTORIES: usize = 8;

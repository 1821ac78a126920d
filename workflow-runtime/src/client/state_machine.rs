//! A deployed state machine: the handle that executes and lists it (`StateMachineRef`), what
//! `DescribeStateMachine` answers, and the summaries the list calls return.

use super::{
    Change, Client, ListExecutions, LoggingConfig, Result, StartExecution, StartSyncExecution,
    StateMachineSpec,
};
use crate::asl::ExecutionType;
use crate::execution::ExecutionStatus;
use serde::Serialize;
use serde_json::Value;
use std::marker::PhantomData;
use std::time::SystemTime;
use workflow_aws_models::{RoleArn, StatesArn};

/// What is deployed: the answer of `DescribeStateMachine`.
#[derive(Clone, Debug, PartialEq)]
pub struct StateMachineInfo {
    /// The ARN.
    pub arn: StatesArn,
    /// The name.
    pub name: String,
    /// The definition, as stored.
    pub definition: String,
    /// The execution role.
    pub role_arn: RoleArn,
    /// STANDARD or EXPRESS.
    pub machine_type: ExecutionType,
    /// Logging (level `OFF` when none is set).
    pub logging: LoggingConfig,
    /// Whether X-Ray tracing is on.
    pub tracing: bool,
    /// When it was created.
    pub creation_date: Option<SystemTime>,
}

impl StateMachineInfo {
    /// The settings in which this deployed state machine differs from `spec` (whose resolved
    /// definition is `definition`): `definition` (compared as JSON, so formatting does not
    /// count), `roleArn`, `loggingConfiguration`, `tracingConfiguration`.
    pub(super) fn differences(&self, spec: &StateMachineSpec, definition: &str) -> Vec<Change> {
        let mut changes = Vec::new();
        let same_definition = match (
            serde_json::from_str::<Value>(&self.definition),
            serde_json::from_str::<Value>(definition),
        ) {
            (Ok(a), Ok(b)) => a == b,
            _ => self.definition == definition,
        };
        if !same_definition {
            changes.push(Change::Definition);
        }
        if self.role_arn != spec.role_arn {
            changes.push(Change::RoleArn);
        }
        let wanted = spec.logging.clone().unwrap_or_default();
        if self.logging != wanted {
            changes.push(Change::LoggingConfiguration);
        }
        if self.tracing != spec.tracing {
            changes.push(Change::TracingConfiguration);
        }
        changes
    }
}

/// One state machine of [`Client::list_state_machines`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateMachineSummary {
    /// The ARN.
    pub arn: StatesArn,
    /// The name.
    pub name: String,
    /// STANDARD or EXPRESS.
    pub machine_type: ExecutionType,
    /// When it was created.
    pub creation_date: Option<SystemTime>,
}

/// One execution of [`StateMachineRef::list_executions`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExecutionSummary {
    /// The ARN.
    pub arn: StatesArn,
    /// The name.
    pub name: String,
    /// The status.
    pub status: ExecutionStatus,
    /// When it started.
    pub start_date: Option<SystemTime>,
    /// When it ended.
    pub stop_date: Option<SystemTime>,
}

/// A deployed state machine, executed with input of type `I` (any JSON by default; the
/// workflow's `Input` type for [`Client::deploy`]).
///
/// ```no_run
/// # async fn demo(client: workflow_runtime::client::Client) -> Result<(), Box<dyn std::error::Error>> {
/// use workflow_runtime::client::WaitOptions;
/// use workflow_runtime::execution::ExecutionStatus;
/// let machine = client.state_machine("arn:aws:states:us-east-1:123456789012:stateMachine:Hello".parse()?);
/// let execution = machine.execute(&serde_json::json!({"IsHelloWorldExample": true})).name("first-run").send().await?;
/// let output: serde_json::Value = execution.wait_for_output(WaitOptions::default()).await?;
/// let failed = machine.list_executions().status(ExecutionStatus::Failed).send().await?;
/// # let _ = (output, failed); Ok(()) }
/// ```
#[derive(Debug)]
pub struct StateMachineRef<I = Value> {
    client: Client,
    arn: StatesArn,
    input: PhantomData<fn(&I)>,
}

impl<I> Clone for StateMachineRef<I> {
    fn clone(&self) -> Self {
        Self {
            client: self.client.clone(),
            arn: self.arn.clone(),
            input: PhantomData,
        }
    }
}

impl<I> StateMachineRef<I> {
    pub(super) fn new(client: Client, arn: StatesArn) -> Self {
        Self {
            client,
            arn,
            input: PhantomData,
        }
    }

    /// The state machine's ARN.
    pub fn arn(&self) -> &StatesArn {
        &self.arn
    }

    /// The client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The same state machine, executed with input of type `J`.
    pub fn typed<J>(self) -> StateMachineRef<J> {
        StateMachineRef::new(self.client, self.arn)
    }

    /// Starts an execution (`StartExecution`) with any serialisable input; `.name(…)` is
    /// optional (checked locally: 1–80 characters of the allowed set; without one, a unique
    /// name is generated). Input over 256 KiB is refused before anything is sent.
    pub fn execute_any<'a, T: Serialize + ?Sized>(&'a self, input: &'a T) -> StartExecution<'a, T> {
        self.client.start_execution(&self.arn, input)
    }

    /// Runs an EXPRESS state machine synchronously (`StartSyncExecution`) and returns its
    /// result; `.name(…)` is optional. The `sync-` host prefix is kept off custom endpoints.
    pub fn execute_sync_any<'a, T: Serialize + ?Sized>(
        &'a self,
        input: &'a T,
    ) -> StartSyncExecution<'a, T> {
        self.client.start_sync_execution(&self.arn, input)
    }

    /// What is deployed (`DescribeStateMachine`).
    pub async fn describe(&self) -> Result<StateMachineInfo> {
        self.client.describe_state_machine(&self.arn).await
    }

    /// Its executions (`ListExecutions`, every page), newest first; `.status(…)` keeps only
    /// those with one status.
    pub fn list_executions(&self) -> ListExecutions<'_> {
        ListExecutions::new(&self.client, &self.arn)
    }

    /// Updates it to `spec` (`UpdateStateMachine`): checked locally first, as for
    /// [`Client::create`]. [`Client::deploy`] updates only what differs.
    pub async fn update(&self, spec: &StateMachineSpec) -> Result<()> {
        self.client.update(&self.arn, spec).await
    }

    /// Deletes it.
    pub async fn delete(&self) -> Result<()> {
        self.client.delete(&self.arn).await
    }
}

impl<I: Serialize> StateMachineRef<I> {
    /// Starts an execution with the typed input (see [`StateMachineRef::execute_any`]).
    pub fn execute<'a>(&'a self, input: &'a I) -> StartExecution<'a, I> {
        self.execute_any(input)
    }

    /// Runs an EXPRESS state machine synchronously with the typed input.
    pub fn execute_sync<'a>(&'a self, input: &'a I) -> StartSyncExecution<'a, I> {
        self.execute_sync_any(input)
    }
}

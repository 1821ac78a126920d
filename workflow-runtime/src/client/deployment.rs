//! What `Client::deploy` did: created, updated (and which settings changed) or left it
//! unchanged, with the handle on the state machine and the API calls it cost.

use super::{Client, StateMachineRef};
use serde_json::Value;
use workflow_aws_models::StatesArn;

/// A setting in which a deployed state machine differed from its spec, and that
/// [`Client::deploy`] updated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Change {
    /// The definition (compared as JSON, so formatting does not count).
    Definition,
    /// The execution role.
    RoleArn,
    /// The logging configuration.
    LoggingConfiguration,
    /// The X-Ray tracing configuration.
    TracingConfiguration,
}

impl Change {
    /// The service's name of the setting, e.g. `roleArn`.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Definition => "definition",
            Change::RoleArn => "roleArn",
            Change::LoggingConfiguration => "loggingConfiguration",
            Change::TracingConfiguration => "tracingConfiguration",
        }
    }
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What [`Client::deploy`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DeployAction {
    /// The state machine did not exist and was created.
    Created,
    /// It existed with other settings and was updated.
    Updated,
    /// It existed exactly as asked: nothing was changed.
    Unchanged,
}

impl DeployAction {
    /// In words: `created`, `updated` or `unchanged`.
    pub fn as_str(self) -> &'static str {
        match self {
            DeployAction::Created => "created",
            DeployAction::Updated => "updated",
            DeployAction::Unchanged => "unchanged",
        }
    }
}

impl std::fmt::Display for DeployAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The result of [`Client::deploy`]: a handle on the state machine, what was done and what it
/// cost.
#[derive(Clone, Debug)]
pub struct Deployment<I = Value> {
    /// The deployed state machine.
    pub state_machine: StateMachineRef<I>,
    /// Created, updated or unchanged.
    pub action: DeployAction,
    /// What differed and was updated.
    pub changes: Vec<Change>,
    /// How many API calls the deployment made (1 for an unchanged redeploy).
    pub api_calls: usize,
}

impl Deployment {
    pub(super) fn new(
        client: &Client,
        arn: StatesArn,
        action: DeployAction,
        changes: Vec<Change>,
        api_calls: usize,
    ) -> Self {
        Self {
            state_machine: client.state_machine(arn),
            action,
            changes,
            api_calls,
        }
    }
}

impl<I> Deployment<I> {
    /// The state machine's ARN.
    pub fn arn(&self) -> &StatesArn {
        self.state_machine.arn()
    }
}

//! A least-privilege IAM policy for a state machine's execution role, derived from the tasks
//! it uses.
//!
//! The typed definition is walked (the model's walk: every Task and Map state, Parallel
//! branches and Map processors included, in document order) and each Task reads its
//! [`Resource`](workflow_aws_models::Resource), parsed when the definition was decoded. The
//! policy names the resources the definition names (`FunctionName`, `TopicArn`, `QueueUrl`, `TableName`,
//! `StateMachineArn`, `JobName`, ...): a Lambda function given by name becomes
//! `arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:NAME` and
//! `…:NAME:*` (its versions and aliases). A request is read as its query language reads it
//! (`request`): where the definition computes the resource at run time (a `.$` path or
//! intrinsic function, a JSONata `{% %}` expression), the statement falls back to `*` and its
//! `Sid` says why. The request fields read are checked against AWS's API models by tests
//! (`fields`). The placeholders are CloudFormation pseudo parameters (the
//! [`cloudformation`](super::cloudformation) export wraps them in `Fn::Sub`); fill them in with
//! a [`PolicyContext`] to get a policy for one account.
//!
//! Action names come from AWS's API models (`workflow-aws-models`) wherever they can: an
//! action's IAM name is the API operation the integration calls (`elasticmapreduce:RunJobFlow`
//! for EMR's `createCluster`, `dynamodb:GetItem`), the service's IAM prefix from the
//! generator's own table (the models do not carry it).
//!
//! It replaces hand-written `"Resource": "*"` policies such as the one the Data Science SDK's
//! notebooks ask users to paste.
//!
//! ```
//! use workflow_runtime::asl::StateMachine;
//! use workflow_runtime::client::iam::{execution_role_policy, PolicyContext};
//!
//! let machine = StateMachine::from_json(r#"{"StartAt": "Call", "States": {"Call": {
//!     "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
//!     "Parameters": {"FunctionName": "MyLambda", "Payload.$": "$"}, "End": true}}}"#).unwrap();
//! let policy = execution_role_policy(&machine, &PolicyContext::default());
//! assert_eq!(policy.statements[0].actions, ["lambda:InvokeFunction"]);
//! assert_eq!(policy.statements[0].resources[0],
//!     "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:MyLambda");
//! ```

mod arns;
mod builder;
mod distributed_map;
mod events;
mod fields;
mod http;
mod request;
mod rules;
mod s3;
mod sagemaker;
mod sdk;
mod sns;
mod task;
#[cfg(test)]
mod tests;

use crate::asl::{State, StateMachine};
use builder::Builder;
use serde_json::{Map, Value, json};

/// The partition, region, account and state machine name the policy's ARNs use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyContext {
    /// The partition (default `${AWS::Partition}`).
    pub partition: String,
    /// The region (default `${AWS::Region}`).
    pub region: String,
    /// The account id (default `${AWS::AccountId}`).
    pub account: String,
    /// The state machine's own name, for Distributed Map and HTTP tasks (which act on the
    /// state machine itself); `None` gives `*`.
    pub state_machine_name: Option<String>,
}

impl Default for PolicyContext {
    fn default() -> Self {
        Self {
            partition: "${AWS::Partition}".into(),
            region: "${AWS::Region}".into(),
            account: "${AWS::AccountId}".into(),
            state_machine_name: None,
        }
    }
}

impl PolicyContext {
    /// A context for one account: `PolicyContext::new("aws", "us-east-1", "123456789012")`.
    pub fn new(
        partition: impl Into<String>,
        region: impl Into<String>,
        account: impl Into<String>,
    ) -> Self {
        Self {
            partition: partition.into(),
            region: region.into(),
            account: account.into(),
            state_machine_name: None,
        }
    }

    /// Sets the state machine's own name.
    #[must_use]
    pub fn state_machine_name(mut self, name: impl Into<String>) -> Self {
        self.state_machine_name = Some(name.into());
        self
    }
}

/// One `Allow` statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    /// Says what the statement is for, and why when it falls back to `*`.
    pub sid: String,
    /// The actions, e.g. `lambda:InvokeFunction`.
    pub actions: Vec<String>,
    /// The resource ARNs (or `*`).
    pub resources: Vec<String>,
    /// An IAM `Condition` block, if any.
    pub condition: Option<Value>,
}

/// The policy document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Policy {
    /// The statements, in the order the definition first needs them.
    pub statements: Vec<Statement>,
    /// What could not be derived (e.g. an unknown ARN as a Task resource), for a human to check.
    pub notes: Vec<String>,
}

impl Policy {
    /// The IAM policy document: `{"Version": "2012-10-17", "Statement": [...]}`.
    pub fn to_value(&self) -> Value {
        let statements: Vec<Value> = self
            .statements
            .iter()
            .map(|s| {
                let mut m = Map::new();
                m.insert("Sid".into(), json!(s.sid));
                m.insert("Effect".into(), json!("Allow"));
                m.insert("Action".into(), json!(s.actions));
                m.insert("Resource".into(), json!(s.resources));
                if let Some(c) = &s.condition {
                    m.insert("Condition".into(), c.clone());
                }
                Value::Object(m)
            })
            .collect();
        json!({"Version": "2012-10-17", "Statement": statements})
    }

    /// The document as indented JSON.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(&self.to_value()).unwrap_or_default()
    }
}

/// Builds the policy for `machine`'s execution role.
pub fn execution_role_policy(machine: &StateMachine, ctx: &PolicyContext) -> Policy {
    let mut b = Builder::new(ctx);
    // Every Task and Map state, in the document order of the model's walk.
    for s in machine.walk().states() {
        match s.state {
            State::Task(task) => b.task(s.name, task),
            State::Map(map) => b.distributed_map(map),
            _ => {}
        }
    }
    b.finish()
}

/// The policy for a [`StateMachineSpec`](super::StateMachineSpec): the tasks' permissions
/// ([`execution_role_policy`], with the spec's name as the state machine's own name), plus
/// CloudWatch Logs delivery when logging is on and X-Ray when tracing is on (those APIs
/// support no resource-level permissions, so `*`). The definition is read with its `${Name}`
/// substitutions as written.
///
/// ```
/// use workflow_runtime::client::StateMachineSpec;
/// use workflow_runtime::client::iam::{policy_for_spec, PolicyContext};
///
/// let role = "arn:aws:iam::123456789012:role/Hello".parse()?;
/// let spec = StateMachineSpec::new("Hello", r#"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#, role)
///     .tracing(true);
/// let policy = policy_for_spec(&spec, &PolicyContext::default())?;
/// assert!(policy.statements[0].actions.contains(&"xray:PutTraceSegments".to_string()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn policy_for_spec(
    spec: &super::StateMachineSpec,
    ctx: &PolicyContext,
) -> Result<Policy, super::Error> {
    policy_for(spec.deployable(), ctx)
}

/// The policy for the workflow type `W` deployed with [`StateMachineSpec::for_workflow`]'s
/// defaults (no logging, no tracing): [`policy_for_spec`] before the role exists, to make it.
///
/// [`StateMachineSpec::for_workflow`]: super::StateMachineSpec::for_workflow
///
/// ```
/// use workflow_runtime::Workflow;
/// use workflow_runtime::client::iam::{policy_for_workflow, PolicyContext};
///
/// struct Hello;
/// impl Workflow for Hello {
///     type Input = serde_json::Value;
///     type Output = serde_json::Value;
///     const NAME: &'static str = "Hello";
///     const ASL: &'static str = r#"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::sns:publish","Parameters":{"TopicArn":"arn:aws:sns:us-east-1:123456789012:t","Message":"hi"},"End":true}}}"#;
/// }
/// let policy = policy_for_workflow::<Hello>(&PolicyContext::default())?;
/// assert!(policy.statements[0].actions.contains(&"sns:Publish".to_string()));
/// # Ok::<(), workflow_runtime::client::Error>(())
/// ```
pub fn policy_for_workflow<W: crate::Workflow>(
    ctx: &PolicyContext,
) -> Result<Policy, super::Error> {
    policy_for(super::spec::Deployable::workflow::<W>(), ctx)
}

/// The policy for what `spec` deploys (see [`policy_for_spec`]).
pub(crate) fn policy_for(
    spec: super::spec::Deployable<'_>,
    ctx: &PolicyContext,
) -> Result<Policy, super::Error> {
    let machine =
        StateMachine::from_json(spec.definition).map_err(|e| super::Error::DefinitionRejected {
            diagnostics: e.diagnostics,
        })?;
    let mut ctx = ctx.clone();
    if ctx.state_machine_name.is_none() {
        ctx.state_machine_name = Some(spec.name.to_owned());
    }
    let mut policy = execution_role_policy(&machine, &ctx);
    if spec
        .logging
        .is_some_and(|l| l.level != super::LogLevel::Off)
    {
        policy.statements.push(Statement {
            sid: "LogDeliveryOnAnyResourceBecauseTheLogDeliveryApisHaveNoResourceLevelPermissions"
                .into(),
            actions: [
                "logs:CreateLogDelivery",
                "logs:GetLogDelivery",
                "logs:UpdateLogDelivery",
                "logs:DeleteLogDelivery",
                "logs:ListLogDeliveries",
                "logs:PutResourcePolicy",
                "logs:DescribeResourcePolicies",
                "logs:DescribeLogGroups",
            ]
            .map(String::from)
            .to_vec(),
            resources: vec!["*".into()],
            condition: None,
        });
    }
    if spec.tracing {
        policy.statements.push(Statement {
            sid: "XRayOnAnyResourceBecauseTheXRayApisHaveNoResourceLevelPermissions".into(),
            actions: [
                "xray:PutTraceSegments",
                "xray:PutTelemetryRecords",
                "xray:GetSamplingRules",
                "xray:GetSamplingTargets",
            ]
            .map(String::from)
            .to_vec(),
            resources: vec!["*".into()],
            condition: None,
        });
    }
    Ok(policy)
}

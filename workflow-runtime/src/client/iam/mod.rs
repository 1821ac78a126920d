//! A least-privilege IAM policy for a state machine's execution role, derived from the tasks
//! it uses.
//!
//! Every state is visited, Parallel branches and Map processors included, and each Task
//! resource is classified with [`parse_resource`]. The policy names the resources the
//! definition names (`FunctionName`, `TopicArn`, `QueueUrl`, `TableName`, `StateMachineArn`,
//! `JobName`, ...): a Lambda function given by name becomes
//! `arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:NAME` and
//! `…:NAME:*` (its versions and aliases). Where the definition computes the resource at run
//! time (a `.$` path or a JSONata `{% %}` value), the statement falls back to `*` and its
//! `Sid` says why. The placeholders are CloudFormation pseudo parameters (the
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

mod rules;

use crate::asl::StateMachine;
use indexmap::IndexMap;
use serde_json::{Map, Value, json};
use workflow_asl::validate::resource::{IntegrationPattern, Resource, parse_resource};

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

    fn arn(&self, service: &str, rest: &str) -> String {
        format!(
            "arn:{}:{service}:{}:{}:{rest}",
            self.partition, self.region, self.account
        )
    }

    /// The ARN `value` names: `value` itself when it is an ARN, else the resource
    /// `{kind}/{value}` of `service` in this account.
    fn arn_or_named(&self, service: &str, kind: &str, value: &str) -> String {
        if value.starts_with("arn:") {
            value.to_owned()
        } else {
            self.arn(service, &format!("{kind}/{value}"))
        }
    }

    /// The ARN of a revisioned resource (a Batch job definition, an ECS task definition):
    /// `value` itself when it is an ARN, that revision for `name:revision`, and every
    /// revision for a bare name.
    fn revisioned_arn(&self, service: &str, kind: &str, value: &str) -> String {
        if value.contains(':') {
            // An ARN, or `name:revision`.
            self.arn_or_named(service, kind, value)
        } else {
            self.arn(service, &format!("{kind}/{value}:*"))
        }
    }

    fn events_rule(&self, rule: &str) -> String {
        self.arn("events", &format!("rule/{rule}"))
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
    let mut b = Builder {
        ctx,
        statements: IndexMap::new(),
        notes: Vec::new(),
    };
    let root = machine.to_value();
    // Iterative walk over every scope: the top level, branches, processors.
    let mut scopes: Vec<&Value> = vec![&root];
    while let Some(scope) = scopes.pop() {
        let Some(states) = scope.get("States").and_then(Value::as_object) else {
            continue;
        };
        // Visit in document order; nested scopes after their parent's states.
        let mut nested = Vec::new();
        for (name, state) in states {
            match state.get("Type").and_then(Value::as_str) {
                Some("Task") => b.task(name, state),
                Some("Parallel") => {
                    if let Some(branches) = state.get("Branches").and_then(Value::as_array) {
                        nested.extend(branches.iter());
                    }
                }
                Some("Map") => {
                    b.map(name, state);
                    if let Some(p) = state.get("ItemProcessor").or_else(|| state.get("Iterator")) {
                        nested.push(p);
                    }
                }
                _ => {}
            }
        }
        scopes.extend(nested.into_iter().rev());
    }
    Policy {
        statements: b.statements.into_values().collect(),
        notes: b.notes,
    }
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
/// let spec = StateMachineSpec::new("Hello", r#"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#, "")
///     .tracing(true);
/// let policy = policy_for_spec(&spec, &PolicyContext::default()).unwrap();
/// assert!(policy.statements[0].actions.contains(&"xray:PutTraceSegments".to_string()));
/// ```
pub fn policy_for_spec(
    spec: &super::StateMachineSpec,
    ctx: &PolicyContext,
) -> Result<Policy, super::Error> {
    let machine = StateMachine::from_json(&spec.definition).map_err(|e| {
        super::Error::DefinitionRejected {
            diagnostics: e.diagnostics,
        }
    })?;
    let mut ctx = ctx.clone();
    if ctx.state_machine_name.is_none() {
        ctx.state_machine_name = Some(spec.name.clone());
    }
    let mut policy = execution_role_policy(&machine, &ctx);
    if spec
        .logging
        .as_ref()
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

/// A field of a task's `Parameters` / `Arguments`.
enum Field<'a> {
    /// A literal string.
    Literal(&'a str),
    /// Computed at run time (`Key.$`, a JSONata `{% %}` value, or all of `Arguments`).
    Dynamic,
    /// Not there.
    Missing,
}

fn is_jsonata(s: &str) -> bool {
    let t = s.trim();
    t.starts_with("{%") && t.ends_with("%}")
}

fn field<'a>(params: Option<&'a Value>, key: &str) -> Field<'a> {
    match params {
        None => Field::Missing,
        Some(Value::String(s)) if is_jsonata(s) => Field::Dynamic,
        Some(Value::Object(m)) => match m.get(key) {
            Some(Value::String(s)) if is_jsonata(s) => Field::Dynamic,
            Some(Value::String(s)) => Field::Literal(s),
            Some(_) => Field::Dynamic,
            None if m.contains_key(&format!("{key}.$")) => Field::Dynamic,
            None => Field::Missing,
        },
        Some(_) => Field::Missing,
    }
}

fn params(state: &Value) -> Option<&Value> {
    state.get("Parameters").or_else(|| state.get("Arguments"))
}

/// `putItem` → `PutItem`.
fn capitalise(action: &str) -> String {
    let mut c = action.chars();
    match c.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

/// The API operation `action` of `service` calls, e.g. `GetItem` for DynamoDB's `getItem`,
/// as AWS's API models name it (`workflow-aws-models`: the overlay of optimized integrations,
/// or the AWS SDK integration's operation): an IAM action's name is the operation's. An
/// action the models do not know is capitalised (`putItem` → `PutItem`). The service's IAM
/// prefix stays the caller's: the models do not carry it.
fn operation(service: &str, action: &str, sdk: bool) -> String {
    use workflow_aws_models::{Integration, Pattern};
    let found = if sdk {
        Integration::named_sdk(service, action).ok()
    } else {
        [
            Pattern::RequestResponse,
            Pattern::Sync,
            Pattern::Sync2,
            Pattern::WaitForTaskToken,
        ]
        .into_iter()
        .find_map(|p| Integration::named(service, action, p).ok())
    };
    found
        .and_then(|i| i.api_operation())
        .map_or_else(|| capitalise(action), |op| op.name().to_owned())
}

/// A Sid from words: letters and digits only, each word capitalised.
fn sid(words: &[&str]) -> String {
    words
        .iter()
        .flat_map(|w| w.split(|c: char| !c.is_ascii_alphanumeric()))
        .map(capitalise)
        .collect()
}

struct Builder<'c> {
    ctx: &'c PolicyContext,
    statements: IndexMap<String, Statement>,
    notes: Vec<String>,
}

impl Builder<'_> {
    /// Allows `actions` on `*`, with a statement id saying who and why (`because`), as in
    /// `SnsPublishOnAnyResourceBecauseItSendsToAPhoneNumber`.
    fn allow_any(&mut self, who: &[&str], because: &[&str], actions: &[&str]) {
        let words: Vec<&str> = who
            .iter()
            .chain(&["OnAnyResourceBecause"])
            .chain(because)
            .copied()
            .collect();
        self.allow(sid(&words), actions, vec!["*".into()]);
    }

    fn allow(&mut self, sid: String, actions: &[&str], resources: Vec<String>) {
        self.allow_if(sid, actions, resources, None);
    }

    fn allow_if(
        &mut self,
        sid: String,
        actions: &[&str],
        resources: Vec<String>,
        condition: Option<Value>,
    ) {
        let s = self.statements.entry(sid.clone()).or_insert(Statement {
            sid,
            actions: Vec::new(),
            resources: Vec::new(),
            condition,
        });
        for a in actions {
            if !s.actions.iter().any(|x| x == a) {
                s.actions.push((*a).to_owned());
            }
        }
        for r in resources {
            if !s.resources.contains(&r) {
                s.resources.push(r);
            }
        }
    }

    fn self_arn(&self) -> Option<String> {
        let name = self.ctx.state_machine_name.as_deref()?;
        Some(self.ctx.arn("states", &format!("stateMachine:{name}")))
    }

    fn task(&mut self, name: &str, state: &Value) {
        let Some(resource) = state.get("Resource").and_then(Value::as_str) else {
            return;
        };
        let p = params(state);
        match parse_resource(resource) {
            Ok(r) => self.resource(name, resource, &r, p),
            Err(_) => self.notes.push(format!(
                "state `{name}`: `{resource}` is not a valid Task resource"
            )),
        }
    }

    fn resource(&mut self, state: &str, text: &str, r: &Resource, p: Option<&Value>) {
        match r {
            Resource::Integration {
                service,
                action,
                pattern,
                ..
            } => self.integration(state, service, action, *pattern, p),
            Resource::AwsSdk {
                service, action, ..
            } => self.aws_sdk(service, action, p),
            Resource::LambdaFunction { .. } => {
                let resources = lambda_arns(self.ctx, text);
                self.allow(
                    sid(&["Lambda", "InvokeFunction"]),
                    &["lambda:InvokeFunction"],
                    resources,
                );
            }
            Resource::Activity { .. } => {} // workers call the activity, not the role
            Resource::Http { .. } => self.http(p),
            Resource::Other(_) => self.notes.push(format!(
                "state `{state}`: no permission derived for the resource `{text}`"
            )),
            Resource::Substituted {
                known_shape: Some(shape),
                ..
            } => self.resource(state, text, shape, p),
            Resource::Substituted {
                known_shape: None,
                substitutions,
                ..
            } => {
                let looks_lambda = substitutions
                    .iter()
                    .any(|s| s.contains("Lambda") || s.contains("Function"));
                if looks_lambda && text.trim().starts_with("${") {
                    self.allow(
                        sid(&["Lambda", "InvokeFunction"]),
                        &["lambda:InvokeFunction"],
                        vec![text.to_owned()],
                    );
                    self.notes.push(format!(
                        "state `{state}`: `{text}` taken to be a Lambda function ARN from its substitution's name"
                    ));
                } else {
                    self.notes.push(format!(
                        "state `{state}`: the resource `{text}` is a deployment substitution; no permission derived"
                    ));
                }
            }
        }
    }

    /// The resource named by `key`, or `*` with a Sid saying it is computed at run time.
    fn named(
        &mut self,
        base_sid: &[&str],
        actions: &[&str],
        p: Option<&Value>,
        key: &str,
        to_arns: impl Fn(&PolicyContext, &str) -> Vec<String>,
    ) {
        match field(p, key) {
            Field::Literal(v) => {
                let arns = to_arns(self.ctx, v);
                self.allow(sid(base_sid), actions, arns);
            }
            Field::Dynamic => {
                let mut words = base_sid.to_vec();
                words.extend(["OnAnyResourceBecause", key, "IsComputedAtRunTime"]);
                self.allow(sid(&words), actions, vec!["*".into()]);
            }
            Field::Missing => {
                let mut words = base_sid.to_vec();
                words.extend(["OnAnyResourceBecause", key, "IsNotGiven"]);
                self.allow(sid(&words), actions, vec!["*".into()]);
            }
        }
    }

    fn integration(
        &mut self,
        state: &str,
        service: &str,
        action: &str,
        pattern: IntegrationPattern,
        p: Option<&Value>,
    ) {
        let sync = matches!(
            pattern,
            IntegrationPattern::Sync | IntegrationPattern::Sync2
        );
        match (service, action) {
            ("sns", "publish") => {
                let key = match (field(p, "TopicArn"), field(p, "TargetArn")) {
                    (Field::Missing, Field::Literal(_) | Field::Dynamic) => "TargetArn",
                    _ => "TopicArn",
                };
                if key == "TopicArn"
                    && matches!(field(p, "TopicArn"), Field::Missing)
                    && !matches!(field(p, "PhoneNumber"), Field::Missing)
                {
                    self.allow_any(
                        &["Sns", "Publish"],
                        &["It", "Sends", "To", "A", "PhoneNumber"],
                        &["sns:Publish"],
                    );
                } else {
                    self.named(&["Sns", "Publish"], &["sns:Publish"], p, key, |_, v| {
                        vec![v.to_owned()]
                    });
                }
            }
            ("events", "putEvents") => self.put_events(p),
            ("sagemaker", _) => self.sagemaker(action, sync, p),
            ("s3", _) => self.s3(action, p),
            ("http", "invoke") => self.http(p),
            _ => match rules::rule(service, action) {
                Some(rule) => self.apply_rule(state, rule, action, sync, p),
                None => self.not_derived(state, service, action, sync),
            },
        }
    }

    /// An integration whose resources are not derived: its action on `*`, with a note.
    fn not_derived(&mut self, state: &str, service: &str, action: &str, sync: bool) {
        let iam_action = format!("{service}:{}", operation(service, action, false));
        self.allow_any(
            &[service, action],
            &["Its", "Resources", "Are", "Not", "Derived", "Yet"],
            &[iam_action.as_str()],
        );
        self.notes.push(format!(
            "state `{state}`: `{service}:{action}` granted on `*`; narrow it by hand{}",
            if sync {
                " (and add the actions its `.sync` pattern polls with)"
            } else {
                ""
            }
        ));
    }

    /// Grants what a rule of the table says (see [`rules`]).
    fn apply_rule(
        &mut self,
        state: &str,
        rule: &rules::Rule,
        action: &str,
        sync: bool,
        p: Option<&Value>,
    ) {
        for g in rule.grants.iter().filter(|g| sync || !g.sync_only) {
            let mut words = g.sid.to_vec();
            let operation_action;
            let actions: Vec<&str> = if g.actions.is_empty() {
                // The API operation the integration calls (`dynamodb:GetItem`).
                words.push(action);
                operation_action = format!(
                    "{}:{}",
                    rule.service,
                    operation(rule.service, action, false)
                );
                vec![operation_action.as_str()]
            } else {
                g.actions.to_vec()
            };
            self.named(&words, &actions, p, g.key, |c, v| g.arn.arns(c, v));
        }
        if let Some(extras) = rule.sync.as_ref().filter(|_| sync) {
            if let Some((who, because, actions)) = extras.on_any {
                self.allow_any(who, because, actions);
            }
            self.events_rule(extras.managed_rule);
        }
        if let Some(note) = rule.note {
            self.notes.push(format!("state `{state}`: {note}"));
        }
    }

    fn events_rule(&mut self, rule: &str) {
        let arn = self.ctx.events_rule(rule);
        self.allow(
            sid(&["Events", "ManagedRule", "For", "Sync", "Tasks"]),
            &["events:PutTargets", "events:PutRule", "events:DescribeRule"],
            vec![arn],
        );
    }

    fn put_events(&mut self, p: Option<&Value>) {
        let entries = match p {
            Some(Value::Object(m)) if m.contains_key("Entries.$") => None,
            Some(Value::Object(m)) => match m.get("Entries") {
                Some(Value::Array(a)) => Some(a.clone()),
                _ => None,
            },
            _ => None,
        };
        let Some(entries) = entries else {
            self.allow_any(
                &["Events", "PutEvents"],
                &["Entries", "IsComputedAtRunTime"],
                &["events:PutEvents"],
            );
            return;
        };
        for entry in &entries {
            self.named(
                &["Events", "PutEvents"],
                &["events:PutEvents"],
                Some(entry),
                "EventBusName",
                |c, v| vec![c.arn_or_named("events", "event-bus", v)],
            );
            if matches!(field(Some(entry), "EventBusName"), Field::Missing) {
                // `named` granted `*` for a missing bus: the default bus is meant.
                let key = sid(&[
                    "Events",
                    "PutEvents",
                    "OnAnyResourceBecause",
                    "EventBusName",
                    "IsNotGiven",
                ]);
                self.statements.shift_remove(&key);
                let default_bus = self.ctx.arn("events", "event-bus/default");
                self.allow(
                    sid(&["Events", "PutEvents"]),
                    &["events:PutEvents"],
                    vec![default_bus],
                );
            }
        }
    }

    fn sagemaker(&mut self, action: &str, sync: bool, p: Option<&Value>) {
        // (resource type, name field, tracking actions, managed rule)
        let (kind, name_key, track, rule): (&str, &str, &[&str], Option<&str>) = match action {
            "createTrainingJob" => (
                "training-job",
                "TrainingJobName",
                &["sagemaker:DescribeTrainingJob", "sagemaker:StopTrainingJob"],
                Some("StepFunctionsGetEventsForSageMakerTrainingJobsRule"),
            ),
            "createTransformJob" => (
                "transform-job",
                "TransformJobName",
                &[
                    "sagemaker:DescribeTransformJob",
                    "sagemaker:StopTransformJob",
                ],
                Some("StepFunctionsGetEventsForSageMakerTransformJobsRule"),
            ),
            "createHyperParameterTuningJob" => (
                "hyper-parameter-tuning-job",
                "HyperParameterTuningJobName",
                &[
                    "sagemaker:DescribeHyperParameterTuningJob",
                    "sagemaker:StopHyperParameterTuningJob",
                    "sagemaker:ListTrainingJobsForHyperParameterTuningJob",
                ],
                Some("StepFunctionsGetEventsForSageMakerTuningJobsRule"),
            ),
            "createProcessingJob" => (
                "processing-job",
                "ProcessingJobName",
                &[
                    "sagemaker:DescribeProcessingJob",
                    "sagemaker:StopProcessingJob",
                ],
                Some("StepFunctionsGetEventsForSageMakerProcessingJobsRule"),
            ),
            "createLabelingJob" => (
                "labeling-job",
                "LabelingJobName",
                &["sagemaker:DescribeLabelingJob", "sagemaker:StopLabelingJob"],
                None,
            ),
            "createModel" => ("model", "ModelName", &[], None),
            "createEndpointConfig" => ("endpoint-config", "EndpointConfigName", &[], None),
            "createEndpoint" | "updateEndpoint" => ("endpoint", "EndpointName", &[], None),
            _ => ("", "", &[], None),
        };
        let iam_action = format!("sagemaker:{}", operation("sagemaker", action, false));
        if kind.is_empty() {
            self.allow_any(
                &["SageMaker", action],
                &["Its", "Resources", "Are", "Not", "Derived", "Yet"],
                &[iam_action.as_str()],
            );
            return;
        }
        let mut actions = vec![iam_action.as_str()];
        if sync {
            actions.extend(track);
        }
        let ctx = self.ctx;
        match field(p, name_key) {
            Field::Literal(v) => {
                // SageMaker ARNs hold names in lower case.
                let arn = ctx.arn("sagemaker", &format!("{kind}/{}", v.to_ascii_lowercase()));
                self.allow(sid(&["SageMaker", kind]), &actions, vec![arn]);
            }
            _ => {
                let arn = ctx.arn("sagemaker", &format!("{kind}/*"));
                self.allow(
                    sid(&[
                        "SageMaker",
                        kind,
                        "Any",
                        "Name",
                        "Because",
                        name_key,
                        "IsComputedAtRunTime",
                    ]),
                    &actions,
                    vec![arn],
                );
            }
        }
        if sync && let Some(rule) = rule {
            self.events_rule(rule);
        }
        let role_key = if action == "createModel" {
            "ExecutionRoleArn"
        } else {
            "RoleArn"
        };
        if !matches!(field(p, role_key), Field::Missing) {
            let condition =
                json!({"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}});
            match field(p, role_key) {
                Field::Literal(v) => self.allow_if(
                    sid(&["PassRole", "To", "SageMaker"]),
                    &["iam:PassRole"],
                    vec![v.to_owned()],
                    Some(condition),
                ),
                _ => self.allow_if(
                    sid(&[
                        "PassRole",
                        "To",
                        "SageMaker",
                        "AnyRoleBecause",
                        role_key,
                        "IsComputedAtRunTime",
                    ]),
                    &["iam:PassRole"],
                    vec!["*".into()],
                    Some(condition),
                ),
            }
        }
    }

    /// `s3:getObject` / `s3:listObjectsV2` (Distributed Map `ItemReader`) and
    /// `s3:putObject` (`ResultWriter`), and the same calls through `aws-sdk:s3`.
    fn s3(&mut self, action: &str, p: Option<&Value>) {
        let partition = self.ctx.partition.clone();
        let bucket = match field(p, "Bucket") {
            Field::Literal(b) => Some(b.to_owned()),
            _ => None,
        };
        let bucket_arn = |b: &str| format!("arn:{partition}:s3:::{b}");
        match action {
            "listObjectsV2" | "listObjects" | "headBucket" => match bucket {
                Some(b) => self.allow(
                    sid(&["S3", "ListBucket"]),
                    &["s3:ListBucket"],
                    vec![bucket_arn(&b)],
                ),
                None => self.allow(
                    sid(&[
                        "S3",
                        "ListBucket",
                        "OnAnyBucketBecause",
                        "Bucket",
                        "IsComputedAtRunTime",
                    ]),
                    &["s3:ListBucket"],
                    vec!["*".into()],
                ),
            },
            "putObject" => {
                let actions = [
                    "s3:PutObject",
                    "s3:GetObject",
                    "s3:ListMultipartUploadParts",
                    "s3:AbortMultipartUpload",
                ];
                let key = match (field(p, "Key"), field(p, "Prefix")) {
                    (Field::Literal(k), _) => Some(k.to_owned()),
                    (Field::Missing, Field::Literal(prefix)) => Some(format!("{prefix}*")),
                    (Field::Missing, Field::Missing) => Some("*".to_owned()),
                    _ => None,
                };
                match (bucket, key) {
                    (Some(b), Some(k)) => self.allow(
                        sid(&["S3", "WriteObjects"]),
                        &actions,
                        vec![format!("{}/{k}", bucket_arn(&b))],
                    ),
                    (Some(b), None) => self.allow(
                        sid(&[
                            "S3",
                            "WriteObjects",
                            "AnyKeyBecause",
                            "Key",
                            "IsComputedAtRunTime",
                        ]),
                        &actions,
                        vec![format!("{}/*", bucket_arn(&b))],
                    ),
                    (None, _) => self.allow(
                        sid(&[
                            "S3",
                            "WriteObjects",
                            "OnAnyBucketBecause",
                            "Bucket",
                            "IsComputedAtRunTime",
                        ]),
                        &actions,
                        vec!["*".into()],
                    ),
                }
            }
            _ => {
                let iam_action = match action {
                    "headObject" => "s3:GetObject".to_owned(),
                    "deleteObjects" => "s3:DeleteObject".to_owned(),
                    other => format!("s3:{}", operation("s3", other, true)),
                };
                let key = match field(p, "Key") {
                    Field::Literal(k) => Some(k.to_owned()),
                    _ => None,
                };
                match (bucket, key) {
                    (Some(b), Some(k)) => self.allow(
                        sid(&["S3", &iam_action[3..]]),
                        &[iam_action.as_str()],
                        vec![format!("{}/{k}", bucket_arn(&b))],
                    ),
                    (Some(b), None) => self.allow(
                        sid(&[
                            "S3",
                            &iam_action[3..],
                            "AnyKeyBecause",
                            "Key",
                            "IsComputedAtRunTime",
                        ]),
                        &[iam_action.as_str()],
                        vec![format!("{}/*", bucket_arn(&b))],
                    ),
                    (None, _) => self.allow(
                        sid(&[
                            "S3",
                            &iam_action[3..],
                            "OnAnyBucketBecause",
                            "Bucket",
                            "IsComputedAtRunTime",
                        ]),
                        &[iam_action.as_str()],
                        vec!["*".into()],
                    ),
                }
            }
        }
    }

    /// `aws-sdk:SERVICE:action` → `PREFIX:Action`, on the resource the parameters name where
    /// the service is one whose resources we know.
    fn aws_sdk(&mut self, service: &str, action: &str, p: Option<&Value>) {
        let prefix = match service {
            "sfn" => "states",
            "cloudwatchlogs" => "logs",
            "eventbridge" => "events",
            "elasticloadbalancingv2" => "elasticloadbalancing",
            "apigatewayv2" => "apigateway",
            "emrserverless" => "emr-serverless",
            "emrcontainers" => "emr-containers",
            "sesv2" => "ses",
            "mediastoredata" => "mediastore",
            other => other,
        };
        match (service, action) {
            ("s3", _) => return self.s3(action, p),
            ("lambda", "invoke") => {
                return self.named(
                    &["Lambda", "InvokeFunction"],
                    &["lambda:InvokeFunction"],
                    p,
                    "FunctionName",
                    lambda_arns,
                );
            }
            _ => {}
        }
        let iam_action = format!("{prefix}:{}", operation(service, action, true));
        let words = [prefix, action];
        match service {
            "dynamodb" => self.named(&words, &[iam_action.as_str()], p, "TableName", |c, v| {
                vec![c.arn("dynamodb", &format!("table/{v}"))]
            }),
            "sqs" => self.named(&words, &[iam_action.as_str()], p, "QueueUrl", sqs_arn),
            "sns" => self.named(&words, &[iam_action.as_str()], p, "TopicArn", |_, v| {
                vec![v.to_owned()]
            }),
            "sfn" if action.ends_with("Execution") && action != "startExecution" => {
                self.named(&words, &[iam_action.as_str()], p, "ExecutionArn", |_, v| {
                    vec![v.to_owned()]
                })
            }
            "sfn" => self.named(
                &words,
                &[iam_action.as_str()],
                p,
                "StateMachineArn",
                |_, v| vec![v.to_owned()],
            ),
            _ => self.allow_any(
                &[prefix, action],
                &["Its", "Resources", "Are", "Not", "Derived", "Yet"],
                &[iam_action.as_str()],
            ),
        }
    }

    fn http(&mut self, p: Option<&Value>) {
        let target = self.self_arn();
        let mut condition = Map::new();
        if let Field::Literal(m) = field(p, "Method") {
            condition.insert("StringEquals".into(), json!({"states:HTTPMethod": m}));
        }
        if let Field::Literal(e) = field(p, "ApiEndpoint") {
            condition.insert(
                "StringLike".into(),
                json!({"states:HTTPEndpoint": format!("{e}*")}),
            );
        }
        let condition = (!condition.is_empty()).then_some(Value::Object(condition));
        match target {
            Some(arn) => self.allow_if(
                sid(&["Http", "Invoke"]),
                &["states:InvokeHTTPEndpoint"],
                vec![arn],
                condition,
            ),
            None => self.allow_if(
                sid(&[
                    "Http",
                    "Invoke",
                    "OnAnyStateMachineBecause",
                    "Its",
                    "Name",
                    "Is",
                    "Not",
                    "Known",
                ]),
                &["states:InvokeHTTPEndpoint"],
                vec!["*".into()],
                condition,
            ),
        }
        let auth = p.and_then(|p| p.get("Authentication"));
        self.named(
            &["Http", "Connection", "Credentials"],
            &["events:RetrieveConnectionCredentials"],
            auth,
            "ConnectionArn",
            |_, v| vec![v.to_owned()],
        );
        let secrets = format!(
            "arn:{}:secretsmanager:*:*:secret:events!connection/*",
            self.ctx.partition
        );
        self.allow(
            sid(&["Http", "Connection", "Secrets"]),
            &[
                "secretsmanager:GetSecretValue",
                "secretsmanager:DescribeSecret",
            ],
            vec![secrets],
        );
    }

    /// A Distributed Map starts child executions of the state machine itself and reads its
    /// items from / writes its results to S3.
    fn map(&mut self, _name: &str, state: &Value) {
        let distributed = state
            .get("ItemProcessor")
            .and_then(|p| p.get("ProcessorConfig"))
            .and_then(|c| c.get("Mode"))
            .and_then(Value::as_str)
            == Some("DISTRIBUTED");
        if distributed {
            match self.ctx.state_machine_name.clone() {
                Some(name) => {
                    let arn = self.ctx.arn("states", &format!("stateMachine:{name}"));
                    self.allow(
                        sid(&["DistributedMap", "Start", "Child", "Executions"]),
                        &["states:StartExecution"],
                        vec![arn],
                    );
                    let executions = self.ctx.arn("states", &format!("execution:{name}:*"));
                    self.allow(
                        sid(&["DistributedMap", "Manage", "Child", "Executions"]),
                        &["states:DescribeExecution", "states:StopExecution"],
                        vec![executions],
                    );
                }
                None => self.allow(
                    sid(&[
                        "DistributedMap",
                        "Child",
                        "Executions",
                        "OnAnyStateMachineBecause",
                        "Its",
                        "Name",
                        "Is",
                        "Not",
                        "Known",
                    ]),
                    &[
                        "states:StartExecution",
                        "states:DescribeExecution",
                        "states:StopExecution",
                    ],
                    vec!["*".into()],
                ),
            }
        }
        for key in ["ItemReader", "ResultWriter"] {
            let Some(part) = state.get(key) else { continue };
            let Some(resource) = part.get("Resource").and_then(Value::as_str) else {
                continue;
            };
            if let Ok(r) = parse_resource(resource)
                && let Some(Resource::Integration {
                    service, action, ..
                }) = r.shape()
                && service == "s3"
            {
                self.s3(action, params(part));
            }
        }
    }
}

/// The ARNs `lambda:InvokeFunction` needs for a `FunctionName` (a name, a partial ARN or a
/// full ARN, with or without a version or alias).
fn lambda_arns(ctx: &PolicyContext, v: &str) -> Vec<String> {
    let parts: Vec<&str> = v.split(':').collect();
    match parts.as_slice() {
        // arn:partition:lambda:region:account:function:name[:qualifier]
        ["arn", _, "lambda", _, _, "function", _] => vec![v.to_owned(), format!("{v}:*")],
        ["arn", ..] => vec![v.to_owned()],
        // account:function:name[:qualifier]
        [account, "function", name] => {
            let arn = format!(
                "arn:{}:lambda:{}:{account}:function:{name}",
                ctx.partition, ctx.region
            );
            vec![arn.clone(), format!("{arn}:*")]
        }
        [account, "function", name, q] => vec![format!(
            "arn:{}:lambda:{}:{account}:function:{name}:{q}",
            ctx.partition, ctx.region
        )],
        [name, q] => vec![ctx.arn("lambda", &format!("function:{name}:{q}"))],
        _ => {
            let arn = ctx.arn("lambda", &format!("function:{v}"));
            vec![arn.clone(), format!("{arn}:*")]
        }
    }
}

/// `https://sqs.REGION.amazonaws.com/ACCOUNT/NAME` → `arn:PARTITION:sqs:REGION:ACCOUNT:NAME`.
fn sqs_arn(ctx: &PolicyContext, url: &str) -> Vec<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let mut segments = rest.split('/');
    let host = segments.next().unwrap_or("");
    let path: Vec<&str> = segments.filter(|s| !s.is_empty()).collect();
    let region = host
        .strip_prefix("sqs.")
        .and_then(|h| h.split('.').next())
        .unwrap_or(&ctx.region);
    match path.as_slice() {
        [account, name] => vec![format!(
            "arn:{}:sqs:{region}:{account}:{name}",
            ctx.partition
        )],
        _ => vec![ctx.arn("sqs", "*")],
    }
}

/// The executions of a state machine ARN: `…:execution:NAME:*`.
fn execution_arns(state_machine_arn: &str) -> String {
    let parts: Vec<&str> = state_machine_arn.splitn(8, ':').collect();
    match parts.as_slice() {
        [
            "arn",
            partition,
            "states",
            region,
            account,
            "stateMachine",
            name,
            ..,
        ] => {
            format!("arn:{partition}:states:{region}:{account}:execution:{name}:*")
        }
        _ => "*".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(def: &str) -> Value {
        let machine = StateMachine::from_json(def).unwrap();
        execution_role_policy(
            &machine,
            &PolicyContext::new("aws", "us-east-1", "123456789012").state_machine_name("Me"),
        )
        .to_value()
    }

    #[test]
    fn walks_branches_and_processors() {
        let p = policy(
            r#"{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
              {"StartAt":"S","States":{"S":{"Type":"Task","Resource":"arn:aws:states:::sns:publish",
                 "Parameters":{"TopicArn":"arn:aws:sns:us-east-1:123456789012:t","Message":"m"},"End":true}}},
              {"StartAt":"M","States":{"M":{"Type":"Map","End":true,"ItemProcessor":{"StartAt":"Q","States":{
                 "Q":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage",
                      "Parameters":{"QueueUrl":"https://sqs.eu-west-1.amazonaws.com/123456789012/q","MessageBody.$":"$"},"End":true}}}}}}
            ]}}}"#,
        );
        let s = &p["Statement"];
        assert_eq!(s[0]["Action"], json!(["sns:Publish"]));
        assert_eq!(
            s[0]["Resource"],
            json!(["arn:aws:sns:us-east-1:123456789012:t"])
        );
        assert_eq!(s[1]["Action"], json!(["sqs:SendMessage"]));
        assert_eq!(
            s[1]["Resource"],
            json!(["arn:aws:sqs:eu-west-1:123456789012:q"])
        );
    }

    #[test]
    fn dynamic_names_fall_back_to_any_resource_with_a_reason() {
        let p = policy(
            r#"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
               "Parameters":{"FunctionName.$":"$.fn"},"End":true}}}"#,
        );
        let s = &p["Statement"][0];
        assert_eq!(s["Resource"], json!(["*"]));
        assert_eq!(
            s["Sid"],
            "LambdaInvokeFunctionOnAnyResourceBecauseFunctionNameIsComputedAtRunTime"
        );
    }

    #[test]
    fn nested_sync_execution_and_dynamodb_and_sdk() {
        let p = policy(
            r#"{"StartAt":"A","States":{
              "A":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution.sync:2",
                   "Parameters":{"StateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:child"},"Next":"B"},
              "B":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:putItem",
                   "Parameters":{"TableName":"orders","Item":{}},"Next":"C"},
              "C":{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:ec2:describeInstances","End":true}}}"#,
        );
        let s = p["Statement"].as_array().unwrap();
        assert_eq!(s[0]["Action"], json!(["states:StartExecution"]));
        assert_eq!(
            s[1]["Resource"],
            json!(["arn:aws:states:us-east-1:123456789012:execution:child:*"])
        );
        assert_eq!(
            s[2]["Resource"],
            json!([
                "arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"
            ])
        );
        assert_eq!(s[3]["Action"], json!(["dynamodb:PutItem"]));
        assert_eq!(
            s[3]["Resource"],
            json!(["arn:aws:dynamodb:us-east-1:123456789012:table/orders"])
        );
        assert_eq!(s[4]["Action"], json!(["ec2:DescribeInstances"]));
        assert_eq!(s[4]["Resource"], json!(["*"]));
    }

    #[test]
    fn distributed_map_reads_and_writes_s3_and_starts_itself() {
        let p = policy(
            r#"{"StartAt":"M","States":{"M":{"Type":"Map","End":true,
              "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSON"},
                            "Parameters":{"Bucket":"in","Key":"items.json"}},
              "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"out","Prefix":"res/"}},
              "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                 "StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}}}}"#,
        );
        let s = p["Statement"].as_array().unwrap();
        assert_eq!(s[0]["Action"], json!(["states:StartExecution"]));
        assert_eq!(
            s[0]["Resource"],
            json!(["arn:aws:states:us-east-1:123456789012:stateMachine:Me"])
        );
        assert_eq!(s[2]["Action"], json!(["s3:GetObject"]));
        assert_eq!(s[2]["Resource"], json!(["arn:aws:s3:::in/items.json"]));
        assert_eq!(s[3]["Resource"], json!(["arn:aws:s3:::out/res/*"]));
    }

    #[test]
    fn sagemaker_sync_and_pass_role() {
        let p = policy(
            r#"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sagemaker:createTrainingJob.sync",
               "Parameters":{"TrainingJobName.$":"$.name","RoleArn":"arn:aws:iam::123456789012:role/sm"},"End":true}}}"#,
        );
        let s = p["Statement"].as_array().unwrap();
        assert_eq!(
            s[0]["Action"],
            json!([
                "sagemaker:CreateTrainingJob",
                "sagemaker:DescribeTrainingJob",
                "sagemaker:StopTrainingJob"
            ])
        );
        assert_eq!(
            s[0]["Resource"],
            json!(["arn:aws:sagemaker:us-east-1:123456789012:training-job/*"])
        );
        assert!(
            s[1]["Resource"][0]
                .as_str()
                .unwrap()
                .ends_with("StepFunctionsGetEventsForSageMakerTrainingJobsRule")
        );
        assert_eq!(s[2]["Action"], json!(["iam:PassRole"]));
        assert_eq!(
            s[2]["Condition"]["StringEquals"]["iam:PassedToService"],
            "sagemaker.amazonaws.com"
        );
    }

    #[test]
    fn action_names_come_from_the_api_models() {
        // EMR's `createCluster` calls RunJobFlow (the overlay says so): its IAM action is
        // `elasticmapreduce:RunJobFlow`, not a `CreateCluster` that does not exist.
        let p = policy(
            r#"{"StartAt":"C","States":{"C":{"Type":"Task","Resource":"arn:aws:states:::elasticmapreduce:createCluster.sync",
                "Parameters":{"Name":"c","ReleaseLabel":"emr-7.0.0","Instances":{},"JobFlowRole":"r","ServiceRole":"s"},"End":true}}}"#,
        );
        let actions: Vec<&Value> = p["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["Action"].as_array().unwrap())
            .collect();
        assert!(
            actions.contains(&&json!("elasticmapreduce:RunJobFlow")),
            "{p}"
        );
        assert_eq!(operation("dynamodb", "getItem", false), "GetItem");
        assert_eq!(
            operation("rds", "describe_db_instances", true),
            "DescribeDBInstances"
        );
        // Not in the models: capitalised.
        assert_eq!(operation("nosuch", "doThing", true), "DoThing");
    }

    #[test]
    fn lambda_function_names() {
        let c = PolicyContext::new("aws", "us-east-1", "1");
        assert_eq!(
            lambda_arns(&c, "f"),
            [
                "arn:aws:lambda:us-east-1:1:function:f",
                "arn:aws:lambda:us-east-1:1:function:f:*"
            ]
        );
        assert_eq!(
            lambda_arns(&c, "f:prod"),
            ["arn:aws:lambda:us-east-1:1:function:f:prod"]
        );
        assert_eq!(
            lambda_arns(&c, "arn:aws:lambda:eu-west-1:2:function:g:3"),
            ["arn:aws:lambda:eu-west-1:2:function:g:3"]
        );
        assert_eq!(lambda_arns(&c, "2:function:g").len(), 2);
    }
}

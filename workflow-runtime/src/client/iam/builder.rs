//! Collects the statements of a policy: one per statement id, actions and resources merged,
//! in the order the definition first needs them; and the statement ids and IAM action names.

use super::fields::RequestField;
use super::request::{Field, Request};
use super::{Policy, PolicyContext, Statement};
use indexmap::IndexMap;
use serde_json::Value;

/// The policy being built.
pub(super) struct Builder<'c> {
    /// The account and state machine the ARNs name.
    pub(super) ctx: &'c PolicyContext,
    /// The statements by statement id.
    pub(super) statements: IndexMap<String, Statement>,
    /// What could not be derived, for a human to check.
    pub(super) notes: Vec<String>,
}

impl<'c> Builder<'c> {
    /// An empty policy for `ctx`.
    pub(super) fn new(ctx: &'c PolicyContext) -> Self {
        Builder {
            ctx,
            statements: IndexMap::new(),
            notes: Vec::new(),
        }
    }

    /// The policy.
    pub(super) fn finish(self) -> Policy {
        Policy {
            statements: self.statements.into_values().collect(),
            notes: self.notes,
        }
    }

    /// Allows `actions` on `*`, with a statement id saying who and why (`because`), as in
    /// `SnsPublishOnAnyResourceBecauseItSendsToAPhoneNumber`.
    pub(super) fn allow_any(&mut self, who: &[&str], because: &[&str], actions: &[&str]) {
        let words: Vec<&str> = who
            .iter()
            .chain(&["OnAnyResourceBecause"])
            .chain(because)
            .copied()
            .collect();
        self.allow(sid(&words), actions, vec!["*".into()]);
    }

    /// Allows `actions` on `resources` under the statement id `sid`.
    pub(super) fn allow(&mut self, sid: String, actions: &[&str], resources: Vec<String>) {
        self.allow_if(sid, actions, resources, None);
    }

    /// Allows `actions` on `resources` under the statement id `sid`, with an IAM `Condition`
    /// (kept from the statement's first grant).
    pub(super) fn allow_if(
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

    /// The state machine's own ARN, when its name is known.
    pub(super) fn self_arn(&self) -> Option<String> {
        let name = self.ctx.state_machine_name.as_deref()?;
        Some(self.ctx.state_machine_arn(name))
    }

    /// Allows `actions` on the resource the request's `field` names, or on `*` with a Sid
    /// saying the field is computed at run time or not given.
    pub(super) fn named(
        &mut self,
        base_sid: &[&str],
        actions: &[&str],
        request: Request<'_>,
        field: RequestField,
        to_arns: impl Fn(&PolicyContext, &str) -> Vec<String>,
    ) {
        let key = field.name();
        match request.field(field) {
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

    /// Allows what Step Functions needs to manage the EventBridge rule `rule`, by which it
    /// learns that a `.sync` job ended.
    pub(super) fn events_rule(&mut self, rule: &str) {
        let arn = self.ctx.events_rule(rule);
        self.allow(
            sid(&["Events", "ManagedRule", "For", "Sync", "Tasks"]),
            &["events:PutTargets", "events:PutRule", "events:DescribeRule"],
            vec![arn],
        );
    }
}

/// The words ending the statement id of a grant on any state machine because the context
/// does not name this one (`HttpInvokeOnAnyStateMachineBecauseItsNameIsNotKnown`).
pub(super) const ITS_NAME_IS_NOT_KNOWN: &[&str] = &[
    "OnAnyStateMachineBecause",
    "Its",
    "Name",
    "Is",
    "Not",
    "Known",
];

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
pub(super) fn operation(service: &str, action: &str, sdk: bool) -> String {
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
pub(super) fn sid(words: &[&str]) -> String {
    words
        .iter()
        .flat_map(|w| w.split(|c: char| !c.is_ascii_alphanumeric()))
        .map(capitalise)
        .collect()
}

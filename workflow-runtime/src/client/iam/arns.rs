//! The ARNs a policy grants: the account's resources by kind and name, and the ARNs that
//! Lambda function names, SQS queue URLs and state machine ARNs stand for.

use super::PolicyContext;
use crate::aws_models::{
    Arn, LambdaFunctionRef, MachineName, ResourceType, StatesArn, StatesResource,
};

impl PolicyContext {
    /// `arn:PARTITION:service:REGION:ACCOUNT:rest`.
    pub(super) fn arn(&self, service: &str, rest: &str) -> String {
        self.arn_of(service, &self.account, rest)
    }

    /// `arn:PARTITION:service:REGION:account:rest`: a resource of `account` in this partition
    /// and region.
    fn arn_of(&self, service: &str, account: &str, rest: &str) -> String {
        Arn {
            partition: &self.partition,
            service,
            region: &self.region,
            account,
            resource: rest,
        }
        .to_string()
    }

    /// The Step Functions `resource` of this partition, region and account.
    pub(super) fn states_arn(&self, resource: StatesResource) -> String {
        StatesArn {
            partition: self.partition.clone(),
            region: self.region.clone(),
            account: self.account.clone(),
            resource,
        }
        .to_string()
    }

    /// The state machine `name` of this account.
    pub(super) fn state_machine_arn(&self, name: &str) -> String {
        self.states_arn(StatesResource::state_machine(MachineName::new(name)))
    }

    /// Every execution of the state machine `name` of this account: `…:execution:NAME:*`.
    pub(super) fn executions_of(&self, name: &str) -> String {
        self.states_arn(StatesResource::Execution {
            machine: MachineName::new(name),
            name: "*".into(),
        })
    }

    /// The ARN `value` names: `value` itself when it is an ARN, else the resource
    /// `{kind}/{value}` of `service` in this account.
    pub(super) fn arn_or_named(&self, service: &str, kind: &str, value: &str) -> String {
        if value.starts_with("arn:") {
            value.to_owned()
        } else {
            self.arn(service, &format!("{kind}/{value}"))
        }
    }

    /// The ARN of a revisioned resource (a Batch job definition, an ECS task definition):
    /// `value` itself when it is an ARN, that revision for `name:revision`, and every
    /// revision for a bare name.
    pub(super) fn revisioned_arn(&self, service: &str, kind: &str, value: &str) -> String {
        if value.contains(':') {
            // An ARN, or `name:revision`.
            self.arn_or_named(service, kind, value)
        } else {
            self.arn(service, &format!("{kind}/{value}:*"))
        }
    }

    /// The EventBridge rule `rule` of this account (Step Functions' managed rules).
    pub(super) fn events_rule(&self, rule: &str) -> String {
        self.arn("events", &format!("rule/{rule}"))
    }
}

/// The ARNs `lambda:InvokeFunction` needs for a `FunctionName` (a name, a partial ARN or a
/// full ARN, with or without a version or alias).
///
/// An unqualified function is granted with its versions and aliases (`…:function:f` and
/// `…:function:f:*`); a qualified one alone. A name or partial ARN is placed in the policy's
/// partition, region and account (the account of a partial ARN kept). Text in none of
/// Lambda's forms is granted as written when it is an ARN (another resource), else as a
/// function's name.
pub(super) fn lambda_arns(ctx: &PolicyContext, v: &str) -> Vec<String> {
    let Some(function) = LambdaFunctionRef::parse(v) else {
        return if Arn::parse(v).is_some() {
            vec![v.to_owned()]
        } else {
            let arn = ctx.arn("lambda", &format!("function:{v}"));
            vec![arn.clone(), format!("{arn}:*")]
        };
    };
    let unqualified = LambdaFunctionRef {
        qualifier: None,
        ..function
    };
    let arn = match (function.partition, function.account) {
        (Some(_), _) => unqualified.to_string(),
        (None, Some(account)) => {
            ctx.arn_of("lambda", account, &format!("function:{}", function.name))
        }
        (None, None) => ctx.arn("lambda", &format!("function:{}", function.name)),
    };
    match function.qualifier {
        Some(qualifier) => vec![format!("{arn}:{qualifier}")],
        None => vec![arn.clone(), format!("{arn}:*")],
    }
}

/// `https://sqs.REGION.amazonaws.com/ACCOUNT/NAME` → `arn:PARTITION:sqs:REGION:ACCOUNT:NAME`.
pub(super) fn sqs_arn(ctx: &PolicyContext, url: &str) -> Vec<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let mut segments = rest.split('/');
    let host = segments.next().unwrap_or("");
    let path: Vec<&str> = segments.filter(|s| !s.is_empty()).collect();
    let region = host
        .strip_prefix("sqs.")
        .and_then(|h| h.split('.').next())
        .unwrap_or(&ctx.region);
    match path.as_slice() {
        [account, name] => vec![
            Arn {
                partition: &ctx.partition,
                service: "sqs",
                region,
                account,
                resource: name,
            }
            .to_string(),
        ],
        _ => vec![ctx.arn("sqs", "*")],
    }
}

/// The executions of a state machine ARN (a version's or an alias's too):
/// `…:execution:NAME:*`; `*` for what is not a state machine's ARN.
pub(super) fn execution_arns(state_machine_arn: &str) -> String {
    match StatesArn::parse(state_machine_arn) {
        Ok(arn) if arn.kind() == ResourceType::StateMachine => match arn.machine() {
            Some(machine) => arn
                .sibling(StatesResource::Execution {
                    machine: machine.clone(),
                    name: "*".into(),
                })
                .to_string(),
            None => "*".to_owned(),
        },
        _ => "*".to_owned(),
    }
}

//! A Task state's permissions: its resource classified (an optimized integration, an AWS SDK
//! integration, a Lambda function ARN, an activity, an HTTP endpoint, a substitution), the
//! optimized integrations of the rule table granted by it, the others sent to their modules.

use super::arns::lambda_arns;
use super::builder::{Builder, operation, sid};
use super::request::Request;
use super::rules;
use crate::asl::TaskState;
use workflow_aws_models::{Pattern, Resource, ResourceKind};

impl Builder<'_> {
    /// Grants what the Task state `name` calls.
    pub(super) fn task(&mut self, name: &str, task: &TaskState) {
        let resource = &task.resource;
        let request = Request::of(task.parameters.as_ref(), task.arguments.as_ref());
        match resource.kind() {
            Ok(kind) => self.resource(name, resource, kind, request),
            Err(_) => self.notes.push(format!(
                "state `{name}`: `{resource}` is not a valid Task resource"
            )),
        }
    }

    /// Grants what `kind` (what `resource` of the Task state `state` names) calls.
    fn resource(
        &mut self,
        state: &str,
        resource: &Resource,
        kind: &ResourceKind,
        request: Request<'_>,
    ) {
        let text = resource.as_str();
        match kind {
            ResourceKind::Integration { integration, .. } if integration.is_sdk() => {
                self.aws_sdk(integration.service(), &integration.action(), request);
            }
            ResourceKind::Integration { integration, .. } => self.integration(
                state,
                integration.service(),
                &integration.action(),
                integration.pattern(),
                request,
            ),
            ResourceKind::LambdaFunction { .. } => {
                let resources = lambda_arns(self.ctx, text);
                self.allow(
                    sid(&["Lambda", "InvokeFunction"]),
                    &["lambda:InvokeFunction"],
                    resources,
                );
            }
            ResourceKind::Activity { .. } => {} // workers call the activity, not the role
            ResourceKind::Other => self.notes.push(format!(
                "state `{state}`: no permission derived for the resource `{text}`"
            )),
            ResourceKind::Substituted {
                known_shape: Some(shape),
                ..
            } => self.resource(state, resource, shape, request),
            ResourceKind::Substituted {
                known_shape: None,
                substitutions,
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

    /// Grants what the optimized integration `service:action` calls.
    fn integration(
        &mut self,
        state: &str,
        service: &str,
        action: &str,
        pattern: Pattern,
        request: Request<'_>,
    ) {
        let sync = matches!(pattern, Pattern::Sync | Pattern::Sync2);
        match (service, action) {
            ("sns", "publish") => self.sns_publish(request),
            ("events", "putEvents") => self.put_events(request),
            ("sagemaker", _) => self.sagemaker(action, sync, request),
            ("s3", _) => self.s3(action, request),
            ("http", "invoke") => self.http(request),
            _ => match rules::rule(service, action) {
                Some(rule) => self.apply_rule(state, rule, action, sync, request),
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
        request: Request<'_>,
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
            self.named(&words, &actions, request, g.field, |c, v| g.arn.arns(c, v));
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
}

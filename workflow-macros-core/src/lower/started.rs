//! `workflow(Child)`: a typed reference to another `workflow!`, written as the
//! `StateMachineArn` of a Task that starts it (`states::start_execution` with any pattern,
//! `aws_sdk::sfn::start_execution`, `aws_sdk::sfn::start_sync_execution`).
//!
//! The state machine's ARN is not known before it is deployed: the definition holds the
//! deployment substitution `${ChildArn}` in its place, listed in `Workflow::SUBSTITUTIONS` and
//! in `Workflow::STARTED` with the started workflow's name and type, so that the deployment
//! client fills it in with the ARN the state machine `Child::NAME` has beside the workflow.
//! The generated code names `Child`'s type at the user's token, so a reference to no workflow
//! is a compile error there, and checks the rule that depends on the started workflow's type at
//! compile time ([`crate::codegen`]): `StartSyncExecution` starts EXPRESS state machines only
//! (the Step Functions API Reference, StartSyncExecution: "StartSyncExecution is not available
//! for STANDARD workflows"; Step Functions fails the Task with
//! `Sfn.StateMachineTypeNotSupportedException`). Starting an EXPRESS workflow with `.sync` or
//! `.sync:2` is allowed (the Developer Guide's "Selective checkpointing" sample, in which a
//! STANDARD workflow starts its EXPRESS child with `states:startExecution.sync:2` and waits for
//! it): nothing to check.

use super::Cx;
use proc_macro2::Span;
use serde_json::Value as Json;
use workflow_asl::{Pointer, StateMachine};

/// A typed reference to another workflow, where it is written and what starts it.
pub(crate) struct StartedRef {
    /// The workflow's type, as written.
    pub path: syn::Path,
    /// The deployment substitution standing for its ARN (`ChildArn`).
    pub substitution: String,
    /// Where `workflow(…)` is written.
    pub span: Span,
    /// The pointer of the `StateMachineArn` member that holds it.
    pub at: Pointer,
    /// The Task state that starts it (known once the machine is lowered).
    pub state: String,
    /// Whether the Task starts it with `StartSyncExecution` (EXPRESS machines only).
    pub sync_execution: bool,
}

/// The value `workflow(path)` written at `at` lowers to: the substitution of its ARN.
pub(super) fn lower(cx: &mut Cx<'_>, path: &syn::Path, span: Span, at: &Pointer) -> Option<Json> {
    if at.segments().last().as_deref() != Some("StateMachineArn") {
        cx.error(
            span,
            "`workflow(…)` names another workflow's state machine: it is the `StateMachineArn` of a Task that starts it (`states::start_execution`, `aws_sdk::sfn::start_sync_execution`)",
        );
        return None;
    }
    let last = path.segments.last()?.ident.to_string();
    let substitution = format!("{last}Arn");
    if !cx.used_substitutions.contains(&substitution) {
        cx.used_substitutions.push(substitution.clone());
    }
    cx.started.push(StartedRef {
        path: path.clone(),
        substitution: substitution.clone(),
        span,
        at: at.clone(),
        state: String::new(),
        sync_execution: false,
    });
    Some(Json::String(format!("${{{substitution}}}")))
}

/// Places each reference of `cx` in the Task that holds it, which must start an execution;
/// an error on the reference otherwise.
pub(super) fn place(cx: &mut Cx<'_>, machine: &StateMachine) {
    if cx.started.is_empty() {
        return;
    }
    let walk = machine.walk();
    let mut errors = Vec::new();
    for started in &mut cx.started {
        let found = walk.tasks().find_map(|(s, task)| {
            let state = s.scope.state_pointer(s.name);
            let direct = ["Parameters", "Arguments"]
                .iter()
                .any(|field| state.key(field).key("StateMachineArn") == started.at);
            direct.then_some((s.name, task))
        });
        let starts = found.and_then(|(name, task)| {
            let integration = task.resource.integration()?;
            let action = integration.action();
            let sync_execution =
                match (integration.is_sdk(), integration.service(), action.as_str()) {
                    (false, "states", "startExecution") => false,
                    (true, "sfn", "startExecution") => false,
                    (true, "sfn", "startSyncExecution") => true,
                    _ => return None,
                };
            Some((name, sync_execution))
        });
        match starts {
            Some((name, sync_execution)) => {
                started.state = name.to_owned();
                started.sync_execution = sync_execution;
            }
            None => errors.push(syn::Error::new(
                started.span,
                "`workflow(…)` is the state machine a Task starts: the `StateMachineArn` of `states::start_execution` (any pattern), `aws_sdk::sfn::start_execution` or `aws_sdk::sfn::start_sync_execution`",
            )),
        }
    }
    cx.started.retain(|s| !s.state.is_empty());
    cx.errors.extend(errors);
}

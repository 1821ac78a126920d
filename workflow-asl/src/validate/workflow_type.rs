//! What AWS allows by the type of the workflow a state runs in: one rule set for an EXPRESS
//! state machine ([`ValidationOptions::machine_type`](super::ValidationOptions)) and for the
//! EXPRESS child workflows of a Distributed Map (`"ExecutionType": "EXPRESS"` in its
//! `ProcessorConfig`), which are EXPRESS workflows too.
//!
//! - **Integration patterns and activities.** "Express Workflows support Request Response, but
//!   they do not support Run a Job (.sync) or Wait for Callback (.waitForTaskToken)"; nor
//!   activities (AWS Step Functions Developer Guide, "Optimized integrations for Step
//!   Functions" and "Choosing workflow type in Step Functions"). An EXPRESS machine is refused
//!   when it is created, in AWS's words (`SCHEMA_VALIDATION_FAILED: Express state machine does
//!   not support '.sync' service integration`, recorded for `.waitForTaskToken` by
//!   `ValidateStateMachineDefinition`); a Task in EXPRESS child workflows is reported as
//!   `UNSUPPORTED_INTEGRATION_PATTERN`.
//! - **Five minutes.** An EXPRESS execution runs at most five minutes ("Choosing workflow
//!   type": maximum duration 5 minutes; a Distributed Map's EXPRESS child workflow likewise,
//!   "Using Map state in Distributed mode"), then ends `TIMED_OUT`: a machine `TimeoutSeconds`,
//!   a Wait's `Seconds`, a Task's `TimeoutSeconds` or a retrier's `IntervalSeconds` past 300
//!   never applies, the execution times out first (`PAST_EXPRESS_DURATION`, a warning: AWS
//!   accepts the definition).
//!
//! The type of a workflow *started* by a Task (`states:startExecution`) restricts nothing
//! here: a STANDARD workflow may start an EXPRESS one with `.sync` or `.sync:2` and wait for it
//! (the Developer Guide's "Selective checkpointing" sample, `selective-checkpointing` in
//! `../shared/asl-corpus`); only the parent's own type limits its patterns. The `workflow!`
//! macro checks the rule that does depend on the started workflow's type
//! (`aws-sdk:sfn:startSyncExecution` starts EXPRESS machines only) on a typed reference.

use super::{Cx, Scope};
use crate::diagnostic::{Field, Message, Term, message};
use crate::model::{ExecutionType, Expr, State, StateMachine, ValueOrPath, WaitDuration};
use crate::{Code, Pointer};
use workflow_aws_models::{Pattern, ResourceKind};

/// The longest an EXPRESS execution runs, in seconds (five minutes).
pub const MAX_EXPRESS_SECONDS: u64 = 300;

/// Which workflow a scope's states run in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Runs<'m> {
    /// A STANDARD workflow (the machine, or a Distributed Map's STANDARD children).
    Standard,
    /// The EXPRESS state machine itself.
    ExpressMachine,
    /// The EXPRESS child workflows of this Distributed Map.
    ExpressChildren(&'m str),
}

impl Runs<'_> {
    /// The workflows a state runs in, as a message names them.
    fn named(self) -> String {
        match self {
            Runs::Standard => "a STANDARD workflow".to_owned(),
            Runs::ExpressMachine => "an EXPRESS workflow".to_owned(),
            Runs::ExpressChildren(map) => {
                format!("the EXPRESS child workflows of Distributed Map `{map}`")
            }
        }
    }

    /// One of them, as a message names it.
    fn each(self) -> String {
        match self {
            Runs::ExpressChildren(map) => {
                format!("each EXPRESS child workflow of Distributed Map `{map}`")
            }
            other => other.named(),
        }
    }

    /// The fix that makes it STANDARD.
    fn standard(self) -> Term {
        match self {
            Runs::ExpressChildren(_) => Term::StandardChildren,
            _ => Term::StandardWorkflow,
        }
    }
}

/// Every rule of the type of the workflow each state runs in.
pub(crate) fn check_workflow_types(cx: &mut Cx<'_>, machine: &StateMachine, scopes: &[Scope<'_>]) {
    let runs = kinds(cx.options.machine_type, scopes);
    if cx.options.machine_type == ExecutionType::Express
        && let Some(t) = machine.timeout_seconds
        && t > MAX_EXPRESS_SECONDS
    {
        cx.warning(
            Code::PastExpressDuration,
            Pointer::root().key("TimeoutSeconds"),
            message![
                Field::TimeoutSeconds,
                format!(
                    " is {t} seconds, but an EXPRESS workflow runs at most {MAX_EXPRESS_SECONDS} (five minutes) and ends `TIMED_OUT` then; lower "
                ),
                Field::TimeoutSeconds,
                format!(" to at most {MAX_EXPRESS_SECONDS}, or "),
                Term::StandardWorkflow
            ],
        );
    }
    for (scope, runs) in scopes.iter().zip(runs) {
        if runs == Runs::Standard {
            continue;
        }
        for (name, state) in scope.states {
            let at = scope.state_pointer(name);
            check_state(cx, (name, state, &at), runs);
        }
    }
}

/// The workflow each scope runs in, by its index.
fn kinds<'m>(machine: ExecutionType, scopes: &[Scope<'m>]) -> Vec<Runs<'m>> {
    let mut out: Vec<Runs<'m>> = Vec::with_capacity(scopes.len());
    for scope in scopes {
        let inherited = scope
            .parent
            .and_then(|p| out.get(p).copied())
            .unwrap_or(match machine {
                ExecutionType::Express => Runs::ExpressMachine,
                ExecutionType::Standard => Runs::Standard,
            });
        let runs = match (scope.is_distributed_iteration(), scope.owner()) {
            (true, Some(map)) => {
                let children = scope
                    .parent
                    .and_then(|p| scopes.get(p))
                    .and_then(|parent| parent.states.get(map))
                    .and_then(|state| match state {
                        State::Map(m) => m.item_processor.processor_config.as_ref(),
                        _ => None,
                    })
                    .and_then(|c| c.execution_type);
                match children {
                    // In an EXPRESS machine, its rules already hold everywhere (AWS refuses
                    // the machine, once).
                    Some(ExecutionType::Express) if machine == ExecutionType::Express => {
                        Runs::ExpressMachine
                    }
                    Some(ExecutionType::Express) => Runs::ExpressChildren(map),
                    // `STANDARD`, the service's default.
                    _ => Runs::Standard,
                }
            }
            _ => inherited,
        };
        out.push(runs);
    }
    out
}

/// The rules of an EXPRESS workflow over one of its states.
fn check_state(cx: &mut Cx<'_>, (name, state, at): (&str, &State, &Pointer), runs: Runs<'_>) {
    match state {
        State::Task(task) => {
            if let Some((why, fix)) = task.resource.shape().and_then(express_problem) {
                match (runs, task.resource.express_refusal()) {
                    (Runs::ExpressMachine, Some(refusal)) => cx.error(
                        Code::SchemaValidationFailed,
                        at.key("Resource"),
                        message![
                            format!("{refusal}: Task state `{name}` "),
                            why,
                            ", but express workflows support only request-response integrations; ",
                            fix,
                            ", or ",
                            Term::StandardWorkflow
                        ],
                    ),
                    _ => cx.error(
                        Code::UnsupportedIntegrationPattern,
                        at.key("Resource"),
                        message![
                            format!("Task state `{name}` "),
                            why,
                            format!(
                                ", but it runs in {}, and express workflows support only request-response integrations; ",
                                runs.named()
                            ),
                            fix,
                            ", or ",
                            runs.standard()
                        ],
                    ),
                }
            }
            if let Some(ValueOrPath::Value(Expr::Literal(t))) = &task.timeout {
                past(
                    cx,
                    at.key("TimeoutSeconds"),
                    (Field::TimeoutSeconds, *t),
                    &format!("Task state `{name}` times out after {t} seconds"),
                    runs,
                );
            }
        }
        State::Wait(wait) => {
            if let WaitDuration::Seconds(Expr::Literal(n)) = &wait.duration {
                past(
                    cx,
                    at.key("Seconds"),
                    (Field::Seconds, *n),
                    &format!("Wait state `{name}` waits {n} seconds"),
                    runs,
                );
            }
        }
        _ => {}
    }
    for (i, retrier) in state.retriers().unwrap_or_default().iter().enumerate() {
        if let Some(interval) = retrier.interval_seconds {
            past(
                cx,
                at.key("Retry").index(i).key("IntervalSeconds"),
                (Field::IntervalSeconds, interval),
                &format!("a retrier of `{name}` waits {interval} seconds before its first retry"),
                runs,
            );
        }
    }
}

/// Why a resource cannot run in an EXPRESS workflow, and how to make it run there: an
/// activity, or a pattern other than request-response.
fn express_problem(shape: &ResourceKind) -> Option<(Message, Message)> {
    match shape {
        ResourceKind::Activity { .. } => Some((
            "calls an activity".into(),
            "call a Lambda function or a service integration instead".into(),
        )),
        ResourceKind::Integration { integration, .. } => {
            let pattern = integration.pattern();
            let kind = match pattern {
                Pattern::RequestResponse => return None,
                Pattern::Sync => "run a job",
                Pattern::Sync2 => "run a job, JSON output",
                Pattern::WaitForTaskToken => "callback",
            };
            Some((
                message![
                    "uses the ",
                    Term::PatternSuffix(pattern),
                    format!(" ({kind}) integration pattern")
                ],
                message![
                    "remove ",
                    Term::PatternSuffix(pattern),
                    " from the resource"
                ],
            ))
        }
        _ => None,
    }
}

/// `PAST_EXPRESS_DURATION` at `pointer` when `seconds` (of `field`) is past five minutes.
fn past(
    cx: &mut Cx<'_>,
    pointer: Pointer,
    (field, seconds): (Field, u64),
    what: &str,
    runs: Runs<'_>,
) {
    if seconds <= MAX_EXPRESS_SECONDS {
        return;
    }
    cx.warning(
        Code::PastExpressDuration,
        pointer,
        message![
            format!(
                "{what}, but {} runs at most {MAX_EXPRESS_SECONDS} seconds (five minutes) and ends `TIMED_OUT` first; lower ",
                runs.each()
            ),
            field,
            format!(" to at most {MAX_EXPRESS_SECONDS}, or "),
            runs.standard()
        ],
    );
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{assert_none, assert_one};
    use crate::{Code, Diagnostic, ExecutionType, Severity, ValidationOptions};

    fn express(text: &str) -> Vec<Diagnostic> {
        crate::check_with(
            text,
            &ValidationOptions {
                machine_type: ExecutionType::Express,
                ..Default::default()
            },
        )
    }

    /// A machine with one Task state `T` holding `fields`.
    fn one_task(fields: &str) -> String {
        format!(
            r#"{{"StartAt": "T", "States": {{"T": {{"Type": "Task", {fields}, "End": true}}}}}}"#
        )
    }

    #[test]
    fn express_machines_accept_only_request_response() {
        let d = express(&one_task(
            r#""Resource": "arn:aws:states:::glue:startJobRun.sync""#,
        ));
        assert_one(
            &d,
            Code::SchemaValidationFailed,
            "/States/T/Resource",
            "Express state machine does not support '.sync' service integration: Task state `T`",
        );
        let d = express(&one_task(
            r#""Resource": "arn:aws:states:us-east-1:123456789012:activity:Name""#,
        ));
        assert_one(
            &d,
            Code::SchemaValidationFailed,
            "/States/T/Resource",
            "Express state machine does not support Activity ARN: Task state `T` calls an activity",
        );
        let d = express(&one_task(
            r#""Resource": "arn:${AWS::Partition}:states:::states:startExecution.sync:2""#,
        ));
        assert_one(
            &d,
            Code::SchemaValidationFailed,
            "/States/T/Resource",
            "remove `.sync:2`",
        );
        assert_none(
            &express(&one_task(r#""Resource": "arn:aws:states:::lambda:invoke""#)),
            Code::SchemaValidationFailed,
        );
        // The same `.sync` task is fine in a standard machine.
        assert_none(
            &crate::check(&one_task(
                r#""Resource": "arn:aws:states:::glue:startJobRun.sync""#,
            )),
            Code::SchemaValidationFailed,
        );
    }

    fn coded(d: &[Diagnostic], code: Code) -> Vec<&Diagnostic> {
        d.iter().filter(|d| d.code == code).collect()
    }

    #[test]
    fn an_express_workflow_runs_five_minutes_at_most() {
        let text = r#"{"TimeoutSeconds": 600, "StartAt": "W", "States": {
            "W": {"Type": "Wait", "Seconds": 400, "Next": "T"},
            "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "f"}, "TimeoutSeconds": 301,
                "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 900}], "End": true}}}"#;
        let d = express(text);
        let past = coded(&d, Code::PastExpressDuration);
        let at: Vec<String> = past.iter().map(|d| d.pointer.to_string()).collect();
        assert_eq!(
            at,
            [
                "/TimeoutSeconds",
                "/States/W/Seconds",
                "/States/T/TimeoutSeconds",
                "/States/T/Retry/0/IntervalSeconds"
            ],
            "{d:#?}"
        );
        assert!(past.iter().all(|d| d.severity == Severity::Warning));
        assert!(
            past[1].message.starts_with(
                "Wait state `W` waits 400 seconds, but an EXPRESS workflow runs at most 300 seconds"
            ),
            "{}",
            past[1].message
        );
        assert!(
            past[0]
                .message
                .ends_with("deploy the machine as a STANDARD workflow")
        );
        // STANDARD, the same definition is fine; five minutes exactly too.
        assert!(coded(&crate::check(text), Code::PastExpressDuration).is_empty());
        let five =
            r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 300, "End": true}}}"#;
        assert!(coded(&express(five), Code::PastExpressDuration).is_empty());
    }

    #[test]
    fn the_children_of_an_express_distributed_map_are_express_workflows() {
        let machine = |kind: &str| {
            format!(
                r#"{{"StartAt": "M", "States": {{"M": {{"Type": "Map", "End": true, "ItemProcessor": {{
                    "ProcessorConfig": {{"Mode": "DISTRIBUTED", "ExecutionType": "{kind}"}}, "StartAt": "W",
                    "States": {{"W": {{"Type": "Wait", "Seconds": 3600, "Next": "T"}},
                        "T": {{"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                            "Parameters": {{"QueueUrl": "q", "MessageBody": {{"t.$": "$$.Task.Token"}}}}, "End": true}}}}}}}}}}}}"#
            )
        };
        let d = crate::check(&machine("EXPRESS"));
        let wait = coded(&d, Code::PastExpressDuration);
        assert_eq!(wait.len(), 1, "{d:#?}");
        assert!(
            wait[0]
                .message
                .contains("each EXPRESS child workflow of Distributed Map `M` runs at most 300"),
            "{}",
            wait[0].message
        );
        let pattern = coded(&d, Code::UnsupportedIntegrationPattern);
        assert_eq!(pattern.len(), 1, "{d:#?}");
        assert!(
            pattern[0].message.ends_with(
                "or set `\"ExecutionType\": \"STANDARD\"` in the Map's `ProcessorConfig`"
            ),
            "{}",
            pattern[0].message
        );
        let d = crate::check(&machine("STANDARD"));
        assert!(coded(&d, Code::PastExpressDuration).is_empty(), "{d:#?}");
        assert!(coded(&d, Code::UnsupportedIntegrationPattern).is_empty());
    }
}

//! An integration a task names (`sagemaker::create_training_job.sync`) that Step Functions'
//! table (`workflow-aws-models`, the validator's own) does not have: an unknown service, an
//! unknown action, a pattern the action does not support or an action that stands elsewhere
//! is reported on the token that is wrong (the service, the action, the pattern), in the
//! language's spelling (`snake_case` actions, `.wait_for_task_token`), with the fix.

use super::Cx;
use crate::ast::PatternDef;
use crate::parse::kw::pattern_word;
use syn::Ident;
use workflow_aws_models::{LookupError, Pattern, Usage};
use workflow_text::case::Case;

/// Records why the integration `path` (with `pattern`) of the state named `state` does not
/// exist where it stands (`usage`: a task, or a Map's reader or writer), on the offending
/// token.
pub(super) fn report(
    cx: &mut Cx<'_>,
    state: &str,
    usage: Usage,
    path: &[Ident],
    pattern: Option<&PatternDef>,
    error: LookupError,
) {
    let sdk = path.len() == 3;
    let (Some(service), Some(action)) = (
        path.len().checked_sub(2).and_then(|i| path.get(i)),
        path.last(),
    ) else {
        return;
    };
    let written = |i: &Ident| i.to_string();
    let service_shown = if sdk {
        format!("aws_sdk::{}", written(service))
    } else {
        written(service)
    };
    let (span, problem) = match error {
        LookupError::RemovedService {
            name,
            date,
            written: source,
            successor,
            ..
        } => {
            let fix = match successor {
                Some(s) => format!("call its successor instead: `aws_sdk::{s}::…`"),
                None => {
                    "AWS names no successor: remove the task, or call another service".to_owned()
                }
            };
            (
                service.span(),
                format!(
                    "Step Functions removed the AWS SDK integration of {name} (`{service_shown}`) on {date} ({source}); {fix}"
                ),
            )
        }
        LookupError::UnknownService { suggestion, .. } => {
            let fix = match suggestion.as_deref() {
                Some(s) => match s.strip_prefix("aws-sdk:") {
                    // The service has no optimized integration, only an AWS SDK one.
                    Some(sdk_service) if !sdk => format!(
                        "; `{}` has no optimized integration, but an AWS SDK one: did you mean `aws_sdk::{}::{}`?",
                        written(service),
                        sdk_service.replace('-', "_"),
                        written(action)
                    ),
                    Some(sdk_service) => {
                        format!("; did you mean `{}`?", sdk_service.replace('-', "_"))
                    }
                    None => format!("; did you mean `{}`?", s.replace('-', "_")),
                },
                None if sdk => String::new(),
                None => "; for a service without an optimized integration, write `aws_sdk::service::action`".to_owned(),
            };
            let what = if sdk { "AWS SDK service" } else { "service" };
            (
                service.span(),
                format!("unknown {what} `{}`{fix}", written(service)),
            )
        }
        LookupError::UnknownAction {
            suggestion, in_sdk, ..
        } => {
            let fix = if in_sdk && !sdk {
                // Optimized integrations call part of a service's API; the rest is the AWS
                // SDK integration's.
                format!(
                    " in its optimized integration; the AWS SDK integration has it: did you mean `aws_sdk::{}::{}`?",
                    written(service),
                    written(action)
                )
            } else {
                suggestion
                    .map(|s| format!("; did you mean `{}`?", Case::Snake.apply(&s)))
                    .unwrap_or_default()
            };
            (
                action.span(),
                format!("`{service_shown}` has no action `{}`{fix}", written(action)),
            )
        }
        LookupError::UnsupportedPattern { supported, .. } => {
            let list: Vec<String> = supported.iter().map(|p| pattern_words(*p)).collect();
            let integration = format!("{service_shown}::{}", written(action));
            match pattern {
                Some(p) if supported == [Pattern::RequestResponse] => (
                    p.span,
                    format!(
                        "`{integration}` does not support `.{0}`; it supports only request-response: remove `.{0}`",
                        pattern_word(p.pattern)
                    ),
                ),
                Some(p) => (
                    p.span,
                    format!(
                        "`{integration}` does not support `.{}`; it supports {}",
                        pattern_word(p.pattern),
                        list.join(", ")
                    ),
                ),
                None => (
                    action.span(),
                    format!(
                        "`{integration}` needs an integration pattern; it supports {}",
                        list.join(", ")
                    ),
                ),
            }
        }
        LookupError::WrongUsage {
            usage: stands,
            wanted,
            ..
        } => {
            let integration = format!("{service_shown}::{}", written(action));
            let problem = match wanted {
                Usage::Task => format!(
                    "`{integration}` is a Distributed Map's `{}` resource (`{} {integration}`), which a task cannot call; call S3 through the AWS SDK integration: did you mean `aws_sdk::{integration}`?",
                    stands.field(),
                    if stands == Usage::ResultWriter {
                        "writer"
                    } else {
                        "reader"
                    },
                ),
                Usage::ItemReader => format!(
                    "`{integration}` cannot read a Distributed Map's items; a reader is `s3::get_object` (the items of one file) or `s3::list_objects_v2` (one item per object under a prefix)"
                ),
                Usage::ResultWriter => format!(
                    "`{integration}` cannot write a Distributed Map's results; the writer is `s3::put_object`"
                ),
            };
            (action.span(), problem)
        }
    };
    let kind = if usage == Usage::Task { "task" } else { "map" };
    cx.error(span, format!("{kind} state `{state}`: {problem}"));
}

/// A pattern as the language writes it.
fn pattern_words(pattern: Pattern) -> String {
    match pattern {
        Pattern::RequestResponse => "request-response (no pattern)".to_owned(),
        other => format!("`.{}`", pattern_word(other)),
    }
}

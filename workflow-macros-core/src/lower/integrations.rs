//! The integration a task names (`sagemaker::create_training_job.sync`), resolved against the
//! AWS models (`workflow-aws-models`, the validator's own tables): an unknown service, an
//! unknown action or a pattern the action does not support is reported on the token that is
//! wrong (the service, the action, the pattern), in the language's spelling (`snake_case`
//! actions, `.wait_for_task_token`), with the fix.

use super::Cx;
use syn::Ident;
use workflow_aws_models::{Integration, LookupError, Pattern};
use workflow_text::case::Case;

/// Whether the integration `arn` (lowered from `path` and `pattern`) exists; if not, the
/// error is recorded on the offending token of the state named `state`.
pub(super) fn check(
    cx: &mut Cx<'_>,
    state: &str,
    path: &[Ident],
    pattern: Option<&Ident>,
    arn: &str,
) -> bool {
    let Err(error) = Integration::from_resource(arn) else {
        return true;
    };
    let sdk = path.len() == 3;
    let (Some(service), Some(action)) = (
        path.len().checked_sub(2).and_then(|i| path.get(i)),
        path.last(),
    ) else {
        return true;
    };
    let written = |i: &Ident| i.to_string();
    let service_shown = if sdk {
        format!("aws_sdk::{}", written(service))
    } else {
        written(service)
    };
    let (span, problem) = match error {
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
        LookupError::UnknownAction { suggestion, .. } => {
            let fix = suggestion
                .map(|s| format!("; did you mean `{}`?", Case::Snake.apply(&s)))
                .unwrap_or_default();
            (
                action.span(),
                format!("`{service_shown}` has no action `{}`{fix}", written(action)),
            )
        }
        LookupError::UnsupportedPattern { supported, .. } => {
            let list: Vec<&str> = supported.iter().map(|p| pattern_words(*p)).collect();
            let integration = format!("{service_shown}::{}", written(action));
            match pattern {
                Some(p) if supported == [Pattern::RequestResponse] => (
                    p.span(),
                    format!(
                        "`{integration}` does not support `.{0}`; it supports only request-response: remove `.{0}`",
                        written(p)
                    ),
                ),
                Some(p) => (
                    p.span(),
                    format!(
                        "`{integration}` does not support `.{}`; it supports {}",
                        written(p),
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
    };
    cx.error(span, format!("task state `{state}`: {problem}"));
    false
}

/// A pattern as the language writes it.
fn pattern_words(pattern: Pattern) -> &'static str {
    match pattern {
        Pattern::RequestResponse => "request-response (no pattern)",
        Pattern::Sync => "`.sync`",
        Pattern::Sync2 => "`.sync2`",
        Pattern::WaitForTaskToken => "`.wait_for_task_token`",
    }
}

//! Integration paths → resource ARNs: `lambda::invoke` → `arn:aws:states:::lambda:invoke`,
//! `glue::start_job_run.sync` → `arn:aws:states:::glue:startJobRun.sync`,
//! `states::start_execution.sync2` → `…:states:startExecution.sync:2`,
//! `sns::publish.wait_for_task_token` → `…:sns:publish.waitForTaskToken`,
//! `aws_sdk::s3::list_objects_v2` → `arn:aws:states:::aws-sdk:s3:listObjectsV2`.
//! Services are written in snake_case (`emr_containers` → `emr-containers`); an AWS SDK
//! action is looked up in its service's model when snake_case loses the API's capitals
//! (`aws_sdk::rds::describe_db_instances` → `describeDBInstances`). Whether a task's service,
//! action and pattern exist is checked in [`super::integrations`].

use super::Cx;
use crate::ast::ResourceDef;
use crate::suggest::did_you_mean;
use proc_macro2::Span;
use syn::Ident;
use workflow_aws_models::Service;
use workflow_text::case::Case;

/// The patterns, as written and as ASL suffixes.
const PATTERNS: &[(&str, &str)] = &[
    ("sync", ".sync"),
    ("sync2", ".sync:2"),
    ("wait_for_task_token", ".waitForTaskToken"),
];

/// The resource ARN of an integration path, or `None` (error recorded).
pub(super) fn integration(
    cx: &mut Cx<'_>,
    path: &[Ident],
    pattern: Option<&Ident>,
    span: Span,
) -> Option<String> {
    let words: Vec<String> = path.iter().map(unraw).collect();
    let base = match words.as_slice() {
        [sdk, service, action] if sdk == "aws_sdk" => format!(
            "arn:aws:states:::aws-sdk:{}:{}",
            service_name(service),
            arn_action(&service_name(service), action, true)
        ),
        [service, action] if service != "aws_sdk" => format!(
            "arn:aws:states:::{}:{}",
            service_name(service),
            arn_action(&service_name(service), action, false)
        ),
        _ => {
            cx.error(
                span,
                "an integration is written `service::action` (e.g. `lambda::invoke`) or `aws_sdk::service::action` (e.g. `aws_sdk::s3::list_objects_v2`); for any other resource write `task \"arn:…\"`",
            );
            return None;
        }
    };
    let Some(pattern) = pattern else {
        return Some(base);
    };
    let written = unraw(pattern);
    match PATTERNS.iter().find(|(name, _)| *name == written) {
        Some((_, suffix)) => Some(format!("{base}{suffix}")),
        None => {
            let names: Vec<&str> = PATTERNS.iter().map(|(n, _)| *n).collect();
            let hint = match did_you_mean(&written, &names) {
                Some(best) => format!("did you mean `.{best}`?"),
                None => "the patterns are `.sync` (run a job), `.sync2` (run a job, JSON output) and `.wait_for_task_token` (callback)".to_owned(),
            };
            cx.error(
                pattern.span(),
                format!("unknown integration pattern `.{written}`; {hint}"),
            );
            None
        }
    }
}

/// The ARN of a `reader`/`writer` resource.
pub(super) fn resource(cx: &mut Cx<'_>, def: &ResourceDef) -> Option<String> {
    match def {
        ResourceDef::Integration {
            path,
            pattern,
            span,
        } => integration(cx, path, pattern.as_ref(), *span),
        ResourceDef::Literal(lit) => Some(cx.string(lit)),
    }
}

/// The span of a `reader`/`writer` resource.
pub(super) fn resource_span(def: &ResourceDef) -> Span {
    match def {
        ResourceDef::Integration { span, .. } => *span,
        ResourceDef::Literal(lit) => lit.span(),
    }
}

/// The action as the resource ARN names it: the camelCase of what was written
/// (`start_job_run` → `startJobRun`), except that an AWS SDK integration's (`sdk`) is the
/// action of the model's operation with the same words, which keeps the API's capitals
/// (`describe_db_instances` → `describeDBInstances`).
pub(crate) fn arn_action(service: &str, action: &str, sdk: bool) -> String {
    let modelled = if sdk {
        Service::by_sdk_name(service).and_then(|s| s.operation_by_snake_name(action))
    } else {
        None
    };
    modelled.map_or_else(|| Case::Camel.apply(action), |op| op.action())
}

fn unraw(ident: &Ident) -> String {
    let text = ident.to_string();
    text.strip_prefix("r#").map(str::to_owned).unwrap_or(text)
}

/// `emr_containers` → `emr-containers`.
fn service_name(word: &str) -> String {
    word.replace('_', "-")
}

#[cfg(test)]
mod tests {
    use super::arn_action;

    #[test]
    fn sdk_actions_keep_the_models_capitals() {
        assert_eq!(
            arn_action("rds", "describe_db_instances", true),
            "describeDBInstances"
        );
        assert_eq!(arn_action("s3", "list_objects_v2", true), "listObjectsV2");
        assert_eq!(arn_action("s3", "no_such_action", true), "noSuchAction");
    }

    #[test]
    fn optimized_actions_are_camel_case() {
        assert_eq!(arn_action("lambda", "invoke", false), "invoke");
        assert_eq!(arn_action("glue", "start_job_run", false), "startJobRun");
        assert_eq!(
            arn_action("states", "start_execution", false),
            "startExecution"
        );
        assert_eq!(arn_action("dynamodb", "putItem", false), "putItem");
    }
}

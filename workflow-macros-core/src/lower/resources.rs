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
            sdk_action(&service_name(service), action)
        ),
        [service, action] if service != "aws_sdk" => format!(
            "arn:aws:states:::{}:{}",
            service_name(service),
            camel_case(action)
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

/// The action of an AWS SDK integration as its ARN names it: the model's operation whose name
/// matches ignoring case and underscores, else the camelCase of what was written.
fn sdk_action(service: &str, action: &str) -> String {
    Service::by_sdk_name(service)
        .and_then(|s| s.operation_by_snake_name(action))
        .map_or_else(|| camel_case(action), |op| op.action())
}

fn unraw(ident: &Ident) -> String {
    let text = ident.to_string();
    text.strip_prefix("r#").map(str::to_owned).unwrap_or(text)
}

/// `emr_containers` → `emr-containers`.
fn service_name(word: &str) -> String {
    word.replace('_', "-")
}

/// `list_objects_v2` → `listObjectsV2`; `putItem` stays.
pub(crate) fn camel_case(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for (i, part) in word.split('_').filter(|p| !p.is_empty()).enumerate() {
        if i == 0 {
            out.push_str(part);
            continue;
        }
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::camel_case;

    #[test]
    fn sdk_actions_keep_the_models_capitals() {
        assert_eq!(
            super::sdk_action("rds", "describe_db_instances"),
            "describeDBInstances"
        );
        assert_eq!(super::sdk_action("s3", "list_objects_v2"), "listObjectsV2");
        assert_eq!(super::sdk_action("s3", "no_such_action"), "noSuchAction");
    }

    #[test]
    fn camel_cases_actions() {
        assert_eq!(camel_case("invoke"), "invoke");
        assert_eq!(camel_case("list_objects_v2"), "listObjectsV2");
        assert_eq!(camel_case("start_execution"), "startExecution");
        assert_eq!(camel_case("putItem"), "putItem");
        assert_eq!(camel_case("a__b"), "aB");
    }
}

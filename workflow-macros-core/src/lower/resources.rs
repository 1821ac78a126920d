//! Integration paths → resources, through Step Functions' table of integrations
//! ([`Integration::named_for`], [`Integration::named_sdk_with`]): `lambda::invoke` is
//! `arn:aws:states:::lambda:invoke`, `glue::start_job_run.sync` is
//! `…:glue:startJobRun.sync`, `states::start_execution.sync2` is `…:states:startExecution.sync:2`,
//! `aws_sdk::s3::list_objects_v2` is `arn:aws:states:::aws-sdk:s3:listObjectsV2`. Services are
//! written in snake_case (`emr_containers` is `emr-containers`); actions in snake_case or as the
//! API spells them; an AWS SDK action is looked up in its service's model, which keeps the
//! API's capitals (`aws_sdk::rds::describe_db_instances` is `describeDBInstances`). A service,
//! action or pattern that does not exist is reported on its token ([`super::integrations`]).

use super::Cx;
use super::integrations;
use crate::ast::{PatternDef, ResourceDef};
use proc_macro2::Span;
use syn::Ident;
use workflow_aws_models::{Integration, LookupError, Pattern, Resource, Usage};

/// What a task stands on when its integration is reported missing, so that the validator
/// does not repeat the error: an activity, whose request nothing checks and whose result
/// nothing types, so that the states after it are checked as if its result were unknown
/// (a `lambda:invoke` here typed the result as Lambda's, and the next state's reads were
/// reported missing from it).
const PLACEHOLDER: &str = "arn:aws:states:us-east-1:123456789012:activity:placeholder";

/// The resource a task (or, with `usage`, a Map's reader or writer) names with an
/// integration path, or the placeholder (error recorded on the offending token).
pub(super) fn integration(
    cx: &mut Cx<'_>,
    state: &str,
    path: &[Ident],
    pattern: Option<&PatternDef>,
    span: Span,
    usage: Usage,
) -> Resource {
    let words: Vec<String> = path.iter().map(unraw).collect();
    let written = pattern.map_or(Pattern::RequestResponse, |p| p.pattern);
    let found = match lookup(&words, written, usage) {
        Some(found) => found,
        None => {
            cx.error(
                span,
                "an integration is written `service::action` (e.g. `lambda::invoke`) or `aws_sdk::service::action` (e.g. `aws_sdk::s3::list_objects_v2`); for any other resource write `task \"arn:…\"`",
            );
            return Resource::parse(PLACEHOLDER);
        }
    };
    match found {
        Ok(integration) => Resource::for_integration(&integration),
        Err(error) => {
            integrations::report(cx, state, usage, path, pattern, error);
            Resource::parse(PLACEHOLDER)
        }
    }
}

/// The integration the words of a path name (`["lambda", "invoke"]`, `["aws_sdk", "s3",
/// "get_object"]`) with `pattern`, standing where `usage` says; `None` when the path has
/// neither form (`service::action`, `aws_sdk::service::action`).
pub(crate) fn lookup(
    words: &[String],
    pattern: Pattern,
    usage: Usage,
) -> Option<Result<Integration, LookupError>> {
    match words {
        [sdk, service, action] if sdk == "aws_sdk" => Some(Integration::named_sdk_with(
            &service_name(service),
            action,
            pattern,
        )),
        [service, action] if service != "aws_sdk" => Some(Integration::named_for(
            usage,
            &service_name(service),
            action,
            pattern,
        )),
        _ => None,
    }
}

/// The resource of a `reader`/`writer` of the state named `state`.
pub(super) fn resource(cx: &mut Cx<'_>, state: &str, def: &ResourceDef, usage: Usage) -> Resource {
    match def {
        ResourceDef::Integration {
            path,
            pattern,
            span,
        } => integration(cx, state, path, pattern.as_ref(), *span, usage),
        ResourceDef::Literal(lit) => Resource::parse(cx.string(lit)),
    }
}

/// The span of a `reader`/`writer` resource.
pub(super) fn resource_span(def: &ResourceDef) -> Span {
    match def {
        ResourceDef::Integration { span, .. } => *span,
        ResourceDef::Literal(lit) => lit.span(),
    }
}

pub(crate) fn unraw(ident: &Ident) -> String {
    let text = ident.to_string();
    text.strip_prefix("r#").map(str::to_owned).unwrap_or(text)
}

/// `emr_containers` → `emr-containers`.
pub(crate) fn service_name(word: &str) -> String {
    word.replace('_', "-")
}

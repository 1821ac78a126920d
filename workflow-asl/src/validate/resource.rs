//! What the validator says of a resource, parsed when the definition was decoded
//! ([`workflow_aws_models::Resource`]): the problem Step Functions would refuse it for, the
//! `${Name}` substitutions left to check once deployed, where the resource may stand (a Task,
//! a Distributed Map's `ItemReader` or `ResultWriter`).

use super::Cx;
use crate::{Code, Pointer};
use workflow_aws_models::{LookupError, Resource, ResourceKind, ResourceProblem, Usage};

/// The diagnostic code of a resource problem: `UNSUPPORTED_INTEGRATION_PATTERN` for a pattern
/// the action does not support, `REMOVED_INTEGRATION` for an AWS SDK integration Step Functions
/// removed, `INVALID_RESOURCE` for a resource Step Functions does not recognise.
pub(crate) fn problem_code(problem: &ResourceProblem) -> Code {
    match problem {
        _ if problem.is_unsupported_pattern() => Code::UnsupportedIntegrationPattern,
        ResourceProblem::Lookup {
            error: LookupError::RemovedService { .. },
            ..
        } => Code::RemovedIntegration,
        _ => Code::InvalidResource,
    }
}

/// Reports the resource's problem, or its substitutions, or that it cannot stand where it is
/// (`usage`; `what` names it in messages, e.g. "resource", "`ItemReader` resource"). Returns
/// what it names when it may stand there, for the checks that follow.
pub(crate) fn check<'r>(
    cx: &mut Cx<'_>,
    at: Pointer,
    what: &str,
    resource: &'r Resource,
    usage: Usage,
) -> Option<&'r ResourceKind> {
    if let Some(problem) = resource.problem() {
        cx.error(problem_code(problem), at, problem.to_string());
        return None;
    }
    report_substitution(cx, at.clone(), what, resource);
    let shape = resource.shape()?;
    let stands = match shape {
        ResourceKind::Integration { integration, .. } => integration.usage() == usage,
        // Lambda functions, activities and other ARNs are Task resources.
        _ => usage == Usage::Task,
    };
    if !stands {
        cx.error(Code::InvalidResource, at, misplaced(resource, shape, usage));
        return None;
    }
    Some(shape)
}

/// Why a resource cannot stand where it is written, and what to write instead.
fn misplaced(resource: &Resource, shape: &ResourceKind, usage: Usage) -> String {
    let written = resource.as_str();
    match (shape, usage) {
        (ResourceKind::Integration { integration, .. }, Usage::Task) => format!(
            "`Resource` `{written}` is a Distributed Map's `{}` resource, which a Task cannot call; call S3 through the AWS SDK integration, `arn:aws:states:::aws-sdk:s3:{}`",
            integration.usage().field(),
            integration.action()
        ),
        (_, Usage::ItemReader) => format!(
            "`ItemReader` resource `{written}` is not an Amazon S3 action it can use; use `arn:aws:states:::s3:getObject` (the items of one file) or `arn:aws:states:::s3:listObjectsV2` (one item per object under a prefix)"
        ),
        (_, Usage::ResultWriter) => format!(
            "`ResultWriter` resource `{written}` is not an Amazon S3 action it can use; use `arn:aws:states:::s3:putObject`"
        ),
        (_, Usage::Task) => format!("`Resource` `{written}` cannot be called by a Task"),
    }
}

/// Records an info note when `resource` holds `${Name}` substitutions; `what` names the
/// resource in the message (e.g. "resource", "`ItemReader` resource").
fn report_substitution(cx: &mut Cx<'_>, pointer: Pointer, what: &str, resource: &Resource) {
    let substitutions = resource.substitutions();
    if substitutions.is_empty() {
        return;
    }
    let names: Vec<String> = substitutions
        .iter()
        .map(|n| format!("`${{{n}}}`"))
        .collect();
    let (is, them) = if names.len() == 1 {
        ("is a deployment substitution", "it is")
    } else {
        ("are deployment substitutions", "they are")
    };
    let checked = if resource.shape().is_some() {
        format!(
            "the rest of `{resource}` was checked, the {what} is checked in full once {them} substituted"
        )
    } else {
        format!("the {what} is checked once {them} substituted")
    };
    cx.info(
        Code::DeploymentSubstitution,
        pointer,
        format!("{} {is}; {checked}", names.join(", ")),
    );
}

//! The integrations a workflow names, as the editor shows them: `integrations` (a module per
//! service written, an alias per action, each documented from the AWS models and Step
//! Functions' table: what it calls, its resource, its patterns, its request and result, the
//! Developer Guide's page) and `patterns` (an alias per pattern of each action written).
//!
//! Only what the workflow writes is generated, but for a path that names nothing yet (cut
//! short, or a word that is no service or action): then every candidate at that place is
//! listed (the services, or the service's actions), each with a line of documentation, so
//! that completion offers them. A service is a module (`lambda::` is what the language
//! writes), an action an alias.

use super::tree::{Alias, Tree};
use crate::lower::resources::{lookup, service_name};
use crate::parse::kw::{PATTERNS, pattern_word};
use crate::parse::notes::{IntegrationNote, Note};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;
use workflow_aws_models::{Integration, LookupError, Pattern, Service, Shape, ShapeKind, Usage};
use workflow_text::case::Case;

/// How many members a request or result lists in a hover before "and N more".
const MOST_MEMBERS: usize = 40;

/// How deep lists of lists are looked through (the models nest a few levels).
const MOST_WRAPPING: usize = 8;

/// Where completion needs every candidate, for a path that names nothing yet.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    /// The services with optimized integrations (and `aws_sdk`).
    Services,
    /// The services of the AWS SDK integrations.
    SdkServices,
    /// The actions of the service written.
    Actions,
}

/// What an integration path noted names.
pub(super) struct Resolved {
    /// The segments as written (`lambda`, `invoke`; `aws_sdk`, `s3`, `get_object`).
    pub(super) words: Vec<String>,
    /// The integration, with the pattern written (request-response when the pattern is
    /// unsupported or unknown).
    pub(super) found: Option<Integration>,
    /// Where every candidate is listed, if anywhere.
    open: Option<Open>,
    /// Where it stands.
    usage: Usage,
}

impl Resolved {
    /// What each integration note names (`None` for the other notes), indexed like `notes`.
    pub(super) fn of(notes: &[Note]) -> Vec<Option<Resolved>> {
        notes
            .iter()
            .map(|note| match note {
                Note::Integration(note) => Some(Resolved::one(note)),
                _ => None,
            })
            .collect()
    }

    fn one(note: &IntegrationNote) -> Resolved {
        let words: Vec<String> = note
            .path
            .iter()
            .map(crate::lower::resources::unraw)
            .collect();
        let sdk = words.first().is_some_and(|w| w == "aws_sdk");
        let pattern = note
            .pattern
            .as_ref()
            .and_then(|p| {
                let p = p.to_string();
                PATTERNS.iter().find(|(w, _)| *w == p).map(|(_, p)| *p)
            })
            .unwrap_or(Pattern::RequestResponse);
        let mut resolved = Resolved {
            words,
            found: None,
            open: None,
            usage: note.usage,
        };
        if note.dangling {
            resolved.open = match (sdk, resolved.words.as_slice()) {
                (false, [service]) if is_optimized_service(service) => Some(Open::Actions),
                (false, [_]) => Some(Open::Services),
                (true, [_]) => Some(Open::SdkServices),
                (true, [_, service]) if sdk_service(service).is_some() => Some(Open::Actions),
                (true, [_, _]) => Some(Open::SdkServices),
                _ => None,
            };
            return resolved;
        }
        match lookup(&resolved.words, pattern, note.usage) {
            Some(Ok(found)) => resolved.found = Some(found),
            Some(Err(LookupError::UnsupportedPattern { .. })) => {
                resolved.found = lookup(&resolved.words, Pattern::RequestResponse, note.usage)
                    .and_then(Result::ok);
            }
            Some(Err(LookupError::UnknownService { .. })) => {
                resolved.open = Some(if sdk {
                    Open::SdkServices
                } else {
                    Open::Services
                });
            }
            Some(Err(LookupError::UnknownAction { .. })) => resolved.open = Some(Open::Actions),
            Some(Err(LookupError::RemovedService { .. } | LookupError::WrongUsage { .. }))
            | None => {}
        }
        resolved
    }
}

/// Whether `word` is a service with optimized integrations, as the language writes it.
fn is_optimized_service(word: &str) -> bool {
    let service = service_name(word);
    Integration::optimized().any(|i| i.service() == service)
}

/// The AWS SDK service the language's `word` names (`emr_containers`).
fn sdk_service(word: &str) -> Option<Service> {
    Service::by_sdk_name(&service_name(word))
}

/// `shape` with its lists' items looked through, as a key's object is.
pub(super) fn looked_through(mut shape: Shape) -> Shape {
    for _ in 0..MOST_WRAPPING {
        match shape.item() {
            Some(item) => shape = item,
            None => break,
        }
    }
    shape
}

/// The `integrations` and `patterns` modules of the integration paths noted.
pub(super) fn modules(resolved: &[Option<Resolved>]) -> TokenStream {
    let mut integrations = Tree::default();
    let mut patterns = Tree::default();
    for resolved in resolved.iter().flatten() {
        document_path(&mut integrations, &mut patterns, resolved);
    }
    let integrations = integrations.module_tokens(
        "integrations",
        "The integrations the workflow calls (Step Functions' optimized integrations, and the AWS SDK's under `aws_sdk`).",
    );
    let patterns = patterns.module_tokens(
        "patterns",
        "The patterns of the integrations the workflow calls (`lambda::invoke.wait_for_task_token`).",
    );
    quote!(#integrations #patterns)
}

/// Documents the items of one integration path, listing the candidates where it names
/// nothing yet.
fn document_path(root: &mut Tree, patterns: &mut Tree, resolved: &Resolved) {
    let words = &resolved.words;
    let sdk = words.first().is_some_and(|w| w == "aws_sdk");
    if sdk {
        root.module("aws_sdk").document(sdk_doc);
    }
    match resolved.open {
        Some(Open::Services) => {
            for (service, actions) in optimized_services() {
                root.module(&service)
                    .document(|| optimized_service_doc(&service, &actions));
            }
            root.module("aws_sdk").document(sdk_doc);
            return;
        }
        Some(Open::SdkServices) => {
            let sdk_tree = root.module("aws_sdk");
            for service in Service::all() {
                let word = service.sdk_name().replace('-', "_");
                sdk_tree.module(&word).document(|| sdk_service_doc(service));
            }
            return;
        }
        _ => {}
    }
    let service_at = usize::from(sdk);
    let Some(service_word) = words.get(service_at) else {
        return;
    };
    let mut service_tree = root;
    for word in &words[..=service_at] {
        service_tree = service_tree.module(word);
    }
    if sdk {
        if let Some(service) = sdk_service(service_word) {
            service_tree.document(|| sdk_service_doc(service));
        }
    } else {
        service_tree.document(|| {
            let service = service_name(service_word);
            let actions: Vec<String> = Integration::optimized()
                .filter(|i| i.service() == service)
                .map(|i| Case::Snake.apply(&i.action()))
                .collect();
            optimized_service_doc(service_word, &actions)
        });
    }
    if let (Some(found), Some(action)) = (&resolved.found, words.get(service_at + 1)) {
        service_tree.full_alias(
            action,
            || action_doc(found, words),
            Alias::Marker("Integration"),
        );
        let supported: Vec<(&str, Integration)> = found
            .supported_patterns()
            .iter()
            .filter_map(|p| Some((pattern_word(*p), found.with_pattern(*p)?)))
            .filter(|(word, _)| !word.is_empty())
            .collect();
        if !supported.is_empty() {
            let mut pattern_tree = patterns;
            for word in words {
                pattern_tree = pattern_tree.module(word);
            }
            for (word, with) in supported {
                pattern_tree.alias(word, || pattern_doc(&with, words), Alias::Marker("Pattern"));
            }
        }
    }
    if resolved.open == Some(Open::Actions) {
        for (action, integration) in actions_of(service_word, sdk, resolved.usage) {
            service_tree.alias(
                &action,
                || candidate_doc(&integration, &action),
                Alias::Marker("Integration"),
            );
        }
    }
}

/// Every optimized service (as the language writes it) with its actions.
fn optimized_services() -> BTreeMap<String, Vec<String>> {
    let mut services: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for integration in Integration::optimized() {
        services
            .entry(integration.service().replace('-', "_"))
            .or_default()
            .push(Case::Snake.apply(&integration.action()));
    }
    services
}

/// Every action of the service `word` (optimized, or the AWS SDK's), as the language writes
/// it, with its integration.
fn actions_of(word: &str, sdk: bool, usage: Usage) -> Vec<(String, Integration)> {
    let service = service_name(word);
    if !sdk {
        return Integration::optimized()
            .filter(|i| i.service() == service && i.usage() == usage)
            .map(|i| (Case::Snake.apply(&i.action()), i))
            .collect();
    }
    let Some(model) = sdk_service(word) else {
        return Vec::new();
    };
    Integration::sdk_actions(model)
        .into_iter()
        .map(|i| (Case::Snake.apply(&i.action()), i))
        .collect()
}

/// The language's path of an integration (`lambda::invoke`, `aws_sdk::s3::get_object`).
pub(super) fn written(words: &[String]) -> String {
    words.join("::")
}

/// `aws_sdk`'s documentation.
fn sdk_doc() -> String {
    "Step Functions' AWS SDK integrations: `aws_sdk::service::action` calls any action of an AWS service's API (`arn:aws:states:::aws-sdk:service:action`), request-response or `.wait_for_task_token`.\n\nAWS: <https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html>".to_owned()
}

/// An AWS SDK service's documentation.
fn sdk_service_doc(service: Service) -> String {
    format!(
        "{} through Step Functions' AWS SDK integration (`arn:aws:states:::aws-sdk:{}:…`): {} actions, API version {}; its errors are named `{}.…Exception`.\n\nAWS: <https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html>",
        service.service_id(),
        service.sdk_name(),
        service.operation_count(),
        service.api_version(),
        service.error_prefix(),
    )
}

/// An optimized service's documentation.
fn optimized_service_doc(word: &str, actions: &[String]) -> String {
    let listed: Vec<String> = actions.iter().map(|a| format!("`{a}`")).collect();
    let page = Integration::optimized()
        .find(|i| i.service() == service_name(word))
        .and_then(|i| i.guide_page());
    let mut doc = format!(
        "`{word}`: Step Functions' optimized integration (`arn:aws:states:::{}:…`); its actions: {}.",
        service_name(word),
        listed.join(", ")
    );
    if let Some(page) = page {
        doc.push_str(&format!("\n\nAWS: <{page}>"));
    }
    doc
}

/// What an integration calls, in words: `Lambda's Invoke`.
pub(super) fn calls(integration: &Integration) -> String {
    match integration.api_operation() {
        Some(op) => format!("{}'s `{}`", op.service().service_id(), op.name()),
        None => format!("`{}:{}`", integration.service(), integration.action()),
    }
}

/// A shape in a line: its name and members (required ones marked), or what it is.
pub(super) fn shape_line(shape: Shape) -> String {
    let shape = looked_through(shape);
    if shape.kind() != ShapeKind::Object {
        return shape.describe();
    }
    let members: Vec<String> = shape
        .members()
        .take(MOST_MEMBERS)
        .map(|m| {
            if m.is_required() {
                format!("`{}` (required)", m.name())
            } else {
                format!("`{}`", m.name())
            }
        })
        .collect();
    let more = shape.members().len().saturating_sub(MOST_MEMBERS);
    let more = if more > 0 {
        format!(", and {more} more")
    } else {
        String::new()
    };
    let name = shape.name().map(|n| format!("`{n}`: ")).unwrap_or_default();
    if members.is_empty() {
        format!("{name}an object with no members")
    } else {
        format!("{name}{}{more}", members.join(", "))
    }
}

/// The documentation of an action, whatever its pattern.
fn action_doc(integration: &Integration, words: &[String]) -> String {
    let kind = if integration.is_sdk() {
        "through the AWS SDK integration"
    } else {
        "an optimized integration"
    };
    let mut doc = format!("`{}`: {}, {kind}.\n\n", written(words), calls(integration));
    let base = integration
        .with_pattern(Pattern::RequestResponse)
        .unwrap_or_else(|| integration.clone());
    doc.push_str(&format!("- resource: `{}`\n", base.resource()));
    let patterns: Vec<String> = integration
        .supported_patterns()
        .iter()
        .map(|p| match pattern_word(*p) {
            "" => "request-response (no pattern)".to_owned(),
            word => format!("`.{word}`"),
        })
        .collect();
    doc.push_str(&format!("- patterns: {}\n", patterns.join(", ")));
    match integration.request() {
        Some(request) => doc.push_str(&format!("- request: {}\n", shape_line(request))),
        None => doc.push_str("- request: any JSON object\n"),
    }
    for pattern in integration.supported_patterns() {
        let Some(with) = integration.with_pattern(*pattern) else {
            continue;
        };
        let result = with
            .result()
            .map_or_else(|| "any JSON value".to_owned(), shape_line);
        doc.push_str(&format!("- result ({}): {result}\n", pattern.describe()));
    }
    let errors = integration.sdk_errors();
    if !errors.is_empty() {
        let shown: Vec<String> = errors.iter().take(12).map(|e| format!("`{e}`")).collect();
        doc.push_str(&format!("- errors: {}\n", shown.join(", ")));
    }
    if let Some(page) = integration.guide_page() {
        doc.push_str(&format!("\nAWS: <{page}>"));
    }
    doc
}

/// The documentation of one pattern of an action.
fn pattern_doc(integration: &Integration, words: &[String]) -> String {
    let result = integration
        .result()
        .map_or_else(|| "any JSON value".to_owned(), shape_line);
    format!(
        "`{}.{}`: {} — `{}`.\n\nResult: {result}",
        written(words),
        pattern_word(integration.pattern()),
        integration.pattern().describe(),
        integration.resource()
    )
}

/// A candidate's line: what it calls and its resource.
fn candidate_doc(integration: &Integration, action: &str) -> String {
    format!(
        "`{action}`: {} (`{}`).",
        calls(integration),
        integration.resource()
    )
}

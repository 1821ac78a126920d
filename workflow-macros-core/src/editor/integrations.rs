//! The integrations a workflow names, as the editor shows them: `integrations` (one module
//! per service written, one per action, a constant per pattern, each documented from the AWS
//! models and Step Functions' table: what it calls, its resource, its request and result, the
//! Developer Guide's page) and `requests` (the members of each request structure the
//! workflow writes keys in).
//!
//! Only what the workflow writes is generated, but for a path that names nothing yet (cut
//! short, or a word that is no service or action): then every candidate at that place is
//! listed (the services, or the service's actions), each with a line of documentation, so
//! that completion offers them.

use super::idents::exact;
use crate::lower::resources::{lookup, service_name};
use crate::parse::kw::PATTERNS;
use crate::parse::notes::{IntegrationNote, Note};
use proc_macro2::{Span, TokenStream};
use quote::quote;
use std::collections::BTreeMap;
use workflow_aws_models::{Integration, LookupError, Pattern, Service, Shape, ShapeKind, Usage};
use workflow_text::case::Case;

/// How many members a request or result lists in a hover before "and N more".
const MOST_MEMBERS: usize = 40;

/// How deep lists of lists and maps of maps are followed (the models nest a few levels).
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
    words: Vec<String>,
    /// The integration, with the pattern written (request-response when the pattern is
    /// unsupported or unknown).
    found: Option<Integration>,
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

/// `shape` with its lists' items and maps' values looked through, as a key's object is.
fn looked_through(mut shape: Shape) -> Shape {
    for _ in 0..MOST_WRAPPING {
        match shape.item() {
            Some(item) => shape = item,
            None => break,
        }
    }
    shape
}

/// The members leading to a request key with `parents` (the keys around it), and the
/// structure each key is looked up in (one more than the members: the last is the key's
/// own): `None` when a parent is no member, or the key's object is free (a map's keys) or no
/// structure.
pub(super) fn member_path(resolved: &Resolved, parents: &[String]) -> Option<Vec<&'static str>> {
    structures(resolved, parents).map(|(path, _)| path)
}

/// [`member_path`] with the structures.
fn structures(resolved: &Resolved, parents: &[String]) -> Option<(Vec<&'static str>, Vec<Shape>)> {
    let mut shape = looked_through(resolved.found.as_ref()?.request()?);
    let mut path = Vec::new();
    let mut lookups = Vec::new();
    for parent in parents {
        match shape.kind() {
            ShapeKind::Object => {
                lookups.push(shape);
                let member = shape.member(parent)?;
                path.push(member.name());
                shape = looked_through(member.shape());
            }
            ShapeKind::Map => shape = looked_through(shape.map_value()?),
            _ => return None,
        }
    }
    (shape.kind() == ShapeKind::Object).then(|| {
        lookups.push(shape);
        (path, lookups)
    })
}

/// An item of a module that is no module.
enum Item {
    /// A pattern: `pub const sync: () = ();`.
    Const,
    /// A member: `pub type FunctionName = String;`.
    Type(TokenStream),
}

/// A module of documented items, built as the notes are read.
#[derive(Default)]
struct Tree {
    doc: Option<String>,
    modules: BTreeMap<String, Tree>,
    /// The items that are no modules (a pattern's constant, a member's type), with their
    /// documentation.
    items: BTreeMap<String, (String, Item)>,
}

impl Tree {
    fn module(&mut self, name: &str) -> &mut Tree {
        self.modules.entry(name.to_owned()).or_default()
    }

    /// Documents the module, unless it is already (a full text is never replaced by a
    /// candidate's line).
    fn document(&mut self, doc: impl FnOnce() -> String) {
        if self.doc.is_none() {
            self.doc = Some(doc());
        }
    }

    fn tokens(&self) -> TokenStream {
        let mut out = TokenStream::new();
        for (name, tree) in &self.modules {
            let Some(ident) = exact(name, Span::call_site()) else {
                continue;
            };
            let doc = tree.doc.as_deref().unwrap_or("");
            let inner = tree.tokens();
            out.extend(quote! {
                #[doc = #doc]
                pub mod #ident { #inner }
            });
        }
        for (name, (doc, item)) in &self.items {
            let Some(ident) = exact(name, Span::call_site()) else {
                continue;
            };
            out.extend(match item {
                Item::Const => quote! {
                    #[doc = #doc]
                    pub const #ident: () = ();
                },
                Item::Type(ty) => quote! {
                    #[doc = #doc]
                    pub type #ident = #ty;
                },
            });
        }
        out
    }
}

/// The `integrations` and `requests` modules of the notes.
pub(super) fn modules(notes: &[Note], resolved: &[Option<Resolved>]) -> TokenStream {
    let mut integrations = Tree::default();
    let mut requests = Tree::default();
    for resolved in resolved.iter().flatten() {
        document_path(&mut integrations, resolved);
    }
    for note in notes {
        let Note::Key(key) = note else { continue };
        let Some(Some(resolved)) = resolved.get(key.integration) else {
            continue;
        };
        let Some((path, lookups)) = structures(resolved, &key.parents) else {
            continue;
        };
        let Some(found) = &resolved.found else {
            continue;
        };
        let mut tree = &mut requests;
        let service_at = resolved.words.len().saturating_sub(1);
        for (at, word) in resolved.words.iter().enumerate() {
            tree = tree.module(word);
            if at < service_at {
                tree.document(|| {
                    format!("The requests of `{}`.", resolved.words[..=at].join("::"))
                });
            }
        }
        tree.document(|| request_doc(found, &resolved.words));
        for (depth, shape) in lookups.iter().enumerate() {
            if depth > 0 {
                // The member the key is under: an item of its structure until now, a
                // module of the members of its own from here.
                let member = path[depth - 1];
                let owner = lookups[depth - 1];
                tree.items.remove(member);
                tree = tree.module(member);
                tree.document(|| member_doc(owner, member));
            }
            list_members(tree, *shape);
        }
    }
    let integrations = integrations.tokens();
    let requests = requests.tokens();
    quote! {
        #[doc = "The integrations the workflow calls (Step Functions' optimized integrations, and the AWS SDK's under `aws_sdk`)."]
        pub mod integrations { #integrations }
        #[doc = "The members of the requests the workflow writes, by integration."]
        pub mod requests { #requests }
    }
}

/// Lists the members of the structure `shape` in `tree` (those opened as modules stay).
fn list_members(tree: &mut Tree, shape: Shape) {
    for member in shape.members() {
        let name = member.name();
        if tree.modules.contains_key(name) || tree.items.contains_key(name) {
            continue;
        }
        let ty = rust_type(member.shape());
        tree.items
            .insert(name.to_owned(), (member_doc(shape, name), Item::Type(ty)));
    }
}

/// The Rust type a member's value reads as (for the hover's first line).
fn rust_type(shape: Shape) -> TokenStream {
    let json = quote!(::workflow_runtime::__private::serde_json::Value);
    match shape.kind() {
        ShapeKind::String
        | ShapeKind::Timestamp
        | ShapeKind::TimestampOrEpoch
        | ShapeKind::Blob
        | ShapeKind::JsonText => quote!(::std::string::String),
        ShapeKind::Integer => quote!(i64),
        ShapeKind::Number => quote!(f64),
        ShapeKind::Boolean => quote!(bool),
        ShapeKind::Array => quote!(::std::vec::Vec<#json>),
        ShapeKind::Object | ShapeKind::Map => {
            quote!(::workflow_runtime::__private::serde_json::Map<::std::string::String, #json>)
        }
        ShapeKind::Any => json,
    }
}

/// Documents the modules of one integration path, listing the candidates where it names
/// nothing yet.
fn document_path(root: &mut Tree, resolved: &Resolved) {
    let words = &resolved.words;
    let sdk = words.first().is_some_and(|w| w == "aws_sdk");
    if sdk {
        root.module("aws_sdk").document(sdk_doc);
    }
    let service_at = usize::from(sdk);
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
        let service = service_name(service_word);
        let actions: Vec<String> = Integration::optimized()
            .filter(|i| i.service() == service)
            .map(|i| Case::Snake.apply(&i.action()))
            .collect();
        service_tree.document(|| optimized_service_doc(service_word, &actions));
    }
    if let (Some(found), Some(action)) = (&resolved.found, words.get(service_at + 1)) {
        let action_tree = service_tree.module(action);
        action_tree.document(|| action_doc(found, words));
        for pattern in found.supported_patterns() {
            let word = crate::parse::kw::pattern_word(*pattern);
            if word.is_empty() {
                continue;
            }
            if let Some(with) = found.with_pattern(*pattern) {
                action_tree
                    .items
                    .entry(word.to_owned())
                    .or_insert_with(|| (pattern_doc(&with, words), Item::Const));
            }
        }
    }
    if resolved.open == Some(Open::Actions) {
        for (action, integration) in actions_of(service_word, sdk, resolved.usage) {
            service_tree
                .module(&action)
                .document(|| candidate_doc(&integration, &action));
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
fn written(words: &[String]) -> String {
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
fn shape_line(shape: Shape) -> String {
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
        .map(|p| match crate::parse::kw::pattern_word(*p) {
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
        crate::parse::kw::pattern_word(integration.pattern()),
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

/// The documentation of the request module of an integration.
fn request_doc(integration: &Integration, words: &[String]) -> String {
    match integration.request() {
        Some(request) => format!(
            "The request of `{}`: {}",
            written(words),
            shape_line(request)
        ),
        None => format!("The request of `{}`: any JSON object.", written(words)),
    }
}

/// The documentation of the member `name` of the structure `owner`.
fn member_doc(owner: Shape, name: &str) -> String {
    let Some(member) = owner.member(name) else {
        return format!("`{name}`.");
    };
    let shape = member.shape();
    let required = if member.is_required() {
        " (required)"
    } else {
        ""
    };
    let mut doc = format!("`{name}`{required}: {}.", shape.describe());
    if let Some(pattern) = shape.pattern().filter(|p| p.len() <= 120) {
        doc.push_str(&format!(" Pattern: `{pattern}`."));
    }
    if let Some(owner_name) = owner.name() {
        doc.push_str(&format!("\n\nA member of `{owner_name}`."));
    }
    if looked_through(shape).kind() == ShapeKind::Object {
        doc.push_str(&format!("\n\n{}", shape_line(shape)));
    }
    doc
}

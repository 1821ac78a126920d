//! The requests a workflow writes, as the editor shows them: for every structure of a
//! request that the workflow writes keys in, a module of its members (each an alias of the
//! member's Rust type, documented from the model: required or not, what it takes), so that a
//! key hovers with its member and completes with the others. The request itself is
//! `requests::lambda::invoke`; a structure inside it (`AlgorithmSpecification`, DynamoDB's
//! `AttributeValue` under `Item`) is a module of its own, `request_N`, numbered in the order
//! the notes reach it, so that its member stays an alias where completion offers it.

use super::integrations::{Resolved, looked_through, shape_line, written};
use super::tree::{Alias, Tree};
use crate::parse::notes::{KeyNote, Note};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::collections::HashMap;
use workflow_aws_models::{Integration, Shape, ShapeKind};

/// A structure keys are written in.
struct Container {
    /// The integration's words (`lambda`, `invoke`).
    words: Vec<String>,
    /// The members leading to it (none for the request itself).
    members: Vec<&'static str>,
    /// The structure.
    shape: Shape,
    /// The structure holding it, for its documentation.
    owner: Option<Shape>,
    /// The integration.
    integration: Integration,
}

/// Every structure keys are written in, numbered.
pub(super) struct Requests {
    containers: Vec<Container>,
    by_path: HashMap<(Vec<String>, Vec<&'static str>), usize>,
}

/// The members leading to a key written under `parents` (the keys around it, outermost
/// first), and the structure it is a member of: `None` when a parent is no member, or the
/// key's object is free (a map's keys) or no structure. Lists are looked through (a key of
/// `[{ … }]` is a member of the item), a map's key is free (`Item: { id: { S: … } }`: `S` is a
/// member of the map's values).
fn structure_of(
    integration: &Integration,
    parents: &[String],
) -> Option<(Vec<&'static str>, Shape, Option<Shape>)> {
    let mut shape = looked_through(integration.request()?);
    let mut members = Vec::new();
    let mut owner = None;
    for parent in parents {
        match shape.kind() {
            ShapeKind::Object => {
                let member = shape.member(parent)?;
                members.push(member.name());
                owner = Some(shape);
                shape = looked_through(member.shape());
            }
            ShapeKind::Map => shape = looked_through(shape.map_value()?),
            _ => return None,
        }
    }
    (shape.kind() == ShapeKind::Object).then_some((members, shape, owner))
}

impl Requests {
    /// The structures of the key notes, numbered in order.
    pub(super) fn of(notes: &[Note], resolved: &[Option<Resolved>]) -> Requests {
        let mut requests = Requests {
            containers: Vec::new(),
            by_path: HashMap::new(),
        };
        for note in notes {
            let Note::Key(key) = note else { continue };
            let Some((resolved, integration)) = integration_of(key, resolved) else {
                continue;
            };
            let Some((members, shape, owner)) = structure_of(integration, &key.parents) else {
                continue;
            };
            let path = (resolved.words.clone(), members.clone());
            if !requests.by_path.contains_key(&path) {
                requests.by_path.insert(path, requests.containers.len());
                requests.containers.push(Container {
                    words: resolved.words.clone(),
                    members,
                    shape,
                    owner,
                    integration: integration.clone(),
                });
            }
        }
        requests
    }

    /// The path of the module of the structure a key note is in (`requests::lambda::invoke`,
    /// `request_2`); `None` where the key is not a member's (a map's, or of no structure).
    pub(super) fn module_of(
        &self,
        key: &KeyNote,
        resolved: &[Option<Resolved>],
    ) -> Option<TokenStream> {
        let (resolved, integration) = integration_of(key, resolved)?;
        let (members, _, _) = structure_of(integration, &key.parents)?;
        if members.is_empty() {
            let words = resolved
                .words
                .iter()
                .map(|w| super::idents::exact(w, Span::call_site()));
            let words: Option<Vec<Ident>> = words.collect();
            let words = words?;
            return Some(quote!(requests #(:: #words)*));
        }
        let index = self.by_path.get(&(resolved.words.clone(), members))?;
        let module = Ident::new(&format!("request_{index}"), Span::call_site());
        Some(quote!(#module))
    }

    /// The `requests` module and the `request_N` modules.
    pub(super) fn modules(&self) -> TokenStream {
        let mut requests = Tree::default();
        let mut nested = TokenStream::new();
        for (index, container) in self.containers.iter().enumerate() {
            let words = &container.words;
            if container.members.is_empty() {
                let mut tree = &mut requests;
                for (at, word) in words.iter().enumerate() {
                    tree = tree.module(word);
                    if at + 1 < words.len() {
                        tree.document(|| format!("The requests of `{}`.", words[..=at].join("::")));
                    }
                }
                tree.document(|| request_doc(&container.integration, words));
                list_members(tree, container.shape);
            } else {
                let mut tree = Tree::default();
                list_members(&mut tree, container.shape);
                let member = container.members.last().copied().unwrap_or_default();
                let doc = match container.owner {
                    Some(owner) => member_doc(owner, member),
                    None => format!("`{member}`."),
                };
                let doc = format!(
                    "{doc}\n\nIn the request of `{}`, at `{}`.",
                    written(words),
                    container.members.join(".")
                );
                nested.extend(tree.module_tokens(&format!("request_{index}"), &doc));
            }
        }
        let requests = requests.module_tokens(
            "requests",
            "The members of the requests the workflow writes, by integration.",
        );
        quote!(#requests #nested)
    }
}

/// The integration a key note's request is of.
fn integration_of<'r>(
    key: &KeyNote,
    resolved: &'r [Option<Resolved>],
) -> Option<(&'r Resolved, &'r Integration)> {
    let resolved = resolved.get(key.integration)?.as_ref()?;
    Some((resolved, resolved.found.as_ref()?))
}

/// Lists the members of the structure `shape` in `tree`.
fn list_members(tree: &mut Tree, shape: Shape) {
    for member in shape.members() {
        let name = member.name();
        if !tree.has_alias(name) {
            tree.alias(
                name,
                || member_doc(shape, name),
                Alias::Type(rust_type(member.shape())),
            );
        }
    }
}

/// The Rust type a member's value reads as (the hover's first line).
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

/// The documentation of the request of an integration.
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

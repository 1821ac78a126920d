//! How the suggestions for a misspelt result field fare on every optimized integration's
//! result model, rendered into `docs/field-suggestions.md`; the test below fails when the
//! committed page differs (`UPDATE_FIELD_SUGGESTIONS=1` rewrites it).
//!
//! Each member of a result (and of the structures its members hold, one level down) is written
//! as a reader of the result writes it wrong with the owner's words (issue 75: `JobRunId` for a
//! Glue `JobRun`'s `Id`, `QueryId` for Athena's `QueryExecutionId`): the owner's name, or its
//! last word, before the member (`JobRunId`, `RunId`); the member without the owner's words it
//! starts with, or without one of them (`Id`, `ExecutionId`, `QueryId`). A spelling that is
//! another member's name is left out. What the data-flow check's message shows first for it
//! ("did you mean", else the first of the fields it lists) is compared with the member meant:
//! *before*, as `workflow_text::suggest::did_you_mean` and `closest` rank them; *after*, as
//! `did_you_mean_in` and `closest_in` rank them, told the owner's names as the validator tells
//! them (`validate::dataflow`'s `owner_names`: the action and the result's shape at the top,
//! the field that holds a nested structure below).

use super::{ACTIONS, Pattern, response_shape};
use crate::{Shape, ShapeKind};
use workflow_text::case::words;
use workflow_text::suggest::{closest, closest_in, did_you_mean, did_you_mean_in};

/// The page, relative to this crate.
const PAGE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/field-suggestions.md");

/// The environment variable that makes the test rewrite the page.
const UPDATE: &str = "UPDATE_FIELD_SUGGESTIONS";

/// One misspelling and what each ranking shows first for it.
struct Case {
    resource: String,
    written: String,
    meant: &'static str,
    before: Option<&'static str>,
    after: Option<&'static str>,
}

/// The misspellings of every member of `shape` (owned by `owner`; `nouns`: the owner's names
/// a reader writes before a member), and of the structures its members hold, `depth` levels.
fn cases(resource: &str, shape: Shape, owner: &[&str], nouns: &[&str], depth: usize) -> Vec<Case> {
    let members: Vec<&'static str> = shape.members().map(|m| m.name()).collect();
    let owner_words: Vec<String> = owner
        .iter()
        .flat_map(|o| words(o).map(str::to_ascii_lowercase))
        .collect();
    let mut out = Vec::new();
    for member in shape.members() {
        let meant = member.name();
        for written in misspellings(meant, nouns, &owner_words) {
            if members.iter().any(|m| m.eq_ignore_ascii_case(&written)) {
                continue;
            }
            let before = did_you_mean(&written, &members)
                .or_else(|| closest(&written, &members, 1).first().copied());
            let after = did_you_mean_in(&written, &members, owner)
                .or_else(|| closest_in(&written, &members, owner, 1).first().copied());
            out.push(Case {
                resource: resource.to_owned(),
                before,
                after,
                written,
                meant,
            });
        }
        let inner = member.shape();
        if depth > 0 && inner.kind() == ShapeKind::Object {
            out.extend(cases(resource, inner, &[meant], &[meant], depth - 1));
        }
    }
    out
}

/// How a reader misspells `member` with its owner's words: a noun of the owner (or its last
/// word) before it, unless it starts so; without the owner's words it starts with, or without
/// one of them.
fn misspellings(member: &str, nouns: &[&str], owner: &[String]) -> Vec<String> {
    let parts: Vec<&str> = words(member).collect();
    let mut out: Vec<String> = Vec::new();
    let mut add = |text: String| {
        if !text.is_empty() && text != member && !out.contains(&text) {
            out.push(text);
        }
    };
    for noun in nouns {
        let noun_words: Vec<&str> = words(noun).collect();
        let starts = noun_words.len() <= parts.len()
            && noun_words
                .iter()
                .zip(&parts)
                .all(|(a, b)| a.eq_ignore_ascii_case(b));
        if !starts {
            add(format!("{noun}{member}"));
            if noun_words.len() > 1
                && let Some(last) = noun_words.last()
            {
                add(format!("{last}{member}"));
            }
        }
    }
    let leading = parts
        .iter()
        .take_while(|w| owner.contains(&w.to_ascii_lowercase()))
        .count();
    if leading > 0 && leading < parts.len() {
        add(pascal(&parts[leading..]));
        if leading > 1 {
            for skip in 0..leading {
                let kept: Vec<&str> = parts
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != skip)
                    .map(|(_, w)| *w)
                    .collect();
                add(pascal(&kept));
            }
        }
    }
    out
}

/// Words joined in PascalCase.
fn pascal(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect()
}

/// Every case, over every optimized action and pattern with a typed result.
fn all_cases() -> Vec<Case> {
    let mut out = Vec::new();
    for action in &ACTIONS {
        for &pattern in action.patterns {
            if pattern == Pattern::WaitForTaskToken {
                continue;
            }
            let Some(shape) = response_shape(action, pattern) else {
                continue;
            };
            if shape.kind() != ShapeKind::Object {
                continue;
            }
            let resource = format!("{}:{}{}", action.service, action.action, pattern.suffix());
            let mut owner = vec![action.action];
            let mut nouns = Vec::new();
            if let Some(name) = shape.name() {
                owner.push(name);
                nouns.push(name);
            }
            out.extend(cases(&resource, shape, &owner, &nouns, 1));
        }
    }
    out
}

/// Every case over the AWS SDK integrations' results (each action's output, its own members,
/// written without the action's words), by service.
fn sdk_cases() -> Vec<(&'static str, Vec<Case>)> {
    let mut out = Vec::new();
    for service in crate::Service::all() {
        let mut of_service = Vec::new();
        for operation in service.operations() {
            let Some(shape) = operation.output() else {
                continue;
            };
            if shape.kind() != ShapeKind::Object {
                continue;
            }
            let action = operation.action();
            let resource = format!("aws-sdk:{}:{action}", service.sdk_name());
            let mut owner = vec![action.as_str()];
            if let Some(name) = shape.name() {
                owner.push(name);
            }
            // No noun: the output's shape is `<Operation>Output`, which nobody writes before
            // a member.
            of_service.extend(cases(&resource, shape, &owner, &[], 0));
        }
        out.push((service.sdk_name(), of_service));
    }
    out
}

/// The whole page, of the optimized integrations' `cases` and the AWS SDK's `sdk`.
fn render(cases: &[Case], sdk: &[(&'static str, Vec<Case>)]) -> String {
    let right = |first: Option<&str>, meant: &str| first == Some(meant);
    let before = cases.iter().filter(|c| right(c.before, c.meant)).count();
    let after = cases.iter().filter(|c| right(c.after, c.meant)).count();
    let mut resources: Vec<&str> = Vec::new();
    for c in cases {
        if resources.last() != Some(&c.resource.as_str()) {
            resources.push(&c.resource);
        }
    }
    let mut page = String::from(
        "# Suggestions for misspelt result fields\n\n\
         Generated by the test `overlay::suggestions_table::the_committed_page_is_the_rankings` \
         (`UPDATE_FIELD_SUGGESTIONS=1 cargo test -p workflow-aws-models --lib suggestions_table` \
         rewrites it); do not edit by hand.\n\n\
         A path that reads a field a Task's result does not have is an error of the data-flow \
         check, which names the field it most likely meant (\"did you mean\"), or lists the \
         closest ones. Readers of an API's answer write a member with the words of what owns \
         it added or left out: `JobRunId` for the `Id` of a Glue `JobRun`, `QueryId` for \
         Athena's `QueryExecutionId`. For every member of every optimized integration's typed \
         result (and of the structures its members hold), each such spelling that is no other \
         member's name: the owner's name or its last word before the member, the member \
         without the owner's words it starts with, or without one of them. *Before*: what the \
         message showed first when suggestions ignored the owner; *after*: with the owner's \
         names (the action and the result's shape; the field that holds a nested structure), \
         a member that means the same once they are taken off coming first \
         (`workflow_text::suggest::did_you_mean_in`).\n\n",
    );
    page.push_str(&format!(
        "{} misspellings of the fields of {} integration results: the field meant comes first for {before} before, for {after} after.\n\n",
        cases.len(),
        resources.len()
    ));
    page.push_str("| Resource | Misspellings | Meant first, before | Meant first, after |\n");
    page.push_str("| --- | --- | --- | --- |\n");
    for resource in &resources {
        let of: Vec<&Case> = cases.iter().filter(|c| c.resource == *resource).collect();
        page.push_str(&format!(
            "| `{resource}` | {} | {} | {} |\n",
            of.len(),
            of.iter().filter(|c| right(c.before, c.meant)).count(),
            of.iter().filter(|c| right(c.after, c.meant)).count()
        ));
    }
    let count = |pick: fn(&Case) -> Option<&'static str>| {
        sdk.iter()
            .flat_map(|(_, cases)| cases)
            .filter(|c| right(pick(c), c.meant))
            .count()
    };
    let total: usize = sdk.iter().map(|(_, cases)| cases.len()).sum();
    page.push_str(&format!(
        "\n## AWS SDK integrations\n\n\
         The same over every AWS SDK integration's result (each action's output, its own members; \
         the owner's names: the action and the output's shape, `<Operation>Output`, which no \
         reader writes before a member, so only the member without the action's words it starts \
         with, or without one of them): {total} misspellings over {} services, the field meant \
         first for {} before, for {} after. By service, where it changed:\n\n\
         | Service | Misspellings | Meant first, before | Meant first, after |\n| --- | --- | --- | --- |\n",
        sdk.len(),
        count(|c| c.before),
        count(|c| c.after)
    ));
    for (service, cases) in sdk {
        let before = cases.iter().filter(|c| right(c.before, c.meant)).count();
        let after = cases.iter().filter(|c| right(c.after, c.meant)).count();
        if before != after {
            page.push_str(&format!(
                "| `{service}` | {} | {before} | {after} |\n",
                cases.len()
            ));
        }
    }
    page.push_str(
        "\n## Each misspelling of an optimized integration's field whose first suggestion changed, or is not the field meant\n\n\
         | Resource | Written | Meant | Before | After |\n| --- | --- | --- | --- | --- |\n",
    );
    let shown = |s: Option<&str>| s.map_or_else(|| "(none)".to_owned(), |s| format!("`{s}`"));
    for c in cases {
        if c.before == c.after && right(c.after, c.meant) {
            continue;
        }
        page.push_str(&format!(
            "| `{}` | `{}` | `{}` | {} | {} |\n",
            c.resource,
            c.written,
            c.meant,
            shown(c.before),
            shown(c.after)
        ));
    }
    page
}

/// One test, for the work is long (every AWS SDK integration's result): the committed page
/// is what the rankings give, and the owner's names bring the field meant first, never a
/// worse one.
#[test]
fn the_committed_page_is_the_rankings() {
    let cases = all_cases();
    let sdk = sdk_cases();
    let glue: Vec<&Case> = cases
        .iter()
        .filter(|c| c.resource == "glue:startJobRun.sync" && c.written == "JobRunId")
        .collect();
    assert_eq!(glue.len(), 1);
    assert_eq!((glue[0].meant, glue[0].after), ("Id", Some("Id")));
    assert_ne!(glue[0].before, Some("Id"));
    let athena = cases
        .iter()
        .find(|c| c.resource == "athena:startQueryExecution" && c.written == "QueryId");
    assert!(athena.is_some_and(|c| c.after == Some("QueryExecutionId")));
    // Never worse: a misspelling the plain ranking got right, the owner's ranking gets right.
    let worse: Vec<String> = cases
        .iter()
        .chain(sdk.iter().flat_map(|(_, cases)| cases))
        .filter(|c| c.before == Some(c.meant) && c.after != Some(c.meant))
        .map(|c| format!("{} {} → {:?}", c.resource, c.written, c.after))
        .collect();
    assert!(worse.is_empty(), "{worse:#?}");
    super::results_table::committed_page(PAGE, &render(&cases, &sdk), UPDATE, "suggestions_table");
}

//! `kinds`: the one-word kinds of states (`pass`, `choice`, …), each documented, for the kinds
//! the workflow writes; where a kind is written that is none (being typed), every kind and
//! every service with optimized integrations, so that completion offers them.

use super::idents::exact;
use crate::parse::notes::Note;
use proc_macro2::{Span, TokenStream};
use quote::quote;

/// Each kind, what it is, and its page of the Step Functions Developer Guide.
const KINDS: &[(&str, &str, &str)] = &[
    (
        "pass",
        "A Pass state: hands its input on, or a fixed value (`pass { … }`: its `Parameters`, or `Output` in JSONata), without doing any work.",
        "state-pass.html",
    ),
    (
        "task",
        "A Task state calling the resource whose ARN follows (`task \"arn:…\" { … }`); an integration is written by its path instead (`lambda::invoke { … }`).",
        "state-task.html",
    ),
    (
        "choice",
        "A Choice state: `when CONDITION => STATE` rules tried in order, then `otherwise => STATE`.",
        "state-choice.html",
    ),
    (
        "wait",
        "A Wait state: waits `seconds = N` (or a path) or until `timestamp = …`.",
        "state-wait.html",
    ),
    (
        "succeed",
        "A Succeed state: ends the workflow (or its branch or iteration) successfully.",
        "state-succeed.html",
    ),
    (
        "fail",
        "A Fail state: ends the workflow with `error = …` and `cause = …`.",
        "state-fail.html",
    ),
    (
        "parallel",
        "A Parallel state: runs its `branch { … }`es at once; its result is the list of what each ended with.",
        "state-parallel.html",
    ),
    (
        "map",
        "A Map state: runs its states once per item (`map(items = $.list) { … }`; `map(distributed)` with a `reader`, a Distributed Map); its result is the list of what each iteration ended with.",
        "state-map.html",
    ),
];

/// The `kinds` module of the notes.
pub(super) fn module(notes: &[Note]) -> TokenStream {
    let written: Vec<String> = notes
        .iter()
        .filter_map(|note| match note {
            Note::Kind(word) => Some(word.as_ref().map(ToString::to_string).unwrap_or_default()),
            _ => None,
        })
        .collect();
    let unknown = written
        .iter()
        .any(|w| !KINDS.iter().any(|(kind, _, _)| kind == w));
    let mut items = TokenStream::new();
    for (kind, what, page) in KINDS {
        if !unknown && !written.iter().any(|w| w == kind) {
            continue;
        }
        let ident = proc_macro2::Ident::new(kind, Span::call_site());
        let doc = format!(
            "`{kind}`: {what}\n\nAWS: <https://docs.aws.amazon.com/step-functions/latest/dg/{page}>"
        );
        items.extend(quote! {
            #[doc = #doc]
            pub type #ident = dyn super::Kind;
        });
    }
    if unknown {
        // The services are kinds too (`lambda::invoke`): offered as the path's first word.
        let mut services: Vec<String> = workflow_aws_models::Integration::optimized()
            .map(|i| i.service().replace('-', "_"))
            .collect();
        services.push("aws_sdk".to_owned());
        services.dedup();
        for service in services {
            let Some(ident) = exact(&service, Span::call_site()) else {
                continue;
            };
            let doc = if service == "aws_sdk" {
                "`aws_sdk::service::action`: an AWS SDK integration.".to_owned()
            } else {
                format!("`{service}::action`: an optimized integration of `{service}`.")
            };
            items.extend(quote! {
                #[doc = #doc]
                pub mod #ident {}
            });
        }
    }
    quote! {
        #[doc = "The kinds of states."]
        pub mod kinds { #items }
    }
}

//! `states`: one item (a type alias) per state, named after it and written at its name (so that a
//! transition's target goes to the state's declaration), documented with what the state is
//! and the types the data flow found for it; `names`: those of the states whose names are
//! identifiers, the ones completion may offer after `->` and `=>` (a name such as
//! `"Ship fast"` is written as a string, which no completion inserts).

use super::Editor;
use super::idents::{Spellings, exact};
use crate::parse::notes::Note;
use crate::rust_types::shown;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use std::collections::{HashMap, HashSet};
use workflow_asl::State;
use workflow_asl::validate::dataflow::{StateInput, TaskTypes};

/// The spellings of the states' names, from their declarations.
pub(super) fn spellings(notes: &[Note]) -> Spellings {
    Spellings::of(notes.iter().filter_map(|note| match note {
        Note::State(name) => Some(name.value.as_str()),
        _ => None,
    }))
}

/// The `states` and `names` modules.
pub(super) fn modules(editor: &Editor<'_>, spellings: &Spellings) -> TokenStream {
    let machine: HashMap<&str, &State> = editor
        .machine
        .map(|m| {
            m.walk()
                .states()
                .map(|s| (s.name, s.state))
                .collect::<HashMap<_, _>>()
        })
        .unwrap_or_default();
    let types: HashMap<&str, &StateInput> =
        editor.states.iter().map(|s| (s.name.as_str(), s)).collect();
    let tasks: HashMap<&str, &TaskTypes> =
        editor.tasks.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut seen = HashSet::new();
    let mut states = TokenStream::new();
    let mut names = TokenStream::new();
    for note in editor.notes {
        let Note::State(name) = note else { continue };
        if !seen.insert(name.value.as_str()) {
            continue;
        }
        let ident = spellings.ident(&name.value, name.span);
        let doc = doc(
            &name.value,
            machine.get(name.value.as_str()).copied(),
            types.get(name.value.as_str()).copied(),
            tasks.get(name.value.as_str()).copied(),
        );
        states.extend(quote! {
            #[doc = #doc]
            pub type #ident = dyn super::State;
        });
        if let Some(exact) = exact(&name.value, Span::call_site()) {
            names.extend(quote!(pub use super::states::#exact;));
        }
    }
    quote! {
        #[doc = "The workflow's states."]
        pub mod states { #states }
        #[doc = "The states whose names are identifiers (`-> Name`)."]
        pub mod names { #names }
    }
}

/// What a state is, in a line.
fn kind(state: &State) -> String {
    match state {
        State::Pass(_) => "a Pass state".to_owned(),
        State::Task(task) => {
            let resource = task.resource.as_str();
            match task.resource.integration() {
                Some(integration) => format!(
                    "a Task state calling {} (`{resource}`)",
                    super::integrations::calls(integration)
                ),
                None => format!("a Task state calling `{resource}`"),
            }
        }
        State::Choice(choice) => format!(
            "a Choice state ({} rule{}{})",
            choice.choices.len(),
            if choice.choices.len() == 1 { "" } else { "s" },
            if choice.default.is_some() {
                ", and `otherwise`"
            } else {
                ""
            }
        ),
        State::Wait(_) => "a Wait state".to_owned(),
        State::Succeed(_) => "a Succeed state".to_owned(),
        State::Fail(_) => "a Fail state".to_owned(),
        State::Parallel(parallel) => format!(
            "a Parallel state ({} branch{})",
            parallel.branches.len(),
            if parallel.branches.len() == 1 {
                ""
            } else {
                "es"
            }
        ),
        State::Map(_) => "a Map state".to_owned(),
    }
}

/// The documentation of the state `name`: what it is, its types, where it goes.
fn doc(
    name: &str,
    state: Option<&State>,
    types: Option<&StateInput>,
    task: Option<&TaskTypes>,
) -> String {
    let Some(state) = state else {
        return format!(
            "`{name:?}`: a state the macro has not read whole yet (see the errors of the workflow)."
        );
    };
    let mut doc = format!("`{name:?}`: {}.\n\n", kind(state));
    match types.and_then(|t| t.effective.as_ref()) {
        Some(input) => doc.push_str(&format!("- input: `{}`\n", shown(input))),
        None => doc.push_str("- input: none (no transition reaches it)\n"),
    }
    if let Some(task) = task {
        let what = if task.declared {
            "as `returns` declares it"
        } else {
            "what the states after it read"
        };
        doc.push_str(&format!(
            "- sends: `{}`\n- result ({what}): `{}`\n",
            shown(&task.request),
            shown(&task.response)
        ));
    }
    if let Some(output) = types.and_then(|t| t.output.as_ref()) {
        doc.push_str(&format!("- output: `{}`\n", shown(output)));
    }
    let exits = state.exits();
    if exits.is_empty() {
        if state.is_terminal() || state.transition().is_some() {
            doc.push_str("- ends the workflow (or its branch or iteration)\n");
        }
    } else {
        let mut seen = HashSet::new();
        let targets: Vec<String> = exits
            .iter()
            .filter(|e| seen.insert(e.target))
            .map(|e| format!("`{:?}`", e.target))
            .collect();
        doc.push_str(&format!("- goes to: {}\n", targets.join(", ")));
    }
    doc
}

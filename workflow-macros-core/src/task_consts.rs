//! One constant per Task state on the workflow's type, for keying local handlers in tests
//! without writing a state name or a resource ARN: `"Train model"` becomes
//! `RetrainingPipeline::TRAIN_MODEL`, a `::workflow_runtime::TaskRef`.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use std::collections::HashMap;
use syn::{Ident, LitStr, Visibility};
use workflow_asl::StateMachine;
use workflow_text::case::Case;

/// The names the workflow's type already uses: a Task state that would take one gets none.
const TAKEN: &[&str] = &["NAME", "ASL", "ASL_PRETTY", "MERMAID", "SUBSTITUTIONS"];

/// Every Task state (nested ones included) as (name, resource), in the model's document order.
pub(crate) fn tasks(machine: &StateMachine) -> Vec<(&str, &str)> {
    machine
        .walk()
        .tasks()
        .map(|(s, task)| (s.name, task.resource.as_str()))
        .collect()
}

/// `Train model` → `TRAIN_MODEL`, `fetchData` → `FETCH_DATA`: the name's SCREAMING_SNAKE_CASE;
/// `None` when that is no identifier (no letters or digits, or a digit first) or a name the
/// type already uses.
pub(crate) fn const_name(state: &str) -> Option<String> {
    let name = Case::ScreamingSnake.apply(state);
    let starts_well = name.starts_with(|c: char| c.is_ascii_alphabetic());
    (starts_well && !TAKEN.contains(&name.as_str())).then_some(name)
}

/// The associated constants, one per Task state whose name gives a constant name no other
/// Task state's gives (the others are keyed by name: `HandlerKey::state`).
pub(crate) fn generate(vis: &Visibility, machine: &StateMachine) -> TokenStream {
    let tasks = tasks(machine);
    let mut count: HashMap<String, usize> = HashMap::new();
    let named: Vec<(Option<String>, &str, &str)> = tasks
        .iter()
        .map(|(name, resource)| {
            let c = const_name(name);
            if let Some(c) = &c {
                *count.entry(c.clone()).or_default() += 1;
            }
            (c, *name, *resource)
        })
        .collect();
    let consts = named.into_iter().filter_map(|(c, name, resource)| {
        let c = c.filter(|c| count.get(c) == Some(&1))?;
        let ident = Ident::new(&c, Span::call_site());
        let doc = format!(" The Task state `{name}` (`{resource}`), to key a local handler.");
        let name = LitStr::new(name, Span::call_site());
        let resource = LitStr::new(resource, Span::call_site());
        Some(quote! {
            #[doc = #doc]
            #[allow(dead_code)]
            #vis const #ident: ::workflow_runtime::TaskRef = ::workflow_runtime::TaskRef {
                name: #name,
                resource: #resource,
            };
        })
    });
    quote!(#(#consts)*)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_names_from_state_names() {
        assert_eq!(const_name("Train model").as_deref(), Some("TRAIN_MODEL"));
        assert_eq!(const_name("fetchData").as_deref(), Some("FETCH_DATA"));
        assert_eq!(
            const_name("fetchHTTPData").as_deref(),
            Some("FETCH_HTTP_DATA")
        );
        assert_eq!(
            const_name("Run ETL job (v2)").as_deref(),
            Some("RUN_ETL_JOB_V2")
        );
        assert_eq!(const_name("2nd step"), None);
        assert_eq!(
            const_name("Name"),
            None,
            "the type's own constants are not taken"
        );
        assert_eq!(const_name("→"), None);
    }

    #[test]
    fn nested_tasks_are_found_and_clashing_names_skipped() {
        let machine = StateMachine::from_json(
            r#"{"StartAt": "P", "States": {
                "P": {"Type": "Parallel", "Next": "Load data", "Branches": [
                    {"StartAt": "load-data", "States": {"load-data": {"Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun.sync", "End": true}}}
                ]},
                "Load data": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Train"},
                "Train": {"Type": "Task", "Resource": "arn:aws:states:::sagemaker:createTrainingJob.sync", "End": true}
            }}"#,
        )
        .unwrap();
        let names: Vec<&str> = tasks(&machine).iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["Load data", "Train", "load-data"]);
        let vis: Visibility = syn::parse_quote!(pub);
        let code = generate(&vis, &machine).to_string();
        assert!(code.contains("const TRAIN :"), "{code}");
        assert!(
            !code.contains("LOAD_DATA"),
            "`Load data` and `load-data` clash: {code}"
        );
    }
}

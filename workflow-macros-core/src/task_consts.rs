//! One constant per Task state on the workflow's type, for keying local handlers in tests
//! without writing a state name or a resource ARN: `"Train model"` becomes
//! `RetrainingPipeline::TRAIN_MODEL`, a `::workflow_runtime::TaskRef`.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use std::collections::HashMap;
use syn::{Ident, LitStr, Visibility};
use workflow_asl::StateMachine;

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

/// `Train model` → `TRAIN_MODEL`, `fetchData` → `FETCH_DATA`; `None` when nothing of the
/// name is an identifier character or it starts with a digit.
pub(crate) fn const_name(state: &str) -> Option<String> {
    let mut out = String::new();
    let mut previous_lower = false;
    for c in state.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && previous_lower && !out.ends_with('_') {
                out.push('_');
            }
            previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            out.push(c.to_ascii_uppercase());
        } else {
            previous_lower = false;
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
        }
    }
    let out = out.trim_end_matches('_').to_owned();
    let starts_well = out.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    (starts_well && !TAKEN.contains(&out.as_str())).then_some(out)
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

//! One constant per Task state on the workflow's type, for keying handlers without writing a
//! state name or a resource ARN: `"Train model"` becomes `RetrainingPipeline::TRAIN_MODEL`, a
//! `::workflow_runtime::TaskRef<Req, Resp, Kind>` typed by what the state exchanges and what it
//! calls (`Kind`, a `workflow_runtime::task_kind` marker), with the two
//! types beside the workflow's: `RetrainingPipelineTrainModelRequest`, what the state sends,
//! and `RetrainingPipelineTrainModelResponse`, what the states after it read of its result
//! (from `workflow_asl::validate::dataflow::task_types`).

use crate::rust_types::{Generator, shown};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use std::collections::HashMap;
use syn::{Ident, LitStr};
use workflow_asl::StateMachine;
use workflow_asl::validate::dataflow::{DataType, TaskTypes};
use workflow_aws_models::Resource;
use workflow_text::case::Case;

/// The names the workflow's type already uses: a Task state that would take one gets none.
const TAKEN: &[&str] = &[
    "NAME",
    "ASL",
    "ASL_PRETTY",
    "MERMAID",
    "SUBSTITUTIONS",
    "GENERATED_ITEMS",
];

/// Every Task state (nested ones included) as (name, resource), in the model's document order.
pub(crate) fn tasks(machine: &StateMachine) -> Vec<(&str, &Resource)> {
    machine
        .walk()
        .tasks()
        .map(|(s, task)| (s.name, &task.resource))
        .collect()
}

/// The `workflow_runtime::task_kind` marker of a Task calling `resource`: a callback for
/// `.waitForTaskToken` (whatever it calls), an activity, a Lambda function (`lambda:invoke`,
/// a function's ARN), another integration, or unknown where a substitution decides it.
fn kind(resource: &Resource) -> &'static str {
    if resource.shape().is_none() {
        "Unknown"
    } else if resource.waits_for_task_token() {
        "Callback"
    } else if resource.is_activity() {
        "Activity"
    } else if resource.lambda_function().is_some()
        || resource.integration().is_some_and(|i| i.is_lambda_invoke())
    {
        "Lambda"
    } else {
        "Service"
    }
}

/// The `HeartbeatSeconds` of every Task state that writes it as a number, by name.
fn heartbeats(machine: &StateMachine) -> HashMap<&str, u64> {
    machine
        .walk()
        .tasks()
        .filter_map(|(s, task)| match task.heartbeat.as_ref()?.value()? {
            workflow_asl::Expr::Literal(n) => Some((s.name, *n)),
            _ => None,
        })
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

/// The constants and the types of the Task states.
pub(crate) struct TaskItems {
    /// The associated constants (inside the workflow type's `impl`).
    pub consts: TokenStream,
    /// The request and response types (beside the workflow's type).
    pub types: TokenStream,
    /// One line per constant for the workflow's list of generated items: the constant, its
    /// state, its kind and its two types with their data-flow shapes.
    pub listing: Vec<String>,
}

/// The associated constants, one per Task state whose name gives a constant name no other
/// Task state's gives (the others are keyed by name: `HandlerKey::state`), and their request
/// and response types, when the execution input has the type `input`.
pub(crate) fn generate(
    generator: &mut Generator<'_>,
    workflow: &Ident,
    machine: &StateMachine,
    types: &[TaskTypes],
) -> TaskItems {
    let tasks = tasks(machine);
    let mut count: HashMap<String, usize> = HashMap::new();
    for (name, _) in &tasks {
        if let Some(c) = const_name(name) {
            *count.entry(c).or_default() += 1;
        }
    }
    let types: HashMap<&str, &TaskTypes> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    let vis = generator.vis();
    let heartbeats = heartbeats(machine);
    let mut consts = Vec::new();
    let mut items = Vec::new();
    let mut listing = Vec::new();
    for (name, resource) in tasks {
        let Some(c) = const_name(name).filter(|c| count.get(c) == Some(&1)) else {
            continue;
        };
        let ident = Ident::new(&c, Span::call_site());
        let pascal = Case::Pascal.apply(&c.to_lowercase());
        let request = format_ident!("{workflow}{pascal}Request");
        let response = format_ident!("{workflow}{pascal}Response");
        let any = DataType::Any;
        let found = types.get(name);
        let request_type = found.map_or(&any, |t| &t.request);
        let response_type = found.map_or(&any, |t| &t.response);
        let declared = found.is_some_and(|t| t.declared);
        listing.push(format!(
            "- `{workflow}::{c}`: the Task state `{name}` (`task_kind::{}`); it sends `{request}` (`{}`), the states after it read `{response}` (`{}`)",
            kind(resource),
            shown(request_type),
            shown(response_type)
        ));
        items.push(generator.item(
            &request,
            request_type,
            &format!(
                "What the Task state `{name}` of [`{workflow}`] sends (for `lambda:invoke`, the `Payload`), as the data-flow types found it: `{}`.",
                shown(request_type)
            ),
        ));
        items.push(generator.item(
            &response,
            response_type,
            &if declared {
                format!(
                    "What the handler of the Task state `{name}` of [`{workflow}`] answers (for `lambda:invoke`, the `Payload`), as the workflow declares it (`returns`): `{}`.",
                    shown(response_type)
                )
            } else {
                format!(
                    "What [`{workflow}`] reads of the result of its Task state `{name}` (for `lambda:invoke`, of the `Payload`): `{}`. Every field a later state reads is required; fields nobody reads are left out.",
                    shown(response_type)
                )
            },
        ));
        let doc = format!(
            " The Task state `{name}` (`{}`), typed by what it sends ([`{request}`]) and what the states after it read ([`{response}`]), and by what it calls (`task_kind::{}`): key a handler with it (`Engine::task`).",
            resource.as_str(),
            kind(resource)
        );
        let heartbeat = heartbeats
            .get(name)
            .map(|seconds| quote!(.with_heartbeat_seconds(#seconds)));
        let name = LitStr::new(name, Span::call_site());
        let kind = format_ident!("{}", kind(resource));
        let resource = LitStr::new(resource.as_str(), Span::call_site());
        consts.push(quote! {
            #[doc = #doc]
            #[allow(dead_code)]
            #vis const #ident: ::workflow_runtime::TaskRef<
                #request,
                #response,
                ::workflow_runtime::task_kind::#kind,
            > = ::workflow_runtime::TaskRef::new(#name, #resource)#heartbeat;
        });
    }
    TaskItems {
        consts: quote!(#(#consts)*),
        types: quote!(#(#items)*),
        listing,
    }
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
        let vis: syn::Visibility = syn::parse_quote!(pub);
        let mut generator = Generator::new(&vis);
        let items = generate(
            &mut generator,
            &Ident::new("W", Span::call_site()),
            &machine,
            &workflow_asl::validate::dataflow::task_types(&machine, &DataType::Any),
        );
        let code = items.consts.to_string();
        let types = format!("{} {}", items.types, generator.finish());
        assert!(
            types.contains("pub struct WTrainRequest") && types.contains("pub type WTrainResponse"),
            "the request is `Load data`'s Lambda result, the response unread: {types}"
        );
        assert!(code.contains("const TRAIN :"), "{code}");
        assert!(
            !code.contains("LOAD_DATA"),
            "`Load data` and `load-data` clash: {code}"
        );
    }
}

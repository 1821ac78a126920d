//! The macro's pipeline: parse → lower → check → describe → generate. Every phase collects its
//! errors; code is generated even when there are errors, so that the user sees the errors of
//! the workflow, not a cascade of unknown-type errors where the workflow is used. A workflow
//! read from a file (`pub Name from "file.asl.json";`) takes the file form's way instead
//! (`crate::from_file`).

use crate::ast::WorkflowDef;
use crate::description::Description;
use crate::lower::Lowered;
use proc_macro2::TokenStream;
use workflow_asl::validate::dataflow::{Analysis, DataType, StateInput, TaskTypes};

/// Expands one `workflow! { ... }` invocation: the editor's call (`editor_call`), then
/// the workflow's items.
pub fn expand(input: TokenStream) -> TokenStream {
    let mut out = editor_call(&input);
    out.extend(expand_items(input));
    out
}

/// `workflow_editor! { <the invocation, token for token> }` under `#[cfg(rust_analyzer)]`,
/// which only rust-analyzer sets (on a workspace's own crates): rustc drops it unexpanded, so
/// a build pays for the tokens alone, and rust-analyzer expands it to the editor's items
/// ([`editor`]). It comes first in the expansion, the invocation's tokens as written, so that
/// the expansion rust-analyzer makes for completion (with an identifier inserted at the cursor)
/// reads as the real one up to the cursor.
fn editor_call(input: &TokenStream) -> TokenStream {
    quote::quote! {
        #[allow(unexpected_cfgs)]
        const _: () = {
            #[cfg(rust_analyzer)]
            ::workflow_runtime::__private::workflow_editor! { #input }
        };
    }
}

/// What rust-analyzer reads inside a `workflow!` invocation (`crate::editor`): the items its
/// hovers, completions and definitions find, made of the same invocation's tokens. Nothing
/// else: the workflow's items and its errors are `workflow!`'s own.
pub fn editor(input: TokenStream) -> TokenStream {
    let (parsed, notes) = crate::parse::parse_workflow_noted(input);
    let def = match parsed {
        Ok(def) => def,
        Err(failure) => match failure.partial {
            Some(partial) if partial.source_file.is_none() => *partial,
            _ => return TokenStream::new(),
        },
    };
    if def.source_file.is_some() {
        return TokenStream::new();
    }
    let checked = checked_with(&def, true);
    crate::editor::block(&crate::editor::Editor {
        workflow: &def.name,
        notes: &notes,
        input: def.input.as_ref(),
        machine: checked.lowered.machine.as_ref(),
        states: &checked.states,
        tasks: &checked.tasks,
    })
}

/// [`expand`]'s items.
fn expand_items(input: TokenStream) -> TokenStream {
    let def = match crate::parse::parse_workflow(input) {
        Ok(def) => def,
        Err(failure) => {
            let Some(partial) = failure.partial else {
                return failure.error.to_compile_error();
            };
            let errors = [failure.error];
            if partial.source_file.is_some() {
                let description = Description::failed(
                    &partial.vis,
                    &partial.name,
                    partial.input.as_ref(),
                    &errors,
                );
                return crate::codegen::generate(&description);
            }
            // The states that parsed are lowered for their Task constants and the output type;
            // what the lowering and the check say of them (a transition to a state that did
            // not parse, …) follows from the parse error and is not shown.
            let checked = checked(&partial);
            let description = Description {
                errors: &errors,
                ..described(&partial, &checked)
            };
            return crate::codegen::generate(&description);
        }
    };
    if let Some(file) = &def.source_file {
        return crate::from_file::expand(&def, file);
    }
    let checked = checked(&def);
    let lowered = &checked.lowered;
    let mut description = described(&def, &checked);
    let source = lowered.machine.as_ref().map(|machine| {
        crate::description::SourceLines::of(machine, None, |pointer| {
            Some(lowered.spans.find(pointer)?.start().line)
        })
    });
    description.source = source.as_ref();
    crate::codegen::generate(&description)
}

/// The ASL definition a `workflow!` invocation's body expands to (the `ASL` constant's
/// compact JSON), or its errors' messages: what the macro makes of it, without compiling it.
/// `workflow import` checks what it prints with it.
pub fn definition_json(input: TokenStream) -> Result<String, Vec<String>> {
    let def = crate::parse::parse_workflow(input).map_err(|f| vec![f.error.to_string()])?;
    if def.source_file.is_some() {
        return Err(vec![
            "a workflow read from a file (`from \"…\"`) is that file".to_owned(),
        ]);
    }
    let lowered = checked(&def).lowered;
    if !lowered.errors.is_empty() {
        return Err(lowered.errors.iter().map(ToString::to_string).collect());
    }
    lowered
        .machine
        .as_ref()
        .map(|machine| machine.to_json())
        .ok_or_else(|| vec!["the workflow has no definition".to_owned()])
}

/// A parsed workflow lowered and checked, with what code generation reads of its data-flow types.
pub(crate) struct Checked {
    /// The lowered workflow; its errors are the lowering's and the check's.
    pub lowered: Lowered,
    /// The type of what the workflow ends with.
    pub output: DataType,
    /// What each Task state sends and what the workflow reads of its result.
    pub tasks: Vec<TaskTypes>,
    /// The input and output of each state, for the editor's hovers (empty unless asked for).
    pub states: Vec<StateInput>,
}

/// The parsed workflow lowered and checked. The data-flow analysis runs once, on the first
/// lowering's machine, and serves the second lowering (when a comparison needs the types), the
/// check, the output type and the Task types alike.
pub(crate) fn checked(def: &WorkflowDef) -> Checked {
    checked_with(def, false)
}

/// [`checked`], with each state's types (`states`) when asked for.
fn checked_with(def: &WorkflowDef, states: bool) -> Checked {
    let first = crate::lower::first(def);
    let Some(machine) = &first.machine else {
        return Checked {
            lowered: first,
            output: DataType::Any,
            tasks: Vec::new(),
            states: Vec::new(),
        };
    };
    let input = crate::input_type::input_type(def.input.as_ref());
    let analysis = Analysis::with_declared(machine, &input, &first.declared);
    let second = first
        .needs_types
        .then(|| crate::lower::with_types(def, &analysis));
    let last = second.as_ref().unwrap_or(&first);
    let found = last
        .machine
        .as_ref()
        .map(|machine| crate::check::check(def, machine, last, &analysis))
        .unwrap_or_default();
    // A misspelt transition does not break the path to the end: the analysis follows it to the
    // state its error suggests, so the output type is the one of the workflow as meant and the
    // user's code compiles while the error is fixed.
    let output = analysis.output();
    let tasks = analysis.task_types();
    let states = if states {
        analysis.state_inputs()
    } else {
        Vec::new()
    };
    drop(analysis);
    let mut lowered = second.unwrap_or(first);
    lowered.errors.extend(found);
    Checked {
        lowered,
        output,
        tasks,
        states,
    }
}

/// What code generation needs of a checked workflow: the definition the lowering produced
/// (its texts are generated only when nothing is wrong, its Task constants always).
pub(crate) fn described<'a>(def: &'a WorkflowDef, checked: &'a Checked) -> Description<'a> {
    Description {
        vis: &def.vis,
        name: &def.name,
        docs: &def.docs,
        input: def.input.as_ref(),
        machine: checked.lowered.machine.as_ref(),
        substitutions: &checked.lowered.substitutions,
        output: &checked.output,
        tasks: &checked.tasks,
        errors: &checked.lowered.errors,
        source: None,
        machine_type: checked.lowered.machine_type,
        started: &checked.lowered.started,
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;
    use workflow_asl::validate::dataflow::analyses_run;

    /// How many data-flow analyses one expansion of `tokens` makes.
    fn analyses(tokens: proc_macro2::TokenStream) -> usize {
        let before = analyses_run();
        let expanded = super::expand(tokens).to_string();
        assert!(!expanded.contains("compile_error"), "{expanded}");
        analyses_run() - before
    }

    #[test]
    fn one_analysis_serves_the_check_the_output_and_the_task_types() {
        let tokens = quote! {
            pub Orders {
                input { order_id: string, total: number }
                "Charge": lambda::invoke { FunctionName: "charge", Payload: { amount: $.total } }
                    result_path = $.charge -> "Paid?";
                "Paid?": choice {
                    when $.charge.Payload.approved == true => "Done",
                    otherwise => "Declined",
                }
                "Declined": fail(error = "Declined");
                "Done": succeed;
            }
        };
        assert_eq!(analyses(tokens), 1);
    }

    #[test]
    fn the_second_lowering_reads_the_first_ones_analysis() {
        // `$.count >= $.limit`: the operator comes from the inferred types (a second lowering).
        let tokens = quote! {
            pub Inferred {
                input { count: integer, limit: integer }
                "Check": choice {
                    when $.count >= $.limit => "Done",
                    otherwise => "Increment",
                }
                "Increment": pass { count: States.MathAdd($.count, 1), limit: $.limit } -> "Check";
                "Done": succeed;
            }
        };
        let before = analyses_run();
        let Ok(def) = crate::parse::parse_workflow(tokens.clone()) else {
            panic!("the workflow parses");
        };
        assert!(
            crate::lower::first(&def).needs_types,
            "the case needs types"
        );
        assert_eq!(analyses_run(), before);
        assert_eq!(analyses(tokens), 1);
    }

    #[test]
    fn the_file_form_analyses_once() {
        let path = std::env::temp_dir().join(format!(
            "workflow-one-analysis-{}.asl.json",
            std::process::id()
        ));
        std::fs::write(
            &path,
            r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f", "Payload": {}}, "ResultSelector": {"n.$": "$.Payload.n"}, "End": true}}}"#,
        )
        .expect("write the definition");
        let file = path.display().to_string();
        let count = analyses(quote! { pub FromFile from #file; });
        let _ = std::fs::remove_file(&path);
        assert_eq!(count, 1);
    }
}

#[cfg(test)]
mod declared_tests {
    use quote::quote;

    /// The expansion of `tokens` as text.
    fn expanded(tokens: proc_macro2::TokenStream) -> String {
        super::expand(tokens).to_string()
    }

    #[test]
    fn a_declared_answer_types_the_result_and_the_response() {
        let out = expanded(quote! {
            pub Orders {
                input { order_id: string, total: number }
                "Charge": lambda::invoke { FunctionName: "charge", Payload: { amount: $.total } }
                    returns { approved: bool, receipt?: string }
                    result_path = $.charge -> "Paid?";
                "Paid?": choice {
                    when $.charge.Payload.approved == true => "Done",
                    otherwise => "Declined",
                }
                "Declined": fail(error = "Declined");
                "Done": succeed;
            }
        });
        assert!(!out.contains("compile_error"), "{out}");
        assert!(out.contains("pub struct OrdersChargeResponse"), "{out}");
        assert!(
            out.contains("receipt"),
            "the declared field nobody reads is there: {out}"
        );
        let typo = expanded(quote! {
            pub Orders {
                "Charge": lambda::invoke { FunctionName: "charge", Payload: {} }
                    returns { approved: bool }
                    result_path = $.charge -> "Paid?";
                "Paid?": choice {
                    when $.charge.Payload.aproved == true => "Done",
                    otherwise => "Done",
                }
                "Done": succeed;
            }
        });
        assert!(
            typo.contains("has no field `aproved` at `$.charge.Payload`; did you mean `approved`?"),
            "{typo}"
        );
    }

    #[test]
    fn declared_items_type_the_iterations() {
        let typo = expanded(quote! {
            pub Items {
                "Each": map(distributed) {
                    "Charge": lambda::invoke { FunctionName: "f", Payload: { id: $.orderId } };
                }
                reader s3::get_object { Bucket: "in", Key: "orders.jsonl" } (input_type = jsonl)
                item { order_id: string, amount_cents: integer };
            }
        });
        assert!(typo.contains("did you mean `order_id`?"), "{typo}");
        let csv = expanded(quote! {
            pub Items {
                "Each": map(distributed) {
                    "Charge": pass;
                }
                reader s3::get_object { Bucket: "in", Key: "orders.csv" } (input_type = csv, header_location = first_row)
                item { order_id: string, amount_cents: integer };
            }
        });
        assert!(
            csv.contains(
                "a CSV reader reads every column as text: declare `amount_cents` a `string`"
            ),
            "{csv}"
        );
        let no_reader = expanded(quote! {
            pub Items {
                "Each": map(items = $.orders) { "Charge": pass; }
                item { order_id: string };
            }
        });
        assert!(
            no_reader.contains("`item` declares what a Map's `reader` reads"),
            "{no_reader}"
        );
    }
}

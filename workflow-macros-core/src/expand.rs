//! The macro's pipeline: parse → lower → check → describe → generate. Every phase collects its
//! errors; code is generated even when there are errors, so that the user sees the errors of
//! the workflow, not a cascade of unknown-type errors where the workflow is used. A workflow
//! read from a file (`pub Name from "file.asl.json";`) takes the file form's way instead
//! (`crate::from_file`).

use crate::ast::WorkflowDef;
use crate::description::Description;
use crate::lower::Lowered;
use proc_macro2::TokenStream;
use workflow_asl::validate::dataflow::DataType;

/// Expands one `workflow! { ... }` invocation.
pub fn expand(input: TokenStream) -> TokenStream {
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
            let (lowered, output) = checked(&partial);
            let description = Description {
                errors: &errors,
                ..described(&partial, &lowered, &output)
            };
            return crate::codegen::generate(&description);
        }
    };
    if let Some(file) = &def.source_file {
        return crate::from_file::expand(&def, file);
    }
    let (lowered, output) = checked(&def);
    let mut description = described(&def, &lowered, &output);
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
    let (lowered, _) = checked(&def);
    if !lowered.errors.is_empty() {
        return Err(lowered.errors.iter().map(ToString::to_string).collect());
    }
    lowered
        .machine
        .as_ref()
        .map(|machine| machine.to_json())
        .ok_or_else(|| vec!["the workflow has no definition".to_owned()])
}

/// The parsed workflow lowered and checked: the lowered workflow, its errors the lowering's and
/// the check's, and the type of what it ends with.
pub(crate) fn checked(def: &WorkflowDef) -> (Lowered, DataType) {
    let mut lowered = crate::lower::lower(def);
    let mut output = DataType::Any;
    if let Some(machine) = &lowered.machine {
        let (found, ends_with) = crate::check::check_typed(def, machine, &lowered);
        lowered.errors.extend(found);
        output = ends_with;
        // A misspelt transition can break the path to the end: the output type is then the
        // one of the workflow as meant, so that the user's code compiles while the error is
        // fixed.
        if output == DataType::Any
            && !lowered.errors.is_empty()
            && let Some(meant) = crate::repair::with_misspelt_targets_fixed(machine)
        {
            let input = crate::input_type::input_type(def.input.as_ref());
            output = workflow_asl::validate::dataflow::output_type(&meant, &input);
        }
    }
    (lowered, output)
}

/// What code generation needs of a checked workflow: the definition the lowering produced
/// (its texts are generated only when nothing is wrong, its Task constants always).
pub(crate) fn described<'a>(
    def: &'a WorkflowDef,
    lowered: &'a Lowered,
    output: &'a DataType,
) -> Description<'a> {
    Description {
        vis: &def.vis,
        name: &def.name,
        docs: &def.docs,
        input: def.input.as_ref(),
        machine: lowered.machine.as_ref(),
        substitutions: &lowered.substitutions,
        output,
        errors: &lowered.errors,
        source: None,
    }
}

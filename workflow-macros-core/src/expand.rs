//! The macro's pipeline: parse → lower → check → generate. Every phase collects its errors;
//! code is generated even when there are errors, so that the user sees the errors of the
//! workflow, not a cascade of unknown-type errors where the workflow is used.

use proc_macro2::TokenStream;
use workflow_asl::validate::dataflow::DataType;

/// Expands one `workflow! { ... }` invocation.
pub fn expand(input: TokenStream) -> TokenStream {
    let def = match crate::parse::parse_workflow(input) {
        Ok(def) => def,
        Err(failure) => return crate::codegen::fallback(failure.header.as_ref(), &failure.error),
    };
    let mut def = def;
    if let Some(file) = def.source_file.take() {
        return crate::import::file::expand(def, &file);
    }
    let mut lowered = crate::lower::lower(&def);
    let mut output = DataType::Any;
    if let Some(machine) = &lowered.machine {
        let (found, ends_with) = crate::check::check_typed(&def, machine, &lowered);
        lowered.errors.extend(found);
        output = ends_with;
    }
    crate::codegen::generate(&def, &lowered, &output)
}

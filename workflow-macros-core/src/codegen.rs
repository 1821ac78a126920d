//! Code generation: the items a `workflow!` expands to, from its [`Description`] (what the
//! macro form and the file form build alike).
//!
//! - a unit struct named after the workflow (its handle), with the ASL as `&'static str`
//!   constants computed at compile time (`ASL`, compact; `ASL_PRETTY`, indented; `MERMAID`,
//!   the graph);
//! - the input struct `<Name>Input` (and one struct per nested object) from the `input { … }`
//!   schema, serde-serialisable, field names as written;
//! - one `::workflow_runtime::TaskRef<Req, Resp, Kind>` constant per Task state (`TRAIN_MODEL` for
//!   `Train model`), with the state's request and response types (see [`crate::task_consts`]);
//! - `<Name>Output`, the type of what the workflow ends with (see [`crate::output_type`]);
//! - `impl ::workflow_runtime::Workflow for <Name>`.
//!
//! Generated code uses absolute paths only and never needs `serde` or `serde_json` in the
//! user's dependencies. On errors the same public items are emitted (with an empty ASL), so the
//! user sees the workflow's errors and not a cascade where the workflow is used.

use crate::ast::{Field, FieldType, ScalarType};
use crate::description::Description;
use crate::serde_impls::{JsonField, json_struct};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::{Ident, LitStr, Visibility};
use workflow_text::case::Case;

/// The items of a described workflow; its errors are emitted first.
pub(crate) fn generate(description: &Description<'_>) -> TokenStream {
    let Description {
        vis,
        name,
        docs,
        input,
        machine,
        substitutions,
        output,
        tasks,
        errors,
        source,
        machine_type,
        started,
    } = description;
    // The texts only of a definition without errors; the Task constants of any definition
    // the lowering produced, so that the user's code that uses them compiles while the
    // workflow's own errors are fixed.
    let checked = machine.filter(|_| errors.is_empty());
    let errors = errors.iter().map(syn::Error::to_compile_error);
    let (asl, pretty, mermaid) = match checked {
        Some(machine) => (
            machine.to_json(),
            machine.to_json_pretty(),
            workflow_graph::to_mermaid(machine),
        ),
        None => (String::new(), String::new(), String::new()),
    };
    // One generator for the output type and the Task types: no two structs take one name.
    let mut generator = crate::rust_types::Generator::new(vis);
    let output_items = crate::output_type::output_item(&mut generator, name, output);
    let input_type = crate::input_type::input_type(*input);
    let (task_consts, task_types, task_listing) = machine
        .map(|machine| {
            let items = crate::task_consts::generate(&mut generator, name, machine, tasks);
            (items.consts, items.types, items.listing)
        })
        .unwrap_or_default();
    let listing = LitStr::new(
        &generated_items(name, *input, &input_type, output, &task_listing),
        Span::call_site(),
    );
    let listing_doc = LitStr::new(
        &format!("\n# Generated items\n\n{}", listing.value()),
        Span::call_site(),
    );
    let generated_structs = generator.finish();
    let input_name = format_ident!("{}Input", name);
    let output_name = format_ident!("{}Output", name);
    let input_items = match input {
        Some(schema) => structs(
            vis,
            &input_name,
            &schema.fields,
            &format!("The execution input of [`{name}`]."),
        ),
        None => {
            let doc = format!(
                "The execution input of [`{name}`]: any JSON (the workflow declares no `input` schema)."
            );
            quote! {
                #[doc = #doc]
                #vis type #input_name = ::workflow_runtime::__private::serde_json::Value;
            }
        }
    };
    let name_text = LitStr::new(&name.to_string(), name.span());
    let asl = LitStr::new(&asl, Span::call_site());
    let pretty = LitStr::new(&pretty, Span::call_site());
    let mermaid = LitStr::new(&mermaid, Span::call_site());
    let substitutions = substitutions
        .iter()
        .map(|s| LitStr::new(s, Span::call_site()));
    let source = source_const(*source);
    let machine_type = match machine_type {
        workflow_asl::ExecutionType::Standard => TokenStream::new(),
        workflow_asl::ExecutionType::Express => quote! {
            const MACHINE_TYPE: ::workflow_runtime::asl::ExecutionType =
                ::workflow_runtime::asl::ExecutionType::Express;
        },
    };
    let input_schema = input_schema_const(*input);
    let (started_const, started_checks) = started_items(started);
    quote! {
        #(#errors)*
        #(#[doc = #docs])*
        #[doc = #listing_doc]
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        #vis struct #name;

        #input_items

        #output_items
        #task_types
        #generated_structs
        #started_checks

        #[automatically_derived]
        impl #name {
            /// The state machine's default name.
            #vis const NAME: &'static str = <Self as ::workflow_runtime::Workflow>::NAME;
            /// The Amazon States Language definition, compact JSON, computed at compile time.
            #vis const ASL: &'static str = <Self as ::workflow_runtime::Workflow>::ASL;
            /// The Amazon States Language definition, indented JSON.
            #vis const ASL_PRETTY: &'static str = <Self as ::workflow_runtime::Workflow>::ASL_PRETTY;
            /// The graph as a Mermaid `stateDiagram-v2` (GitHub and GitLab draw it in markdown).
            #vis const MERMAID: &'static str = <Self as ::workflow_runtime::Workflow>::MERMAID;
            /// Every item `workflow!` generated for this workflow, with its shape (a markdown
            /// list; also on this type's page in `cargo doc`): print it to see the names.
            #vis const GENERATED_ITEMS: &'static str = <Self as ::workflow_runtime::Workflow>::GENERATED_ITEMS;
            #task_consts

            /// The definition as the typed model.
            #vis fn definition() -> ::workflow_runtime::asl::StateMachine {
                <Self as ::workflow_runtime::Workflow>::definition()
            }
        }

        #[automatically_derived]
        impl ::workflow_runtime::Workflow for #name {
            type Input = #input_name;
            type Output = #output_name;
            const NAME: &'static str = #name_text;
            const ASL: &'static str = #asl;
            const ASL_PRETTY: &'static str = #pretty;
            const MERMAID: &'static str = #mermaid;
            const SUBSTITUTIONS: &'static [&'static str] = &[#(#substitutions),*];
            const GENERATED_ITEMS: &'static str = #listing;
            #input_schema
            #source
            #machine_type
            #started_const

            /// The definition as the typed model, decoded once.
            fn definition() -> ::workflow_runtime::asl::StateMachine {
                static DEFINITION: ::std::sync::OnceLock<::workflow_runtime::asl::StateMachine> =
                    ::std::sync::OnceLock::new();
                DEFINITION
                    .get_or_init(|| {
                        let asl = <#name as ::workflow_runtime::Workflow>::ASL;
                        ::workflow_runtime::asl::StateMachine::from_json(asl).unwrap_or_else(|e| {
                            ::workflow_runtime::__private::undecodable(#name_text, &e)
                        })
                    })
                    .clone()
            }
        }
    }
}

/// `Workflow::STARTED` for the workflows the Tasks start by a typed reference (`workflow(Child)`,
/// once per substitution), and the checks of each reference at its token: the type is a
/// workflow's (naming it in the generated code makes a reference to anything else a compile
/// error there), and a Task that starts it with `StartSyncExecution` starts an EXPRESS one
/// (a constant whose evaluation fails otherwise, with the message the macro writes).
fn started_items(started: &[crate::lower::started::StartedRef]) -> (TokenStream, TokenStream) {
    if started.is_empty() {
        return (TokenStream::new(), TokenStream::new());
    }
    let mut entries = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    let mut checks = Vec::new();
    for reference in started {
        let path = &reference.path;
        let span = reference.span;
        let workflow = quote::quote_spanned!(span=> <#path as ::workflow_runtime::Workflow>);
        if !seen.contains(&reference.substitution.as_str()) {
            seen.push(&reference.substitution);
            let substitution = LitStr::new(&reference.substitution, Span::call_site());
            entries.push(quote! {
                ::workflow_runtime::StartedWorkflow {
                    substitution: #substitution,
                    name: #workflow::NAME,
                    machine_type: #workflow::MACHINE_TYPE,
                }
            });
        }
        let check = if reference.sync_execution {
            let shown = quote::ToTokens::to_token_stream(path)
                .to_string()
                .replace(' ', "");
            let message = LitStr::new(
                &format!(
                    "`{shown}` is a STANDARD workflow, and Task state `{}` starts it with `aws-sdk:sfn:startSyncExecution`, which starts EXPRESS state machines only (the Step Functions API Reference, StartSyncExecution: \"StartSyncExecution is not available for STANDARD workflows\"; the Task fails with `Sfn.StateMachineTypeNotSupportedException`); start it with `states::start_execution.sync2` and wait for it, or declare `{shown}` `type = express`",
                    reference.state
                ),
                span,
            );
            quote::quote_spanned! {span=>
                match #workflow::MACHINE_TYPE {
                    ::workflow_runtime::asl::ExecutionType::Standard => ::core::panic!(#message),
                    ::workflow_runtime::asl::ExecutionType::Express => {}
                }
            }
        } else {
            quote::quote_spanned! {span=>
                let _ = #workflow::MACHINE_TYPE;
            }
        };
        checks.push(quote::quote_spanned! {span=>
            const _: () = { #check };
        });
    }
    (
        quote! {
            const STARTED: &'static [::workflow_runtime::StartedWorkflow] = &[#(#entries),*];
        },
        quote!(#(#checks)*),
    )
}

/// The list of the items generated for workflow `name` (its handle's doc and
/// `GENERATED_ITEMS`): the input and output types and the Task constants with their types,
/// each with its shape as the data-flow types found it.
fn generated_items(
    name: &Ident,
    input: Option<&crate::ast::InputSchema>,
    input_type: &workflow_asl::validate::dataflow::DataType,
    output: &workflow_asl::validate::dataflow::DataType,
    tasks: &[String],
) -> String {
    use crate::rust_types::shown;
    let mut lines = vec![
        format!(
            "- `{name}`: the workflow (`NAME`, `ASL`, `ASL_PRETTY`, `MERMAID`, `definition()`, `impl Workflow`)"
        ),
        match input {
            Some(_) => format!(
                "- `{name}Input`: the execution input, `{}` (fields in snake case, serialised as written; each nested object a struct named `{name}Input` + its field's name in PascalCase)",
                shown(input_type)
            ),
            None => format!(
                "- `{name}Input`: the execution input, any JSON (`serde_json::Value`: no `input {{ … }}` schema)"
            ),
        },
        format!(
            "- `{name}Output`: what the workflow ends with, `{}` (`serde_json::Value` where unknown)",
            shown(output)
        ),
    ];
    lines.extend(tasks.iter().cloned());
    lines.join("\n")
}

/// The struct for an object schema, then the structs of its nested objects.
fn structs(vis: &Visibility, name: &Ident, fields: &[Field], doc: &str) -> TokenStream {
    let mut nested = Vec::new();
    let mut json_fields = Vec::new();
    for field in fields {
        let ty = rust_type(vis, name, field, &field.ty, &mut nested);
        json_fields.push(JsonField {
            member: field_ident(&field.name, field.span),
            key: LitStr::new(&field.name, field.span),
            ty,
            optional: field.optional,
            doc: format!(
                "`{}`{}.",
                field.name,
                if field.optional { " (optional)" } else { "" }
            ),
        });
    }
    // Every field type of an input schema implements `Default` (strings, numbers, booleans,
    // JSON, vectors, options and the nested structs, which derive it too).
    let item = json_struct(vis, name, doc, true, &json_fields);
    quote! {
        #item
        #(#nested)*
    }
}

fn rust_type(
    vis: &Visibility,
    parent: &Ident,
    field: &Field,
    ty: &FieldType,
    nested: &mut Vec<TokenStream>,
) -> TokenStream {
    match ty {
        FieldType::Scalar(scalar, _) => scalar_type(*scalar),
        FieldType::Array(item, _) => {
            let item = rust_type(vis, parent, field, item, nested);
            quote!(::std::vec::Vec<#item>)
        }
        FieldType::Object(fields, _) => {
            let name = nested_struct(parent, &field.name);
            let doc = format!("`{}` of [`{parent}`].", field.name);
            nested.push(structs(vis, &name, fields, &doc));
            quote!(#name)
        }
    }
}

/// The Rust type of a scalar field of the input struct.
pub(crate) fn scalar_type(scalar: ScalarType) -> TokenStream {
    match scalar {
        ScalarType::String | ScalarType::Timestamp | ScalarType::Arn => {
            quote!(::std::string::String)
        }
        ScalarType::Number => quote!(f64),
        ScalarType::Integer => quote!(i64),
        ScalarType::Boolean => quote!(bool),
        ScalarType::Any => quote!(::workflow_runtime::__private::serde_json::Value),
    }
}

/// The struct of the object field `field` of the input struct `parent` (or of one nested in
/// it): `OrdersInput` + `customer` → `OrdersInputCustomer`.
pub(crate) fn nested_struct(parent: &Ident, field: &str) -> Ident {
    format_ident!("{}{}", parent, Case::Pascal.apply(field))
}

/// `Workflow::INPUT_SCHEMA`: the `input { … }` schema as an `InputType` constant; nothing
/// without a schema (the trait's default, `InputType::Any`).
fn input_schema_const(input: Option<&crate::ast::InputSchema>) -> TokenStream {
    let Some(schema) = input else {
        return TokenStream::new();
    };
    let fields = input_fields(&schema.fields);
    quote! {
        const INPUT_SCHEMA: ::workflow_runtime::InputType =
            ::workflow_runtime::InputType::Object(&[#(#fields),*]);
    }
}

/// One `InputField` per field of an object schema (the parser bounds how deep they nest).
fn input_fields(fields: &[Field]) -> Vec<TokenStream> {
    fields
        .iter()
        .map(|field| {
            let name = LitStr::new(&field.name, field.span);
            let ty = input_type_tokens(&field.ty);
            let optional = field.optional;
            quote! {
                ::workflow_runtime::InputField { name: #name, optional: #optional, ty: #ty }
            }
        })
        .collect()
}

/// The `InputType` of a field's type.
fn input_type_tokens(ty: &FieldType) -> TokenStream {
    match ty {
        FieldType::Scalar(scalar, _) => match scalar {
            ScalarType::String => quote!(::workflow_runtime::InputType::String),
            ScalarType::Number => quote!(::workflow_runtime::InputType::Number),
            ScalarType::Integer => quote!(::workflow_runtime::InputType::Integer),
            ScalarType::Boolean => quote!(::workflow_runtime::InputType::Boolean),
            ScalarType::Timestamp => quote!(::workflow_runtime::InputType::Timestamp),
            ScalarType::Arn => quote!(::workflow_runtime::InputType::Arn),
            ScalarType::Any => quote!(::workflow_runtime::InputType::Any),
        },
        FieldType::Array(item, _) => {
            let item = input_type_tokens(item);
            quote!(::workflow_runtime::InputType::Array(&#item))
        }
        FieldType::Object(fields, _) => {
            let fields = input_fields(fields);
            quote!(::workflow_runtime::InputType::Object(&[#(#fields),*]))
        }
    }
}

/// A Rust field name for a JSON name: its snake_case when that is an identifier, a raw
/// identifier for keywords, `field_<snake_case>` otherwise (empty, starting with a digit, or
/// a keyword that cannot be raw: `self`, `super`, `crate`).
/// `Workflow::SOURCE`: the invocation's file (`file!()`, which names the file the macro is
/// invoked in) or the ASL file read, and the line of each point; nothing when unknown.
fn source_const(source: Option<&crate::description::SourceLines>) -> TokenStream {
    let Some(source) = source else {
        return TokenStream::new();
    };
    let file = match &source.file {
        Some(file) => quote! { #file },
        None => quote! { ::core::file!() },
    };
    let (pointers, lines): (Vec<&str>, Vec<u32>) =
        source.lines.iter().map(|(p, l)| (p.as_str(), *l)).unzip();
    quote! {
        const SOURCE: ::workflow_runtime::WorkflowSource = ::workflow_runtime::WorkflowSource {
            file: #file,
            lines: &[#((#pointers, #lines)),*],
        };
    }
}

pub(crate) fn field_ident(name: &str, span: Span) -> Ident {
    let snake = Case::Snake.apply(name);
    if snake.is_empty()
        || snake.starts_with(|c: char| c.is_ascii_digit())
        || matches!(snake.as_str(), "self" | "super" | "crate")
    {
        return Ident::new(&format!("field_{snake}"), span);
    }
    match syn::parse_str::<Ident>(&snake) {
        Ok(_) => Ident::new(&snake, span),
        Err(_) => Ident::new_raw(&snake, span),
    }
}

#[cfg(test)]
mod tests {
    use super::field_ident;
    use proc_macro2::Span;

    #[test]
    fn names() {
        let field = |name: &str| field_ident(name, Span::call_site()).to_string();
        assert_eq!(field("IsHelloWorldExample"), "is_hello_world_example");
        assert_eq!(field("orderID"), "order_id");
        assert_eq!(field("$id"), "id");
        assert_eq!(field("type"), "r#type");
        assert_eq!(field("Self"), "field_self");
        assert_eq!(field("9lives"), "field_9lives");
        assert_eq!(field("a-b"), "a_b");
        assert_eq!(field("→"), "field_");
    }
}

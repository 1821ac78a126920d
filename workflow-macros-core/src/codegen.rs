//! Code generation: the items a `workflow!` expands to, from its [`Description`] (what the
//! macro form and the file form build alike).
//!
//! - a unit struct named after the workflow (its handle), with the ASL as `&'static str`
//!   constants computed at compile time (`ASL`, compact; `ASL_PRETTY`, indented; `MERMAID`,
//!   the graph);
//! - the input struct `<Name>Input` (and one struct per nested object) from the `input { … }`
//!   schema, serde-serialisable, field names as written;
//! - one `::workflow_runtime::TaskRef` constant per Task state (`TRAIN_MODEL` for `Train
//!   model`), to key local handlers in tests;
//! - `<Name>Output`, the type of what the workflow ends with (see [`crate::output_type`]);
//! - `impl ::workflow_runtime::Workflow for <Name>`.
//!
//! Generated code uses absolute paths only and never needs `serde` or `serde_json` in the
//! user's dependencies. On errors the same public items are emitted (with an empty ASL), so the
//! user sees the workflow's errors and not a cascade where the workflow is used.

use crate::ast::{Field, FieldType, ScalarType};
use crate::description::Description;
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::{Ident, LitStr, Visibility};

/// The items of a described workflow; its errors are emitted first.
pub fn generate(description: &Description<'_>) -> TokenStream {
    let Description {
        vis,
        name,
        docs,
        input,
        machine,
        substitutions,
        output,
        errors,
    } = description;
    // The texts and the Task constants only of a definition without errors.
    let checked = machine.filter(|_| errors.is_empty());
    let errors = errors.iter().map(syn::Error::to_compile_error);
    let (asl, pretty, mermaid, task_consts) = match checked {
        Some(machine) => (
            machine.to_json(),
            machine.to_json_pretty(),
            workflow_graph::to_mermaid(machine),
            crate::task_consts::generate(vis, machine),
        ),
        None => (
            String::new(),
            String::new(),
            String::new(),
            TokenStream::new(),
        ),
    };
    let output_items = crate::output_type::output_items(vis, name, output);
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
    quote! {
        #(#errors)*
        #(#[doc = #docs])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        #vis struct #name;

        #input_items

        #output_items

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

/// The struct for an object schema, then the structs of its nested objects.
fn structs(vis: &Visibility, name: &Ident, fields: &[Field], doc: &str) -> TokenStream {
    let mut nested = Vec::new();
    let mut members = Vec::new();
    for field in fields {
        let ident = field_ident(&field.name, field.span);
        let rename = LitStr::new(&field.name, field.span);
        let ty = rust_type(vis, name, field, &field.ty, &mut nested);
        let doc = format!(
            "`{}`{}.",
            field.name,
            if field.optional { " (optional)" } else { "" }
        );
        if field.optional {
            members.push(quote! {
                #[doc = #doc]
                #[serde(rename = #rename, default, skip_serializing_if = "::core::option::Option::is_none")]
                pub #ident: ::core::option::Option<#ty>
            });
        } else {
            members.push(quote! {
                #[doc = #doc]
                #[serde(rename = #rename)]
                pub #ident: #ty
            });
        }
    }
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq, ::workflow_runtime::__private::serde::Serialize, ::workflow_runtime::__private::serde::Deserialize)]
        #[serde(crate = "::workflow_runtime::__private::serde")]
        #vis struct #name {
            #(#members,)*
        }
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
        FieldType::Scalar(scalar, _) => match scalar {
            ScalarType::String | ScalarType::Timestamp | ScalarType::Arn => {
                quote!(::std::string::String)
            }
            ScalarType::Number => quote!(f64),
            ScalarType::Integer => quote!(i64),
            ScalarType::Boolean => quote!(bool),
            ScalarType::Any => quote!(::workflow_runtime::__private::serde_json::Value),
        },
        FieldType::Array(item, _) => {
            let item = rust_type(vis, parent, field, item, nested);
            quote!(::std::vec::Vec<#item>)
        }
        FieldType::Object(fields, _) => {
            let name = format_ident!("{}{}", parent, pascal_case(&field.name));
            let doc = format!("`{}` of [`{parent}`].", field.name);
            nested.push(structs(vis, &name, fields, &doc));
            quote!(#name)
        }
    }
}

/// A Rust field name for a JSON name: snake_case when possible, a raw identifier for keywords,
/// `field_<n>` otherwise.
pub(crate) fn field_ident(name: &str, span: Span) -> Ident {
    let snake = snake_case(name);
    if snake.is_empty()
        || snake.starts_with(|c: char| c.is_ascii_digit())
        || !snake.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        let cleaned: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect();
        return Ident::new(&format!("field_{cleaned}"), span);
    }
    match syn::parse_str::<Ident>(&snake) {
        Ok(_) if snake != "_" => Ident::new(&snake, span),
        _ => Ident::new_raw(&snake, span),
    }
}

/// `IsHelloWorldExample` → `is_hello_world_example`; `orderID` → `order_id`.
pub(crate) fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c == '-' || c == ' ' || c == '.' {
            out.push('_');
            continue;
        }
        if c.is_uppercase() {
            let prev_lower =
                i > 0 && (chars[i - 1].is_lowercase() || chars[i - 1].is_ascii_digit());
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            let prev_upper = i > 0 && chars[i - 1].is_uppercase();
            if i > 0 && !out.ends_with('_') && (prev_lower || (prev_upper && next_lower)) {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `order_items` → `OrderItems`; characters that cannot be in an identifier are dropped.
pub(crate) fn pascal_case(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    snake_case(&cleaned)
        .split('_')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut chars = p.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{field_ident, pascal_case, snake_case};
    use proc_macro2::Span;

    #[test]
    fn names() {
        assert_eq!(snake_case("IsHelloWorldExample"), "is_hello_world_example");
        assert_eq!(snake_case("orderID"), "order_id");
        assert_eq!(snake_case("HTTPServer"), "http_server");
        assert_eq!(snake_case("already_snake"), "already_snake");
        assert_eq!(pascal_case("line_items"), "LineItems");
        assert_eq!(pascal_case("{% odd %}-key"), "OddKey");
        assert_eq!(field_ident("type", Span::call_site()).to_string(), "r#type");
        assert_eq!(
            field_ident("9lives", Span::call_site()).to_string(),
            "field_9lives"
        );
        assert_eq!(field_ident("a-b", Span::call_site()).to_string(), "a_b");
    }
}

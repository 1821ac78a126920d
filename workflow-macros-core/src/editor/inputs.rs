//! `inputs`: the `input { … }` schema as modules, one item per field named as the field's JSON
//! name and written at the field (so that `input.field` goes to it): a module for an object
//! (and for a list of objects, whose items' fields it holds), a type for any other field,
//! documented with its type in the language's words. `input` itself is the module (written
//! at the schema's `input`).

use super::idents::exact;
use crate::ast::{Field, FieldType, InputSchema, ScalarType};
use crate::input_type::{declared_type, input_type};
use crate::rust_types::shown;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// The `inputs` module of `schema` (none: any JSON), for the workflow `workflow`.
pub(super) fn module(schema: Option<&InputSchema>, workflow: &Ident) -> TokenStream {
    let Some(schema) = schema else {
        let doc = format!(
            "The execution input of `{workflow}`: any JSON (the workflow declares no `input {{ … }}`)."
        );
        return quote! {
            #[doc = #doc]
            pub mod inputs {}
        };
    };
    let doc = format!(
        "The execution input of `{workflow}` (`{workflow}Input`): `{}`.",
        shown(&input_type(Some(schema)))
    );
    let ident = Ident::new("inputs", schema.keyword);
    let fields = fields(&schema.fields);
    quote! {
        #[doc = #doc]
        pub mod #ident { #fields }
    }
}

/// The items of an object's fields (the parser bounds how deep objects nest).
fn fields(fields: &[Field]) -> TokenStream {
    let mut out = TokenStream::new();
    for field in fields {
        let Some(ident) = exact(&field.name, field.span) else {
            continue;
        };
        let doc = format!(
            "`{}`{}: `{}`.",
            field.name,
            if field.optional { " (optional)" } else { "" },
            shown(&declared_type(&field.ty))
        );
        let mut ty = &field.ty;
        let mut lists = 0usize;
        while let FieldType::Array(item, _) = ty {
            ty = item;
            lists += 1;
        }
        out.extend(match ty {
            FieldType::Object(inner, _) => {
                let inner = self::fields(inner);
                quote! {
                    #[doc = #doc]
                    pub mod #ident { #inner }
                }
            }
            FieldType::Scalar(scalar, _) => {
                let mut rust = scalar_type(*scalar);
                for _ in 0..lists {
                    rust = quote!(::std::vec::Vec<#rust>);
                }
                quote! {
                    #[doc = #doc]
                    pub type #ident = #rust;
                }
            }
            FieldType::Array(..) => continue,
        });
    }
    out
}

/// The Rust type of a scalar field (`<Name>Input`'s).
fn scalar_type(scalar: ScalarType) -> TokenStream {
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

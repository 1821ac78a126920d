//! The `input { … }` schema as the editor shows it: `inputs` holds an alias per field of the
//! input, named as the field's JSON name, written at the field (so that `input.field` goes to
//! it) and aliasing the field's type in `<Name>Input` (`f64`, `OrdersInputCustomer`); every
//! object of the schema (a field holding one, or a list of them) has a module of its own,
//! `input_N` (numbered in the schema's order), holding its fields the same way, so that a
//! field stays an alias where completion offers it. `inputs` itself is written at the
//! schema's `input`.

use super::idents::exact;
use crate::ast::{Field, FieldType, InputSchema};
use crate::codegen::{nested_struct, scalar_type};
use crate::input_type::{declared_type, input_type};
use crate::rust_types::shown;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::collections::HashMap;

/// An object of the schema: the fields leading to it, its fields and its struct.
struct Object<'s> {
    path: Vec<String>,
    fields: &'s [Field],
    /// Its struct in the generated input types (`OrdersInputCustomer`).
    ty: Ident,
}

/// The schema's objects, numbered (the input itself is not one of them: it is `inputs`).
pub(super) struct Inputs<'s> {
    schema: Option<&'s InputSchema>,
    workflow: &'s Ident,
    objects: Vec<Object<'s>>,
    by_path: HashMap<Vec<String>, usize>,
}

impl<'s> Inputs<'s> {
    /// The objects of `schema` (of the workflow `workflow`), depth first.
    pub(super) fn of(schema: Option<&'s InputSchema>, workflow: &'s Ident) -> Inputs<'s> {
        let mut inputs = Inputs {
            schema,
            workflow,
            objects: Vec::new(),
            by_path: HashMap::new(),
        };
        let Some(schema) = schema else {
            return inputs;
        };
        // The parser bounds how deep objects nest; the walk keeps its own stack.
        let mut stack = vec![(
            Vec::new(),
            schema.fields.as_slice(),
            quote::format_ident!("{workflow}Input"),
        )];
        while let Some((path, fields, parent)) = stack.pop() {
            for field in fields.iter().rev() {
                if let FieldType::Object(inner, _) = listed(&field.ty).0 {
                    let mut inner_path = path.clone();
                    inner_path.push(field.name.clone());
                    stack.push((
                        inner_path,
                        inner.as_slice(),
                        nested_struct(&parent, &field.name),
                    ));
                }
            }
            if !path.is_empty() {
                inputs.by_path.insert(path.clone(), inputs.objects.len());
                inputs.objects.push(Object {
                    path,
                    fields,
                    ty: parent,
                });
            }
        }
        inputs
    }

    /// The module holding the fields of the object at `path` (the fields leading to it):
    /// `inputs` (at `keyword`) for the input itself; `None` for no object of the schema.
    pub(super) fn module_of(&self, path: &[String], keyword: Span) -> Option<TokenStream> {
        if path.is_empty() {
            let inputs = Ident::new("inputs", keyword);
            return Some(quote!(self::#inputs));
        }
        let index = self.by_path.get(path)?;
        let module = Ident::new(&format!("input_{index}"), Span::call_site());
        Some(quote!(self::#module))
    }

    /// The `inputs` module and the `input_N` modules.
    pub(super) fn modules(&self) -> TokenStream {
        let workflow = self.workflow;
        let Some(schema) = self.schema else {
            let doc = format!(
                "The execution input of `{workflow}`: any JSON (the workflow declares no `input {{ … }}`)."
            );
            return quote! {
                #[doc = #doc]
                pub mod inputs {}
            };
        };
        let input_struct = quote::format_ident!("{workflow}Input");
        let doc = format!(
            "The execution input of `{workflow}` (`{input_struct}`): `{}`.",
            shown(&input_type(Some(schema)))
        );
        let ident = Ident::new("inputs", schema.keyword);
        let top = fields(&schema.fields, &input_struct);
        let mut out = quote! {
            #[doc = #doc]
            pub mod #ident { #top }
        };
        for (index, object) in self.objects.iter().enumerate() {
            let doc = format!("`input.{}`: `{}`.", object.path.join("."), object.ty);
            let inner = fields(object.fields, &object.ty);
            let module = Ident::new(&format!("input_{index}"), Span::call_site());
            out.extend(quote! {
                #[doc = #doc]
                pub mod #module { #inner }
            });
        }
        out
    }
}

/// A field's type without its lists, and how many lists hold it.
fn listed(mut ty: &FieldType) -> (&FieldType, usize) {
    let mut lists = 0;
    while let FieldType::Array(item, _) = ty {
        ty = item;
        lists += 1;
    }
    (ty, lists)
}

/// An alias per field of an object whose struct is `parent`, written at the field.
fn fields(fields: &[Field], parent: &Ident) -> TokenStream {
    let mut out = TokenStream::new();
    for field in fields {
        let Some(ident) = exact(&field.name, field.span) else {
            continue;
        };
        let rust = field_type(field, parent);
        let doc = format!(
            "`{}`{}: `{}`.\n\nThe field `{}` of `{parent}`.",
            field.name,
            if field.optional { " (optional)" } else { "" },
            shown(&declared_type(&field.ty)),
            crate::codegen::field_ident(&field.name, Span::call_site()),
        );
        out.extend(quote! {
            #[doc = #doc]
            pub type #ident = #rust;
        });
    }
    out
}

/// The Rust type of a field of `parent` (its type in the generated input struct).
fn field_type(field: &Field, parent: &Ident) -> TokenStream {
    let (ty, lists) = listed(&field.ty);
    let mut rust = match ty {
        FieldType::Object(..) => {
            let name = nested_struct(parent, &field.name);
            quote!(super::super::#name)
        }
        FieldType::Scalar(scalar, _) => scalar_type(*scalar),
        FieldType::Array(..) => quote!(()),
    };
    for _ in 0..lists {
        rust = quote!(::std::vec::Vec<#rust>);
    }
    if field.optional {
        rust = quote!(::core::option::Option<#rust>);
    }
    rust
}

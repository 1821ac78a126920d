//! Rust types from data-flow types, for the items `workflow!` generates (the workflow's
//! `<Name>Output`, each Task's request and response): a struct for each object whose fields
//! are known (an optional field is an `Option`), `Vec` for arrays, `workflow_runtime::MapItem`
//! for an entry of a Distributed Map's result that tolerates failures, `serde_json::Value` where
//! the type is unknown (or a union, or deeper or larger than the bounds below); each struct
//! derives `Default` where its fields allow (every field but a tuple of more than twelve). One
//! [`Generator`] serves all the items of a workflow, so no two structs take one name.

use crate::codegen::field_ident;
use crate::serde_impls::{JsonField, json_struct};
use proc_macro2::{Span, TokenStream};
use quote::quote;
use std::collections::HashSet;
use syn::{Ident, LitStr, Visibility};
use workflow_asl::validate::dataflow::DataType;
use workflow_text::case::Case;

/// The deepest object level given a struct; deeper ones are `serde_json::Value`.
const MAX_DEPTH: usize = 8;
/// The most fields generated in all (a typed AWS response can be large); past it, objects are
/// `serde_json::Value`.
const MAX_FIELDS: usize = 256;
/// The longest type shown in the documentation, in characters.
const MAX_SHOWN: usize = 600;

/// `ty` as the documentation shows it, cut at [`MAX_SHOWN`] characters.
pub(crate) fn shown(ty: &DataType) -> String {
    let mut shown = ty.to_string();
    if shown.chars().count() > MAX_SHOWN {
        shown = shown.chars().take(MAX_SHOWN).collect::<String>() + " …";
    }
    shown
}

/// The structs generated so far, their names and the fields spent.
pub(crate) struct Generator<'v> {
    vis: &'v Visibility,
    /// The item whose parts are being generated, for their documentation.
    part_of: String,
    structs: Vec<TokenStream>,
    names: HashSet<String>,
    fields: usize,
}

impl<'v> Generator<'v> {
    /// A generator of items visible as `vis`.
    pub(crate) fn new(vis: &'v Visibility) -> Self {
        Generator {
            vis,
            part_of: String::new(),
            structs: Vec::new(),
            names: HashSet::new(),
            fields: 0,
        }
    }

    /// The item named `name` for `ty` (a struct for an object of known fields, else a type
    /// alias), documented with `doc`; its nested structs go with [`Generator::finish`].
    pub(crate) fn item(&mut self, name: &Ident, ty: &DataType, doc: &str) -> TokenStream {
        self.part_of = name.to_string();
        match ty {
            DataType::Object(fields) | DataType::Partial(fields) if !fields.is_empty() => {
                self.structure(name, fields, doc, 0);
                TokenStream::new()
            }
            other => {
                self.names.insert(name.to_string());
                let vis = self.vis;
                let (rust, _) = self.rust_type(other, &format!("{name}Item"), 0);
                quote! {
                    #[doc = #doc]
                    #vis type #name = #rust;
                }
            }
        }
    }

    /// The visibility of the items.
    pub(crate) fn vis(&self) -> &'v Visibility {
        self.vis
    }

    /// Every struct generated.
    pub(crate) fn finish(self) -> TokenStream {
        let structs = self.structs;
        quote!(#(#structs)*)
    }

    /// A name not used yet, from `wanted`.
    fn fresh(&mut self, wanted: &str) -> Ident {
        let mut name = wanted.to_owned();
        let mut n = 2;
        while !self.names.insert(name.clone()) {
            name = format!("{wanted}{n}");
            n += 1;
        }
        Ident::new(&name, Span::call_site())
    }

    /// The Rust type of `ty`, and whether it implements `Default`; an object becomes a
    /// struct named after `name`.
    fn rust_type(&mut self, ty: &DataType, name: &str, depth: usize) -> (TokenStream, bool) {
        let value = quote!(::workflow_runtime::__private::serde_json::Value);
        match ty {
            DataType::Bool => (quote!(bool), true),
            DataType::Integer => (quote!(i64), true),
            DataType::Number => (quote!(f64), true),
            DataType::String | DataType::Timestamp => (quote!(::std::string::String), true),
            DataType::Array(element) => {
                let (element, _) = self.rust_type(element, &format!("{name}Item"), depth + 1);
                (quote!(::std::vec::Vec<#element>), true)
            }
            // A Parallel's result: a Rust tuple, one element per branch (serde reads and
            // writes it as a JSON array of that length); the standard library implements
            // `Default` for tuples of up to twelve.
            DataType::Tuple(elements) if depth < MAX_DEPTH => {
                let mut default = elements.len() <= 12;
                let elements: Vec<TokenStream> = elements
                    .iter()
                    .enumerate()
                    .map(|(i, t)| {
                        let (rust, d) = self.rust_type(t, &format!("{name}{i}"), depth + 1);
                        default &= d;
                        rust
                    })
                    .collect();
                (quote!((#(#elements,)*)), default)
            }
            DataType::Object(fields) | DataType::Partial(fields)
                if !fields.is_empty()
                    && depth < MAX_DEPTH
                    && self.fields + fields.len() <= MAX_FIELDS =>
            {
                let ident = self.fresh(name);
                let doc = format!("A part of [`{}`] (`{name}`).", self.part_of);
                let default = self.structure(&ident, fields, &doc, depth);
                (quote!(#ident), default)
            }
            // An entry of a Distributed Map's result that tolerates failed children: what
            // the child ends with, or its error (`MapItem::Failed`), which a handler matches.
            DataType::Outcome(success) => {
                let (success, default) = self.rust_type(success, name, depth + 1);
                (quote!(::workflow_runtime::MapItem<#success>), default)
            }
            // A map (DynamoDB's `Item`) stays JSON: typing its values would make a struct for
            // every level of recursive shapes such as DynamoDB's attribute values.
            DataType::Map(_) => (value, true),
            _ => (value, true),
        }
    }

    /// A struct named `ident` with `fields`, deriving `Default` where every field's type
    /// implements it (always but for a tuple of more than twelve branches); says whether it
    /// does.
    fn structure(
        &mut self,
        ident: &Ident,
        fields: &std::collections::BTreeMap<String, (DataType, bool)>,
        doc: &str,
        depth: usize,
    ) -> bool {
        let mut default = true;
        self.names.insert(ident.to_string());
        self.fields += fields.len();
        let mut used: HashSet<String> = HashSet::new();
        let mut json_fields = Vec::new();
        for (key, (ty, optional)) in fields {
            let mut member = field_ident(key, Span::call_site());
            let mut n = 2;
            while !used.insert(member.to_string()) {
                member = field_ident(&format!("{key}_{n}"), Span::call_site());
                n += 1;
            }
            let nested = format!("{ident}{}", Case::Pascal.apply(key));
            let (rust, d) = self.rust_type(ty, &nested, depth + 1);
            default &= d || *optional;
            json_fields.push(JsonField {
                member,
                key: LitStr::new(key, Span::call_site()),
                ty: rust,
                optional: *optional,
                doc: format!("`{key}`: {ty}."),
            });
        }
        self.structs
            .push(json_struct(self.vis, ident, doc, default, &json_fields));
        default
    }
}

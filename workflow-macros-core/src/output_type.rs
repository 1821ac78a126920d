//! The generated `<Name>Output`: the Rust type of what the workflow ends with, from the
//! data-flow types — a struct for each object whose fields are known (an optional field is an
//! `Option`), `Vec` for arrays, `serde_json::Value` where the type is unknown (or a union, or
//! deeper or larger than the bounds below). Read an execution's output with it:
//! `execution.output_as::<NameOutput>()`.

use crate::codegen::field_ident;
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
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

/// The `<Name>Output` item(s) for a workflow named `name` that ends with `ty`.
pub fn output_items(vis: &Visibility, name: &Ident, ty: &DataType) -> TokenStream {
    let output = format_ident!("{}Output", name);
    let mut shown = ty.to_string();
    if shown.chars().count() > MAX_SHOWN {
        shown = shown.chars().take(MAX_SHOWN).collect::<String>() + " …";
    }
    let doc = format!(
        "What [`{name}`] ends with, as the data-flow types found it: `{shown}`. Read an execution's output with it: `output_as::<{output}>()`."
    );
    let mut generator = Generator {
        vis,
        structs: Vec::new(),
        names: HashSet::new(),
        fields: 0,
    };
    match ty {
        DataType::Object(fields) | DataType::Partial(fields) if !fields.is_empty() => {
            generator.structure(&output, fields, &doc, 0);
            let structs = generator.structs;
            quote!(#(#structs)*)
        }
        other => {
            let rust = generator.rust_type(other, &format!("{output}Item"), 0);
            let structs = generator.structs;
            quote! {
                #[doc = #doc]
                #vis type #output = #rust;
                #(#structs)*
            }
        }
    }
}

/// The structs generated so far, their names and the fields spent.
struct Generator<'v> {
    vis: &'v Visibility,
    structs: Vec<TokenStream>,
    names: HashSet<String>,
    fields: usize,
}

impl Generator<'_> {
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

    /// The Rust type of `ty`; an object becomes a struct named after `name`.
    fn rust_type(&mut self, ty: &DataType, name: &str, depth: usize) -> TokenStream {
        let value = quote!(::workflow_runtime::__private::serde_json::Value);
        match ty {
            DataType::Bool => quote!(bool),
            DataType::Integer => quote!(i64),
            DataType::Number => quote!(f64),
            DataType::String => quote!(::std::string::String),
            DataType::Array(element) => {
                let element = self.rust_type(element, &format!("{name}Item"), depth + 1);
                quote!(::std::vec::Vec<#element>)
            }
            DataType::Object(fields) | DataType::Partial(fields)
                if !fields.is_empty()
                    && depth < MAX_DEPTH
                    && self.fields + fields.len() <= MAX_FIELDS =>
            {
                let ident = self.fresh(name);
                let doc = format!("A part of the workflow's output (`{name}`).");
                self.structure(&ident, fields, &doc, depth);
                quote!(#ident)
            }
            _ => value,
        }
    }

    /// A struct named `ident` with `fields`.
    fn structure(
        &mut self,
        ident: &Ident,
        fields: &std::collections::BTreeMap<String, (DataType, bool)>,
        doc: &str,
        depth: usize,
    ) {
        self.names.insert(ident.to_string());
        self.fields += fields.len();
        let vis = self.vis;
        let mut used: HashSet<String> = HashSet::new();
        let mut members = Vec::new();
        for (key, (ty, optional)) in fields {
            let mut member = field_ident(key, Span::call_site());
            let mut n = 2;
            while !used.insert(member.to_string()) {
                member = field_ident(&format!("{key}_{n}"), Span::call_site());
                n += 1;
            }
            let nested = format!("{ident}{}", Case::Pascal.apply(key));
            let rust = self.rust_type(ty, &nested, depth + 1);
            let rename = LitStr::new(key, Span::call_site());
            let field_doc = format!("`{key}`: {ty}.");
            members.push(if *optional {
                quote! {
                    #[doc = #field_doc]
                    #[serde(rename = #rename, default, skip_serializing_if = "::core::option::Option::is_none")]
                    pub #member: ::core::option::Option<#rust>
                }
            } else {
                quote! {
                    #[doc = #field_doc]
                    #[serde(rename = #rename)]
                    pub #member: #rust
                }
            });
        }
        self.structs.push(quote! {
            #[doc = #doc]
            #[derive(Clone, Debug, PartialEq, ::workflow_runtime::__private::serde::Serialize, ::workflow_runtime::__private::serde::Deserialize)]
            #[serde(crate = "::workflow_runtime::__private::serde")]
            #vis struct #ident {
                #(#members,)*
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::output_items;
    use proc_macro2::Span;
    use std::collections::BTreeMap;
    use syn::{Ident, Visibility};
    use workflow_asl::validate::dataflow::DataType;

    fn expand(ty: &DataType) -> String {
        let vis: Visibility = syn::parse_quote!(pub);
        output_items(&vis, &Ident::new("W", Span::call_site()), ty).to_string()
    }

    #[test]
    fn objects_become_structs_and_unknowns_values() {
        let ty = DataType::Object(BTreeMap::from([
            ("id".to_owned(), (DataType::String, false)),
            ("n".to_owned(), (DataType::Integer, true)),
            (
                "lines".to_owned(),
                (
                    DataType::Array(Box::new(DataType::Object(BTreeMap::from([(
                        "sku".to_owned(),
                        (DataType::String, false),
                    )])))),
                    false,
                ),
            ),
            ("extra".to_owned(), (DataType::Any, false)),
        ]));
        let out = expand(&ty);
        assert!(out.contains("pub struct WOutput"), "{out}");
        assert!(out.contains("pub struct WOutputLinesItem"), "{out}");
        assert!(
            out.contains("pub n : :: core :: option :: Option < i64 >"),
            "{out}"
        );
        assert!(
            out.contains("pub extra : :: workflow_runtime :: __private :: serde_json :: Value"),
            "{out}"
        );
        let unknown = expand(&DataType::Any);
        assert!(
            unknown.contains(
                "pub type WOutput = :: workflow_runtime :: __private :: serde_json :: Value"
            ),
            "{unknown}"
        );
    }

    #[test]
    fn colliding_field_names_get_distinct_members() {
        let ty = DataType::Object(BTreeMap::from([
            ("a-b".to_owned(), (DataType::String, false)),
            ("a_b".to_owned(), (DataType::String, false)),
        ]));
        let out = expand(&ty);
        assert!(out.contains("pub a_b :"), "{out}");
        assert!(out.contains("pub a_b_2 :"), "{out}");
    }
}

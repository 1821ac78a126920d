//! A generated struct (the input, the output, a Task's request or response, and the structs
//! nested in them), with its `Deserialize` and `Serialize` implementations: a `visit_map` and a
//! `serialize_struct` with a line per field over the runtime's shared parts
//! (`workflow_runtime::__private::fields`), in place of serde's derives, whose code was about
//! two thirds of the time to check a crate of many workflows. The runtime's module says what
//! they accept and write alike and where they differ.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::{Ident, LitStr, Visibility};

/// A field of a generated struct as JSON names it.
pub(crate) struct JsonField {
    /// The Rust field.
    pub(crate) member: Ident,
    /// Its JSON key.
    pub(crate) key: LitStr,
    /// Its Rust type (for an optional field, the type inside the `Option`).
    pub(crate) ty: TokenStream,
    /// Whether it may be left out (the field is an `Option`; left out, it is `None`).
    pub(crate) optional: bool,
    /// Its documentation.
    pub(crate) doc: String,
}

/// The struct `#name` of `fields`, documented with `doc`, deriving `Clone`, `Debug`,
/// `PartialEq` and, when `default` says so, `Default`, with its serde implementations.
pub(crate) fn json_struct(
    vis: &Visibility,
    name: &Ident,
    doc: &str,
    default: bool,
    fields: &[JsonField],
) -> TokenStream {
    let members = fields.iter().map(|field| {
        let JsonField {
            member, ty, doc, ..
        } = field;
        if field.optional {
            quote!(#[doc = #doc] pub #member: ::core::option::Option<#ty>)
        } else {
            quote!(#[doc = #doc] pub #member: #ty)
        }
    });
    let derive_default = default.then(|| quote!(Default,));
    let serialize = serialize_impl(name, fields);
    let deserialize = deserialize_impl(name, fields);
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, #derive_default PartialEq)]
        #vis struct #name {
            #(#members,)*
        }
        #serialize
        #deserialize
    }
}

/// `impl Deserialize for #name`, reading `fields` from a map.
fn deserialize_impl(name: &Ident, fields: &[JsonField]) -> TokenStream {
    let serde = quote!(::workflow_runtime::__private::serde);
    let parts = quote!(::workflow_runtime::__private::fields);
    let slots: Vec<Ident> = (0..fields.len())
        .map(|i| format_ident!("__field{}", i))
        .collect();
    let keys: Vec<&LitStr> = fields.iter().map(|f| &f.key).collect();
    let declarations = fields.iter().zip(&slots).map(|(field, slot)| {
        let ty = &field.ty;
        if field.optional {
            quote!(let mut #slot: ::core::option::Option<::core::option::Option<#ty>> = ::core::option::Option::None;)
        } else {
            quote!(let mut #slot: ::core::option::Option<#ty> = ::core::option::Option::None;)
        }
    });
    let arms = fields
        .iter()
        .zip(&slots)
        .enumerate()
        .map(|(i, (field, slot))| {
            let key = &field.key;
            quote!(#i => #parts::value(&mut __map, &mut #slot, #key),)
        });
    let members = fields.iter().zip(&slots).map(|(field, slot)| {
        let member = &field.member;
        let key = &field.key;
        if field.optional {
            quote!(#member: #slot.unwrap_or_default())
        } else {
            quote!(#member: #parts::required(#slot, #key)?)
        }
    });
    let shown = LitStr::new(&name.to_string(), Span::call_site());
    quote! {
        #[automatically_derived]
        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<__D: #serde::Deserializer<'de>>(
                __deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                const __FIELDS: &[&str] = &[#(#keys),*];
                struct __Visitor;
                impl<'de> #serde::de::Visitor<'de> for __Visitor {
                    type Value = #name;
                    fn expecting(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        #parts::expecting(__f, #shown)
                    }
                    fn visit_map<__A: #serde::de::MapAccess<'de>>(
                        self,
                        mut __map: __A,
                    ) -> ::core::result::Result<#name, __A::Error> {
                        #(#declarations)*
                        while let ::core::option::Option::Some(__key) =
                            __map.next_key_seed(#parts::Field(__FIELDS))?
                        {
                            match __key {
                                #(#arms)*
                                _ => #parts::skip(&mut __map),
                            }?;
                        }
                        ::core::result::Result::Ok(#name { #(#members),* })
                    }
                }
                __deserializer.deserialize_struct(#shown, __FIELDS, __Visitor)
            }
        }
    }
}

/// `impl Serialize for #name`: a struct of `fields` under their JSON keys, an optional field
/// left out when it is `None` (what `skip_serializing_if = "Option::is_none"` wrote).
fn serialize_impl(name: &Ident, fields: &[JsonField]) -> TokenStream {
    let serde = quote!(::workflow_runtime::__private::serde);
    let parts = quote!(::workflow_runtime::__private::fields);
    let required = fields.iter().filter(|f| !f.optional).count();
    let present = fields.iter().filter(|f| f.optional).map(|field| {
        let member = &field.member;
        quote!(+ ::core::primitive::usize::from(self.#member.is_some()))
    });
    let writes = fields.iter().map(|field| {
        let member = &field.member;
        let key = &field.key;
        if field.optional {
            quote!(#parts::optional(&mut __state, #key, &self.#member)?;)
        } else {
            quote!(#serde::ser::SerializeStruct::serialize_field(&mut __state, #key, &self.#member)?;)
        }
    });
    let shown = LitStr::new(&name.to_string(), Span::call_site());
    quote! {
        #[automatically_derived]
        impl #serde::Serialize for #name {
            fn serialize<__S: #serde::Serializer>(
                &self,
                __serializer: __S,
            ) -> ::core::result::Result<__S::Ok, __S::Error> {
                let mut __state = #serde::Serializer::serialize_struct(
                    __serializer,
                    #shown,
                    #required #(#present)*,
                )?;
                #(#writes)*
                #serde::ser::SerializeStruct::end(__state)
            }
        }
    }
}

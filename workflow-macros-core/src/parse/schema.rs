//! The workflow's declarations: `input { … }` (the execution input's schema) and
//! `substitutions { … }` (the `${Name}` deployment substitutions).
//!
//! ```text
//! input         = "input" "{" [ field { "," field } [","] ] "}"
//!                 (a Task's `returns type` and a Map's `item type` take a `type` too)
//! field         = { DOC } (IDENT | STR) ["?"] ":" type
//! type          = SCALAR | "[" type "]" | "{" [ field { "," field } [","] ] "}"
//! SCALAR        = string | number | integer | bool | boolean | timestamp | any | arn
//! substitutions = "substitutions" "{" [ sub { "," sub } [","] ] "}"
//! sub           = { DOC } (IDENT | STR) ":" SCALAR
//! ```
//! A broken field is reported and skipped (up to the next `,`); the others are kept.

use super::kw;
use super::recover::{Cx, recovering_list};
use super::tokens::{check_depth, docs, err_here, found, in_braces, in_brackets, name, peek_colon};
use crate::ast::{Field, FieldType, InputSchema, ScalarType, Substitution};
use crate::suggest::hint;
use syn::ext::IdentExt;
use syn::parse::ParseStream;
use syn::{Ident, Result, Token, token};

/// `input { … }`.
pub(super) fn input_schema(input: ParseStream, cx: &mut Cx) -> Result<InputSchema> {
    let keyword: kw::input = input.parse()?;
    let (fields, _) = in_braces(
        input,
        "expected `{` and the input's fields after `input`",
        |content| Ok(fields(content, cx, 0)),
    )?;
    Ok(InputSchema {
        keyword: keyword.span,
        fields,
    })
}

/// The fields of an object type, each broken one reported and skipped.
fn fields(input: ParseStream, cx: &mut Cx, depth: usize) -> Vec<Field> {
    let mut fields: Vec<Field> = Vec::new();
    recovering_list(input, cx, "the fields", |input, cx| {
        let _ = docs(input, cx, "a field");
        if input.is_empty() {
            return Ok(());
        }
        let field = field(input, cx, depth)?;
        if fields.iter().any(|f| f.name == field.name) {
            cx.push(syn::Error::new(
                field.span,
                format!(
                    "input field `{}` is declared twice in this object; remove one of them",
                    field.name
                ),
            ));
        } else if let Some(other) = fields.iter().find(|f| same_rust_name(&f.name, &field.name)) {
            let rust = crate::codegen::field_ident(&field.name, field.span);
            cx.push(syn::Error::new(
                field.span,
                format!(
                    "input field `{}` becomes the Rust field `{rust}` of the input struct, as `{}` does; rename one of them",
                    field.name, other.name
                ),
            ));
        } else {
            fields.push(field);
        }
        Ok(())
    });
    fields
}

/// Whether two JSON names map to the same field of the generated input struct.
fn same_rust_name(a: &str, b: &str) -> bool {
    let span = proc_macro2::Span::call_site();
    crate::codegen::field_ident(a, span) == crate::codegen::field_ident(b, span)
}

/// `name?: type`.
fn field(input: ParseStream, cx: &mut Cx, depth: usize) -> Result<Field> {
    let name = name(input, "a field name")?;
    let optional = if input.peek(Token![?]) {
        let _: Token![?] = input.parse()?;
        true
    } else {
        false
    };
    if !peek_colon(input) {
        return Err(err_here(
            input,
            format!(
                "expected `:` and a type after the field `{}`{}, e.g. `{}: string`",
                name.value,
                found(input),
                name.value
            ),
        ));
    }
    let _: Token![:] = input.parse()?;
    let ty = field_type(input, cx, depth + 1)?;
    Ok(Field {
        name: name.value,
        span: name.span,
        optional,
        ty,
    })
}

/// A field's type (also what a Task `returns` and a Map's `item`).
pub(super) fn field_type(input: ParseStream, cx: &mut Cx, depth: usize) -> Result<FieldType> {
    check_depth(input, depth)?;
    if input.peek(token::Bracket) {
        let (item, span) = in_brackets(input, "expected `[`", |content| {
            if content.is_empty() {
                return Err(err_here(
                    content,
                    "expected the type of the items inside `[ ]`, e.g. `[string]`",
                ));
            }
            field_type(content, cx, depth + 1)
        })?;
        return Ok(FieldType::Array(Box::new(item), span));
    }
    if input.peek(token::Brace) {
        let (fields, span) = in_braces(input, "expected `{`", |content| {
            Ok(fields(content, cx, depth + 1))
        })?;
        return Ok(FieldType::Object(fields, span));
    }
    let (ty, span) = scalar(input)?;
    Ok(FieldType::Scalar(ty, span))
}

/// A scalar type's name.
fn scalar(input: ParseStream) -> Result<(ScalarType, proc_macro2::Span)> {
    if input.cursor().ident().is_none() {
        return Err(err_here(
            input,
            format!(
                "expected a type{}: `string`, `number`, `integer`, `bool`, `timestamp`, `any`, `arn`, `[T]` or `{{ … }}`",
                found(input)
            ),
        ));
    }
    let ident = Ident::parse_any(input)?.unraw();
    let word = ident.to_string();
    let ty = match word.as_str() {
        "string" => ScalarType::String,
        "number" => ScalarType::Number,
        "integer" => ScalarType::Integer,
        "bool" | "boolean" => ScalarType::Boolean,
        "timestamp" => ScalarType::Timestamp,
        "arn" => ScalarType::Arn,
        "any" => ScalarType::Any,
        _ => {
            let advice = match word.as_str() {
                "String" | "str" => "; did you mean `string`?".to_owned(),
                "Vec" => "; write a list as `[T]`, e.g. `[string]`".to_owned(),
                "Option" => {
                    "; mark an optional field with `?` after its name, e.g. `note?: string`"
                        .to_owned()
                }
                "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "isize" => {
                    "; did you mean `integer`?".to_owned()
                }
                "f32" | "f64" | "float" => "; did you mean `number`?".to_owned(),
                _ => hint(&word, kw::SCALARS),
            };
            return Err(syn::Error::new(
                ident.span(),
                format!(
                    "unknown type `{word}`; the types are `string`, `number`, `integer`, `bool`, \
                     `timestamp`, `any`, `arn`, `[T]` and `{{ … }}`{advice}"
                ),
            ));
        }
    };
    Ok((ty, ident.span()))
}

/// `substitutions { … }`.
pub(super) fn substitutions(input: ParseStream, cx: &mut Cx) -> Result<Vec<Substitution>> {
    let _: kw::substitutions = input.parse()?;
    let (subs, _) = in_braces(
        input,
        "expected `{` and the substitutions after `substitutions`",
        |content| {
            let mut subs = Vec::new();
            recovering_list(content, cx, "the substitutions", |content, cx| {
                let _ = docs(content, cx, "a substitution");
                if !content.is_empty() {
                    subs.push(substitution(content)?);
                }
                Ok(())
            });
            Ok(subs)
        },
    )?;
    Ok(subs)
}

/// `Name: type`.
fn substitution(input: ParseStream) -> Result<Substitution> {
    let name = name(input, "a substitution name")?;
    if !peek_colon(input) {
        return Err(err_here(
            input,
            format!(
                "expected `:` and a type after the substitution `{}`{}, e.g. `{}: string`",
                name.value,
                found(input),
                name.value
            ),
        ));
    }
    let _: Token![:] = input.parse()?;
    let (ty, _) = scalar(input)?;
    Ok(Substitution {
        name: name.value,
        span: name.span,
        ty,
    })
}

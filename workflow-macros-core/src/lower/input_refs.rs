//! `input.a.b[0]`: typed references to the execution input, checked against the `input { … }`
//! schema (an unknown field, a field of a non-object or an index into a non-array is an error on
//! that segment) and written as `$$.Execution.Input.a.b[0]` (JSONPath) or
//! `$states.context.Execution.Input.a.b[0]` (JSONata). Without a schema, `input` is untyped.

use super::Cx;
use super::paths::{push_field, push_jsonpath_field};
use crate::ast::{Field, FieldType, InputRef, InputSegment, ScalarType};
use crate::suggest::{did_you_mean, list};
use workflow_asl::QueryLanguage;

/// What the schema says a reference points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum RefType {
    /// No schema, or below an `any` field: anything.
    Untyped,
    /// A scalar of the schema.
    Scalar(ScalarType),
    /// An array.
    Array,
    /// An object.
    Object,
}

impl RefType {
    /// "a string", "an array", …, for messages.
    pub(super) fn describe(self) -> &'static str {
        match self {
            RefType::Untyped => "any value",
            RefType::Scalar(t) => scalar_name(t),
            RefType::Array => "an array",
            RefType::Object => "an object",
        }
    }
}

/// "a string", "a number", … for a scalar type.
pub(super) fn scalar_name(t: ScalarType) -> &'static str {
    match t {
        ScalarType::String => "a string",
        ScalarType::Number => "a number",
        ScalarType::Integer => "an integer",
        ScalarType::Boolean => "a boolean",
        ScalarType::Timestamp => "a timestamp",
        ScalarType::Arn => "an ARN string",
        ScalarType::Any => "any value",
    }
}

/// A checked input reference.
pub(super) struct Resolved {
    /// `$$.Execution.Input…`.
    pub jsonpath: String,
    /// `$states.context.Execution.Input…`.
    pub jsonata: String,
    /// `input.a.b[0]`, as written.
    pub shown: String,
    /// What it points at.
    pub ty: RefType,
}

impl Resolved {
    /// The reference as the query language writes it (JSONata without `{% %}`).
    pub(super) fn text(&self, ql: QueryLanguage) -> &str {
        match ql {
            QueryLanguage::JsonPath => &self.jsonpath,
            QueryLanguage::Jsonata => &self.jsonata,
        }
    }
}

/// Where the walk down the schema is.
enum At<'a> {
    Fields(&'a [Field]),
    Type(&'a FieldType),
    Untyped,
}

/// Checks `input.…` against the schema; `None` (an error recorded) when it names nothing.
pub(super) fn resolve(cx: &mut Cx<'_>, r: &InputRef) -> Option<Resolved> {
    if let Some(map) = &cx.distributed_map {
        let message = format!(
            "`input` inside Distributed Map `{map}` would read the input of the child execution (its item), not the workflow's; pass the value in through the map's `item_selector {{ … }}` and read it with a `$.…` path"
        );
        cx.error(r.span, message);
        return None;
    }
    let mut out = Resolved {
        jsonpath: "$$.Execution.Input".to_owned(),
        jsonata: "$states.context.Execution.Input".to_owned(),
        shown: "input".to_owned(),
        ty: RefType::Untyped,
    };
    let mut at = match &cx.def.input {
        Some(schema) => At::Fields(&schema.fields),
        None => At::Untyped,
    };
    for segment in &r.segments {
        match segment {
            InputSegment::Field(name, span) => {
                let fields = match at {
                    At::Fields(fields) => Some(fields),
                    At::Type(FieldType::Object(fields, _)) => Some(fields.as_slice()),
                    At::Untyped | At::Type(FieldType::Scalar(ScalarType::Any, _)) => None,
                    At::Type(FieldType::Scalar(t, _)) => {
                        let message = format!(
                            "`{}` is {}, not an object; it has no field `{name}`",
                            out.shown,
                            scalar_name(*t)
                        );
                        cx.error(*span, message);
                        return None;
                    }
                    At::Type(FieldType::Array(..)) => {
                        let message = format!(
                            "`{shown}` is an array, not an object; it has no field `{name}` — index it first, e.g. `{shown}[0].{name}`",
                            shown = out.shown
                        );
                        cx.error(*span, message);
                        return None;
                    }
                };
                at = match fields {
                    None => At::Untyped,
                    Some(fields) => match fields.iter().find(|f| f.name == *name) {
                        Some(field) => At::Type(&field.ty),
                        None => {
                            let message = unknown_field(&out.shown, name, fields);
                            cx.error(*span, message);
                            return None;
                        }
                    },
                };
                push_jsonpath_field(&mut out.jsonpath, name);
                push_field(&mut out.jsonata, name);
                out.shown.push('.');
                out.shown.push_str(name);
            }
            InputSegment::Index(index, span) => {
                at = match at {
                    At::Type(FieldType::Array(item, _)) => At::Type(item),
                    At::Untyped | At::Type(FieldType::Scalar(ScalarType::Any, _)) => At::Untyped,
                    At::Fields(_) | At::Type(FieldType::Object(..)) => {
                        let message = format!(
                            "`{}` is an object, not an array; it cannot be indexed",
                            out.shown
                        );
                        cx.error(*span, message);
                        return None;
                    }
                    At::Type(FieldType::Scalar(t, _)) => {
                        let message = format!(
                            "`{}` is {}, not an array; it cannot be indexed",
                            out.shown,
                            scalar_name(*t)
                        );
                        cx.error(*span, message);
                        return None;
                    }
                };
                let step = format!("[{index}]");
                out.jsonpath.push_str(&step);
                out.jsonata.push_str(&step);
                out.shown.push_str(&step);
            }
        }
    }
    out.ty = match at {
        At::Fields(_) | At::Type(FieldType::Object(..)) => RefType::Object,
        At::Type(FieldType::Array(..)) => RefType::Array,
        At::Type(FieldType::Scalar(ScalarType::Any, _)) | At::Untyped => RefType::Untyped,
        At::Type(FieldType::Scalar(t, _)) => RefType::Scalar(*t),
    };
    Some(out)
}

fn unknown_field(parent: &str, name: &str, fields: &[Field]) -> String {
    let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    let field = if parent == "input" {
        format!("input field `{name}`")
    } else {
        format!("field `{name}` in `{parent}`")
    };
    match did_you_mean(name, &names) {
        Some(best) => format!("unknown {field}; did you mean `{best}`?"),
        None if names.is_empty() => format!(
            "unknown {field}; `{parent}` has no fields — declare it in the `input {{ … }}` schema"
        ),
        None => format!(
            "unknown {field}; the fields of `{parent}` are {} — declare it in the `input {{ … }}` schema",
            list(&names, "and")
        ),
    }
}

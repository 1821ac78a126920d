//! The type of the execution input, from the `input { … }` schema, for the validator's
//! data-flow check (`$.field` paths are checked against what flows into each state).

use crate::ast::{Field, FieldType, InputSchema, ScalarType};
use std::collections::BTreeMap;
use workflow_asl::validate::dataflow::DataType;

/// The deepest schema level typed; deeper levels are unknown.
const MAX_DEPTH: usize = 32;

/// The input's type: an object with the schema's fields, or unknown without a schema.
pub fn input_type(schema: Option<&InputSchema>) -> DataType {
    match schema {
        Some(s) => object(&s.fields, 0),
        None => DataType::Any,
    }
}

/// The type a declaration's `type` (`returns { … }`, `item { … }`) stands for.
pub fn declared_type(ty: &FieldType) -> DataType {
    field(ty, 0)
}

fn object(fields: &[Field], depth: usize) -> DataType {
    if depth > MAX_DEPTH {
        return DataType::Any;
    }
    DataType::Object(
        fields
            .iter()
            .map(|f| (f.name.clone(), (field(&f.ty, depth + 1), f.optional)))
            .collect::<BTreeMap<_, _>>(),
    )
}

fn field(ty: &FieldType, depth: usize) -> DataType {
    if depth > MAX_DEPTH {
        return DataType::Any;
    }
    match ty {
        FieldType::Scalar(s, _) => match s {
            ScalarType::String | ScalarType::Arn => DataType::String,
            // A timestamp string: a Wait's seconds read from it fail (Choice operators are
            // inferred from the schema's own `timestamp`, not from this type).
            ScalarType::Timestamp => DataType::Timestamp,
            ScalarType::Number => DataType::Number,
            ScalarType::Integer => DataType::Integer,
            ScalarType::Boolean => DataType::Bool,
            ScalarType::Any => DataType::Any,
        },
        FieldType::Array(element, _) => DataType::Array(Box::new(field(element, depth + 1))),
        FieldType::Object(fields, _) => object(fields, depth + 1),
    }
}

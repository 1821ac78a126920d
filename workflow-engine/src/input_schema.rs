//! The shape of a workflow's execution input, as its `input { … }` schema declares it:
//! [`Workflow::INPUT_SCHEMA`](crate::Workflow::INPUT_SCHEMA), a constant `workflow!` emits, so
//! that code generic over workflows (the generated inputs of `workflow_runtime::testing`) knows
//! the input's fields without the input type's code.

/// The type of a value of the input: a scalar of the schema's language, an array of one type,
/// or an object with declared fields.
///
/// ```
/// use workflow_runtime::{InputField, InputType};
///
/// // input { order_id: string, items: [{ sku: string, qty?: integer }] }
/// const SCHEMA: InputType = InputType::Object(&[
///     InputField::required("order_id", InputType::String),
///     InputField::required(
///         "items",
///         InputType::Array(&InputType::Object(&[
///             InputField::required("sku", InputType::String),
///             InputField::optional("qty", InputType::Integer),
///         ])),
///     ),
/// ]);
/// assert_eq!(SCHEMA.field("order_id").map(|f| f.optional), Some(false));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputType {
    /// `string`.
    String,
    /// `number`: any JSON number (an `f64`).
    Number,
    /// `integer`: a whole number (an `i64`).
    Integer,
    /// `bool` or `boolean`.
    Boolean,
    /// `timestamp`: an RFC 3339 string.
    Timestamp,
    /// `arn`: an ARN string.
    Arn,
    /// `any`, or no schema: any JSON.
    Any,
    /// `[T]`: an array of `T`.
    Array(&'static InputType),
    /// `{ … }`: an object with these fields.
    Object(&'static [InputField]),
}

/// A field of an object type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InputField {
    /// The field's JSON name, as written.
    pub name: &'static str,
    /// Whether it may be absent (`name?: T`).
    pub optional: bool,
    /// Its type.
    pub ty: InputType,
}

impl InputField {
    /// A field that must be present.
    pub const fn required(name: &'static str, ty: InputType) -> Self {
        InputField {
            name,
            optional: false,
            ty,
        }
    }

    /// A field that may be absent.
    pub const fn optional(name: &'static str, ty: InputType) -> Self {
        InputField {
            name,
            optional: true,
            ty,
        }
    }
}

impl InputType {
    /// The field `name` of an object type (`None` for another type, or no such field).
    pub fn field(&self, name: &str) -> Option<&'static InputField> {
        match self {
            InputType::Object(fields) => fields.iter().find(|f| f.name == name),
            _ => None,
        }
    }
}

//! The shape of a workflow's execution input, as its `input { … }` schema declares it:
//! [`Workflow::INPUT_SCHEMA`](crate::Workflow::INPUT_SCHEMA), a constant `workflow!` emits, so
//! that code generic over workflows (the generated inputs of `workflow_runtime::testing`) knows
//! the input's fields without the input type's code, and [`InputType::check`], which says where
//! a JSON value does not fit it (`workflow serve`'s console checks an input with it before it
//! starts an execution).

use workflow_asl::Severity;

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

/// The deepest schema level [`InputType::data_type`] types; deeper levels are unknown (the
/// macro bounds its schemas as deep).
const MAX_TYPED_DEPTH: usize = 32;

impl InputType {
    /// The type the validator's data flow gives a value of this schema (the execution input of
    /// a `workflow!`, as the macro typed it when it checked the workflow): `workflow types`
    /// and `workflow mcp` start a crate's workflow from it, as the macro does.
    ///
    /// ```
    /// use workflow_runtime::{InputField, InputType};
    /// const SCHEMA: InputType = InputType::Object(&[
    ///     InputField::required("order_id", InputType::String),
    ///     InputField::optional("lines", InputType::Array(&InputType::Integer)),
    /// ]);
    /// assert_eq!(SCHEMA.data_type().to_string(), "{ lines?: [integer], order_id: string }");
    /// ```
    pub fn data_type(&self) -> workflow_asl::validate::dataflow::DataType {
        use workflow_asl::validate::dataflow::DataType;
        fn typed(ty: &InputType, depth: usize) -> DataType {
            if depth > MAX_TYPED_DEPTH {
                return DataType::Any;
            }
            match ty {
                InputType::String | InputType::Arn => DataType::String,
                InputType::Timestamp => DataType::Timestamp,
                InputType::Number => DataType::Number,
                InputType::Integer => DataType::Integer,
                InputType::Boolean => DataType::Bool,
                InputType::Any => DataType::Any,
                InputType::Array(element) => DataType::Array(Box::new(typed(element, depth + 1))),
                InputType::Object(fields) => DataType::Object(
                    fields
                        .iter()
                        .map(|f| (f.name.to_owned(), (typed(&f.ty, depth + 1), f.optional)))
                        .collect(),
                ),
            }
        }
        typed(self, 0)
    }

    /// The field `name` of an object type (`None` for another type, or no such field).
    pub fn field(&self, name: &str) -> Option<&'static InputField> {
        match self {
            InputType::Object(fields) => fields.iter().find(|f| f.name == name),
            _ => None,
        }
    }
}

/// Where and why a value does not fit an [`InputType`] ([`InputType::check`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputProblem {
    /// How much it matters: an error where the typed input refuses the value (a missing
    /// field, a wrong type) or the schema's type says it is not one (a `timestamp` that is not
    /// RFC 3339, an `arn` that is not an ARN); a warning where it takes the value but drops
    /// part of it (a field the schema does not declare, often a misspelt optional one).
    pub severity: Severity,
    /// The value's place in the input, as a JSON pointer (`/items/0/qty`; empty for the
    /// whole input).
    pub pointer: workflow_asl::Pointer,
    /// What is wrong, and the fix.
    pub message: String,
}

impl std::fmt::Display for InputProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = if self.pointer.as_str().is_empty() {
            "the input"
        } else {
            self.pointer.as_str()
        };
        write!(f, "{at}: {}", self.message)
    }
}

/// The most problems [`InputType::check`] reports: enough to fix an input by, and a bound on
/// the work a huge input causes.
pub const MOST_INPUT_PROBLEMS: usize = 100;

impl InputType {
    /// Where `value` does not fit this type, as the workflow's typed input reads it: a
    /// required field missing or `null`, a value of another JSON type, a number that is not a
    /// whole `i64` where an `integer` is declared, a `timestamp` that is not an RFC 3339
    /// timestamp with a zone (as the ASL's `Timestamp` comparisons read one), an `arn` that is
    /// not an ARN; and, as warnings, fields the schema does not declare (which the typed input
    /// drops), with the declared field they most resemble. An optional field may be `null`
    /// (the typed input's `None`). At most [`MOST_INPUT_PROBLEMS`], in document order; the
    /// walk is iterative, so any depth of JSON is checked without recursion.
    ///
    /// ```
    /// use workflow_runtime::{InputField, InputType};
    /// const SCHEMA: InputType = InputType::Object(&[
    ///     InputField::required("order_id", InputType::String),
    ///     InputField::optional("qty", InputType::Integer),
    /// ]);
    /// let problems = SCHEMA.check(&serde_json::json!({"qty": 1.5, "qtty": 2}));
    /// let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
    /// assert_eq!(said, [
    ///     "the input: the required field `order_id` (string) is missing",
    ///     "/qty: expected an integer, found the number 1.5",
    ///     "/qtty: `qtty` is not a field of the schema, so the typed input drops it; did you mean `qty`?",
    /// ]);
    /// assert!(SCHEMA.check(&serde_json::json!({"order_id": "A-1", "qty": null})).is_empty());
    /// ```
    pub fn check(&self, value: &serde_json::Value) -> Vec<InputProblem> {
        use serde_json::Value;
        /// What is left to do: check a value, or report a problem found beside the values
        /// still to check (so that problems come in document order).
        enum Work<'v> {
            Check(workflow_asl::Pointer, &'v InputType, &'v Value),
            Report(InputProblem),
        }
        let error = |pointer: &workflow_asl::Pointer, message: String| InputProblem {
            severity: Severity::Error,
            pointer: pointer.clone(),
            message,
        };
        let mut problems = Vec::new();
        let mut stack = vec![Work::Check(workflow_asl::Pointer::root(), self, value)];
        while let Some(work) = stack.pop() {
            if problems.len() >= MOST_INPUT_PROBLEMS {
                break;
            }
            let (at, ty, value) = match work {
                Work::Report(problem) => {
                    problems.push(problem);
                    continue;
                }
                Work::Check(at, ty, value) => (at, ty, value),
            };
            match (ty, value) {
                (InputType::Any, _)
                | (InputType::String, Value::String(_))
                | (InputType::Number, Value::Number(_))
                | (InputType::Boolean, Value::Bool(_)) => {}
                (InputType::Integer, Value::Number(n)) => {
                    if n.as_i64().is_none() {
                        problems.push(error(
                            &at,
                            format!("expected an integer, found the number {n}"),
                        ));
                    }
                }
                (InputType::Timestamp, Value::String(text)) => {
                    if workflow_asl::timestamp::parse_rfc3339(text).is_none() {
                        problems.push(error(&at, format!(
                            "expected a timestamp, found {value}: write it as RFC 3339 with a zone, e.g. \"2026-01-31T23:59:59Z\""
                        )));
                    }
                }
                (InputType::Arn, Value::String(text)) => {
                    if workflow_aws_models::Arn::parse(text).is_none() {
                        problems.push(error(&at, format!(
                            "expected an ARN, found {value}: an ARN reads arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE"
                        )));
                    }
                }
                (InputType::Array(item), Value::Array(items)) => {
                    // Pushed last first: checked in document order.
                    for (i, v) in items.iter().enumerate().rev() {
                        stack.push(Work::Check(at.index(i), item, v));
                    }
                }
                (InputType::Object(fields), Value::Object(members)) => {
                    // The object's own problems (required fields missing or null), then its
                    // members in document order: each checked, or undeclared.
                    let mut work = Vec::new();
                    for field in fields.iter() {
                        let said = match members.get(field.name) {
                            None | Some(Value::Null) if field.optional => continue,
                            None => "missing",
                            Some(Value::Null) if field.ty != InputType::Any => "null",
                            Some(_) => continue,
                        };
                        work.push(Work::Report(error(
                            &at,
                            format!(
                                "the required field `{}` ({}) is {said}",
                                field.name, field.ty
                            ),
                        )));
                    }
                    let names: Vec<&str> = fields.iter().map(|f| f.name).collect();
                    for (key, v) in members {
                        match fields.iter().find(|f| f.name == key) {
                            Some(_) if v.is_null() => {}
                            Some(field) => work.push(Work::Check(at.key(key), &field.ty, v)),
                            None => {
                                let hint = workflow_text::suggest::did_you_mean(key, &names)
                                    .map(|n| format!("; did you mean `{n}`?"))
                                    .unwrap_or_default();
                                work.push(Work::Report(InputProblem {
                                    severity: Severity::Warning,
                                    pointer: at.key(key),
                                    message: format!(
                                        "`{key}` is not a field of the schema, so the typed input drops it{hint}"
                                    ),
                                }));
                            }
                        }
                    }
                    stack.extend(work.into_iter().rev());
                }
                (ty, value) => problems.push(error(
                    &at,
                    format!("expected {}, found {}", ty.article(), kind_of(value)),
                )),
            }
        }
        problems.truncate(MOST_INPUT_PROBLEMS);
        problems
    }

    /// The type with its article, as a message says it: `a string`, `an array`.
    fn article(&self) -> &'static str {
        match self {
            InputType::String => "a string",
            InputType::Number => "a number",
            InputType::Integer => "an integer",
            InputType::Boolean => "a boolean",
            InputType::Timestamp => "a timestamp (an RFC 3339 string)",
            InputType::Arn => "an ARN (a string)",
            InputType::Any => "any value",
            InputType::Array(_) => "an array",
            InputType::Object(_) => "an object",
        }
    }
}

/// A JSON value's kind, with the value when it is short: `the string "x"`, `an object`.
fn kind_of(value: &serde_json::Value) -> String {
    use serde_json::Value;
    let short = |text: String| {
        if text.chars().count() <= 40 {
            text
        } else {
            format!("{}…", text.chars().take(40).collect::<String>())
        }
    };
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(_) => format!("the string {}", short(value.to_string())),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// The type as the `workflow!` language writes it: `string`, `[integer]`,
/// `{ sku: string, qty?: integer }`.
impl std::fmt::Display for InputType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // What is left to write: a type, or text between types.
        enum Piece<'t> {
            Type(&'t InputType),
            Text(&'static str),
            Field(&'t InputField),
        }
        let mut stack = vec![Piece::Type(self)];
        while let Some(piece) = stack.pop() {
            match piece {
                Piece::Text(text) => f.write_str(text)?,
                Piece::Field(field) => {
                    write!(
                        f,
                        "{}{}: ",
                        field.name,
                        if field.optional { "?" } else { "" }
                    )?;
                    stack.push(Piece::Type(&field.ty));
                }
                Piece::Type(ty) => match ty {
                    InputType::String => f.write_str("string")?,
                    InputType::Number => f.write_str("number")?,
                    InputType::Integer => f.write_str("integer")?,
                    InputType::Boolean => f.write_str("bool")?,
                    InputType::Timestamp => f.write_str("timestamp")?,
                    InputType::Arn => f.write_str("arn")?,
                    InputType::Any => f.write_str("any")?,
                    InputType::Array(item) => {
                        f.write_str("[")?;
                        stack.push(Piece::Text("]"));
                        stack.push(Piece::Type(item));
                    }
                    InputType::Object([]) => f.write_str("{}")?,
                    InputType::Object(fields) => {
                        f.write_str("{ ")?;
                        stack.push(Piece::Text(" }"));
                        for (i, field) in fields.iter().enumerate().rev() {
                            stack.push(Piece::Field(field));
                            if i > 0 {
                                stack.push(Piece::Text(", "));
                            }
                        }
                    }
                },
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ORDER: InputType = InputType::Object(&[
        InputField::required("order_id", InputType::String),
        InputField::required("placed", InputType::Timestamp),
        InputField::optional("role", InputType::Arn),
        InputField::required(
            "items",
            InputType::Array(&InputType::Object(&[
                InputField::required("sku", InputType::String),
                InputField::optional("qty", InputType::Integer),
                InputField::optional("price", InputType::Number),
                InputField::optional("gift", InputType::Boolean),
                InputField::optional("extra", InputType::Any),
            ])),
        ),
    ]);

    fn said(value: serde_json::Value) -> Vec<String> {
        ORDER
            .check(&value)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn an_input_that_fits_has_no_problem() {
        assert!(
            said(json!({
                "order_id": "A-1",
                "placed": "2026-01-31T23:59:59.5+02:00",
                "role": "arn:aws:iam::123456789012:role/x",
                "items": [{"sku": "s", "qty": 2, "price": 2, "gift": false, "extra": null},
                          {"sku": "t", "price": 1.25, "qty": null}]
            }))
            .is_empty()
        );
    }

    #[test]
    fn every_problem_is_located_in_document_order() {
        assert_eq!(
            said(json!({
                "placed": "2026-01-31 23:59:59",
                "role": "role/x",
                "items": [{"sku": 7, "qty": 1.0}, "x", {"sku": null, "gfit": true}],
                "order_id": ["A"]
            })),
            [
                "/placed: expected a timestamp, found \"2026-01-31 23:59:59\": write it as RFC 3339 with a zone, e.g. \"2026-01-31T23:59:59Z\"",
                "/role: expected an ARN, found \"role/x\": an ARN reads arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE",
                "/items/0/sku: expected a string, found the number 7",
                "/items/0/qty: expected an integer, found the number 1.0",
                "/items/1: expected an object, found the string \"x\"",
                "/items/2: the required field `sku` (string) is null",
                "/items/2/gfit: `gfit` is not a field of the schema, so the typed input drops it; did you mean `gift`?",
                "/order_id: expected a string, found an array",
            ]
        );
        assert_eq!(
            said(json!([])),
            ["the input: expected an object, found an array"]
        );
        let problems = ORDER.check(
            &json!({"order_id": "A", "placed": "2026-01-31T00:00:00Z", "items": [], "x": 1}),
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].severity, Severity::Warning);
    }

    #[test]
    fn a_huge_or_deep_input_is_checked_without_recursion_and_its_problems_bounded() {
        let many = InputType::Array(&InputType::Integer);
        let value = serde_json::Value::Array(vec![json!("x"); 10_000]);
        assert_eq!(many.check(&value).len(), MOST_INPUT_PROBLEMS);
        const DEEP: InputType = InputType::Array(&InputType::Any);
        let mut deep = json!(1);
        for _ in 0..100 {
            deep = json!([deep]);
        }
        assert!(DEEP.check(&deep).is_empty());
    }

    #[test]
    fn a_type_is_written_as_the_language_writes_it() {
        assert_eq!(
            ORDER.to_string(),
            "{ order_id: string, placed: timestamp, role?: arn, items: [{ sku: string, qty?: integer, price?: number, gift?: bool, extra?: any }] }"
        );
        assert_eq!(InputType::Object(&[]).to_string(), "{}");
    }
}

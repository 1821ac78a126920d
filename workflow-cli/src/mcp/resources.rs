//! The crate's workflows as resources (under a crate's own `main_with`): for each, its ASL
//! (`workflow://NAME/asl`), the JSON Schema of its execution input, from its `input { … }`
//! schema (`workflow://NAME/input-schema`), and the items `workflow!` generated for it, with
//! their shapes (`workflow://NAME/generated-items`, `Workflow::GENERATED_ITEMS`).

use crate::cli::{CrateWorkflow, crate_workflows};
use rmcp::ErrorData;
use rmcp::model::{ReadResourceResult, Resource, ResourceContents};
use serde_json::{Map, Value, json};
use workflow_runtime::InputType;

/// The three resources of each workflow: their part of the URI, MIME type and description.
const PARTS: &[(&str, &str, &str)] = &[
    (
        "asl",
        "application/json",
        "the Amazon States Language definition `workflow!` expanded to",
    ),
    (
        "input-schema",
        "application/schema+json",
        "the JSON Schema of the execution input, from the `input { … }` schema",
    ),
    (
        "generated-items",
        "text/markdown",
        "the Rust items `workflow!` generated: the input and output types and a constant per Task state, with their shapes",
    ),
];

/// Every resource of every crate workflow.
pub(super) fn list() -> Vec<Resource> {
    crate_workflows()
        .iter()
        .flat_map(|w| {
            PARTS.iter().map(move |(part, mime, what)| {
                Resource::new(
                    format!("workflow://{}/{part}", w.name),
                    format!("{} {part}", w.name),
                )
                .with_description(format!("{}: {what}", w.name))
                .with_mime_type(*mime)
            })
        })
        .collect()
}

/// The resource at `uri`.
pub(super) fn read(uri: &str) -> Result<ReadResourceResult, ErrorData> {
    let not_found = || {
        ErrorData::resource_not_found(
            format!(
                "no resource `{uri}`: the resources are workflow://NAME/asl, workflow://NAME/input-schema and workflow://NAME/generated-items for the crate's workflows ({})",
                crate_workflows()
                    .iter()
                    .map(|w| w.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None,
        )
    };
    let rest = uri.strip_prefix("workflow://").ok_or_else(not_found)?;
    let (name, part) = rest.split_once('/').ok_or_else(not_found)?;
    let workflow = crate_workflows()
        .iter()
        .find(|w| w.name == name)
        .ok_or_else(not_found)?;
    let (text, mime) = match part {
        "asl" => (workflow.asl_pretty.to_owned(), "application/json"),
        "input-schema" => (
            input_schema(workflow).to_string(),
            "application/schema+json",
        ),
        "generated-items" => (workflow.generated_items.to_owned(), "text/markdown"),
        _ => return Err(not_found()),
    };
    Ok(ReadResourceResult::new(vec![
        ResourceContents::text(text, uri).with_mime_type(mime),
    ]))
}

/// The JSON Schema (draft 2020-12) of `workflow`'s execution input.
fn input_schema(workflow: &CrateWorkflow) -> Value {
    let mut schema = schema_of(&workflow.input_schema);
    if let Value::Object(map) = &mut schema {
        map.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        map.insert("title".into(), json!(format!("{}Input", workflow.name)));
    }
    schema
}

/// The JSON Schema of a value of type `ty`: the schema language's scalars, arrays and objects
/// (fields required unless written `name?: T`). Schemas nest as deep as the crate's `input`
/// declaration, which the macro read and bounded.
fn schema_of(ty: &InputType) -> Value {
    match ty {
        InputType::String => json!({ "type": "string" }),
        InputType::Number => json!({ "type": "number" }),
        InputType::Integer => json!({ "type": "integer" }),
        InputType::Boolean => json!({ "type": "boolean" }),
        InputType::Timestamp => json!({ "type": "string", "format": "date-time" }),
        InputType::Arn => json!({ "type": "string", "pattern": "^arn:" }),
        InputType::Any => json!({}),
        InputType::Array(element) => json!({ "type": "array", "items": schema_of(element) }),
        InputType::Object(fields) => {
            let mut properties = Map::new();
            let mut required = Vec::new();
            for field in *fields {
                properties.insert(field.name.to_owned(), schema_of(&field.ty));
                if !field.optional {
                    required.push(Value::String(field.name.to_owned()));
                }
            }
            json!({ "type": "object", "properties": properties, "required": required })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use workflow_runtime::InputField;

    #[test]
    fn an_input_schema_is_a_json_schema_of_its_fields() {
        const ITEMS: InputType = InputType::Object(&[
            InputField::required("sku", InputType::String),
            InputField::optional("qty", InputType::Integer),
        ]);
        const SCHEMA: InputType = InputType::Object(&[
            InputField::required("order_id", InputType::String),
            InputField::optional("placed", InputType::Timestamp),
            InputField::required("items", InputType::Array(&ITEMS)),
        ]);
        assert_eq!(
            schema_of(&SCHEMA),
            json!({
                "type": "object",
                "properties": {
                    "order_id": {"type": "string"},
                    "placed": {"type": "string", "format": "date-time"},
                    "items": {"type": "array", "items": {
                        "type": "object",
                        "properties": {"sku": {"type": "string"}, "qty": {"type": "integer"}},
                        "required": ["sku"],
                    }},
                },
                "required": ["order_id", "items"],
            })
        );
        assert_eq!(schema_of(&InputType::Any), json!({}));
    }
}

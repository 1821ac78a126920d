//! The state machines of a CloudFormation or SAM template, and each one's definition resolved
//! as CloudFormation (and SAM's transform) would hand it to Step Functions:
//!
//! - `AWS::StepFunctions::StateMachine` (CloudFormation's Template Reference,
//!   `aws-resource-stepfunctions-statemachine.html`): `DefinitionString` (a string, usually an
//!   `Fn::Join` or `Fn::Sub` of strings and references), `Definition` (the definition as an
//!   object of the template), or `DefinitionS3Location` (`{Bucket, Key, Version}`: read only
//!   where it is a CDK asset of the assembly, else refused); `DefinitionSubstitutions` replaces
//!   each `${Name}` of the definition's text with its value (the plain-text replacement the
//!   client's `StateMachineSpec::substitutions` also makes).
//! - `AWS::Serverless::StateMachine` (SAM's `sam-resource-statemachine.html`): `Definition`
//!   (an object), or `DefinitionUri` (a local file, relative to the template, as `sam deploy`
//!   uploads it; an S3 URI or `{Bucket, Key}` is refused), with `DefinitionSubstitutions`.

use super::document::Document;
use super::intrinsics::{Reference, Resolver, Stack, Stop, Text, Unresolved, child};
use serde_json::Value;
use std::collections::BTreeMap;
use workflow_asl::path::find_substitutions;

/// The resource types that are state machines.
pub(crate) const MACHINE_TYPES: [&str; 2] = [
    "AWS::StepFunctions::StateMachine",
    "AWS::Serverless::StateMachine",
];

/// The logical ids of the template's state machines, in the template's order.
pub(crate) fn machines(document: &Document) -> Vec<String> {
    let Some(resources) = document.value.get("Resources").and_then(Value::as_object) else {
        return Vec::new();
    };
    resources
        .iter()
        .filter(|(_, r)| {
            r.get("Type")
                .and_then(Value::as_str)
                .is_some_and(|t| MACHINE_TYPES.contains(&t))
        })
        .map(|(id, _)| id.clone())
        .collect()
}

/// Whether a document is a template: a mapping with `Resources`, and no `States`.
pub(crate) fn is_template(value: &Value) -> bool {
    value.get("Resources").is_some_and(Value::is_object) && value.get("States").is_none()
}

/// Where a definition's text is laid out.
#[derive(Debug)]
pub(crate) enum Layout {
    /// Made of the template's strings and references (`DefinitionString`): each part's origin.
    Pieces(Text),
    /// The template's value at this pointer (`Definition`).
    Object(String),
    /// A file of its own: an asset of the assembly, or SAM's `DefinitionUri`.
    File(std::path::PathBuf),
}

/// A state machine's definition, resolved.
#[derive(Debug)]
pub(crate) struct Extracted {
    /// The ASL text.
    pub text: String,
    /// Where it is laid out.
    pub layout: Layout,
    /// How many times each function was used.
    pub used: BTreeMap<String, usize>,
    /// The resources its references resolved to.
    pub references: Vec<Reference>,
    /// The machine's construct path (CDK's `aws:cdk:path`).
    pub construct: Option<String>,
}

/// Why a definition could not be had.
#[derive(Debug)]
pub(crate) enum Refused {
    /// Parts of it could not be resolved: each, where and why.
    Unresolved(Vec<Unresolved>),
    /// It is not in reach (held in S3, a file that cannot be read): why, and where.
    Unreadable { pointer: String, why: String },
}

/// Where a definition held in a file is found: the assembly's assets, the template's folder.
pub(crate) trait Files {
    /// The file of the CDK asset stored at `key` in `bucket`, if the assembly has it.
    fn asset(&self, bucket: &str, key: &str) -> Option<std::path::PathBuf>;
    /// The folder a template's relative paths start from.
    fn folder(&self) -> std::path::PathBuf;
}

/// The definition of the state machine `logical_id` of `stack`'s template, resolved.
pub(crate) fn definition(
    stack: &Stack<'_>,
    logical_id: &str,
    files: &dyn Files,
) -> Result<Extracted, Refused> {
    let resolver = Resolver::new(stack);
    let at = format!(
        "/Resources/{}/Properties",
        logical_id.replace('~', "~0").replace('/', "~1")
    );
    let properties = stack
        .document
        .value
        .get("Resources")
        .and_then(|r| r.get(logical_id))
        .and_then(|r| r.get("Properties"))
        .cloned()
        .unwrap_or(Value::Null);
    let type_name = stack.document.value["Resources"][logical_id]["Type"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let unresolved = |resolver: &Resolver<'_, '_>| Refused::Unresolved(resolver.unresolved());
    let (text, layout) = if let Some(string) = properties.get("DefinitionString") {
        let text = resolver
            .text(string, &child(&at, "DefinitionString"), 0)
            .map_err(|Stop| unresolved(&resolver))?;
        (text.text.clone(), Layout::Pieces(text))
    } else if let Some(object) = properties.get("Definition") {
        let pointer = child(&at, "Definition");
        let value = resolver
            .resolve(object, &pointer, 0)
            .map_err(|Stop| unresolved(&resolver))?;
        let text = serde_json::to_string_pretty(&value).unwrap_or_default();
        (text, Layout::Object(pointer))
    } else {
        let (name, location) = match (
            properties.get("DefinitionS3Location"),
            properties.get("DefinitionUri"),
        ) {
            (Some(l), _) => ("DefinitionS3Location", l),
            (None, Some(l)) => ("DefinitionUri", l),
            (None, None) => {
                return Err(Refused::Unreadable {
                    pointer: at,
                    why: format!(
                        "the `{type_name}` `{logical_id}` has no definition (`DefinitionString`, `Definition`, `DefinitionS3Location` or SAM's `DefinitionUri`)"
                    ),
                });
            }
        };
        let pointer = child(&at, name);
        let location = resolver
            .resolve(location, &pointer, 0)
            .map_err(|Stop| unresolved(&resolver))?;
        let path = file_of(&location, files).map_err(|why| Refused::Unreadable {
            pointer: pointer.clone(),
            why,
        })?;
        let text =
            crate::cli::input::read(&path, crate::cli::input::DEFINITION_LIMIT, "a definition")
                .map_err(|e| Refused::Unreadable {
                    pointer,
                    why: e.to_string(),
                })?;
        (text, Layout::File(path))
    };
    let (text, layout, replaced) = substitute(&resolver, &properties, &at, text, layout)?;
    let mut used = resolver.used();
    if replaced > 0 {
        used.insert("DefinitionSubstitutions".into(), replaced);
    }
    Ok(Extracted {
        text,
        layout,
        used,
        references: resolver.references(),
        construct: resolver.construct_path(logical_id),
    })
}

/// The file a definition's location names: a CDK asset of the assembly, or SAM's local path;
/// why not for one held in S3 proper.
fn file_of(location: &Value, files: &dyn Files) -> Result<std::path::PathBuf, String> {
    let held_in_s3 = |uri: String| {
        format!(
            "the definition is held in S3 ({uri}), which is not read here: download it and give the file (`workflow … FILE`), or synthesise the app so that the assembly holds it as an asset"
        )
    };
    match location {
        Value::String(uri) if uri.starts_with("s3://") => Err(held_in_s3(uri.clone())),
        Value::String(path) => {
            let path = std::path::Path::new(path);
            Ok(if path.is_absolute() {
                path.to_path_buf()
            } else {
                files.folder().join(path)
            })
        }
        Value::Object(fields) => {
            let field = |k: &str| fields.get(k).and_then(Value::as_str).unwrap_or_default();
            let (bucket, key) = (field("Bucket"), field("Key"));
            files
                .asset(bucket, key)
                .ok_or_else(|| held_in_s3(format!("s3://{bucket}/{key}")))
        }
        other => Err(format!(
            "the definition's location is {other}, not a path nor {{Bucket, Key}}"
        )),
    }
}

/// `text` with `DefinitionSubstitutions`' `${Name}`s replaced by their values.
fn substitute(
    resolver: &Resolver<'_, '_>,
    properties: &Value,
    at: &str,
    text: String,
    layout: Layout,
) -> Result<(String, Layout, usize), Refused> {
    let Some(entries) = properties.get("DefinitionSubstitutions") else {
        return Ok((text, layout, 0));
    };
    let entries_at = child(at, "DefinitionSubstitutions");
    let values = resolver
        .resolve(entries, &entries_at, 0)
        .map_err(|Stop| Refused::Unresolved(resolver.unresolved()))?;
    let Value::Object(values) = values else {
        return Err(Refused::Unreadable {
            pointer: entries_at,
            why: "`DefinitionSubstitutions` is not a map".into(),
        });
    };
    let found = find_substitutions(&text);
    let mut pieces = match &layout {
        Layout::Pieces(t) => Some(Text::default()).zip(Some(t)),
        _ => None,
    };
    let mut out = String::new();
    let mut rest = 0;
    let mut replaced = 0;
    for sub in found {
        let Some(value) = values.get(&sub.name) else {
            continue;
        };
        let value = match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        out.push_str(&text[rest..sub.start]);
        out.push_str(&value);
        if let Some((made, whole)) = &mut pieces {
            made.push(whole.slice(rest, sub.start));
            made.push(Text::value(value, &child(&entries_at, &sub.name)));
        }
        rest = sub.end;
        replaced += 1;
    }
    out.push_str(&text[rest..]);
    let layout = match pieces {
        Some((mut made, whole)) => {
            made.push(whole.slice(rest, text.len()));
            Layout::Pieces(made)
        }
        None => layout,
    };
    Ok((out, layout, replaced))
}

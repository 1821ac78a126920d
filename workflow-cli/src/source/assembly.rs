//! A CDK cloud assembly (`cdk.out`) read as the CDK's "Cloud Assembly schema" writes it
//! (`@aws-cdk/cloud-assembly-schema`: `manifest.json`'s artifacts): each stack
//! (`aws:cloudformation:stack`: `properties.templateFile`, `properties.stackName`,
//! `environment` `aws://ACCOUNT/REGION`, its construct paths in `metadata` and in
//! `additionalMetadataFile`, `aws:cdk:logicalId` entries), each nested assembly
//! (`cdk:cloud-assembly`, a Stage's folder: `properties.directoryName`), each stack's assets
//! (`cdk:asset-manifest`, `*.assets.json`: `files` → `source.path` and `destinations` →
//! `objectKey`), and each nested stack (an `AWS::CloudFormation::Stack` whose `TemplateURL`
//! names one of the assets: its template, its parameters given by the parent's `Parameters`).
//! What references reach beyond a stack (`Fn::ImportValue`, `Fn::GetStackOutput`, a nested
//! stack's `Outputs.Name`) is resolved in the stack that holds it.

use super::document::Document;
use super::intrinsics::{Beyond, Resolver, Stack, Stop, child};
use super::resources::Place;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The largest manifest, metadata file or template read: 16 MiB.
pub(crate) const FILE_LIMIT: u64 = 16 * 1024 * 1024;

/// The deepest nesting of assemblies (Stages) and of nested stacks read.
const MAX_NESTED: usize = 16;

/// The most stacks an assembly is read with.
const MAX_STACKS: usize = 10_000;

/// One stack of an assembly (or a nested stack of one).
#[derive(Debug)]
pub(crate) struct AssemblyStack {
    /// Its template.
    pub document: Document,
    /// Its name (`AWS::StackName`): `properties.stackName`, the artifact's id, or for a nested
    /// stack `PARENT-LogicalId`.
    pub name: String,
    /// Its region and account.
    pub place: Place,
    /// The construct scope of its resources: `/Orders`, or a nested stack's `/Parent/Inner`.
    scope: String,
    /// Its top stack's construct paths: (path, logical id).
    paths: std::sync::Arc<Vec<(String, String)>>,
    /// Its top stack's assets: object key → file.
    assets: std::sync::Arc<BTreeMap<String, PathBuf>>,
    /// Its parent: the stack and the logical id of the `AWS::CloudFormation::Stack` it is.
    parent: Option<(usize, String)>,
}

/// A cloud assembly, every stack of it read.
#[derive(Debug)]
pub(crate) struct Assembly {
    /// The stacks, top stacks before their nested stacks.
    pub stacks: Vec<AssemblyStack>,
}

/// Reads a JSON file of the assembly.
fn json(path: &Path) -> Result<Value, String> {
    let text = crate::cli::input::read(path, FILE_LIMIT, "a cloud assembly's file")
        .map_err(|e| e.to_string())?;
    workflow_text::json::parse_strict(&text).map_err(|e| format!("`{}`: {e}", path.display()))
}

impl Assembly {
    /// Reads the assembly in `dir` (its `manifest.json`, its nested assemblies, its stacks'
    /// templates, metadata and assets manifests).
    pub(crate) fn read(dir: &Path) -> Result<Assembly, String> {
        if !dir.join("manifest.json").is_file() {
            return Err(format!(
                "`{}` is a directory without `manifest.json`: give a CDK cloud assembly (`cdk.out`, as `cdk synth` writes it)",
                dir.display()
            ));
        }
        let mut assembly = Assembly { stacks: Vec::new() };
        let mut folders = vec![(dir.to_path_buf(), 0usize)];
        while let Some((folder, depth)) = folders.pop() {
            let manifest = json(&folder.join("manifest.json"))?;
            let Some(artifacts) = manifest.get("artifacts").and_then(Value::as_object) else {
                continue;
            };
            for (id, artifact) in artifacts {
                let properties = artifact.get("properties").unwrap_or(&Value::Null);
                match artifact.get("type").and_then(Value::as_str) {
                    Some("cdk:cloud-assembly") if depth < MAX_NESTED => {
                        if let Some(name) = properties.get("directoryName").and_then(Value::as_str)
                        {
                            folders.push((folder.join(name), depth + 1));
                        }
                    }
                    Some("aws:cloudformation:stack") => {
                        assembly.stack(&folder, id, artifact, artifacts)?;
                    }
                    _ => {}
                }
            }
        }
        Ok(assembly)
    }

    /// Reads the stack artifact `id` of the assembly in `folder`, and its nested stacks.
    fn stack(
        &mut self,
        folder: &Path,
        id: &str,
        artifact: &Value,
        artifacts: &serde_json::Map<String, Value>,
    ) -> Result<(), String> {
        if self.stacks.len() >= MAX_STACKS {
            return Err(format!("the assembly has more than {MAX_STACKS} stacks"));
        }
        let properties = artifact.get("properties").unwrap_or(&Value::Null);
        let Some(template) = properties.get("templateFile").and_then(Value::as_str) else {
            return Ok(());
        };
        let path = folder.join(template);
        let text =
            crate::cli::input::read(&path, FILE_LIMIT, "a template").map_err(|e| e.to_string())?;
        let document = Document::read(&path.display().to_string(), text, true)?;
        let name = properties
            .get("stackName")
            .and_then(Value::as_str)
            .unwrap_or(id)
            .to_owned();
        let place = environment(artifact.get("environment").and_then(Value::as_str));
        let paths = std::sync::Arc::new(construct_paths(folder, artifact)?);
        let assets = std::sync::Arc::new(assets(folder, artifact, artifacts)?);
        let display = artifact
            .get("displayName")
            .and_then(Value::as_str)
            .unwrap_or(id);
        let scope = format!("/{display}");
        let top = self.stacks.len();
        self.stacks.push(AssemblyStack {
            document,
            name,
            place,
            scope,
            paths,
            assets,
            parent: None,
        });
        self.nested(top, 0)
    }

    /// Reads the nested stacks of stack `index`.
    fn nested(&mut self, index: usize, depth: usize) -> Result<(), String> {
        if depth >= MAX_NESTED {
            return Ok(());
        }
        let mut found = Vec::new();
        if let Some(resources) = self.stacks[index]
            .document
            .value
            .get("Resources")
            .and_then(Value::as_object)
        {
            for (logical_id, resource) in resources {
                if resource.get("Type").and_then(Value::as_str)
                    != Some("AWS::CloudFormation::Stack")
                {
                    continue;
                }
                let url = resource
                    .get("Properties")
                    .and_then(|p| p.get("TemplateURL"));
                let key = url
                    .and_then(last_string)
                    .and_then(|s| s.rsplit('/').next().map(str::to_owned));
                if let Some(file) = key.and_then(|k| self.stacks[index].assets.get(&k).cloned()) {
                    found.push((logical_id.clone(), file));
                }
            }
        }
        for (logical_id, file) in found {
            let text = crate::cli::input::read(&file, FILE_LIMIT, "a template")
                .map_err(|e| e.to_string())?;
            let document = Document::read(&file.display().to_string(), text, true)?;
            let parent = &self.stacks[index];
            let scope = nested_scope(&parent.paths, &logical_id)
                .unwrap_or_else(|| child(&parent.scope, &logical_id));
            let stack = AssemblyStack {
                document,
                name: format!("{}-{logical_id}", parent.name),
                place: parent.place.clone(),
                scope,
                paths: parent.paths.clone(),
                assets: parent.assets.clone(),
                parent: Some((index, logical_id)),
            };
            self.stacks.push(stack);
            let nested = self.stacks.len() - 1;
            self.nested(nested, depth + 1)?;
        }
        Ok(())
    }

    /// The construct path of resource `logical_id` of stack `index` (without its leading `/`).
    pub(crate) fn construct_path(&self, index: usize, logical_id: &str) -> Option<String> {
        let stack = self.stacks.get(index)?;
        let inner: Vec<&str> = self
            .stacks
            .iter()
            .filter(|s| {
                s.scope.len() > stack.scope.len()
                    && s.scope.starts_with(&format!("{}/", stack.scope))
            })
            .map(|s| s.scope.as_str())
            .collect();
        stack
            .paths
            .iter()
            .filter(|(path, id)| {
                id == logical_id
                    && path.starts_with(&format!("{}/", stack.scope))
                    && !inner.iter().any(|i| path.starts_with(&format!("{i}/")))
            })
            .map(|(path, _)| path.trim_start_matches('/').to_owned())
            .next()
    }

    /// The stack `index` as references resolve against it, its parameters given by its parent.
    pub(crate) fn context(&self, index: usize, depth: usize) -> Result<Stack<'_>, String> {
        let stack = self.stacks.get(index).ok_or("no such stack")?;
        let mut given = BTreeMap::new();
        if let Some((parent, logical_id)) = &stack.parent {
            if depth >= super::intrinsics::MAX_NESTING {
                return Err("nested stacks nest too deep".into());
            }
            let parent_stack = self.context(*parent, depth + 1)?;
            let resolver = Resolver::new(&parent_stack);
            let at = format!("/Resources/{logical_id}/Properties/Parameters");
            if let Some(parameters) = self.stacks[*parent].document.value.pointer(&at) {
                // Each parameter resolved alone: one that cannot be is named when it is used.
                if let Some(parameters) = parameters.as_object() {
                    for (name, value) in parameters {
                        if let Ok(v) = resolver.resolve(value, &child(&at, name), depth) {
                            given.insert(name.clone(), v);
                        }
                    }
                }
            }
        }
        Ok(Stack {
            document: &stack.document,
            name: stack.name.clone(),
            place: stack.place.clone(),
            given,
            beyond: self,
            index,
        })
    }

    /// The output `output` of stack `index`, resolved there.
    fn output(&self, index: usize, output: &str, depth: usize) -> Result<Value, String> {
        let stack = self.context(index, depth)?;
        let at = format!("/Outputs/{output}/Value");
        let value = stack
            .document
            .value
            .pointer(&at)
            .ok_or_else(|| format!("the stack `{}` has no output `{output}`", stack.name))?;
        let resolver = Resolver::new(&stack);
        resolver.resolve(value, &at, depth).map_err(|Stop| {
            let why: Vec<String> = resolver
                .unresolved()
                .into_iter()
                .map(|u| format!("{} (at {} in `{}`)", u.why, u.pointer, stack.document.file))
                .collect();
            why.join("; ")
        })
    }

    /// The file of the asset stored at `key`, for stack `index`.
    pub(crate) fn asset(&self, index: usize, key: &str) -> Option<PathBuf> {
        self.stacks.get(index)?.assets.get(key).cloned()
    }
}

impl Beyond for Assembly {
    fn export(&self, name: &str, depth: usize) -> Result<Value, String> {
        for (index, stack) in self.stacks.iter().enumerate() {
            let Some(outputs) = stack
                .document
                .value
                .get("Outputs")
                .and_then(Value::as_object)
            else {
                continue;
            };
            for (output, value) in outputs {
                let exported = value
                    .get("Export")
                    .and_then(|e| e.get("Name"))
                    .and_then(Value::as_str);
                if exported == Some(name) {
                    return self.output(index, output, depth);
                }
            }
        }
        Err(format!("no stack of the assembly exports `{name}`"))
    }

    fn stack_output(&self, name: &str, output: &str, depth: usize) -> Result<Value, String> {
        match self.stacks.iter().position(|s| s.name == name) {
            Some(index) => self.output(index, output, depth),
            None => Err(format!("no stack of the assembly is named `{name}`")),
        }
    }

    fn nested_output(
        &self,
        stack: &Stack<'_>,
        logical_id: &str,
        output: &str,
        depth: usize,
    ) -> Result<Value, String> {
        let nested = self.stacks.iter().position(|s| {
            s.parent
                .as_ref()
                .is_some_and(|(p, id)| *p == stack.index && id == logical_id)
        });
        match nested {
            Some(index) => self.output(index, output, depth),
            None => Err(format!(
                "the nested stack `{logical_id}`'s template is not in the assembly"
            )),
        }
    }
}

/// The last string of a value (a nested stack's `TemplateURL` ends with its object's key).
fn last_string(value: &Value) -> Option<&str> {
    match value {
        Value::String(s) => Some(s),
        Value::Array(items) => items.iter().rev().find_map(last_string),
        Value::Object(members) => members.values().next_back().and_then(last_string),
        _ => None,
    }
}

/// The scope of the nested stack whose resource in its parent is `logical_id`:
/// `/Parent/Inner` for the path `/Parent/Inner.NestedStack/Inner.NestedStackResource`.
fn nested_scope(paths: &[(String, String)], logical_id: &str) -> Option<String> {
    paths
        .iter()
        .find(|(_, id)| id == logical_id)
        .and_then(|(path, _)| {
            path.split_once(".NestedStack/")
                .map(|(scope, _)| scope.to_owned())
        })
}

/// A stack's place from its artifact's `environment` (`aws://ACCOUNT/REGION`); the engine's
/// defaults where the app left them `unknown-…`.
fn environment(environment: Option<&str>) -> Place {
    let default = Place::default();
    let Some((account, region)) = environment
        .and_then(|e| e.strip_prefix("aws://"))
        .and_then(|e| e.split_once('/'))
    else {
        return default;
    };
    let region = if region.starts_with("unknown-") {
        default.region.as_str()
    } else {
        region
    };
    let account = if account.starts_with("unknown-") {
        default.account.as_str()
    } else {
        account
    };
    Place::new(region, account)
}

/// The stack artifact's construct paths: each `aws:cdk:logicalId` entry of its `metadata`
/// and of its `additionalMetadataFile`.
fn construct_paths(folder: &Path, artifact: &Value) -> Result<Vec<(String, String)>, String> {
    let mut paths = Vec::new();
    let mut add = |metadata: &Value| {
        if let Some(entries) = metadata.as_object() {
            for (path, items) in entries {
                for item in items.as_array().into_iter().flatten() {
                    if item.get("type").and_then(Value::as_str) == Some("aws:cdk:logicalId")
                        && let Some(id) = item.get("data").and_then(Value::as_str)
                    {
                        paths.push((path.clone(), id.to_owned()));
                    }
                }
            }
        }
    };
    if let Some(metadata) = artifact.get("metadata") {
        add(metadata);
    }
    if let Some(file) = artifact
        .get("additionalMetadataFile")
        .and_then(Value::as_str)
    {
        add(&json(&folder.join(file))?);
    }
    Ok(paths)
}

/// The stack's assets: each file of its asset manifests (the artifacts it depends on), by the
/// object key it is published at.
fn assets(
    folder: &Path,
    artifact: &Value,
    artifacts: &serde_json::Map<String, Value>,
) -> Result<BTreeMap<String, PathBuf>, String> {
    let mut found = BTreeMap::new();
    for dependency in artifact
        .get("dependencies")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(manifest) = dependency.as_str().and_then(|d| artifacts.get(d)) else {
            continue;
        };
        if manifest.get("type").and_then(Value::as_str) != Some("cdk:asset-manifest") {
            continue;
        }
        let Some(file) = manifest.pointer("/properties/file").and_then(Value::as_str) else {
            continue;
        };
        let assets = json(&folder.join(file))?;
        for asset in assets
            .get("files")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|f| f.values())
        {
            let Some(source) = asset.pointer("/source/path").and_then(Value::as_str) else {
                continue;
            };
            for destination in asset
                .get("destinations")
                .and_then(Value::as_object)
                .into_iter()
                .flat_map(|d| d.values())
            {
                if let Some(key) = destination.get("objectKey").and_then(Value::as_str) {
                    found.insert(key.to_owned(), folder.join(source));
                }
            }
        }
    }
    Ok(found)
}

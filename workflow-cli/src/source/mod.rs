//! Where a command's definition comes from, read once into a [`Definition`]: the ASL text
//! every command runs, how messages name it, and where each of its places is written in what
//! the user wrote, so that a diagnostic at a JSON pointer of the ASL comes back to that file's
//! line (and, for a CDK app's machine, names its construct path).
//!
//! A source is named on the command line as `FILE` or `FILE#MACHINE`:
//! - an ASL file (JSON; or YAML, `.yaml`/`.yml`), or `-` for standard input, read as it is;
//! - a workflow of the crate the tool was built in, by name (`main_with`), when no file has
//!   that name;
//! - a CloudFormation or SAM template (JSON or YAML: a mapping with `Resources`): the state
//!   machine `MACHINE` (its logical id), or its only one;
//! - a CDK cloud assembly (a directory with `manifest.json`, as `cdk synth` writes `cdk.out`):
//!   the machine whose construct path (`Stack/Machine`, a Stage's `Stage/Stack/Machine`) or
//!   logical id is `MACHINE`, or its only one.
//!
//! `template` finds a template's machines and their definitions, resolving CloudFormation's
//! functions with `intrinsics` (`resources` says what a reference returns); `assembly` reads a
//! cloud assembly's stacks, nested stacks and assets; `document` and `yaml` read a template
//! with where each part of it is written.

mod assembly;
mod document;
mod intrinsics;
mod resources;
mod template;
pub(crate) mod yaml;

use crate::cli::CrateWorkflow;
use crate::cli::input::{DEFINITION_LIMIT, ReadError};
use document::Document;
pub(crate) use intrinsics::Reference;
use intrinsics::{Alone, Origin as PieceOrigin, Stack};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use template::{Extracted, Layout, Refused};
use workflow_asl::json::Locator;
use workflow_asl::{Diagnostic, Pointer, StateMachine};

/// A definition, read once from where the user named it.
#[derive(Debug)]
pub(crate) struct Definition {
    /// How messages name it: the file, `template.yaml#Machine`, `cdk.out#Stack/Machine`, a
    /// crate workflow's name, or a tool's argument.
    pub shown: String,
    /// Where it came from.
    pub origin: Origin,
    /// The ASL text.
    pub text: String,
    /// Where its places are written, when not in `text` itself.
    map: Option<SourceMap>,
}

/// Where a definition came from.
#[derive(Debug)]
pub(crate) enum Origin {
    /// An ASL file (`-`: standard input), read as it is.
    Asl(PathBuf),
    /// A workflow of the crate the tool was built in.
    Crate(&'static CrateWorkflow),
    /// Text given whole (a `workflow mcp` tool's argument).
    Text,
    /// A state machine of a template or of a CDK cloud assembly.
    Machine(Box<Machine>),
}

/// A state machine of a template or a cloud assembly, and how its definition was resolved.
#[derive(Debug)]
pub(crate) struct Machine {
    /// Its logical id.
    pub logical_id: String,
    /// Its stack's name.
    pub stack: String,
    /// Its construct path (a CDK app's), without `/Resource`.
    pub construct: Option<String>,
    /// How many times each intrinsic function (and pseudo parameter, and substitution) was
    /// used to resolve it.
    pub used: BTreeMap<String, usize>,
    /// The resources its references name, and what each became.
    pub references: Vec<Reference>,
}

/// Where a definition's places are written.
#[derive(Debug)]
struct SourceMap {
    /// The file the lines are in.
    file: String,
    /// The document read (a template, or an ASL file written in YAML).
    document: Option<Document>,
    layout: Layout,
}

/// A diagnostic's place: the file, its line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Place {
    /// The file the line is in.
    pub file: String,
    /// 1-based line and column.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Definition {
    /// ASL text given whole, shown as `shown`.
    pub(crate) fn text(shown: &str, text: String) -> Definition {
        Definition {
            shown: shown.to_owned(),
            origin: Origin::Text,
            text,
            map: None,
        }
    }

    /// A workflow of the crate.
    pub(crate) fn of_crate(workflow: &'static CrateWorkflow) -> Definition {
        Definition {
            shown: workflow.name.to_owned(),
            origin: Origin::Crate(workflow),
            text: workflow.asl.to_owned(),
            map: None,
        }
    }

    /// The crate workflow it is.
    pub(crate) fn crate_workflow(&self) -> Option<&'static CrateWorkflow> {
        match &self.origin {
            Origin::Crate(w) => Some(w),
            _ => None,
        }
    }

    /// The state machine of a template or an assembly it is.
    pub(crate) fn machine(&self) -> Option<&Machine> {
        match &self.origin {
            Origin::Machine(m) => Some(m),
            _ => None,
        }
    }

    /// Its name as a state machine's: a crate workflow's, a machine's construct id (its
    /// construct path's last part) or logical id, an ASL file's stem (`orders` for
    /// `orders.asl.json`).
    pub(crate) fn stem(&self) -> String {
        match &self.origin {
            Origin::Asl(path) => crate::cli::input::file_stem(path),
            Origin::Crate(w) => w.name.to_owned(),
            Origin::Text => crate::cli::input::file_stem(Path::new(&self.shown)),
            Origin::Machine(m) => m
                .construct
                .as_deref()
                .and_then(|c| c.rsplit('/').next())
                .unwrap_or(&m.logical_id)
                .to_owned(),
        }
    }

    /// The text decoded; every diagnostic at its place, a line each, when it does not decode.
    pub(crate) fn decode(&self) -> Result<StateMachine, String> {
        StateMachine::from_json(&self.text).map_err(|e| self.located(&e.diagnostics))
    }

    /// Each diagnostic's place (`None` where its pointer names nothing written).
    pub(crate) fn places<'d>(
        &self,
        diagnostics: impl IntoIterator<Item = &'d Diagnostic>,
    ) -> Vec<Option<Place>> {
        self.pointer_places(diagnostics.into_iter().map(|d| &d.pointer))
    }

    /// Each pointer's place (`None` where it names nothing written).
    pub(crate) fn pointer_places<'p>(
        &self,
        pointers: impl IntoIterator<Item = &'p Pointer>,
    ) -> Vec<Option<Place>> {
        let locator = Locator::new(&self.text);
        let own = |pointer: &Pointer, file: &str| {
            locator.locate(pointer).map(|p| Place {
                file: file.to_owned(),
                line: p.line,
                column: p.column,
            })
        };
        let Some(map) = &self.map else {
            return pointers.into_iter().map(|p| own(p, &self.shown)).collect();
        };
        let document_places = map.document.as_ref().map(Document::places);
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let place = |(line, column): (u32, u32)| Place {
            file: map.file.clone(),
            line: line as usize,
            column: column as usize,
        };
        pointers
            .into_iter()
            .map(|pointer| match (&map.layout, &document_places) {
                (Layout::Object(prefix), Some(places)) => places
                    .at(&format!("{prefix}{}", pointer.as_str()))
                    .map(place),
                (Layout::File(_), None) => own(pointer, &map.file),
                (Layout::Pieces(text), Some(places)) => {
                    let at = locator.locate(pointer)?;
                    let start = *line_starts.get(at.line - 1)?;
                    let offset =
                        start + self.text.get(start..)?.char_indices().nth(at.column - 1)?.0;
                    let (piece, into) = text.piece_at(offset)?;
                    let decoded = |p: &str| {
                        map.document
                            .as_ref()
                            .and_then(|doc| doc.value.pointer(p))
                            .and_then(|v| v.as_str())
                            .unwrap_or_default()
                            .to_owned()
                    };
                    match &piece.origin {
                        PieceOrigin::Literal { pointer, from } => {
                            places.in_string(pointer, &decoded(pointer), from + into)
                        }
                        PieceOrigin::Placed { pointer, from } => {
                            places.in_string(pointer, &decoded(pointer), *from)
                        }
                        PieceOrigin::Value { pointer } => places.at(pointer),
                    }
                    .map(place)
                }
                _ => None,
            })
            .collect()
    }

    /// `place: error[CODE] at /pointer: message` for `d`, at `place` (`file:line:column`,
    /// else the file), and the machine's construct path when it has one.
    pub(crate) fn line(&self, place: Option<&Place>, d: &Diagnostic) -> String {
        let at = match place {
            Some(p) => format!("{}:{}:{}", p.file, p.line, p.column),
            None => self
                .map
                .as_ref()
                .map_or_else(|| self.shown.clone(), |m| m.file.clone()),
        };
        let mut line = crate::cli::input::line(&at, d);
        if let Some(construct) = self.machine().and_then(|m| m.construct.as_deref()) {
            line.push_str(&format!(" (construct {construct})"));
        }
        line
    }

    /// Each of `diagnostics` at its place, a line each.
    pub(crate) fn located<'d>(
        &self,
        diagnostics: impl IntoIterator<Item = &'d Diagnostic> + Clone,
    ) -> String {
        let places = self.places(diagnostics.clone());
        diagnostics
            .into_iter()
            .zip(places)
            .map(|(d, p)| self.line(p.as_ref(), d))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The line (1-based) each pointer of the definition is written on, where one is: for
    /// coverage and breakpoints, in [`Definition::lines_file`].
    pub(crate) fn line_of(&self) -> impl Fn(&str) -> Option<u32> + '_ {
        move |pointer: &str| {
            let pointer = Pointer::parse(pointer)?;
            let place = self.pointer_places([&pointer]).into_iter().next()??;
            u32::try_from(place.line).ok()
        }
    }

    /// The file its lines are in: the ASL file, or the template (or asset) a machine's
    /// definition is written in; `None` for standard input, a crate workflow or text.
    pub(crate) fn lines_file(&self) -> Option<String> {
        match (&self.origin, &self.map) {
            (_, Some(map)) => Some(map.file.clone()),
            (Origin::Asl(path), None) if path.as_os_str() != "-" => {
                Some(path.display().to_string())
            }
            _ => None,
        }
    }
}

/// What a source named on the command line is, opened.
enum Opened {
    /// A definition read as it is (an ASL file, standard input, a crate workflow).
    Ready(Definition),
    /// A template.
    Template(PathBuf, Document),
    /// A cloud assembly.
    Assembly(assembly::Assembly),
}

/// A machine a template or an assembly holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Listed {
    /// How a command names it: `FILE#LogicalId`, `cdk.out#Stack/Machine`.
    pub name: String,
    /// Its logical id.
    pub logical_id: String,
    /// Its stack.
    pub stack: String,
    /// Its construct path, without `/Resource`.
    pub construct: Option<String>,
    /// Its resource type.
    pub type_name: String,
    /// The template it is in.
    pub file: String,
    /// The line its resource starts on.
    pub line: Option<u32>,
    /// Which stack of an assembly it is in.
    stack_index: usize,
}

/// Splits `FILE#MACHINE`: a path that exists is a file whatever its name holds.
fn split(spec: &Path) -> (PathBuf, Option<String>) {
    if spec.exists() || spec.as_os_str() == "-" {
        return (spec.to_path_buf(), None);
    }
    let text = spec.to_string_lossy();
    match text.rsplit_once('#') {
        Some((file, machine)) if !file.is_empty() && !machine.is_empty() => {
            (PathBuf::from(file), Some(machine.to_owned()))
        }
        _ => (spec.to_path_buf(), None),
    }
}

/// Opens the source `path` names.
fn open(path: &Path, machine: Option<&str>) -> Result<Opened, ReadError> {
    let unreadable = |m: String| ReadError::Unreadable(m);
    if machine.is_none()
        && !path.exists()
        && let Some(workflow) = path.to_str().and_then(crate::cli::crate_workflow)
    {
        return Ok(Opened::Ready(Definition::of_crate(workflow)));
    }
    if path.is_dir() {
        let assembly = assembly::Assembly::read(path).map_err(unreadable)?;
        return Ok(Opened::Assembly(assembly));
    }
    if path.as_os_str() == "-" {
        let text = crate::cli::input::read(path, DEFINITION_LIMIT, "a definition")?;
        return Ok(Opened::Ready(Definition {
            shown: path.display().to_string(),
            origin: Origin::Asl(path.to_path_buf()),
            text,
            map: None,
        }));
    }
    let text = crate::cli::input::read(path, assembly::FILE_LIMIT, "a template")?;
    let shown = path.display().to_string();
    let json = text.trim_start().starts_with('{');
    let yaml_named = matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    );
    // A JSON file is an ASL file unless it is a template; other text that YAML reads as a
    // mapping is a template or an ASL file in YAML. Anything else (empty, a scalar, text
    // neither reads) is an ASL file, whose diagnostics say what is wrong with it, unless its
    // name says YAML.
    if !json || text.contains("\"Resources\"") {
        let document = match Document::read(&shown, text.clone(), true) {
            Ok(d) => Some(d),
            Err(e) if !json && yaml_named => return Err(unreadable(e)),
            Err(_) => None,
        };
        if let Some(document) = document {
            if template::is_template(&document.value) {
                return Ok(Opened::Template(path.to_path_buf(), document));
            }
            if !json && (yaml_named || document.value.is_object()) {
                return yaml_asl(path, document).map(Opened::Ready);
            }
        }
    }
    if let Some(machine) = machine {
        return Err(unreadable(format!(
            "`{shown}` is an ASL file: `#{machine}` names a state machine of a CloudFormation or SAM template, or of a CDK cloud assembly"
        )));
    }
    if text.len() as u64 > DEFINITION_LIMIT {
        return Err(crate::cli::input::too_large(
            &format!("`{shown}`"),
            DEFINITION_LIMIT,
            "a definition",
        ));
    }
    Ok(Opened::Ready(Definition {
        shown,
        origin: Origin::Asl(path.to_path_buf()),
        text,
        map: None,
    }))
}

/// An ASL file written in YAML: its JSON text, its places the YAML's lines.
fn yaml_asl(path: &Path, document: Document) -> Result<Definition, ReadError> {
    let shown = path.display().to_string();
    let json = serde_json::to_string_pretty(&document.value).unwrap_or_default();
    if json.len() as u64 > DEFINITION_LIMIT {
        return Err(crate::cli::input::too_large(
            &format!("`{shown}` (as JSON)"),
            DEFINITION_LIMIT,
            "a definition",
        ));
    }
    Ok(Definition {
        shown: shown.clone(),
        origin: Origin::Asl(path.to_path_buf()),
        text: json,
        map: Some(SourceMap {
            file: shown,
            document: Some(document),
            layout: Layout::Object(String::new()),
        }),
    })
}

/// Every machine of an opened template or assembly.
fn listed(opened: &Opened, named: &Path) -> Vec<Listed> {
    let named = named.display().to_string();
    let mut found = Vec::new();
    let mut add = |document: &Document,
                   stack: String,
                   index: usize,
                   construct: &dyn Fn(&str) -> Option<String>| {
        let places = document.places();
        for logical_id in template::machines(document) {
            let construct = construct(&logical_id)
                .map(|c| c.strip_suffix("/Resource").map(str::to_owned).unwrap_or(c));
            let at = format!("/Resources/{logical_id}");
            found.push(Listed {
                name: format!("{named}#{}", construct.as_deref().unwrap_or(&logical_id)),
                type_name: document
                    .value
                    .pointer(&format!("{at}/Type"))
                    .and_then(|t| t.as_str())
                    .unwrap_or_default()
                    .to_owned(),
                line: places.at(&at).map(|(line, _)| line),
                file: document.file.clone(),
                logical_id,
                stack: stack.clone(),
                construct,
                stack_index: index,
            });
        }
    };
    match opened {
        Opened::Ready(_) => {}
        Opened::Template(path, document) => {
            add(document, crate::cli::input::file_stem(path), 0, &|_| None)
        }
        Opened::Assembly(assembly) => {
            for (index, stack) in assembly.stacks.iter().enumerate() {
                add(&stack.document, stack.name.clone(), index, &|id| {
                    assembly.construct_path(index, id)
                });
            }
        }
    }
    found
}

/// Lists the state machines of the template or assembly `spec` names.
/// A machine listed, with its definition resolved (or why it cannot be).
pub(crate) type Resolved = (Listed, Result<Definition, ReadError>);

/// Each with its definition resolved (or why it cannot be), the source read once.
pub(crate) fn list(spec: &Path) -> Result<Vec<Resolved>, ReadError> {
    let (path, _) = split(spec);
    let opened = open(&path, None)?;
    if let Opened::Ready(definition) = &opened {
        return Err(ReadError::Unreadable(format!(
            "`{}` is a definition, not a CloudFormation or SAM template nor a CDK cloud assembly",
            definition.shown
        )));
    }
    let machines = listed(&opened, &path);
    let definitions = resolve_all(&opened, machines.clone());
    Ok(machines.into_iter().zip(definitions).collect())
}

/// The definition `spec` names (`FILE`, `FILE#MACHINE`, a crate workflow's name).
pub(crate) fn load(spec: &Path) -> Result<Definition, ReadError> {
    match load_each(spec, false)?.pop() {
        Some(definition) => definition,
        None => Err(ReadError::Unreadable(format!(
            "`{}` holds no state machine",
            spec.display()
        ))),
    }
}

/// The definitions `spec` names: with `every`, each machine of a template or an assembly
/// when `spec` names none (`workflow validate`); else the one it names, or its only one.
/// Each machine's is resolved on its own: one that cannot be resolved is its own error.
pub(crate) fn load_each(
    spec: &Path,
    every: bool,
) -> Result<Vec<Result<Definition, ReadError>>, ReadError> {
    let (path, machine) = split(spec);
    let opened = open(&path, machine.as_deref())?;
    if let Opened::Ready(definition) = opened {
        return Ok(vec![Ok(definition)]);
    }
    let candidates = listed(&opened, &path);
    let chosen: Vec<&Listed> = match &machine {
        Some(name) => {
            let wanted = name.trim_start_matches('/').trim_end_matches("/Resource");
            let matching: Vec<&Listed> = candidates
                .iter()
                .filter(|c| c.logical_id == wanted || c.construct.as_deref() == Some(wanted))
                .collect();
            if matching.len() > 1 {
                return Err(ReadError::Unreadable(format!(
                    "`{name}` names {} state machines of `{}`; name one by its construct path: {}",
                    matching.len(),
                    path.display(),
                    matching
                        .iter()
                        .map(|c| format!("`{}`", c.name))
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
            if matching.is_empty() {
                return Err(ReadError::Unreadable(format!(
                    "`{}` has no state machine `{name}`; it has {}",
                    path.display(),
                    names(&candidates)
                )));
            }
            matching
        }
        None if every || candidates.len() == 1 => candidates.iter().collect(),
        None => {
            return Err(ReadError::Unreadable(format!(
                "`{}` holds {}: name one as `{}#MACHINE` ({})",
                path.display(),
                if candidates.is_empty() {
                    "no state machine".to_owned()
                } else {
                    format!("{} state machines", candidates.len())
                },
                path.display(),
                names(&candidates)
            )));
        }
    };
    if chosen.is_empty() {
        return Err(ReadError::Unreadable(format!(
            "`{}` holds no state machine (no `AWS::StepFunctions::StateMachine` nor `AWS::Serverless::StateMachine`)",
            path.display()
        )));
    }
    let chosen: Vec<Listed> = chosen.into_iter().cloned().collect();
    Ok(resolve_all(&opened, chosen))
}

/// The definition of each of `chosen`, machines of `opened`, in their order.
fn resolve_all(opened: &Opened, chosen: Vec<Listed>) -> Vec<Result<Definition, ReadError>> {
    match opened {
        Opened::Template(path, document) => chosen
            .into_iter()
            .map(|listed| resolve_in_template(path, document, listed))
            .collect(),
        Opened::Assembly(assembly) => chosen
            .into_iter()
            .map(|listed| resolve_in_assembly(assembly, listed))
            .collect(),
        Opened::Ready(_) => Vec::new(),
    }
}

/// `a`, `b` and `c`: the machines' names.
fn names(candidates: &[Listed]) -> String {
    if candidates.is_empty() {
        return "none".to_owned();
    }
    candidates
        .iter()
        .map(|c| format!("`{}`", c.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a template alone reaches beyond it: its own folder, no assets.
struct TemplateFiles(PathBuf);

impl template::Files for TemplateFiles {
    fn asset(&self, _: &str, _: &str) -> Option<PathBuf> {
        None
    }
    fn folder(&self) -> PathBuf {
        self.0.clone()
    }
}

/// An assembly's stack's files: its assets, its folder.
struct AssemblyFiles<'a>(&'a assembly::Assembly, usize, PathBuf);

impl template::Files for AssemblyFiles<'_> {
    fn asset(&self, _: &str, key: &str) -> Option<PathBuf> {
        self.0.asset(self.1, key)
    }
    fn folder(&self) -> PathBuf {
        self.2.clone()
    }
}

fn resolve_in_template(
    path: &Path,
    document: &Document,
    listed: Listed,
) -> Result<Definition, ReadError> {
    let stack = Stack {
        document,
        name: listed.stack.clone(),
        place: resources::Place::default(),
        given: BTreeMap::new(),
        beyond: &Alone,
        index: 0,
    };
    let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let extracted = template::definition(&stack, &listed.logical_id, &TemplateFiles(folder));
    finish(listed, extracted, &stack)
}

fn resolve_in_assembly(
    assembly: &assembly::Assembly,
    listed: Listed,
) -> Result<Definition, ReadError> {
    let stack = assembly
        .context(listed.stack_index, 0)
        .map_err(ReadError::Unreadable)?;
    let folder = Path::new(&stack.document.file)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let extracted = template::definition(
        &stack,
        &listed.logical_id,
        &AssemblyFiles(assembly, listed.stack_index, folder),
    );
    finish(listed, extracted, &stack)
}

/// The definition of `listed`, as `extracted`; why not, each part that could not be resolved
/// at its line.
fn finish(
    listed: Listed,
    extracted: Result<Extracted, Refused>,
    stack: &Stack<'_>,
) -> Result<Definition, ReadError> {
    let document = stack.document;
    let places = document.places();
    let at = |pointer: &str| match places.at(pointer) {
        Some((line, column)) => format!("{}:{line}:{column}", document.file),
        None => document.file.clone(),
    };
    let construct = listed
        .construct
        .as_deref()
        .map(|c| format!(" (construct {c})"))
        .unwrap_or_default();
    let extracted = match extracted {
        Ok(e) => e,
        Err(Refused::Unresolved(all)) => {
            let lines: Vec<String> = all
                .iter()
                .map(|u| {
                    format!(
                        "{}: cannot resolve {} of the state machine `{}`{construct}: {}",
                        at(&u.pointer),
                        u.pointer,
                        listed.logical_id,
                        u.why
                    )
                })
                .collect();
            return Err(ReadError::Unreadable(lines.join("\n")));
        }
        Err(Refused::Unreadable { pointer, why }) => {
            return Err(ReadError::Unreadable(format!(
                "{}: the state machine `{}`{construct}: {why}",
                at(&pointer),
                listed.logical_id
            )));
        }
    };
    if extracted.text.len() as u64 > DEFINITION_LIMIT {
        return Err(ReadError::TooLarge(format!(
            "the definition of `{}` resolves to more than 1 MiB, the service's limit for a definition",
            listed.name
        )));
    }
    let origin = Origin::Machine(Box::new(machine(&listed, &extracted)));
    let (text, map) = match extracted.layout {
        Layout::File(path) => {
            let file = path.display().to_string();
            if extracted.text.trim_start().starts_with('{') {
                let map = SourceMap {
                    file,
                    document: None,
                    layout: Layout::File(path),
                };
                (extracted.text, map)
            } else {
                // An asset or a SAM file written in YAML: its JSON, placed in the YAML.
                let doc =
                    Document::read(&file, extracted.text, false).map_err(ReadError::Unreadable)?;
                let json = serde_json::to_string_pretty(&doc.value).unwrap_or_default();
                let map = SourceMap {
                    file,
                    document: Some(doc),
                    layout: Layout::Object(String::new()),
                };
                (json, map)
            }
        }
        layout => {
            let map = SourceMap {
                file: document.file.clone(),
                document: Some(document.clone()),
                layout,
            };
            (extracted.text, map)
        }
    };
    Ok(Definition {
        shown: listed.name,
        origin,
        text,
        map: Some(map),
    })
}

fn machine(listed: &Listed, extracted: &Extracted) -> Machine {
    Machine {
        logical_id: listed.logical_id.clone(),
        stack: listed.stack.clone(),
        construct: listed
            .construct
            .clone()
            .or_else(|| extracted.construct.clone()),
        used: extracted.used.clone(),
        references: extracted.references.clone(),
    }
}

#[cfg(test)]
mod tests;

//! Workflow coverage: which points of a definition (`StateMachine::points`: states, Choice
//! rules and `Default`s, retriers, catchers, Parallel branches) the runs of an engine reached.
//! The core reports what it reaches through `Host::observed`; the local host counts it here,
//! per machine, without a lock on the way (a table built once per definition, atomic
//! counters). A recorder is given to an engine with `Engine::coverage`, or made for every
//! engine of the process by `WORKFLOW_COVERAGE=DIR` (as `LLVM_PROFILE_FILE` is for Rust's own
//! coverage), which writes a file per process into `DIR` after each run: a unique name (the
//! process id, the time and a counter), written to a temporary file and renamed, so that
//! concurrent processes and threads never clobber each other. `workflow coverage DIR` reads
//! them ([`CoverageReport::read_dir`]).

use crate::core::host::Observed;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use workflow_asl::{PointKind, StateMachine};

/// The environment variable that switches coverage on for every engine of a process: the
/// directory its file is written to.
pub const COVERAGE_ENV: &str = "WORKFLOW_COVERAGE";

/// The format a coverage file declares, so that a reader refuses another one.
const FORMAT: &str = "workflow-coverage/1";

/// A coverage recorder: share it between engines (it is a handle; clones record together),
/// run, then read its [`Coverage::report`] or assert with [`Coverage::assert_covered`].
#[derive(Clone, Default)]
pub struct Coverage {
    inner: Arc<Recorder>,
}

impl Coverage {
    /// Which recorder this is: the same for its clones, another for another recorder.
    pub(crate) fn id(&self) -> usize {
        Arc::as_ptr(&self.inner) as usize
    }
}

#[derive(Default)]
struct Recorder {
    /// The machines run, by their definition's JSON.
    machines: Mutex<Vec<Arc<MachineCoverage>>>,
    /// The file the recorder writes after each run, if any.
    file: Option<PathBuf>,
    /// Serialises the writes of the file.
    writing: Mutex<()>,
}

/// The counters of one machine.
pub(crate) struct MachineCoverage {
    definition: String,
    /// The workflow's name and where it is written, when known.
    described: OnceLock<Described>,
    /// Each state's counters, by name.
    states: HashMap<String, StateCounters>,
    /// Every point, in document order, and where its counter is.
    points: Vec<(workflow_asl::Pointer, String, PointKind)>,
}

/// A machine's name and where it is written: the file (as reports name it, [`source_path`])
/// and the line of each point, by its JSON pointer.
struct Described {
    name: String,
    file: Option<String>,
    lines: HashMap<String, u32>,
}

/// Where a definition is written, for coverage reports ([`crate::Engine::coverage_source`]).
#[derive(Clone, Copy, Debug)]
pub enum DefinitionSource<'a> {
    /// A workflow's `Workflow::SOURCE` (`workflow!`'s file and lines).
    Workflow(crate::WorkflowSource),
    /// A definition written in a file that is not its ASL JSON (a CloudFormation template, a
    /// CDK app's assembly, ASL in YAML): the file's path and the line of each point, by its
    /// JSON pointer, as the reader of that file places them.
    Lines {
        /// The file's path, as the user named it.
        path: &'a str,
        /// The line (1-based) of each point, by its JSON pointer.
        lines: &'a [(String, u32)],
    },
    /// An ASL file: its path and its text, whose lines each point is written on.
    AslFile {
        /// The file's path, as the user named it.
        path: &'a str,
        /// The file's text, as read.
        text: &'a str,
    },
}

#[derive(Default)]
struct StateCounters {
    entered: AtomicU64,
    rules: Vec<AtomicU64>,
    default: AtomicU64,
    retriers: Vec<AtomicU64>,
    catchers: Vec<AtomicU64>,
    branches: Vec<AtomicU64>,
}

fn counters(n: usize) -> Vec<AtomicU64> {
    (0..n).map(|_| AtomicU64::new(0)).collect()
}

impl MachineCoverage {
    fn new(machine: &StateMachine, definition: String) -> Self {
        let mut states: HashMap<String, StateCounters> = HashMap::new();
        let mut points = Vec::new();
        for point in machine.points() {
            let counters_of = states.entry(point.state.to_owned()).or_default();
            match point.kind {
                PointKind::State | PointKind::Default => {}
                PointKind::Rule(i) => counters_of.rules = counters(i + 1),
                PointKind::Retrier(i) => counters_of.retriers = counters(i + 1),
                PointKind::Catcher(i) => counters_of.catchers = counters(i + 1),
                PointKind::Branch(i) => counters_of.branches = counters(i + 1),
            }
            points.push((point.pointer.clone(), point.state.to_owned(), point.kind));
        }
        MachineCoverage {
            definition,
            described: OnceLock::new(),
            states,
            points,
        }
    }

    /// Counts what the core reached.
    pub(crate) fn observe(&self, what: Observed<'_>) {
        let (state, slot) = match what {
            Observed::Entered(s) => (s, PointKind::State),
            Observed::Rule(s, i) => (s, PointKind::Rule(i)),
            Observed::Default(s) => (s, PointKind::Default),
            Observed::Retrier(s, i) => (s, PointKind::Retrier(i)),
            Observed::Catcher(s, i) => (s, PointKind::Catcher(i)),
            Observed::Branch(s, i) => (s, PointKind::Branch(i)),
        };
        if let Some(counter) = self.states.get(state).and_then(|c| c.counter(slot)) {
            counter.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Names the machine and points it at where it is written (the first description wins).
    pub(crate) fn describe(&self, name: &str, source: DefinitionSource<'_>) {
        if self.described.get().is_some() {
            return;
        }
        let (file, lines) = match source {
            DefinitionSource::Workflow(source) => (
                source.file,
                source
                    .lines
                    .iter()
                    .map(|(p, l)| ((*p).to_owned(), *l))
                    .collect(),
            ),
            DefinitionSource::AslFile { path, text } => {
                // The same lines the macro's file form records (`SourceLines`): where the
                // value at each point's pointer starts in the file.
                let locator = workflow_asl::json::Locator::new(text);
                let lines = self
                    .points
                    .iter()
                    .filter_map(|(pointer, _, _)| {
                        let line = u32::try_from(locator.locate(pointer)?.line).ok()?;
                        Some((pointer.as_str().to_owned(), line))
                    })
                    .collect();
                (path, lines)
            }
            DefinitionSource::Lines { path, lines } => (path, lines.iter().cloned().collect()),
        };
        let _ = self.described.set(Described {
            name: name.to_owned(),
            file: Some(source_path(file)).filter(|f| !f.is_empty()),
            lines,
        });
    }

    pub(crate) fn report(&self) -> MachineReport {
        let described = self.described.get();
        let no_lines = HashMap::new();
        let lines = described.map_or(&no_lines, |d| &d.lines);
        MachineReport {
            name: described.map(|d| d.name.clone()),
            file: described.and_then(|d| d.file.clone()),
            definition: self.definition.clone(),
            points: self
                .points
                .iter()
                .map(|(pointer, state, kind)| PointReport {
                    pointer: pointer.as_str().to_owned(),
                    state: state.clone(),
                    kind: *kind,
                    line: lines.get(pointer.as_str()).copied(),
                    hits: self
                        .states
                        .get(state)
                        .and_then(|c| c.counter(*kind))
                        .map_or(0, |c| c.load(Ordering::Relaxed)),
                })
                .collect(),
        }
    }
}

impl StateCounters {
    fn counter(&self, kind: PointKind) -> Option<&AtomicU64> {
        match kind {
            PointKind::State => Some(&self.entered),
            PointKind::Default => Some(&self.default),
            PointKind::Rule(i) => self.rules.get(i),
            PointKind::Retrier(i) => self.retriers.get(i),
            PointKind::Catcher(i) => self.catchers.get(i),
            PointKind::Branch(i) => self.branches.get(i),
        }
    }
}

impl Coverage {
    /// A recorder in memory: read it with [`Coverage::report`].
    pub fn new() -> Self {
        Coverage::default()
    }

    /// A recorder that also writes its report into `dir` after each run, as a file of its
    /// own (what `WORKFLOW_COVERAGE=DIR` makes for every engine of a process).
    pub fn writing_to(dir: impl Into<PathBuf>) -> Self {
        Coverage {
            inner: Arc::new(Recorder {
                file: Some(unique_file(&dir.into())),
                ..Recorder::default()
            }),
        }
    }

    /// The process's recorder when `WORKFLOW_COVERAGE` names a directory (read once).
    pub(crate) fn from_environment() -> Option<Coverage> {
        static GLOBAL: OnceLock<Option<Coverage>> = OnceLock::new();
        GLOBAL
            .get_or_init(|| {
                std::env::var_os(COVERAGE_ENV)
                    .filter(|d| !d.is_empty())
                    .map(Coverage::writing_to)
            })
            .clone()
    }

    /// The counters of `machine`, made on its first run.
    pub(crate) fn machine(&self, machine: &StateMachine) -> Arc<MachineCoverage> {
        let definition = machine.to_json();
        let mut machines = self
            .inner
            .machines
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let Some(found) = machines.iter().find(|m| m.definition == definition) {
            return Arc::clone(found);
        }
        let made = Arc::new(MachineCoverage::new(machine, definition));
        machines.push(Arc::clone(&made));
        made
    }

    /// What was reached so far, per machine.
    pub fn report(&self) -> CoverageReport {
        let machines = self
            .inner
            .machines
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        CoverageReport {
            format: FORMAT.to_owned(),
            machines: machines.iter().map(|m| m.report()).collect(),
        }
    }

    /// Asserts that every point of every machine run was reached.
    ///
    /// # Panics
    ///
    /// When some were not (it is a test's assertion), naming each: `Choice rule 1 of "Route"
    /// (orders.rs:42)`.
    #[track_caller]
    pub fn assert_covered(&self) {
        let report = self.report();
        let missed: Vec<String> = report
            .uncovered()
            .map(|(m, p)| format!("  {}", p.describe(m)))
            .collect();
        assert!(
            missed.is_empty(),
            "workflow coverage: {} point(s) not reached:\n{}",
            missed.len(),
            missed.join("\n")
        );
    }

    /// Writes the report into the recorder's file, if it has one; a failure is reported on
    /// standard error once, never silently, and never fails the run.
    pub(crate) fn flush(&self) {
        let Some(file) = &self.inner.file else {
            return;
        };
        let _writing = self.inner.writing.lock().unwrap_or_else(|p| p.into_inner());
        if let Err(e) = write_atomically(file, &self.report()) {
            static WARNED: std::sync::Once = std::sync::Once::new();
            WARNED.call_once(|| {
                eprintln!(
                    "warning: workflow coverage not written to {}: {e}",
                    file.display()
                )
            });
        }
    }
}

/// A source file's path as reports name it: as written (`file!()` names a file from the
/// directory Cargo compiles in, the workspace's root), with each `dir/..` and `.` taken out
/// (`file!()` names a file outside its package as `workflow-runtime/../examples/…`), so that
/// the assertion, the text report and LCOV's `SF:` name it alike.
pub(crate) fn source_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            ".." if parts.last().is_some_and(|p| *p != ".." && !p.is_empty()) => {
                parts.pop();
            }
            "." => {}
            _ => parts.push(part),
        }
    }
    parts.join("/")
}

/// A file name in `dir` no other process or recorder uses: the process id, the time and a
/// counter of the process's recorders.
fn unique_file(dir: &Path) -> PathBuf {
    static MADE: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let n = MADE.fetch_add(1, Ordering::Relaxed);
    dir.join(format!(
        "workflow-{}-{nanos:x}-{n}.coverage.json",
        std::process::id()
    ))
}

/// Writes `report` to a temporary file beside `file`, then renames it over `file`: a reader
/// sees the old report or the new one, never half of one.
fn write_atomically(file: &Path, report: &CoverageReport) -> std::io::Result<()> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let text = serde_json::to_vec(report).map_err(std::io::Error::other)?;
    let temporary = file.with_extension("tmp");
    std::fs::write(&temporary, text)?;
    std::fs::rename(&temporary, file)
}

/// What runs reached, per machine: what a recorder reports and what a coverage file holds.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct CoverageReport {
    /// The file format (`workflow-coverage/1`).
    pub format: String,
    /// One entry per definition run.
    pub machines: Vec<MachineReport>,
}

/// The coverage of one definition.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct MachineReport {
    /// The workflow's name, when it was run as a `Workflow`.
    pub name: Option<String>,
    /// The source file it is written in, when known ([`crate::WorkflowSource`], or the ASL
    /// file it was read from), as written with each `dir/..` taken out
    /// (`workflow-runtime/../examples/orders/mod.rs` is `examples/orders/mod.rs`).
    pub file: Option<String>,
    /// The definition, compact ASL JSON: its identity.
    pub definition: String,
    /// Every point of the definition, in document order, with its hits.
    pub points: Vec<PointReport>,
}

/// A point of a definition and how often runs reached it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct PointReport {
    /// Where it is in the definition (a JSON pointer).
    pub pointer: String,
    /// The state it belongs to.
    pub state: String,
    /// What it is.
    pub kind: PointKind,
    /// The line it is written on in [`MachineReport::file`], when known.
    pub line: Option<u32>,
    /// How many times runs reached it.
    pub hits: u64,
}

impl PointReport {
    /// What it is, in words, with where it is written: `catcher 0 of "Charge" (orders.rs:42)`.
    pub fn describe(&self, machine: &MachineReport) -> String {
        let state = &self.state;
        let what = match self.kind {
            PointKind::State => format!("state {state:?}"),
            PointKind::Rule(i) => format!("Choice rule {i} of {state:?}"),
            PointKind::Default => format!("the Default of {state:?}"),
            PointKind::Retrier(i) => format!("retrier {i} of {state:?}"),
            PointKind::Catcher(i) => format!("catcher {i} of {state:?}"),
            PointKind::Branch(i) => format!("branch {i} of {state:?}"),
        };
        let workflow = machine.name.as_deref().unwrap_or("a state machine");
        match (&machine.file, self.line) {
            (Some(file), Some(line)) => format!("{what} in {workflow} ({file}:{line})"),
            _ => format!("{what} in {workflow} ({})", self.pointer),
        }
    }
}

/// Why coverage files could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CoverageReadError {
    /// A file or the directory could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// A file is not a coverage file of this format.
    #[error("{path}: not a {FORMAT} file: {reason}")]
    Format {
        /// The path.
        path: PathBuf,
        /// Why.
        reason: String,
    },
}

impl CoverageReport {
    /// Every point no run reached, with its machine.
    pub fn uncovered(&self) -> impl Iterator<Item = (&MachineReport, &PointReport)> {
        self.machines
            .iter()
            .flat_map(|m| m.points.iter().filter(|p| p.hits == 0).map(move |p| (m, p)))
    }

    /// Adds `other`'s hits to this report's (machines matched by their definition).
    pub fn merge(&mut self, other: CoverageReport) {
        for machine in other.machines {
            match self
                .machines
                .iter_mut()
                .find(|m| m.definition == machine.definition)
            {
                Some(mine) => {
                    mine.name = mine.name.take().or(machine.name);
                    mine.file = mine.file.take().or(machine.file);
                    for (ours, theirs) in mine.points.iter_mut().zip(machine.points) {
                        ours.hits = ours.hits.saturating_add(theirs.hits);
                        ours.line = ours.line.or(theirs.line);
                    }
                }
                None => self.machines.push(machine),
            }
        }
    }

    /// The coverage files (`*.coverage.json`) of `dir`, merged.
    pub fn read_dir(dir: &Path) -> Result<CoverageReport, CoverageReadError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| CoverageReadError::Io { path, source }
        };
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(io(dir))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.ends_with(".coverage.json"))
            })
            .collect();
        files.sort();
        let mut merged = CoverageReport {
            format: FORMAT.to_owned(),
            machines: Vec::new(),
        };
        for file in files {
            let text = std::fs::read_to_string(&file).map_err(io(&file))?;
            let report: CoverageReport =
                serde_json::from_str(&text).map_err(|e| CoverageReadError::Format {
                    path: file.clone(),
                    reason: e.to_string(),
                })?;
            if report.format != FORMAT {
                return Err(CoverageReadError::Format {
                    path: file,
                    reason: format!("it says {:?}", report.format),
                });
            }
            merged.merge(report);
        }
        Ok(merged)
    }
}

#[cfg(test)]
mod tests {
    use super::source_path;

    #[test]
    fn a_file_outside_its_package_is_named_from_the_workspace_root() {
        assert_eq!(
            source_path("workflow-runtime/../examples/orders/mod.rs"),
            "examples/orders/mod.rs"
        );
        assert_eq!(source_path("src/./lib.rs"), "src/lib.rs");
        assert_eq!(source_path("../x/../y.rs"), "../y.rs");
        assert_eq!(source_path("/abs/a/../b.rs"), "/abs/b.rs");
        assert_eq!(source_path("./flows/a.asl.json"), "flows/a.asl.json");
    }
}

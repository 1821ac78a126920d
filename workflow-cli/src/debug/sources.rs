//! Where each state of the debugged definition is written, in the user's own file: the
//! statement of a `workflow!` block (the lines the macro records for coverage,
//! `Workflow::SOURCE`), or the state's member in an ASL JSON or YAML file. A breakpoint on
//! a line binds to the state written there, or to the state the line belongs to (the nearest
//! state written above it); a stack frame shows the state's line.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use workflow_asl::{PointKind, StateMachine};

/// The lines of one definition's states in one file.
#[derive(Debug, Default)]
pub(crate) struct Sources {
    /// The file, as the editor names it (absolute where it exists), if the definition has one.
    path: Option<PathBuf>,
    /// The file as the definition names it (a `workflow!`'s `file!()`, relative to the
    /// workspace's root), matched against the end of the editor's paths.
    written: Option<String>,
    /// Each state's line.
    lines: HashMap<String, u32>,
    /// The states by line.
    by_line: BTreeMap<u32, String>,
    /// Whether the file holds nothing but the definition (an ASL file): a line past the last
    /// state still belongs to it.
    whole_file: bool,
    /// Every state's name, in document order.
    states: Vec<String>,
}

/// Where a breakpoint's line binds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Bound {
    /// The state.
    pub state: String,
    /// The state's own line.
    pub line: u32,
}

impl Sources {
    /// The states of `machine` at the lines `lines` gives each point's JSON pointer (`None`
    /// for a point it does not place), in `path` (as the editor names it) or `written` (as
    /// the definition names it).
    pub(super) fn new(
        machine: &StateMachine,
        (path, written): (Option<PathBuf>, Option<String>),
        whole_file: bool,
        lines: impl Fn(&str) -> Option<u32>,
    ) -> Sources {
        let mut sources = Sources {
            path,
            written,
            whole_file,
            ..Sources::default()
        };
        for point in machine.points() {
            if point.kind != PointKind::State {
                continue;
            }
            sources.states.push(point.state.to_owned());
            if let Some(line) = lines(point.pointer.as_str()) {
                sources.lines.insert(point.state.to_owned(), line);
                sources
                    .by_line
                    .entry(line)
                    .or_insert_with(|| point.state.to_owned());
            }
        }
        sources
    }

    /// The file the states are written in, as stack frames show it.
    pub(super) fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Every state's name, in document order.
    pub(super) fn states(&self) -> Vec<String> {
        self.states.clone()
    }

    /// The line `state` is written on.
    pub(super) fn line_of(&self, state: &str) -> Option<u32> {
        self.lines.get(state).copied()
    }

    /// Whether `path` (as the editor names it) is the file the states are written in.
    pub(super) fn is_file(&self, path: &Path) -> bool {
        if let Some(own) = &self.path
            && (own == path || same_file(own, path))
        {
            return true;
        }
        match &self.written {
            Some(written) if !written.is_empty() => {
                let written = Path::new(written);
                path.ends_with(written)
            }
            _ => false,
        }
    }

    /// The state a breakpoint on `line` binds to: the state written on it, else the nearest
    /// one written above it, as long as the line is inside the definition (in a Rust file,
    /// no farther below the last state than the widest gap between two states).
    pub(super) fn bind(&self, line: u32) -> Option<Bound> {
        let (&at, state) = self.by_line.range(..=line).next_back()?;
        let last = *self.by_line.keys().next_back()?;
        if at == last && !self.whole_file && line > at {
            let widest = self
                .by_line
                .keys()
                .zip(self.by_line.keys().skip(1))
                .map(|(a, b)| b - a)
                .max()
                .unwrap_or(1)
                .max(3);
            if line - at > widest {
                return None;
            }
        }
        Some(Bound {
            state: state.clone(),
            line: at,
        })
    }
}

/// Whether two paths name the same file (their canonical forms agree).
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// `file` as an editor names it: absolute, from `root` when relative, canonical when it
/// exists.
pub(crate) fn absolute(root: &Path, file: &Path) -> PathBuf {
    let joined = if file.is_absolute() {
        file.to_path_buf()
    } else {
        root.join(file)
    };
    std::fs::canonicalize(&joined).unwrap_or(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn machine() -> StateMachine {
        StateMachine::from_json(
            r#"{"StartAt": "A", "States": {
  "A": {"Type": "Pass", "Next": "P"},
  "P": {"Type": "Parallel", "Branches": [
    {"StartAt": "B", "States": {
      "B": {"Type": "Pass", "End": true}}}
  ], "Next": "C"},
  "C": {"Type": "Succeed"}
}}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn lines_bind_to_the_state_written_there_or_above() {
        let table: HashMap<&str, u32> = [
            ("/States/A", 2),
            ("/States/P", 3),
            ("/States/P/Branches/0/States/B", 5),
            ("/States/C", 7),
        ]
        .into_iter()
        .collect();
        let sources = Sources::new(
            &machine(),
            (Some(PathBuf::from("/w/m.asl.json")), None),
            true,
            |p| table.get(p).copied(),
        );
        assert_eq!(sources.line_of("B"), Some(5));
        assert_eq!(sources.bind(5).map(|b| b.state), Some("B".into()));
        assert_eq!(
            sources.bind(6),
            Some(Bound {
                state: "B".into(),
                line: 5
            })
        );
        assert_eq!(sources.bind(1), None);
        assert_eq!(sources.bind(40).map(|b| b.state), Some("C".into()));
        assert!(sources.is_file(Path::new("/w/m.asl.json")));
        let rust = Sources::new(
            &machine(),
            (None, Some("examples/x.rs".into())),
            false,
            |p| table.get(p).copied(),
        );
        assert!(rust.is_file(Path::new("/home/u/project/examples/x.rs")));
        assert!(!rust.is_file(Path::new("/home/u/project/examples/y.rs")));
        assert_eq!(rust.bind(40), None);
        assert_eq!(rust.bind(8).map(|b| b.state), Some("C".into()));
    }
}

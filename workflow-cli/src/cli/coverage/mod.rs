//! `workflow coverage DIR`: the coverage files the engine wrote into `DIR`
//! (`WORKFLOW_COVERAGE=DIR`, `Coverage::writing_to`), merged, as an LCOV tracefile (`lcov`:
//! `SF:` the file each workflow is written in, `DA:` the line of each state, rule, retrier,
//! catcher and branch, `BRDA:` each Choice rule and `Default`, retrier and catcher as a branch;
//! the format of `geninfo(1)`, which genhtml, cargo-llvm-cov, Codecov, Coveralls and editors'
//! gutters read), as Cobertura XML with the same counts (`cobertura`, which GitLab reads), as
//! text (every point not reached), as the graph of one workflow coloured by coverage, or as
//! JSON (what the `coverage` tool of `workflow mcp` answers). LCOV and Cobertura count from
//! one model of lines and branches (`lines`).

mod cobertura;
mod lcov;
mod lines;

use crate::cli::{EXIT_INVALID, EXIT_OK, EXIT_USAGE, Failure};
use lines::SourceCoverage;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use workflow_asl::{PointKind, StateMachine};
use workflow_graph::{CoverageColours, StateCoverage, SvgOptions, to_coverage_svg};
use workflow_runtime::engine::{CoverageReport, MachineReport};

/// The report's format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// An LCOV tracefile, a record per source file.
    Lcov,
    /// Cobertura XML (GitLab's coverage view reads it), a class per workflow.
    Cobertura,
    /// Each workflow's share of points reached, and every point not reached.
    Text,
    /// One workflow's graph: green where every point of a state was reached, orange where
    /// some were not, plain where the state was never entered, with that legend.
    Svg,
    /// One JSON object: each workflow's points reached, and every point not reached (what the
    /// `coverage` tool of `workflow mcp` answers).
    Json,
}

/// The arguments of `workflow coverage`.
#[derive(clap::Args)]
pub(crate) struct CoverageArgs {
    /// The directory the coverage files were written into (`WORKFLOW_COVERAGE`).
    dir: PathBuf,
    /// The report's format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// The workflow to draw with `--format svg`, by name (needed when the files hold several).
    #[arg(long)]
    workflow: Option<String>,
    /// With `--format text` or `json`: exit with status 1 when some point was not reached.
    #[arg(long)]
    fail_under_full: bool,
    /// Write the report to this file instead of standard output (`lcov.info`,
    /// `coverage.xml`, …).
    #[arg(short = 'o', long = "output")]
    output: Option<PathBuf>,
}

impl CoverageArgs {
    /// The file the report is written to, if not standard output.
    pub(crate) fn output(&self) -> Option<&Path> {
        self.output.as_deref()
    }
}

/// Runs `workflow coverage`.
pub(crate) fn run(args: &CoverageArgs) -> Result<u8, Failure> {
    let report = read(&args.dir)?;
    Ok(match args.format {
        Format::Json => {
            crate::cli::out::line(json_report(&report));
            verdict(args, &report)
        }
        Format::Lcov | Format::Cobertura => {
            let (text, unplaced, kind) = if args.format == Format::Lcov {
                let (text, unplaced) = lcov(&report);
                (text, unplaced, "LCOV")
            } else {
                let (text, unplaced) = cobertura(&report);
                (text, unplaced, "Cobertura")
            };
            for name in unplaced {
                eprintln!(
                    "workflow coverage: {name} has no source file (run as a definition, not a workflow!): left out of the {kind} report"
                );
            }
            crate::cli::out::text(text);
            EXIT_OK
        }
        Format::Text => {
            crate::cli::out::text(text(&report));
            verdict(args, &report)
        }
        Format::Svg => {
            let svg = svg(&report, args.workflow.as_deref())
                .map_err(|e| Failure::usage("coverage", e))?;
            crate::cli::out::line(svg);
            EXIT_OK
        }
    })
}

/// The exit status of a report: 1 with `--fail-under-full` when some point was not reached.
fn verdict(args: &CoverageArgs, report: &CoverageReport) -> u8 {
    if args.fail_under_full && report.uncovered().next().is_some() {
        EXIT_INVALID
    } else {
        EXIT_OK
    }
}

/// The coverage files the engine wrote into `dir`, merged; none is a usage error.
pub(crate) fn read(dir: &Path) -> Result<CoverageReport, Failure> {
    let report = CoverageReport::read_dir(dir)
        .map_err(|e| Failure::new(EXIT_USAGE, format!("workflow coverage: {e}")))?;
    if report.machines.is_empty() {
        return Err(Failure::new(
            EXIT_USAGE,
            format!(
                "workflow coverage: no coverage file (*.coverage.json) in {}: run with WORKFLOW_COVERAGE={} first",
                dir.display(),
                dir.display()
            ),
        ));
    }
    Ok(report)
}

/// What `workflow coverage --format json` prints: `{"complete", "workflows": [{"name",
/// "file", "points", "reached", "percent", "not_reached": [{"state", "kind", "pointer",
/// "line", "description"}]}]}`, `complete` when every point of every workflow was reached.
pub(crate) fn json_report(report: &CoverageReport) -> Value {
    let workflows: Vec<Value> = report
        .machines
        .iter()
        .enumerate()
        .map(|(index, machine)| {
            let (reached, total, percent) = share(machine);
            let missed: Vec<Value> = machine
                .points
                .iter()
                .filter(|p| p.hits == 0)
                .map(|p| {
                    json!({
                        "state": p.state,
                        "kind": kind(p.kind),
                        "pointer": p.pointer,
                        "line": p.line,
                        "description": p.describe(machine),
                    })
                })
                .collect();
            json!({
                "name": name(machine, index),
                "file": machine.file,
                "points": total,
                "reached": reached,
                "percent": (percent * 10.0).round() / 10.0,
                "not_reached": missed,
            })
        })
        .collect();
    json!({
        "complete": report.uncovered().next().is_none(),
        "workflows": workflows,
    })
}

/// A point's kind in JSON: `state`, `rule 1`, `default`, `retrier 0`, `catcher 0`, `branch 1`.
fn kind(kind: PointKind) -> String {
    match kind {
        PointKind::State => "state".to_owned(),
        PointKind::Rule(i) => format!("rule {i}"),
        PointKind::Default => "default".to_owned(),
        PointKind::Retrier(i) => format!("retrier {i}"),
        PointKind::Catcher(i) => format!("catcher {i}"),
        PointKind::Branch(i) => format!("branch {i}"),
    }
}

/// A machine's name in reports.
fn name(machine: &MachineReport, index: usize) -> String {
    machine
        .name
        .clone()
        .unwrap_or_else(|| format!("state machine #{}", index + 1))
}

/// Each recorded machine whose source file is known, with its coverage, its decisions
/// numbered per file; and the names of the others.
fn placed(report: &CoverageReport) -> (Vec<(&str, String, SourceCoverage)>, Vec<String>) {
    let mut next_block: BTreeMap<&str, u32> = BTreeMap::new();
    let mut placed = Vec::new();
    let mut unplaced = Vec::new();
    for (index, machine) in report.machines.iter().enumerate() {
        let Some(file) = machine.file.as_deref() else {
            unplaced.push(name(machine, index));
            continue;
        };
        let coverage = SourceCoverage::of(machine, next_block.entry(file).or_insert(0));
        placed.push((file, name(machine, index), coverage));
    }
    (placed, unplaced)
}

/// The LCOV tracefile of the machines whose source is known, and the names of the others.
fn lcov(report: &CoverageReport) -> (String, Vec<String>) {
    let (placed, unplaced) = placed(report);
    let mut files: BTreeMap<String, SourceCoverage> = BTreeMap::new();
    for (file, _, coverage) in placed {
        files.entry(file.to_owned()).or_default().add(coverage);
    }
    (lcov::tracefile(&files), unplaced)
}

/// The Cobertura report of the machines whose source is known, and the names of the others.
fn cobertura(report: &CoverageReport) -> (String, Vec<String>) {
    let (placed, unplaced) = placed(report);
    let classes: Vec<cobertura::Class<'_>> = placed
        .iter()
        .map(|(file, name, coverage)| cobertura::Class {
            name,
            file,
            coverage: coverage.clone(),
        })
        .collect();
    // The directory the file names are relative to; a reproducible build's clock
    // (SOURCE_DATE_EPOCH) when set.
    let source = std::env::current_dir()
        .map(|d| d.display().to_string())
        .unwrap_or_else(|_| ".".to_owned());
    let timestamp = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<u128>().ok())
        .map(|s| s * 1000)
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis())
        });
    (cobertura::report(&classes, &source, timestamp), unplaced)
}

/// The points of `machine` reached, its points, and the share reached in percent (100 for a
/// machine without points).
fn share(machine: &MachineReport) -> (usize, usize, f64) {
    let total = machine.points.len();
    let reached = machine.points.iter().filter(|p| p.hits > 0).count();
    let percent = if total == 0 {
        100.0
    } else {
        reached as f64 * 100.0 / total as f64
    };
    (reached, total, percent)
}

/// Each machine's share of points reached, then every point not reached.
fn text(report: &CoverageReport) -> String {
    let mut out = String::new();
    for (index, machine) in report.machines.iter().enumerate() {
        let (reached, total, percent) = share(machine);
        let place = machine
            .file
            .as_deref()
            .map(|f| format!(" ({f})"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{}{place}: {reached}/{total} points reached ({percent:.1}%)",
            name(machine, index)
        );
        for point in machine.points.iter().filter(|p| p.hits == 0) {
            let _ = writeln!(out, "  not reached: {}", point.describe(machine));
        }
    }
    out
}

/// The graph of the machine `wanted` (or the only one) coloured by coverage.
fn svg(report: &CoverageReport, wanted: Option<&str>) -> Result<String, String> {
    let names: Vec<String> = report
        .machines
        .iter()
        .enumerate()
        .map(|(i, m)| name(m, i))
        .collect();
    let index = match wanted {
        Some(wanted) => names.iter().position(|n| n == wanted).ok_or_else(|| {
            format!(
                "no workflow {wanted:?} in the coverage files (they hold: {})",
                names.join(", ")
            )
        })?,
        None if report.machines.len() == 1 => 0,
        None => {
            return Err(format!(
                "the coverage files hold several workflows: name one with --workflow ({})",
                names.join(", ")
            ));
        }
    };
    let (Some(machine), Some(name)) = (report.machines.get(index), names.get(index)) else {
        return Err("no such workflow".to_owned());
    };
    let definition = StateMachine::from_json(&machine.definition)
        .map_err(|e| format!("the recorded definition does not decode: {e}"))?;
    let mut colours = CoverageColours::new();
    let mut missed: BTreeMap<&str, bool> = BTreeMap::new();
    for point in &machine.points {
        if point.kind == PointKind::State && point.hits > 0 {
            missed.entry(point.state.as_str()).or_insert(false);
        }
    }
    for point in &machine.points {
        if point.hits == 0
            && let Some(missed) = missed.get_mut(point.state.as_str())
        {
            *missed = true;
        }
    }
    for (state, missed) in missed {
        let coverage = if missed {
            StateCoverage::Partial
        } else {
            StateCoverage::Full
        };
        colours.set(state, coverage);
    }
    let options = SvgOptions {
        title: Some(format!("{name}: coverage")),
        ..SvgOptions::default()
    };
    Ok(to_coverage_svg(&definition, &colours, &options))
}

//! `workflow coverage DIR`: the coverage files the engine wrote into `DIR`
//! (`WORKFLOW_COVERAGE=DIR`, `Coverage::writing_to`), merged, as an LCOV tracefile (`SF:` the
//! file each workflow is written in, `DA:` the line of each state, rule, retrier, catcher and
//! branch, `BRDA:` each Choice rule and `Default` as a branch of its Choice state: the format
//! of `geninfo(1)`, which cargo-llvm-cov, Codecov, Coveralls and editors' gutters read), as text
//! (every point not reached), as the graph of one workflow coloured by coverage, or as JSON.

use crate::cli::{EXIT_INVALID, EXIT_OK, EXIT_USAGE, Failure};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use workflow_asl::{PointKind, StateMachine};
use workflow_graph::{Progress, StateStatus, SvgOptions, to_progress_svg};
use workflow_runtime::engine::{CoverageReport, MachineReport};

/// The report's format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// An LCOV tracefile, a record per source file.
    Lcov,
    /// Each workflow's share of points reached, and every point not reached.
    Text,
    /// One workflow's graph: green where every point of a state was reached, orange where
    /// some were not, plain where the state was never entered.
    Svg,
    /// One JSON object: each workflow's points reached, and every point not reached (what the
    /// `coverage` tool of `workflow mcp` answers).
    Json,
}

/// The arguments of `workflow coverage`.
#[derive(clap::Args)]
pub struct CoverageArgs {
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
}

/// Runs `workflow coverage`.
pub fn run(args: &CoverageArgs) -> u8 {
    let report = match read(&args.dir) {
        Ok(report) => report,
        Err(failure) => return failure.print(),
    };
    match args.format {
        Format::Json => {
            crate::cli::out::line(json_report(&report));
            verdict(args, &report)
        }
        Format::Lcov => {
            let (text, unplaced) = lcov(&report);
            for name in unplaced {
                eprintln!(
                    "workflow coverage: {name} has no source file (run as a definition, not a workflow!): left out of the LCOV report"
                );
            }
            crate::cli::out::text(text);
            EXIT_OK
        }
        Format::Text => {
            crate::cli::out::text(text(&report));
            verdict(args, &report)
        }
        Format::Svg => match svg(&report, args.workflow.as_deref()) {
            Ok(svg) => {
                crate::cli::out::line(svg);
                EXIT_OK
            }
            Err(message) => {
                eprintln!("workflow coverage: {message}");
                EXIT_USAGE
            }
        },
    }
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

/// The LCOV tracefile of the machines whose source is known, and the names of the others. A
/// line holding several points is hit as often as they were together, and 0 when one of
/// them was never reached.
fn lcov(report: &CoverageReport) -> (String, Vec<String>) {
    // Per file: line → (hits, any point never reached); Choice branches (line, block, branch,
    // hits).
    type Lines = BTreeMap<u32, (u64, bool)>;
    type Branches = Vec<(u32, usize, usize, u64)>;
    let mut files: BTreeMap<&str, (Lines, Branches)> = BTreeMap::new();
    let mut unplaced = Vec::new();
    for (index, machine) in report.machines.iter().enumerate() {
        let Some(file) = machine.file.as_deref() else {
            unplaced.push(name(machine, index));
            continue;
        };
        let (lines, branches) = files.entry(file).or_default();
        let mut state_lines: BTreeMap<&str, u32> = BTreeMap::new();
        for point in &machine.points {
            let Some(line) = point.line else { continue };
            let entry = lines.entry(line).or_insert((0, false));
            entry.0 = entry.0.saturating_add(point.hits);
            entry.1 |= point.hits == 0;
            match point.kind {
                PointKind::State => {
                    state_lines.insert(point.state.as_str(), line);
                }
                PointKind::Rule(i) => branches.push((
                    state_lines
                        .get(point.state.as_str())
                        .copied()
                        .unwrap_or(line),
                    index,
                    i,
                    point.hits,
                )),
                PointKind::Default => {
                    let rules = machine
                        .points
                        .iter()
                        .filter(|p| p.state == point.state && matches!(p.kind, PointKind::Rule(_)))
                        .count();
                    branches.push((
                        state_lines
                            .get(point.state.as_str())
                            .copied()
                            .unwrap_or(line),
                        index,
                        rules,
                        point.hits,
                    ))
                }
                _ => {}
            }
        }
    }
    let mut out = String::new();
    for (file, (lines, branches)) in files {
        let _ = writeln!(out, "TN:\nSF:{file}");
        for (line, block, branch, hits) in &branches {
            let taken = if *hits == 0 {
                "-".to_owned()
            } else {
                hits.to_string()
            };
            let _ = writeln!(out, "BRDA:{line},{block},{branch},{taken}");
        }
        let hit_branches = branches.iter().filter(|b| b.3 > 0).count();
        let _ = writeln!(out, "BRF:{}\nBRH:{hit_branches}", branches.len());
        for (line, (hits, missed)) in &lines {
            let _ = writeln!(out, "DA:{line},{}", if *missed { 0 } else { *hits });
        }
        let hit = lines.values().filter(|(_, missed)| !missed).count();
        let _ = writeln!(out, "LF:{}\nLH:{hit}\nend_of_record", lines.len());
    }
    (out, unplaced)
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
    let mut progress = Progress::new();
    let mut partial: BTreeMap<&str, bool> = BTreeMap::new();
    for point in &machine.points {
        if point.kind == PointKind::State && point.hits > 0 {
            partial.entry(point.state.as_str()).or_insert(false);
        }
    }
    for point in &machine.points {
        if point.hits == 0
            && let Some(missed) = partial.get_mut(point.state.as_str())
        {
            *missed = true;
        }
    }
    for (state, missed) in partial {
        let status = if missed {
            StateStatus::CaughtError
        } else {
            StateStatus::Succeeded
        };
        progress.set(state, status);
    }
    let options = SvgOptions {
        title: Some(format!(
            "{}: coverage (green: every point reached; orange: a rule, retrier, catcher or branch not reached; plain: never entered)",
            name
        )),
        ..SvgOptions::default()
    };
    Ok(to_progress_svg(&definition, &progress, &options))
}

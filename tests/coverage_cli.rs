//! `workflow coverage DIR`: the coverage files engines write (`Coverage::writing_to`, and
//! `WORKFLOW_COVERAGE=DIR` for every engine of a process, here `workflow run`'s) reported as
//! text (what was not reached), LCOV (the `workflow!`'s file and lines, or the ASL file's),
//! Cobertura XML and a coloured graph. The LCOV and Cobertura files are read by the tools CI
//! reads them with, not by this project's code: `genhtml` and `lcov` (Debian's `lcov`) and
//! `pycobertura` (`tools/cobertura/requirements.txt`), installed by `bash scripts/cli_tools.sh
//! install`.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use workflow_runtime::engine::blocking;
use workflow_runtime::engine::{Coverage, Engine, TaskCall, TaskFailure};
use workflow_runtime::{Workflow, workflow};

workflow! {
    /// Two routes.
    pub Routing {
        "Route": choice {
            when $.size == "small" => "Small",
            otherwise => "Large",
        }
        "Small": pass -> "Done";
        "Large": pass -> "Done";
        "Done": succeed;
    }
}

workflow! {
    /// A task whose retrier and catcher are written on its own line, and a Choice.
    pub Charging {
        "Charge": task "arn:aws:lambda:us-east-1:123456789012:function:charge" retry [Card.Busy] (max_attempts = 1) catch [Card.Declined] => "Refused" -> "Paid?";
        "Paid?": choice {
            when $.paid == true => "Done",
            otherwise => "Refused",
        }
        "Refused": fail(error = "Charging.Refused", cause = "declined");
        "Done": succeed;
    }
}

/// `charge` pays, or declines when `$.decline` is true.
async fn charge(call: TaskCall) -> Result<Value, TaskFailure> {
    if call.input["decline"] == true {
        return Err(TaskFailure::new("Card.Declined", "declined"));
    }
    Ok(json!({"paid": true}))
}

fn workflow(args: &[&str], coverage_dir: Option<&Path>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_workflow"));
    command.args(args).env_remove("WORKFLOW_COVERAGE");
    if let Some(dir) = coverage_dir {
        command.env("WORKFLOW_COVERAGE", dir);
    }
    command.output().expect("the workflow binary runs")
}

/// `workflow coverage DIR --format FORMAT`.
fn report(dir: &Path, format: &str) -> Output {
    workflow(
        &["coverage", dir.to_str().expect("utf-8"), "--format", format],
        None,
    )
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The line of `pointer` in `W`'s `workflow!`.
fn line_of<W: Workflow>(pointer: &str) -> u32 {
    W::SOURCE
        .lines
        .iter()
        .find(|(p, _)| *p == pointer)
        .map(|(_, l)| *l)
        .unwrap_or_else(|| panic!("no line for {pointer}"))
}

/// The line of `pointer` in `Routing`'s `workflow!`.
fn line(pointer: &str) -> u32 {
    line_of::<Routing>(pointer)
}

/// The line of `pointer` in `Charging`'s `workflow!`.
fn charging_line(pointer: &str) -> u32 {
    line_of::<Charging>(pointer)
}

/// A directory with the coverage of one small run of `Routing` and of `Charging` paying
/// twice and declining once (its retrier never fires).
fn recorded_both() -> tempfile::TempDir {
    let dir = recorded();
    let coverage = Coverage::writing_to(dir.path());
    let engine = Engine::new().coverage(&coverage).state("Charge", charge);
    for decline in [false, false, true] {
        blocking::run(
            engine
                .workflow::<Charging>()
                .input(json!({ "decline": decline })),
        )
        .expect("runs");
    }
    dir
}

/// The workspace's root, where `file!()`'s names (LCOV's `SF:`) are found.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace")
        .to_path_buf()
}

/// A command of Debian's `lcov` package (`genhtml`, `lcov`); the test fails loudly without it.
fn lcov_tool(name: &str) -> Command {
    let found = Command::new(name).arg("--version").output();
    assert!(
        found.is_ok_and(|o| o.status.success()),
        "`{name}` (Debian's lcov) is not installed: run `bash scripts/cli_tools.sh install` (or `bash scripts/setup.sh`)"
    );
    Command::new(name)
}

/// A directory with the coverage of one small run of `Routing`.
fn recorded() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let coverage = Coverage::writing_to(dir.path());
    blocking::run(
        Engine::new()
            .coverage(&coverage)
            .workflow::<Routing>()
            .input(json!({"size": "small"})),
    )
    .expect("runs");
    dir
}

#[test]
fn the_text_report_names_what_was_not_reached_at_its_line() {
    let dir = recorded();
    let out = workflow(
        &[
            "coverage",
            dir.path().to_str().expect("utf-8"),
            "--fail-under-full",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let text = stdout(&out);
    // `file!()` names this file from workflow-cli (`workflow-cli/../tests/…`); reports name it
    // from the workspace's root.
    assert!(Routing::SOURCE.file.ends_with("tests/coverage_cli.rs"));
    let file = "tests/coverage_cli.rs";
    assert!(
        text.starts_with(&format!("Routing ({file}): 4/6 points reached (66.7%)\n")),
        "{text}"
    );
    let default = format!(
        "  not reached: the Default of \"Route\" in Routing ({file}:{})\n",
        line("/States/Route/Default")
    );
    assert!(text.contains(&default), "{text}");
    assert!(text.contains("state \"Large\""), "{text}");
    assert_eq!(text.matches("not reached:").count(), 2, "{text}");
}

#[test]
fn the_lcov_report_puts_each_point_on_the_workflow_s_lines() {
    let dir = recorded();
    let out = report(dir.path(), "lcov");
    assert_eq!(out.status.code(), Some(0));
    let lcov = stdout(&out);
    assert!(
        lcov.starts_with("TN:\nSF:tests/coverage_cli.rs\n"),
        "{lcov}"
    );
    for (pointer, hits) in [
        ("/States/Route/Choices/0", 1),
        ("/States/Route/Default", 0),
        ("/States/Small", 1),
        ("/States/Large", 0),
    ] {
        let da = format!("DA:{},{hits}\n", line(pointer));
        assert!(lcov.contains(&da), "{da} in\n{lcov}");
    }
    // Each branch on its own line, one decision; the Choice ran, so its Default counts 0.
    let rule = line("/States/Route/Choices/0");
    let default = line("/States/Route/Default");
    assert!(lcov.contains(&format!("BRDA:{rule},0,0,1\n")), "{lcov}");
    assert!(lcov.contains(&format!("BRDA:{default},0,1,0\n")), "{lcov}");
    assert!(lcov.contains("BRF:2\nBRH:1\n"), "{lcov}");
    assert!(lcov.ends_with("end_of_record\n"), "{lcov}");
}

#[test]
fn the_svg_report_colours_the_states_by_coverage() {
    let dir = recorded();
    let out = report(dir.path(), "svg");
    assert_eq!(out.status.code(), Some(0));
    let svg = stdout(&out);
    assert!(svg.starts_with("<svg"), "{svg}");
    assert!(svg.contains("Routing: coverage"), "{svg}");
    // Route missed its Default: orange; Small and Done: green; Large never entered.
    assert!(
        svg.contains(r#"data-name="Route" data-id="n0" data-kind="Choice" data-status="partial""#),
        "{svg}"
    );
    assert!(svg.contains(r#"data-status="full""#), "{svg}");
    assert!(
        svg.contains(
            r#"data-name="Large" data-id="n2" data-kind="Pass" data-status="not-entered""#
        ),
        "{svg}"
    );
    assert!(svg.contains("#FFA500"), "{svg}");
    assert!(svg.contains("#2BD62E"), "{svg}");
    // Coverage's own legend, not an execution's ("Caught Error" is no coverage).
    for label in [
        "Every point reached",
        "Some points not reached",
        "Never entered",
    ] {
        assert!(
            svg.contains(&format!(">{label}</text>")),
            "{label} in {svg}"
        );
    }
    assert!(!svg.contains("Caught Error"), "{svg}");
}

/// genhtml's page of `tests/coverage_cli.rs`: for each line, its count and its branches'
/// titles as genhtml writes them ("Branch 1 was not taken", "… was not executed").
fn genhtml_lines(page: &str) -> Vec<(u32, String)> {
    page.lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("<a name=\"")?;
            let (number, rest) = rest.split_once('"')?;
            Some((number.parse().ok()?, rest.to_owned()))
        })
        .collect()
}

#[test]
fn genhtml_reads_the_lcov_report_with_a_branch_per_rule_retrier_and_catcher() {
    let dir = recorded_both();
    let out = report(dir.path(), "lcov");
    assert_eq!(out.status.code(), Some(0));
    let tracefile = dir.path().join("coverage.info");
    std::fs::write(&tracefile, &out.stdout).expect("written");
    let html = dir.path().join("html");
    let generated = lcov_tool("genhtml")
        .args(["--branch-coverage", "--quiet", "--output-directory"])
        .arg(&html)
        .arg(&tracefile)
        .current_dir(workspace_root())
        .output()
        .expect("genhtml runs");
    let said = String::from_utf8_lossy(&generated.stderr);
    assert!(
        generated.status.success(),
        "genhtml refused the tracefile: {said}"
    );
    assert!(
        !said.contains("WARNING") && !said.contains("ERROR"),
        "genhtml complained: {said}"
    );
    // lcov's own summary of the tracefile: Routing's 6 lines (4 run) and 2 branches (1
    // taken); Charging's 6 lines ("Charge" with its retrier and catcher on one line, "Paid?",
    // its rule and its Default, "Refused", "Done"), all run but the Default, and 4 branches:
    // the retrier (never taken), the catcher (taken once), the rule (twice), the Default
    // (never).
    let summary = lcov_tool("lcov")
        .args(["--rc", "lcov_branch_coverage=1", "--summary"])
        .arg(&tracefile)
        .output()
        .expect("lcov runs");
    let summary_text = format!(
        "{}{}",
        String::from_utf8_lossy(&summary.stdout),
        String::from_utf8_lossy(&summary.stderr)
    );
    assert!(summary.status.success(), "{summary_text}");
    assert!(
        summary_text.contains("lines......: 75.0% (9 of 12 lines)"),
        "{summary_text}"
    );
    assert!(
        summary_text.contains("branches...: 50.0% (3 of 6 branches)"),
        "{summary_text}"
    );

    let page = std::fs::read_to_string(
        walk(&html)
            .into_iter()
            .find(|p| p.to_string_lossy().ends_with("coverage_cli.rs.gcov.html"))
            .expect("genhtml wrote the file's page"),
    )
    .expect("read");
    let lines = genhtml_lines(&page);
    let at = |line: u32| {
        lines
            .iter()
            .find(|(n, _)| *n == line)
            .map(|(_, text)| text.as_str())
            .unwrap_or_else(|| panic!("no line {line} in genhtml's page"))
    };
    // "Charge": run 3 times (not 3 + the catcher's 1), its retrier not taken though the state
    // ran (0, not "not executed"), its catcher taken once.
    let charge = at(charging_line("/States/Charge"));
    assert!(charge.contains("3 :"), "{charge}");
    assert!(
        charge.contains("title=\"Branch 0 was not taken\""),
        "{charge}"
    );
    assert!(
        charge.contains("title=\"Branch 0 was taken 1 time\""),
        "{charge}"
    );
    // Routing's Default: its Choice ran, the Default was not taken.
    let default = at(line("/States/Route/Default"));
    assert!(
        default.contains("title=\"Branch 1 was not taken\""),
        "{default}"
    );
    assert!(
        lines
            .iter()
            // A title attribute: this file's own text is on the page too, quotes escaped.
            .all(|(_, text)| !text.contains("was not executed\"")),
        "every decision ran:\n{page}"
    );
}

#[test]
fn pycobertura_reads_the_cobertura_report_with_the_lcov_report_s_counts() {
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/cobertura-venv/bin/python");
    assert!(
        python.exists(),
        "pycobertura is not installed ({}): run `bash scripts/cli_tools.sh install` (tools/cobertura/requirements.txt)",
        python.display()
    );
    let dir = recorded_both();
    let out = report(dir.path(), "cobertura");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = dir.path().join("coverage.xml");
    std::fs::write(&report, &out.stdout).expect("written");
    let script = r#"
import json, sys
from pycobertura import Cobertura
from pycobertura.filesystem import filesystem_factory
c = Cobertura(sys.argv[1], filesystem=filesystem_factory(sys.argv[2]))
files = {}
for f in c.files():
    files[f] = {"total": c.total_statements(f), "missed": c.total_misses(f),
                "statuses": c.line_statuses(f), "line_rate": c.line_rate(f)}
print(json.dumps({"line_rate": c.line_rate(), "branch_rate": c.branch_rate(), "files": files}))
"#;
    let read = Command::new(&python)
        .args(["-c", script])
        .arg(&report)
        .arg(workspace_root())
        .output()
        .expect("python runs");
    assert!(
        read.status.success(),
        "pycobertura refused the report: {}",
        String::from_utf8_lossy(&read.stderr)
    );
    let seen: Value = serde_json::from_slice(&read.stdout).expect("JSON");
    let file = &seen["files"]["tests/coverage_cli.rs"];
    assert_eq!(file["total"], 12, "{seen:#}");
    // pycobertura's status of each line: missed where no run reached it, "partial" where a
    // branch written on it was not taken ("Charge": its retrier), hit elsewhere.
    let status = |line: u32| {
        file["statuses"]
            .as_array()
            .and_then(|all| all.iter().find(|s| s[0] == line))
            .map(|s| s[1].clone())
            .unwrap_or_else(|| panic!("no line {line}: {seen:#}"))
    };
    for missed in [
        line("/States/Route/Default"),
        line("/States/Large"),
        charging_line("/States/Paid?/Default"),
    ] {
        assert_eq!(status(missed), "miss", "{missed}: {seen:#}");
    }
    assert_eq!(
        status(charging_line("/States/Charge")),
        "partial",
        "{seen:#}"
    );
    for hit in [
        line("/States/Route"),
        charging_line("/States/Paid?"),
        charging_line("/States/Done"),
    ] {
        assert_eq!(status(hit), "hit", "{hit}: {seen:#}");
    }
    assert_eq!(file["missed"], 4, "3 lines missed and 1 partial: {seen:#}");
    assert_eq!(seen["line_rate"], json!(0.75), "{seen:#}");
    assert_eq!(seen["branch_rate"], json!(0.5), "{seen:#}");
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}

#[test]
fn workflow_coverage_in_the_environment_records_workflow_run_at_the_asl_file_s_lines() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("routing.asl.json"), Routing::ASL_PRETTY).expect("written");
    let cov = dir.path().join("cov");
    for size in ["small", "small"] {
        let input = json!({ "size": size }).to_string();
        let out = Command::new(env!("CARGO_BIN_EXE_workflow"))
            .args(["run", "routing.asl.json", "--input", &input])
            .current_dir(dir.path())
            .env("WORKFLOW_COVERAGE", &cov)
            .output()
            .expect("the workflow binary runs");
        assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    }
    let files = std::fs::read_dir(&cov).expect("written").count();
    assert_eq!(files, 2, "a file per process");
    let out = workflow(&["coverage", cov.to_str().expect("utf-8")], None);
    let text = stdout(&out);
    // Named after the file, at the file's lines.
    let asl = Routing::ASL_PRETTY;
    let line_of = |needle: &str| {
        asl.lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
            .unwrap_or_else(|| panic!("no {needle:?} in\n{asl}"))
    };
    assert!(
        text.starts_with("routing (routing.asl.json): 4/6 points reached"),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "the Default of \"Route\" in routing (routing.asl.json:{})",
            line_of("\"Default\"")
        )),
        "{text}"
    );
    let out = workflow(
        &["coverage", cov.to_str().expect("utf-8"), "--format", "lcov"],
        None,
    );
    let lcov = stdout(&out);
    assert!(lcov.starts_with("TN:\nSF:routing.asl.json\n"), "{lcov}");
    for (needle, hits) in [
        ("\"Route\": {", 2),
        ("\"Small\": {", 2),
        ("\"Large\": {", 0),
        ("\"Default\"", 0),
    ] {
        let da = format!("DA:{},{hits}\n", line_of(needle));
        assert!(lcov.contains(&da), "{da} ({needle}) in\n{lcov}\n{asl}");
    }
    // `-o FILE` writes the same report into a file (issue 75), as `workflow graph -o` does;
    // the commands that print a report or a definition take it too.
    let written = dir.path().join("lcov.info");
    let out = workflow(
        &[
            "coverage",
            cov.to_str().expect("utf-8"),
            "--format",
            "lcov",
            "-o",
            written.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).is_empty());
    assert_eq!(std::fs::read_to_string(&written).expect("written"), lcov);
    for (command, file) in [
        ("validate", "valid.txt"),
        ("fmt", "fmt.json"),
        ("types", "types.txt"),
    ] {
        let path = dir.path().join(file);
        let out = Command::new(env!("CARGO_BIN_EXE_workflow"))
            .args([
                command,
                "routing.asl.json",
                "--output",
                path.to_str().expect("utf-8"),
            ])
            .current_dir(dir.path())
            .output()
            .expect("the workflow binary runs");
        assert_eq!(out.status.code(), Some(0), "{command}: {}", stdout(&out));
        assert!(out.stdout.is_empty(), "{command}");
        assert!(
            std::fs::metadata(&path).is_ok_and(|m| m.len() > 0),
            "{command}"
        );
    }
    let nowhere = workflow(
        &[
            "coverage",
            cov.to_str().expect("utf-8"),
            "-o",
            "/nonexistent/dir/lcov.info",
        ],
        None,
    );
    assert_eq!(nowhere.status.code(), Some(2));
}

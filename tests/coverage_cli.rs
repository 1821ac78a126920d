//! `workflow coverage DIR`: the coverage files engines write (`Coverage::writing_to`, and
//! `WORKFLOW_COVERAGE=DIR` for every engine of a process, here `workflow run`'s) reported as
//! text (what was not reached), LCOV (the `workflow!`'s file and lines, or the ASL file's) and
//! a coloured graph.

use serde_json::json;
use std::path::Path;
use std::process::{Command, Output};
use workflow_runtime::engine::{Coverage, Engine};
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

fn workflow(args: &[&str], coverage_dir: Option<&Path>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_workflow"));
    command.args(args).env_remove("WORKFLOW_COVERAGE");
    if let Some(dir) = coverage_dir {
        command.env("WORKFLOW_COVERAGE", dir);
    }
    command.output().expect("the workflow binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The line of `pointer` in `Routing`'s `workflow!`.
fn line(pointer: &str) -> u32 {
    Routing::SOURCE
        .lines
        .iter()
        .find(|(p, _)| *p == pointer)
        .map(|(_, l)| *l)
        .unwrap_or_else(|| panic!("no line for {pointer}"))
}

/// A directory with the coverage of one small run of `Routing`.
fn recorded() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let coverage = Coverage::writing_to(dir.path());
    Engine::new()
        .coverage(&coverage)
        .workflow::<Routing>()
        .input(json!({"size": "small"}))
        .run_blocking()
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
    let out = workflow(
        &[
            "coverage",
            dir.path().to_str().expect("utf-8"),
            "--format",
            "lcov",
        ],
        None,
    );
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
    let route = line("/States/Route");
    assert!(lcov.contains(&format!("BRDA:{route},0,0,1\n")), "{lcov}");
    assert!(lcov.contains(&format!("BRDA:{route},0,1,-\n")), "{lcov}");
    assert!(lcov.contains("BRF:2\nBRH:1\n"), "{lcov}");
    assert!(lcov.ends_with("end_of_record\n"), "{lcov}");
}

#[test]
fn the_svg_report_colours_the_states_by_coverage() {
    let dir = recorded();
    let out = workflow(
        &[
            "coverage",
            dir.path().to_str().expect("utf-8"),
            "--format",
            "svg",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let svg = stdout(&out);
    assert!(svg.starts_with("<svg"), "{svg}");
    assert!(svg.contains("Routing: coverage"), "{svg}");
    // Route missed its Default: orange; Small and Done: green.
    assert!(svg.contains("#FFA500"), "{svg}");
    assert!(svg.contains("#2BD62E"), "{svg}");
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
}

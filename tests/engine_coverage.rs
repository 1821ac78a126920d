//! Workflow coverage: what the engine's runs reached (states, Choice rules and `Default`s,
//! retriers, catchers, Parallel branches), recorded through the host, named after the workflow
//! and placed on the lines of its `workflow!` invocation; the assertion that names what was not
//! reached; and the files `WORKFLOW_COVERAGE=DIR`-style recorders write.

use serde_json::{Value, json};
use workflow_runtime::asl::PointKind;
use workflow_runtime::engine::blocking;
use workflow_runtime::engine::{Coverage, CoverageReport, Engine, TaskCall, TaskFailure};
use workflow_runtime::{Workflow, workflow};

workflow! {
    /// A route per size, a task that may fail once, a catcher, two branches.
    pub Sorting {
        "Route": choice {
            when $.size == "small" => "Weigh",
            when $.size == "large" => "Fan out",
            otherwise => "Rejected",
        }
        "Weigh": task "arn:aws:lambda:us-east-1:123456789012:function:weigh"
            retry [Scale.Busy] (max_attempts = 2)
            catch [Scale.Broken] => "Rejected"
            -> "Done";
        "Fan out": parallel {
            branch { "Ship": pass result = { ship: "ok" }; }
            branch { "Bill": pass result = { bill: "ok" }; }
        } -> "Done";
        "Rejected": fail(error = "Sorting.Rejected", cause = "no route");
        "Done": succeed;
    }
}

/// `weigh` fails with `Scale.Busy` on its first attempt, then as `$.then` says.
async fn weigh(call: TaskCall) -> Result<Value, TaskFailure> {
    if call.retry_count == 0 {
        return Err(TaskFailure::new("Scale.Busy", "busy"));
    }
    match call.input["then"].as_str() {
        Some("broken") => Err(TaskFailure::new("Scale.Broken", "broken")),
        _ => Ok(json!({"grams": 10})),
    }
}

fn engine(coverage: &Coverage) -> Engine {
    Engine::new().coverage(coverage).state("Weigh", weigh)
}

fn run(engine: &Engine, input: Value) {
    blocking::run(engine.machine(&Sorting::definition()).input(input)).expect("runs");
}

/// The hits of the point at `pointer`.
fn hits(report: &CoverageReport, pointer: &str) -> u64 {
    report.machines[0]
        .points
        .iter()
        .find(|p| p.pointer == pointer)
        .unwrap_or_else(|| panic!("no point {pointer}"))
        .hits
}

#[test]
fn a_run_counts_the_states_rules_retriers_catchers_and_branches_it_reached() {
    let coverage = Coverage::new();
    let engine = engine(&coverage);
    run(&engine, json!({"size": "small", "then": "ok"}));
    let report = coverage.report();
    assert_eq!(report.machines.len(), 1);
    assert_eq!(hits(&report, "/States/Route"), 1);
    assert_eq!(hits(&report, "/States/Route/Choices/0"), 1);
    assert_eq!(hits(&report, "/States/Route/Choices/1"), 0);
    assert_eq!(hits(&report, "/States/Route/Default"), 0);
    assert_eq!(hits(&report, "/States/Weigh"), 1);
    assert_eq!(hits(&report, "/States/Weigh/Retry/0"), 1);
    assert_eq!(hits(&report, "/States/Weigh/Catch/0"), 0);
    assert_eq!(hits(&report, "/States/Fan out/Branches/0"), 0);
    assert_eq!(hits(&report, "/States/Done"), 1);

    run(&engine, json!({"size": "large"}));
    run(&engine, json!({"size": "small", "then": "broken"}));
    let report = coverage.report();
    assert_eq!(hits(&report, "/States/Route"), 3);
    assert_eq!(hits(&report, "/States/Route/Choices/1"), 1);
    assert_eq!(hits(&report, "/States/Fan out/Branches/0"), 1);
    assert_eq!(hits(&report, "/States/Fan out/Branches/1"), 1);
    assert_eq!(hits(&report, "/States/Fan out/Branches/1/States/Bill"), 1);
    assert_eq!(hits(&report, "/States/Weigh/Catch/0"), 1);
    assert_eq!(hits(&report, "/States/Rejected"), 1);
    let missed: Vec<(&str, PointKind)> = report
        .uncovered()
        .map(|(_, p)| (p.state.as_str(), p.kind))
        .collect();
    assert_eq!(missed, [("Route", PointKind::Default)]);
}

#[test]
fn the_assertion_names_what_was_not_reached_and_where_it_is_written() {
    let coverage = Coverage::new();
    blocking::run(
        Engine::new()
            .coverage(&coverage)
            .state("Weigh", weigh)
            .workflow::<Sorting>()
            .input(json!({"size": "large"})),
    )
    .expect("runs");
    let missed = std::panic::catch_unwind(|| coverage.assert_covered())
        .expect_err("the Default, the first rule, Weigh and its catcher were not reached");
    let message = missed
        .downcast_ref::<String>()
        .expect("a formatted message")
        .clone();
    let line = |pointer: &str| {
        Sorting::SOURCE
            .lines
            .iter()
            .find(|(p, _)| *p == pointer)
            .map(|(_, l)| *l)
            .unwrap_or_else(|| panic!("no line for {pointer}"))
    };
    // The lines the macro recorded are where each point is written in this file.
    let text = include_str!("engine_coverage.rs");
    let written = |line: u32| text.lines().nth(line as usize - 1).unwrap_or("");
    assert!(written(line("/States/Weigh/Catch/0")).contains("catch [Scale.Broken]"));
    assert!(written(line("/States/Route/Choices/0")).contains("$.size == \"small\""));
    assert!(written(line("/States/Route/Default")).contains("otherwise"));
    assert!(Sorting::SOURCE.file.ends_with("engine_coverage.rs"));
    // `file!()` names this file from the runtime's package (`workflow-runtime/../tests/…`); the
    // assertion names it from the workspace's root, as LCOV's `SF:` does.
    let catcher = format!(
        "catcher 0 of \"Weigh\" in Sorting (tests/engine_coverage.rs:{})",
        line("/States/Weigh/Catch/0")
    );
    assert!(message.contains(&catcher), "{message}");
    assert!(message.contains("the Default of \"Route\""), "{message}");
    assert!(!message.contains("branch 0"), "{message}");

    blocking::run(
        Engine::new()
            .coverage(&coverage)
            .state("Weigh", weigh)
            .workflow::<Sorting>()
            .input(json!({"size": "small", "then": "broken"})),
    )
    .expect("runs");
    blocking::run(
        Engine::new()
            .coverage(&coverage)
            .workflow::<Sorting>()
            .input(json!({"size": "medium"})),
    )
    .expect("runs");
    blocking::run(
        Engine::new()
            .coverage(&coverage)
            .state("Weigh", weigh)
            .workflow::<Sorting>()
            .input(json!({"size": "small", "then": "ok"})),
    )
    .expect("runs");
    coverage.assert_covered();
}

#[test]
fn recorders_writing_to_one_directory_keep_a_file_each_which_merge() {
    let dir = std::env::temp_dir().join(format!("workflow-coverage-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let threads: Vec<_> = ["small", "large"]
        .into_iter()
        .map(|size| {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let coverage = Coverage::writing_to(&dir);
                let engine = engine(&coverage);
                run(&engine, json!({"size": size, "then": "ok"}));
                run(&engine, json!({"size": size, "then": "ok"}));
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("runs");
    }
    let files = std::fs::read_dir(&dir).expect("written").count();
    assert_eq!(files, 2, "one file per recorder, no temporary left");
    let merged = CoverageReport::read_dir(&dir).expect("reads");
    assert_eq!(merged.machines.len(), 1);
    assert_eq!(hits(&merged, "/States/Route"), 4);
    assert_eq!(hits(&merged, "/States/Route/Choices/0"), 2);
    assert_eq!(hits(&merged, "/States/Route/Choices/1"), 2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn map_iterations_and_distributed_map_children_are_counted() {
    let machine = workflow_runtime::asl::StateMachine::from_json(
        r#"{"StartAt":"Inline","States":{
            "Inline":{"Type":"Map","ItemsPath":"$.items","ResultPath":null,"Next":"Distributed",
              "ItemProcessor":{"StartAt":"Each","States":{"Each":{"Type":"Pass","End":true}}}},
            "Distributed":{"Type":"Map","ItemsPath":"$.items","End":true,
              "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                "StartAt":"Child","States":{"Child":{"Type":"Pass","End":true}}}}}}"#,
    )
    .expect("decodes");
    let coverage = Coverage::new();
    let run = blocking::run(
        Engine::new()
            .coverage(&coverage)
            .machine(&machine)
            .input(json!({"items": [1, 2, 3]})),
    )
    .expect("runs");
    assert_eq!(
        run.status,
        workflow_runtime::execution::ExecutionStatus::Succeeded,
        "{:?}",
        run.cause
    );
    let report = coverage.report();
    assert_eq!(hits(&report, "/States/Inline/ItemProcessor/States/Each"), 3);
    assert_eq!(
        hits(&report, "/States/Distributed/ItemProcessor/States/Child"),
        3
    );
    coverage.assert_covered();
}

workflow! {
    /// The seeds' hello world, read from its ASL file: coverage at the file's lines.
    pub HelloFile from "../examples/hello_world.asl.json";
}

#[test]
fn a_workflow_read_from_an_asl_file_is_placed_on_the_file_s_lines_named_from_the_workspace_root() {
    // As `file!()` names this file (`workflow-runtime/../tests/engine_coverage.rs`), not from
    // the root of the file system.
    assert_eq!(
        HelloFile::SOURCE.file,
        "workflow-runtime/../examples/hello_world.asl.json"
    );
    let coverage = Coverage::new();
    blocking::run(
        Engine::new()
            .coverage(&coverage)
            .workflow::<HelloFile>()
            .input(json!({"IsHelloWorldExample": false})),
    )
    .expect("runs");
    let report = coverage.report();
    let machine = &report.machines[0];
    assert_eq!(
        machine.file.as_deref(),
        Some("examples/hello_world.asl.json")
    );
    let text = include_str!("../examples/hello_world.asl.json");
    let pass = machine
        .points
        .iter()
        .find(|p| p.pointer == "/States/MyPassState")
        .and_then(|p| p.line)
        .expect("a line");
    assert!(
        text.lines()
            .nth(pass as usize - 1)
            .is_some_and(|l| l.contains("\"MyPassState\": {")),
        "line {pass}"
    );
}

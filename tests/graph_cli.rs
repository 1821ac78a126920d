//! The pictures of a workflow and of its executions, as users get them: `workflow graph FILE
//! --format mermaid|dot|svg|html [--portrait] [--title T] [-o FILE]`, the compile-time
//! `MERMAID` of every example workflow and its SVG picture (geometry read back: every state
//! once, no overlaps, edges on their states, text in its box), `WorkflowPictures::render_progress` of a
//! local run and of a history read from Step Functions (a mocked `GetExecutionHistory`), which
//! draw the same picture, the committed `docs/hello_world_sad.svg`, `workflow run --progress
//! FILE.html --events`, and the README's "Pictures" block, which must be exactly
//! `HelloWorld::MERMAID`.
//!
//! Needs Graphviz's `dot` (`bash scripts/pictures.sh install`): fails without it.

// Each example, included whole for its workflow type, declares its own `mod common`.
#![allow(clippy::duplicate_mod)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use workflow_graph::{Format, SvgOptions, to_dot, to_mermaid, to_svg};
use workflow_runtime::Workflow;
use workflow_runtime::engine::blocking;
use workflow_runtime::engine::{Engine, TaskFailure};
use workflow_runtime::pictures::WorkflowPictures;

#[allow(dead_code)]
#[path = "../examples/counter_loop.rs"]
mod counter_loop;
/// The example workflows, compiled here for their `workflow!` types.
#[allow(dead_code)]
#[path = "../examples/hello_world.rs"]
mod hello_world;
#[allow(dead_code)]
#[path = "../examples/jsonata_variables.rs"]
mod jsonata_variables;
#[allow(dead_code)]
#[path = "../examples/order_map.rs"]
mod order_map;
#[allow(dead_code)]
#[path = "../examples/processing_workflow.rs"]
mod processing_workflow;

#[path = "../workflow-graph/tests/support/geometry.rs"]
mod geometry;
#[path = "../workflow-graph/tests/support/graphviz.rs"]
mod graphviz;

use hello_world::{HelloWorld, HelloWorldInput};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workflow-runtime sits inside the workspace")
        .to_path_buf()
}

fn workflow(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_workflow"))
        .args(args)
        .output()
        .expect("the workflow binary runs")
}

fn hello_asl() -> String {
    repo_root()
        .join("examples/hello_world.asl.json")
        .to_str()
        .expect("a UTF-8 path")
        .to_owned()
}

#[test]
fn the_mermaid_constant_is_the_graph_of_the_definition() {
    assert_eq!(HelloWorld::MERMAID, to_mermaid(&HelloWorld::definition()));
    assert_eq!(HelloWorld::MERMAID, <HelloWorld as Workflow>::MERMAID);
    let m = HelloWorld::MERMAID;
    assert!(m.starts_with("stateDiagram-v2\n    [*] --> s0\n"), "{m}");
    assert!(m.contains("    state s1 <<choice>>\n"), "{m}");
    assert!(
        m.contains("    s1 --> s2 : $.IsHelloWorldExample == true\n"),
        "{m}"
    );
    assert!(
        m.contains("    s4 --> s6 : catch States.TaskFailed\n"),
        "{m}"
    );
    assert!(m.contains("    state s3 {\n"), "{m}");
    assert!(
        m.contains("        s8 --> [*]\n        --\n        [*] --> s9\n"),
        "{m}"
    );
}

#[test]
fn workflow_graph_prints_mermaid_as_the_macro_does() {
    let out = workflow(&["graph", &hello_asl()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), HelloWorld::MERMAID);
    let out = workflow(&["graph", &hello_asl(), "--format", "mermaid"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), HelloWorld::MERMAID);
}

#[test]
fn workflow_graph_writes_dot_to_a_file() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("hello.dot");
    let out = workflow(&[
        "graph",
        &hello_asl(),
        "--format",
        "dot",
        "-o",
        file.to_str().expect("a UTF-8 path"),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "nothing on standard output with -o");
    let dot = std::fs::read_to_string(&file).expect("the DOT file");
    assert_eq!(dot, to_dot(&HelloWorld::definition()));
    assert!(
        dot.starts_with("digraph workflow {\n    compound=true;\n"),
        "{dot}"
    );
    assert!(
        dot.contains("n1 [label=\"Is this Hello World example?\", shape=diamond"),
        "{dot}"
    );
    assert!(dot.contains("subgraph cluster_1 {") && dot.contains("subgraph cluster_2 {"));
    assert!(
        dot.contains("style=dashed"),
        "the Catch edge is dashed: {dot}"
    );
}

#[test]
fn workflow_graph_refuses_what_is_not_a_definition() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Nxt": "B"}}}"#,
    )
    .expect("write");
    let out = workflow(&["graph", bad.to_str().expect("a UTF-8 path")]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.json:1:"), "{stderr}");
    let missing = dir.path().join("missing.json");
    let out = workflow(&["graph", missing.to_str().expect("a UTF-8 path")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("workflow graph: cannot read"));
    let out = workflow(&["graph", &hello_asl(), "--format", "png"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown format is a usage error"
    );
}

#[test]
fn the_readme_shows_the_hello_world_graph_as_generated() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).expect("README.md");
    let section = readme
        .split_once("\n## Pictures\n")
        .map(|(_, rest)| rest)
        .expect("the README has a `## Pictures` section");
    let block = section
        .split_once("```mermaid\n")
        .and_then(|(_, rest)| rest.split_once("```\n"))
        .map(|(block, _)| block)
        .expect("the Pictures section has a ```mermaid block");
    assert_eq!(
        block,
        HelloWorld::MERMAID,
        "the README's Mermaid block is not HelloWorld::MERMAID; paste `workflow graph \
         examples/hello_world.asl.json` in its place"
    );
}

/// One example workflow's pictures: its compile-time Mermaid is the library's, Graphviz draws
/// its DOT, and both SVG orientations have sound geometry.
fn check_example<W: Workflow>() -> usize {
    let definition = W::definition();
    assert_eq!(W::MERMAID, to_mermaid(&definition), "{}", W::NAME);
    assert_eq!(W::render_graph(Format::Mermaid), W::MERMAID, "{}", W::NAME);
    graphviz::dot_to_svg(W::NAME, &W::render_graph(Format::Dot));
    let value: serde_json::Value = serde_json::from_str(W::ASL).expect("the ASL is JSON");
    let expected = geometry::expected(&value);
    let mut states = 0;
    for options in [SvgOptions::default(), SvgOptions::portrait()] {
        let place = format!("{} ({:?})", W::NAME, options.orientation);
        let checked = geometry::check_svg(&place, &to_svg(&definition, &options), &expected);
        states += checked.states;
    }
    let svg = W::render_graph(Format::Svg);
    geometry::check_svg(W::NAME, &svg, &expected);
    assert!(
        svg.contains(&format!("<title>{}</title>", W::NAME)),
        "{svg}"
    );
    let html = W::render_graph(Format::Html);
    assert!(
        html.starts_with("<!DOCTYPE html>") && html.contains("<svg"),
        "{html}"
    );
    assert!(!html.contains("<script"), "no script: {html}");
    states
}

#[test]
fn every_example_workflow_is_drawn_with_sound_geometry() {
    let states = check_example::<HelloWorld>()
        + check_example::<processing_workflow::ProcessingWorkflow>()
        + check_example::<order_map::OrderMap>()
        + check_example::<jsonata_variables::JsonataVariables>()
        + check_example::<counter_loop::CounterLoop>();
    println!("5 example workflows drawn, {states} states placed in both orientations");
}

/// The fill of the state named `name` in an SVG picture.
fn fill(svg: &str, name: &str) -> String {
    let doc = roxmltree::Document::parse(svg).expect("the picture is XML");
    let g = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("state") && n.attribute("data-name") == Some(name))
        .unwrap_or_else(|| panic!("`{name}` is not drawn"));
    g.children()
        .find(|c| c.has_tag_name("rect") || c.has_tag_name("polygon"))
        .and_then(|shape| shape.attribute("fill"))
        .expect("a filled shape")
        .to_owned()
}

fn committed_sad_picture() -> String {
    std::fs::read_to_string(repo_root().join("docs/hello_world_sad.svg"))
        .expect("docs/hello_world_sad.svg")
}

#[test]
fn the_sad_local_run_is_the_committed_progress_picture() {
    let input = HelloWorldInput {
        is_hello_world_example: false,
    };
    let execution =
        blocking::run(Engine::new().workflow::<HelloWorld>().input(&input)).expect("runs");
    let svg = HelloWorld::render_progress(&execution);
    assert_eq!(
        svg,
        committed_sad_picture(),
        "regenerate with `cargo run --example hello_world -- --sad --progress \
         docs/hello_world_sad.svg`"
    );
    assert_eq!(fill(&svg, "MyPassState"), "#2BD62E");
    assert_eq!(fill(&svg, "Is this Hello World example?"), "#2BD62E");
    assert_eq!(fill(&svg, "HelloWorldFailed"), "#DE322F");
    assert_eq!(
        fill(&svg, "Wait for 3 seconds"),
        "#FFFFFF",
        "not reached: plain"
    );
    let html = HelloWorld::render_progress_html(&execution);
    assert!(
        html.contains("<td>FailStateEntered</td><td>HelloWorldFailed</td>"),
        "{html}"
    );
    assert!(html.contains("Caught Error") && !html.contains("<script"));
}

#[test]
fn a_caught_error_is_orange_and_its_handler_red() {
    let input = HelloWorldInput {
        is_hello_world_example: true,
    };
    let engine = Engine::new().lambda("MyLambda", |_: serde_json::Value| async {
        Err::<serde_json::Value, _>(TaskFailure::new("States.TaskFailed", "always"))
    });
    let execution = blocking::run(engine.workflow::<HelloWorld>().input(&input)).expect("runs");
    let svg = HelloWorld::render_progress(&execution);
    for name in [
        "MyPassState",
        "Wait for 3 seconds",
        "MyParallelState",
        "Hello",
        "World",
    ] {
        assert_eq!(fill(&svg, name), "#2BD62E", "{name} succeeded");
    }
    assert_eq!(fill(&svg, "Convert HelloWorld to Base64"), "#FFA500");
    assert_eq!(fill(&svg, "LambdaTaskFailed"), "#DE322F");
    assert_eq!(
        fill(&svg, "HelloWorldSuccessful"),
        "#FFFFFF",
        "not reached: plain"
    );
    let table = workflow_runtime::pictures::events_text(&execution);
    assert_eq!(
        table.matches("  TaskFailed  ").count(),
        3,
        "three attempts:\n{table}"
    );
}

#[test]
fn a_history_read_from_step_functions_draws_the_same_progress() {
    use aws_sdk_sfn::operation::get_execution_history::GetExecutionHistoryOutput;
    use aws_sdk_sfn::primitives::DateTime;
    use aws_sdk_sfn::types::{
        ExecutionFailedEventDetails, ExecutionStartedEventDetails, HistoryEvent,
        HistoryEventType as T, StateEnteredEventDetails, StateExitedEventDetails,
    };
    use aws_smithy_mocks::{RuleMode, mock, mock_client};
    let input = r#"{"IsHelloWorldExample":false}"#;
    let event = |id: i64, t: T| {
        HistoryEvent::builder()
            .id(id)
            .previous_event_id(id - 1)
            .timestamp(DateTime::from_millis(1_700_000_000_000 + 25 * id))
            .r#type(t)
    };
    let entered = |name: &str| {
        StateEnteredEventDetails::builder()
            .name(name)
            .input(input)
            .build()
            .expect("details")
    };
    let exited = |name: &str| {
        StateExitedEventDetails::builder()
            .name(name)
            .output(input)
            .build()
            .expect("details")
    };
    let events = vec![
        event(1, T::ExecutionStarted).execution_started_event_details(
            ExecutionStartedEventDetails::builder().input(input).build(),
        ),
        event(2, T::PassStateEntered).state_entered_event_details(entered("MyPassState")),
        event(3, T::PassStateExited).state_exited_event_details(exited("MyPassState")),
        event(4, T::ChoiceStateEntered)
            .state_entered_event_details(entered("Is this Hello World example?")),
        event(5, T::ChoiceStateExited)
            .state_exited_event_details(exited("Is this Hello World example?")),
        event(6, T::FailStateEntered).state_entered_event_details(entered("HelloWorldFailed")),
        event(7, T::ExecutionFailed)
            .execution_failed_event_details(ExecutionFailedEventDetails::builder().build()),
    ];
    let events: Vec<HistoryEvent> = events
        .into_iter()
        .map(|b| b.build().expect("an event"))
        .collect();
    let page = mock!(aws_sdk_sfn::Client::get_execution_history).then_output(move || {
        GetExecutionHistoryOutput::builder()
            .set_events(Some(events.clone()))
            .build()
            .expect("a page")
    });
    let sdk = mock_client!(aws_sdk_sfn, RuleMode::MatchAny, [&page]);
    let client = workflow_runtime::client::Client::from_sdk(sdk);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let history = runtime
        .block_on(
            client
                .execution(
                    "arn:aws:states:us-east-1:123456789012:execution:HelloWorld:sad"
                        .parse()
                        .expect("an execution ARN"),
                )
                .history(),
        )
        .expect("the history");
    assert_eq!(
        HelloWorld::render_progress(&history),
        committed_sad_picture()
    );
    let table = workflow_runtime::pictures::events_text(&history);
    let row = table.lines().nth(6).expect("six events and a header");
    assert!(
        row.starts_with("6   125 ms   FailStateEntered    HelloWorldFailed"),
        "{table}"
    );
}

#[test]
fn workflow_graph_draws_svg_and_html_and_run_writes_progress() {
    let out = workflow(&[
        "graph",
        &hello_asl(),
        "--format",
        "svg",
        "--portrait",
        "--title",
        "Hello <world>",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(svg.starts_with("<svg") && svg.contains("<title>Hello &lt;world&gt;</title>"));
    let value: serde_json::Value = serde_json::from_str(HelloWorld::ASL).expect("JSON");
    geometry::check_svg(
        "workflow graph --format svg",
        &svg,
        &geometry::expected(&value),
    );
    let out = workflow(&["graph", &hello_asl(), "--format", "html"]);
    let html = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(
        html.contains("<title>hello_world.asl.json</title>"),
        "{html}"
    );
    assert!(html.contains("<svg") && !html.contains("<script"), "{html}");

    let dir = tempfile::tempdir().expect("a temporary directory");
    let page = dir.path().join("sad.html");
    let out = workflow(&[
        "run",
        &hello_asl(),
        "--input",
        r#"{"IsHelloWorldExample": false}"#,
        "--progress",
        page.to_str().expect("a UTF-8 path"),
        "--events",
    ]);
    assert_eq!(out.status.code(), Some(1), "the sad path fails");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("status: FAILED\n"), "{stdout}");
    assert!(
        stdout.contains("\nid  elapsed  type ") && stdout.contains("FailStateEntered"),
        "{stdout}"
    );
    let html = std::fs::read_to_string(&page).expect("the page");
    assert_eq!(
        fill(
            &html[html.find("<svg").expect("svg")..html.find("</svg>").expect("end") + 6],
            "HelloWorldFailed"
        ),
        "#DE322F"
    );
    assert!(html.contains("<table class=\"events\">"), "{html}");
    let svg = dir.path().join("sad.svg");
    let out = workflow(&[
        "run",
        &hello_asl(),
        "--input",
        r#"{"IsHelloWorldExample": false}"#,
        "--progress",
        svg.to_str().expect("a UTF-8 path"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(&svg).expect("the picture"),
        committed_sad_picture()
    );
}

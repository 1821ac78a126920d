//! `workflow serve`'s console (`GET /` in a browser): its routes spoken to in raw HTTP over
//! loopback (the page, its assets and pictures served from the binary, every other non-`POST`
//! still `<UnknownOperationException/>`, reads without a token, actions only with the page's
//! token, and read-only beyond loopback unless allowed; a failed execution resumed on a fixed
//! version of its machine; an input checked against a known
//! workflow's schema, the tasks waiting for an answer, a Map Run's Map state, a Distributed
//! Map's progress coloured from its children), and the page itself driven in headless Chromium
//! (`tests/serve/console_browser.js`: every page a user works in, axe-core on each),
//! screenshots in `target/console/`. Every read has a deadline, so that a server that never
//! answers fails the test instead of hanging it.

use serde_json::{Value, json};
use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};
use workflow_runtime::engine::ObjectStore;
use workflow_serve::{CONSOLE_TOKEN_HEADER, Server};

workflow_runtime::workflow! {
    /// Takes an order: the workflow whose input schema the console checks inputs against.
    Orders {
        input {
            order_id: string,
            note?: string,
            items: [{ sku: string, qty?: integer }],
        }
        "Take": pass;
    }
}

const ROLE: &str = "arn:aws:iam::123456789012:role/test";

#[path = "support/raw_http.rs"]
mod raw_http;
use raw_http::{Answer, request as http};

/// Calls `operation` as the SDKs do; it must succeed.
fn ok(server: &Server, operation: &str, request: &Value) -> Value {
    let target = format!("AWSStepFunctions.{operation}");
    let answer = http(
        server.local_addr(),
        "POST",
        "/",
        &[
            ("X-Amz-Target", &target),
            ("Content-Type", "application/x-amz-json-1.0"),
        ],
        &request.to_string(),
    );
    assert_eq!(answer.status, 200, "{operation}: {}", answer.text());
    answer.json()
}

/// Calls `operation` through the console's API, with `headers`.
fn console_call(
    server: &Server,
    operation: &str,
    headers: &[(&str, &str)],
    request: &Value,
) -> Answer {
    let mut all = vec![("Content-Type", "application/json")];
    all.extend_from_slice(headers);
    http(
        server.local_addr(),
        "POST",
        &format!("/console/api/{operation}"),
        &all,
        &request.to_string(),
    )
}

/// The page's token, read from the page as the browser reads it.
fn token_of(server: &Server) -> String {
    let page = http(server.local_addr(), "GET", "/", &[], "").text();
    let (_, after) = page
        .split_once(r#"<meta name="console-token" content=""#)
        .expect("the page holds its token");
    after.split('"').next().expect("a token").to_owned()
}

/// A machine `name` of `definition`; its ARN.
fn create(server: &Server, name: &str, definition: &Value) -> String {
    let created = ok(
        server,
        "CreateStateMachine",
        &json!({"name": name, "definition": definition.to_string(), "roleArn": ROLE}),
    );
    created["stateMachineArn"]
        .as_str()
        .expect("an ARN")
        .to_owned()
}

/// Starts an execution of `machine` with `input`; its ARN.
fn start(server: &Server, machine: &str, input: &Value) -> String {
    let started = ok(
        server,
        "StartExecution",
        &json!({"stateMachineArn": machine, "input": input.to_string()}),
    );
    started["executionArn"].as_str().expect("an ARN").to_owned()
}

/// The execution's description once it is not running.
fn finished(server: &Server, arn: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let described = ok(server, "DescribeExecution", &json!({"executionArn": arn}));
        if described["status"] != "RUNNING" {
            return described;
        }
        assert!(Instant::now() < deadline, "{arn} still runs: {described}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A machine whose execution waits an hour (real time): running until stopped.
fn waiting() -> Value {
    json!({"StartAt": "Hold", "States": {"Hold": {"Type": "Wait", "Seconds": 3600, "End": true}}})
}

fn server() -> Server {
    Server::builder().port(0).start().expect("serve")
}

#[test]
fn the_page_its_assets_and_pictures_are_served_and_other_requests_routed_as_before() {
    let server = server();
    let address = server.local_addr();
    let page = http(address, "GET", "/", &[], "");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let csp = page.header("content-security-policy").expect("a CSP");
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(page.header("x-frame-options"), Some("DENY"));
    let html = page.text();
    assert!(html.contains(r#"<script type="module" src="/console/console.js"></script>"#));
    assert!(
        html.contains(r#"<meta name="console-actions" content="true">"#),
        "loopback acts"
    );
    let token = token_of(&server);
    assert_eq!(token.len(), 64, "{token}");
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()), "{token}");
    assert!(!html.contains("__CONSOLE_"), "every placeholder filled");
    // No CDN: the page loads only the server's own files.
    assert!(!html.contains("http://") && !html.contains("https://"));

    // The page's modules, each served with a script's type; every one the entry imports.
    let entry = http(address, "GET", "/console/console.js", &[], "");
    assert_eq!(entry.status, 200);
    for module in [
        "api.js",
        "dom.js",
        "graph.js",
        "events.js",
        "machines.js",
        "execution.js",
        "map_run.js",
        "clock.js",
    ] {
        let script = http(address, "GET", &format!("/console/{module}"), &[], "");
        assert_eq!(script.status, 200, "{module}");
        assert_eq!(
            script.header("content-type"),
            Some("text/javascript; charset=utf-8"),
            "{module}"
        );
    }
    assert!(
        http(address, "GET", "/console/api.js", &[], "")
            .text()
            .contains("/console/api/")
    );
    let style = http(address, "GET", "/console/console.css", &[], "");
    assert_eq!(style.status, 200);
    assert_eq!(
        style.header("content-type"),
        Some("text/css; charset=utf-8")
    );

    let machine = create(
        &server,
        "Pictured",
        &json!({"StartAt": "First & only", "States": {"First & only": {"Type": "Pass", "End": true}}}),
    );
    let graph = http(
        address,
        "GET",
        &format!("/console/graph.svg?stateMachineArn={}", encoded(&machine)),
        &[],
        "",
    );
    assert_eq!(graph.status, 200, "{}", graph.text());
    assert_eq!(graph.header("content-type"), Some("image/svg+xml"));
    assert!(
        graph
            .text()
            .contains(r#"<g class="state" data-name="First &amp; only""#),
        "{}",
        graph.text()
    );
    let execution = start(&server, &machine, &json!({}));
    finished(&server, &execution);
    let progress = http(
        address,
        "GET",
        &format!("/console/progress.svg?executionArn={}", encoded(&execution)),
        &[],
        "",
    );
    assert_eq!(progress.status, 200, "{}", progress.text());
    assert!(progress.text().contains(r#"data-status="succeeded""#));
    let missing = http(
        address,
        "GET",
        &format!(
            "/console/progress.svg?executionArn={}",
            encoded(&format!("{execution}x"))
        ),
        &[],
        "",
    );
    assert_eq!(missing.status, 400);
    assert_eq!(missing.json()["__type"], "ExecutionDoesNotExist");

    // Every other request not an API call is answered as before.
    for (method, path, headers) in [
        ("GET", "/console/nothing-here", &[][..]),
        ("GET", "/elsewhere", &[][..]),
        ("PUT", "/", &[][..]),
        ("DELETE", "/console/api/ListStateMachines", &[][..]),
        (
            "GET",
            "/",
            &[("X-Amz-Target", "AWSStepFunctions.ListStateMachines")][..],
        ),
    ] {
        let answer = http(address, method, path, headers, "");
        assert_eq!(answer.status, 404, "{method} {path}");
        assert_eq!(
            answer.body, b"<UnknownOperationException/>",
            "{method} {path}"
        );
    }
}

#[test]
fn reads_need_no_token_and_actions_need_the_pages_token() {
    let server = server();
    let machine = create(&server, "Held", &waiting());
    let execution = start(&server, &machine, &json!({}));
    let listed = console_call(
        &server,
        "ListExecutions",
        &[],
        &json!({"stateMachineArn": machine, "maxResults": 10}),
    );
    assert_eq!(listed.status, 200, "{}", listed.text());
    assert_eq!(listed.json()["executions"][0]["executionArn"], execution);
    let stop = json!({"executionArn": execution});
    for headers in [
        &[][..],
        &[(CONSOLE_TOKEN_HEADER, "0000")][..],
        &[(CONSOLE_TOKEN_HEADER, "")][..],
    ] {
        let refused = console_call(&server, "StopExecution", headers, &stop);
        assert_eq!(refused.status, 403, "{:?}: {}", headers, refused.text());
        assert_eq!(refused.json()["__type"], "AccessDeniedException");
    }
    assert_eq!(
        ok(&server, "DescribeExecution", &stop)["status"],
        "RUNNING",
        "nothing stopped it"
    );
    let token = token_of(&server);
    // A page of another site cannot act, even were the token known.
    let cross = console_call(
        &server,
        "StopExecution",
        &[
            (CONSOLE_TOKEN_HEADER, &token),
            ("Sec-Fetch-Site", "cross-site"),
        ],
        &stop,
    );
    assert_eq!(cross.status, 403, "{}", cross.text());
    // The console calls only its reads and actions.
    let delete = console_call(
        &server,
        "DeleteStateMachine",
        &[(CONSOLE_TOKEN_HEADER, &token)],
        &json!({"stateMachineArn": machine}),
    );
    assert_eq!(delete.status, 404, "{}", delete.text());
    let stopped = console_call(
        &server,
        "StopExecution",
        &[
            (CONSOLE_TOKEN_HEADER, &token),
            ("Sec-Fetch-Site", "same-origin"),
        ],
        &stop,
    );
    assert_eq!(stopped.status, 200, "{}", stopped.text());
    assert_eq!(finished(&server, &execution)["status"], "ABORTED");
    let redriven = console_call(
        &server,
        "RedriveExecution",
        &[(CONSOLE_TOKEN_HEADER, &token)],
        &stop,
    );
    assert_eq!(redriven.status, 200, "{}", redriven.text());
    assert_eq!(
        ok(&server, "DescribeExecution", &stop)["status"],
        "RUNNING",
        "redriven"
    );
}

#[test]
fn beyond_loopback_the_console_is_read_only_unless_actions_are_allowed() {
    for allowed in [false, true] {
        let server = Server::builder()
            .bind(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
            .port(0)
            .console_actions(allowed)
            .start()
            .expect("serve");
        let page = http(server.local_addr(), "GET", "/", &[], "").text();
        assert!(
            page.contains(&format!(
                r#"<meta name="console-actions" content="{allowed}">"#
            )),
            "{page}"
        );
        let machine = create(&server, "Held", &waiting());
        let execution = start(&server, &machine, &json!({}));
        let token = token_of(&server);
        let read = console_call(
            &server,
            "DescribeExecution",
            &[],
            &json!({"executionArn": execution}),
        );
        assert_eq!(read.status, 200, "reads stay open: {}", read.text());
        let stop = console_call(
            &server,
            "StopExecution",
            &[(CONSOLE_TOKEN_HEADER, &token)],
            &json!({"executionArn": execution}),
        );
        if allowed {
            assert_eq!(stop.status, 200, "{}", stop.text());
            assert_eq!(finished(&server, &execution)["status"], "ABORTED");
        } else {
            assert_eq!(stop.status, 403, "{}", stop.text());
            assert!(stop.text().contains("--console-actions"), "{}", stop.text());
            let resume = console_resume(
                &server,
                &[(CONSOLE_TOKEN_HEADER, &token)],
                &json!({"executionArn": execution, "stateMachineArn": machine}),
            );
            assert_eq!(resume.status, 403, "{}", resume.text());
            assert!(
                resume.text().contains("--console-actions"),
                "{}",
                resume.text()
            );
            let described = ok(
                &server,
                "DescribeExecution",
                &json!({"executionArn": execution}),
            );
            assert_eq!(described["status"], "RUNNING");
        }
    }
}

/// A machine of three states whose second, `Ship`, reads what its input does not hold when
/// `fixed` is false (`States.Runtime`), and what `Load` put there and the variable `tries` when
/// it is true; with `detour`, a state `Detour` comes first (a path the record never took).
fn shipping(fixed: bool, detour: bool) -> Value {
    let ship = match fixed {
        false => {
            json!({"Type": "Pass", "Parameters": {"rows.$": "$.missing.rows"}, "Next": "Done"})
        }
        true => json!({"Type": "Pass",
            "Parameters": {"rows.$": "$.loaded.rows", "tries.$": "$tries", "order.$": "$$.Execution.Input.order"},
            "Next": "Done"}),
    };
    let mut states = json!({
        "Load": {"Type": "Pass", "Result": {"rows": 3}, "ResultPath": "$.loaded",
                 "Assign": {"tries": 1}, "Next": "Ship"},
        "Ship": ship,
        "Done": {"Type": "Succeed"}
    });
    let start = match detour {
        true => {
            states["Detour"] = json!({"Type": "Pass", "Next": "Load"});
            "Detour"
        }
        false => "Load",
    };
    json!({"StartAt": start, "States": states})
}

/// Publishes `definition` as a new version of `machine` (`UpdateStateMachine` with `publish`);
/// the version's ARN.
fn publish(server: &Server, machine: &str, definition: &Value) -> String {
    let updated = ok(
        server,
        "UpdateStateMachine",
        &json!({"stateMachineArn": machine, "definition": definition.to_string(), "publish": true}),
    );
    updated["stateMachineVersionArn"]
        .as_str()
        .expect("a version")
        .to_owned()
}

/// POSTs `request` to `/console/resume` with `headers`.
fn console_resume(server: &Server, headers: &[(&str, &str)], request: &Value) -> Answer {
    let mut all = vec![("Content-Type", "application/json")];
    all.extend_from_slice(headers);
    http(
        server.local_addr(),
        "POST",
        "/console/resume",
        &all,
        &request.to_string(),
    )
}

/// `/console/resume` of `request` with the page's `token`, answered `status`: its JSON body.
fn resume_answered(server: &Server, token: &str, request: &Value, status: u16) -> Value {
    let answer = console_resume(server, &[(CONSOLE_TOKEN_HEADER, token)], request);
    assert_eq!(answer.status, status, "{}", answer.text());
    answer.json()
}

/// The names of the states execution `arn` entered, in order.
fn entered(server: &Server, arn: &str) -> Vec<String> {
    let history = ok(
        server,
        "GetExecutionHistory",
        &json!({"executionArn": arn, "maxResults": 1000}),
    );
    history["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["stateEnteredEventDetails"]["name"].as_str())
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_failed_execution_resumes_on_a_fixed_version_from_the_state_that_failed() {
    let server = server();
    let machine = create(&server, "Shipping", &shipping(false, false));
    let original = start(&server, &machine, &json!({"order": 7}));
    let failed = finished(&server, &original);
    assert_eq!(failed["status"], "FAILED", "{failed}");
    let fixed = publish(&server, &machine, &shipping(true, false));
    let token = token_of(&server);
    let request = json!({"executionArn": original, "stateMachineArn": fixed});
    // An action: without the page's token it is refused, and nothing is made.
    for headers in [&[][..], &[(CONSOLE_TOKEN_HEADER, "0000")][..]] {
        let refused = console_resume(&server, headers, &request);
        assert_eq!(refused.status, 403, "{}", refused.text());
        assert_eq!(refused.json()["__type"], "AccessDeniedException");
    }
    let machines = ok(&server, "ListStateMachines", &json!({}));
    assert_eq!(machines["stateMachines"].as_array().map(Vec::len), Some(1));

    let resumed = resume_answered(&server, &token, &request, 200);
    assert_eq!(resumed["resumeState"], "Ship", "{resumed}");
    assert_eq!(resumed["action"], "created", "{resumed}");
    let new_machine = resumed["stateMachineArn"].as_str().expect("a machine");
    let execution = resumed["executionArn"].as_str().expect("an execution");
    assert!(
        new_machine.contains(":stateMachine:Shipping-resume-"),
        "{new_machine}"
    );
    let ended = finished(&server, execution);
    assert_eq!(ended["status"], "SUCCEEDED", "{ended}");
    // The fix ran on the input `Ship` had (Load's result), the variable Load assigned and the
    // original execution's input.
    let output: Value =
        serde_json::from_str(ended["output"].as_str().expect("output")).expect("JSON");
    assert_eq!(output, json!({"rows": 3, "tries": 1, "order": 7}));
    // Its history starts at the resume state, after the prologue; Load did not run again.
    assert_eq!(
        entered(&server, execution),
        ["Resume at Ship", "Ship", "Done"]
    );
    let tags = ok(
        &server,
        "ListTagsForResource",
        &json!({"resourceArn": new_machine}),
    );
    let tag = |key: &str| {
        tags["tags"]
            .as_array()
            .and_then(|t| t.iter().find(|t| t["key"] == key))
            .and_then(|t| t["value"].as_str())
            .map(str::to_owned)
    };
    assert_eq!(
        tag("workflow:resume-of").as_deref(),
        Some(original.as_str())
    );
    assert_eq!(tag("workflow:resume-state").as_deref(), Some("Ship"));
    // The original stays as it was.
    let again = ok(
        &server,
        "DescribeExecution",
        &json!({"executionArn": original}),
    );
    assert_eq!(again["status"], "FAILED");

    // The same resume again answers the same machine and execution, and starts nothing.
    let twice = resume_answered(&server, &token, &request, 200);
    assert_eq!(twice["executionArn"], execution, "{twice}");
    assert_eq!(twice["stateMachineArn"], new_machine, "{twice}");
    assert_eq!(twice["action"], "unchanged", "{twice}");
    let listed = ok(
        &server,
        "ListExecutions",
        &json!({"stateMachineArn": new_machine}),
    );
    assert_eq!(listed["executions"].as_array().map(Vec::len), Some(1));

    // A machine of the resume's name that holds another definition (changed by hand, or
    // another resume's) is never overwritten: the console and `workflow resume --deploy`
    // (the client) refuse it alike, and leave it as it is.
    let held = ok(
        &server,
        "DescribeStateMachine",
        &json!({"stateMachineArn": new_machine}),
    );
    let mut by_hand: Value =
        serde_json::from_str(held["definition"].as_str().expect("a definition")).expect("JSON");
    by_hand["Comment"] = json!("changed by hand");
    ok(
        &server,
        "UpdateStateMachine",
        &json!({"stateMachineArn": new_machine, "definition": by_hand.to_string()}),
    );
    let occupied = resume_answered(&server, &token, &request, 400);
    assert_eq!(
        occupied["__type"], "StateMachineAlreadyExists",
        "{occupied}"
    );
    let dir = tempfile::tempdir().expect("a directory");
    let fixed_file = dir.path().join("fixed.asl.json");
    std::fs::write(&fixed_file, shipping(true, false).to_string()).expect("written");
    let cli = super::replay_cli::at_endpoint(
        Command::new(env!("CARGO_BIN_EXE_workflow")).args([
            "resume",
            fixed_file.to_str().unwrap_or_default(),
            "--execution-arn",
            &original,
            "--deploy",
            "--no-wait",
        ]),
        &server.endpoint_url(),
    )
    .output()
    .expect("the workflow binary runs");
    let said = String::from_utf8_lossy(&cli.stderr);
    assert_eq!(cli.status.code(), Some(2), "{said}");
    assert!(
        said.contains(new_machine) && said.contains("another definition"),
        "{said}"
    );
    let kept = ok(
        &server,
        "DescribeStateMachine",
        &json!({"stateMachineArn": new_machine}),
    );
    assert_eq!(kept["definition"], by_hand.to_string());

    // A definition that takes another path before the failure is refused, naming where, and
    // `fromState` is the way out.
    let detour = publish(&server, &machine, &shipping(true, true));
    let refusal = resume_answered(
        &server,
        &token,
        &json!({"executionArn": original, "stateMachineArn": detour}),
        400,
    );
    assert_eq!(refusal["__type"], "ResumeDiverges", "{refusal}");
    let message = refusal["message"].as_str().expect("a message");
    assert!(message.contains("Detour"), "{message}");
    assert!(message.contains("`fromState`"), "{message}");
    let named = resume_answered(
        &server,
        &token,
        &json!({"executionArn": original, "stateMachineArn": detour, "fromState": "Load"}),
        200,
    );
    assert_eq!(named["resumeState"], "Load", "{named}");
    let from_load = named["executionArn"].as_str().expect("ARN");
    assert_ne!(from_load, execution, "another synthesised machine");
    let ended = finished(&server, from_load);
    assert_eq!(ended["status"], "SUCCEEDED", "{ended}");
    assert_eq!(
        entered(&server, from_load),
        ["Resume at Load", "Load", "Ship", "Done"]
    );

    // Any visit the record holds, listed for the dialog, with the input it enters with
    // replaced (issue 93); one it does not hold is refused with those it holds.
    let visits = http(
        server.local_addr(),
        "GET",
        &format!("/console/visits.json?executionArn={}", encoded(&original)),
        &[],
        "",
    );
    assert_eq!(visits.status, 200, "{}", visits.text());
    let visits = visits.json();
    let named: Vec<&str> = visits["visits"]
        .as_array()
        .expect("visits")
        .iter()
        .filter_map(|v| v["visit"].as_str())
        .collect();
    assert_eq!(named, ["Load", "Ship"], "{visits}");
    let replaced = resume_answered(
        &server,
        &token,
        &json!({"executionArn": original, "stateMachineArn": detour, "fromState": "Ship",
            "input": r#"{"loaded": {"rows": 5}}"#}),
        200,
    );
    assert_eq!(replaced["resumeVisit"], "Ship", "{replaced}");
    let ended = finished(&server, replaced["executionArn"].as_str().expect("ARN"));
    assert_eq!(ended["status"], "SUCCEEDED", "{ended}");
    let output: Value =
        serde_json::from_str(ended["output"].as_str().unwrap_or("null")).expect("JSON");
    assert_eq!(output["rows"], 5, "{output}");
    let not_held = resume_answered(
        &server,
        &token,
        &json!({"executionArn": original, "stateMachineArn": detour, "fromState": "Ship#2"}),
        400,
    );
    assert_eq!(not_held["__type"], "ResumeVisitRefused", "{not_held}");
    assert!(
        not_held["message"]
            .as_str()
            .is_some_and(|m| m.contains("it holds `Ship`")),
        "{not_held}"
    );

    // Only a failed, timed out or stopped top-level execution resumes.
    let refused = resume_answered(
        &server,
        &token,
        &json!({"executionArn": execution, "stateMachineArn": fixed}),
        400,
    );
    assert_eq!(refused["__type"], "ExecutionNotResumable");
    // And on a version of its own machine.
    let other = create(&server, "Other", &shipping(true, false));
    resume_answered(
        &server,
        &token,
        &json!({"executionArn": original, "stateMachineArn": other}),
        400,
    );
}

#[test]
fn a_resume_after_a_distributed_map_takes_the_map_from_the_record() {
    let (server, _s3) = server_with_s3();
    let mapped = |fixed: bool| {
        let mut definition = fanout();
        definition["States"]["Each"] = json!({
            "Type": "Map", "ItemsPath": "$.items", "ResultPath": "$.each", "Next": "Ship",
            "ItemProcessor": fanout()["States"]["Each"]["ItemProcessor"].clone()
        });
        definition["States"]["Ship"] = match fixed {
            false => json!({"Type": "Pass", "Parameters": {"n.$": "$.missing.n"}, "End": true}),
            true => {
                json!({"Type": "Pass", "Parameters": {"n.$": "States.ArrayLength($.each)"}, "End": true})
            }
        };
        definition
    };
    let machine = create(&server, "Mapped", &mapped(false));
    let original = start(&server, &machine, &json!({"items": [1, 2, 3]}));
    assert_eq!(finished(&server, &original)["status"], "FAILED");
    let fixed = publish(&server, &machine, &mapped(true));
    let token = token_of(&server);
    let resumed = resume_answered(
        &server,
        &token,
        &json!({"executionArn": original, "stateMachineArn": fixed}),
        200,
    );
    assert_eq!(resumed["resumeState"], "Ship", "{resumed}");
    let execution = resumed["executionArn"].as_str().expect("ARN");
    let ended = finished(&server, execution);
    assert_eq!(ended["status"], "SUCCEEDED", "{ended}");
    assert_eq!(ended["output"], json!({"n": 3}).to_string());
    // The Map ran once, in the original: the resume took its children from the record.
    assert_eq!(entered(&server, execution), ["Resume at Ship", "Ship"]);
    let runs = ok(&server, "ListMapRuns", &json!({"executionArn": execution}));
    assert_eq!(runs["mapRuns"].as_array().map(Vec::len), Some(0), "{runs}");
}

/// A Distributed Map over three items writing its results to `results/runs/…` (the server's
/// object store): its definition.
fn fanout() -> Value {
    json!({"StartAt": "Each", "States": {"Each": {
        "Type": "Map",
        "ItemsPath": "$.items",
        "MaxConcurrency": 2,
        "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Item",
            "States": {"Item": {"Type": "Pass", "End": true}}
        },
        "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
            "Parameters": {"Bucket": "results", "Prefix": "runs"}},
        "End": true
    }}})
}

/// A server whose object store is a fresh directory with a bucket `results`.
fn server_with_s3() -> (Server, tempfile::TempDir) {
    let s3 = tempfile::tempdir().expect("a directory for S3");
    std::fs::create_dir_all(s3.path().join("results")).expect("the bucket");
    let server = Server::builder()
        .port(0)
        .object_store(ObjectStore::directory(s3.path()))
        .workflow::<Orders>()
        .start()
        .expect("serve");
    (server, s3)
}

#[test]
fn an_input_is_checked_as_start_execution_would_and_against_a_known_workflows_schema() {
    let server = server_with_s3().0;
    let orders = create(
        &server,
        "Orders",
        &serde_json::from_str(Orders::ASL).expect("JSON"),
    );
    let other = create(&server, "Other", &waiting());
    let check = |machine: &str, input: Option<&str>| {
        let mut request = json!({"stateMachineArn": machine});
        if let Some(input) = input {
            request["input"] = input.into();
        }
        let answer = http(
            server.local_addr(),
            "POST",
            "/console/input",
            &[("Content-Type", "application/json")],
            &request.to_string(),
        );
        assert_eq!(answer.status, 200, "{}", answer.text());
        answer.json()
    };
    // The schema, and an example input that fits it.
    let known = check(&orders, None);
    assert_eq!(known["workflow"], "Orders");
    assert_eq!(
        known["schema"],
        "{ order_id: string, note?: string, items: [{ sku: string, qty?: integer }] }"
    );
    assert_eq!(
        known["example"],
        json!({"order_id": "", "items": [{"sku": ""}]})
    );
    assert_eq!(
        check(&orders, Some(&known["example"].to_string()))["problems"],
        json!([])
    );
    let wrong = check(
        &orders,
        Some(r#"{"items": [{"sku": "a", "qty": "2"}], "notes": "x"}"#),
    );
    assert_eq!(
        wrong["problems"],
        json!([
            {"source": "schema", "severity": "ERROR", "pointer": "",
             "message": "the required field `order_id` (string) is missing"},
            {"source": "schema", "severity": "ERROR", "pointer": "/items/0/qty",
             "message": "expected an integer, found the string \"2\""},
            {"source": "schema", "severity": "WARNING", "pointer": "/notes",
             "message": "`notes` is not a field of the schema, so the typed input drops it; did you mean `note`?"},
        ])
    );
    // What StartExecution refuses, whatever the schema: not JSON, or over the service's limit.
    let malformed = check(&orders, Some(r#"{"order_id": "#));
    assert_eq!(malformed["problems"][0]["source"], "service");
    assert!(
        malformed["problems"][0]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Invalid Execution Input:") && m.contains("line 1")),
        "{malformed}"
    );
    let huge = format!("\"{}\"", "x".repeat(262_144));
    let over = check(&other, Some(&huge));
    assert_eq!(over["bytes"], 262_146);
    assert_eq!(over["limit"], 262_144);
    assert_eq!(over["problems"][0]["source"], "service", "{over}");
    // A machine of no known workflow: JSON and the limits only.
    let unknown = check(&other, Some(r#"{"anything": 1}"#));
    assert_eq!(unknown["workflow"], Value::Null);
    assert_eq!(unknown["problems"], json!([]));
    let missing = http(
        server.local_addr(),
        "POST",
        "/console/input",
        &[("Content-Type", "application/json")],
        &json!({"stateMachineArn": format!("{other}x")}).to_string(),
    );
    assert_eq!(missing.status, 400, "{}", missing.text());
    assert_eq!(missing.json()["__type"], "StateMachineDoesNotExist");
}

#[test]
fn the_tasks_waiting_for_an_answer_are_listed_with_their_tokens_and_answered() {
    let server = server();
    let machine = create(
        &server,
        "Approval",
        &json!({"StartAt": "Approve", "States": {"Approve": {"Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "HeartbeatSeconds": 600,
            "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token", "id.$": "$.id"}},
            "End": true}}}),
    );
    let execution = start(&server, &machine, &json!({"id": 7}));
    let tasks = || {
        let answer = http(
            server.local_addr(),
            "GET",
            &format!("/console/tasks.json?executionArn={}", encoded(&execution)),
            &[],
            "",
        );
        assert_eq!(answer.status, 200, "{}", answer.text());
        answer.json()
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    let waiting = loop {
        let listed = tasks();
        if listed.as_array().is_some_and(|a| !a.is_empty()) {
            break listed;
        }
        assert!(Instant::now() < deadline, "no task waits: {listed}");
        std::thread::sleep(Duration::from_millis(20));
    };
    let task = &waiting[0];
    assert_eq!(task["state"], "Approve");
    assert_eq!(task["kind"], "callback");
    assert_eq!(task["heartbeatSeconds"], 600);
    let token = task["token"]
        .as_str()
        .expect("the token, found in the request");
    assert_eq!(
        serde_json::from_str::<Value>(task["input"].as_str().expect("the request")).expect("JSON")
            ["MessageBody"]["token"],
        token
    );
    let page_token = token_of(&server);
    let sent = console_call(
        &server,
        "SendTaskSuccess",
        &[(CONSOLE_TOKEN_HEADER, &page_token)],
        &json!({"taskToken": token, "output": "{\"approved\": true}"}),
    );
    assert_eq!(sent.status, 200, "{}", sent.text());
    let done = finished(&server, &execution);
    assert_eq!(done["status"], "SUCCEEDED");
    assert_eq!(done["output"], "{\"approved\":true}");
    assert_eq!(tasks(), json!([]), "nothing waits any more");
}

#[test]
fn a_distributed_maps_pictures_are_coloured_from_its_children_and_its_map_run_described() {
    let (server, _s3) = server_with_s3();
    let machine = create(&server, "Fanout", &fanout());
    let execution = start(
        &server,
        &machine,
        &json!({"items": [{"sku": "a"}, {"sku": "b"}, {"sku": "c"}]}),
    );
    assert_eq!(finished(&server, &execution)["status"], "SUCCEEDED");
    let progress = http(
        server.local_addr(),
        "GET",
        &format!("/console/progress.svg?executionArn={}", encoded(&execution)),
        &[],
        "",
    )
    .text();
    assert!(
        progress.contains(r#"data-name="Item" data-id="n1" data-kind="Pass" data-owner="n0" data-status="succeeded""#),
        "the Map's inner state, coloured from its children: {progress}"
    );
    // `workflow history --format svg` reads the children through the client alike.
    let drawn = super::client_moto::history_picture(&server.endpoint_url(), &execution);
    assert!(
        drawn.contains(r#"data-name="Item" data-id="n1" data-kind="Pass" data-owner="n0" data-status="succeeded""#),
        "{drawn}"
    );
    let runs = ok(&server, "ListMapRuns", &json!({"executionArn": execution}));
    let run = runs["mapRuns"][0]["mapRunArn"].as_str().expect("a Map Run");
    let info = http(
        server.local_addr(),
        "GET",
        &format!("/console/map-run.json?mapRunArn={}", encoded(run)),
        &[],
        "",
    );
    assert_eq!(info.status, 200, "{}", info.text());
    let info = info.json();
    assert_eq!(info["executionArn"], execution);
    assert_eq!(info["mapState"], "Each");
    assert_eq!(info["definition"]["MaxConcurrency"], 2);
    assert_eq!(
        info["definition"]["ResultWriter"]["Parameters"]["Bucket"],
        "results"
    );
    assert_eq!(info["resultWriterDetails"]["Bucket"], "results");
    let key = info["resultWriterDetails"]["Key"].as_str().expect("a key");
    assert!(
        key.starts_with("runs/") && key.ends_with("/manifest.json"),
        "{key}"
    );
    let missing = http(
        server.local_addr(),
        "GET",
        &format!(
            "/console/map-run.json?mapRunArn={}",
            encoded(&format!("{run}x"))
        ),
        &[],
        "",
    );
    assert_eq!(missing.status, 400, "{}", missing.text());
}

/// `text` percent-encoded for a query string.
fn encoded(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The page in headless Chromium (`tests/serve/console_browser.js`, which drives it through
/// the DevTools protocol on a pipe, as `tools/pictures/screenshot.js` does, and makes what it
/// looks at through the API): every page a user works in, each action, axe-core on every page
/// (tools/oracles), screenshots into `target/console/`. The server knows the workflow `Orders`,
/// so the start dialog checks its machine's input against its schema; its object store takes a
/// Distributed Map's results. It needs node, chromium (`bash scripts/pictures.sh install`) and
/// axe-core (`bash scripts/oracles.sh install`); without them it fails, saying so.
#[test]
fn the_console_in_chromium_is_a_workbench_with_no_accessibility_violation() {
    let node = Command::new("node").arg("--version").output();
    assert!(
        node.is_ok_and(|o| o.status.success()),
        "the console's browser test needs node (and chromium: bash scripts/pictures.sh install; axe-core: bash scripts/oracles.sh install)"
    );
    let (server, _s3) = server_with_s3();
    let orders = create(
        &server,
        "Orders",
        &serde_json::from_str(Orders::ASL).expect("JSON"),
    );
    let shots = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/console");
    std::fs::create_dir_all(&shots).expect("target/console");
    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/serve/console_browser.js");
    let out = Command::new("node")
        .arg(script)
        .arg(server.endpoint_url())
        .arg(&shots)
        .arg(&orders)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("the input checked against the schema of Orders"),
        "{stdout}"
    );
    for name in [
        "machines",
        "machine",
        "start",
        "start-schema",
        "execution",
        "execution-table",
        "running",
        "finished",
        "failed",
        "confirm-resume",
        "resumed",
        "mapped",
        "map-run",
        "child",
        "map-run-running",
        "map-stopped",
        "confirm-stop",
        "stopped",
        "waiting",
    ] {
        let png = std::fs::read(shots.join(format!("{name}.png"))).expect("a screenshot");
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{name}.png");
    }
    // What the page did, as the service saw it: an execution started from the page succeeded,
    // the answered one succeeded with the worker's output, the rejected one failed.
    let approval = ok(&server, "ListStateMachines", &json!({}))["stateMachines"]
        .as_array()
        .and_then(|m| m.iter().find(|m| m["name"] == "Approval"))
        .and_then(|m| m["stateMachineArn"].as_str())
        .expect("the Approval machine")
        .to_owned();
    let listed = ok(
        &server,
        "ListExecutions",
        &json!({"stateMachineArn": approval}),
    );
    let mut statuses: Vec<&str> = listed["executions"]
        .as_array()
        .expect("executions")
        .iter()
        .filter_map(|x| x["status"].as_str())
        .collect();
    statuses.sort_unstable();
    assert_eq!(statuses, ["FAILED", "SUCCEEDED"], "{listed}");
}

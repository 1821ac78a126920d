//! `workflow serve`'s console (`GET /` in a browser): its routes spoken to in raw HTTP over
//! loopback (the page, its assets and pictures served from the binary, every other non-`POST`
//! still `<UnknownOperationException/>`, reads without a token, actions only with the page's
//! token, and read-only beyond loopback unless allowed), and the page itself driven in
//! headless Chromium (`tests/serve/console_browser.js`): an execution opened, a state selected
//! and its input and output read, a running execution watched until it finishes, screenshots
//! in `target/console/`. Every read has a deadline, so that a server that never answers fails
//! the test instead of hanging it.

use serde_json::{Value, json};
use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};
use workflow_cli::serve::{CONSOLE_TOKEN_HEADER, Server};

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
    assert!(html.contains(r#"<script src="/console/console.js" defer></script>"#));
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

    let script = http(address, "GET", "/console/console.js", &[], "");
    assert_eq!(script.status, 200);
    assert_eq!(
        script.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(script.text().contains("/console/api/"));
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
            let described = ok(
                &server,
                "DescribeExecution",
                &json!({"executionArn": execution}),
            );
            assert_eq!(described["status"], "RUNNING");
        }
    }
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
/// the DevTools protocol on a pipe, as `tools/pictures/screenshot.js` does): it opens a
/// finished execution, selects a state by the keyboard and reads its input and output, opens a
/// running execution and watches it finish, follows a Distributed Map's Map Run to a child
/// execution, stops, redrives and stops an execution with the page's buttons, and screenshots
/// each page into
/// `target/console/`. It needs node and chromium (`bash scripts/pictures.sh install`); without
/// them it fails, saying so.
#[test]
fn the_console_in_chromium_shows_a_states_input_and_output_and_a_run_finishing() {
    let node = Command::new("node").arg("--version").output();
    assert!(
        node.is_ok_and(|o| o.status.success()),
        "the console's browser test needs node (and chromium: bash scripts/pictures.sh install)"
    );
    let server = server();
    let steps = create(
        &server,
        "Steps",
        &json!({
            "QueryLanguage": "JSONata",
            "StartAt": "Greet",
            "States": {
                "Greet": {
                    "Type": "Pass",
                    "Output": {"greeting": "{% 'hello ' & $states.input.name %}"},
                    "Assign": {"greeted": "{% $states.input.name %}"},
                    "Next": "Shout"
                },
                "Shout": {
                    "Type": "Pass",
                    "Output": {"shout": "{% $uppercase($states.input.greeting) %}"},
                    "End": true
                }
            }
        }),
    );
    let done = start(&server, &steps, &json!({"name": "console"}));
    assert_eq!(finished(&server, &done)["status"], "SUCCEEDED");
    let slow = create(
        &server,
        "Slow",
        &json!({"StartAt": "Pause", "States": {
            "Pause": {"Type": "Wait", "Seconds": 3, "Next": "Done"},
            "Done": {"Type": "Pass", "End": true}
        }}),
    );
    let fanout = create(
        &server,
        "Fanout",
        &json!({"StartAt": "Each", "States": {"Each": {
            "Type": "Map",
            "ItemsPath": "$.items",
            "ItemProcessor": {
                "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "Item",
                "States": {"Item": {"Type": "Pass", "End": true}}
            },
            "End": true
        }}}),
    );
    let mapped = start(&server, &fanout, &json!({"items": [1, 2, 3]}));
    assert_eq!(finished(&server, &mapped)["status"], "SUCCEEDED");
    let shots = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/console");
    std::fs::create_dir_all(&shots).expect("target/console");
    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/serve/console_browser.js");
    let out = Command::new("node")
        .arg(script)
        .arg(server.endpoint_url())
        .arg(&done)
        .arg(&slow)
        .arg(&mapped)
        .arg(&shots)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    for name in [
        "machines",
        "machine",
        "execution",
        "running",
        "finished",
        "map-run",
        "child",
        "stopped",
    ] {
        let png = std::fs::read(shots.join(format!("{name}.png"))).expect("a screenshot");
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{name}.png");
    }
    // The execution the page watched (the script started it) finished.
    let listed = ok(&server, "ListExecutions", &json!({"stateMachineArn": slow}));
    let executions = listed["executions"].as_array().expect("executions");
    assert_eq!(executions.len(), 1, "{listed}");
    assert_eq!(executions[0]["status"], "SUCCEEDED", "{listed}");
}

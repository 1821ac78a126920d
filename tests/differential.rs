//! Differential suite: every case under `tests/differential/<case>/` runs on moto's Step Functions
//! interpreter (moto 5.2.5 in execution mode, through `tools/moto/moto-sfn-server.py`, which adds
//! JSONata) and on our engine (`workflow run FILE --input JSON --json`), and the two must agree on
//! the status, the output (or the error, and the cause where it is comparable) and the entered
//! states.
//!
//! A case directory holds `definition.asl.json`, `input.json`, optionally `mock.json` (a Step
//! Functions Local mock configuration with one state machine and the test case `Case`, so that our
//! engine's Task states fail or answer exactly as moto's backends do) and, where moto departs from
//! AWS's documented behaviour, `expect.json`: the AWS result, with `moto_departs` saying why (with
//! the AWS documentation reference) and `moto` holding the fields moto returns instead. For those
//! cases our engine must equal `expect.json`, and moto must still show its departure, so the note
//! stays true.
//!
//! Causes are compared only where `expect.json` says `"compare_cause": true` or where the cause
//! comes from the definition (the execution entered a Fail state and the error is not `States.*`).
//! Entered states are compared in order within each sequential scope (the top level, each Parallel
//! branch, each Map iterator with `MaxConcurrency` 1) and as a multiset inside concurrent Map
//! iterations, since their interleaving is not defined.
//!
//! `DIFFERENTIAL_FILTER=substring` runs only the matching cases.

#[path = "support/moto.rs"]
mod moto;

use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const MIN_CASES: usize = 40;
const ENGINE_TIMEOUT: Duration = Duration::from_secs(60);

struct Case {
    name: String,
    dir: PathBuf,
    definition: Value,
    input: Value,
    mock: bool,
    expect: Option<Value>,
}

fn load_cases() -> Vec<Case> {
    let root = moto::repo_root().join("tests").join("differential");
    let filter = std::env::var("DIFFERENTIAL_FILTER").unwrap_or_default();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("read {}: {e}", root.display()))
        .map(|e| e.expect("read a case directory").path())
        .filter(|p| p.join("definition.asl.json").is_file())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(|dir| {
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            let read = |file: &str| -> Option<Value> {
                let path = dir.join(file);
                path.is_file().then(|| {
                    let text = std::fs::read_to_string(&path).unwrap();
                    serde_json::from_str(&text)
                        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
                })
            };
            Case {
                definition: read("definition.asl.json").unwrap(),
                input: read("input.json")
                    .unwrap_or_else(|| panic!("{name}: input.json is missing")),
                mock: dir.join("mock.json").is_file(),
                expect: read("expect.json"),
                name,
                dir,
            }
        })
        .filter(|c| c.name.contains(&filter))
        .collect()
}

/// Runs every case on moto in one Python process (`run_on_moto.py --batch`): `{case: result}`.
fn run_on_moto(server: &moto::MotoServer, cases: &[Case]) -> BTreeMap<String, Value> {
    let work = tempfile::tempdir().expect("a temporary directory");
    let batch: Vec<Value> = cases
        .iter()
        .map(|c| {
            json!({
                "id": c.name,
                "definition": c.dir.join("definition.asl.json"),
                "input": c.input,
            })
        })
        .collect();
    let batch_file = work.path().join("batch.json");
    std::fs::write(&batch_file, serde_json::to_vec(&batch).unwrap()).unwrap();
    let out = Command::new(moto::venv_python())
        .arg(moto::repo_root().join("tools/moto/run_on_moto.py"))
        .args(["--endpoint", &server.endpoint(), "--batch"])
        .arg(&batch_file)
        .stdin(Stdio::null())
        .output()
        .expect("run tools/moto/run_on_moto.py");
    assert!(
        out.status.success(),
        "run_on_moto.py failed ({}):\n{}\nserver log:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr),
        std::fs::read_to_string(&server.log).unwrap_or_default()
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "run_on_moto.py printed no JSON ({e}):\n{}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

/// Runs one case on our engine through the CLI contract.
fn run_on_engine(case: &Case) -> Value {
    let mut command = Command::new(env!("CARGO_BIN_EXE_workflow"));
    command
        .arg("run")
        .arg(case.dir.join("definition.asl.json"))
        .arg("--input")
        .arg(case.input.to_string())
        .arg("--json");
    if case.mock {
        command
            .arg("--mock-config")
            .arg(case.dir.join("mock.json"))
            .args(["--test-case", "Case"]);
    }
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the workflow binary");
    let deadline = Instant::now() + ENGINE_TIMEOUT;
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if Instant::now() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return engine_error("timeout", &format!("no result within {ENGINE_TIMEOUT:?}"));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return engine_error("wait", &e.to_string()),
        }
    }
    let out = child
        .wait_with_output()
        .expect("collect the workflow output");
    let stdout = String::from_utf8_lossy(&out.stdout);
    match serde_json::from_str::<Value>(stdout.trim()) {
        Ok(v) if v.get("status").is_some() => v,
        _ => engine_error(
            &format!("exit {}", out.status),
            &format!(
                "stdout: {stdout}\nstderr: {}",
                String::from_utf8_lossy(&out.stderr)
            ),
        ),
    }
}

fn engine_error(error: &str, cause: &str) -> Value {
    json!({"status": "ENGINE_ERROR", "output": null, "error": error, "cause": cause, "states": []})
}

/// JSON equality with numbers compared by value (`1` equals `1.0`).
fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
                (Some(x), Some(y), _, _) => x == y,
                (_, _, Some(x), Some(y)) => x == y,
                _ => x.as_f64() == y.as_f64(),
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_eq(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// Every state name → (scope, whether the scope's entries are ordered).
fn scopes(definition: &Value) -> HashMap<String, (String, bool)> {
    fn walk(
        states: Option<&Map<String, Value>>,
        scope: &str,
        ordered: bool,
        out: &mut HashMap<String, (String, bool)>,
    ) {
        for (name, state) in states.into_iter().flatten() {
            out.insert(name.clone(), (scope.to_owned(), ordered));
            match state.get("Type").and_then(Value::as_str) {
                Some("Parallel") => {
                    for (i, branch) in state["Branches"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .enumerate()
                    {
                        walk(
                            branch["States"].as_object(),
                            &format!("{name}#{i}"),
                            ordered,
                            out,
                        );
                    }
                }
                Some("Map") => {
                    let processor = state.get("ItemProcessor").or_else(|| state.get("Iterator"));
                    let sequential = state.get("MaxConcurrency").and_then(Value::as_u64) == Some(1);
                    if let Some(p) = processor {
                        walk(
                            p["States"].as_object(),
                            &format!("{name}[]"),
                            ordered && sequential,
                            out,
                        );
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = HashMap::new();
    walk(definition["States"].as_object(), "", true, &mut out);
    out
}

fn names(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .map(|s| s.as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Compares entered states scope by scope; `None` when they agree.
fn compare_states(definition: &Value, expected: &Value, actual: &Value) -> Option<String> {
    let scopes = scopes(definition);
    let group = |list: &[String]| {
        let mut by_scope: BTreeMap<(String, bool), Vec<String>> = BTreeMap::new();
        for name in list {
            let key = scopes
                .get(name)
                .cloned()
                .unwrap_or_else(|| ("?".to_owned(), false));
            by_scope.entry(key).or_default().push(name.clone());
        }
        for ((_, ordered), entries) in by_scope.iter_mut() {
            if !*ordered {
                entries.sort();
            }
        }
        by_scope
    };
    let (e, a) = (names(expected), names(actual));
    (group(&e) != group(&a)).then(|| format!("states: expected {e:?}, got {a:?}"))
}

/// Whether the failure's cause comes from the definition (a Fail state raised a custom error).
fn cause_from_definition(definition: &Value, result: &Value) -> bool {
    fn fail_states(states: Option<&Map<String, Value>>, out: &mut Vec<String>) {
        for (name, state) in states.into_iter().flatten() {
            match state.get("Type").and_then(Value::as_str) {
                Some("Fail") => out.push(name.clone()),
                Some("Parallel") => {
                    for branch in state["Branches"].as_array().into_iter().flatten() {
                        fail_states(branch["States"].as_object(), out);
                    }
                }
                Some("Map") => {
                    if let Some(p) = state.get("ItemProcessor").or_else(|| state.get("Iterator")) {
                        fail_states(p["States"].as_object(), out);
                    }
                }
                _ => {}
            }
        }
    }
    let mut fails = Vec::new();
    fail_states(definition["States"].as_object(), &mut fails);
    let error = result["error"].as_str().unwrap_or_default();
    !error.starts_with("States.") && names(&result["states"]).iter().any(|s| fails.contains(s))
}

/// Differences between `expected` (moto's result or expect.json) and our engine's `actual`.
fn differences(case: &Case, expected: &Value, actual: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    if expected["status"] != actual["status"] {
        diffs.push(format!(
            "status: expected {}, got {}",
            expected["status"], actual["status"]
        ));
    }
    if expected["status"] == "SUCCEEDED" {
        if !json_eq(&expected["output"], &actual["output"]) {
            diffs.push(format!(
                "output: expected {}, got {}",
                expected["output"], actual["output"]
            ));
        }
    } else {
        if expected["error"] != actual["error"] {
            diffs.push(format!(
                "error: expected {}, got {}",
                expected["error"], actual["error"]
            ));
        }
        let compare_cause = case
            .expect
            .as_ref()
            .and_then(|e| e["compare_cause"].as_bool())
            .unwrap_or(false)
            || cause_from_definition(&case.definition, expected);
        if compare_cause && expected["cause"] != actual["cause"] {
            diffs.push(format!(
                "cause: expected {}, got {}",
                expected["cause"], actual["cause"]
            ));
        }
    }
    diffs.extend(compare_states(
        &case.definition,
        &expected["states"],
        &actual["states"],
    ));
    diffs
}

/// Fields of moto's result that differ from what `expect.json` says moto shows (`moto`).
fn moto_departure_drift(known: &Value, moto: &Value) -> Vec<String> {
    known
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, v)| !json_eq(v, &moto[k.as_str()]))
        .map(|(k, v)| {
            format!(
                "moto.{k}: expect.json says moto gives {v}, moto now gives {}",
                moto[k.as_str()]
            )
        })
        .collect()
}

fn short(v: &Value) -> String {
    v["status"].as_str().unwrap_or("?").to_owned()
        + &v["error"]
            .as_str()
            .map(|e| format!(" {e}"))
            .unwrap_or_default()
}

#[test]
fn engine_agrees_with_moto_and_with_aws_where_moto_departs() {
    let started = Instant::now();
    let cases = load_cases();
    if std::env::var("DIFFERENTIAL_FILTER").is_err() {
        assert!(
            cases.len() >= MIN_CASES,
            "only {} differential cases, want {MIN_CASES}",
            cases.len()
        );
    }

    // moto: one server, one batch (executions run concurrently there) ...
    let server = moto::MotoServer::start();
    let (moto_results, engine_results) = std::thread::scope(|scope| {
        let moto_run = scope.spawn(|| run_on_moto(&server, &cases));
        // ... and, meanwhile, our engine on a few threads.
        let next = AtomicUsize::new(0);
        let engine_results = Mutex::new(HashMap::new());
        let workers = std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .clamp(2, 8);
        std::thread::scope(|s| {
            for _ in 0..workers {
                s.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::SeqCst);
                        let Some(case) = cases.get(i) else { break };
                        let result = run_on_engine(case);
                        engine_results
                            .lock()
                            .unwrap()
                            .insert(case.name.clone(), result);
                    }
                });
            }
        });
        (
            moto_run.join().expect("the moto batch"),
            engine_results.into_inner().unwrap(),
        )
    });
    drop(server);

    let mut failures = Vec::new();
    let mut rows = Vec::new();
    let (mut agree, mut departs) = (0, 0);
    for case in &cases {
        let moto = &moto_results[&case.name];
        let engine = &engine_results[&case.name];
        let mut problems = Vec::new();
        let verdict = match &case.expect {
            None => {
                if !matches!(
                    moto["status"].as_str(),
                    Some("SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED")
                ) {
                    problems.push(format!("moto could not run the case: {moto}"));
                }
                problems.extend(differences(case, moto, engine));
                "agree"
            }
            Some(expect) => {
                assert!(
                    expect["moto_departs"]
                        .as_str()
                        .is_some_and(|s| !s.is_empty()),
                    "{}: expect.json needs a `moto_departs` explanation",
                    case.name
                );
                problems.extend(moto_departure_drift(&expect["moto"], moto));
                problems.extend(
                    differences(case, expect, engine)
                        .into_iter()
                        .map(|d| format!("vs AWS {d}")),
                );
                "departs"
            }
        };
        let ok = problems.is_empty();
        match (ok, verdict) {
            (true, "agree") => agree += 1,
            (true, _) => departs += 1,
            _ => {}
        }
        rows.push(format!(
            "{:<55} {:<42} {:<42} {}",
            case.name,
            short(moto),
            short(engine),
            if ok {
                verdict.to_owned()
            } else {
                format!("{verdict}: MISMATCH")
            }
        ));
        if !ok {
            failures.push(format!(
                "{}:\n    {}\n    moto:   {}\n    engine: {}",
                case.name,
                problems.join("\n    "),
                moto,
                engine
            ));
        }
    }

    println!("{:<55} {:<42} {:<42} verdict", "case", "moto", "engine");
    for row in &rows {
        println!("{row}");
    }
    println!(
        "{} cases: {agree} agree with moto, {departs} follow AWS where moto departs, {} mismatch ({:.1} s)",
        cases.len(),
        failures.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "{} of {} differential cases mismatch:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

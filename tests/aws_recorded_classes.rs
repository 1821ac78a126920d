//! The local engine against what real AWS Step Functions recorded in the classes the shared set
//! (`aws_recorded.rs`) lacks: Distributed Maps reading S3, tasks inside them, timeouts and
//! heartbeats, callbacks, EXPRESS executions, activities, and definitions AWS refused or
//! accepted. The cases are `aws_recorded_classes/cases/` (its README says where each comes
//! from and how it is compared); each runs through the `workflow` binary built with this test,
//! as a user runs it: `workflow run FILE --input JSON --json [--history] [--mock-config F
//! --state-machine recorded --test-case recorded] [--s3 DIR] [--type EXPRESS [--sync]]`, or
//! `workflow validate --json [--express] FILE` for a definition. Every case must agree: the
//! status, the output or the error and cause, the states entered and, where AWS's history was
//! recorded, the types of its events in order.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/aws_recorded_classes/cases")
}

/// What AWS recorded for one case, and how to compare (the README's `expect.json`).
struct Case {
    name: String,
    dir: PathBuf,
    expect: Value,
}

impl Case {
    fn read(dir: PathBuf) -> Case {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(dir.join("expect.json"))
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let expect = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        Case { name, dir, expect }
    }

    fn class(&self) -> &str {
        self.expect["class"].as_str().unwrap_or("other")
    }

    fn express(&self) -> bool {
        self.expect["type"] == "EXPRESS"
    }

    /// The case's disagreements with the engine (none: it agrees).
    fn run(&self) -> Vec<String> {
        if let Some(kind) = self.expect["kind"].as_str() {
            return self.run_definition(kind);
        }
        let input = std::fs::read_to_string(self.dir.join("input.json")).unwrap_or_default();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_workflow"));
        cmd.arg("run")
            .arg(self.dir.join("definition.asl.json"))
            .args(["--input", &input, "--json"]);
        if self.dir.join("mock.json").is_file() {
            cmd.arg("--mock-config").arg(self.dir.join("mock.json"));
            cmd.args(["--state-machine", "recorded", "--test-case", "recorded"]);
        }
        if self.express() {
            cmd.args(["--type", "EXPRESS"]);
            if self.expect["start"] == "sync" {
                cmd.arg("--sync");
            }
        }
        if self.expect.get("events").is_some() || self.expect.get("end_event_id").is_some() {
            cmd.arg("--history");
        }
        // The engine may write to S3 (a ResultWriter): a copy of the case's objects.
        let store = tempfile::tempdir().expect("a temporary directory");
        if self.dir.join("s3").is_dir() {
            copy_tree(&self.dir.join("s3"), store.path());
            cmd.arg("--s3").arg(store.path());
        }
        let out = match cmd.output() {
            Ok(out) => out,
            Err(e) => return vec![format!("cannot run workflow: {e}")],
        };
        let stdout = String::from_utf8_lossy(&out.stdout);
        let Some(got) = stdout
            .lines()
            .rev()
            .find_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter(|v| v.get("status").is_some())
        else {
            return vec![format!(
                "workflow run exited {:?} without a JSON result: {}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
                    .lines()
                    .last()
                    .unwrap_or("")
            )];
        };
        let mut diffs = compare_outcome(&self.expect, &got);
        diffs.extend(compare_history(&self.expect, &got));
        diffs
    }

    /// A definition AWS refused (`CreateStateMachine`, `ValidateStateMachineDefinition`) or
    /// accepted: `workflow validate` exits 1 with an error, or 0.
    fn run_definition(&self, kind: &str) -> Vec<String> {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_workflow"));
        cmd.args(["validate", "--json"]);
        if self.express() {
            cmd.arg("--express");
        }
        let out = match cmd.arg(self.dir.join("definition.asl.json")).output() {
            Ok(out) => out,
            Err(e) => return vec![format!("cannot run workflow: {e}")],
        };
        let got = match (out.status.code(), kind) {
            (Some(1), _) => "refused",
            (Some(0), _) => "accepted",
            (code, _) => return vec![format!("workflow validate exited {code:?}")],
        };
        if got == kind {
            Vec::new()
        } else {
            vec![format!(
                "AWS {kind} it ({}), the validator {got} it: {}",
                self.expect["message"].as_str().unwrap_or(""),
                String::from_utf8_lossy(&out.stdout)
            )]
        }
    }
}

/// Copies the files under `from` into `to`, keeping their relative paths.
fn copy_tree(from: &Path, to: &Path) {
    let mut stack = vec![from.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            let target = to.join(path.strip_prefix(from).unwrap_or(&path));
            if path.is_dir() {
                std::fs::create_dir_all(&target).expect("a directory");
                stack.push(path);
            } else {
                std::fs::copy(&path, &target).expect("a copy");
            }
        }
    }
}

/// Status, output or error and cause, and the states entered.
fn compare_outcome(expect: &Value, got: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    if got["status"] != expect["status"] {
        diffs.push(format!(
            "status: AWS {}, engine {} ({} {})",
            expect["status"], got["status"], got["error"], got["cause"]
        ));
        return diffs;
    }
    let rules = Rules::new(expect);
    let mut found = Vec::new();
    if expect["status"] == "SUCCEEDED" {
        rules.compare(
            &expect["output"],
            &got["output"],
            "/output",
            None,
            &mut found,
        );
    } else {
        rules.compare(&expect["error"], &got["error"], "/error", None, &mut found);
        // A cause recorded as JSON is compared with the engine's cause read as JSON.
        let cause = match (&expect["cause"], &got["cause"]) {
            (Value::Object(_) | Value::Array(_), Value::String(text)) => {
                serde_json::from_str(text).unwrap_or_else(|_| got["cause"].clone())
            }
            _ => got["cause"].clone(),
        };
        rules.compare(&expect["cause"], &cause, "/cause", None, &mut found);
    }
    diffs.extend(found);
    if let Some(states) = expect["states"].as_array() {
        let order = expect["states_order"].as_str().unwrap_or("exact");
        let excluded: Vec<&Value> = expect["states_exclude"]
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        let mut engine: Vec<&Value> = got["states"]
            .as_array()
            .map(|a| a.iter().filter(|s| !excluded.contains(s)).collect())
            .unwrap_or_default();
        let mut aws: Vec<&Value> = states.iter().collect();
        if order == "multiset" {
            engine.sort_by_key(|v| v.to_string());
            aws.sort_by_key(|v| v.to_string());
        }
        if order != "none" && engine != aws {
            diffs.push(format!("states ({order}): AWS {aws:?}, engine {engine:?}"));
        }
    }
    for check in expect["checks"].as_array().into_iter().flatten() {
        let pointer = check["pointer"].as_str().unwrap_or("");
        let length = match got.pointer(pointer) {
            Some(Value::Array(a)) => Some(a.len()),
            Some(Value::Object(o)) => Some(o.len()),
            Some(Value::String(s)) => Some(s.chars().count()),
            _ => None,
        };
        if length.map(|n| n as u64) != check["length"].as_u64() {
            diffs.push(format!(
                "{pointer}: AWS length {}, engine {length:?}",
                check["length"]
            ));
        }
    }
    diffs
}

/// The types of the history's events, in order (or as a multiset where branches interleave),
/// and the id of the last one.
fn compare_history(expect: &Value, got: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    let history: Vec<&Value> = got["history"]
        .as_array()
        .map(|h| h.iter().collect())
        .unwrap_or_default();
    if let Some(events) = expect["events"].as_array() {
        let mut aws: Vec<&str> = events.iter().filter_map(Value::as_str).collect();
        let mut engine: Vec<&str> = history.iter().filter_map(|e| e["type"].as_str()).collect();
        let multiset = expect["states_order"] == "multiset";
        if multiset {
            aws.sort_unstable();
            engine.sort_unstable();
        }
        if aws != engine {
            let same = aws.iter().zip(&engine).take_while(|(a, b)| a == b).count();
            diffs.push(format!(
                "events ({}): from #{}: AWS {:?}, engine {:?} (AWS {} events, engine {})",
                if multiset { "multiset" } else { "exact" },
                same + 1,
                &aws[same..aws.len().min(same + 8)],
                &engine[same..engine.len().min(same + 8)],
                aws.len(),
                engine.len()
            ));
        }
    }
    if let Some(id) = expect["end_event_id"].as_u64() {
        let last = history.last().and_then(|e| e["id"].as_u64());
        if last != Some(id) {
            diffs.push(format!("end event id: AWS {id}, engine {last:?}"));
        }
    }
    diffs
}

/// How a recorded value is compared with the engine's (the README's rules): the snapshot's
/// transformers replayed on the engine's strings (`normalize`), placeholders (`<name:N>`
/// tokens and `wildcards`) matching any text, `ignore`d pointers, and integers and floats kept
/// apart as in the recorded JSON text.
struct Rules {
    normalize: Vec<(regex::Regex, String)>,
    wildcards: Vec<String>,
    ignore: Vec<String>,
}

/// An ISO 8601 timestamp, as the snapshots' `date` placeholder stands for.
const ISO8601: &str = r"(?:[1-9]\d{3}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)|(?:[1-9]\d(?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[13579][26])00)-02-29)T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?(?:Z|[+-][01]\d:?(?:[0-5]\d)?)";

impl Rules {
    fn new(expect: &Value) -> Rules {
        let strings = |key: &str| -> Vec<String> {
            expect[key]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        };
        let normalize = expect["normalize"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|pair| {
                let pattern = regex::Regex::new(pair[0].as_str()?)
                    .unwrap_or_else(|e| panic!("a normalize pattern: {e}"));
                Some((pattern, pair[1].as_str()?.to_owned()))
            })
            .collect();
        let mut wildcards = strings("wildcards");
        wildcards.sort_by_key(|w| std::cmp::Reverse(w.len()));
        Rules {
            normalize,
            wildcards,
            ignore: strings("ignore"),
        }
    }

    fn normalized(&self, text: &str) -> String {
        self.normalize
            .iter()
            .fold(text.to_owned(), |s, (pattern, replacement)| {
                pattern
                    .replace_all(&s, regex::NoExpand(replacement))
                    .into_owned()
            })
    }

    /// The expected string as a pattern whose placeholders match any text, if it has any.
    fn template(&self, expected: &str) -> Option<regex::Regex> {
        let mut alternatives = vec![r"<[A-Za-z0-9_.\-]+(?::\d+)?>".to_owned()];
        alternatives.extend(
            self.wildcards
                .iter()
                .filter(|w| !w.is_empty())
                .map(|w| regex::escape(w)),
        );
        let token = regex::Regex::new(&alternatives.join("|")).ok()?;
        let mut pattern = String::from("(?s)^");
        let mut at = 0;
        for m in token.find_iter(expected) {
            pattern.push_str(&regex::escape(&expected[at..m.start()]));
            pattern.push_str(&match m.as_str() {
                "111111111111" => r"(?:\d{12})".to_owned(),
                "date" => format!("(?:{ISO8601}|date)"),
                _ => "(?:.+?)".to_owned(),
            });
            at = m.end();
        }
        if at == 0 {
            return None;
        }
        pattern.push_str(&regex::escape(&expected[at..]));
        pattern.push('$');
        regex::Regex::new(&pattern).ok()
    }

    fn string_matches(&self, expected: &str, got: &str, key: Option<&str>) -> bool {
        let mut normalized = self.normalized(got);
        let iso = regex::Regex::new(&format!("^{ISO8601}")).expect("the timestamp pattern");
        if key.is_some_and(|k| k.to_lowercase().contains("timestamp")) && !iso.is_match(got) {
            normalized = "timestamp".to_owned();
        }
        if expected == got || expected == normalized {
            return true;
        }
        self.template(expected)
            .is_some_and(|t| t.is_match(&normalized) || t.is_match(got))
    }

    fn compare(
        &self,
        expected: &Value,
        got: &Value,
        pointer: &str,
        key: Option<&str>,
        diffs: &mut Vec<String>,
    ) {
        if self.ignore.iter().any(|i| i == pointer) {
            return;
        }
        let mut differ = || diffs.push(format!("{pointer}: AWS {expected}, engine {got}"));
        match (expected, got) {
            (Value::Object(e), Value::Object(g)) => {
                let (ek, gk): (Vec<&String>, Vec<&String>) =
                    (e.keys().collect(), g.keys().collect());
                let mut sorted = (ek.clone(), gk.clone());
                sorted.0.sort();
                sorted.1.sort();
                if sorted.0 != sorted.1 {
                    diffs.push(format!("{pointer}: AWS keys {ek:?}, engine keys {gk:?}"));
                }
                for (k, v) in e {
                    if let Some(g) = g.get(k) {
                        let child =
                            format!("{pointer}/{}", k.replace('~', "~0").replace('/', "~1"));
                        self.compare(v, g, &child, Some(k), diffs);
                    }
                }
            }
            (Value::Array(e), Value::Array(g)) if e.len() == g.len() => {
                for (i, (e, g)) in e.iter().zip(g).enumerate() {
                    self.compare(e, g, &format!("{pointer}/{i}"), key, diffs);
                }
            }
            // A snapshot transformer replaced the whole value (of any type) by this word.
            (Value::String(e), _)
                if self.wildcards.contains(e) && e != "111111111111" && e != "date" => {}
            (Value::String(e), Value::String(g)) => {
                if !self.string_matches(e, g, key) {
                    differ();
                }
            }
            (Value::Number(e), Value::Number(g)) => {
                // Integers and floats apart, as in the recorded JSON text.
                if e.is_f64() != g.is_f64() || e != g {
                    differ();
                }
            }
            (e, g) if e == g && !e.is_object() && !e.is_array() => {}
            _ => differ(),
        }
    }
}

#[test]
fn every_recorded_case_of_the_classes_the_shared_set_lacks_agrees_with_aws() {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("the cases")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("expect.json").is_file())
        .collect();
    dirs.sort();
    let cases: Vec<Case> = dirs.into_iter().map(Case::read).collect();
    assert!(cases.len() >= 90, "{} cases", cases.len());
    // Each case is a process of its own; a few at a time.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(BTreeMap::new());
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some(case) = cases.get(i) else { break };
                    let diffs = case.run();
                    results
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .insert(case.name.clone(), (case.class().to_owned(), diffs));
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_else(|p| p.into_inner());
    let mut per_class: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut disagreements = Vec::new();
    for case in &cases {
        let (class, diffs) = &results[&case.name];
        let counts = per_class.entry(class.as_str()).or_default();
        counts.1 += 1;
        if diffs.is_empty() {
            counts.0 += 1;
        } else {
            disagreements.push(format!("DISAGREE {}: {}", case.name, diffs.join(" | ")));
        }
    }
    for (class, (agree, total)) in &per_class {
        println!("{class}: {agree}/{total} agree");
    }
    assert!(
        disagreements.is_empty(),
        "{} of {} cases disagree with AWS:\n{}",
        disagreements.len(),
        results.len(),
        disagreements.join("\n")
    );
}

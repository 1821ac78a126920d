//! Every Task request of the real state machines in `../shared/asl-corpus/substituted` is
//! accepted: real, deployed files win over the models (the overlay records every exception).

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use workflow_aws_models::Resource;

/// Every Task state of a definition, found iteratively (Parallel branches, Map iterators).
fn tasks(definition: &Value) -> Vec<(&str, &Value)> {
    let mut found = Vec::new();
    let mut machines = vec![definition];
    while let Some(machine) = machines.pop() {
        let Some(states) = machine.get("States").and_then(Value::as_object) else {
            continue;
        };
        for (name, state) in states {
            if state.get("Type").and_then(Value::as_str) == Some("Task") {
                found.push((name.as_str(), state));
            }
            if let Some(branches) = state.get("Branches").and_then(Value::as_array) {
                machines.extend(branches);
            }
            for key in ["Iterator", "ItemProcessor"] {
                if let Some(inner) = state.get(key) {
                    machines.push(inner);
                }
            }
        }
    }
    found
}

#[test]
fn every_corpus_request_is_accepted() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/asl-corpus/substituted");
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
        panic!(
            "the ASL corpus is missing at {} ({e}): this test needs ../shared next to the repository",
            dir.display()
        )
    });
    let mut paths: Vec<_> = entries
        .map(|e| e.expect("a directory entry").path())
        .collect();
    paths.sort();
    let (mut files, mut task_count, mut checked) = (0, 0, 0);
    let mut integrations = BTreeSet::new();
    let mut rejected = Vec::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).expect("a readable corpus file");
        let Ok(definition) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        files += 1;
        let file = path.file_name().unwrap_or_default().to_string_lossy();
        for (state, task) in tasks(&definition) {
            task_count += 1;
            let Some(resource) = task.get("Resource").and_then(Value::as_str) else {
                continue;
            };
            let resource = Resource::parse(resource);
            if let Some(e) = resource.problem() {
                rejected.push(format!("{file}: {state}: {e}"));
                continue;
            }
            let Some(integration) = resource.integration() else {
                continue;
            };
            integrations.insert(integration.resource());
            let Some(request) = task.get("Parameters").or_else(|| task.get("Arguments")) else {
                continue;
            };
            checked += 1;
            for finding in integration.check_request(request) {
                rejected.push(format!(
                    "{file}: {state} ({resource}) at {}: {finding}",
                    finding.pointer
                ));
            }
        }
    }
    println!(
        "{files} files, {task_count} Task states, {checked} requests checked, {} distinct integrations",
        integrations.len()
    );
    assert!(
        rejected.is_empty(),
        "{} findings on real files:\n{}",
        rejected.len(),
        rejected.join("\n")
    );
    assert!(files >= 170, "only {files} corpus files read");
    assert!(checked >= 400, "only {checked} requests checked");
}

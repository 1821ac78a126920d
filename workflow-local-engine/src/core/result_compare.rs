//! A replay's `ResultWriter` files against the record's: what a change to a Distributed Map's
//! children, or to how its results are shaped (`WriterConfig`), does to the files the service
//! would write. The files are compared by what they say, not their bytes: each child's entry
//! (`SUCCEEDED_*`, `FAILED_*`, `PENDING_*`, JSON or JSON Lines) by the execution it names, or,
//! for results without one (`COMPACT`, `FLATTEN`), by its place among its file's kind; its
//! times (`StartDate`, `StopDate`) left out, since a replay's children start when it runs
//! them; its `Input` and `Output` (JSON text) compared as JSON. The manifest
//! (`manifest.json`) is compared without its files' sizes, which follow the times' text.

use super::prior::{Difference, DifferenceKind};
use super::record_diff::changes;
use crate::execution::RecordedMapRun;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// One difference between the recorded files and the replay's: the file it is in (its name
/// in the Map Run's folder), and the values on each side (`None` where a side has none).
pub(crate) struct FileDifference {
    pub file: String,
    recorded: Option<Value>,
    now: Option<Value>,
    what: String,
}

impl FileDifference {
    /// As a replay's difference (its state and file are the caller's to name).
    pub(crate) fn into_difference(self) -> Difference {
        let kind = match (&self.recorded, &self.now) {
            (Some(_), Some(_)) => DifferenceKind::Data,
            _ => DifferenceKind::Path,
        };
        let shown = |v: &Option<Value>| match v {
            Some(v) => v.to_string(),
            None => "nothing".to_owned(),
        };
        Difference {
            kind,
            state: None,
            after_state: None,
            recorded: None,
            now: None,
            was: format!("{} {}", self.what, shown(&self.recorded)),
            is: format!("{} {}", self.what, shown(&self.now)),
            changes: match (&self.recorded, &self.now) {
                (Some(was), Some(is)) => changes(was, is),
                _ => Vec::new(),
            },
            was_details: self.recorded,
            is_details: self.now,
            execution: None,
            file: None,
        }
    }
}

/// The differences between the `recorded` files and the replay's (`now`), both by name in
/// the Map Run's folder.
pub(crate) fn differences(
    recorded: &BTreeMap<String, String>,
    now: &BTreeMap<String, String>,
) -> Vec<FileDifference> {
    let mut found = Vec::new();
    let (was, is) = (entries(recorded), entries(now));
    for (key, (file, entry)) in &was {
        match is.get(key) {
            None => found.push(FileDifference {
                file: file.clone(),
                recorded: Some(entry.clone()),
                now: None,
                what: "a result".into(),
            }),
            Some((_, other)) if other != entry => found.push(FileDifference {
                file: file.clone(),
                recorded: Some(entry.clone()),
                now: Some(other.clone()),
                what: "a result".into(),
            }),
            Some(_) => {}
        }
    }
    for (key, (file, entry)) in &is {
        if !was.contains_key(key) {
            found.push(FileDifference {
                file: file.clone(),
                recorded: None,
                now: Some(entry.clone()),
                what: "a result".into(),
            });
        }
    }
    let manifest = |files: &BTreeMap<String, String>| {
        files
            .get("manifest.json")
            .and_then(|text| serde_json::from_str::<Value>(text).ok())
            .map(|mut m| {
                strip_sizes(&mut m);
                m
            })
    };
    // A manifest on one side only is a file written or not.
    let (was, is) = (manifest(recorded), manifest(now));
    if was != is {
        found.push(FileDifference {
            file: "manifest.json".into(),
            recorded: was,
            now: is,
            what: "the manifest".into(),
        });
    }
    found
}

/// Each result of `files`, keyed by the execution it names (or its kind of file and place),
/// with the file it is in.
fn entries(files: &BTreeMap<String, String>) -> BTreeMap<String, (String, Value)> {
    let mut out = BTreeMap::new();
    let mut places: BTreeMap<&'static str, usize> = BTreeMap::new();
    for (name, text) in files {
        let single = RecordedMapRun::default().result_file(name.clone(), text.clone());
        let kind = ["SUCCEEDED", "FAILED", "PENDING"]
            .into_iter()
            .find(|k| name.starts_with(k))
            .unwrap_or("RESULT");
        for mut entry in single.result_entries() {
            normalize(&mut entry);
            let key = match entry.get("ExecutionArn").and_then(Value::as_str) {
                Some(arn) => arn.to_owned(),
                None => {
                    let place = places.entry(kind).or_default();
                    *place += 1;
                    format!("{kind}#{}", *place - 1)
                }
            };
            out.insert(key, (name.clone(), entry));
        }
    }
    out
}

/// An entry without its times, its `Input` and `Output` read as JSON.
fn normalize(entry: &mut Value) {
    let Some(map) = entry.as_object_mut() else {
        return;
    };
    map.remove("StartDate");
    map.remove("StopDate");
    for field in ["Input", "Output"] {
        if let Some(Value::String(text)) = map.get(field)
            && let Ok(parsed) = serde_json::from_str::<Value>(text)
        {
            map.insert(field.to_owned(), json!({ "json": parsed }));
        }
    }
}

/// A manifest without its files' sizes.
fn strip_sizes(manifest: &mut Value) {
    let Some(files) = manifest
        .get_mut("ResultFiles")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for (_, listed) in files.iter_mut() {
        if let Some(list) = listed.as_array_mut() {
            for file in list {
                if let Some(f) = file.as_object_mut() {
                    f.remove("Size");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, Value)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(n, v)| ((*n).to_owned(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_same_results_at_other_times_do_not_differ_and_another_output_does() {
        let entry = |output: &str, start: &str| {
            json!({"ExecutionArn": "arn:aws:states:us-east-1:1:execution:M/L:a", "Input": "{\"n\": 1}",
                "Output": output, "Status": "SUCCEEDED", "StartDate": start})
        };
        let recorded = files(&[("SUCCEEDED_0.json", json!([entry("{\"n\":2}", "t1")]))]);
        let same = files(&[("SUCCEEDED_0.json", json!([entry("{ \"n\": 2 }", "t2")]))]);
        assert!(differences(&recorded, &same).is_empty());
        let other = files(&[("SUCCEEDED_0.json", json!([entry("{\"n\":3}", "t1")]))]);
        let found = differences(&recorded, &other);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].file, "SUCCEEDED_0.json");
        let d = found.into_iter().next().unwrap().into_difference();
        assert_eq!(d.kind, DifferenceKind::Data);
        assert_eq!(d.changes[0].pointer, "/Output/json/n");
        // A child that failed now is in another file: gone from one, new in the other.
        let failed = files(&[(
            "FAILED_0.json",
            json!([{"ExecutionArn": "arn:aws:states:us-east-1:1:execution:M/L:a", "Status": "FAILED"}]),
        )]);
        let found = differences(&recorded, &failed);
        assert_eq!(found.len(), 1, "the same execution, another entry");
    }

    #[test]
    fn compact_results_compare_by_place_and_the_manifest_without_sizes() {
        let recorded = files(&[
            ("SUCCEEDED_0.json", json!([1, 2])),
            (
                "manifest.json",
                json!({"ResultFiles": {"SUCCEEDED": [{"Key": "k", "Size": 10}]}}),
            ),
        ]);
        let now = files(&[
            ("SUCCEEDED_0.json", json!([1, 5])),
            (
                "manifest.json",
                json!({"ResultFiles": {"SUCCEEDED": [{"Key": "k", "Size": 12}]}}),
            ),
        ]);
        let found = differences(&recorded, &now);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].recorded, Some(json!(2)));
        // Nothing written now: each result, and the manifest.
        let found = differences(&recorded, &BTreeMap::new());
        let named: Vec<&str> = found.iter().map(|d| d.file.as_str()).collect();
        assert_eq!(
            named,
            ["SUCCEEDED_0.json", "SUCCEEDED_0.json", "manifest.json"]
        );
        assert!(found.iter().all(|d| d.now.is_none()));
    }
}

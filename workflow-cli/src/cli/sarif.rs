//! `workflow validate --format sarif`: the located diagnostics `--format json` prints, as a
//! SARIF 2.1.0 log (OASIS, "Static Analysis Results Interchange Format (SARIF) Version 2.1.0",
//! errata 01), the format code-scanning services read: one `run` whose tool's rules are the
//! diagnostic codes met (§3.49 reportingDescriptor, `id` the stable code, described from
//! `Code::explain`), a `result` per
//! diagnostic (§3.27: `ruleId`, `ruleIndex`, `level`, `message`), located in its file by line
//! and column (§3.30 region; columns counted in Unicode code points, `columnKind`
//! `unicodeCodePoints`, §3.14.17) and in the definition by its JSON pointer (§3.33
//! logicalLocation), and the files that could not be read as the invocation's notifications
//! (§3.20.21 toolExecutionNotifications).

use super::validate::{FileReport, Located};
use serde_json::{Value, json};
use workflow_asl::Severity;

/// Where SARIF 2.1.0's schema is published (the log's `$schema`, §3.13.3).
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The SARIF log of `reports`.
pub fn log(reports: &[FileReport]) -> Value {
    let mut rules: Vec<workflow_asl::Code> = Vec::new();
    let mut results = Vec::new();
    for report in reports {
        for located in &report.diagnostics {
            let code = located.diagnostic.code;
            let index = match rules.iter().position(|r| *r == code) {
                Some(index) => index,
                None => {
                    rules.push(code);
                    rules.len() - 1
                }
            };
            results.push(result(&report.file, located, index));
        }
    }
    let notifications: Vec<Value> = reports
        .iter()
        .filter_map(|r| {
            let error = r.error.as_ref()?;
            Some(json!({
                "level": "error",
                "message": { "text": error },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(&r.file) } } }],
            }))
        })
        .collect();
    let rules: Vec<Value> = rules.iter().map(|code| rule(*code)).collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "workflow",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            } },
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    })
}

/// A code as a rule (§3.49): its id and name the code, its short description what it reports,
/// its full description the rule of AWS it enforces, its help the rule's first source
/// (`workflow explain CODE` says all of it).
fn rule(code: workflow_asl::Code) -> Value {
    let e = code.explain();
    let mut rule = json!({
        "id": code.as_str(),
        "name": code.as_str(),
        "shortDescription": { "text": e.summary },
        "fullDescription": { "text": e.rule },
    });
    if let (Some(source), Some(map)) = (e.sources.first(), rule.as_object_mut()) {
        map.insert("helpUri".into(), source.url.into());
    }
    rule
}

/// One diagnostic as a result.
fn result(file: &str, located: &Located, rule_index: usize) -> Value {
    let d = &located.diagnostic;
    let mut physical = json!({ "artifactLocation": { "uri": uri(file) } });
    if let (Some((line, column)), Some(map)) = (located.position, physical.as_object_mut()) {
        map.insert(
            "region".into(),
            json!({ "startLine": line, "startColumn": column }),
        );
    }
    json!({
        "ruleId": d.code.as_str(),
        "ruleIndex": rule_index,
        "level": level(d.severity),
        "message": { "text": d.message },
        "locations": [{
            "physicalLocation": physical,
            "logicalLocations": [{ "fullyQualifiedName": d.pointer.as_str(), "kind": "object" }],
        }],
    })
}

/// SARIF's level of a severity (§3.27.10: `error`, `warning`, `note`).
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A file name as a URI reference (§3.4.3, RFC 3986): the characters a path segment may not
/// hold percent-encoded, `\` written `/`.
fn uri(file: &str) -> String {
    let mut out = String::with_capacity(file.len());
    for byte in file.bytes() {
        match byte {
            b'\\' => out.push('/'),
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b':' => {
                out.push(char::from(byte))
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn a_file_name_is_a_uri_reference() {
        assert_eq!(
            uri("defs/order flow.asl.json"),
            "defs/order%20flow.asl.json"
        );
        assert_eq!(uri(r"C:\defs\a.json"), "C:/defs/a.json");
        assert_eq!(uri("é.json"), "%C3%A9.json");
    }
}

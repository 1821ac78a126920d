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
//!
//! What GitHub code scanning asks of a log besides the schema (its "SARIF support for code
//! scanning" page, and the `GH` rules of Microsoft's SARIF Multitool, which
//! `tests/validate_sarif.rs` runs): each rule has a `shortDescription`, a `fullDescription`
//! and a `help` (§3.49.9–12: the code's documentation, `Code::description`) and a `helpUri`
//! to that documentation; the tool its `informationUri` (§3.19.17); each result
//! `partialFingerprints` (§3.27.17) that stay the same when lines move (the code and the JSON
//! pointer: `workflow/v1`), so that an alert is not opened again for an edit elsewhere in the
//! file; and an artifact's `uri` is a relative reference to the checkout (`uriBaseId`
//! `%SRCROOT%`, the directory `workflow validate` ran in, §3.4.4) or an absolute `file://` URI
//! (§3.4.3: a path that starts with `/` is a relative reference, which does not combine with
//! a base).

use super::validate::{FileReport, Located};
use serde_json::{Value, json};
use std::path::Path;
use workflow_asl::{Code, Severity};

/// Where SARIF 2.1.0's schema is published (the log's `$schema`, §3.13.3).
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The base the relative file names are resolved against: the directory the log was made
/// in, the checkout's root in CI (CodeQL's name for it).
const SRCROOT: &str = "%SRCROOT%";

/// The tool's documentation: the `workflow` tool's crate on docs.rs, at this version.
fn information_uri() -> String {
    format!(
        "https://docs.rs/workflow-cli/{}/workflow_cli/",
        env!("CARGO_PKG_VERSION")
    )
}

/// Where `code` is documented: its variant of `workflow_asl::Code` on docs.rs, at the version
/// of `workflow-asl` this tool is built with (the workspace's).
fn help_uri(code: Code) -> String {
    format!(
        "https://docs.rs/workflow-asl/{}/workflow_asl/enum.Code.html#variant.{}",
        env!("CARGO_PKG_VERSION"),
        code.variant_name()
    )
}

/// The SARIF log of `reports`, whose relative file names are relative to `root` (the
/// directory the files were named from).
pub(super) fn log(reports: &[FileReport], root: &Path) -> Value {
    let mut rules: Vec<Code> = Vec::new();
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
                "locations": [{ "physicalLocation": { "artifactLocation": artifact(&r.file) } }],
            }))
        })
        .collect();
    let rules: Vec<Value> = rules.iter().map(|code| rule(*code)).collect();
    let mut root_uri = file_uri(&root.display().to_string());
    if !root_uri.ends_with('/') {
        root_uri.push('/');
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "workflow",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": information_uri(),
                "rules": rules,
            } },
            "originalUriBaseIds": { SRCROOT: { "uri": root_uri } },
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    })
}

/// A diagnostic code as a rule (§3.49): its stable code the id, its Rust name the name, what
/// it reports (its documentation) the short description's first sentence, that and the rule of
/// AWS it enforces (`workflow explain CODE`) the full description, both with the rule's
/// sources the help, and the code's documentation the help's URI.
fn rule(code: Code) -> Value {
    let description = code.description();
    let explained = code.explain();
    let short = first_sentence(description);
    let uri = help_uri(code);
    let full = format!("{description} {}", explained.rule);
    let sources: Vec<String> = explained
        .sources
        .iter()
        .map(|s| format!("- [{}]({})", s.title, s.url))
        .collect();
    json!({
        "id": code.as_str(),
        "name": code.variant_name(),
        "shortDescription": { "text": short },
        "fullDescription": { "text": full },
        "help": {
            "text": format!("{full} See {uri}"),
            "markdown": format!(
                "{description}\n\n{}\n\nSources:\n{}\n\n[`{}` in the documentation]({uri})",
                explained.rule,
                sources.join("\n"),
                code.as_str()
            ),
        },
        "helpUri": uri,
    })
}

/// The first sentence of `text` (up to the first `. ` outside backticks), or all of it.
fn first_sentence(text: &str) -> &str {
    let mut in_code = false;
    for (i, c) in text.char_indices() {
        match c {
            '`' => in_code = !in_code,
            '.' if !in_code && text[i + 1..].starts_with(' ') => return &text[..=i],
            _ => {}
        }
    }
    text
}

/// One diagnostic as a result.
fn result(file: &str, located: &Located, rule_index: usize) -> Value {
    let d = &located.diagnostic;
    let file = located.file.as_deref().unwrap_or(file);
    let mut physical = json!({ "artifactLocation": artifact(file) });
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
        "partialFingerprints": {
            "workflow/v1": format!("{}:{}", d.code.as_str(), d.pointer.as_str()),
        },
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

/// Where `file` is, as an artifact location (§3.4): an absolute path as a `file://` URI; a
/// relative one as a relative reference against `%SRCROOT%`.
fn artifact(file: &str) -> Value {
    if is_absolute(file) {
        json!({ "uri": file_uri(file) })
    } else {
        json!({ "uri": uri(file), "uriBaseId": SRCROOT })
    }
}

/// Whether `file` is an absolute path, on Unix (`/…`) or Windows (`C:\…`, `C:/…`,
/// `\\server\…`).
fn is_absolute(file: &str) -> bool {
    let bytes = file.as_bytes();
    file.starts_with('/')
        || file.starts_with(r"\\")
        || (bytes.len() > 2
            && bytes[0].is_ascii_alphabetic()
            && bytes[1] == b':'
            && matches!(bytes[2], b'/' | b'\\'))
}

/// An absolute path as a `file://` URI (RFC 8089): `file:///tmp/a.json`,
/// `file:///C:/defs/a.json`, `file://server/share/a.json`.
fn file_uri(file: &str) -> String {
    if let Some(unc) = file.strip_prefix(r"\\") {
        return format!("file://{}", uri(unc));
    }
    let path = uri(file);
    if path.starts_with('/') {
        format!("file://{path}")
    } else {
        format!("file:///{path}")
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
    use super::{artifact, file_uri, first_sentence, uri};
    use serde_json::json;

    #[test]
    fn an_absolute_path_is_a_file_uri_and_a_relative_one_is_relative_to_the_checkout() {
        assert_eq!(
            artifact("/tmp/order flow.asl.json"),
            json!({ "uri": "file:///tmp/order%20flow.asl.json" })
        );
        assert_eq!(file_uri(r"C:\defs\a.json"), "file:///C:/defs/a.json");
        assert_eq!(
            file_uri(r"\\server\share\a.json"),
            "file://server/share/a.json"
        );
        assert_eq!(
            artifact("defs/a.json"),
            json!({ "uri": "defs/a.json", "uriBaseId": "%SRCROOT%" })
        );
    }

    #[test]
    fn the_short_description_is_the_first_sentence() {
        assert_eq!(first_sentence("One `a. b` two. Three."), "One `a. b` two.");
        assert_eq!(first_sentence("Only one."), "Only one.");
    }

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

//! The JSONata and query-language definitions whose verdict AWS Step Functions gave, as
//! `aws stepfunctions validate-state-machine-definition` answered them (the table and its
//! sources: `tests/aws_jsonata_definitions/README.md`; the cases: `cases.json` beside it).
//!
//! For each case the validator must give AWS's verdict: no error where AWS answers `OK`; where
//! AWS refuses, an error for each of AWS's messages, whose message contains AWS's text, whose
//! code is ours for AWS's code, located where AWS locates it (at AWS's location or, where AWS
//! points at the state, at the field inside it), and no other error. A case may name a known
//! difference: `we_also_refuse` (an error code of ours set aside, with why) or `verdict_only`
//! (only the verdict is compared, with why); the README shows them.

use serde_json::Value;
use std::path::Path;
use workflow_asl::{Code, Diagnostic, Severity, check};

fn dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/aws_jsonata_definitions")
}

fn cases() -> Vec<Value> {
    let text = std::fs::read_to_string(dir().join("cases.json")).expect("cases.json is readable");
    let table: Value = serde_json::from_str(&text).expect("cases.json is JSON");
    table["cases"]
        .as_array()
        .cloned()
        .expect("`cases` is an array")
}

/// The codes this validator reports for AWS's code.
fn our_codes(aws: &str) -> &'static [Code] {
    match aws {
        "UNSUPPORTED_JSONATA_EXPRESSION" => &[
            Code::UnsupportedJsonataExpression,
            // `$states.errorOutput` outside a Catcher stays with the other `$states` fields.
            Code::InvalidStatesReference,
        ],
        "INVALID_JSONATA_EXPRESSION" => &[Code::InvalidJsonata],
        "SCHEMA_VALIDATION_FAILED" => &[
            Code::SchemaValidationFailed,
            Code::JsonPathFieldInJsonataState,
            Code::JsonataFieldInJsonPathState,
        ],
        other => panic!("no code of ours for AWS's {other}"),
    }
}

/// The definition of a case: its own, or its expression as the `Output` of a one-state JSONata
/// Pass machine (state `Main`), the shape the recordings used.
fn definition(case: &Value) -> String {
    if let Some(expression) = case["expression"].as_str() {
        let machine = serde_json::json!({
            "QueryLanguage": "JSONata",
            "StartAt": "Main",
            "States": {"Main": {"Type": "Pass", "Output": format!("{{% {expression} %}}"), "End": true}}
        });
        return machine.to_string();
    }
    case["definition"].to_string()
}

/// AWS's location (`/States/C/Choices[0]/Condition`) as a JSON pointer.
fn pointer(location: &str) -> String {
    let mut out = String::new();
    let mut rest = location;
    while let Some(open) = rest.find('[') {
        let close = rest[open..].find(']').map_or(rest.len(), |c| open + c);
        out.push_str(&rest[..open]);
        out.push('/');
        out.push_str(rest.get(open + 1..close).unwrap_or_default());
        rest = rest.get(close + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

fn located(d: &Diagnostic, at: Option<&str>) -> bool {
    at.is_none_or(|at| {
        let p = d.pointer.as_str();
        p == at || p.strip_prefix(at).is_some_and(|rest| rest.starts_with('/'))
    })
}

/// What is wrong with the validator's answer to `case`, if anything.
fn disagreement(case: &Value) -> Option<String> {
    let diagnostics = check(&definition(case));
    // A known difference written in the case: errors of that code are ours alone.
    let ours_alone = case["we_also_refuse"]["code"].as_str();
    let errors: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && Some(d.code.as_str()) != ours_alone)
        .collect();
    if let Some(why) = case["verdict_only"].as_str() {
        let refused = !errors.is_empty();
        return (refused != (case["aws"] == "invalid"))
            .then(|| format!("AWS says {}, we do not ({why})", case["aws"]));
    }
    let shown = || {
        errors
            .iter()
            .map(|d| format!("\n    {} at {}: {}", d.code, d.pointer.as_str(), d.message))
            .collect::<String>()
    };
    if case["aws"] == "valid" {
        return (!errors.is_empty()).then(|| format!("AWS accepts it; we refuse it:{}", shown()));
    }
    let codes = our_codes(case["code"].as_str().unwrap_or_default());
    let at = case["location"].as_str().map(pointer);
    let expected: Vec<&str> = case["messages"]
        .as_array()
        .map(|m| m.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let fits = |d: &Diagnostic| codes.contains(&d.code) && located(d, at.as_deref());
    if expected.is_empty() {
        return (!errors.iter().any(|d| fits(d))).then(|| {
            format!(
                "AWS refuses it with {codes:?} at {at:?}; we answer:{}",
                shown()
            )
        });
    }
    for message in &expected {
        if !errors
            .iter()
            .any(|d| fits(d) && d.message.contains(message))
        {
            return Some(format!(
                "AWS refuses it with `{message}` at {at:?}; we answer:{}",
                shown()
            ));
        }
    }
    if errors.len() != expected.len() {
        return Some(format!(
            "AWS answers {} error(s); we answer {}:{}",
            expected.len(),
            errors.len(),
            shown()
        ));
    }
    None
}

#[test]
fn every_recorded_definition_gets_aws_verdict() {
    let cases = cases();
    assert!(cases.len() >= 100, "the table holds {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        if let Some(why) = disagreement(case) {
            failures.push(format!("{}: {why}", case["case"]));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases disagree with AWS:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn the_readme_table_lists_every_case_with_its_verdict() {
    let readme = std::fs::read_to_string(dir().join("README.md")).expect("README.md is readable");
    let rows: Vec<(String, String)> = readme
        .lines()
        .filter(|l| l.starts_with("| `"))
        .filter_map(|l| {
            let mut cells = l.split(" | ");
            let case = cells.next()?.trim_start_matches("| ").trim_matches('`');
            let verdict = cells.next()?.trim();
            Some((case.to_owned(), verdict.to_owned()))
        })
        .collect();
    let cases: Vec<(String, String)> = cases()
        .iter()
        .map(|c| {
            let case = c["case"].as_str().unwrap_or_default().to_owned();
            let verdict = c["aws"].as_str().unwrap_or_default().to_owned();
            (case, verdict)
        })
        .collect();
    assert_eq!(rows, cases, "README.md's table and cases.json differ");
}

#[test]
fn aws_locations_are_read_as_pointers() {
    assert_eq!(
        pointer("/States/C/Choices[0]/Condition"),
        "/States/C/Choices/0/Condition"
    );
    assert_eq!(pointer("/States/E/Output/a/b[0]"), "/States/E/Output/a/b/0");
    assert_eq!(pointer("/States/P/Branches[12]"), "/States/P/Branches/12");
}

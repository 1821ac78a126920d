//! Conformance on 177 real-world definitions (`../shared/asl-corpus`, MIT-0):
//!
//! - every raw file round-trips through `workflow fmt` JSON-equal (the one that is not ASL at
//!   all, and the one that is not JSON, get located errors instead);
//! - `workflow validate` on the substituted copies is compared, file by file, with the
//!   verdicts of asl-validator, amazon-states-language-service, moto and LocalStack recorded in
//!   `SOURCES.md`; every disagreement must have an explanation found in the file itself, and
//!   the table is printed (run with `--nocapture` to see it).
//!
//! The corpus lives beside the repository, not in it; without it these tests say so and pass.

#[path = "support/corpus.rs"]
mod support;

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn workflow(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_workflow"))
        .args(args)
        .output()
        .unwrap()
}

/// The one raw file that all four validators reject: `QueryLanguage` inside `States`.
const NOT_ASL: &str = "shared-fallback-state-jsonata__statemachine__statemachine.asl.json";

#[test]
fn every_raw_file_round_trips_through_fmt() {
    let Some(corpus) = support::corpus("corpus conformance") else {
        return;
    };
    let mut files = support::json_files(&corpus.join("raw"));
    files.extend(support::json_files(&corpus.join("raw/from-yaml")));
    assert_eq!(
        files.len(),
        177,
        "the corpus has 171 raw and 6 converted files"
    );
    let mut round_tripped = 0;
    for file in &files {
        let out = workflow(&["fmt", file.to_str().unwrap()]);
        let name = file.file_name().unwrap().to_str().unwrap();
        if name == NOT_ASL {
            assert_eq!(out.status.code(), Some(1));
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                err.contains("error[SCHEMA_VALIDATION_FAILED] at /States/QueryLanguage"),
                "{err}"
            );
            assert!(err.contains("move it out of `States`"), "{err}");
            continue;
        }
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let original: Value =
            serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(printed, original, "{name} is not JSON-equal after fmt");
        let original_order: Vec<&String> = original["States"].as_object().unwrap().keys().collect();
        let printed_order: Vec<&String> = printed["States"].as_object().unwrap().keys().collect();
        assert_eq!(printed_order, original_order, "{name}: state order changed");
        round_tripped += 1;
    }
    println!(
        "{round_tripped} of {} raw files round-trip through `workflow fmt` JSON-equal; {NOT_ASL} is rejected as not ASL",
        files.len()
    );
    assert_eq!(round_tripped, 176);
}

#[test]
fn the_file_that_is_not_json_gets_a_located_error() {
    let Some(corpus) = support::corpus("corpus conformance") else {
        return;
    };
    let files = support::json_files(&corpus.join("raw/invalid-json"));
    assert_eq!(files.len(), 1);
    let out = workflow(&["fmt", files[0].to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    println!("{err}");
    assert!(
        err.contains("error[INVALID_JSON_DESCRIPTION] at /States/BatchPutMessage/Parameters"),
        "{err}"
    );
    assert!(err.contains("line 10 column"), "{err}");
}

/// One row of `SOURCES.md`: the verdicts of the four third-party validators (true = valid).
#[derive(Debug)]
struct Verdicts {
    asl_validator: bool,
    language_service: bool,
    moto: bool,
    localstack: bool,
}

fn sources(corpus: &Path) -> BTreeMap<String, Verdicts> {
    let text = std::fs::read_to_string(corpus.join("SOURCES.md")).unwrap();
    let mut rows = BTreeMap::new();
    for line in text.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let file = cells[1].trim_matches('`');
        if file.starts_with("invalid-json/") {
            continue;
        }
        let name = file.trim_start_matches("from-yaml/").to_owned();
        let ok = |cell: &str| cell == "ok";
        rows.insert(
            name,
            Verdicts {
                asl_validator: ok(cells[5]),
                language_service: ok(cells[6]),
                moto: ok(cells[7]),
                localstack: ok(cells[8]),
            },
        );
    }
    rows
}

/// Why a third-party validator rejects a file we accept (or the reverse), found in the file
/// itself; `None` when nothing explains the disagreement.
fn explain(
    validator: &str,
    raw: &str,
    substituted: &str,
    (ours_valid, our_errors): (bool, &[(String, String)]),
) -> Option<&'static str> {
    let subst: Value = serde_json::from_str(substituted).ok()?;
    let has = |needle: &str| substituted.contains(needle);
    if !ours_valid {
        return reads_a_started_executions_output_at_the_top(our_errors)
            .or_else(|| reads_a_member_the_answer_nests_at_the_top(our_errors))
            .or_else(|| dynamodb_refuses_the_request(our_errors));
    }
    match validator {
        "asl-validator" if asl_validator_grammar_gap(&subst, substituted) => Some(
            "asl-validator's JSONPath grammar refuses forms AWS accepts and these deployed samples use (`$.[0]`, `.[0]` after a member, filter and union forms) or JSONata written without a space before `%}`",
        ),
        "moto" | "localstack" => {
            if has("\"ItemBatcher\"") {
                Some("moto/LocalStack's ASL parser does not know `ItemBatcher`")
            } else if has("\"ExecutionType\": \"EXPRESS\"") || has("\"ExecutionType\":\"EXPRESS\"")
            {
                Some(
                    "moto/LocalStack's parser rejects a Distributed Map with `ExecutionType: EXPRESS`",
                )
            } else if has("http:invoke") {
                Some("moto/LocalStack do not know the HTTP Task (`arn:aws:states:::http:invoke`)")
            } else if has("\"ToleratedFailurePercentage\"") {
                Some(
                    "moto/LocalStack's grammar wants a float for `ToleratedFailurePercentage` and rejects the integer the file uses",
                )
            } else if uses_reserved_error_names(&subst) {
                Some(
                    "custom error names with the reserved `States.` prefix: moto/LocalStack reject them; the spec reserves the prefix, AWS deploys them, so we warn (RESERVED_ERROR_NAME) instead of rejecting",
                )
            } else if has("\"ItemReader\"") && has("\"CSV") {
                Some(
                    "moto/LocalStack reject a CSV `ItemReader` whose `ReaderConfig` lacks fields their parser insists on",
                )
            } else if has("\"ItemReader\"") {
                Some(
                    "moto/LocalStack's parser rejects this `ItemReader`/`ResultWriter` configuration, which the service accepts",
                )
            } else {
                substitution_cause(raw)
            }
        }
        _ => substitution_cause(raw),
    }
}

/// The recorded verdicts are on the raw files. Where a raw file has a `${Name}` deployment
/// substitution in a `Resource` (not an ARN until substituted) or in a numeric field such as
/// `Seconds` (a string until substituted), the validators reject the raw file for that alone;
/// we validate the substituted copy, and recognise the substitutions when given the raw file.
fn substitution_cause(raw: &str) -> Option<&'static str> {
    let raw: Value = serde_json::from_str(raw).ok()?;
    let mut stack = vec![&raw];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    let numeric = matches!(
                        k.as_str(),
                        "Seconds" | "TimeoutSeconds" | "HeartbeatSeconds" | "MaxConcurrency"
                    );
                    match v {
                        Value::String(s) if k == "Resource" && s.contains("${") => {
                            return Some(
                                "verdict recorded on the raw file, whose `Resource` is a `${Name}` deployment substitution (not an ARN until substituted); on the substituted copy it is valid, and on the raw file we report the substitution as such",
                            );
                        }
                        Value::String(s) if numeric && s.starts_with("${") => {
                            return Some(
                                "verdict recorded on the raw file, where a number field holds a `${Name}` deployment substitution (a string until substituted); on the substituted copy it is valid",
                            );
                        }
                        _ => stack.push(v),
                    }
                }
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    None
}

/// Why we reject a file the four validators accept, when every error we find is a read of the
/// started execution's own output at the top of its description (`states:startExecution.sync`
/// and `.sync:2` answer DescribeExecution's output, the child's output in its `Output`:
/// `connect-stepfunctions.html`, and the executions recorded on AWS,
/// `callback.test_callback__test_start_execution_sync2` in `../shared/aws-recorded`). None of
/// them follows the data flow; AWS creates the definition and fails the execution at the read
/// (a JSONata `Assign` or `Output` that gives nothing is `States.QueryEvaluationError`).
fn reads_a_started_executions_output_at_the_top(
    our_errors: &[(String, String)],
) -> Option<&'static str> {
    let at_the_top = |(code, message): &(String, String)| {
        code.starts_with("PATH_SELECTS_NOTHING") && message.contains(STARTED_EXECUTION)
    };
    (!our_errors.is_empty() && our_errors.iter().all(at_the_top)).then_some(
        "we reject reads of a started execution's own output at the top of its description (a `states:startExecution.sync:2` result is DescribeExecution's output; the child's output is its `Output`): the validators follow no data flow; AWS creates the definition and fails the execution at the read",
    )
}

/// Why we reject a file the four validators accept, when every error we find is a read, at
/// the top of an AWS SDK integration's answer, of a member the answer nests one level down
/// (`$.TaskStatus` of Polly's `getSpeechSynthesisTask`, which answers `{SynthesisTask:
/// {TaskStatus, …}}` as its API model says: issue 64 types AWS SDK answers exactly). None of
/// the validators follows the data flow; AWS creates the definition and its Choice fails with
/// `States.Runtime` at the read (the sample's CDK versions read `$.SynthesisTask.TaskStatus`).
fn reads_a_member_the_answer_nests_at_the_top(
    our_errors: &[(String, String)],
) -> Option<&'static str> {
    let nested = |(code, message): &(String, String)| {
        let field = message
            .split("has no field `")
            .nth(1)
            .and_then(|rest| rest.split('`').next());
        code.starts_with("PATH_SELECTS_NOTHING")
            && field.is_some_and(|f| message.contains(&format!(".{f}`?")))
            && message.contains("did you mean `$.")
    };
    (!our_errors.is_empty() && our_errors.iter().all(nested)).then_some(
        "we reject reads, at the top of an AWS SDK integration's answer, of a member the answer nests one level down, as its API model says (Polly's getSpeechSynthesisTask answers `{SynthesisTask: {TaskStatus}}`): the validators follow no data flow; AWS creates the definition and fails the execution at the read",
    )
}

/// Whether every error of ours is a request DynamoDB refuses (its expression rules): the
/// validators do not read DynamoDB's expressions, and AWS creates the definition (the task
/// fails when it runs).
fn dynamodb_refuses_the_request(our_errors: &[(String, String)]) -> Option<&'static str> {
    let refused = |(code, message): &(String, String)| {
        code.starts_with("SERVICE_REFUSES_REQUEST") && message.contains("DynamoDB refuses")
    };
    (!our_errors.is_empty() && our_errors.iter().all(refused)).then_some(
        "we reject a request DynamoDB refuses by its documented expression rules (a `#name` the expression uses and `ExpressionAttributeNames` does not define): the validators do not read DynamoDB's expressions; AWS creates the definition and the task fails with DynamoDB.AmazonDynamoDBException",
    )
}

/// What our message says of a read at the top of a started execution's description.
const STARTED_EXECUTION: &str =
    "it is the description of a started execution, whose own output is its `Output`";

fn asl_validator_grammar_gap(subst: &Value, text: &str) -> bool {
    let mut stack = vec![subst];
    while let Some(v) = stack.pop() {
        match v {
            Value::String(s) => {
                let odd_path = s.starts_with('$')
                    && (s.contains(".[")
                        || s.contains("[?(")
                        || s.contains("['") && s.contains(','));
                let intrinsic_odd = s.starts_with("States.") && s.contains(".[");
                if odd_path || intrinsic_odd {
                    return true;
                }
            }
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.values()),
            _ => {}
        }
    }
    text.contains("%}\"")
        && text
            .split("{%")
            .skip(1)
            .any(|chunk| chunk.split("%}").next().is_some_and(|e| !e.ends_with(' ')))
}

fn uses_reserved_error_names(subst: &Value) -> bool {
    let mut stack = vec![subst];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    let reserved = |s: &str| {
                        s.starts_with("States.")
                            && workflow_asl::ErrorName::new(s).is_reserved_custom()
                    };
                    match (k.as_str(), v) {
                        ("ErrorEquals", Value::Array(names))
                            if names.iter().any(|n| n.as_str().is_some_and(reserved)) =>
                        {
                            return true;
                        }
                        ("Error", Value::String(s)) if reserved(s) => return true,
                        _ => stack.push(v),
                    }
                }
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    false
}

#[test]
fn substituted_verdicts_agree_with_the_four_validators_or_are_explained() {
    let Some(corpus) = support::corpus("corpus conformance") else {
        return;
    };
    let recorded = sources(&corpus);
    let files = support::json_files(&corpus.join("substituted"));
    assert_eq!(files.len(), 177);
    let mut args = vec!["validate", "--json"];
    let paths: Vec<String> = files
        .iter()
        .map(|f| f.to_str().unwrap().to_owned())
        .collect();
    args.extend(paths.iter().map(String::as_str));
    let out = workflow(&args);
    let report: Value = serde_json::from_slice(&out.stdout).expect("one JSON report");
    let mut ours = BTreeMap::new();
    for file in report["files"].as_array().unwrap() {
        let name = Path::new(file["file"].as_str().unwrap())
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        let errors: Vec<(String, String)> = file["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] == "error")
            .map(|d| {
                (
                    format!(
                        "{} at {}",
                        d["code"].as_str().unwrap(),
                        d["pointer"].as_str().unwrap()
                    ),
                    d["message"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        ours.insert(name, (file["valid"].as_bool().unwrap(), errors));
    }

    let mut unexplained = Vec::new();
    let mut disagreements = 0;
    let (mut we_accept, mut we_reject) = (0, 0);
    println!(
        "| file | asl-validator | language service | moto | localstack | workflow | explanation |"
    );
    for file in &files {
        let name = file.file_name().unwrap().to_str().unwrap();
        let verdicts = recorded
            .get(name)
            .unwrap_or_else(|| panic!("{name} missing from SOURCES.md"));
        let (valid, errors) = &ours[name];
        if *valid {
            we_accept += 1
        } else {
            we_reject += 1
        }
        let substituted = std::fs::read_to_string(file).unwrap();
        let raw_path = [
            corpus.join("raw").join(name),
            corpus.join("raw/from-yaml").join(name),
        ]
        .into_iter()
        .find(|p| p.is_file())
        .unwrap();
        let raw = std::fs::read_to_string(raw_path).unwrap();
        for (validator, theirs) in [
            ("asl-validator", verdicts.asl_validator),
            ("language service", verdicts.language_service),
            ("moto", verdicts.moto),
            ("localstack", verdicts.localstack),
        ] {
            if theirs == *valid {
                continue;
            }
            disagreements += 1;
            let why = if name == NOT_ASL {
                None
            } else {
                explain(validator, &raw, &substituted, (*valid, errors))
            };
            let verdict = |v: bool| if v { "ok" } else { "FAIL" };
            println!(
                "| {name} | {} | {} | {} | {} | {} | {validator}: {} |",
                verdict(verdicts.asl_validator),
                verdict(verdicts.language_service),
                verdict(verdicts.moto),
                verdict(verdicts.localstack),
                if *valid {
                    "ok".to_owned()
                } else {
                    format!(
                        "FAIL ({})",
                        errors
                            .iter()
                            .map(|(at, _)| at.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                },
                why.unwrap_or("UNEXPLAINED")
            );
            if why.is_none() {
                unexplained.push(format!(
                    "{name} ({validator}): ours {valid}, errors {errors:?}"
                ));
            }
        }
    }
    println!(
        "workflow validate: {we_accept} valid, {we_reject} invalid of {}; {disagreements} verdict disagreements, all explained",
        files.len()
    );
    let (not_asl_valid, not_asl_errors) = &ours[NOT_ASL];
    assert!(
        !not_asl_valid,
        "the file all four validators reject must be rejected"
    );
    assert!(
        not_asl_errors
            .iter()
            .any(|(at, _)| at.contains("/States/QueryLanguage")),
        "{not_asl_errors:?}"
    );
    assert!(
        unexplained.is_empty(),
        "unexplained disagreements:\n{}",
        unexplained.join("\n")
    );
}

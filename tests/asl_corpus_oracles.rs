//! Conformance against two independent ASL validators run fresh, file by file, on the 177
//! substituted real-world definitions of `../shared/asl-corpus` (MIT-0):
//!
//! - asl-validator 4.0.0 (npm, the strictest third-party static validator: schema, graph,
//!   JSONPath and JSONata syntax), through `tools/oracles/asl-validate.js`;
//! - amazon-states-language-service 1.16.1 (npm, AWS's own VS Code/Toolkit language service),
//!   through `tools/oracles/asls-validate.js`.
//!
//! Both are pinned in `tools/oracles/package.json` and its lock, and installed by
//! `bash scripts/oracles.sh install` (the test command runs it first). Each runs once over all
//! files; `workflow validate --json` runs once too. Every file where a verdict differs is printed
//! as a markdown table (run with `--nocapture` to see it), and every disagreement must be
//! explained in [`EXPLAINED`], written after reading the oracle's message and the file. A stale
//! explanation (no longer a disagreement) fails the test as well.
//!
//! The corpus lives beside the repository, not in it; without it this test says so and passes.
//! With the corpus present, a missing `node` or missing oracle install is a failure, not a skip.

#[path = "support/corpus.rs"]
mod support;

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The one corpus file that is not valid ASL: `"QueryLanguage": "JSONata"` sits inside `States`,
/// where every member must be a state object.
const NOT_ASL: &str = "shared-fallback-state-jsonata__statemachine__statemachine.asl.json";

const ASL_VALIDATOR: &str = "asl-validator";
const LANGUAGE_SERVICE: &str = "language service";

/// Why an oracle and `workflow validate` disagree on a file: `(file, validator, why)`.
///
/// Each `why` starts with the refused value in backticks, exactly as it stands in the file (or,
/// where we refuse a file the oracle accepts, our diagnostic's `CODE at pointer`); the test
/// checks that the refusal's messages for that file quote it, so an explanation cannot outlive
/// the rejection it explains. These samples are deployed by their authors (they are AWS's
/// own published workflows), so a form AWS refused would not be there.
/// Why we refuse `tts-converter` where both oracles accept it.
const TTS_CONVERTER_READS_A_NESTED_MEMBER: &str = "`PATH_SELECTS_NOTHING at /States/SpeechSynthesisTaskStatus/Choices/0/Variable` \
     (ours): the file's Choice reads `$.TaskStatus` at the top of the answer of \
     `aws-sdk:polly:getSpeechSynthesisTask`, which nests it in `SynthesisTask` as Polly's API \
     model says (AWS SDK integrations answer their action's output shape: \
     supported-services-awssdk.html; issue 64 types it so); the oracle follows no data flow. \
     AWS creates the definition and fails the execution at the Choice (States.Runtime); \
     the sample's CDK versions read `$.SynthesisTask.TaskStatus`";

const EXPLAINED: &[(&str, &str, &str)] = &[
    (
        "account-vending-machine__statemachine__statemachine.asl.json",
        ASL_VALIDATOR,
        "`$.[?(@.OU > 0)]` (ResultSelector `newOU.$`): asl-validator's JSONPath grammar refuses a \
         dot directly before a bracket (`$.[`); Jayway JsonPath, the dialect AWS implements, reads \
         `$.[...]` as `$[...]`, and asl-validator itself accepts `$[?(@.OU > 0)]`",
    ),
    (
        "distributed-data-stream-aggregator__statemachine__data-extraction-child.asl.json",
        LANGUAGE_SERVICE,
        "`PATH_SELECTS_NOTHING at /States/Iterate states/ItemProcessor/States/Get Data/Assign/resultCount` \
         (ours): the file reads its `states:startExecution.sync:2` child's output at the top of \
         the result (`$states.result.resultCount`, then `$states.input.csvContent`), which is \
         DescribeExecution's output, the child's output in its `Output` \
         (connect-stepfunctions.html; recorded on AWS: callback.test_callback__test_start_execution_sync2); \
         the language service follows no data flow. AWS creates the definition and fails the \
         execution at `Get Data`'s `Assign`, which gives nothing (asl-validator rejects the file \
         too, for `{% $states.input%}` without a space before `%}`)",
    ),
    (
        "distributed-data-stream-aggregator__statemachine__statemachine.asl.json",
        LANGUAGE_SERVICE,
        "`SERVICE_REFUSES_REQUEST at /States/Update DynamoDb/Arguments/UpdateExpression` (ours): \
         the file's `dynamodb:updateItem` writes `SET #CsvUrl = :fileRef` and defines only \
         `#errorCsvUrl` in `ExpressionAttributeNames`; DynamoDB refuses the request (\"An \
         expression attribute name used in the document path is not defined; attribute name: \
         #CsvUrl\", the Developer Guide's expression attribute names); the oracle does not read \
         DynamoDB's expressions. AWS creates the definition and the task fails with \
         DynamoDB.AmazonDynamoDBException (asl-validator refuses the file too, for \
         `{% $states.input.Items%}` without a space before `%}`)",
    ),
    (
        "ec2-instance-isolation-cdk__python__statemachine__statemachine.asl.json",
        ASL_VALIDATOR,
        "`$.Snapshots.[0].State` (ResultSelector `SnapshotState.$`): asl-validator's JSONPath \
         grammar refuses a dot before a bracket (`.[0]`); Jayway JsonPath reads `.[0]` as `[0]`",
    ),
    (
        "ec2-instance-isolation-sam__statemachine__statemachine.asl.json",
        ASL_VALIDATOR,
        "`$.Snapshots.[0].State` (ResultSelector `SnapshotState.$`): asl-validator's JSONPath \
         grammar refuses a dot before a bracket (`.[0]`); Jayway JsonPath reads `.[0]` as `[0]`",
    ),
    (
        "idempotent-workflow-sam__statemachine__statemachine.asl.json",
        ASL_VALIDATOR,
        "`$.[0]` (ResultSelector `results.$`): asl-validator's JSONPath grammar refuses a dot \
         before a bracket; Jayway JsonPath reads `$.[0]` as `$[0]`, which asl-validator accepts",
    ),
    (
        "idempotent-workflow__statemachine__statemachine.asl.json",
        ASL_VALIDATOR,
        "`$.[0]` (ResultSelector `results.$`): asl-validator's JSONPath grammar refuses a dot \
         before a bracket; Jayway JsonPath reads `$.[0]` as `$[0]`, which asl-validator accepts",
    ),
    (
        "parallel-agent-early-stopping__statemachine__main.asl.json",
        ASL_VALIDATOR,
        "`$.approaches[?(@.workerId == $.agent_id)].approach` (Parameters `winning_approach.$`): \
         asl-validator's filter grammar allows `@`, a literal or a `$variable` on the right of a \
         comparison but not a root path such as `$.agent_id`; Jayway filters compare against \
         `$`-rooted paths, and this is a payload template, not a reference path (where AWS does \
         forbid referencing other values)",
    ),
    (
        "parallelized-embedding-pipeline__statemachine.asl.json",
        ASL_VALIDATOR,
        "`States.StringToJson($.[0].body)` (Parameters `s3Event.$`): the intrinsic is fine; its \
         argument `$.[0].body` has a dot before a bracket, which asl-validator's JSONPath grammar \
         refuses and Jayway JsonPath reads as `$[0].body`",
    ),
    (
        "s3-glacier-multi-file-restore-sam__statemachine__statemachine.asl.json",
        ASL_VALIDATOR,
        "`$.[*].['bucket', 'key']` (ResultSelector `result.$`): asl-validator's JSONPath grammar \
         refuses a dot before a bracket and has no union of quoted names at all (it refuses \
         `$[*]['bucket','key']` too); Jayway JsonPath supports both (`['a', 'b']` selects two \
         members)",
    ),
    (
        "textract-analyze-expense-tf__statemachine__statemachine.asl.json",
        ASL_VALIDATOR,
        "`$.ExpenseDocuments[0].SummaryFields[?(@.Type.Text==AMOUNT_PAID)].ValueDetection.Text` \
         (ResultSelector `amountPaid.$`): asl-validator's filter grammar accepts only a number on \
         the right of a comparison whose left side is a nested member (`@.Type.Text`): it refuses \
         `@.Type.Text=='AMOUNT_PAID'` (quoted) as well, yet accepts `@.Type==AMOUNT_PAID`. (The \
         sibling fields filtering on `VENDOR_NAME` and `INVOICE_RECEIPT_DATE` have the same shape; \
         it reports only the first.)",
    ),
    (
        "tts-converter__statemachine__statemachine.asl.json",
        ASL_VALIDATOR,
        TTS_CONVERTER_READS_A_NESTED_MEMBER,
    ),
    (
        "tts-converter__statemachine__statemachine.asl.json",
        LANGUAGE_SERVICE,
        TTS_CONVERTER_READS_A_NESTED_MEMBER,
    ),
];

fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned()
}

/// `node` from PATH; a missing Node.js is a failure, never a skip.
fn node() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join("node"))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| {
            panic!(
                "`node` is not on PATH: the npm oracles (tools/oracles) need Node.js >= 18 and npm; \
                 install them, then run `bash scripts/setup.sh`"
            )
        })
}

fn oracles_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tools/oracles")
}

/// Starts one oracle script over every file; the three validators run concurrently. Also
/// `examples.rs`'s, on the examples' ASL.
pub(crate) fn spawn_oracle(script: &str, files: &[String]) -> Child {
    let dir = oracles_dir();
    for package in ["asl-validator", "amazon-states-language-service"] {
        assert!(
            dir.join("node_modules")
                .join(package)
                .join("package.json")
                .is_file(),
            "{package} is not installed in {}: run `bash scripts/setup.sh` \
             (scripts/test.sh does this before running the tests)",
            dir.join("node_modules").display()
        );
    }
    Command::new(node())
        .arg(dir.join(script))
        .arg("--json")
        .args(files)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start node {script}: {e}"))
}

/// One validator's verdict on one file: valid or not, and what it said (errors first).
#[derive(Debug, Clone)]
pub(crate) struct Verdict {
    pub(crate) valid: bool,
    pub(crate) errors: Vec<String>,
}

/// An oracle's `[{"file", "valid", "errors"}]`, keyed by file name. Exit 0 (all valid) and 1
/// (some invalid) are expected; 2 means a file was unreadable or not JSON, anything else a crash.
pub(crate) fn oracle_verdicts(script: &str, child: Child) -> BTreeMap<String, Verdict> {
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{script} exited with {:?}: {stderr}",
        out.status
    );
    let results: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{script} did not print one JSON array ({e}): {stderr}"));
    results
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let errors = r["errors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e.as_str().unwrap().to_owned())
                .collect();
            (
                file_name(r["file"].as_str().unwrap()),
                Verdict {
                    valid: r["valid"].as_bool().unwrap(),
                    errors,
                },
            )
        })
        .collect()
}

/// `workflow validate --json`, keyed by file name; `errors` holds `code at pointer` for every
/// error, then the same for the other diagnostics, marked with their severity.
fn workflow_verdicts(child: Child) -> BTreeMap<String, Verdict> {
    let out = child.wait_with_output().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "workflow validate --json did not print one JSON report ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| {
            let diagnostics = file["diagnostics"].as_array().unwrap();
            let describe = |d: &Value| {
                format!(
                    "{} at {}",
                    d["code"].as_str().unwrap(),
                    d["pointer"].as_str().unwrap()
                )
            };
            let mut errors: Vec<String> = diagnostics
                .iter()
                .filter(|d| d["severity"] == "error")
                .map(describe)
                .collect();
            errors.extend(
                diagnostics
                    .iter()
                    .filter(|d| d["severity"] != "error")
                    .map(|d| format!("{}: {}", d["severity"].as_str().unwrap(), describe(d))),
            );
            (
                file_name(file["file"].as_str().unwrap()),
                Verdict {
                    valid: file["valid"].as_bool().unwrap(),
                    errors,
                },
            )
        })
        .collect()
}

/// A markdown table cell: `ok`, or `FAIL: ` and the messages.
fn cell(verdict: &Verdict) -> String {
    let text = if verdict.valid {
        "ok".to_owned()
    } else {
        format!("FAIL: {}", verdict.errors.join("; "))
    };
    text.replace('|', "\\|").replace('\n', " ")
}

/// The first backtick-quoted snippet of an explanation: the value the oracle refused.
fn quoted_value(why: &str) -> &str {
    why.split('`')
        .nth(1)
        .unwrap_or_else(|| panic!("explanation does not start with a `value`: {why}"))
}

#[test]
fn workflow_validate_agrees_with_fresh_oracle_verdicts_or_explains_why() {
    let Some(corpus) = support::corpus("oracle conformance") else {
        return;
    };
    let files = support::json_files(&corpus.join("substituted"));
    assert_eq!(files.len(), 177, "the corpus has 177 substituted files");
    let paths: Vec<String> = files
        .iter()
        .map(|f| f.to_str().unwrap().to_owned())
        .collect();

    let asl_validator = spawn_oracle("asl-validate.js", &paths);
    let language_service = spawn_oracle("asls-validate.js", &paths);
    let workflow = Command::new(env!("CARGO_BIN_EXE_workflow"))
        .args(["validate", "--json"])
        .args(&paths)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let ours = workflow_verdicts(workflow);
    let oracles = [
        (
            ASL_VALIDATOR,
            oracle_verdicts("asl-validate.js", asl_validator),
        ),
        (
            LANGUAGE_SERVICE,
            oracle_verdicts("asls-validate.js", language_service),
        ),
    ];

    let names: Vec<String> = paths.iter().map(|p| file_name(p)).collect();
    for (validator, verdicts) in oracles
        .iter()
        .map(|(v, m)| (v, m.keys()))
        .chain([(&"workflow", ours.keys())])
    {
        assert!(
            verdicts.eq(names.iter()),
            "{validator} did not report exactly the 177 files"
        );
    }

    let explained: BTreeMap<(&str, &str), &str> = EXPLAINED
        .iter()
        .map(|&(file, validator, why)| ((file, validator), why))
        .collect();
    assert_eq!(
        explained.len(),
        EXPLAINED.len(),
        "EXPLAINED has a duplicate entry"
    );

    let mut unexplained = Vec::new();
    let mut current = Vec::new();
    let mut rows = Vec::new();
    for name in &names {
        let our = &ours[name];
        let mut whys = Vec::new();
        for (validator, verdicts) in &oracles {
            let theirs = &verdicts[name];
            if theirs.valid == our.valid {
                continue;
            }
            current.push((name.as_str(), *validator));
            match explained.get(&(name.as_str(), *validator)) {
                Some(why) => {
                    // What the explanation quotes: the oracle's refusal, or ours where the
                    // oracle accepts what we refuse.
                    let value = quoted_value(why);
                    let refusal = if theirs.valid {
                        &our.errors
                    } else {
                        &theirs.errors
                    };
                    assert!(
                        refusal.iter().any(|e| e.contains(value)),
                        "the explanation of {validator} on {name} quotes `{value}`, but the \
                         refusal's messages do not: {refusal:?}"
                    );
                    whys.push(format!("{validator}: {why}"));
                }
                None => {
                    unexplained.push(format!(
                        "{name}: {validator} says {}, workflow says {}",
                        cell(theirs),
                        cell(our)
                    ));
                    whys.push(format!("{validator}: UNEXPLAINED"));
                }
            }
        }
        if !whys.is_empty() {
            rows.push(format!(
                "| {name} | {} | {} | {} | {} |",
                cell(&oracles[0].1[name]),
                cell(&oracles[1].1[name]),
                cell(our),
                whys.join(" ")
            ));
        }
    }

    println!("| file | asl-validator | language service | workflow | explanation |");
    println!("|---|---|---|---|---|");
    for row in &rows {
        println!("{row}");
    }
    println!();
    let count = |verdicts: &BTreeMap<String, Verdict>| {
        let valid = verdicts.values().filter(|v| v.valid).count();
        (valid, verdicts.len() - valid)
    };
    for (validator, verdicts) in oracles
        .iter()
        .map(|(v, m)| (*v, m))
        .chain([("workflow validate", &ours)])
    {
        let (valid, invalid) = count(verdicts);
        println!("{validator}: {valid} valid, {invalid} invalid");
    }
    let all_reject: Vec<&String> = names
        .iter()
        .filter(|n| !ours[*n].valid && oracles.iter().all(|(_, v)| !v[*n].valid))
        .collect();
    println!("rejected by all three: {all_reject:?}");
    println!(
        "{} files with a differing verdict, {} disagreements, {} unexplained",
        rows.len(),
        current.len(),
        unexplained.len()
    );

    // (a) the one file that is not ASL is rejected, for the right reason.
    let not_asl = &ours[NOT_ASL];
    assert!(!not_asl.valid, "{NOT_ASL} must be rejected");
    assert!(
        not_asl
            .errors
            .iter()
            .any(|e| e == "SCHEMA_VALIDATION_FAILED at /States/QueryLanguage"),
        "{:?}",
        not_asl.errors
    );
    // (b) every disagreement is explained.
    assert!(
        unexplained.is_empty(),
        "disagreements without an entry in EXPLAINED:\n{}",
        unexplained.join("\n")
    );
    // (c) every explanation is of a current disagreement.
    let stale: Vec<_> = EXPLAINED
        .iter()
        .filter(|(file, validator, _)| !current.contains(&(*file, *validator)))
        .map(|(file, validator, _)| format!("{file} ({validator})"))
        .collect();
    assert!(
        stale.is_empty(),
        "EXPLAINED entries that are no longer disagreements (remove them):\n{}",
        stale.join("\n")
    );
}

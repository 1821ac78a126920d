//! Definition sources on real output: the CDK apps of `tests/cdk/apps.js` synthesised once per
//! run by aws-cdk-lib (one node process writes the whole cloud assembly), the SAM application
//! and the CDK shape of `tests/cfn/`, each read by every command that takes a definition
//! (`list`, `validate`, `graph`, `types`, `import` (of the assembly's machines: in
//! `import_corpus.rs`, which compiles them), `run`, `test`, `test-state`, `replay`, `resume`,
//! `coverage`), and AWS's own SAM templates (`tests/cfn/aws-samples/`).
//! The assembly needs Node.js and `bash scripts/cdk.sh install` (the test command's setup runs
//! it); without them these tests fail, saying so.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workflow-cli sits inside the workspace")
        .to_path_buf()
}

fn workflow(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_workflow"))
        .args(args)
        .output()
        .expect("the workflow binary runs")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The cloud assembly of `tests/cdk/apps.js`, synthesised once for every test of this run.
pub(crate) fn assembly() -> &'static Path {
    static ASSEMBLY: OnceLock<PathBuf> = OnceLock::new();
    ASSEMBLY.get_or_init(|| {
        let modules = repo_root().join("tools/cdk/node_modules");
        assert!(
            modules.join("aws-cdk-lib/package.json").is_file(),
            "aws-cdk-lib is not installed in {}: run `bash scripts/setup.sh` (or `bash scripts/cdk.sh install`); scripts/test.sh does this before running the tests",
            modules.display()
        );
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cdk_sources/cdk.out");
        // What the assembly is made of: the apps, the file one reads, the pinned packages. An
        // assembly synthesised from the same (by an earlier run) is not synthesised again.
        let inputs: String = [
            "tests/cdk/apps.js",
            "tests/cdk/from_file.asl.json",
            "tools/cdk/package-lock.json",
            "tools/cdk/node_modules/.cdk-lock-sha256",
        ]
        .iter()
        .map(|f| std::fs::read_to_string(repo_root().join(f)).unwrap_or_default())
        .collect();
        let stamp = out.join(".inputs");
        if std::fs::read_to_string(&stamp).is_ok_and(|s| s == inputs) {
            return out;
        }
        let _ = std::fs::remove_dir_all(&out);
        let synth = Command::new("node")
            .arg(repo_root().join("tests/cdk/apps.js"))
            .arg(&out)
            .env("NODE_PATH", &modules)
            .output()
            .unwrap_or_else(|e| {
                panic!("`node` does not run ({e}): the CDK apps' tests need Node.js >= 18 on PATH, then `bash scripts/setup.sh`")
            });
        assert!(synth.status.success(), "node tests/cdk/apps.js failed:\n{}", text(&synth));
        std::fs::write(&stamp, inputs).unwrap_or_else(|e| panic!("{}: {e}", stamp.display()));
        out
    })
}

/// `workflow list SOURCE --json`'s machines.
pub(crate) fn machines(source: &Path) -> Vec<Value> {
    let listed = workflow(&["list", &source.display().to_string(), "--json"]);
    let json: Value =
        serde_json::from_slice(&listed.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&listed)));
    json["machines"].as_array().cloned().unwrap_or_default()
}

/// The logical id of the only resource of `type_name` in `template`.
fn logical_id(template: &Path, type_name: &str) -> String {
    let value: Value = serde_json::from_str(&std::fs::read_to_string(template).unwrap_or_default())
        .unwrap_or_default();
    let ids: Vec<&String> = value["Resources"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, r)| r["Type"] == type_name)
        .map(|(id, _)| id)
        .collect();
    assert_eq!(ids.len(), 1, "{type_name} in {}", template.display());
    ids[0].clone()
}

#[test]
fn every_command_reads_every_machine_of_the_assembly() {
    let cdk = assembly();
    let all = machines(cdk);
    let names: Vec<&str> = all.iter().filter_map(|m| m["name"].as_str()).collect();
    let suffixes = [
        "#Orders/Flow",
        "#Orders/FromString",
        "#Orders/FromFile",
        "#Consumer/Uses",
        "#WeakConsumer/Uses",
        "#Parent/Inner/Nested",
        "#Jsonata/Plain",
        "#Jsonata/MapParameters",
        "#Jsonata/WriterParameters",
        "#Prod/Orders/Flow",
        "#Prod/Orders/FromString",
        "#Prod/Orders/FromFile",
    ];
    for suffix in suffixes {
        assert!(
            names.iter().any(|n| n.ends_with(suffix)),
            "{suffix} not in {names:?}"
        );
    }
    let mut handled = std::collections::BTreeMap::<&str, usize>::new();
    // Every machine of the assembly validated by one command, a report each.
    let validated = workflow(&["validate", "--json", &cdk.display().to_string()]);
    assert_eq!(validated.status.code(), Some(1), "{}", text(&validated));
    let report: Value = serde_json::from_slice(&validated.stdout).unwrap_or_default();
    for file in report["files"].as_array().into_iter().flatten() {
        let refused_by_aws = file["constructPath"] == "Jsonata/MapParameters";
        assert_eq!(file["valid"], !refused_by_aws, "{file}");
        *handled.entry("validate").or_default() += 1;
    }
    // `import` of each: `import_corpus.rs`, which compiles what it prints.
    for machine in &all {
        let name = machine["name"].as_str().unwrap_or_default();
        assert!(machine["error"].is_null(), "{name}: {}", machine["error"]);
        // The definition resolved entirely: no `${…}` left, no function left.
        let fmt = workflow(&["fmt", name]);
        assert!(fmt.status.success(), "fmt {name}: {}", text(&fmt));
        let definition = String::from_utf8_lossy(&fmt.stdout);
        assert!(
            !definition.contains("${") && !definition.contains("Fn::"),
            "{name}: {definition}"
        );
        *handled.entry("fmt").or_default() += 1;
        for (command, args) in [
            ("graph", vec!["graph", name, "--format", "dot"]),
            ("types", vec!["types", name, "--json"]),
            ("run", vec!["run", name, "--json", "--errors-as-warnings"]),
        ] {
            let out = workflow(&args);
            let code = out.status.code();
            let expected = match command {
                // A run of a machine whose Tasks nothing answers fails; it runs.
                "run" => code.filter(|c| *c <= 1),
                _ => Some(0),
            };
            assert_eq!(code, expected, "{command} {name}: {}", text(&out));
            *handled.entry(command).or_default() += 1;
        }
    }
    eprintln!("machines handled per command: {handled:?}");
    assert!(handled.values().all(|n| *n == all.len()));
}

#[test]
fn references_become_the_arns_of_the_resources_they_name() {
    let cdk = assembly();
    let shared = logical_id(&cdk.join("Shared.template.json"), "AWS::Lambda::Function");
    let parent = logical_id(&cdk.join("Parent.template.json"), "AWS::Lambda::Function");
    let asl = |name: &str| -> Value {
        let out = workflow(&["fmt", &format!("{}#{name}", cdk.display())]);
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out)))
    };
    // Across stacks (an export and its Fn::ImportValue), and into a nested stack (a parameter).
    let uses = asl("Consumer/Uses");
    assert_eq!(
        uses["States"]["Work"]["Parameters"]["FunctionName"],
        format!("arn:aws:lambda:us-east-1:123456789012:function:{shared}")
    );
    // A weak reference across stacks: Fn::GetStackOutput, the producer's plain output.
    let weak = asl("WeakConsumer/Uses");
    assert_eq!(
        weak["States"]["Work"]["Parameters"]["FunctionName"],
        uses["States"]["Work"]["Parameters"]["FunctionName"]
    );
    let all = machines(cdk);
    let needed = |construct: &str, function: &str| {
        all.iter()
            .find(|m| m["constructPath"] == construct)
            .is_some_and(|m| m["intrinsics"][function].as_u64() > Some(0))
    };
    assert!(needed("WeakConsumer/Uses", "Fn::GetStackOutput"));
    assert!(needed("Consumer/Uses", "Fn::ImportValue"));
    let nested = asl("Parent/Inner/Nested");
    assert_eq!(
        nested["States"]["Work"]["Parameters"]["FunctionName"],
        format!("arn:aws:lambda:us-east-1:123456789012:function:{parent}")
    );
    // A Stage's stack: its environment's region and account; a function named by its
    // FunctionName.
    let prod = asl("Prod/Orders/Flow");
    assert_eq!(
        prod["States"]["Ship it"]["Parameters"]["FunctionName"],
        "arn:aws:lambda:eu-west-1:111122223333:function:ship-orders"
    );
    // A definition from a file: the asset the assembly holds, substituted.
    let from_file = asl("Orders/FromFile");
    let queue = logical_id(&cdk.join("Orders.template.json"), "AWS::SQS::Queue");
    assert_eq!(
        from_file["States"]["Enqueue"]["Parameters"]["QueueUrl"],
        format!("https://sqs.us-east-1.amazonaws.com/123456789012/{queue}")
    );
    // The same logical id in two stacks: named by its construct path.
    let ambiguous = workflow(&[
        "fmt",
        &format!("{}#{}", cdk.display(), machine_id(&all, "Orders/Flow")),
    ]);
    assert_eq!(ambiguous.status.code(), Some(2), "{}", text(&ambiguous));
    assert!(
        text(&ambiguous).contains("Prod/Orders/Flow"),
        "{}",
        text(&ambiguous)
    );
}

/// The logical id of the machine at construct path `construct`.
fn machine_id(all: &[Value], construct: &str) -> String {
    all.iter()
        .find(|m| m["constructPath"] == construct)
        .and_then(|m| m["logicalId"].as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Where the first `needle` after line `after` is in `file`: its line and column.
fn find(file: &Path, needle: &str, after: usize) -> (usize, usize) {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    for (i, line) in text.lines().enumerate().skip(after) {
        if let Some(at) = line.find(needle) {
            return (i + 1, line[..at].chars().count() + 1);
        }
    }
    panic!("{needle} not in {}", file.display())
}

#[test]
fn the_shapes_cdk_emits_that_aws_refuses_are_caught_at_the_templates_line() {
    let cdk = assembly();
    let template = cdk.join("Jsonata.template.json");
    // aws-cdk issue 34352, synthesised: `Parameters` in a JSONata machine's Map.
    let out = workflow(&[
        "validate",
        "--json",
        &format!("{}#Jsonata/MapParameters", cdk.display()),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let d = &report["files"][0]["diagnostics"][0];
    assert_eq!(d["code"], "JSONPATH_FIELD_IN_JSONATA_STATE", "{report}");
    assert!(
        d["message"].as_str().unwrap_or_default().contains(
            "The QueryLanguage is set to 'JSONata', but field 'Parameters' is only supported for the 'JSONPath' QueryLanguage"
        ),
        "{d}"
    );
    let machine_line = machines(cdk)
        .into_iter()
        .find(|m| m["constructPath"] == "Jsonata/MapParameters")
        .and_then(|m| m["line"].as_u64())
        .unwrap_or_default() as usize;
    let (line, column) = find(&template, "\\\"Parameters\\\"", machine_line);
    assert_eq!(d["file"], template.display().to_string(), "{d}");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(line as u64), Some(column as u64)),
        "{d}"
    );
    assert_eq!(report["files"][0]["constructPath"], "Jsonata/MapParameters");
    // aws-cdk issues 35403 and 35834, as CDK emitted them before the fix: `Parameters` in a
    // JSONata Distributed Map's ResultWriter.
    let shape = repo_root().join("tests/cfn/cdk_35403.template.json");
    let out = workflow(&["validate", &shape.display().to_string()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let (line, column) = find(&shape, "\\\"Parameters\\\"", 0);
    let printed = text(&out);
    assert!(
        printed.contains(&format!(
            "cdk_35403.template.json:{line}:{column}: error[JSONPATH_FIELD_IN_JSONATA_STATE]"
        )) && printed
            .contains("These fields are required: [Arguments] at /States/Spread/ResultWriter"),
        "{printed}"
    );
}

#[test]
fn a_sam_application_is_read_imported_and_run() {
    let template = repo_root().join("tests/cfn/sam_orders.yaml");
    let shown = template.display().to_string();
    let listed = machines(&template);
    assert_eq!(listed.len(), 2, "{listed:?}");
    let checkout = format!("{shown}#Checkout");
    let validate = workflow(&["validate", &shown]);
    assert!(validate.status.success(), "{}", text(&validate));
    // The inline definition's intrinsics resolved: the condition's branch, the mapping's value.
    let fmt = workflow(&["fmt", &checkout]);
    let asl: Value = serde_json::from_slice(&fmt.stdout).unwrap_or_default();
    assert_eq!(
        asl["States"]["Tell"]["Parameters"]["Message"],
        "test order recorded"
    );
    assert_eq!(asl["States"]["Charge"]["Retry"][0]["MaxAttempts"], 1);
    assert_eq!(
        asl["States"]["Record"]["Parameters"]["TableName"],
        "orders-test"
    );
    // Imported as the macro's own integrations, faithful (the command checks the expansion).
    let import = workflow(&["import", &checkout]);
    assert!(import.status.success(), "{}", text(&import));
    let source = String::from_utf8_lossy(&import.stdout);
    assert!(
        source.contains("lambda::invoke {")
            && source.contains(
                "FunctionName: \"arn:aws:lambda:us-east-1:123456789012:function:charge-test\""
            )
            && source.contains("//   Fn::GetAtt ChargeFunction.Arn = "),
        "{source}"
    );
    // One state, as TestState runs it; the whole run, recorded for coverage at the template's
    // lines; the run replayed on its own history.
    let state = workflow(&[
        "test-state",
        &checkout,
        "--state",
        "Tell",
        "--mock-result",
        "{}",
    ]);
    assert!(state.status.success(), "{}", text(&state));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let coverage = dir.path().join("coverage");
    let run = workflow(&[
        "run",
        &checkout,
        "--input",
        r#"{"id": "o-1"}"#,
        "--json",
        "--history",
        "--mock-config",
        &mocks(dir.path()),
        "--test-case",
        "Ok",
        "--coverage",
        &coverage.display().to_string(),
    ]);
    assert!(run.status.success(), "{}", text(&run));
    let ran: Value = serde_json::from_slice(&run.stdout).unwrap_or_default();
    // The test cases of a mock configuration, run on the template's machine (a cases file's
    // `Definition` names it, as every command does).
    let cases = dir.path().join("cases.json");
    let cases_json = serde_json::json!({"StateMachines": {"Checkout": {
        "Definition": checkout,
        "TestCases": {
            "Ok": {"Input": {"id": "o-1"}, "States": ["Charge", "Record", "Tell"]},
            "Down": {"Input": {"id": "o-2"}, "Error": "SNS.Down"}}}}});
    std::fs::write(&cases, cases_json.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let tested = workflow(&[
        "test",
        &mocks(dir.path()),
        "--cases",
        &cases.display().to_string(),
    ]);
    assert!(tested.status.success(), "{}", text(&tested));
    let history = dir.path().join("history.json");
    std::fs::write(
        &history,
        serde_json::json!({"events": ran["history"]}).to_string(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let replay = workflow(&[
        "replay",
        &checkout,
        "--history",
        &history.display().to_string(),
    ]);
    assert!(replay.status.success(), "{}", text(&replay));
    // A failed run resumed on the template's machine: what succeeded is taken from the record.
    let failed = workflow(&[
        "run",
        &checkout,
        "--input",
        r#"{"id": "o-2"}"#,
        "--json",
        "--history",
        "--mock-config",
        &mocks(dir.path()),
        "--test-case",
        "Down",
    ]);
    assert_eq!(failed.status.code(), Some(1), "{}", text(&failed));
    let failed: Value = serde_json::from_slice(&failed.stdout).unwrap_or_default();
    std::fs::write(
        &history,
        serde_json::json!({"events": failed["history"]}).to_string(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let resumed = workflow(&[
        "resume",
        &checkout,
        "--history",
        &history.display().to_string(),
        "--json",
        "--mock-config",
        &mocks(dir.path()),
        "--test-case",
        "Ok",
    ]);
    assert!(resumed.status.success(), "{}", text(&resumed));
    let resumed: Value = serde_json::from_slice(&resumed.stdout).unwrap_or_default();
    assert_eq!(
        (
            &resumed["resumedAt"]["state"],
            &resumed["replayedStates"],
            &resumed["liveStates"]
        ),
        (&Value::from("Tell"), &Value::from(2), &Value::from(1)),
        "{resumed}"
    );
    let lcov = workflow(&[
        "coverage",
        &coverage.display().to_string(),
        "--format",
        "lcov",
    ]);
    let lcov = text(&lcov);
    let (charge, _) = find(&template, "Charge:", 40);
    assert!(
        lcov.contains(&format!("SF:{shown}")) && lcov.contains(&format!("DA:{charge},1")),
        "{lcov}"
    );
}

/// A mock configuration answering the SAM application's Tasks, written in `dir`.
fn mocks(dir: &Path) -> String {
    let path = dir.join("mocks.json");
    let config = serde_json::json!({
        "StateMachines": {"Checkout": {"TestCases": {
            "Ok": {"Charge": "Charged", "Record": "Recorded", "Tell": "Told"},
            "Down": {"Charge": "Charged", "Record": "Recorded", "Tell": "Fails"}}}},
        "MockedResponses": {
            "Charged": {"0": {"Return": {"StatusCode": 200, "Payload": {}}}},
            "Recorded": {"0": {"Return": {}}},
            "Told": {"0": {"Return": {"MessageId": "m-1"}}},
            "Fails": {"0": {"Throw": {"Error": "SNS.Down", "Cause": "try again"}}}
        }
    });
    std::fs::write(&path, config.to_string()).unwrap_or_else(|e| panic!("{e}"));
    path.display().to_string()
}

/// Every `template.yaml`/`template.yml` under `dir`, sorted.
fn templates_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .file_name()
                .is_some_and(|n| n == "template.yaml" || n == "template.yml")
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Each of `counts` as `name n`, by count then name.
fn ranked(counts: &std::collections::BTreeMap<String, usize>) -> String {
    let mut all: Vec<(&String, &usize)> = counts.iter().collect();
    all.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    all.iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// AWS's own SAM templates (`tests/cfn/aws-samples/`, MIT-0, with the definition files their
/// `DefinitionUri` names) and this repository's two: every machine listed and resolved by one
/// `workflow list --json`, and validated by one `workflow validate --json`. Prints what the
/// resolutions needed, what stayed unresolved and why, and what the validator found.
#[test]
fn aws_samples_sam_templates_are_listed_resolved_and_validated() {
    let samples = repo_root().join("tests/cfn/aws-samples");
    let mut templates = templates_under(&samples);
    let sampled = templates.len();
    templates.push(repo_root().join("tests/cfn/sam_orders.yaml"));
    templates.push(repo_root().join("tests/cfn/cdk_35403.template.json"));
    let args: Vec<String> = templates.iter().map(|t| t.display().to_string()).collect();
    let mut list = vec!["list".to_owned(), "--json".to_owned()];
    list.extend(args.iter().cloned());
    let list: Vec<&str> = list.iter().map(String::as_str).collect();
    let listed = workflow(&list);
    let json: Value =
        serde_json::from_slice(&listed.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&listed)));
    let machines = json["machines"].as_array().cloned().unwrap_or_default();
    // A template that cannot be read is named on standard error, with its line, after the
    // others are listed.
    let stderr = String::from_utf8_lossy(&listed.stderr);
    let unreadable: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("workflow list: "))
        .collect();
    // Every other template holds a machine: each was chosen for declaring one.
    for template in &templates {
        let shown = template.display().to_string();
        assert!(
            machines.iter().any(|m| m["name"]
                .as_str()
                .is_some_and(|n| n.starts_with(&format!("{shown}#"))))
                || unreadable
                    .iter()
                    .any(|u| u.starts_with(&format!("{shown}:"))),
            "no machine listed for {shown}: {stderr}"
        );
    }
    let mut intrinsics = std::collections::BTreeMap::<String, usize>::new();
    let mut needing = std::collections::BTreeMap::<String, usize>::new();
    let mut unresolved = Vec::new();
    let mut resolved = 0;
    for machine in &machines {
        let name = machine["name"].as_str().unwrap_or_default();
        match machine["error"].as_str() {
            Some(error) => {
                // Each names the template's line of what it could not resolve, and why: what
                // only the deployment knows (a parameter without `Default`, a resource's
                // generated id, what a type the table lacks returns), a definition held in S3,
                // a `DefinitionUri` file the sample does not hold.
                let short = name.trim_start_matches(&format!("{}/", samples.display()));
                let why = [
                    "has no `Default`",
                    "returns is not known here",
                    "the definition is held in S3",
                    "No such file",
                ];
                assert!(
                    error.contains(".yaml:") || error.contains(".yml:"),
                    "{short}: {error}"
                );
                assert!(why.iter().any(|w| error.contains(w)), "{short}: {error}");
                unresolved.push(format!("{short}: {}", error.lines().next().unwrap_or("")));
            }
            None => {
                resolved += 1;
                for (function, n) in machine["intrinsics"].as_object().into_iter().flatten() {
                    *intrinsics.entry(function.clone()).or_default() +=
                        n.as_u64().unwrap_or(0) as usize;
                    *needing.entry(function.clone()).or_default() += 1;
                }
            }
        }
    }
    let mut validate = vec!["validate".to_owned(), "--json".to_owned()];
    validate.extend(args.iter().cloned());
    let validate: Vec<&str> = validate.iter().map(String::as_str).collect();
    let validated = workflow(&validate);
    let report: Value = serde_json::from_slice(&validated.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", text(&validated)));
    let files = report["files"].as_array().cloned().unwrap_or_default();
    let mut codes = std::collections::BTreeMap::<String, usize>::new();
    let mut valid = 0;
    for file in &files {
        if file["error"].is_string() {
            continue;
        }
        if file["valid"] == true {
            valid += 1;
        }
        for d in file["diagnostics"].as_array().into_iter().flatten() {
            if d["severity"] == "error" {
                *codes
                    .entry(d["code"].as_str().unwrap_or_default().to_owned())
                    .or_default() += 1;
                // At the template's line, or the definition file's.
                assert!(d["line"].is_u64(), "{d}");
            }
        }
    }
    eprintln!(
        "templates: {} given ({sampled} of AWS's samples), {} read; machines: {}, resolved \
         {resolved}, valid {valid}",
        templates.len(),
        templates.len() - unreadable.len(),
        machines.len()
    );
    eprintln!("intrinsics (uses): {}", ranked(&intrinsics));
    eprintln!("intrinsics (machines needing them): {}", ranked(&needing));
    eprintln!("errors by code: {}", ranked(&codes));
    eprintln!(
        "unresolved ({}):\n  {}",
        unresolved.len(),
        unresolved.join("\n  ")
    );
    eprintln!(
        "unreadable ({}):\n  {}",
        unreadable.len(),
        unreadable.join("\n  ")
    );
    // Exit 2 for a template that cannot be read, else 1 for a machine that cannot be resolved.
    let expected = match (unreadable.is_empty(), unresolved.is_empty()) {
        (false, _) => 2,
        (true, false) => 1,
        (true, true) => 0,
    };
    assert_eq!(listed.status.code(), Some(expected), "{stderr}");
    // What the samples hold today (a change of the reader that reads fewer fails here): 92
    // machines in the 78 templates read; 15 not resolved, each for a reason above; 8 templates
    // that YAML 1.2 refuses (a key written twice, indentation that PyYAML, which SAM's CLI
    // uses, lets pass), each named with its line.
    assert_eq!(
        (machines.len(), machines.len() - resolved, unreadable.len()),
        (92, 15, 8)
    );
    // Validated is what was resolved: one report a machine.
    assert_eq!(files.len(), machines.len() + unreadable.len(), "{report}");
}

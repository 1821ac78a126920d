//! Import round trips: a definition imported, the printed invocation parsed, lowered and
//! checked like the macro does, and the ASL compared with the original JSON — over every file
//! of the shared corpus.

use super::{ImportError, import};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Imports `definition` and returns the ASL JSON the printed invocation expands to (`import`
/// expands it back and refuses what is not JSON-equal: `ImportError::NotFaithful`), or why it
/// was not imported.
fn compile_import(definition: &str) -> Result<Value, String> {
    let printed = import(definition, "Imported").map_err(|e| match e {
        ImportError::Invalid(_) => format!("import: {e}"),
        ImportError::NotFaithful(_) => e.to_string(),
    })?;
    let body = printed
        .trim_end()
        .strip_prefix("workflow! {")
        .and_then(|rest| rest.strip_suffix('}'))
        .unwrap_or(&printed);
    let tokens: proc_macro2::TokenStream = body
        .parse()
        .map_err(|e| format!("tokenize: {e}\n{printed}"))?;
    let asl = crate::definition_json(tokens).map_err(|e| format!("{e:#?}\n{printed}"))?;
    serde_json::from_str(&asl).map_err(|e| e.to_string())
}

#[test]
fn an_invocation_that_means_another_definition_is_not_faithful() {
    let definition = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}"#;
    let other = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": 1, "End": true}}}"#;
    let printed = import(other, "Other").expect("imported");
    assert!(matches!(
        super::faithful(definition, &printed),
        Err(ImportError::NotFaithful(_))
    ));
    assert!(super::faithful(other, &printed).is_ok());
}

fn corpus() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/asl-corpus/raw");
    assert!(
        dir.is_dir(),
        "the shared corpus is missing at {}: the import round trip needs ../shared/ beside the repository",
        dir.display()
    );
    dir
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_valid_corpus_file_round_trips() {
    let dir = corpus();
    let mut files = json_files(&dir);
    files.extend(json_files(&dir.join("from-yaml")));
    let mut passed = 0;
    let mut failures = Vec::new();
    let mut refused = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let original: Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => panic!("{} is not JSON: {e}", file.display()),
        };
        match compile_import(&text) {
            Ok(value) if value == original => passed += 1,
            Ok(value) => failures.push(format!(
                "{}: the ASL differs:\n  file:     {}\n  imported: {}",
                file.display(),
                original,
                value
            )),
            Err(e) if e.starts_with("import: ") => refused.push(format!(
                "{}: {e}",
                file.file_name().unwrap_or_default().to_string_lossy()
            )),
            Err(e) => failures.push(format!("{}: {e}", file.display())),
        }
    }
    // The four files the validator refuses: one puts `QueryLanguage` among the states, one
    // reads a started execution's own output at the top of its `.sync:2` description (the
    // child's output is its `Output`; AWS fails the execution there), one reads Polly's
    // `TaskStatus` at the top of `getSpeechSynthesisTask`'s answer, which nests it in
    // `SynthesisTask` (its Choice fails on AWS; the sample's CDK versions read it there), and
    // one updates DynamoDB with `#CsvUrl`, which its `ExpressionAttributeNames` does not
    // define (DynamoDB refuses the request).
    // (`idempotent-workflow` retries the optimized `dynamodb:getItem` and `updateItem` on the
    // AWS SDK's `DynamoDb.…` names, which that integration never raises: AWS accepts it, the
    // retriers never match; it is imported, those names written as strings, taken as meant.)
    refused.sort();
    assert_eq!(refused.len(), 4, "refused: {refused:#?}");
    assert!(
        refused[1].starts_with("distributed-data-stream-aggregator__statemachine__statemachine")
            && refused[1].contains("attribute name: #CsvUrl"),
        "{refused:#?}"
    );
    refused.remove(1);
    assert!(
        refused[0]
            .starts_with("distributed-data-stream-aggregator__statemachine__data-extraction-child")
            && refused[0].contains("$states.result.Output.resultCount"),
        "{refused:#?}"
    );
    assert!(
        refused[1].starts_with("shared-fallback-state-jsonata")
            && refused[1].contains("at /States/QueryLanguage"),
        "{refused:#?}"
    );
    assert!(
        refused[2].starts_with("tts-converter__statemachine")
            && refused[2].contains("did you mean `$.SynthesisTask.TaskStatus`?"),
        "{refused:#?}"
    );
    eprintln!(
        "import round trip: {passed} of {} corpus files JSON-equal after import → parse → lower → check; {} refused",
        files.len(),
        refused.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} files do not round-trip:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
    assert_eq!(passed, 173, "the corpus has 173 files the validator passes");
}

#[test]
fn the_not_json_file_is_refused_with_its_position() {
    let file = corpus()
        .join("invalid-json/sfn-iot-data-analytics-dataset__statemachine__statemachine.asl.json");
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    match import(&text, "Broken") {
        Err(ImportError::Invalid(diagnostics)) => {
            let shown = diagnostics
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n");
            assert!(shown.contains("10"), "the error names line 10: {shown}");
        }
        Ok(printed) => panic!("an invalid file was imported:\n{printed}"),
        Err(e @ ImportError::NotFaithful(_)) => panic!("{e}"),
    }
}

#[test]
fn a_small_definition_reads_as_a_person_would_write_it() {
    let definition = r#"{
        "Comment": "Orders.",
        "StartAt": "Check",
        "States": {
            "Check": {"Type": "Choice", "Choices": [
                {"Variable": "$.total", "NumericGreaterThan": 100, "Next": "Big"},
                {"Not": {"Variable": "$.id", "IsPresent": true}, "Next": "Big"}
            ], "Default": "Small"},
            "Big": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "${Fn}", "Payload.$": "$"},
                "Retry": [{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 2}],
                "End": true},
            "Small": {"Type": "Succeed"}
        }
    }"#;
    let printed = import(definition, "Orders").unwrap_or_else(|e| panic!("{e}"));
    let expected = r#"workflow! {
    /// Orders.
    pub Orders {
        substitutions { Fn: string }

        "Check": choice {
            when $.total > 100 => "Big",
            when !(is_present($.id)) => "Big",
            otherwise => "Small",
        };

        "Big": lambda::invoke { FunctionName: "${Fn}", Payload: $ }
            retry [States.TaskFailed] (max_attempts = 2);

        "Small": succeed;
    }
}
"#;
    assert_eq!(printed, expected);
}

#[test]
fn actions_import_in_snake_case_and_lower_back_to_their_capitals() {
    let definition = r#"{
        "StartAt": "Instances",
        "States": {
            "Instances": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:rds:describeDBInstances", "Next": "Objects"},
            "Objects": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2", "Parameters": {"Bucket": "b"}, "Next": "Job"},
            "Job": {"Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun.sync", "Parameters": {"JobName": "j"}, "End": true}
        }
    }"#;
    let printed = import(definition, "Actions").unwrap_or_else(|e| panic!("{e}"));
    for path in [
        "aws_sdk::rds::describe_db_instances",
        "aws_sdk::s3::list_objects_v2",
        "glue::start_job_run.sync",
    ] {
        assert!(printed.contains(path), "{path} in {printed}");
    }
    let original: Value = serde_json::from_str(definition).unwrap_or_default();
    assert_eq!(compile_import(definition), Ok(original));
}

//! The wire codec (feature `wire`) against botocore and moto, over every operation of the
//! services `workflow run --aws-endpoint` is tested with and of each protocol's example
//! services: `tools/aws-models/wire_oracle.py` fills a request and an answer per operation,
//! this test encodes the request and decodes the answer (and each modeled error) with the codec,
//! and the script compares the requests with botocore's own serialization of the same input and
//! the outputs with what botocore's parser reads of moto's answer (see the script for what is
//! compared). Needs the repository's moto venv (`bash scripts/moto.sh install`); fails when it
//! is missing.
#![cfg(feature = "wire")]

use base64::Engine as _;
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;
use workflow_aws_models::{ResultNaming, Service, WireResponse};

const INSTALL: &str = "bash scripts/moto.sh install";

/// The services walked: the five the suite runs against moto (S3, DynamoDB, SQS, SNS,
/// EventBridge), those of the optimized integrations and `.sync` jobs the README names, and one
/// more per protocol (EC2, IAM for query, Route 53 for REST-XML with a named input element).
const SERVICES: &[&str] = &[
    "s3",
    "dynamodb",
    "sqs",
    "sns",
    "events",
    "lambda",
    "stepfunctions",
    "glue",
    "batch",
    "ecs",
    "sagemaker",
    "athena",
    "ec2",
    "iam",
    "route53",
];

fn b64(text: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .expect("the oracle writes base64")
}

fn headers(value: &Value) -> Vec<(String, String)> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|pair| {
            Some((
                pair.get(0)?.as_str()?.to_owned(),
                pair.get(1)?.as_str()?.to_owned(),
            ))
        })
        .collect()
}

#[test]
fn every_operation_round_trips_as_botocore_and_moto_put_it_on_the_wire() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let python = root.join("target/moto-venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: the wire oracle needs botocore and moto; run `{INSTALL}` (from the repository root)",
        python.display()
    );
    let out = Command::new(&python)
        .current_dir(&root)
        .arg("tools/aws-models/wire_oracle.py")
        .arg("cases")
        .args(SERVICES)
        .output()
        .expect("the wire oracle runs");
    assert!(
        out.status.success(),
        "wire_oracle.py cases failed; run `{INSTALL}`:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cases: Vec<Value> = serde_json::from_slice(&out.stdout).expect("the oracle's JSON");
    let mut ours = Vec::with_capacity(cases.len());
    for case in &cases {
        let service = Service::by_botocore_name(case["service"].as_str().unwrap()).unwrap();
        let op = service
            .operation(case["operation"].as_str().unwrap())
            .unwrap();
        let request = match op.encode_request(&case["input"]) {
            Ok(r) => json!({
                "method": r.method,
                "path": r.path,
                "query": r.query,
                "headers": r.headers,
                "body": base64::engine::general_purpose::STANDARD.encode(&r.body),
            }),
            Err(e) => json!({"error": e.to_string()}),
        };
        let mut got = json!({
            "service": case["service"],
            "operation": case["operation"],
            "request": request,
        });
        if let Some(answer) = case.get("answer") {
            let body = b64(answer["body"].as_str().unwrap());
            let hs = headers(&answer["headers"]);
            let response = WireResponse {
                status: answer["status"].as_u64().unwrap() as u16,
                headers: &hs,
                body: &body,
            };
            got["output"] = match op.decode_response(&response, ResultNaming::StepFunctions) {
                Ok(v) => v,
                Err(e) => json!({"error": e.to_string()}),
            };
            let mut errors = Vec::new();
            for error in case["errors"].as_array().into_iter().flatten() {
                if error.get("skip").is_some() {
                    errors.push(json!({}));
                    continue;
                }
                let body = b64(error["body"].as_str().unwrap());
                let hs = headers(&error["headers"]);
                let decoded = op.decode_error(&WireResponse {
                    status: error["status"].as_u64().unwrap() as u16,
                    headers: &hs,
                    body: &body,
                });
                errors.push(json!({"shape": decoded.shape, "message": decoded.message, "code": decoded.code}));
            }
            got["errors"] = Value::Array(errors);
        }
        ours.push(got);
    }
    // `WIRE_ORACLE_KEEP=DIR` keeps both files there, to look into a difference.
    let kept = std::env::var_os("WIRE_ORACLE_KEEP").map(std::path::PathBuf::from);
    let dir = kept.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("wire-oracle-{}", std::process::id()))
    });
    std::fs::create_dir_all(&dir).unwrap();
    let (cases_path, ours_path) = (dir.join("cases.json"), dir.join("ours.json"));
    std::fs::write(&cases_path, &out.stdout).unwrap();
    std::fs::write(&ours_path, serde_json::to_vec(&ours).unwrap()).unwrap();
    let check = Command::new(&python)
        .current_dir(&root)
        .arg("tools/aws-models/wire_oracle.py")
        .arg("check")
        .args([&cases_path, &ours_path])
        .output()
        .expect("the wire oracle's check runs");
    let report = String::from_utf8_lossy(&check.stdout);
    if kept.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    assert!(
        check.status.success(),
        "the codec differs from botocore and moto:\n{report}{}",
        String::from_utf8_lossy(&check.stderr)
    );
    println!("{}", report.trim());
}

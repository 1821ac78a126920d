//! `${Name}` deployment substitutions of every type: a whole resource ARN, inside strings,
//! and in numeric fields; the names used are listed in `SUBSTITUTIONS`, in order of first use.

use workflow_runtime::{Workflow, workflow};

workflow! {
    pub Deployed {
        substitutions { FunctionArn: arn, TableName: string, Parallelism: integer, Ratio: number, Enabled: bool, Extra: any }
        Call: task "${FunctionArn}" { table: "${TableName}", note: "table ${TableName} in use", enabled: "${Enabled}" }
            timeout = "${Parallelism}"
            -> Each;
        Each: map(distributed, execution = standard, items = $.items, max_concurrency = "${Parallelism}", tolerated_failure_percentage = "${Ratio}") { Item: pass; };
    }
}

const DEPLOYED_ASL: &str = r#"
{
  "StartAt": "Call",
  "States": {
    "Call": {
      "Type": "Task",
      "Resource": "${FunctionArn}",
      "TimeoutSeconds": "${Parallelism}",
      "Parameters": {
        "table": "${TableName}",
        "note": "table ${TableName} in use",
        "enabled": "${Enabled}"
      },
      "Next": "Each"
    },
    "Each": {
      "Type": "Map",
      "ItemsPath": "$.items",
      "ItemProcessor": {
        "ProcessorConfig": {
          "Mode": "DISTRIBUTED",
          "ExecutionType": "STANDARD"
        },
        "StartAt": "Item",
        "States": {
          "Item": {
            "Type": "Pass",
            "End": true
          }
        }
      },
      "MaxConcurrency": "${Parallelism}",
      "ToleratedFailurePercentage": "${Ratio}",
      "End": true
    }
  }
}
"#;

/// Asserts that the generated ASL (compact and pretty) equals `expected`.
fn assert_asl(compact: &str, pretty: &str, expected: &str) {
    let expected: serde_json::Value = serde_json::from_str(expected).expect("the expected ASL is JSON");
    let actual: serde_json::Value = serde_json::from_str(compact).expect("ASL is JSON");
    assert_eq!(actual, expected, "ASL differs:\n{actual:#}");
    let actual_pretty: serde_json::Value = serde_json::from_str(pretty).expect("ASL_PRETTY is JSON");
    assert_eq!(actual_pretty, expected, "ASL_PRETTY differs");
    assert!(!compact.contains('\n'), "ASL is compact");
}

pub fn main() {
    assert_asl(Deployed::ASL, Deployed::ASL_PRETTY, DEPLOYED_ASL);
    assert_eq!(
        <Deployed as Workflow>::SUBSTITUTIONS,
        &["FunctionArn", "TableName", "Enabled", "Parallelism", "Ratio"]
    );
}

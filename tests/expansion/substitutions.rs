//! `${Name}` deployment substitutions of every type: a whole resource ARN, inside strings,
//! and in numeric fields; the names used are listed in `SUBSTITUTIONS`, in order of first use.

use super::assert_asl;
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

pub fn main() {
    assert_asl(Deployed::ASL, Deployed::ASL_PRETTY, DEPLOYED_ASL);
    assert_eq!(
        <Deployed as Workflow>::SUBSTITUTIONS,
        &[
            "FunctionArn",
            "TableName",
            "Enabled",
            "Parallelism",
            "Ratio"
        ]
    );
}

//! Retry with every argument (interval, max_attempts, backoff, max_delay, jitter, comment) and
//! error names written as paths and strings; catch with result_path (path and `null`),
//! comment, assign and, in JSONata, output; on task, parallel and map states.

use super::assert_asl;
use workflow_runtime::workflow;

workflow! {
    pub Errors {
        Call: lambda::invoke { FunctionName: "f" }
            retry [States.TaskFailed, "Lambda.ServiceException", Custom.Error] (interval = 2, max_attempts = 6, backoff = 2.0, max_delay = 60, jitter = full, comment = "transient")
            retry [States.Timeout] (interval = 1, jitter = none)
            retry [States.ALL] (max_attempts = 0)
            catch [States.Timeout] (result_path = $.error, comment = "timed out") assign { timedOut: true } => Recover
            catch ["Custom.Error"] (result_path = null) => Recover
            catch [States.ALL] => Failed
            -> Fan;
        Fan: parallel {
            branch { Work: pass; }
        } retry [States.BranchFailed] (max_attempts = 1)
          catch [States.ALL] (result_path = $.error) => Failed
          -> Each;
        Each: map(items = $[0].Payload.items) { Item: pass; }
            retry [States.ALL] (max_attempts = 2)
            catch [States.ALL] => Failed
            -> Done;
        Recover: pass -> Done;
        Done: succeed;
        Failed: fail;
    }
}

const ERRORS_ASL: &str = r#"
{
  "StartAt": "Call",
  "States": {
    "Call": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {
        "FunctionName": "f"
      },
      "Retry": [
        {
          "ErrorEquals": [
            "States.TaskFailed",
            "Lambda.ServiceException",
            "Custom.Error"
          ],
          "IntervalSeconds": 2,
          "MaxAttempts": 6,
          "BackoffRate": 2.0,
          "MaxDelaySeconds": 60,
          "JitterStrategy": "FULL",
          "Comment": "transient"
        },
        {
          "ErrorEquals": [
            "States.Timeout"
          ],
          "IntervalSeconds": 1,
          "JitterStrategy": "NONE"
        },
        {
          "ErrorEquals": [
            "States.ALL"
          ],
          "MaxAttempts": 0
        }
      ],
      "Catch": [
        {
          "ErrorEquals": [
            "States.Timeout"
          ],
          "ResultPath": "$.error",
          "Assign": {
            "timedOut": true
          },
          "Comment": "timed out",
          "Next": "Recover"
        },
        {
          "ErrorEquals": [
            "Custom.Error"
          ],
          "ResultPath": null,
          "Next": "Recover"
        },
        {
          "ErrorEquals": [
            "States.ALL"
          ],
          "Next": "Failed"
        }
      ],
      "Next": "Fan"
    },
    "Fan": {
      "Type": "Parallel",
      "Branches": [
        {
          "StartAt": "Work",
          "States": {
            "Work": {
              "Type": "Pass",
              "End": true
            }
          }
        }
      ],
      "Retry": [
        {
          "ErrorEquals": [
            "States.BranchFailed"
          ],
          "MaxAttempts": 1
        }
      ],
      "Catch": [
        {
          "ErrorEquals": [
            "States.ALL"
          ],
          "ResultPath": "$.error",
          "Next": "Failed"
        }
      ],
      "Next": "Each"
    },
    "Each": {
      "Type": "Map",
      "ItemsPath": "$[0].Payload.items",
      "ItemProcessor": {
        "StartAt": "Item",
        "States": {
          "Item": {
            "Type": "Pass",
            "End": true
          }
        }
      },
      "Retry": [
        {
          "ErrorEquals": [
            "States.ALL"
          ],
          "MaxAttempts": 2
        }
      ],
      "Catch": [
        {
          "ErrorEquals": [
            "States.ALL"
          ],
          "Next": "Failed"
        }
      ],
      "Next": "Done"
    },
    "Recover": {
      "Type": "Pass",
      "Next": "Done"
    },
    "Done": {
      "Type": "Succeed"
    },
    "Failed": {
      "Type": "Fail"
    }
  }
}
"#;

workflow! {
    pub JsonataErrors {
        query_language = jsonata;
        Call: lambda::invoke arguments { FunctionName: "f" }
            catch [States.ALL] (output = { error: "{% $states.errorOutput %}" }) assign { failed: true } => Failed
            -> Done;
        Done: succeed;
        Failed: fail;
    }
}

const JSONATA_ERRORS_ASL: &str = r#"
{
  "QueryLanguage": "JSONata",
  "StartAt": "Call",
  "States": {
    "Call": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Arguments": {
        "FunctionName": "f"
      },
      "Catch": [
        {
          "ErrorEquals": [
            "States.ALL"
          ],
          "Output": {
            "error": "{% $states.errorOutput %}"
          },
          "Assign": {
            "failed": true
          },
          "Next": "Failed"
        }
      ],
      "Next": "Done"
    },
    "Done": {
      "Type": "Succeed"
    },
    "Failed": {
      "Type": "Fail"
    }
  }
}
"#;

pub fn main() {
    assert_asl(Errors::ASL, Errors::ASL_PRETTY, ERRORS_ASL);
    assert_asl(
        JsonataErrors::ASL,
        JsonataErrors::ASL_PRETTY,
        JSONATA_ERRORS_ASL,
    );
}

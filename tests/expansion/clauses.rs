//! The clauses of a state: input_path, output_path, result_path (paths and `null`),
//! result_selector, assign, credentials, timeout and heartbeat (literal and path), comment (and
//! the doc comment that gives it).

use super::assert_asl;
use workflow_runtime::workflow;

workflow! {
    pub Clauses {
        Call: lambda::invoke { FunctionName: "f", Payload: { id: $.id } }
            input_path = $.order
            result_selector { body: $.Payload, status: $.StatusCode }
            result_path = $.result
            output_path = $.result.body
            assign { lastStatus: $.StatusCode, attempts: 1 }
            credentials { RoleArn: "arn:aws:iam::123456789012:role/caller" }
            timeout = 30
            heartbeat = 10
            comment = "calls f"
            -> Paths;
        Paths: task "arn:aws:states:::sqs:sendMessage" { QueueUrl: "q", MessageBody: States.JsonToString($lastStatus) }
            credentials { RoleArn: $.role }
            timeout = $.timeout
            heartbeat = $.heartbeat
            -> Nulls;
        Nulls: pass input_path = null result_path = null output_path = null -> Discard;
        Discard: lambda::invoke { FunctionName: "f" } result_path = $.a -> End;
        /// The last state: its Comment comes from this doc comment.
        End: succeed input_path = $.a output_path = $.Payload;
    }
}

const CLAUSES_ASL: &str = r#"
{
  "StartAt": "Call",
  "States": {
    "Call": {
      "Type": "Task",
      "Comment": "calls f",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Credentials": {
        "RoleArn": "arn:aws:iam::123456789012:role/caller"
      },
      "TimeoutSeconds": 30,
      "HeartbeatSeconds": 10,
      "InputPath": "$.order",
      "Parameters": {
        "FunctionName": "f",
        "Payload": {
          "id.$": "$.id"
        }
      },
      "ResultSelector": {
        "body.$": "$.Payload",
        "status.$": "$.StatusCode"
      },
      "ResultPath": "$.result",
      "OutputPath": "$.result.body",
      "Assign": {
        "lastStatus.$": "$.StatusCode",
        "attempts": 1
      },
      "Next": "Paths"
    },
    "Paths": {
      "Type": "Task",
      "Resource": "arn:aws:states:::sqs:sendMessage",
      "Credentials": {
        "RoleArn.$": "$.role"
      },
      "TimeoutSecondsPath": "$.timeout",
      "HeartbeatSecondsPath": "$.heartbeat",
      "Parameters": {
        "QueueUrl": "q",
        "MessageBody.$": "States.JsonToString($lastStatus)"
      },
      "Next": "Nulls"
    },
    "Nulls": {
      "Type": "Pass",
      "InputPath": null,
      "ResultPath": null,
      "OutputPath": null,
      "Next": "Discard"
    },
    "Discard": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {
        "FunctionName": "f"
      },
      "ResultPath": "$.a",
      "Next": "End"
    },
    "End": {
      "Type": "Succeed",
      "Comment": "The last state: its Comment comes from this doc comment.",
      "InputPath": "$.a",
      "OutputPath": "$.Payload"
    }
  }
}
"#;

pub fn main() {
    assert_asl(Clauses::ASL, Clauses::ASL_PRETTY, CLAUSES_ASL);
}

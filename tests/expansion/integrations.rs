//! Service integrations: `lambda::invoke`, the callback pattern `.wait_for_task_token` passing
//! `$$.Task.Token`, `.sync`, `.sync2` (`startExecution.sync:2`), an SDK integration
//! (`aws_sdk::s3::list_objects_v2`), other optimized services, and raw `task "arn:…"`
//! (a Lambda function and an activity).

use super::assert_asl;
use workflow_runtime::workflow;

workflow! {
    pub Integrations {
        Invoke: lambda::invoke { FunctionName: "arn:aws:lambda:us-east-1:123456789012:function:f", Payload: { order: $.order } }
            result_selector { result: $.Payload } result_path = $.invoked -> Callback;
        Callback: sqs::send_message.wait_for_task_token {
            QueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/approvals",
            MessageBody: { token: $$.Task.Token, order: $.order },
        } heartbeat = 3600 -> Job;
        Job: glue::start_job_run.sync { JobName: "nightly" } result_path = $.job -> List;
        List: aws_sdk::s3::list_objects_v2 { Bucket: "orders", Prefix: "in/" } result_path = $.listing -> Child;
        Child: states::start_execution.sync2 {
            StateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:child",
            Input: { parent: $$.Execution.Id },
        } result_path = $.child -> Notify;
        Notify: sns::publish { TopicArn: "arn:aws:sns:us-east-1:123456789012:t", Message: $.summary } result_path = $.notified -> Put;
        Put: dynamodb::put_item { TableName: "orders", Item: { id: { S: $.order.id } } } result_path = $.put -> Emit;
        Emit: events::put_events { Entries: [{ Source: "shop", DetailType: "order", Detail: { id: $.order.id } }] } -> Raw;
        Raw: task "arn:aws:lambda:us-east-1:123456789012:function:legacy" timeout = 5 -> RawActivity;
        RawActivity: task "arn:aws:states:us-east-1:123456789012:activity:review" heartbeat = 60;
    }
}

const INTEGRATIONS_ASL: &str = r#"
{
  "StartAt": "Invoke",
  "States": {
    "Invoke": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {
        "FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:f",
        "Payload": {
          "order.$": "$.order"
        }
      },
      "ResultSelector": {
        "result.$": "$.Payload"
      },
      "ResultPath": "$.invoked",
      "Next": "Callback"
    },
    "Callback": {
      "Type": "Task",
      "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
      "HeartbeatSeconds": 3600,
      "Parameters": {
        "QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/approvals",
        "MessageBody": {
          "token.$": "$$.Task.Token",
          "order.$": "$.order"
        }
      },
      "Next": "Job"
    },
    "Job": {
      "Type": "Task",
      "Resource": "arn:aws:states:::glue:startJobRun.sync",
      "Parameters": {
        "JobName": "nightly"
      },
      "ResultPath": "$.job",
      "Next": "List"
    },
    "List": {
      "Type": "Task",
      "Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2",
      "Parameters": {
        "Bucket": "orders",
        "Prefix": "in/"
      },
      "ResultPath": "$.listing",
      "Next": "Child"
    },
    "Child": {
      "Type": "Task",
      "Resource": "arn:aws:states:::states:startExecution.sync:2",
      "Parameters": {
        "StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:child",
        "Input": {
          "parent.$": "$$.Execution.Id"
        }
      },
      "ResultPath": "$.child",
      "Next": "Notify"
    },
    "Notify": {
      "Type": "Task",
      "Resource": "arn:aws:states:::sns:publish",
      "Parameters": {
        "TopicArn": "arn:aws:sns:us-east-1:123456789012:t",
        "Message.$": "$.summary"
      },
      "ResultPath": "$.notified",
      "Next": "Put"
    },
    "Put": {
      "Type": "Task",
      "Resource": "arn:aws:states:::dynamodb:putItem",
      "Parameters": {
        "TableName": "orders",
        "Item": {
          "id": {
            "S.$": "$.order.id"
          }
        }
      },
      "ResultPath": "$.put",
      "Next": "Emit"
    },
    "Emit": {
      "Type": "Task",
      "Resource": "arn:aws:states:::events:putEvents",
      "Parameters": {
        "Entries": [
          {
            "Source": "shop",
            "DetailType": "order",
            "Detail": {
              "id.$": "$.order.id"
            }
          }
        ]
      },
      "Next": "Raw"
    },
    "Raw": {
      "Type": "Task",
      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:legacy",
      "TimeoutSeconds": 5,
      "Next": "RawActivity"
    },
    "RawActivity": {
      "Type": "Task",
      "Resource": "arn:aws:states:us-east-1:123456789012:activity:review",
      "HeartbeatSeconds": 60,
      "End": true
    }
  }
}
"#;

pub fn main() {
    assert_asl(
        Integrations::ASL,
        Integrations::ASL_PRETTY,
        INTEGRATIONS_ASL,
    );
}

//! Declared types (issue 57): what a Task's handler answers (`returns { … }`) and what a
//! Distributed Map's reader reads (`item { … }`) type the workflow: the result and the Task's
//! response type come from the declaration, the iterations' input and their Tasks' requests
//! from the item. Neither changes the ASL: a declaration is the workflow's knowledge, not a
//! field of the definition.

use super::assert_asl;
use workflow_runtime::workflow;

workflow! {
    pub Declared {
        input { total: number }
        "Charge": lambda::invoke { FunctionName: "charge", Payload: { amount: $.total } }
            returns { approved: bool, receipt?: string }
            result_path = $.charge -> "Each";
        "Each": map(distributed) {
            "Ship": lambda::invoke { FunctionName: "ship", Payload: { id: $.order_id, cents: $.amount_cents } };
        }
        reader s3::get_object { Bucket: "orders", Key: "today.jsonl" } (input_type = jsonl)
        item { order_id: string, amount_cents: integer }
        result_path = null;
    }
}

const DECLARED_ASL: &str = r#"
{
  "StartAt": "Charge",
  "States": {
    "Charge": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": { "FunctionName": "charge", "Payload": { "amount.$": "$.total" } },
      "ResultPath": "$.charge",
      "Next": "Each"
    },
    "Each": {
      "Type": "Map",
      "ItemReader": {
        "Resource": "arn:aws:states:::s3:getObject",
        "ReaderConfig": { "InputType": "JSONL" },
        "Parameters": { "Bucket": "orders", "Key": "today.jsonl" }
      },
      "ItemProcessor": {
        "ProcessorConfig": { "Mode": "DISTRIBUTED", "ExecutionType": "STANDARD" },
        "StartAt": "Ship",
        "States": {
          "Ship": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": { "FunctionName": "ship", "Payload": { "id.$": "$.order_id", "cents.$": "$.amount_cents" } },
            "End": true
          }
        }
      },
      "ResultPath": null,
      "End": true
    }
  }
}"#;

pub fn main() {
    assert_asl(Declared::ASL, Declared::ASL_PRETTY, DECLARED_ASL);
    // The handler answers the declared type, every declared field (the workflow reads none
    // of them: without the declaration the response would be any JSON).
    let answer = DeclaredChargeResponse {
        approved: true,
        receipt: Some("r-1".to_owned()),
    };
    assert_eq!(
        serde_json::to_value(&answer).unwrap(),
        serde_json::json!({"approved": true, "receipt": "r-1"})
    );
    // The child's request is typed from the declared item.
    let request = DeclaredShipRequest {
        id: "o-1".to_owned(),
        cents: 1250,
    };
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        serde_json::json!({"id": "o-1", "cents": 1250})
    );
}

//! Distributed maps: execution type, label, tolerated failures (count and percentage,
//! literal and path), an S3 reader with its configuration, a batcher with its input, a writer
//! with its configuration, and item_selector.

use super::assert_asl;
use workflow_runtime::workflow;

workflow! {
    pub DistributedMaps {
        FromS3: map(distributed, execution = express, label = "Orders", tolerated_failure_percentage = 5, max_concurrency = 100) {
            Inner: pass;
        }
        reader s3::get_object { Bucket: "orders", Key: "orders.csv" } (input_type = csv, header_location = first_row, max_items = 10)
        batch(max_items = 100, max_bytes = 1024, input { source: "s3" })
        writer s3::put_object { Bucket: "results", Prefix: "out" } (output_type = json, transformation = compact)
        result_path = $.written
        -> FromList;
        FromList: map(distributed, execution = standard, items = $.ids, tolerated_failure_count = 3) {
            Child: succeed;
        } item_selector { id: $$.Map.Item.Value }
          result_path = $.fromList -> Listed;
        Listed: map(distributed, execution = standard, tolerated_failure_count = $.maxFailures, tolerated_failure_percentage = $.maxPercent) {
            Work: pass;
        }
        reader s3::list_objects_v2 { Bucket: "orders", Prefix: "in/" }
        writer s3::put_object { Bucket: "results", Prefix: "listed" };
    }
}

const DISTRIBUTED_MAPS_ASL: &str = r#"
{
  "StartAt": "FromS3",
  "States": {
    "FromS3": {
      "Type": "Map",
      "ItemReader": {
        "Resource": "arn:aws:states:::s3:getObject",
        "ReaderConfig": {
          "InputType": "CSV",
          "CSVHeaderLocation": "FIRST_ROW",
          "MaxItems": 10
        },
        "Parameters": {
          "Bucket": "orders",
          "Key": "orders.csv"
        }
      },
      "ItemBatcher": {
        "BatchInput": {
          "source": "s3"
        },
        "MaxItemsPerBatch": 100,
        "MaxInputBytesPerBatch": 1024
      },
      "ItemProcessor": {
        "ProcessorConfig": {
          "Mode": "DISTRIBUTED",
          "ExecutionType": "EXPRESS"
        },
        "StartAt": "Inner",
        "States": {
          "Inner": {
            "Type": "Pass",
            "End": true
          }
        }
      },
      "MaxConcurrency": 100,
      "ToleratedFailurePercentage": 5,
      "Label": "Orders",
      "ResultWriter": {
        "Resource": "arn:aws:states:::s3:putObject",
        "Parameters": {
          "Bucket": "results",
          "Prefix": "out"
        },
        "WriterConfig": {
          "OutputType": "JSON",
          "Transformation": "COMPACT"
        }
      },
      "ResultPath": "$.written",
      "Next": "FromList"
    },
    "FromList": {
      "Type": "Map",
      "ItemsPath": "$.ids",
      "ItemSelector": {
        "id.$": "$$.Map.Item.Value"
      },
      "ItemProcessor": {
        "ProcessorConfig": {
          "Mode": "DISTRIBUTED",
          "ExecutionType": "STANDARD"
        },
        "StartAt": "Child",
        "States": {
          "Child": {
            "Type": "Succeed"
          }
        }
      },
      "ToleratedFailureCount": 3,
      "ResultPath": "$.fromList",
      "Next": "Listed"
    },
    "Listed": {
      "Type": "Map",
      "ItemReader": {
        "Resource": "arn:aws:states:::s3:listObjectsV2",
        "Parameters": {
          "Bucket": "orders",
          "Prefix": "in/"
        }
      },
      "ItemProcessor": {
        "ProcessorConfig": {
          "Mode": "DISTRIBUTED",
          "ExecutionType": "STANDARD"
        },
        "StartAt": "Work",
        "States": {
          "Work": {
            "Type": "Pass",
            "End": true
          }
        }
      },
      "ToleratedFailurePercentagePath": "$.maxPercent",
      "ToleratedFailureCountPath": "$.maxFailures",
      "ResultWriter": {
        "Resource": "arn:aws:states:::s3:putObject",
        "Parameters": {
          "Bucket": "results",
          "Prefix": "listed"
        }
      },
      "End": true
    }
  }
}
"#;

pub fn main() {
    assert_asl(
        DistributedMaps::ASL,
        DistributedMaps::ASL_PRETTY,
        DISTRIBUTED_MAPS_ASL,
    );
}

//! Inline maps: items (path and input reference), max_concurrency (literal and path),
//! item_selector reading `$$.Map.Item.Value` and `$$.Map.Item.Index`, a nested map,
//! result_selector and result_path.

use super::assert_asl;
use workflow_runtime::workflow;

workflow! {
    pub InlineMaps {
        input { orders: [{ id: string, lines: [{ sku: string, qty: integer }] }], limit: integer }
        Orders: map(items = input.orders, max_concurrency = 2) {
            Lines: map(items = $.lines, max_concurrency = $.parallelism) {
                Line: pass { sku: $.sku, order: $.orderId } -> Priced;
                Priced: pass;
            } item_selector { sku: $$.Map.Item.Value.sku, position: $$.Map.Item.Index, orderId: $.id }
              result_path = $.lines;
        } item_selector { id: $$.Map.Item.Value.id, lines: $$.Map.Item.Value.lines, parallelism: 4 }
          result_selector { count: States.ArrayLength($) }
          result_path = $.processed
          -> Done;
        Done: succeed;
    }
}

const INLINE_MAPS_ASL: &str = r#"
{
  "StartAt": "Orders",
  "States": {
    "Orders": {
      "Type": "Map",
      "ItemsPath": "$$.Execution.Input.orders",
      "ItemSelector": {
        "id.$": "$$.Map.Item.Value.id",
        "lines.$": "$$.Map.Item.Value.lines",
        "parallelism": 4
      },
      "ItemProcessor": {
        "StartAt": "Lines",
        "States": {
          "Lines": {
            "Type": "Map",
            "ItemsPath": "$.lines",
            "ItemSelector": {
              "sku.$": "$$.Map.Item.Value.sku",
              "position.$": "$$.Map.Item.Index",
              "orderId.$": "$.id"
            },
            "ItemProcessor": {
              "StartAt": "Line",
              "States": {
                "Line": {
                  "Type": "Pass",
                  "Parameters": {
                    "sku.$": "$.sku",
                    "order.$": "$.orderId"
                  },
                  "Next": "Priced"
                },
                "Priced": {
                  "Type": "Pass",
                  "End": true
                }
              }
            },
            "MaxConcurrencyPath": "$.parallelism",
            "ResultPath": "$.lines",
            "End": true
          }
        }
      },
      "MaxConcurrency": 2,
      "ResultSelector": {
        "count.$": "States.ArrayLength($)"
      },
      "ResultPath": "$.processed",
      "Next": "Done"
    },
    "Done": {
      "Type": "Succeed"
    }
  }
}
"#;

pub fn main() {
    assert_asl(InlineMaps::ASL, InlineMaps::ASL_PRETTY, INLINE_MAPS_ASL);
}

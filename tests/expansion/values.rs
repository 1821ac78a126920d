//! Values: JSON literals (numbers, strings with escapes, booleans, null, arrays, objects, quoted
//! and raw keys), paths (`$`, fields, indices, slices, wildcards, deep scan, quoted names,
//! `$$` context, variables, `jsonpath("…")`), a `.$` key given by hand, and every intrinsic
//! function, nested.

use super::assert_asl;
use workflow_runtime::workflow;

workflow! {
    pub Values {
        Init: pass assign { count: 1, names: ["a", "b"] } -> Literals;
        Literals: pass {
            int: 3, negative: -4, float: 2.5, exponent: 1e3, text: "x", escaped: "a \"quoted\" \\ text", yes: true, no: false, nothing: null,
            list: [1, [2, 3], { k: "v" }, "s", null],
            nested: { deeper: { deepest: 1 } },
            "odd key": 1,
            "type": "keyword key",
            r#match: "raw identifier key",
        } result_path = $.literals -> Paths;
        Paths: pass {
            whole: $,
            field: $.order.id,
            index: $.items[0],
            last: $.items[-1],
            slice: $.items[1:3],
            wildcard: $.items[*].sku,
            deep: $..sku,
            quoted: $["odd key"].x,
            context: $$.Execution.Id,
            start: $$.Execution.StartTime,
            variable: $count,
            variableField: $names[0],
            filter: jsonpath("$.items[?(@.qty > 1)]"),
            "literal.$": "$.kept",
        } result_path = $.paths -> Intrinsics;
        Intrinsics: pass {
            format: States.Format("{} has {} items", $.name, States.ArrayLength($.items)),
            json: States.StringToJson($.text),
            string: States.JsonToString($.obj),
            array: States.Array(1, "two", $.three),
            partition: States.ArrayPartition($.items, 2),
            contains: States.ArrayContains($.items, "x"),
            range: States.ArrayRange(1, 9, 2),
            item: States.ArrayGetItem($.items, 0),
            unique: States.ArrayUnique($.items),
            encoded: States.Base64Encode($.text),
            decoded: States.Base64Decode($.b64),
            hash: States.Hash($.text, "SHA-256"),
            merged: States.JsonMerge($.a, $.b, false),
            random: States.MathRandom(1, 100),
            sum: States.MathAdd($count, -1),
            parts: States.StringSplit($.csv, ","),
            id: States.UUID(),
            quotes: States.Format("it's {}", $.x),
        };
    }
}

const VALUES_ASL: &str = r#"
{
  "StartAt": "Init",
  "States": {
    "Init": {
      "Type": "Pass",
      "Assign": {
        "count": 1,
        "names": [
          "a",
          "b"
        ]
      },
      "Next": "Literals"
    },
    "Literals": {
      "Type": "Pass",
      "Parameters": {
        "int": 3,
        "negative": -4,
        "float": 2.5,
        "exponent": 1000.0,
        "text": "x",
        "escaped": "a \"quoted\" \\ text",
        "yes": true,
        "no": false,
        "nothing": null,
        "list": [
          1,
          [
            2,
            3
          ],
          {
            "k": "v"
          },
          "s",
          null
        ],
        "nested": {
          "deeper": {
            "deepest": 1
          }
        },
        "odd key": 1,
        "type": "keyword key",
        "match": "raw identifier key"
      },
      "ResultPath": "$.literals",
      "Next": "Paths"
    },
    "Paths": {
      "Type": "Pass",
      "Parameters": {
        "whole.$": "$",
        "field.$": "$.order.id",
        "index.$": "$.items[0]",
        "last.$": "$.items[-1]",
        "slice.$": "$.items[1:3]",
        "wildcard.$": "$.items[*].sku",
        "deep.$": "$..sku",
        "quoted.$": "$['odd key'].x",
        "context.$": "$$.Execution.Id",
        "start.$": "$$.Execution.StartTime",
        "variable.$": "$count",
        "variableField.$": "$names[0]",
        "filter.$": "$.items[?(@.qty > 1)]",
        "literal.$": "$.kept"
      },
      "ResultPath": "$.paths",
      "Next": "Intrinsics"
    },
    "Intrinsics": {
      "Type": "Pass",
      "Parameters": {
        "format.$": "States.Format('{} has {} items', $.name, States.ArrayLength($.items))",
        "json.$": "States.StringToJson($.text)",
        "string.$": "States.JsonToString($.obj)",
        "array.$": "States.Array(1, 'two', $.three)",
        "partition.$": "States.ArrayPartition($.items, 2)",
        "contains.$": "States.ArrayContains($.items, 'x')",
        "range.$": "States.ArrayRange(1, 9, 2)",
        "item.$": "States.ArrayGetItem($.items, 0)",
        "unique.$": "States.ArrayUnique($.items)",
        "encoded.$": "States.Base64Encode($.text)",
        "decoded.$": "States.Base64Decode($.b64)",
        "hash.$": "States.Hash($.text, 'SHA-256')",
        "merged.$": "States.JsonMerge($.a, $.b, false)",
        "random.$": "States.MathRandom(1, 100)",
        "sum.$": "States.MathAdd($count, -1)",
        "parts.$": "States.StringSplit($.csv, ',')",
        "id.$": "States.UUID()",
        "quotes.$": "States.Format('it\\'s {}', $.x)"
      },
      "End": true
    }
  }
}
"#;

pub fn main() {
    assert_asl(Values::ASL, Values::ASL_PRETTY, VALUES_ASL);
}

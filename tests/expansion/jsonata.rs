//! JSONata: a JSONata machine (output, assign, conditions translated from the condition
//! language and written as `"{% … %}"`, items, item_selector, wait and fail from expressions),
//! JSONata states in a JSONPath machine, and JSONata tasks. (A JSONPath state in a JSONata
//! machine is refused, as AWS refuses it: `tests/ui/fail/jsonpath_state_in_jsonata_machine.rs`.)

use super::assert_asl;
use workflow_runtime::workflow;

workflow! {
    pub JsonataMachine {
        query_language = jsonata;
        input { orders: [{ id: string, total: number }], threshold: number }
        Start: pass output = { count: "{% $count($states.input.orders) %}", first: input.orders[0].id }
            assign { threshold: input.threshold, seen: 0 } -> Route;
        Route: choice {
            when $.count > 10 => Big,
            when "{% $count > 5 %}" => Big,
            when input.threshold >= 100 && !is_present($.skip) => Big
                assign { reason: "threshold" } output = { why: "threshold" },
            when $.first matches "vip-*" => Big,
            when true => Each,
        }
        Big: lambda::invoke { FunctionName: "big", Payload: { n: $.count, seen: $seen } }
            output = "{% $states.result.Payload %}" timeout = 30 -> Each;
        Each: map(items = "{% $states.input.orders %}", max_concurrency = 2) {
            Item: pass output = { id: $.value.id, limit: $threshold };
        } item_selector { value: "{% $states.context.Map.Item.Value %}" } -> Wait;
        Wait: wait(seconds = "{% $threshold %}") -> Fail;
        Fail: fail(error = "Stop", cause = $.reason);
    }
}

const JSONATA_MACHINE_ASL: &str = r#"
{
  "QueryLanguage": "JSONata",
  "StartAt": "Start",
  "States": {
    "Start": {
      "Type": "Pass",
      "Output": {
        "count": "{% $count($states.input.orders) %}",
        "first": "{% $states.context.Execution.Input.orders[0].id %}"
      },
      "Assign": {
        "threshold": "{% $states.context.Execution.Input.threshold %}",
        "seen": 0
      },
      "Next": "Route"
    },
    "Route": {
      "Type": "Choice",
      "Choices": [
        {
          "Condition": "{% $states.input.count > 10 %}",
          "Next": "Big"
        },
        {
          "Condition": "{% $count > 5 %}",
          "Next": "Big"
        },
        {
          "Condition": "{% $states.context.Execution.Input.threshold >= 100 and $not($exists($states.input.skip)) %}",
          "Output": {
            "why": "threshold"
          },
          "Assign": {
            "reason": "threshold"
          },
          "Next": "Big"
        },
        {
          "Condition": "{% $contains($states.input.first, /^vip-.*$/) %}",
          "Next": "Big"
        },
        {
          "Condition": true,
          "Next": "Each"
        }
      ]
    },
    "Big": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "TimeoutSeconds": 30,
      "Arguments": {
        "FunctionName": "big",
        "Payload": {
          "n": "{% $states.input.count %}",
          "seen": "{% $seen %}"
        }
      },
      "Output": "{% $states.result.Payload %}",
      "Next": "Each"
    },
    "Each": {
      "Type": "Map",
      "Items": "{% $states.input.orders %}",
      "ItemSelector": {
        "value": "{% $states.context.Map.Item.Value %}"
      },
      "ItemProcessor": {
        "StartAt": "Item",
        "States": {
          "Item": {
            "Type": "Pass",
            "Output": {
              "id": "{% $states.input.value.id %}",
              "limit": "{% $threshold %}"
            },
            "End": true
          }
        }
      },
      "MaxConcurrency": 2,
      "Next": "Wait"
    },
    "Wait": {
      "Type": "Wait",
      "Seconds": "{% $threshold %}",
      "Next": "Fail"
    },
    "Fail": {
      "Type": "Fail",
      "Error": "Stop",
      "Cause": "{% $states.input.reason %}"
    }
  }
}
"#;

workflow! {
    pub MixedLanguages {
        Path: pass { v: $.a } result_path = $.b -> Ata;
        Ata: pass output = { v: $.a, w: "{% $states.input.b %}" } assign { x: $.a } query_language = jsonata -> Back;
        Back: choice {
            when $.v == 1 => Done,
            otherwise => Done,
        } query_language = jsonata;
        Done: succeed;
    }
}

const MIXED_LANGUAGES_ASL: &str = r#"
{
  "StartAt": "Path",
  "States": {
    "Path": {
      "Type": "Pass",
      "Parameters": {
        "v.$": "$.a"
      },
      "ResultPath": "$.b",
      "Next": "Ata"
    },
    "Ata": {
      "Type": "Pass",
      "QueryLanguage": "JSONata",
      "Output": {
        "v": "{% $states.input.a %}",
        "w": "{% $states.input.b %}"
      },
      "Assign": {
        "x": "{% $states.input.a %}"
      },
      "Next": "Back"
    },
    "Back": {
      "Type": "Choice",
      "QueryLanguage": "JSONata",
      "Choices": [
        {
          "Condition": "{% $states.input.v = 1 %}",
          "Next": "Done"
        }
      ],
      "Default": "Done"
    },
    "Done": {
      "Type": "Succeed"
    }
  }
}
"#;

workflow! {
    pub JsonataTasks {
        query_language = jsonata;
        Call: lambda::invoke arguments { FunctionName: "f", Payload: "{% $states.input %}" } timeout = $.t heartbeat = 10
            output = { result: "{% $states.result.Payload %}" } -> Copy;
        Copy: pass output = { v: $.result, copy: "{% $states.input.result %}" };
    }
}

const JSONATA_TASKS_ASL: &str = r#"
{
  "QueryLanguage": "JSONata",
  "StartAt": "Call",
  "States": {
    "Call": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "TimeoutSeconds": "{% $states.input.t %}",
      "HeartbeatSeconds": 10,
      "Arguments": {
        "FunctionName": "f",
        "Payload": "{% $states.input %}"
      },
      "Output": {
        "result": "{% $states.result.Payload %}"
      },
      "Next": "Copy"
    },
    "Copy": {
      "Type": "Pass",
      "Output": {
        "v": "{% $states.input.result %}",
        "copy": "{% $states.input.result %}"
      },
      "End": true
    }
  }
}
"#;

pub fn main() {
    assert_asl(
        JsonataMachine::ASL,
        JsonataMachine::ASL_PRETTY,
        JSONATA_MACHINE_ASL,
    );
    assert_asl(
        MixedLanguages::ASL,
        MixedLanguages::ASL_PRETTY,
        MIXED_LANGUAGES_ASL,
    );
    assert_asl(
        JsonataTasks::ASL,
        JsonataTasks::ASL_PRETTY,
        JSONATA_TASKS_ASL,
    );
}

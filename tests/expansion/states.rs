//! Every kind of state: pass (bare, with a body, with a result), task (raw ARN and
//! integration), choice, wait in its four forms (literal, path, input reference, for seconds and
//! timestamps), succeed, fail (bare, literals, path and intrinsic), parallel with nested
//! branches and map; state names as identifiers and strings; doc comments as `Comment`.

use super::assert_asl;
use workflow_runtime::workflow;

workflow! {
    /// Every kind of state.
    pub States {
        /// A pass state with no body.
        Start: pass -> "With body";
        "With body": pass { greeting: "hi", who: $.name, n: 2, f: 2.5, yes: true, none: null } -> WithResult;
        WithResult: pass result = { a: [1, "x"], b: { c: null } } result_path = $.fixed -> RawTask;
        RawTask: task "arn:aws:lambda:us-east-1:123456789012:function:f" { id: $.who } -> Integration;
        Integration: lambda::invoke { FunctionName: "f", Payload: $ } result_path = $.integration -> Decide;
        Decide: choice {
            when $.ok == true => Pause,
            otherwise => Failed,
        }
        Pause: wait(seconds = 3) -> Fan;
        Fan: parallel {
            branch { A: pass; }
            branch { B: succeed; }
        } -> Each;
        Each: map(items = $[0].list) { Item: pass; } -> Done;
        Done: succeed;
        Failed: fail;
    }
}

const STATES_ASL: &str = r#"
{
  "Comment": "Every kind of state.",
  "StartAt": "Start",
  "States": {
    "Start": {
      "Type": "Pass",
      "Comment": "A pass state with no body.",
      "Next": "With body"
    },
    "With body": {
      "Type": "Pass",
      "Parameters": {
        "greeting": "hi",
        "who.$": "$.name",
        "n": 2,
        "f": 2.5,
        "yes": true,
        "none": null
      },
      "Next": "WithResult"
    },
    "WithResult": {
      "Type": "Pass",
      "Result": {
        "a": [
          1,
          "x"
        ],
        "b": {
          "c": null
        }
      },
      "ResultPath": "$.fixed",
      "Next": "RawTask"
    },
    "RawTask": {
      "Type": "Task",
      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
      "Parameters": {
        "id.$": "$.who"
      },
      "Next": "Integration"
    },
    "Integration": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {
        "FunctionName": "f",
        "Payload.$": "$"
      },
      "ResultPath": "$.integration",
      "Next": "Decide"
    },
    "Decide": {
      "Type": "Choice",
      "Choices": [
        {
          "Variable": "$.ok",
          "BooleanEquals": true,
          "Next": "Pause"
        }
      ],
      "Default": "Failed"
    },
    "Pause": {
      "Type": "Wait",
      "Seconds": 3,
      "Next": "Fan"
    },
    "Fan": {
      "Type": "Parallel",
      "Branches": [
        {
          "StartAt": "A",
          "States": {
            "A": {
              "Type": "Pass",
              "End": true
            }
          }
        },
        {
          "StartAt": "B",
          "States": {
            "B": {
              "Type": "Succeed"
            }
          }
        }
      ],
      "Next": "Each"
    },
    "Each": {
      "Type": "Map",
      "ItemsPath": "$[0].list",
      "ItemProcessor": {
        "StartAt": "Item",
        "States": {
          "Item": {
            "Type": "Pass",
            "End": true
          }
        }
      },
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
    pub WaitsAndEnds {
        input { delay: integer, until: timestamp, code: integer, result: any, error: any }
        Seconds: wait(seconds = 3) -> SecondsPath;
        SecondsPath: wait(seconds = $.delay) -> SecondsInput;
        SecondsInput: wait(seconds = input.delay) -> At;
        At: wait(timestamp = "2026-01-31T23:59:59Z") -> AtPath;
        AtPath: wait(timestamp = $.until) -> AtInput;
        AtInput: wait(timestamp = input.until) -> Route;
        Route: choice {
            when $.code == 1 => Literal,
            when $.code == 2 => Dynamic,
            when $.code == 3 => Bare,
            otherwise => Ok,
        }
        Ok: succeed output_path = $.result;
        Bare: fail;
        Literal: fail(error = "OrderFailed", cause = "the order could not be placed");
        Dynamic: fail(error = $.error.Error, cause = States.Format("failed: {}", $.error.Cause));
    }
}

const WAITS_AND_ENDS_ASL: &str = r#"
{
  "StartAt": "Seconds",
  "States": {
    "Seconds": {
      "Type": "Wait",
      "Seconds": 3,
      "Next": "SecondsPath"
    },
    "SecondsPath": {
      "Type": "Wait",
      "SecondsPath": "$.delay",
      "Next": "SecondsInput"
    },
    "SecondsInput": {
      "Type": "Wait",
      "SecondsPath": "$$.Execution.Input.delay",
      "Next": "At"
    },
    "At": {
      "Type": "Wait",
      "Timestamp": "2026-01-31T23:59:59Z",
      "Next": "AtPath"
    },
    "AtPath": {
      "Type": "Wait",
      "TimestampPath": "$.until",
      "Next": "AtInput"
    },
    "AtInput": {
      "Type": "Wait",
      "TimestampPath": "$$.Execution.Input.until",
      "Next": "Route"
    },
    "Route": {
      "Type": "Choice",
      "Choices": [
        {
          "Variable": "$.code",
          "NumericEquals": 1,
          "Next": "Literal"
        },
        {
          "Variable": "$.code",
          "NumericEquals": 2,
          "Next": "Dynamic"
        },
        {
          "Variable": "$.code",
          "NumericEquals": 3,
          "Next": "Bare"
        }
      ],
      "Default": "Ok"
    },
    "Ok": {
      "Type": "Succeed",
      "OutputPath": "$.result"
    },
    "Bare": {
      "Type": "Fail"
    },
    "Literal": {
      "Type": "Fail",
      "Error": "OrderFailed",
      "Cause": "the order could not be placed"
    },
    "Dynamic": {
      "Type": "Fail",
      "ErrorPath": "$.error.Error",
      "CausePath": "States.Format('failed: {}', $.error.Cause)"
    }
  }
}
"#;

workflow! {
    pub Nested {
        Outer: parallel {
            branch {
                Inner: parallel {
                    branch { Deep1: pass -> Deep2; Deep2: succeed; }
                    branch { Deep3: wait(seconds = 1); }
                } result_path = $.inner;
            }
            branch {
                Each: map(items = $.items) {
                    Step: pass -> Last;
                    Last: pass;
                }
            }
        } result_path = $.results -> Done;
        Done: succeed;
    }
}

const NESTED_ASL: &str = r#"
{
  "StartAt": "Outer",
  "States": {
    "Outer": {
      "Type": "Parallel",
      "Branches": [
        {
          "StartAt": "Inner",
          "States": {
            "Inner": {
              "Type": "Parallel",
              "Branches": [
                {
                  "StartAt": "Deep1",
                  "States": {
                    "Deep1": {
                      "Type": "Pass",
                      "Next": "Deep2"
                    },
                    "Deep2": {
                      "Type": "Succeed"
                    }
                  }
                },
                {
                  "StartAt": "Deep3",
                  "States": {
                    "Deep3": {
                      "Type": "Wait",
                      "Seconds": 1,
                      "End": true
                    }
                  }
                }
              ],
              "ResultPath": "$.inner",
              "End": true
            }
          }
        },
        {
          "StartAt": "Each",
          "States": {
            "Each": {
              "Type": "Map",
              "ItemsPath": "$.items",
              "ItemProcessor": {
                "StartAt": "Step",
                "States": {
                  "Step": {
                    "Type": "Pass",
                    "Next": "Last"
                  },
                  "Last": {
                    "Type": "Pass",
                    "End": true
                  }
                }
              },
              "End": true
            }
          }
        }
      ],
      "ResultPath": "$.results",
      "Next": "Done"
    },
    "Done": {
      "Type": "Succeed"
    }
  }
}
"#;

pub fn main() {
    assert_asl(States::ASL, States::ASL_PRETTY, STATES_ASL);
    assert_asl(
        WaitsAndEnds::ASL,
        WaitsAndEnds::ASL_PRETTY,
        WAITS_AND_ENDS_ASL,
    );
    assert_asl(Nested::ASL, Nested::ASL_PRETTY, NESTED_ASL);
}

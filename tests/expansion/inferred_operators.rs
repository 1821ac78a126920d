//! Choice operators inferred from the data-flow types: two paths compared without a cast take
//! the family of what flows into the Choice — a counter computed by `States.MathAdd` and an
//! `integer` input field compare as numbers, a string from a Pass state's result and a string
//! input field as strings, a variable assigned a boolean as a boolean.

use super::assert_asl;
use workflow_runtime::workflow;

workflow! {
    pub Inferred {
        input { count: integer, limit: integer, name: string }
        "Start": pass result = { expected: "ada", ok: true } result_path = $.fixed assign { flag: true } -> "Check";
        "Check": choice {
            when $.count >= $.limit => "Done",
            when $.fixed.expected == $.name => "Done",
            when $flag == $.fixed.ok => "Done",
            otherwise => "Increment",
        }
        "Increment": pass { count: States.MathAdd($.count, 1), limit: $.limit, name: $.name, fixed: $.fixed } -> "Check";
        "Done": succeed;
    }
}

const INFERRED_ASL: &str = r#"
{
  "StartAt": "Start",
  "States": {
    "Start": {
      "Type": "Pass",
      "Result": { "expected": "ada", "ok": true },
      "ResultPath": "$.fixed",
      "Assign": { "flag": true },
      "Next": "Check"
    },
    "Check": {
      "Type": "Choice",
      "Choices": [
        { "Variable": "$.count", "NumericGreaterThanEqualsPath": "$.limit", "Next": "Done" },
        { "Variable": "$.fixed.expected", "StringEqualsPath": "$.name", "Next": "Done" },
        { "Variable": "$flag", "BooleanEqualsPath": "$.fixed.ok", "Next": "Done" }
      ],
      "Default": "Increment"
    },
    "Increment": {
      "Type": "Pass",
      "Parameters": {
        "count.$": "States.MathAdd($.count, 1)",
        "limit.$": "$.limit",
        "name.$": "$.name",
        "fixed.$": "$.fixed"
      },
      "Next": "Check"
    },
    "Done": { "Type": "Succeed" }
  }
}
"#;

pub fn main() {
    assert_asl(Inferred::ASL, Inferred::ASL_PRETTY, INFERRED_ASL);
}

//! Choice logic: `&&`, `||`, `!` and parentheses, nested and flattened; `otherwise`; a
//! choice without `otherwise`; clauses of a rule (assign, comment) and of the choice state.

use super::assert_asl;
use workflow_runtime::workflow;

workflow! {
    pub Logic {
        Check: choice {
            when $.a == 1 && $.b == 2 => Both,
            when $.a == 1 || $.b == 2 => Either,
            when !($.a == 1) => Neither,
            when !is_present($.c) => Neither,
            when $.a == 1 && $.b == 2 && ($.c == 3 && $.d == 4) => Both,
            when $.a == 1 || !($.s == "x" && is_present($.t)) => Either,
            when ($.a == 1 || $.b == 2) && !($.c == 3 || $.d == 4) => Either
                assign { picked: "either" } comment = "a mix",
            otherwise => Neither,
        } assign { checked: true } output_path = $.out;
        Both: succeed;
        Either: succeed;
        Neither: choice {
            when $.retry == true => Both,
        }
    }
}

const LOGIC_ASL: &str = r#"
{
  "StartAt": "Check",
  "States": {
    "Check": {
      "Type": "Choice",
      "Choices": [
        {
          "And": [
            {
              "Variable": "$.a",
              "NumericEquals": 1
            },
            {
              "Variable": "$.b",
              "NumericEquals": 2
            }
          ],
          "Next": "Both"
        },
        {
          "Or": [
            {
              "Variable": "$.a",
              "NumericEquals": 1
            },
            {
              "Variable": "$.b",
              "NumericEquals": 2
            }
          ],
          "Next": "Either"
        },
        {
          "Not": {
            "Variable": "$.a",
            "NumericEquals": 1
          },
          "Next": "Neither"
        },
        {
          "Not": {
            "Variable": "$.c",
            "IsPresent": true
          },
          "Next": "Neither"
        },
        {
          "And": [
            {
              "Variable": "$.a",
              "NumericEquals": 1
            },
            {
              "Variable": "$.b",
              "NumericEquals": 2
            },
            {
              "Variable": "$.c",
              "NumericEquals": 3
            },
            {
              "Variable": "$.d",
              "NumericEquals": 4
            }
          ],
          "Next": "Both"
        },
        {
          "Or": [
            {
              "Variable": "$.a",
              "NumericEquals": 1
            },
            {
              "Not": {
                "And": [
                  {
                    "Variable": "$.s",
                    "StringEquals": "x"
                  },
                  {
                    "Variable": "$.t",
                    "IsPresent": true
                  }
                ]
              }
            }
          ],
          "Next": "Either"
        },
        {
          "And": [
            {
              "Or": [
                {
                  "Variable": "$.a",
                  "NumericEquals": 1
                },
                {
                  "Variable": "$.b",
                  "NumericEquals": 2
                }
              ]
            },
            {
              "Not": {
                "Or": [
                  {
                    "Variable": "$.c",
                    "NumericEquals": 3
                  },
                  {
                    "Variable": "$.d",
                    "NumericEquals": 4
                  }
                ]
              }
            }
          ],
          "Comment": "a mix",
          "Assign": {
            "picked": "either"
          },
          "Next": "Either"
        }
      ],
      "Default": "Neither",
      "OutputPath": "$.out",
      "Assign": {
        "checked": true
      }
    },
    "Both": {
      "Type": "Succeed"
    },
    "Either": {
      "Type": "Succeed"
    },
    "Neither": {
      "Type": "Choice",
      "Choices": [
        {
          "Variable": "$.retry",
          "BooleanEquals": true,
          "Next": "Both"
        }
      ]
    }
  }
}
"#;

pub fn main() {
    assert_asl(Logic::ASL, Logic::ASL_PRETTY, LOGIC_ASL);
}

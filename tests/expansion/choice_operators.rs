//! Choice comparisons: the ASL operator follows from the operands — string, numeric, boolean
//! and timestamp families (timestamps via `timestamp(…)` casts and via a `timestamp` input
//! field), every comparison operator, `!=` as `Not`, a literal on the left flips the operator,
//! two references use the `…Path` form, variables, null tests, type tests and `matches`.

use super::assert_asl;
use workflow_runtime::workflow;

workflow! {
    pub Operators {
        input { name: string, total: number, count: integer, vip: bool, placed: timestamp, tags: [string], extra: any,
                s: any, n: any, t: any, x: any, a: any, b: any, file: any, max: any, deadline: any }
        Init: pass assign { limit: 10 } -> Check;
        Check: choice {
            when $.s == "x" => D,
            when $.s != "x" => D,
            when $.s < "m" => D,
            when $.s <= "m" => D,
            when $.s > "m" => D,
            when $.s >= "m" => D,
            when $.n == 3 => D,
            when $.n != 3 => D,
            when $.n < 2.5 => D,
            when $.n <= -1 => D,
            when $.n > 1 => D,
            when $.n >= 1 => D,
            when $.b == true => D,
            when $.b != false => D,
            when $.t == timestamp("2026-01-01T00:00:00Z") => D,
            when timestamp($.t) < "2026-01-01T00:00:00Z" => D,
            when $.t <= timestamp("2026-01-01T00:00:00Z") => D,
            when $.t > timestamp("2026-01-01T00:00:00Z") => D,
            when $.t >= timestamp("2026-01-01T00:00:00Z") => D,
            when input.placed < "2026-01-01T00:00:00Z" => D,
            when input.name == "vip" => D,
            when input.total > 100 => D,
            when input.count >= 2 => D,
            when input.vip == true => D,
            when 3 < $.n => D,
            when 3 >= $.n => D,
            when "a" == $.s => D,
            when number($.a) < $.b => D,
            when $.a == string($.b) => D,
            when $.a != bool($.b) => D,
            when timestamp($.a) >= $.b => D,
            when input.total > $.max => D,
            when input.placed <= $.deadline => D,
            when $limit == 10 => D,
            when $.n > number($limit) => D,
            when $.x == null => D,
            when $.x != null => D,
            when is_present($.x) => D,
            when is_null($.x) => D,
            when is_string(input.extra) => D,
            when is_number($.x) => D,
            when is_boolean($.x) => D,
            when is_timestamp($.x) => D,
            when $.file matches "log-*.txt" => D,
            when input.name matches "a\\*b*" => D,
            otherwise => D,
        }
        D: succeed;
    }
}

const OPERATORS_ASL: &str = r#"
{
  "StartAt": "Init",
  "States": {
    "Init": {
      "Type": "Pass",
      "Assign": {
        "limit": 10
      },
      "Next": "Check"
    },
    "Check": {
      "Type": "Choice",
      "Choices": [
        {
          "Variable": "$.s",
          "StringEquals": "x",
          "Next": "D"
        },
        {
          "Not": {
            "Variable": "$.s",
            "StringEquals": "x"
          },
          "Next": "D"
        },
        {
          "Variable": "$.s",
          "StringLessThan": "m",
          "Next": "D"
        },
        {
          "Variable": "$.s",
          "StringLessThanEquals": "m",
          "Next": "D"
        },
        {
          "Variable": "$.s",
          "StringGreaterThan": "m",
          "Next": "D"
        },
        {
          "Variable": "$.s",
          "StringGreaterThanEquals": "m",
          "Next": "D"
        },
        {
          "Variable": "$.n",
          "NumericEquals": 3,
          "Next": "D"
        },
        {
          "Not": {
            "Variable": "$.n",
            "NumericEquals": 3
          },
          "Next": "D"
        },
        {
          "Variable": "$.n",
          "NumericLessThan": 2.5,
          "Next": "D"
        },
        {
          "Variable": "$.n",
          "NumericLessThanEquals": -1,
          "Next": "D"
        },
        {
          "Variable": "$.n",
          "NumericGreaterThan": 1,
          "Next": "D"
        },
        {
          "Variable": "$.n",
          "NumericGreaterThanEquals": 1,
          "Next": "D"
        },
        {
          "Variable": "$.b",
          "BooleanEquals": true,
          "Next": "D"
        },
        {
          "Not": {
            "Variable": "$.b",
            "BooleanEquals": false
          },
          "Next": "D"
        },
        {
          "Variable": "$.t",
          "TimestampEquals": "2026-01-01T00:00:00Z",
          "Next": "D"
        },
        {
          "Variable": "$.t",
          "TimestampLessThan": "2026-01-01T00:00:00Z",
          "Next": "D"
        },
        {
          "Variable": "$.t",
          "TimestampLessThanEquals": "2026-01-01T00:00:00Z",
          "Next": "D"
        },
        {
          "Variable": "$.t",
          "TimestampGreaterThan": "2026-01-01T00:00:00Z",
          "Next": "D"
        },
        {
          "Variable": "$.t",
          "TimestampGreaterThanEquals": "2026-01-01T00:00:00Z",
          "Next": "D"
        },
        {
          "Variable": "$$.Execution.Input.placed",
          "TimestampLessThan": "2026-01-01T00:00:00Z",
          "Next": "D"
        },
        {
          "Variable": "$$.Execution.Input.name",
          "StringEquals": "vip",
          "Next": "D"
        },
        {
          "Variable": "$$.Execution.Input.total",
          "NumericGreaterThan": 100,
          "Next": "D"
        },
        {
          "Variable": "$$.Execution.Input.count",
          "NumericGreaterThanEquals": 2,
          "Next": "D"
        },
        {
          "Variable": "$$.Execution.Input.vip",
          "BooleanEquals": true,
          "Next": "D"
        },
        {
          "Variable": "$.n",
          "NumericGreaterThan": 3,
          "Next": "D"
        },
        {
          "Variable": "$.n",
          "NumericLessThanEquals": 3,
          "Next": "D"
        },
        {
          "Variable": "$.s",
          "StringEquals": "a",
          "Next": "D"
        },
        {
          "Variable": "$.a",
          "NumericLessThanPath": "$.b",
          "Next": "D"
        },
        {
          "Variable": "$.a",
          "StringEqualsPath": "$.b",
          "Next": "D"
        },
        {
          "Not": {
            "Variable": "$.a",
            "BooleanEqualsPath": "$.b"
          },
          "Next": "D"
        },
        {
          "Variable": "$.a",
          "TimestampGreaterThanEqualsPath": "$.b",
          "Next": "D"
        },
        {
          "Variable": "$$.Execution.Input.total",
          "NumericGreaterThanPath": "$.max",
          "Next": "D"
        },
        {
          "Variable": "$$.Execution.Input.placed",
          "TimestampLessThanEqualsPath": "$.deadline",
          "Next": "D"
        },
        {
          "Variable": "$limit",
          "NumericEquals": 10,
          "Next": "D"
        },
        {
          "Variable": "$.n",
          "NumericGreaterThanPath": "$limit",
          "Next": "D"
        },
        {
          "Variable": "$.x",
          "IsNull": true,
          "Next": "D"
        },
        {
          "Variable": "$.x",
          "IsNull": false,
          "Next": "D"
        },
        {
          "Variable": "$.x",
          "IsPresent": true,
          "Next": "D"
        },
        {
          "Variable": "$.x",
          "IsNull": true,
          "Next": "D"
        },
        {
          "Variable": "$$.Execution.Input.extra",
          "IsString": true,
          "Next": "D"
        },
        {
          "Variable": "$.x",
          "IsNumeric": true,
          "Next": "D"
        },
        {
          "Variable": "$.x",
          "IsBoolean": true,
          "Next": "D"
        },
        {
          "Variable": "$.x",
          "IsTimestamp": true,
          "Next": "D"
        },
        {
          "Variable": "$.file",
          "StringMatches": "log-*.txt",
          "Next": "D"
        },
        {
          "Variable": "$$.Execution.Input.name",
          "StringMatches": "a\\*b*",
          "Next": "D"
        }
      ],
      "Default": "D"
    },
    "D": {
      "Type": "Succeed"
    }
  }
}
"#;

pub fn main() {
    assert_asl(Operators::ASL, Operators::ASL_PRETTY, OPERATORS_ASL);
}

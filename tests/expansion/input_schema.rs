//! The input schema with every type (scalars, arrays, arrays of arrays, nested objects, arrays
//! of objects, optional fields, names that are not Rust identifiers), `input.…` references in
//! payloads and conditions, and the generated input structs used from Rust.

use super::assert_asl;
use workflow_runtime::{Workflow, workflow};

workflow! {
    pub Orders {
        input {
            /// The order's id.
            orderId: string,
            total: number,
            count: integer,
            express: bool,
            gift: boolean,
            placed: timestamp,
            metadata: any,
            tags: [string],
            matrix: [[integer]],
            customer: { name: string, email?: string, address: { city: string, zip?: string } },
            lines: [{ sku: string, qty: integer }],
            note?: string,
            "shipping-method": string,
            "2fa": bool,
            type: string,
        }
        Read: pass {
            id: input.orderId,
            city: input.customer.address.city,
            firstSku: input.lines[0].sku,
            cell: input.matrix[1][0],
            method: input["shipping-method"],
            anything: input.metadata.deep[2].x,
            all: input,
        } -> Check;
        Check: choice {
            when input.express == true && input.total >= 100 => Done,
            when is_present(input.note) => Done,
            when input.customer.name == "vip" => Done,
            when input.lines[0].qty > 1 => Done,
            otherwise => Done,
        }
        Done: succeed;
    }
}

const ORDERS_ASL: &str = r#"
{
  "StartAt": "Read",
  "States": {
    "Read": {
      "Type": "Pass",
      "Parameters": {
        "id.$": "$$.Execution.Input.orderId",
        "city.$": "$$.Execution.Input.customer.address.city",
        "firstSku.$": "$$.Execution.Input.lines[0].sku",
        "cell.$": "$$.Execution.Input.matrix[1][0]",
        "method.$": "$$.Execution.Input['shipping-method']",
        "anything.$": "$$.Execution.Input.metadata.deep[2].x",
        "all.$": "$$.Execution.Input"
      },
      "Next": "Check"
    },
    "Check": {
      "Type": "Choice",
      "Choices": [
        {
          "And": [
            {
              "Variable": "$$.Execution.Input.express",
              "BooleanEquals": true
            },
            {
              "Variable": "$$.Execution.Input.total",
              "NumericGreaterThanEquals": 100
            }
          ],
          "Next": "Done"
        },
        {
          "Variable": "$$.Execution.Input.note",
          "IsPresent": true,
          "Next": "Done"
        },
        {
          "Variable": "$$.Execution.Input.customer.name",
          "StringEquals": "vip",
          "Next": "Done"
        },
        {
          "Variable": "$$.Execution.Input.lines[0].qty",
          "NumericGreaterThan": 1,
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

/// The JSON of any workflow's input, through the trait.
fn input_json<W: Workflow>(input: &W::Input) -> serde_json::Value {
    serde_json::to_value(input).expect("the input serialises")
}

pub fn main() {
    assert_asl(Orders::ASL, Orders::ASL_PRETTY, ORDERS_ASL);
    let input = OrdersInput {
        order_id: "o-1".to_owned(),
        total: 12.5,
        count: 3,
        express: true,
        gift: false,
        placed: "2026-01-31T23:59:59Z".to_owned(),
        metadata: serde_json::json!({ "deep": [0, 1, { "x": true }] }),
        tags: vec!["a".to_owned()],
        matrix: vec![vec![1, 2], vec![3]],
        customer: OrdersInputCustomer {
            name: "Ada".to_owned(),
            email: None,
            address: OrdersInputCustomerAddress {
                city: "Paris".to_owned(),
                zip: Some("75001".to_owned()),
            },
        },
        lines: vec![OrdersInputLines {
            sku: "s-1".to_owned(),
            qty: 2,
        }],
        note: None,
        shipping_method: "post".to_owned(),
        field_2fa: true,
        r#type: "retail".to_owned(),
    };
    let expected = serde_json::json!({
        "orderId": "o-1",
        "total": 12.5,
        "count": 3,
        "express": true,
        "gift": false,
        "placed": "2026-01-31T23:59:59Z",
        "metadata": { "deep": [0, 1, { "x": true }] },
        "tags": ["a"],
        "matrix": [[1, 2], [3]],
        "customer": { "name": "Ada", "address": { "city": "Paris", "zip": "75001" } },
        "lines": [{ "sku": "s-1", "qty": 2 }],
        "shipping-method": "post",
        "2fa": true,
        "type": "retail"
    });
    // Field names as written in the schema; absent optional fields are left out.
    assert_eq!(input_json::<Orders>(&input), expected);
    // And back: optional fields may be absent from the JSON.
    let back: OrdersInput = serde_json::from_value(expected).unwrap();
    assert_eq!(back, input);
    let with_note: OrdersInput = serde_json::from_value({
        let mut v = input_json::<Orders>(&input);
        v["note"] = serde_json::json!("fragile");
        v
    })
    .unwrap();
    assert_eq!(with_note.note.as_deref(), Some("fragile"));
}

//! `<Name>Output`: the type of what the workflow ends with, from the data-flow types — here an
//! object built by a Pass state's parameters from typed input fields, a literal and an
//! intrinsic, with a nested object and an array of objects; and `serde_json::Value` for a
//! workflow whose output is unknown.

use workflow_runtime::workflow;

workflow! {
    pub Ship {
        input { order: { id: string, lines: [{ sku: string, qty: integer }] }, note?: string }
        "Load": pass result = { carrier: "ups", express: false } result_path = $.shipping -> "Build";
        "Build": pass {
            id: $.order.id,
            lines: $.order.lines,
            shipping: $.shipping,
            count: States.ArrayLength($.order.lines),
            label: States.Format("order {}", $.order.id),
        };
    }
}

workflow! {
    pub Opaque {
        "Call": lambda::invoke { FunctionName: "f" } output_path = $.Payload;
    }
}

/// The trait's `Output` is the generated type.
fn typed(output: <Ship as workflow_runtime::Workflow>::Output) -> ShipOutput {
    output
}

pub fn main() {
    let output: ShipOutput = serde_json::from_value(serde_json::json!({
        "id": "o-1",
        "lines": [{ "sku": "a", "qty": 2 }],
        "shipping": { "carrier": "ups", "express": false },
        "count": 1,
        "label": "order o-1"
    }))
    .unwrap();
    assert_eq!(output.id, "o-1");
    assert_eq!(output.lines[0].qty, 2);
    assert!(!output.shipping.express);
    assert_eq!(output.count, 1);
    assert_eq!(typed(output).label, "order o-1");
    let any: OpaqueOutput = serde_json::json!({ "whatever": [1, 2] });
    assert!(any.is_object());
}

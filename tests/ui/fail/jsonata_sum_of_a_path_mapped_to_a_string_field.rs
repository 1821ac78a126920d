use workflow_runtime::workflow;

// `$states.input.lines.sku` maps the lines to their `sku`, a string: `$sum` fails (T0412) when
// there are lines, and gives no value, which the field cannot take, when there are none.
workflow! {
    pub Case {
        query_language = jsonata;
        input { lines: [{ sku: string, qty: integer }] }
        "Total": pass output = { total: "{% $sum($states.input.lines.sku) %}" };
    }
}

fn main() {}

use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { customer: string, lines: [{ sku: string, qty: integer }] }
        "First": pass { first: $.customer[0] };
    }
}

fn main() {}

use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { order: { id: string, total: number } }
        "Fan out": parallel {
            branch { "Ship": pass { id: $.order.idd }; }
            branch { "Bill": pass { total: $.order.total }; }
        };
    }
}

fn main() {}

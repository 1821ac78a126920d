use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { order: { id: string } }
        "Fan out": parallel {
            branch { "Ship": pass; }
            branch { "Bill": pass; }
        } result_path = $.results -> "Report";
        "Report": pass { shipped: $.reslts };
    }
}

fn main() {}

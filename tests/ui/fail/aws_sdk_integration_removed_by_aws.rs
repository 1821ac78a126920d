use workflow_runtime::workflow;

// Step Functions removed the AWS SDK integration of Amazon QLDB on 2026-03-12.
workflow! {
    pub Case {
        "List": aws_sdk::qldb::list_ledgers {};
    }
}

fn main() {}

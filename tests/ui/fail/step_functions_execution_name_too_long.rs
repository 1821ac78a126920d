use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { order: string }
        "Run": states::start_execution.sync { StateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:child", Name: "nightly-reconciliation-of-every-order-placed-in-the-storefront-during-the-last-day" };
    }
}

fn main() {}

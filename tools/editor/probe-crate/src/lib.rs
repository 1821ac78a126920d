//! A user's crate with one workflow, opened in rust-analyzer by tools/editor/probe.py: every
//! probe (a hover, a completion, a definition, the diagnostics) is asked at a word of this file,
//! or of this file with one edit (the probe's `edit`).
use workflow_runtime::workflow;

workflow! {
    /// Charges an order, then ships and archives it.
    pub Orders {
        input { order_id: string, total: number, customer: { email: string } }
        "Charge": lambda::invoke { FunctionName: "charge", Payload: { amount: input.total, email: input.customer.email } }
            result_path = $.charge -> "Paid?";
        "Paid?": choice {
            when $.charge.Payload.approved == true => "Ship fast",
            otherwise => Declined,
        }
        "Ship fast": dynamodb::put_item { TableName: "orders", Item: { id: { S: input.order_id } } }
            result_path = null -> Archive;
        Archive: aws_sdk::s3::put_object { Bucket: "archive", Key: input.order_id, Body: "shipped" }
            result_path = null -> Notify;
        Notify: sns::publish.wait_for_task_token { TopicArn: "arn:aws:sns:us-east-1:123456789012:shipped", Message: { token: $$.Task.Token } }
            result_path = null -> Done;
        Declined: fail(error = "Declined");
        Done: succeed;
    }
}

/// An execution input, as user code writes it.
pub fn first_order() -> OrdersInput {
    OrdersInput {
        order_id: "o-1".into(),
        total: 12.5,
        customer: OrdersInputCustomer { email: "a@example.com".into() },
    }
}

/// The Task state a handler is keyed by.
pub fn charge_state() -> &'static str {
    Orders::CHARGE.name
}

/// Room for completions in user code.
pub fn user_code() {
    let _ = first_order();
}

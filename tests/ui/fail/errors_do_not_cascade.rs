use workflow_runtime::workflow;

workflow! {
    pub Checkout {
        input { orderId: string }
        "Pack": pass -> "Shipp";
        "Ship": succeed;
    }
}

fn main() {
    // One error above; the items below still exist, so nothing here is reported.
    let input = CheckoutInput { order_id: "o-1".into() };
    let _ = (Checkout::ASL, Checkout::NAME, input.order_id);
}

use workflow_runtime::{Workflow, workflow};

workflow! {
    pub Checkout {
        input { orderId: string, items: [{ sku: string }] }
        "Pack": pass -> "Ship"
        "Ship": succeed;
    }
}

fn name<W: Workflow>() -> &'static str {
    W::NAME
}

fn main() {
    // One parse error above; the items below still exist, so nothing here is reported.
    let input = CheckoutInput {
        order_id: "o-1".into(),
        items: vec![CheckoutInputItems { sku: "s-1".into() }],
    };
    let _ = (Checkout::ASL, name::<Checkout>(), input.order_id, input.items);
}

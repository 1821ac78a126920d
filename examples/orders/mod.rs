//! The order service's workflow and the Rust that does its tasks, shared by
//! `examples/order_service.rs` (which runs it) and `examples/charge_lambda.rs` (its Lambda
//! function). Every handler is typed by the workflow: `OrderService::CHARGE`, `PACK` and
//! `AWAIT_PICKUP` carry what each Task sends and what the states after it read, so a handler
//! that drifts from the workflow does not compile.

#![allow(dead_code)] // each example uses its part

use workflow_runtime::engine::TaskFailure;
use workflow_runtime::workflow;

workflow! {
    /// Charge an order with a Lambda function, pack it on an activity worker, and wait for the
    /// courier's callback confirming the pickup.
    pub OrderService {
        input { order_id: string, cents: integer, items: [{ sku: string, qty: integer }] }

        "Charge": lambda::invoke {
            FunctionName: "charge_lambda",
            Payload: { order: $.order_id, cents: $.cents },
        } result_selector { id: $.Payload.charge_id, charged: $.Payload.charged }
          result_path = $.charge
          catch ["Charge.Invalid"] (result_path = $.refusal) => "Refused"
          -> "Pack";
        "Pack": task "arn:aws:states:us-east-1:123456789012:activity:pack" {
            order: $.order_id,
            items: $.items,
        } heartbeat = 30 timeout = 600 result_path = $.parcel -> "Await pickup";
        "Await pickup": lambda::invoke.wait_for_task_token {
            FunctionName: "notify_courier",
            Payload: { order: $.order_id, parcel: $.parcel.parcel_id, token: $$.Task.Token },
        } timeout = 86400 result_path = $.pickup -> "Collected?";
        "Collected?": choice {
            when $.pickup.collected == true => "Done",
            otherwise => "Not collected",
        }
        "Not collected": fail(error = "Order.NotCollected", cause = "the courier did not collect the parcel");
        "Refused": fail(error = "Order.Refused", cause = "the charge was refused");
        "Done": pass {
            order: $.order_id,
            charge: $.charge.id,
            parcel: $.parcel.parcel_id,
            courier: $.pickup.courier,
        };
    }
}

/// The Lambda function of `Charge`: charges the order; nothing to charge is `Charge.Invalid`,
/// which the workflow catches.
pub async fn charge(
    request: OrderServiceChargeRequest,
) -> Result<OrderServiceChargeResponse, TaskFailure> {
    if request.cents <= 0 {
        return Err(TaskFailure::new(
            "Charge.Invalid",
            format!(
                "order {} has nothing to charge ({} cents)",
                request.order, request.cents
            ),
        ));
    }
    Ok(OrderServiceChargeResponse {
        charge_id: format!("ch-{}", request.order).into(),
        charged: request.cents.into(),
    })
}

/// The activity worker's work for `Pack`: one parcel holding every item.
pub async fn pack(
    request: OrderServicePackRequest,
) -> Result<OrderServicePackResponse, TaskFailure> {
    let count: i64 = request.items.iter().map(|item| item.qty).sum();
    if count == 0 {
        return Err(TaskFailure::new("Pack.Empty", "no items to pack"));
    }
    Ok(OrderServicePackResponse {
        parcel_id: format!("parcel-{}-{count}", request.order).into(),
    })
}

/// The courier's answer to `Await pickup`: collected, by whom.
pub fn pickup(
    request: OrderServiceAwaitPickupRequest,
) -> Result<OrderServiceAwaitPickupResponse, TaskFailure> {
    Ok(OrderServiceAwaitPickupResponse {
        collected: true,
        courier: Some(format!("courier for {}", request.order).into()),
    })
}

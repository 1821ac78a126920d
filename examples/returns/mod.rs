//! A service that uses Step Functions through `aws_sdk_sfn` and nothing else, as production
//! code does: [`Returns`] deploys the [`OrderReturn`] workflow, opens a return (starts an
//! execution), and answers the warehouse's callback (`SendTaskSuccess` with the task token
//! the workflow sent it). `examples/order_returns.rs` runs it; `examples/returns/tests.rs`
//! tests it on an in-process endpoint (`workflow_serve::InProcess`): in parallel, the 30-day
//! dispute window skipped, the 14-day deadline fired by advancing the clock.

#![allow(dead_code)] // the example and its tests use different parts

use aws_sdk_sfn::types::ExecutionStatus;
use workflow_runtime::workflow;

workflow! {
    /// A return: the warehouse is told to expect the parcel (an SQS message carrying the task
    /// token) and answers when it arrives, within 14 days; the refund then waits out the
    /// 30-day dispute window, and is paid.
    pub OrderReturn {
        input { order_id: string, cents: integer }

        "Await parcel": sqs::send_message.wait_for_task_token {
            QueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/returns",
            MessageBody: { order: $.order_id, token: $$.Task.Token },
        } timeout = 1209600 result_path = $.parcel
          catch [States.Timeout] => "Expired"
          -> "Dispute window";
        "Dispute window": wait(seconds = 2592000) -> "Refund";
        "Refund": pass { order: $.order_id, refunded: $.cents, condition: $.parcel.condition };
        "Expired": fail(error = "Return.Expired", cause = "the parcel did not arrive within 14 days");
    }
}

/// The returns service: its Step Functions client and the state machine it deployed.
#[derive(Clone, Debug)]
pub struct Returns {
    sfn: aws_sdk_sfn::Client,
    machine_arn: String,
}

/// Where a return is: its execution's status, and its output once it succeeded (or its
/// error once it failed).
#[derive(Clone, Debug, PartialEq)]
pub struct ReturnStatus {
    pub status: ExecutionStatus,
    pub output: Option<serde_json::Value>,
    pub error: Option<String>,
}

impl Returns {
    /// Deploys [`OrderReturn`] as the state machine `OrderReturn` (created, or updated when
    /// it exists), run by `role_arn`.
    pub async fn deploy(
        sfn: aws_sdk_sfn::Client,
        role_arn: &str,
    ) -> Result<Self, aws_sdk_sfn::Error> {
        Returns::deploy_as(sfn, "OrderReturn", role_arn).await
    }

    /// [`Returns::deploy`] as the state machine `name`.
    pub async fn deploy_as(
        sfn: aws_sdk_sfn::Client,
        name: &str,
        role_arn: &str,
    ) -> Result<Self, aws_sdk_sfn::Error> {
        let created = sfn
            .create_state_machine()
            .name(name)
            .definition(OrderReturn::ASL)
            .role_arn(role_arn)
            .send()
            .await;
        let machine_arn = match created {
            Ok(created) => created.state_machine_arn().to_owned(),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|e| e.is_state_machine_already_exists()) =>
            {
                let listed = sfn.list_state_machines().send().await?;
                let arn = listed
                    .state_machines()
                    .iter()
                    .find(|m| m.name() == name)
                    .map(|m| m.state_machine_arn().to_owned())
                    .unwrap_or_default();
                sfn.update_state_machine()
                    .state_machine_arn(&arn)
                    .definition(OrderReturn::ASL)
                    .role_arn(role_arn)
                    .send()
                    .await?;
                arn
            }
            Err(e) => return Err(e.into()),
        };
        Ok(Returns { sfn, machine_arn })
    }

    /// A customer opens the return of `order_id`, to be refunded `cents`: the execution
    /// `return-ORDER`'s ARN.
    pub async fn open(&self, order_id: &str, cents: i64) -> Result<String, aws_sdk_sfn::Error> {
        let input = OrderReturnInput {
            order_id: order_id.into(),
            cents,
        };
        let started = self
            .sfn
            .start_execution()
            .state_machine_arn(&self.machine_arn)
            .name(format!("return-{order_id}"))
            .input(serde_json::to_string(&input).unwrap_or_default())
            .send()
            .await?;
        Ok(started.execution_arn().to_owned())
    }

    /// The warehouse's handler: the parcel of the return that sent `task_token` arrived, in
    /// `condition` (the callback's answer).
    pub async fn parcel_arrived(
        &self,
        task_token: &str,
        condition: &str,
    ) -> Result<(), aws_sdk_sfn::Error> {
        self.sfn
            .send_task_success()
            .task_token(task_token)
            .output(serde_json::json!({ "condition": condition }).to_string())
            .send()
            .await?;
        Ok(())
    }

    /// Where the return `execution_arn` is.
    pub async fn status(&self, execution_arn: &str) -> Result<ReturnStatus, aws_sdk_sfn::Error> {
        let described = self
            .sfn
            .describe_execution()
            .execution_arn(execution_arn)
            .send()
            .await?;
        Ok(ReturnStatus {
            status: described.status().clone(),
            output: described
                .output()
                .and_then(|text| serde_json::from_str(text).ok()),
            error: described.error().map(str::to_owned),
        })
    }

    /// The task token the return `execution_arn` sent the warehouse, if it did (as the
    /// warehouse reads it from its queue; here, from the execution's history: the Task's
    /// parameters).
    pub async fn token_sent(
        &self,
        execution_arn: &str,
    ) -> Result<Option<String>, aws_sdk_sfn::Error> {
        let history = self
            .sfn
            .get_execution_history()
            .execution_arn(execution_arn)
            .send()
            .await?;
        Ok(history.events().iter().find_map(|event| {
            let parameters = event.task_scheduled_event_details()?.parameters();
            let parameters: serde_json::Value = serde_json::from_str(parameters).ok()?;
            parameters["MessageBody"]["token"]
                .as_str()
                .map(str::to_owned)
        }))
    }
}

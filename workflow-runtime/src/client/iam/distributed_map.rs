//! A Distributed Map starts child executions of the state machine itself and reads its items
//! from / writes its results to S3 (`ItemReader`, `ResultWriter`).

use super::builder::{Builder, ITS_NAME_IS_NOT_KNOWN, sid};
use super::request::Request;
use crate::asl::MapState;
use workflow_aws_models::Usage;

impl Builder<'_> {
    /// Grants what the Map state needs beyond its processor's states.
    pub(super) fn distributed_map(&mut self, map: &MapState) {
        if map.item_processor.is_distributed() {
            self.child_executions();
        }
        let reader = map.item_reader.as_ref().map(|r| {
            (
                Some(&r.resource),
                Request::of(r.parameters.as_ref(), r.arguments.as_ref()),
            )
        });
        let writer = map.result_writer.as_ref().map(|w| {
            (
                w.resource.as_ref(),
                Request::of(w.parameters.as_ref(), w.arguments.as_ref()),
            )
        });
        for (resource, request) in [reader, writer].into_iter().flatten() {
            if let Some(integration) = resource.and_then(|r| r.integration())
                && integration.usage() != Usage::Task
            {
                self.s3(&integration.action(), request);
            }
        }
    }

    /// Starting, describing and stopping the Distributed Map's child executions.
    fn child_executions(&mut self) {
        match self.ctx.state_machine_name.clone() {
            Some(name) => {
                let arn = self.ctx.state_machine_arn(&name);
                self.allow(
                    sid(&["DistributedMap", "Start", "Child", "Executions"]),
                    &["states:StartExecution"],
                    vec![arn],
                );
                let executions = self.ctx.executions_of(&name);
                self.allow(
                    sid(&["DistributedMap", "Manage", "Child", "Executions"]),
                    &["states:DescribeExecution", "states:StopExecution"],
                    vec![executions],
                );
            }
            None => self.allow(
                sid(&[
                    &["DistributedMap", "Child", "Executions"],
                    ITS_NAME_IS_NOT_KNOWN,
                ]
                .concat()),
                &[
                    "states:StartExecution",
                    "states:DescribeExecution",
                    "states:StopExecution",
                ],
                vec!["*".into()],
            ),
        }
    }
}

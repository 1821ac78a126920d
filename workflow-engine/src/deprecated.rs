//! The engine's old names, kept as deprecated forwarders to the names that replaced them (see
//! `CHANGELOG.md`, "Deprecated"), so that code written against them still builds and is told
//! what to write instead. Each forwards to the one implementation under its new name.

use serde_json::Value;
use workflow_asl::StateMachine;

use crate::{Engine, EngineError, Execution, ExpressRun, TestState, Workflow};

impl Engine {
    /// Runs a workflow declared with `workflow!` on its typed input: [`Engine::run`].
    #[deprecated(since = "0.1.0", note = "use `Engine::run::<W>(&input)` instead")]
    pub async fn run_workflow<W: Workflow>(
        &self,
        input: &W::Input,
    ) -> Result<Execution, EngineError> {
        self.run::<W>(input).await
    }

    /// [`Engine::run_blocking`], the blocking run of a workflow declared with `workflow!`.
    #[deprecated(
        since = "0.1.0",
        note = "use `Engine::run_blocking::<W>(&input)` instead"
    )]
    pub fn run_workflow_blocking<W: Workflow>(
        &self,
        input: &W::Input,
    ) -> Result<Execution, EngineError> {
        self.run_blocking::<W>(input)
    }

    /// Any definition run as `StartSyncExecution` runs it: [`Engine::run_sync_any`].
    #[deprecated(
        since = "0.1.0",
        note = "use `Engine::run_sync_any(&machine, input)` instead"
    )]
    pub async fn start_sync_execution(
        &self,
        machine: &StateMachine,
        input: Value,
    ) -> Result<ExpressRun, EngineError> {
        self.run_sync_any(machine, input).await
    }

    /// [`Engine::run_sync_any_blocking`].
    #[deprecated(
        since = "0.1.0",
        note = "use `Engine::run_sync_any_blocking(&machine, input)` instead"
    )]
    pub fn start_sync_execution_blocking(
        &self,
        machine: &StateMachine,
        input: Value,
    ) -> Result<ExpressRun, EngineError> {
        self.run_sync_any_blocking(machine, input)
    }
}

impl TestState {
    /// Whether the request runs a Task state without a mock: [`TestState::prepare`] then
    /// [`crate::PreparedTestState::calls_a_service`] (which decode the definition once for
    /// the run too). `false` when the definition does not decode, as before.
    #[deprecated(
        since = "0.1.0",
        note = "use `request.prepare()?.calls_a_service()` instead"
    )]
    pub fn calls_a_service(&self) -> bool {
        self.clone()
            .prepare()
            .is_ok_and(|prepared| prepared.calls_a_service())
    }
}

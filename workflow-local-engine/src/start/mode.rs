//! What a start request runs, and what it gives back: the modes of
//! [`StartExecution`](crate::StartExecution). A request is [`Standard`] until a method
//! makes it another: [`StartExecution::sync_express`](crate::StartExecution::sync_express),
//! [`StartExecution::replay`](crate::StartExecution::replay),
//! [`StartExecution::resume_failed`](crate::StartExecution::resume_failed) (and its
//! [`plan`](crate::StartExecution::plan)), or
//! [`Engine::test_state`](crate::Engine::test_state)'s [`TestStep`].

use crate::{
    EngineError, Execution, ExpressRun, Replayed, ResumePoint, Resumed, StartExecution,
    TestStateError, TestStateOutput,
};
use futures::future::BoxFuture;

mod sealed {
    pub trait Sealed {}
}

/// A mode of a start request: what its [`run`](crate::StartExecution::run) gives back.
pub trait Mode: sealed::Sealed + Sized {
    /// What a run in this mode ends with.
    type Output;
    /// Why it could not run.
    type Error: From<EngineError>;

    /// Runs `request` to its end.
    #[doc(hidden)]
    fn launch<'e, I: 'e>(
        request: StartExecution<'e, I, Self>,
    ) -> BoxFuture<'e, Result<Self::Output, Self::Error>>;
}

/// A STANDARD or asynchronous EXPRESS execution (`StartExecution`), a redrive
/// (`RedriveExecution`) or a resume: the run gives the [`Execution`] as it ended.
#[derive(Clone, Copy, Debug, Default)]
pub struct Standard;

/// A synchronous EXPRESS execution (`StartSyncExecution`): the run gives the service's answer
/// and the local run behind it ([`ExpressRun`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct SyncExpress;

/// A definition run on a recorded history: the run gives the comparison ([`Replayed`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct Replay;

/// One state run as AWS's TestState runs it: the run gives its [`TestStateOutput`].
#[derive(Clone, Copy, Debug, Default)]
pub struct TestStep;

/// A failed execution's record resumed on a changed definition: the run gives the new
/// execution and where it went live ([`Resumed`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct ResumeFailed;

/// Where a resume on a changed definition would go live, nothing run live: the run gives the
/// [`ResumePoint`] (what a resume on AWS starts from).
#[derive(Clone, Copy, Debug, Default)]
pub struct ResumePlan;

/// The modes of a resume on a changed definition, which take the state to resume at
/// ([`StartExecution::from_state`]).
pub trait Resuming: Mode {}

impl Resuming for ResumeFailed {}
impl Resuming for ResumePlan {}

impl sealed::Sealed for Standard {}
impl sealed::Sealed for SyncExpress {}
impl sealed::Sealed for Replay {}
impl sealed::Sealed for TestStep {}
impl sealed::Sealed for ResumeFailed {}
impl sealed::Sealed for ResumePlan {}

impl Mode for Standard {
    type Output = Execution;
    type Error = EngineError;

    fn launch<'e, I: 'e>(
        request: StartExecution<'e, I, Self>,
    ) -> BoxFuture<'e, Result<Execution, EngineError>> {
        Box::pin(super::run_standard(request))
    }
}

impl Mode for SyncExpress {
    type Output = ExpressRun;
    type Error = EngineError;

    fn launch<'e, I: 'e>(
        request: StartExecution<'e, I, Self>,
    ) -> BoxFuture<'e, Result<ExpressRun, EngineError>> {
        Box::pin(super::run_sync_express(request))
    }
}

impl Mode for Replay {
    type Output = Replayed;
    type Error = EngineError;

    fn launch<'e, I: 'e>(
        request: StartExecution<'e, I, Self>,
    ) -> BoxFuture<'e, Result<Replayed, EngineError>> {
        Box::pin(super::run_replay(request))
    }
}

impl Mode for ResumeFailed {
    type Output = Resumed;
    type Error = EngineError;

    fn launch<'e, I: 'e>(
        request: StartExecution<'e, I, Self>,
    ) -> BoxFuture<'e, Result<Resumed, EngineError>> {
        Box::pin(super::run_resume_failed(request))
    }
}

impl Mode for ResumePlan {
    type Output = ResumePoint;
    type Error = EngineError;

    fn launch<'e, I: 'e>(
        request: StartExecution<'e, I, Self>,
    ) -> BoxFuture<'e, Result<ResumePoint, EngineError>> {
        Box::pin(super::run_resume_plan(request))
    }
}

impl Mode for TestStep {
    type Output = TestStateOutput;
    type Error = TestStateError;

    fn launch<'e, I: 'e>(
        request: StartExecution<'e, I, Self>,
    ) -> BoxFuture<'e, Result<TestStateOutput, TestStateError>> {
        Box::pin(super::run_test_step(request))
    }
}

impl From<EngineError> for TestStateError {
    fn from(e: EngineError) -> Self {
        TestStateError::Engine(e)
    }
}

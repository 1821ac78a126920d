//! What the serve unit tests share: their runtime, a service's settings, and a call answered
//! on the test's thread.

use super::dispatch::{answer, answering};
use super::protocol::ApiError;
use super::service::{Service, Settings};
use serde_json::{Map, Value};
use std::sync::Arc;

/// The serve unit tests' runtime (the server's is its caller's): the executions they start on
/// its worker, as in the server.
pub(crate) fn test_runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("the tests' runtime")
    })
}

/// The settings of a test's service: virtual time, no poll wait.
pub(crate) fn test_settings() -> Settings {
    Settings {
        region: "us-east-1".into(),
        account: "123456789012".into(),
        virtual_time: true,
        clock: None,
        answerers: Vec::new(),
        mock_config: None,
        activity_poll: std::time::Duration::ZERO,
        object_store: None,
        lambda_endpoint: None,
        aws_endpoints: workflow_runtime::engine::AwsEndpoints::new(),
        max_running: super::service::DEFAULT_MAX_RUNNING,
        operations: answering,
        workflow_types: Vec::new(),
    }
}

impl Service {
    /// Answers one call, waiting for it on this thread (a test's): [`answer`].
    pub(crate) fn call(
        self: &Arc<Self>,
        operation: &str,
        request: &Map<String, Value>,
    ) -> Result<Value, ApiError> {
        test_runtime().block_on(answer(
            Arc::clone(self),
            crate::protocol::Target::StepFunctions(operation.to_owned()),
            request.clone(),
            None,
        ))
    }
}

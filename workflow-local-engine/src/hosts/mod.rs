//! The hosts: what runs the core and answers its questions (`core::host::Host`).
//! `local::LocalHost` is the engine's own host, made from the parts an execution was started
//! with: the handlers and mocks of a run in a test (`handlers`, `handler_key`, `mock`,
//! `default_sync`, `lambda_endpoint`), the callbacks and activities of a started execution
//! (`callbacks`, `activities`, tasks of the caller's runtime: `task`), a redrive's replay
//! (`redrive`), TestState's one state (`test_state`), an EXPRESS run (`express`), and the
//! coverage recorder (`coverage`). `workflow serve` is a host outside this crate, on
//! `StartExecution::start`.

pub(crate) mod activities;
#[cfg(feature = "aws-endpoint")]
pub(crate) mod aws_endpoint;
pub(crate) mod callbacks;
pub(crate) mod changes;
#[cfg(test)]
mod clock_tests;
pub(crate) mod coverage;
pub(crate) mod default_sync;
pub(crate) mod express;
pub(crate) mod handler_key;
pub(crate) mod handlers;
#[cfg(feature = "lambda-endpoint")]
pub(crate) mod lambda_endpoint;
pub(crate) mod local;
pub(crate) mod mock;
pub(crate) mod redrive;
pub(crate) mod running;
pub(crate) mod task;
pub(crate) mod test_state;

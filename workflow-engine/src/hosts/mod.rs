//! The hosts: what runs the core and answers its questions (`core::host::Host`). The
//! in-process test host (`Engine`'s runs, with handlers and mocks), TestState, redrives,
//! started executions with callbacks and activities, and EXPRESS runs; `workflow serve` is a
//! host outside this crate, on `Engine::start_compiled_then` and [`crate::hosting`].

pub(crate) mod activities;
pub(crate) mod callbacks;
pub(crate) mod coverage;
pub(crate) mod default_sync;
pub(crate) mod executor;
pub(crate) mod express;
pub(crate) mod handler_key;
pub(crate) mod handlers;
#[cfg(feature = "lambda-endpoint")]
pub(crate) mod lambda_endpoint;
pub(crate) mod local;
pub(crate) mod mock;
pub(crate) mod redrive;
pub(crate) mod test_state;

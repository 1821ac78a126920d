//! The runtime's integration tests, one test program: every file beside this one is a module
//! of it (`engine.rs` is `runtime::engine`), so that the runtime, the AWS SDK and the generic
//! code they share are compiled and linked once rather than once per file, and the slow suites
//! (corpus, oracles, moto, the Python SDKs, the imported corpus's build) overlap as the harness
//! runs them on all cores. Run one file's tests with a filter:
//! `cargo test -p workflow-runtime --test runtime engine_services::`.
//!
//! The modules that need the `client` feature are compiled only with it, so that
//! `cargo test -p workflow-runtime --no-default-features` runs the rest: the engine without
//! the AWS SDK. The tools' tests (the `workflow` binary, `workflow serve`, the corpora and the
//! oracles run through them) are `workflow-cli`'s test program, `tools.rs`. `engine_properties.rs` is a test program of its own (it measures its process's
//! peak memory), and `ui.rs` is `workflow-macros`' (trybuild's project then has no AWS SDK).

// The corpus and moto helpers (`support/`) and the examples are included by each file that
// uses them, as when every file was a test program of its own.
#![allow(clippy::duplicate_mod)]

// The documents' checkable claims, then the engine, local, with no feature.
mod architecture;
mod changelog;
mod engine;
mod engine_child_executions;
mod engine_corpus;
mod engine_coverage;
mod engine_debug;
mod engine_fix_forward;
// Generated inputs (the `workflow-proptest` crate).
mod engine_generated_inputs;
mod engine_map_replay;
#[cfg(feature = "parquet")]
mod engine_parquet;
mod engine_pipeline;
mod engine_replay;
mod engine_resume;
mod engine_services;
mod engine_test_state;
mod engine_test_state_recorded;
mod engine_typed_handlers;
mod engine_typed_requests;
mod engine_typed_tasks;
// The macro's expansions (its compile-fail cases are trybuild's, `ui.rs`).
mod expansion;

// The client against the SDK's mocks (`client`), and SageMaker's steps against the Python SDK.
#[cfg(feature = "client")]
mod client_mocked;
#[cfg(all(feature = "client", feature = "sagemaker"))]
mod sagemaker;

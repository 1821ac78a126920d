//! The runtime's integration tests, one test program: every file beside this one is a module
//! of it (`engine.rs` is `runtime::engine`), so that the runtime, the AWS SDK and the generic
//! code they share are compiled and linked once rather than once per file, and the slow suites
//! (corpus, oracles, moto, the Python SDKs, the imported corpus's build) overlap as the harness
//! runs them on all cores. Run one file's tests with a filter:
//! `cargo test -p workflow-runtime --test runtime engine_services::`.
//!
//! The modules that need the `client` or `cli` feature are compiled only with it, so that
//! `cargo test -p workflow-runtime --no-default-features` runs the rest: the engine without
//! the AWS SDK. `engine_properties.rs` is a test program of its own (it measures its process's
//! peak memory), and `ui.rs` is `workflow-macros`' (trybuild's project then has no AWS SDK).

// The corpus and moto helpers (`support/`) and the examples are included by each file that
// uses them, as when every file was a test program of its own.
#![allow(clippy::duplicate_mod)]

// The engine, local, with no feature.
mod engine;
mod engine_child_executions;
mod engine_corpus;
#[cfg(feature = "parquet")]
mod engine_parquet;
mod engine_pipeline;
mod engine_services;
mod engine_test_state;
mod engine_test_state_recorded;
mod engine_typed_handlers;
mod engine_typed_requests;
mod engine_typed_tasks;
// The macro's expansions (its compile-fail cases are trybuild's, `ui.rs`).
mod expansion;

// The `workflow` binary (`cli`).
#[cfg(feature = "cli")]
mod asl_corpus;
#[cfg(feature = "cli")]
mod asl_corpus_oracles;
#[cfg(feature = "cli")]
mod aws_recorded;
#[cfg(feature = "cli")]
mod aws_recorded_classes;
#[cfg(feature = "cli")]
mod cli;
#[cfg(feature = "cli")]
mod differential;
#[cfg(feature = "cli")]
mod examples;
#[cfg(feature = "cli")]
mod import_corpus;

// The client (`client`), and with the binary.
#[cfg(all(feature = "client", feature = "cli"))]
mod activity_worker;
#[cfg(feature = "client")]
mod client_mocked;
#[cfg(all(feature = "client", feature = "cli"))]
mod client_moto;
#[cfg(all(feature = "client", feature = "cli"))]
mod graph_cli;
#[cfg(all(feature = "client", feature = "sagemaker"))]
mod sagemaker;
#[cfg(all(feature = "client", feature = "cli"))]
mod serve;
// `workflow serve`'s manners with hostile clients (`serve`; its CLI tests with `cli` too).
#[cfg(feature = "serve")]
mod serve_manners;
// `workflow serve` answering as AWS's API does, in raw HTTP (`serve`).
#[cfg(feature = "serve")]
mod serve_api;

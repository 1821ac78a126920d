//! The tools' integration tests, one test program of `workflow-cli`: the `workflow` binary on
//! the corpora and the recorded executions, the oracles (moto, the npm validators, the Python
//! SDKs), the examples run as built binaries, `workflow serve` driven by aws-sdk-rust, boto3 and
//! the AWS CLI, `workflow mcp` driven by the MCP Python SDK, and the client against moto. Every module is a file beside this one, as in
//! `runtime.rs`, so that the tools, the runtime and the AWS SDK are linked once for all of
//! them. Run one file's tests with a filter: `cargo test -p workflow-cli --test tools serve::`.

// The corpus and moto helpers (`support/`) and the examples are included by each file that
// uses them, as when every file was a test program of its own.
#![allow(clippy::duplicate_mod)]

mod activity_worker;
mod asl_corpus;
mod asl_corpus_oracles;
mod aws_endpoint;
mod aws_recorded;
mod aws_recorded_classes;
mod cdk_sources;
mod cli;
mod client_moto;
mod coverage_cli;
mod debug_adapter;
mod differential;
mod examples;
mod graph_cli;
mod import_corpus;
mod mcp;
mod replay_cli;
mod serve;
mod serve_api;
mod serve_console;
mod serve_crash;
mod serve_faults;
mod serve_fix_forward;
mod serve_manners;
mod serve_push;
mod serve_resume;
mod serve_upgrade;
mod validate_sarif;
mod workflow_test;

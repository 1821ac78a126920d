//! Declare, check, deploy and run AWS Step Functions workflows from Rust.
//!
//! This crate is what users depend on. It re-exports the typed Amazon States Language
//! ([`asl`]: model, lossless JSON, validator) and the pictures of a definition ([`graph`]:
//! Mermaid, DOT, SVG, HTML), and provides the `workflow!` macro, the local [`engine`] and the
//! `client`, which deploys and runs workflows on AWS Step Functions (`aws-sdk-sfn`); all of
//! them build on the same model. The tools are the `workflow-cli` crate (`cargo install
//! workflow-cli`): `workflow validate`, `fmt`, `run`, `graph`, `import`, `deploy`,
//! `execute`, `serve` (a local Step Functions endpoint), and `workflow_cli::main_with`, which
//! runs them on a crate's own workflows from its `src/bin/workflow.rs`.
//!
//! # Cargo features
//!
//! - `client` (default): the `client` module, the AWS SDK for Step Functions, IAM policies and
//!   CloudFormation export.
//! - `lambda` (off by default): the `lambda` module, a task handler served as an AWS Lambda
//!   function (`lambda_runtime`).
//! - `sagemaker` (off by default): the `sagemaker` module (estimators, processors, image URIs,
//!   the Python SDK's steps and templates) and the macro's SageMaker step forms.
//! - `lambda-endpoint` (off by default): Lambda tasks invoked at a Lambda endpoint
//!   (`Engine::lambda_endpoint`, cargo-lambda's emulator; hyper's client).
//! - `aws-endpoint` (off by default): the Tasks no handler or mock answers sent to AWS
//!   services at an endpoint (`Engine::aws_endpoints`: moto, LocalStack, AWS), requests and
//!   answers by each service's model, signed by `aws-sigv4` with the standard credential chain
//!   (`aws-config`).
//! - `parquet` (off by default): a Distributed Map's `ItemReader` reads Parquet objects
//!   (`InputType: PARQUET`), with Apache's `parquet` crate; without it such a reader fails
//!   saying which feature reads them.
//!
//! With `default-features = false` a crate gets the `workflow!` macro, the typed ASL and the
//! local [`engine`], and compiles no AWS SDK.
#![deny(missing_docs)]
#![warn(unreachable_pub)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub use workflow_asl as asl;
/// AWS's API models and Step Functions' rules over them: [`aws_models::Integration`] names a
/// service integration without an ARN, and the engine checks task results against its shapes.
pub use workflow_aws_models as aws_models;
/// The graph of a definition as Mermaid or DOT text, or drawn as SVG and HTML with an
/// execution's progress (the `workflow-graph` crate): [`graph::Format`] names the form
/// [`pictures::WorkflowPictures::render_graph`] draws.
pub use workflow_graph as graph;
#[doc = include_str!("../docs/workflow_macro.md")]
pub use workflow_macros::workflow;

/// What generated code refers to; not a public API.
#[doc(hidden)]
pub mod __private {
    /// How the generated structs read and write themselves (`crate::struct_fields`).
    pub mod fields {
        pub use crate::struct_fields::*;
    }
    pub use serde;
    pub use serde_json;
    pub use workflow_local_engine::undecodable;
    /// The items rust-analyzer reads inside `workflow!` (see `workflow_macros_core::editor`).
    pub use workflow_macros::__workflow_editor as workflow_editor;
}

#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub mod client;
pub mod engine;
pub use workflow_local_engine::execution;
#[cfg(feature = "lambda")]
#[cfg_attr(docsrs, doc(cfg(feature = "lambda")))]
pub mod lambda;
pub mod pictures;
pub mod resume;
mod struct_fields;
pub use workflow_local_engine::task_kind;

/// SageMaker on Step Functions as the Python SDK offers it: estimators, image URIs, the seven
/// SageMaker steps and the training and inference pipeline templates (the
/// `workflow-sagemaker` crate; the `workflow!` macro's `sagemaker::TrainingStep { … }` forms
/// build the same requests). A template deploys through the client with
/// `StateMachineSpec::try_from(&pipeline)`.
#[cfg(feature = "sagemaker")]
#[cfg_attr(docsrs, doc(cfg(feature = "sagemaker")))]
pub use workflow_sagemaker as sagemaker;

pub use workflow_local_engine::{
    InputField, InputProblem, InputType, MOST_INPUT_PROBLEMS, MapItem, StartedWorkflow, TaskRef,
    Workflow, WorkflowSource,
};

/// The README's examples, compiled and run as doctests so that they cannot rot (with the
/// `client` feature, which they use).
#[doc = include_str!("../README.md")]
#[cfg(all(doctest, feature = "client", feature = "sagemaker"))]
pub struct ReadmeDoctests;

//! What answers a local run's Tasks from the command line: a Step Functions Local mock
//! configuration (`--mock-config`, `--test-case`, `--state-machine`), a directory standing
//! for Amazon S3 (`--s3`), a Lambda endpoint (`--lambda-endpoint`) and AWS services at an
//! endpoint (`--aws-endpoint`). `workflow run`, `workflow replay` and `workflow resume` take
//! them alike.

use crate::cli::input::{MOCK_LIMIT, read};
use std::path::PathBuf;
use workflow_runtime::engine::{Engine, MockConfig, ObjectStore};

/// The options naming what answers the Tasks of a run on this machine.
#[derive(clap::Args)]
pub(crate) struct LocalTasks {
    /// A Step Functions Local mock configuration file answering the Task states (in a
    /// replay, those its history never ran).
    #[arg(long, requires = "test_case")]
    pub mock_config: Option<PathBuf>,
    /// The test case of the mock configuration to use.
    #[arg(long)]
    pub test_case: Option<String>,
    /// The state machine name in the mock configuration (default: its only one, or the
    /// file name).
    #[arg(long)]
    pub state_machine: Option<String>,
    /// A directory standing for Amazon S3, for a Distributed Map's `ItemReader` and
    /// `ResultWriter`: the object `s3://BUCKET/KEY` is the file `DIR/BUCKET/KEY`, read when
    /// the reader runs and written by the writer. A replay reads a recorded Map Run's items
    /// from it again when it holds them, and compares the files the execution wrote there.
    #[arg(long, value_name = "DIR")]
    pub s3: Option<PathBuf>,
    /// Invoke Lambda tasks at this Lambda endpoint (http://HOST:PORT: `cargo lambda watch`, or
    /// anything answering Lambda's Invoke) instead of needing a mock.
    #[arg(long, value_name = "URL", env = "AWS_ENDPOINT_URL_LAMBDA")]
    pub lambda_endpoint: Option<String>,
    /// Send every Task that no mock or handler answers to AWS services at this endpoint: `URL`
    /// for every service (moto's server, LocalStack), or `SERVICE=URL` for one (repeatable).
    /// Requests are signed with SigV4 (credentials from the environment or the profile files)
    /// for `--region`; a Distributed Map reads and writes S3 there. Without it nothing leaves
    /// the machine.
    #[arg(long, value_name = "[SERVICE=]URL")]
    pub aws_endpoint: Vec<String>,
}

impl LocalTasks {
    /// The mock configuration file's name as messages show it and its text, read (at most
    /// `MOCK_LIMIT` bytes) when `--mock-config` names one.
    pub(crate) fn read_mock_config(&self) -> Result<Option<(String, String)>, String> {
        match &self.mock_config {
            Some(path) => Ok(Some((
                path.display().to_string(),
                read(path, MOCK_LIMIT, "a mock configuration")?,
            ))),
            None => Ok(None),
        }
    }

    /// `engine` answering the Tasks of the definition named `name` (a mock configuration's
    /// state machine, when it has several and `--state-machine` names none) as these options say, with the
    /// mock configuration `mocks` (how messages name it, and its text) when there is one
    /// (read by [`LocalTasks::read_mock_config`], or given whole as `workflow mcp`'s tools
    /// give it).
    pub(crate) fn configure(
        &self,
        mut engine: Engine,
        name: &str,
        mocks: Option<(&str, &str)>,
    ) -> Result<Engine, String> {
        if let Some(dir) = &self.s3 {
            if !dir.is_dir() {
                return Err(format!(
                    "`--s3 {}` is not a directory; it stands for S3, one subdirectory per bucket",
                    dir.display()
                ));
            }
            engine = engine.object_store(ObjectStore::directory(dir));
        }
        if let Some((shown, text)) = mocks {
            let config = MockConfig::from_json(text).map_err(|e| format!("{shown}: {e}"))?;
            let test_case = self
                .test_case
                .as_deref()
                .ok_or("`--mock-config` needs `--test-case NAME`")?;
            let machine_name = self
                .state_machine
                .clone()
                .unwrap_or_else(|| default_machine_name(&config, name));
            engine = engine
                .mocks(&config, &machine_name, test_case)
                .map_err(|e| format!("{shown}: {e}"))?;
        }
        if let Some(url) = &self.lambda_endpoint {
            engine = engine.lambda_endpoint(url)?;
        }
        if !self.aws_endpoint.is_empty() {
            engine = engine.aws_endpoints(aws_endpoints(&self.aws_endpoint)?);
        }
        Ok(engine)
    }
}

/// The endpoints `--aws-endpoint` gives (each `URL` or `SERVICE=URL`).
pub(crate) fn aws_endpoints(
    flags: &[String],
) -> Result<workflow_runtime::engine::AwsEndpoints, String> {
    flags
        .iter()
        .try_fold(workflow_runtime::engine::AwsEndpoints::new(), |e, flag| {
            e.with(flag)
                .map_err(|e| format!("`--aws-endpoint {flag}`: {e}"))
        })
}

/// The mock configuration's only state machine, else the definition's name.
fn default_machine_name(config: &MockConfig, name: &str) -> String {
    config
        .state_machine_names()
        .into_iter()
        .next()
        .filter(|_| config.state_machine_names().len() == 1)
        .unwrap_or_else(|| name.to_owned())
}

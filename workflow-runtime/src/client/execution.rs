//! A running or finished execution on Step Functions: [`ExecutionRef`].

use super::Client;
use super::error::{Error, Result, answered_arn};
use aws_sdk_sfn::primitives::DateTime;
use serde::de::DeserializeOwned;
use std::time::{Duration, Instant, SystemTime};
use workflow_asl::ErrorName;
use workflow_aws_models::StatesArn;

pub(super) use crate::execution::ExecutionStatus;

/// The SDK's spelling of a status (for `ListExecutions`' filter).
pub(crate) fn status_to_sdk(status: &ExecutionStatus) -> aws_sdk_sfn::types::ExecutionStatus {
    aws_sdk_sfn::types::ExecutionStatus::from(status.as_str())
}

/// A time the service sent, in milliseconds since the Unix epoch. Step Functions' times are
/// whole milliseconds, sent as seconds with a fraction (`1700000000.015`), which the SDK reads
/// as a float: the nanoseconds may come out just under the millisecond (`14999866`), and
/// `DateTime::to_millis` truncates them to the millisecond before. Rounded to the nearest.
pub(crate) fn millis(t: &DateTime) -> i64 {
    let nanos = i64::from(t.subsec_nanos());
    t.secs()
        .saturating_mul(1000)
        .saturating_add((nanos + 500_000) / 1_000_000)
}

/// A time the service sent, to its millisecond (see [`millis`]).
pub(crate) fn system_time(t: &DateTime) -> Option<SystemTime> {
    let millis = millis(t);
    let offset = Duration::from_millis(millis.unsigned_abs());
    if millis >= 0 {
        SystemTime::UNIX_EPOCH.checked_add(offset)
    } else {
        SystemTime::UNIX_EPOCH.checked_sub(offset)
    }
}

/// What `DescribeExecution` says about an execution.
#[derive(Clone, Debug, PartialEq)]
pub struct ExecutionDescription {
    /// The execution's ARN.
    pub arn: StatesArn,
    /// Its state machine's ARN (a version's or an alias's when it was started through one).
    pub state_machine_arn: StatesArn,
    /// Its name.
    pub name: Option<String>,
    /// Its status.
    pub status: ExecutionStatus,
    /// Its input, JSON text.
    pub input: Option<String>,
    /// Its output, JSON text (once it succeeded).
    pub output: Option<String>,
    /// The error name, when it failed.
    pub error: Option<ErrorName>,
    /// The cause, when it failed.
    pub cause: Option<String>,
    /// When it started.
    pub start_date: Option<SystemTime>,
    /// When it ended.
    pub stop_date: Option<SystemTime>,
}

impl ExecutionDescription {
    /// The output deserialised into `T`; [`Error::ExecutionFailed`] when the execution failed,
    /// timed out or was stopped, [`Error::NotFinished`] while it runs.
    pub fn output_as<T: DeserializeOwned>(&self) -> Result<T> {
        match self.status {
            ExecutionStatus::Succeeded => {
                let text = self.output.as_deref().unwrap_or("null");
                serde_json::from_str(text).map_err(|source| Error::Json {
                    what: "execution output",
                    source,
                })
            }
            ref s if !s.is_finished() => Err(Error::NotFinished {
                arn: Box::new(self.arn.clone()),
                status: s.clone(),
            }),
            ref s => Err(Error::ExecutionFailed {
                arn: Box::new(self.arn.clone()),
                status: s.clone(),
                error: self.error.clone(),
                cause: self.cause.clone(),
            }),
        }
    }
}

/// How [`ExecutionRef::wait`] polls: exponential back-off between `DescribeExecution` calls, up
/// to a deadline.
///
/// ```
/// use std::time::Duration;
/// use workflow_runtime::client::WaitOptions;
/// let wait = WaitOptions::default().timeout(Duration::from_secs(60));
/// assert_eq!(wait.initial_delay, Duration::from_millis(200));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WaitOptions {
    /// The first pause (default 200 ms).
    pub initial_delay: Duration,
    /// Each pause is the previous one times this (default 2).
    pub multiplier: f64,
    /// The longest pause (default 10 s).
    pub max_delay: Duration,
    /// Give up after this long (default 5 minutes) with [`Error::WaitTimedOut`].
    pub timeout: Duration,
}

impl Default for WaitOptions {
    fn default() -> Self {
        Self {
            initial_delay: Duration::from_millis(200),
            multiplier: 2.0,
            max_delay: Duration::from_secs(10),
            timeout: Duration::from_secs(300),
        }
    }
}

impl WaitOptions {
    /// Sets the deadline.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the longest pause between polls.
    #[must_use]
    pub fn max_delay(mut self, max_delay: Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    /// The pause after `delay`.
    fn next(&self, delay: Duration) -> Duration {
        let factor = if self.multiplier.is_finite() && self.multiplier >= 1.0 {
            self.multiplier
        } else {
            1.0
        };
        delay.mul_f64(factor).min(self.max_delay)
    }
}

pub(super) use crate::execution::HistoryEvent;

/// A handle on an execution on Step Functions, by ARN (as [`StateMachineRef`](super::StateMachineRef)
/// is on a state machine; a finished local run is an [`engine::Execution`](crate::engine::Execution)):
/// describe it, read its input and typed output, wait for it with back-off and a deadline, read
/// its history, stop it.
///
/// Returned by [`StateMachineRef::execute`](super::StateMachineRef::execute), or attached to
/// by ARN with [`Client::execution`].
///
/// ```no_run
/// # async fn demo(client: workflow_runtime::client::Client) -> Result<(), Box<dyn std::error::Error>> {
/// use workflow_runtime::client::WaitOptions;
/// let execution = client.execution("arn:aws:states:us-east-1:123456789012:execution:Hello:run-1".parse()?);
/// let done = execution.wait(WaitOptions::default()).await?;
/// println!("{}", done.status);
/// let output: serde_json::Value = done.output_as()?;
/// for event in execution.history().await? {
///     println!("{} {}", event.id, event.kind.event_type());
/// }
/// # let _ = output; Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct ExecutionRef {
    pub(crate) client: Client,
    pub(crate) arn: StatesArn,
}

impl ExecutionRef {
    /// The execution's ARN.
    pub fn arn(&self) -> &StatesArn {
        &self.arn
    }

    /// `DescribeExecution`.
    pub async fn describe(&self) -> Result<ExecutionDescription> {
        let out = self
            .client
            .sdk()
            .describe_execution()
            .execution_arn(self.arn.to_string())
            .send()
            .await
            .map_err(|e| Error::from_sdk("DescribeExecution", e))?;
        Ok(ExecutionDescription {
            arn: answered_arn("DescribeExecution", out.execution_arn())?,
            state_machine_arn: answered_arn("DescribeExecution", out.state_machine_arn())?,
            name: out.name().map(str::to_owned),
            status: ExecutionStatus::parse(out.status().as_str()),
            input: out.input().map(str::to_owned),
            output: out.output().map(str::to_owned),
            error: out.error().map(ErrorName::from),
            cause: out.cause().map(str::to_owned),
            start_date: system_time(out.start_date()),
            stop_date: out.stop_date().and_then(system_time),
        })
    }

    /// The execution input, deserialised into `T`.
    pub async fn input<T: DeserializeOwned>(&self) -> Result<T> {
        let d = self.describe().await?;
        serde_json::from_str(d.input.as_deref().unwrap_or("null")).map_err(|source| Error::Json {
            what: "execution input",
            source,
        })
    }

    /// The output of a finished execution, deserialised into `T` (see
    /// [`ExecutionDescription::output_as`]); does not wait.
    pub async fn output<T: DeserializeOwned>(&self) -> Result<T> {
        self.describe().await?.output_as()
    }

    /// Waits until the execution ends, polling `DescribeExecution` with exponential back-off,
    /// and returns its final description whatever its status. [`Error::WaitTimedOut`] past
    /// the deadline.
    pub async fn wait(&self, options: WaitOptions) -> Result<ExecutionDescription> {
        let started = Instant::now();
        let mut delay = options.initial_delay;
        loop {
            let d = self.describe().await?;
            if d.status.is_finished() {
                return Ok(d);
            }
            let waited = started.elapsed();
            if waited >= options.timeout {
                return Err(Error::WaitTimedOut {
                    arn: Box::new(self.arn.clone()),
                    waited,
                });
            }
            tokio::time::sleep(delay.min(options.timeout - waited)).await;
            delay = options.next(delay);
        }
    }

    /// Waits (see [`wait`](Self::wait)) and returns the output as `T`, or
    /// [`Error::ExecutionFailed`].
    pub async fn wait_for_output<T: DeserializeOwned>(&self, options: WaitOptions) -> Result<T> {
        self.wait(options).await?.output_as()
    }

    /// The whole history (`GetExecutionHistory`, every page), oldest first.
    pub async fn history(&self) -> Result<Vec<HistoryEvent>> {
        let mut events = Vec::new();
        let mut pages = self
            .client
            .sdk()
            .get_execution_history()
            .execution_arn(self.arn.to_string())
            .max_results(1000)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| Error::from_sdk("GetExecutionHistory", e))?;
            for event in page.events() {
                events.push(super::history::from_sdk(event)?);
            }
        }
        Ok(events)
    }

    /// Stops the execution (`StopExecution`); `.error(…)` and `.cause(…)` are optional.
    pub fn stop(&self) -> super::requests::StopExecution<'_> {
        super::requests::StopExecution::new(self)
    }

    /// `RedriveExecution`: a FAILED, TIMED_OUT or ABORTED STANDARD execution runs again from
    /// where it failed (the states that succeeded are not run again); it is RUNNING again
    /// under the same ARN, and [`ExecutionRef::wait`] waits for its new end. Returns when the
    /// redrive started.
    pub async fn redrive(&self) -> Result<SystemTime> {
        let out = self
            .client
            .sfn
            .redrive_execution()
            .execution_arn(self.arn.to_string())
            .send()
            .await
            .map_err(|e| Error::from_sdk("RedriveExecution", e))?;
        Ok(system_time(out.redrive_date()).unwrap_or_else(SystemTime::now))
    }
}

pub(super) use crate::execution::SyncExecution;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_grows_to_the_cap() {
        let o = WaitOptions::default();
        let mut d = o.initial_delay;
        let mut seen = vec![d];
        for _ in 0..10 {
            d = o.next(d);
            seen.push(d);
        }
        assert_eq!(seen[1], Duration::from_millis(400));
        assert_eq!(*seen.last().unwrap(), o.max_delay);
    }

    #[test]
    fn output_of_failed_and_running() {
        let mut d = ExecutionDescription {
            arn: "arn:aws:states:us-east-1:123456789012:execution:M:a"
                .parse()
                .unwrap(),
            state_machine_arn: "arn:aws:states:us-east-1:123456789012:stateMachine:M"
                .parse()
                .unwrap(),
            name: None,
            status: ExecutionStatus::Failed,
            input: None,
            output: None,
            error: Some("E".into()),
            cause: Some("C".into()),
            start_date: None,
            stop_date: None,
        };
        assert!(matches!(
            d.output_as::<serde_json::Value>(),
            Err(Error::ExecutionFailed { error: Some(e), .. }) if e == "E"
        ));
        d.status = ExecutionStatus::Running;
        assert!(matches!(
            d.output_as::<serde_json::Value>(),
            Err(Error::NotFinished { .. })
        ));
        d.status = ExecutionStatus::Succeeded;
        d.output = Some("{\"x\":1}".into());
        assert_eq!(d.output_as::<serde_json::Value>().unwrap()["x"], 1);
    }
}

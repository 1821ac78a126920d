//! Step Functions' own rules over the raw API models, hand-written and reviewed: which
//! optimized integrations exist, the integration patterns each action supports, what each
//! request and result looks like where Step Functions departs from the API, and the
//! exceptions real, deployed state machines showed.
//!
//! Every entry carries a source: a page of the AWS Step Functions Developer Guide, written
//! relative to `https://docs.aws.amazon.com/step-functions/latest/dg/` (e.g.
//! `connect-sagemaker.html`), or a corpus file that showed the rule.

pub(crate) mod documented_bounds;
pub(crate) mod exceptions;
pub(crate) mod lifecycle;
mod map_resources;
mod optimized;
#[cfg(test)]
mod results_table;
pub(crate) mod service_side;
mod shapes;
#[cfg(test)]
mod suggestions_table;
#[cfg(feature = "wire")]
pub(crate) mod sync_jobs;

pub(crate) use map_resources::{MAP_ACTIONS, MAP_SERVICE};
pub use map_resources::{ReaderItem, Usage};
pub(crate) use optimized::{ACTIONS, OptimizedAction, Request, Response};
pub(crate) use shapes::{request_shape, response_shape, with_json};

use std::fmt;

/// How a Task waits for its service: the suffix of its resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pattern {
    /// No suffix: call the API and continue with its response.
    RequestResponse,
    /// `.sync`: start a job and wait for it to finish.
    Sync,
    /// `.sync:2`: like `.sync`, with the result's JSON strings parsed (Step Functions'
    /// `startExecution`).
    Sync2,
    /// `.waitForTaskToken`: wait until a task token is returned with `SendTaskSuccess` or
    /// `SendTaskFailure`.
    WaitForTaskToken,
}

impl Pattern {
    /// Every pattern, in the order the documentation lists them.
    pub const ALL: [Pattern; 4] = [
        Pattern::RequestResponse,
        Pattern::Sync,
        Pattern::Sync2,
        Pattern::WaitForTaskToken,
    ];

    /// A short human name, e.g. `request-response` or `` `.sync` (run a job) ``.
    pub fn describe(self) -> &'static str {
        match self {
            Pattern::RequestResponse => "request-response",
            Pattern::Sync => "`.sync` (run a job)",
            Pattern::Sync2 => "`.sync:2` (run a job, JSON output)",
            Pattern::WaitForTaskToken => "`.waitForTaskToken` (callback)",
        }
    }

    /// The resource suffix, e.g. `.sync:2` (empty for request-response).
    pub fn suffix(self) -> &'static str {
        match self {
            Pattern::RequestResponse => "",
            Pattern::Sync => ".sync",
            Pattern::Sync2 => ".sync:2",
            Pattern::WaitForTaskToken => ".waitForTaskToken",
        }
    }

    /// The pattern a resource suffix names (`""`, `sync`, `sync:2`, `waitForTaskToken`,
    /// without the dot).
    pub fn from_suffix(suffix: &str) -> Option<Pattern> {
        match suffix {
            "" => Some(Pattern::RequestResponse),
            "sync" => Some(Pattern::Sync),
            "sync:2" => Some(Pattern::Sync2),
            "waitForTaskToken" => Some(Pattern::WaitForTaskToken),
            _ => None,
        }
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Pattern::RequestResponse => "request-response",
            Pattern::Sync => ".sync",
            Pattern::Sync2 => ".sync:2",
            Pattern::WaitForTaskToken => ".waitForTaskToken",
        })
    }
}

/// The patterns of `aws-sdk:<service>:<action>` integrations (`.sync` is not supported).
/// Source: `supported-services-awssdk.html`.
pub(crate) const SDK_PATTERNS: &[Pattern] = &[Pattern::RequestResponse, Pattern::WaitForTaskToken];

//! AWS's lists of what changed in the integrations: the AWS SDK integrations Step Functions
//! removed (a resource naming one is refused, with the date and the source), and the limits
//! AWS sets on how long an optimized integration's Task may run whatever its `TimeoutSeconds`.
//! The next removal or limit is one line here; `docs/integration-results.md` lists both
//! (rendered by `results_table`).

/// An AWS SDK integration Step Functions no longer offers.
pub(crate) struct RemovedService {
    /// The service as an `aws-sdk:<service>:<action>` resource names it (the AWS SDK for
    /// Java v2's client name, lowercased: `qldbsession`).
    pub(crate) sdk: &'static str,
    /// The service's name, as the release history writes it.
    pub(crate) name: &'static str,
    /// When Step Functions removed it (ISO 8601).
    pub(crate) date: &'static str,
    /// The AWS SDK service that replaces it, where AWS names one (`None`: the service itself
    /// is retired).
    pub(crate) successor: Option<&'static str>,
}

/// Where the removals are written: the "Removed" column of the release history of AWS SDK
/// integrations on the China-region mirror of the Step Functions Developer Guide (the global
/// page lists only what was added); relative to `https://docs.amazonaws.cn/step-functions/
/// latest/dg/`.
pub(crate) const REMOVED_SOURCE: &str = "release history of AWS SDK integrations: awssdk-release-history.html, \"Removed\" column, China-region Developer Guide";

/// The AWS SDK integrations Step Functions removed, newest first. (Services the page names
/// that the pinned botocore still models are refused here all the same; those it no longer
/// models were unknown services before, and are now refused with their date.)
pub(crate) static REMOVED_SDK_SERVICES: [RemovedService; 10] = [
    RemovedService {
        sdk: "lexmodelbuilding",
        name: "Amazon Lex Model Building V1",
        date: "2026-06-03",
        successor: Some("lexmodelsv2"),
    },
    RemovedService {
        sdk: "lexruntime",
        name: "Amazon Lex Runtime V1",
        date: "2026-06-03",
        successor: Some("lexruntimev2"),
    },
    RemovedService {
        sdk: "elastictranscoder",
        name: "Amazon Elastic Transcoder",
        date: "2026-03-12",
        successor: Some("mediaconvert"),
    },
    RemovedService {
        sdk: "lookoutmetrics",
        name: "Amazon Lookout for Metrics",
        date: "2026-03-12",
        successor: None,
    },
    RemovedService {
        sdk: "apptest",
        name: "AWS Mainframe Modernization Application Testing",
        date: "2026-03-12",
        successor: None,
    },
    RemovedService {
        sdk: "opsworks",
        name: "AWS OpsWorks",
        date: "2026-03-12",
        successor: None,
    },
    RemovedService {
        sdk: "qldb",
        name: "Amazon QLDB",
        date: "2026-03-12",
        successor: None,
    },
    RemovedService {
        sdk: "qldbsession",
        name: "Amazon QLDB Session",
        date: "2026-03-12",
        successor: None,
    },
    RemovedService {
        sdk: "robomaker",
        name: "AWS RoboMaker",
        date: "2026-03-12",
        successor: None,
    },
    RemovedService {
        sdk: "worklink",
        name: "Amazon WorkLink",
        date: "2026-03-12",
        successor: None,
    },
];

/// The removed AWS SDK integration `sdk` names, if it is one.
pub(crate) fn removed_sdk_service(sdk: &str) -> Option<&'static RemovedService> {
    REMOVED_SDK_SERVICES.iter().find(|r| r.sdk == sdk)
}

/// The longest an optimized integration's Task runs, whatever its `TimeoutSeconds` says: the
/// Task then fails with `States.Timeout`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunLimit {
    /// The limit, in seconds.
    pub seconds: u64,
    /// Where AWS writes it (a page of the Step Functions Developer Guide, relative to
    /// `https://docs.aws.amazon.com/step-functions/latest/dg/`).
    pub source: &'static str,
}

/// The run-time limits of optimized integrations: (service, action, limit), as the resource
/// names them.
pub(crate) static RUN_LIMITS: [(&str, &str, RunLimit); 1] = [(
    "bedrockagentcore",
    "invokeHarness",
    RunLimit {
        seconds: 900,
        source: "connect-bedrockagentcore.html: an InvokeHarness Task state runs at most 15 \
                 minutes (900 seconds), even when its TimeoutSeconds is larger; the harness \
                 itself runs on until its own timeout",
    },
)];

/// The run-time limit of `service:action`, if AWS sets one.
pub(crate) fn run_limit(service: &str, action: &str) -> Option<RunLimit> {
    RUN_LIMITS
        .iter()
        .find(|(s, a, _)| *s == service && *a == action)
        .map(|(_, _, limit)| *limit)
}

//! The console: `workflow serve`'s state machines, executions, histories and Map Runs in a
//! browser, where a user starts, stops and redrives executions and answers the tasks that wait
//! for a callback or an activity worker. `GET /` (without an `X-Amz-Target`, which makes a
//! request an API call) serves its page, and `/console/…` its stylesheet, script, pictures and
//! data; every other request is routed as before. The page, stylesheet and script are files of
//! `console/`, compiled into the binary (no CDN, no build step).
//!
//! The page reads through the server's own operations: `POST /console/api/<Operation>` answers
//! the read-only operations it needs ([`READS`]) by [`Service::answer`], as the JSON API would;
//! the pictures are `workflow-graph`'s SVG of a state machine's graph and of an execution's
//! progress (`pictures`), and three answers put together from those operations: an input
//! checked before a start (`inputs`: the service's own checks, and a `workflow!` workflow's
//! input schema where the server knows it), the tasks of an execution waiting for an answer
//! (`tasks`) and a Map Run's Map state (`map_runs`). The actions ([`ACTIONS`], and a resume of
//! a failed execution on a new version, `resumes`, which calls `CreateStateMachine`,
//! `TagResource` and `StartExecution` through the dispatch) change state, so they need the
//! page's token in the `X-Console-Token` header: a random per-server value
//! that only the console's own page holds. A page of another site cannot read it, and cannot
//! send a custom header without a CORS preflight, which this server never grants. On an
//! address other than loopback the actions are refused unless [`Console::new`] was told to
//! allow them (`--console-actions`).

mod inputs;
mod map_runs;
mod pictures;
mod record_source;
mod resumes;
mod tasks;

pub(crate) use inputs::KnownWorkflow;

use super::protocol::ApiError;
use super::service::Service;
use http_body_util::Full;
use hyper::body::Bytes;
use hyper::header::{HeaderName, HeaderValue};
use hyper::{Method, Response, StatusCode};
use serde_json::{Map, Value};
use std::sync::Arc;

/// The page; `__CONSOLE_TOKEN__` and `__CONSOLE_ACTIONS__` are filled in when it is served.
const INDEX_HTML: &str = include_str!("console/index.html");

/// A script's content type.
const JAVASCRIPT: &str = "text/javascript; charset=utf-8";

/// The page's stylesheet and scripts (ES modules: `console.js` imports the others), by the
/// name each is served under (`/console/NAME`), with their content type.
const ASSETS: &[(&str, &str, &str)] = &[
    (
        "console.css",
        include_str!("console/console.css"),
        "text/css; charset=utf-8",
    ),
    ("console.js", include_str!("console/console.js"), JAVASCRIPT),
    ("api.js", include_str!("console/api.js"), JAVASCRIPT),
    ("dom.js", include_str!("console/dom.js"), JAVASCRIPT),
    ("graph.js", include_str!("console/graph.js"), JAVASCRIPT),
    ("events.js", include_str!("console/events.js"), JAVASCRIPT),
    (
        "machines.js",
        include_str!("console/machines.js"),
        JAVASCRIPT,
    ),
    (
        "execution.js",
        include_str!("console/execution.js"),
        JAVASCRIPT,
    ),
    ("map_run.js", include_str!("console/map_run.js"), JAVASCRIPT),
    ("clock.js", include_str!("console/clock.js"), JAVASCRIPT),
];

/// The operations the page may call without a token: those that only read (the server's
/// clock's `DescribeClock` too).
pub const READS: &[&str] = &[
    "ListStateMachines",
    "DescribeStateMachine",
    "ListStateMachineVersions",
    "ListStateMachineAliases",
    "DescribeStateMachineAlias",
    "ListExecutions",
    "DescribeExecution",
    "DescribeStateMachineForExecution",
    "GetExecutionHistory",
    "ListMapRuns",
    "DescribeMapRun",
    "DescribeClock",
];

/// The operations the page may call with its token, when actions are allowed: start, stop and
/// redrive an execution, change a running Map Run, take an activity task as a worker and answer
/// a task (its token's success, failure or heartbeat), and advance the server's virtual clock.
pub const ACTIONS: &[&str] = &[
    "StartExecution",
    "StopExecution",
    "RedriveExecution",
    "UpdateMapRun",
    "GetActivityTask",
    "SendTaskSuccess",
    "SendTaskFailure",
    "SendTaskHeartbeat",
    "AdvanceClock",
];

/// The header carrying the page's token on an action.
pub const TOKEN_HEADER: &str = "x-console-token";

/// The console of one server: its token, whether the page may act, and the workflows whose
/// input schemas it checks inputs against.
#[derive(Debug)]
pub(crate) struct Console {
    token: String,
    actions: bool,
    known: Arc<[KnownWorkflow]>,
}

/// What a console request asks for, read from its method and path alone.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Route {
    /// `GET /`: the page.
    Page,
    /// `GET /console/NAME` of one of [`ASSETS`]: its body and content type.
    Asset(&'static str, &'static str),
    /// `GET /console/graph.svg?stateMachineArn=…`.
    Graph,
    /// `GET /console/progress.svg?executionArn=…`.
    Progress,
    /// `POST /console/input`: an execution's input checked before a start.
    Input,
    /// `GET /console/tasks.json?executionArn=…`: the tasks waiting for an answer.
    Tasks,
    /// `GET /console/map-run.json?mapRunArn=…`: a Map Run's Map state.
    MapRun,
    /// `GET /console/visits.json?executionArn=…`: the visits an execution's record holds,
    /// what "Resume on a new version" may resume at.
    Visits,
    /// `POST /console/resume`: a failed execution resumed on a version of its machine (an
    /// action).
    Resume,
    /// `POST /console/api/<Operation>`.
    Call(String),
    /// Any other request under `/console/`: not found.
    Unknown,
}

impl Console {
    /// A console with a fresh random token; its page may act ([`ACTIONS`]) when `actions`
    /// (the caller's rule: a loopback address, or `--console-actions`); it checks the input of
    /// the machines whose definition is one of `known`'s against its schema.
    pub(crate) fn new(actions: bool, known: Vec<KnownWorkflow>) -> std::io::Result<Console> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
        let token = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Ok(Console {
            token,
            actions,
            known: known.into(),
        })
    }

    /// Answers a console request: `route`, the request's `headers`, its `query` and `body`.
    pub(crate) async fn answer(
        &self,
        service: Arc<Service>,
        route: Route,
        headers: &hyper::HeaderMap,
        query: Option<&str>,
        body: &[u8],
    ) -> Response<Full<Bytes>> {
        match route {
            Route::Page => page(self.page()),
            Route::Asset(body, kind) => asset(body, kind),
            Route::Graph => {
                let arn = parameter(query, "stateMachineArn");
                pictures::graph_svg(&service, &arn).map_or_else(error, svg)
            }
            Route::Progress => {
                let arn = parameter(query, "executionArn");
                pictures::progress_svg(service, arn)
                    .await
                    .map_or_else(error, svg)
            }
            Route::Input => match super::protocol::request(body) {
                Err(e) => error(e),
                Ok(fields) => inputs::check(&service, &self.known, &fields)
                    .await
                    .map_or_else(error, json),
            },
            Route::Tasks => {
                let arn = parameter(query, "executionArn");
                tasks::waiting_tasks(&service, &arn)
                    .await
                    .map_or_else(error, json)
            }
            Route::MapRun => {
                let arn = parameter(query, "mapRunArn");
                map_runs::map_run_info(&service, &arn)
                    .await
                    .map_or_else(error, json)
            }
            Route::Visits => {
                let arn = parameter(query, "executionArn");
                resumes::visits(&service, &arn)
                    .await
                    .map_or_else(error, json)
            }
            Route::Resume => match self.may_act(headers) {
                Err(e) => error(e),
                Ok(()) => match super::protocol::request(body) {
                    Err(e) => error(e),
                    Ok(fields) => resumes::resume(&service, &fields)
                        .await
                        .map_or_else(error, json),
                },
            },
            Route::Call(operation) => match self.allowed(&operation, headers) {
                Err(e) => error(e),
                Ok(()) => match super::protocol::request(body) {
                    Err(e) => error(e),
                    Ok(fields) => {
                        crate::dispatch::answer(service, target_of(operation), fields, None)
                            .await
                            .map_or_else(error, json)
                    }
                },
            },
            Route::Unknown => crate::exchange::Reply::not_routed().into_hyper(),
        }
    }

    /// The page, with this console's token and mode.
    fn page(&self) -> String {
        INDEX_HTML
            .replace("__CONSOLE_TOKEN__", &self.token)
            .replace(
                "__CONSOLE_ACTIONS__",
                if self.actions { "true" } else { "false" },
            )
    }

    /// Whether the page may call `operation` with these `headers`: a read always; an action
    /// only when actions are allowed, from the console's own origin, with its token.
    fn allowed(&self, operation: &str, headers: &hyper::HeaderMap) -> Result<(), ApiError> {
        if READS.contains(&operation) {
            return Ok(());
        }
        if !ACTIONS.contains(&operation) {
            return Err(denied(
                404,
                format!("the console does not call `{operation}`"),
            ));
        }
        self.may_act(headers)
    }

    /// Whether the page may act with these `headers`: only when actions are allowed, from the
    /// console's own origin, with its token.
    fn may_act(&self, headers: &hyper::HeaderMap) -> Result<(), ApiError> {
        if !self.actions {
            return Err(denied(
                403,
                "the console is read-only: the server listens on an address other than loopback; start it with --console-actions to allow starting, stopping, redriving and resuming executions and answering tasks from the page".to_owned(),
            ));
        }
        // Fetch Metadata (the W3C's "Fetch Metadata Request Headers"): a browser says where a
        // request comes from; only the console's own page (same origin) may act.
        let site = headers.get("sec-fetch-site").map(HeaderValue::as_bytes);
        if site.is_some_and(|s| s != b"same-origin") {
            return Err(denied(403, "a console action from another site".to_owned()));
        }
        let given = headers
            .get(TOKEN_HEADER)
            .map(HeaderValue::as_bytes)
            .unwrap_or_default();
        if !same_bytes(given, self.token.as_bytes()) {
            return Err(denied(
                403,
                format!("a console action needs the page's token in `{TOKEN_HEADER}`"),
            ));
        }
        Ok(())
    }
}

/// The route of a request whose method is `method`, path `path` and which names an operation
/// (`X-Amz-Target`) when `targeted`: `None` for every request that is not the console's.
pub(crate) fn route(method: &Method, path: &str, targeted: bool) -> Option<Route> {
    if path == "/" {
        return (*method == Method::GET && !targeted).then_some(Route::Page);
    }
    let rest = path.strip_prefix("/console/")?;
    let route = match (method, rest) {
        (&Method::GET, name) if let Some((_, body, kind)) = ASSETS.iter().find(|a| a.0 == name) => {
            Route::Asset(body, kind)
        }
        (&Method::GET, "graph.svg") => Route::Graph,
        (&Method::GET, "progress.svg") => Route::Progress,
        (&Method::GET, "tasks.json") => Route::Tasks,
        (&Method::GET, "map-run.json") => Route::MapRun,
        (&Method::GET, "visits.json") => Route::Visits,
        (&Method::POST, "input") => Route::Input,
        (&Method::POST, "resume") => Route::Resume,
        (&Method::POST, call) => match call.strip_prefix("api/") {
            Some(operation) if !operation.is_empty() && !operation.contains('/') => {
                Route::Call(operation.to_owned())
            }
            _ => Route::Unknown,
        },
        _ => Route::Unknown,
    };
    Some(route)
}

/// What the console's call of `operation` names: the server's own operation (its clock's)
/// or Step Functions'.
fn target_of(operation: String) -> crate::protocol::Target {
    if crate::dispatch::EXTENSION_OPERATIONS.contains(&operation.as_str()) {
        crate::protocol::Target::Extension(operation)
    } else {
        crate::protocol::Target::StepFunctions(operation)
    }
}

/// The value of `name` in a query string (`a=b&c=d`, form-encoded), empty when absent.
fn parameter(query: Option<&str>, name: &str) -> String {
    form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}

/// Whether `a` and `b` are equal, in time that depends on their lengths only.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// A refusal by the console itself.
fn denied(status: u16, message: String) -> ApiError {
    ApiError {
        name: "AccessDeniedException",
        status,
        message,
    }
}

/// An answer of `body` as `kind`, with the headers every console answer carries: no caching,
/// no type sniffing, never framed by another page (so that no site can trick a click on the
/// buttons), no referrer.
fn answer_of(status: u16, body: impl Into<Bytes>, kind: &'static str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(body.into()));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    let headers = response.headers_mut();
    for (name, value) in [
        ("content-type", kind),
        ("cache-control", "no-store"),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "no-referrer"),
    ] {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    response
}

/// The page, which loads only the console's own files (no CDN, no inline script).
fn page(html: String) -> Response<Full<Bytes>> {
    let mut response = answer_of(200, html, "text/html; charset=utf-8");
    response.headers_mut().insert(
        HeaderName::from_static("content-security-policy"),
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        ),
    );
    response
}

/// A stylesheet or a script.
fn asset(body: &'static str, kind: &'static str) -> Response<Full<Bytes>> {
    answer_of(200, body, kind)
}

/// A picture.
fn svg(text: String) -> Response<Full<Bytes>> {
    answer_of(200, text, "image/svg+xml")
}

/// An operation's answer.
fn json(value: Value) -> Response<Full<Bytes>> {
    answer_of(200, value.to_string(), "application/json")
}

/// An error, in the API's shape (`__type`, `message`) and status.
fn error(e: ApiError) -> Response<Full<Bytes>> {
    answer_of(e.status, e.body().to_string(), "application/json")
}

/// A request of one member, `name`: `value`.
fn request_of(name: &str, value: Value) -> Map<String, Value> {
    let mut request = Map::new();
    request.insert(name.to_owned(), value);
    request
}

/// The rows of every page of `operation` (answered by `method`) for `request`, 1,000 a page:
/// `rows` takes a page's rows into the list and answers its `nextToken`. It stops at the last
/// page, or once `most` rows are read.
async fn every_page<I, O, F, T>(
    service: &Arc<Service>,
    operation: &str,
    request: Map<String, Value>,
    method: impl Fn(Arc<Service>, I) -> F + Copy,
    mut rows: impl FnMut(O, &mut Vec<T>) -> Option<String>,
    most: usize,
) -> Result<Vec<T>, ApiError>
where
    I: serde::de::DeserializeOwned,
    F: Future<Output = Result<O, ApiError>>,
{
    let mut out = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let mut page = request.clone();
        page.insert("maxResults".into(), 1000.into());
        if let Some(token) = next.take() {
            page.insert("nextToken".into(), token.into());
        }
        let answered = crate::dispatch::call_as(service, operation, &page, method).await?;
        next = rows(answered, &mut out);
        if next.is_none() || out.len() >= most {
            return Ok(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_consoles_paths_are_routed_to_it() {
        assert_eq!(route(&Method::GET, "/", false), Some(Route::Page));
        assert_eq!(route(&Method::GET, "/", true), None, "an API call's target");
        assert_eq!(route(&Method::POST, "/", false), None);
        assert_eq!(route(&Method::PUT, "/", false), None);
        assert_eq!(route(&Method::GET, "/other", false), None);
        assert_eq!(
            route(&Method::GET, "/console/graph.svg", false),
            Some(Route::Graph)
        );
        assert_eq!(
            route(&Method::POST, "/console/api/ListExecutions", false),
            Some(Route::Call("ListExecutions".into()))
        );
        assert_eq!(
            route(&Method::POST, "/console/resume", false),
            Some(Route::Resume)
        );
        assert_eq!(
            route(&Method::GET, "/console/visits.json", false),
            Some(Route::Visits)
        );
        assert_eq!(
            route(&Method::GET, "/console/api/ListExecutions", false),
            Some(Route::Unknown)
        );
        assert_eq!(
            route(&Method::POST, "/console/api/a/b", false),
            Some(Route::Unknown)
        );
    }

    #[test]
    fn an_action_needs_the_token_and_actions_allowed() {
        let console = Console::new(true, Vec::new()).expect("a token");
        let mut headers = hyper::HeaderMap::new();
        assert!(console.allowed("ListExecutions", &headers).is_ok());
        assert_eq!(
            console
                .allowed("StopExecution", &headers)
                .map_err(|e| e.status),
            Err(403)
        );
        assert_eq!(
            console
                .allowed("DeleteStateMachine", &headers)
                .map_err(|e| e.status),
            Err(404)
        );
        headers.insert(
            TOKEN_HEADER,
            HeaderValue::from_str(&console.token).expect("text"),
        );
        assert!(console.allowed("StopExecution", &headers).is_ok());
        headers.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(console.allowed("StopExecution", &headers).is_err());
        let read_only = Console::new(false, Vec::new()).expect("a token");
        let mut headers = hyper::HeaderMap::new();
        headers.insert(
            TOKEN_HEADER,
            HeaderValue::from_str(&read_only.token).expect("text"),
        );
        assert!(read_only.allowed("RedriveExecution", &headers).is_err());
        assert_ne!(console.token, read_only.token);
        assert_eq!(console.token.len(), 64);
    }
}

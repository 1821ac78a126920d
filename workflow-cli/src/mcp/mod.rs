//! `workflow mcp`: the tools of `workflow` for AI agents, as a Model Context Protocol server on
//! standard input and output, built on the protocol's official Rust SDK (`rmcp`).
//!
//! - `tools`: validate, explain, types, test_state, run, replay, resume, coverage, graph, import; each one's
//!   arguments a Rust type whose JSON Schema is its input schema, its work the command's own
//!   (an answer is what the command prints with `--json`; a refusal, its message);
//! - `resources`: under a crate's own `main_with`, the crate's workflows: their ASL, their
//!   input's JSON Schema and the items `workflow!` generated for them.
//!
//! A tool runs as a task of the server's one runtime (at most four at once), the engine's runs
//! awaited there as every future is, so that the server goes on answering (pings, other
//! calls) while it works, and a tool that panics is an error of that call, not of the server. What arrives is bounded as the command bounds its files: a definition over the
//! service's 1 MiB is refused before it is parsed (`validate` reports `DEFINITION_TOO_LARGE`),
//! an input over 256 KiB too, JSON nested past `workflow_text::json::MAX_DEPTH`, and a message
//! over 8 MiB is dropped unread before it reaches rmcp (`lines`), which reads on.

mod lines;
mod resources;
mod tools;

use crate::cli::Failure;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    ListResourcesResult, ListToolsResult, PaginatedRequestParams, ReadResourceRequestParams,
    ReadResourceResponse, ResourcesCapability, ServerCapabilities, ServerConfig, ToolAnnotations,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt};

/// The longest message read, in bytes: room for the service's 1 MiB definition written as
/// JSON text, even with every character escaped (`\\u0000`, six bytes a byte), and more; a
/// longer line is dropped unread.
const MAX_MESSAGE: usize = 8 * 1024 * 1024;

/// What the server tells the agent about itself when it connects.
const INSTRUCTIONS: &str = "Offline checks and runs of AWS Step Functions state machines (Amazon States Language), with the codes and messages of the `workflow` command-line tool. Pass a definition as `definition` (its ASL JSON, as text) or, under a crate's own binary, a crate workflow's name as `workflow`. `validate` finds every problem with a code, JSON pointer, line, column and fix; `explain` gives a code's rule and its source; `types` shows the data flowing into and out of each state; `test_state` runs one state as AWS's TestState does; `run` runs the whole machine on the local engine with a mock configuration; `coverage` reads what runs reached; `graph` draws it; `import` writes it as a Rust `workflow!` invocation.";

/// Runs `workflow mcp` until the client closes standard input, on the process's runtime (its
/// tools are tasks of it: `work`).
pub(crate) async fn run() -> Result<u8, Failure> {
    let served = async {
        let (messages, pump) = tokio::io::duplex(64 * 1024);
        tokio::spawn(lines::pump(tokio::io::stdin(), pump, MAX_MESSAGE));
        let running = Server
            .serve((messages, tokio::io::stdout()))
            .await
            .map_err(|e| e.to_string())?;
        running.waiting().await.map_err(|e| e.to_string())
    };
    served.await.map_err(|e| Failure::usage("mcp", e))?;
    Ok(crate::cli::EXIT_OK)
}

/// How many tools work at once; a call beyond waits for one to end.
const CONCURRENT_CALLS: usize = 4;

/// Runs `tool` on `arguments` as a task of the server's runtime (no thread of its own): a
/// tool that runs the engine awaits its run there, as `workflow serve` does, so that the server
/// goes on answering (pings, other calls) while it works. A tool that panics is this call's
/// error.
async fn work(
    tool: &'static tools::Tool,
    arguments: serde_json::Map<String, serde_json::Value>,
) -> Result<Result<tools::Answer, tools::Refusal>, String> {
    static PERMITS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(CONCURRENT_CALLS);
    let _permit = PERMITS.acquire().await.map_err(|e| e.to_string())?;
    let task = match tool.call {
        tools::Call::Now(call) => tokio::spawn(async move { call(arguments) }),
        tools::Call::Engine(call) => tokio::spawn(call(arguments)),
    };
    task.await.map_err(|e| match e.try_into_panic() {
        Ok(panic) => match workflow_local_engine::panic_message(&*panic) {
            Some(message) => format!("it panicked: {message}"),
            None => "it panicked".to_owned(),
        },
        Err(_) => "its task was cancelled".to_owned(),
    })
}

/// A tool as `tools/list` describes it: its name, description, input schema and hints: no
/// tool reaches beyond this machine (none calls AWS) or destroys anything, each answers the
/// same arguments alike, and all but `run` (which may write coverage files) only read.
fn described(t: &tools::Tool) -> rmcp::model::Tool {
    let hints = ToolAnnotations::new()
        .read_only(t.read_only)
        .destructive(false)
        .idempotent(true)
        .open_world(false);
    rmcp::model::Tool::new(t.name, t.description, (t.schema)()).with_annotations(hints)
}

/// The server: stateless, every call answered from its arguments (and the crate's
/// workflows).
#[derive(Clone, Copy, Debug)]
struct Server;

impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        let mut capabilities = ServerCapabilities::builder().enable_tools().build();
        // The crate's workflows are its resources; `workflow mcp` alone has none.
        if !crate::cli::crate_workflows().is_empty() {
            capabilities.resources = Some(ResourcesCapability::default());
        }
        let mut info = ServerConfig::new(capabilities);
        info.server_info = Implementation::new("workflow", env!("CARGO_PKG_VERSION"))
            .with_title("workflow: AWS Step Functions, checked and run offline");
        info.instructions = Some(INSTRUCTIONS.to_owned());
        info
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        let tools = tools::TOOLS.iter().map(described).collect();
        Ok(ListToolsResult::with_all_items(tools))
    }

    fn get_tool(&self, name: &str) -> Option<rmcp::model::Tool> {
        tools::tool(name).map(described)
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        // An unknown tool is a protocol error (the MCP specification's "unknown tools");
        // everything about the arguments is the tool's error, which the agent reads.
        let Some(tool) = tools::tool(&request.name) else {
            let names: Vec<&str> = tools::TOOLS.iter().map(|t| t.name).collect();
            return Err(ErrorData::invalid_params(
                format!(
                    "unknown tool `{}`; the tools are {}",
                    request.name,
                    names.join(", ")
                ),
                None,
            ));
        };
        let arguments = request.arguments.unwrap_or_default();
        let outcome = work(tool, arguments).await;
        let result = match outcome {
            Ok(Ok(tools::Answer::Json(value))) => {
                let mut result =
                    CallToolResult::success(vec![ContentBlock::text(value.to_string())]);
                if value.is_object() {
                    result.structured_content = Some(value);
                }
                result
            }
            Ok(Ok(tools::Answer::Text(text))) => {
                CallToolResult::success(vec![ContentBlock::text(text)])
            }
            Ok(Err(message)) => CallToolResult::error(vec![ContentBlock::text(message)]),
            Err(why) => CallToolResult::error(vec![ContentBlock::text(format!(
                "workflow mcp: the `{}` tool failed unexpectedly ({why}); the server goes on",
                tool.name
            ))]),
        };
        Ok(result.into())
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        Ok(ListResourcesResult::with_all_items(resources::list()))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        resources::read(&request.uri).map(Into::into)
    }
}

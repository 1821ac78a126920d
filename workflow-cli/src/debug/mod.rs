//! `workflow debug`: a Debug Adapter Protocol server (the protocol VS Code, Neovim's
//! nvim-dap, Zed, Helix and others speak to their debuggers) over the local engine. It runs
//! a definition (an ASL JSON or YAML file, or a workflow of the crate through `main_with`)
//! or replays a recorded history against a definition, under a debugger
//! (`workflow_runtime::engine::debug`): breakpoints on the states' own lines (a `workflow!`
//! block's statements, an ASL file's members) and by state name, with conditions and hit
//! counts in JSONata or JSONPath; exception breakpoints on errors caught or not and on a
//! replay's divergences; stepping over a state, into a Parallel branch, a Map iteration or a
//! child execution, and out; each branch and iteration a thread; the state's input, context
//! object, variables, Task request and answer, and output as scopes; JSONata, JSONPath and
//! intrinsic functions evaluated in the REPL and on hover; variables set; a Task nothing
//! answers answered from the REPL; stepping back through a recorded history.
//!
//! - `wire`: the base protocol's framing, bounded;
//! - `launch`: a launch configuration read into what runs (`sources`: where the states are
//!   written);
//! - `control`: the debugger the engine runs under (`breakpoints`: where it stops);
//! - `session`: the requests, the events (`view`: scopes and variables; `repl`: the REPL's
//!   commands; `travel`: stepping back).

mod breakpoints;
mod control;
mod launch;
mod repl;
mod session;
mod sources;
mod travel;
mod view;
mod wire;

use crate::cli::Failure;
use std::io::{BufReader, Read, Write};
use tokio::sync::mpsc;
use wire::Incoming;

/// The options of `workflow debug`.
#[derive(clap::Args)]
pub(crate) struct DebugArgs {
    /// Serve clients on 127.0.0.1:PORT (`0`: a free port; the first line on standard output
    /// is `listening on 127.0.0.1:PORT`), each connection a session, instead of one session
    /// on standard input and output.
    #[arg(long, value_name = "PORT")]
    pub port: Option<u16>,
}

/// Runs `workflow debug` on the process's runtime. A connection that fails, or a session that
/// ends broken, while `--port` serves others is a warning on standard error, not the
/// command's failure.
pub(crate) async fn run(args: &DebugArgs) -> Result<u8, Failure> {
    match args.port {
        None => session(std::io::stdin(), Box::new(std::io::stdout())).await,
        Some(port) => listen(port).await,
    }
    .map_err(|e| Failure::usage("debug", e))?;
    Ok(crate::cli::EXIT_OK)
}

/// Serves a session per connection on 127.0.0.1:`port`, each a task of the runtime, until
/// the process is stopped.
async fn listen(port: u16) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    crate::cli::out::line(format!("listening on {address}"));
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                eprintln!("workflow debug: a connection failed: {e}");
                continue;
            }
        };
        // The client's messages are read on a thread of their own (`session`), with the
        // blocking reads of a standard stream.
        let stream = match stream.into_std().and_then(|s| {
            s.set_nonblocking(false)?;
            Ok(s)
        }) {
            Ok(stream) => stream,
            Err(e) => {
                eprintln!("workflow debug: a connection failed: {e}");
                continue;
            }
        };
        let writer = stream.try_clone().map_err(|e| e.to_string())?;
        tokio::spawn(async move {
            if let Err(e) = session(stream, Box::new(writer)).await {
                eprintln!("workflow debug: {e}");
            }
        });
    }
}

/// One session: the client's messages read from `input` on a thread of their own, answered
/// on `output` by the session, a future of the process's runtime (the run's strands are its
/// tasks).
async fn session(
    input: impl Read + Send + 'static,
    output: Box<dyn Write + Send>,
) -> Result<(), String> {
    let (sender, receiver) = mpsc::unbounded_channel();
    std::thread::Builder::new()
        .name("workflow-debug-reader".into())
        .spawn(move || {
            let mut reader = BufReader::new(input);
            loop {
                match wire::read_message(&mut reader) {
                    Ok(Incoming::Closed) => {
                        let _ = sender.send(Incoming::Closed);
                        return;
                    }
                    Ok(message) => {
                        if sender.send(message).is_err() {
                            return;
                        }
                    }
                    Err(broken) => {
                        eprintln!("workflow debug: {broken}");
                        let _ = sender.send(Incoming::Closed);
                        return;
                    }
                }
            }
        })
        .map_err(|e| format!("cannot read the client's messages: {e}"))?;
    session::serve(wire::Output::new(output), receiver).await;
    Ok(())
}

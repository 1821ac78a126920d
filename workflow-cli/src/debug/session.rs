//! One debugging session: the client's requests answered, the run's stops told, in the
//! order the Debug Adapter Protocol sets. `initialize` answers the adapter's capabilities;
//! `launch` reads the configuration (`super::launch`) and, once it is ready, the adapter
//! sends `initialized`; the client sets its breakpoints, and `configurationDone` starts the
//! run under the session's controller (`super::control`). Each stop is a `stopped` event
//! (every strand stopped); `threads`, `stackTrace`, `scopes`, `variables`, `evaluate` and
//! `setVariable` read and change the stopped strands; `continue`, `next`, `stepIn`,
//! `stepOut` and `pause` let them go; `stepBack` and `reverseContinue` walk the checkpoints
//! passed (`super::travel`). When the run ends its outcome is printed (`output`), then
//! `terminated` and `exited`; `disconnect` ends the session.

use super::breakpoints::{CONDITION_DESCRIPTION, Exceptions, FILTERS, Wanted};
use super::control::{Command, Control, Note, StepKind, Stopped};
use super::launch::{LaunchConfig, Program};
use super::sources::Sources;
use super::view::{self, Handles, Node};
use super::wire::{Incoming, Output};
use dap::types::{Breakpoint, Capabilities, Source, StackFrame, Thread};
use serde::Serialize;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};
use workflow_runtime::engine::debug::{Level, Scope, Stop, Trail};
use workflow_runtime::engine::{Execution, Replayed};
use workflow_runtime::execution::ExecutionStatus;

/// How frames are numbered: a thread's frames are `thread × FRAMES + depth`.
const FRAMES: i64 = 1 << 16;

/// How a run ended.
enum Ended {
    Run(Result<Execution, String>),
    Replay(Result<Replayed, String>),
}

/// A session's state.
pub(crate) struct Session {
    out: Output,
    program: Option<Program>,
    sources: Option<Arc<Sources>>,
    control: Option<Arc<Control>>,
    notes: Option<mpsc::UnboundedReceiver<Note>>,
    configured: bool,
    running: Option<tokio::task::JoinHandle<Ended>>,
    handles: Handles,
    /// The checkpoint shown when stepped back, by its index in the history.
    past: Option<usize>,
    /// The strand last stopped (what a request without a thread means).
    current: u64,
    ended: bool,
}

/// Serves one client on `incoming` (the messages its reader thread reads), answering on
/// `out`, until it disconnects or its stream ends.
pub(crate) async fn serve(out: Output, mut incoming: mpsc::UnboundedReceiver<Incoming>) {
    let mut session = Session {
        out,
        program: None,
        sources: None,
        control: None,
        notes: None,
        configured: false,
        running: None,
        handles: Handles::default(),
        past: None,
        current: 1,
        ended: false,
    };
    loop {
        tokio::select! {
            message = incoming.recv() => match message {
                Some(Incoming::Message(message)) => {
                    if session.request(message).await {
                        break;
                    }
                }
                Some(Incoming::Malformed(why)) => session.say("stderr", &format!("workflow debug: the client sent {why}\n")),
                Some(Incoming::Closed) | None => break,
            },
            Some(note) = async { session.notes.as_mut()?.recv().await }, if session.notes.is_some() => {
                session.noted(note);
            }
            ended = async { session.running.as_mut()?.await.ok() }, if session.running.is_some() => {
                session.running = None;
                if let Some(ended) = ended {
                    session.ended(ended);
                }
            }
        }
    }
    if let Some(running) = session.running.take() {
        running.abort();
    }
}

/// A value as a response's or event's body.
fn body<T: Serialize>(value: T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

impl Session {
    /// Sends an event.
    fn event(&self, event: &str, body: Value) {
        let mut message = json!({"type": "event", "event": event});
        if !body.is_null() {
            message["body"] = body;
        }
        self.out.send(message);
    }

    /// Prints `text` in the client's console (`category`: `console`, `stdout`, `stderr`).
    fn say(&self, category: &str, text: &str) {
        self.event("output", json!({"category": category, "output": text}));
    }

    /// Answers one message; true when the session ends.
    async fn request(&mut self, message: Value) -> bool {
        if message.get("type").and_then(Value::as_str) != Some("request") {
            return false;
        }
        let seq = message.get("seq").and_then(Value::as_i64).unwrap_or(0);
        let command = message
            .get("command")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let arguments = message.get("arguments").cloned().unwrap_or(json!({}));
        let answer = self.answer(&command, arguments).await;
        let mut response = json!({
            "type": "response",
            "request_seq": seq,
            "command": command,
            "success": answer.is_ok(),
        });
        match answer {
            Ok(Value::Null) => {}
            Ok(body) => response["body"] = body,
            Err(message) => {
                response["message"] = Value::String(message.clone());
                response["body"] = json!({"error": {"id": 1, "format": message.replace('{', "{{").replace('}', "}}"), "showUser": true}});
            }
        }
        self.out.send(response);
        match command.as_str() {
            "initialize" => self.event("initialized", Value::Null),
            "disconnect" => return true,
            _ => {}
        }
        false
    }

    /// The body of `command`'s response, or why it failed.
    async fn answer(&mut self, command: &str, arguments: Value) -> Result<Value, String> {
        fn args<T: serde::de::DeserializeOwned>(arguments: Value) -> Result<T, String> {
            serde_json::from_value(arguments).map_err(|e| format!("the request's arguments: {e}"))
        }
        match command {
            "initialize" => Ok(capabilities()),
            "launch" => self.launch(arguments).await,
            "attach" => Err("`workflow debug` launches runs; it attaches to none".into()),
            "setBreakpoints" => self.set_breakpoints(args(arguments)?),
            "setFunctionBreakpoints" => self.set_function_breakpoints(args(arguments)?),
            "setExceptionBreakpoints" => self.set_exception_breakpoints(args(arguments)?),
            "configurationDone" => {
                self.configured = true;
                self.start();
                Ok(Value::Null)
            }
            "threads" => Ok(self.threads()),
            "stackTrace" => {
                let a: dap::requests::StackTraceArguments = args(arguments)?;
                Ok(self.stack_trace(a.thread_id as u64))
            }
            "scopes" => {
                let a: dap::requests::ScopesArguments = args(arguments)?;
                self.scopes(a.frame_id)
            }
            "variables" => {
                let a: dap::requests::VariablesArguments = args(arguments)?;
                Ok(json!({"variables": body(self.handles.variables(a.variables_reference))}))
            }
            "evaluate" => self.evaluate(args(arguments)?).await,
            "setVariable" => self.set_variable(args(arguments)?).await,
            "exceptionInfo" => {
                let a: dap::requests::ExceptionInfoArguments = args(arguments)?;
                self.exception_info(a.thread_id as u64)
            }
            "continue" => {
                self.go(None)?;
                Ok(json!({"allThreadsContinued": true}))
            }
            "next" | "stepIn" | "stepOut" => {
                let thread = arguments
                    .get("threadId")
                    .and_then(Value::as_u64)
                    .unwrap_or(self.current);
                let kind = match command {
                    "next" => StepKind::Over,
                    "stepIn" => StepKind::In,
                    _ => StepKind::Out,
                };
                self.go(Some((thread, kind)))?;
                Ok(Value::Null)
            }
            "stepBack" | "reverseContinue" => {
                let thread = arguments
                    .get("threadId")
                    .and_then(Value::as_u64)
                    .unwrap_or(self.current);
                self.back(thread, command == "stepBack")?;
                Ok(Value::Null)
            }
            "pause" => {
                self.control()?.request_pause();
                Ok(Value::Null)
            }
            "terminate" => {
                if let Some(running) = self.running.take() {
                    running.abort();
                    self.say("console", "the run was stopped\n");
                    self.event("terminated", Value::Null);
                }
                Ok(Value::Null)
            }
            "disconnect" => {
                if let Some(running) = self.running.take() {
                    running.abort();
                }
                Ok(Value::Null)
            }
            "source" => Err("every source of `workflow debug` is a file".into()),
            other => Err(format!("`workflow debug` does not answer `{other}`")),
        }
    }

    /// The controller, once launched.
    fn control(&self) -> Result<&Arc<Control>, String> {
        self.control
            .as_ref()
            .ok_or_else(|| "nothing is launched yet".to_owned())
    }

    async fn launch(&mut self, arguments: Value) -> Result<Value, String> {
        if self.control.is_some() {
            return Err("this session launched its run already".into());
        }
        let (config, unknown) = LaunchConfig::from_arguments(arguments)?;
        for name in unknown {
            self.say(
                "console",
                &format!("workflow debug: the launch configuration's `{name}` is no attribute of a `workflow` launch; it is left alone\n"),
            );
        }
        let program = config.program().await?;
        let (sender, receiver) = mpsc::unbounded_channel();
        let control = Control::new(sender, program.step_back, program.stop_on_entry);
        self.say(
            "console",
            &format!(
                "workflow debug: {}{}\n",
                program.shown,
                match &program.history {
                    Some(h) => format!(" on {h}"),
                    None => String::new(),
                }
            ),
        );
        let mut program = program;
        self.control = Some(Arc::new(control));
        self.notes = Some(receiver);
        self.sources = Some(Arc::new(std::mem::take(&mut program.sources)));
        self.program = Some(program);
        self.start();
        Ok(Value::Null)
    }

    /// Starts the run once it is launched and configured.
    fn start(&mut self) {
        if !self.configured || self.running.is_some() || self.ended {
            return;
        }
        let (Some(program), Some(control)) = (self.program.take(), self.control.clone()) else {
            return;
        };
        let debugger: Arc<dyn workflow_runtime::engine::debug::Debugger> = control;
        self.running = Some(tokio::spawn(async move {
            let Program {
                compiled,
                engine,
                input,
                history,
                name,
                ..
            } = program;
            let mut request = engine.compiled(&compiled);
            if let Some(name) = name {
                request = request.name(name);
            }
            match history {
                Some(history) => Ended::Replay(
                    request
                        .replay(history)
                        .debugger(debugger)
                        .run()
                        .await
                        .map_err(|e| e.to_string()),
                ),
                None => Ended::Run(
                    request
                        .input(input)
                        .debugger(debugger)
                        .run()
                        .await
                        .map_err(|e| e.to_string()),
                ),
            }
        }));
    }

    /// The run ended: its outcome printed, `terminated`, `exited`.
    fn ended(&mut self, ended: Ended) {
        self.ended = true;
        self.past = None;
        let (text, code) = match ended {
            Ended::Run(Ok(execution)) => {
                let code = i64::from(execution.status != ExecutionStatus::Succeeded);
                (execution.summary_text(), code)
            }
            Ended::Replay(Ok(replayed)) => {
                let mut text = replayed.execution.summary_text();
                for line in crate::cli::replay::verdict(&replayed) {
                    text.push_str(&line);
                    text.push('\n');
                }
                (text, i64::from(!replayed.is_identical()))
            }
            Ended::Run(Err(e)) | Ended::Replay(Err(e)) => {
                (format!("the run could not go on: {e}\n"), 2)
            }
        };
        self.say("stdout", &text);
        self.event("terminated", Value::Null);
        self.event("exited", json!({"exitCode": code}));
    }

    /// A note of the controller: a strand stopped.
    fn noted(&mut self, note: Note) {
        match note {
            Note::Stopped(stopped) => {
                self.handles.clear();
                self.past = None;
                self.current = stopped.thread;
                self.stopped(&stopped);
            }
        }
    }

    /// Tells the client that `stopped`'s strand stopped (and every other with it).
    fn stopped(&self, stopped: &Stopped) {
        let mut event = json!({
            "reason": stopped.reason,
            "description": stopped.description,
            "threadId": stopped.thread,
            "allThreadsStopped": true,
        });
        if let Some(text) = &stopped.text {
            event["text"] = Value::String(text.clone());
        }
        if !stopped.hits.is_empty() {
            event["hitBreakpointIds"] = json!(stopped.hits);
        }
        self.event("stopped", event);
    }

    fn set_breakpoints(&mut self, a: SetBreakpoints) -> Result<Value, String> {
        let path = a.source.path.ok_or("a breakpoint's source has no path")?;
        let path = PathBuf::from(path);
        let wanted: Vec<(i64, Wanted)> = a
            .breakpoints
            .into_iter()
            .map(|b| {
                (
                    b.line,
                    Wanted {
                        condition: b.condition,
                        hit_condition: b.hit_condition,
                    },
                )
            })
            .collect();
        let sources = self.sources.clone();
        let in_file = sources.as_deref().filter(|s| s.is_file(&path));
        let mut bound = Vec::new();
        let mut shown = Vec::new();
        for (line, wanted) in wanted {
            let binding = in_file.and_then(|s| s.bind(u32::try_from(line).unwrap_or(0)));
            match binding {
                Some(b) => {
                    bound.push((b.state.clone(), wanted));
                    shown.push(Ok((b.state, b.line)));
                }
                None => shown.push(Err(match in_file {
                    Some(_) => format!("no state is written at or above line {line}"),
                    None => "this file holds no state of the launched definition".to_owned(),
                })),
            }
        }
        let control = self.control()?;
        let ids = control
            .breakpoints
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .set_source(path.clone(), bound);
        let mut ids = ids.into_iter();
        let source = Source {
            path: Some(path.display().to_string()),
            name: path.file_name().map(|n| n.to_string_lossy().into_owned()),
            ..Source::default()
        };
        let breakpoints: Vec<Breakpoint> = shown
            .into_iter()
            .map(|b| match b {
                Ok((state, line)) => Breakpoint {
                    id: ids.next(),
                    verified: true,
                    message: Some(format!("state `{state}`")),
                    source: Some(source.clone()),
                    line: Some(i64::from(line)),
                    ..Breakpoint::default()
                },
                Err(message) => Breakpoint {
                    verified: false,
                    message: Some(message),
                    source: Some(source.clone()),
                    ..Breakpoint::default()
                },
            })
            .collect();
        Ok(json!({"breakpoints": body(breakpoints)}))
    }

    fn set_function_breakpoints(
        &mut self,
        a: dap::requests::SetFunctionBreakpointsArguments,
    ) -> Result<Value, String> {
        let sources = self.sources.clone();
        let known = |name: &str| sources.as_deref().and_then(|s| s.line_of(name));
        let mut set = Vec::new();
        let mut shown = Vec::new();
        for b in a.breakpoints {
            let line = known(&b.name);
            let exists = self
                .program_states()
                .is_some_and(|states| states.iter().any(|s| s == &b.name));
            if exists {
                set.push((
                    b.name.clone(),
                    Wanted {
                        condition: b.condition,
                        hit_condition: b.hit_condition,
                    },
                ));
            }
            shown.push((b.name, exists, line));
        }
        let ids = self
            .control()?
            .breakpoints
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .set_functions(set);
        let mut ids = ids.into_iter();
        let path = sources
            .as_deref()
            .and_then(Sources::path)
            .map(Path::to_path_buf);
        let breakpoints: Vec<Breakpoint> = shown
            .into_iter()
            .map(|(name, exists, line)| match exists {
                true => Breakpoint {
                    id: ids.next(),
                    verified: true,
                    message: Some(format!("state `{name}`")),
                    source: path.as_ref().map(|p| Source {
                        path: Some(p.display().to_string()),
                        ..Source::default()
                    }),
                    line: line.map(i64::from),
                    ..Breakpoint::default()
                },
                false => Breakpoint {
                    verified: false,
                    message: Some(format!("the definition has no state `{name}`")),
                    ..Breakpoint::default()
                },
            })
            .collect();
        Ok(json!({"breakpoints": body(breakpoints)}))
    }

    /// The names of the launched definition's states.
    fn program_states(&self) -> Option<Vec<String>> {
        self.sources.as_deref().map(Sources::states)
    }

    fn set_exception_breakpoints(
        &mut self,
        a: dap::requests::SetExceptionBreakpointsArguments,
    ) -> Result<Value, String> {
        let mut exceptions = Exceptions {
            caught: None,
            uncaught: None,
            divergence: false,
        };
        let mut enable = |id: &str, condition: Option<&str>| match id {
            "caught" => exceptions.caught = Some(Exceptions::names(condition)),
            "uncaught" => exceptions.uncaught = Some(Exceptions::names(condition)),
            "divergence" => exceptions.divergence = true,
            _ => {}
        };
        for id in &a.filters {
            enable(id, None);
        }
        for option in a.filter_options.iter().flatten() {
            enable(&option.filter_id, option.condition.as_deref());
        }
        *self
            .control()?
            .exceptions
            .write()
            .unwrap_or_else(|p| p.into_inner()) = exceptions;
        Ok(Value::Null)
    }

    fn threads(&self) -> Value {
        let Some(control) = &self.control else {
            return json!({"threads": []});
        };
        let flow = control.flow();
        let mut threads: std::collections::BTreeMap<u64, String> = flow
            .live
            .values()
            .map(|trail| (trail.id(), thread_name(trail, None)))
            .collect();
        for held in flow.held.values() {
            threads.insert(
                held.trail.id(),
                thread_name(&held.trail, Some(&held.scope.state)),
            );
        }
        if let Some(at) = self.past.and_then(|i| flow.history.get(i)) {
            threads.insert(
                at.trail.id(),
                thread_name(&at.trail, Some(&at.scope.state)) + " (past)",
            );
        }
        let threads: Vec<Thread> = threads
            .into_iter()
            .map(|(id, name)| Thread {
                id: id as i64,
                name,
            })
            .collect();
        json!({"threads": body(threads)})
    }

    /// What the strand `thread` shows: where it is, what it reached, its scope (none for a
    /// strand still running), and whether it is a past checkpoint.
    fn shown(&self, thread: u64) -> Option<Shown> {
        let control = self.control.as_ref()?;
        let flow = control.flow();
        if let Some(at) = self.past.and_then(|i| flow.history.get(i))
            && at.trail.id() == thread
        {
            return Some(Shown {
                trail: at.trail.clone(),
                label: label(Some(&at.stop), false) + " · past",
                scope: Some(at.scope.clone()),
                waiting: None,
                past: true,
            });
        }
        if let Some(held) = flow.held.get(&thread) {
            let waiting = held.waiting.as_ref().map(|w| {
                json!({
                    "state": w.task.state,
                    "resource": w.task.resource,
                    "parameters": w.task.parameters,
                    "token": w.task.token,
                    "retryCount": w.task.retry_count,
                    "timeoutSeconds": w.task.timeout_seconds,
                    "heartbeatSeconds": w.task.heartbeat_seconds,
                    "elapsedSeconds": w.elapsed.as_secs_f64(),
                    "lastHeartbeatSeconds": w.last_beat.as_secs_f64(),
                    "answer": ".success JSON | .failure ERROR CAUSE | .heartbeat | .wait SECONDS",
                })
            });
            return Some(Shown {
                trail: held.trail.clone(),
                label: label(held.stop.as_ref(), held.waiting.is_some()),
                scope: Some(held.scope.clone()),
                waiting,
                past: false,
            });
        }
        let trail = flow.live.get(&thread)?.clone();
        Some(Shown {
            trail,
            label: "running".to_owned(),
            scope: None,
            waiting: None,
            past: false,
        })
    }

    fn stack_trace(&self, thread: u64) -> Value {
        let Some(shown) = self.shown(thread) else {
            return json!({"stackFrames": [], "totalFrames": 0});
        };
        let sources = self.sources.as_deref();
        let source = sources.and_then(Sources::path).map(|p| Source {
            name: p.file_name().map(|n| n.to_string_lossy().into_owned()),
            path: Some(p.display().to_string()),
            ..Source::default()
        });
        let frame = |depth: usize, name: String, state: Option<&str>| {
            let line = state.and_then(|s| sources.and_then(|src| src.line_of(s)));
            StackFrame {
                id: thread as i64 * FRAMES + depth as i64,
                name,
                source: line.and(source.clone()),
                line: line.map_or(0, i64::from),
                column: i64::from(line.is_some()),
                // A frame with no line of its own (the execution, a running strand) is a label.
                presentation_hint: line
                    .is_none()
                    .then_some(dap::types::StackFramePresentationhint::Label),
                ..StackFrame::default()
            }
        };
        let mut frames = Vec::new();
        match &shown.scope {
            Some(scope) => {
                let clock = view::clock(scope.now_millis);
                frames.push(frame(
                    0,
                    format!("{} [{} · {clock}]", scope.state, shown.label),
                    Some(&scope.state),
                ));
            }
            None => frames.push(frame(0, format!("({})", shown.label), None)),
        }
        for trail in shown.trail.ancestors() {
            let depth = frames.len();
            frames.push(match trail.level() {
                Level::Execution => frame(depth, "execution".to_owned(), None),
                Level::Branch { state, index } => {
                    frame(depth, format!("{state} [branch {index}]"), Some(state))
                }
                Level::Iteration { state, index } => {
                    frame(depth, format!("{state} [iteration {index}]"), Some(state))
                }
                Level::ChildExecution { state, index, arn } => frame(
                    depth,
                    format!("{state} [child execution {index}: {}]", execution_name(arn)),
                    Some(state),
                ),
            });
        }
        let total = frames.len();
        json!({"stackFrames": body(frames), "totalFrames": total})
    }

    fn scopes(&mut self, frame: i64) -> Result<Value, String> {
        let (thread, depth) = ((frame / FRAMES) as u64, (frame % FRAMES) as usize);
        let shown = self
            .shown(thread)
            .ok_or_else(|| format!("no thread {thread} is stopped"))?;
        let Some(scope) = &shown.scope else {
            return Ok(json!({"scopes": []}));
        };
        let settable = !shown.past && shown.waiting.is_none();
        let extra = shown.waiting.clone().map(|w| ("Waiting Task", w));
        let scopes = view::scopes(&mut self.handles, (thread, depth, settable), scope, extra);
        Ok(json!({"scopes": body(scopes)}))
    }

    /// The scope an expression of frame `frame` (or of the strand last stopped) reads.
    fn scope_of(&self, frame: Option<i64>) -> Result<(u64, Scope), String> {
        let thread = frame.map_or(self.current, |f| (f / FRAMES) as u64);
        let shown = self
            .shown(thread)
            .or_else(|| self.shown(self.current))
            .ok_or("the run is not stopped")?;
        let scope = shown
            .scope
            .ok_or("this thread is running: stop it to evaluate")?;
        Ok((shown.trail.id(), scope))
    }

    async fn evaluate(&mut self, a: dap::requests::EvaluateArguments) -> Result<Value, String> {
        let text = a.expression.trim().to_owned();
        let repl = matches!(
            a.context,
            Some(dap::types::EvaluateArgumentsContext::Repl) | None
        );
        if repl && text.starts_with('.') {
            let said = super::repl::command(self, &text, a.frame_id).await?;
            return Ok(json!({"result": said, "variablesReference": 0}));
        }
        let expression = match a.context {
            Some(dap::types::EvaluateArgumentsContext::Hover) => hovered(&text),
            _ => text,
        };
        let (_, scope) = self.scope_of(a.frame_id)?;
        let value = scope.evaluate(&expression).map_err(|e| e.to_string())?;
        let reference = self.handles.of(&value);
        let result = match repl {
            true => serde_json::to_string_pretty(&value).unwrap_or_default(),
            false => view::shown(&value),
        };
        Ok(json!({"result": result, "variablesReference": reference}))
    }

    async fn set_variable(
        &mut self,
        a: dap::requests::SetVariableArguments,
    ) -> Result<Value, String> {
        let Some(Node::Members(_, Some(thread))) = self.handles.get(a.variables_reference).cloned()
        else {
            return Err(
                "only the stopped state's own variables can be set (ASL lets a state assign none of an enclosing scope's, and a past stop is not the run's)"
                    .into(),
            );
        };
        let value: Value = workflow_text::json::parse_data(&a.value)
            .map_err(|e| format!("the value is JSON (`\"text\"` for a string): {e}"))?;
        let (reply, answer) = oneshot::channel();
        let sent = self
            .control()?
            .flow()
            .held
            .get(&thread)
            .is_some_and(|held| {
                held.send(Command::SetVariable(a.name.clone(), value.clone(), reply))
            });
        if !sent {
            return Err("that thread is no longer stopped".into());
        }
        answer
            .await
            .map_err(|_| "that thread is no longer stopped".to_owned())??;
        let mut handles = std::mem::take(&mut self.handles);
        let variable = handles.variable(a.name, &value);
        self.handles = handles;
        Ok(json!({
            "value": variable.value,
            "variablesReference": variable.variables_reference,
        }))
    }

    fn exception_info(&self, thread: u64) -> Result<Value, String> {
        let control = self.control()?;
        let flow = control.flow();
        // A past stop's (stepped back to an error), else the live one's.
        let past = self
            .past
            .and_then(|i| flow.history.get(i))
            .filter(|s| s.trail.id() == thread)
            .map(|s| &s.stop);
        let stop = match past {
            Some(stop) => Some(stop),
            None => flow
                .held
                .get(&thread)
                .ok_or("that thread is not stopped")?
                .stop
                .as_ref(),
        };
        let (id, description, mode) = match stop {
            Some(Stop::Failed {
                error,
                cause,
                handled,
            }) => (
                error.clone(),
                cause.clone(),
                if handled.is_caught() {
                    "always"
                } else {
                    "unhandled"
                },
            ),
            Some(Stop::Diverged(divergence)) => {
                ("Divergence".to_owned(), divergence.to_string(), "always")
            }
            _ => return Err("that thread did not stop on an error".into()),
        };
        Ok(json!({"exceptionId": id, "description": description, "breakMode": mode}))
    }

    /// Lets the run go: on (`None`), or stepping from `thread`. From a past checkpoint the
    /// session walks forward through the checkpoints passed, then on into the live run.
    fn go(&mut self, step: Option<(u64, StepKind)>) -> Result<(), String> {
        let control = Arc::clone(self.control()?);
        let mut from_past = None;
        if let Some(at) = self.past {
            if let Some(landed) = super::travel::forward(&control, at, step) {
                self.land(landed);
                return Ok(());
            }
            // No checkpoint passed is where it stops: the live run goes on from here, the
            // step from the strand of the past checkpoint.
            from_past = control.flow().history.get(at).map(|s| s.trail.clone());
            self.past = None;
        }
        let step = match step {
            Some((thread, kind)) => {
                let trail = match from_past {
                    Some(trail) => trail,
                    None => self
                        .shown(thread)
                        .map(|s| s.trail)
                        .ok_or_else(|| format!("no thread {thread}"))?,
                };
                Some((trail, kind))
            }
            None => None,
        };
        self.handles.clear();
        control.resume(step);
        Ok(())
    }

    /// Steps back (`step`) or runs back to a breakpoint from `thread`'s stop.
    fn back(&mut self, thread: u64, step: bool) -> Result<(), String> {
        let control = Arc::clone(self.control()?);
        if !control.keeps_history() {
            return Err(
                "stepping back walks the checkpoints passed, which a session keeps for a recorded history (or with `\"stepBack\": true`)"
                    .into(),
            );
        }
        let landed = super::travel::backward(&control, self.past, thread, step)
            .ok_or("there is no earlier checkpoint")?;
        self.land(landed);
        Ok(())
    }

    /// Shows a past checkpoint: `stopped` on it.
    fn land(&mut self, landed: super::travel::Landed) {
        self.handles.clear();
        self.past = landed.past;
        self.current = landed.stopped.thread;
        self.stopped(&landed.stopped);
    }

    /// A waiting Task was answered: the run goes on, as after `continue` (the client is told).
    pub(crate) fn answered(&mut self) {
        if let Some(control) = &self.control {
            self.handles.clear();
            self.past = None;
            if control.resume(None) {
                self.event(
                    "continued",
                    json!({"threadId": self.current, "allThreadsContinued": true}),
                );
            }
        }
    }

    /// Sends a waiting Task of frame `frame`'s thread (or the only one waiting) `command`.
    pub(crate) fn to_waiting_task(
        &self,
        frame: Option<i64>,
        command: impl FnOnce() -> Command,
    ) -> Result<(), String> {
        let control = self.control()?;
        let flow = control.flow();
        let thread = frame.map(|f| (f / FRAMES) as u64);
        let waiting: Vec<_> = flow
            .held
            .values()
            .filter(|h| h.waiting.is_some())
            .filter(|h| thread.is_none_or(|t| t == h.trail.id()) || thread == Some(self.current))
            .collect();
        let held = match waiting.as_slice() {
            [one] => *one,
            [] => return Err("no Task waits for an answer".into()),
            many => many
                .iter()
                .find(|h| h.trail.id() == self.current)
                .copied()
                .ok_or("several Tasks wait: select the thread of the one to answer")?,
        };
        if held.send(command()) {
            Ok(())
        } else {
            Err("that Task no longer waits".into())
        }
    }
}

/// `setBreakpoints`' arguments. (The `dap` crate's `SourceBreakpoint` reads `hit_condition`
/// and `log_message` under those snake-case names, not the protocol's `hitCondition` and
/// `logMessage`: these are read here.)
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct SetBreakpoints {
    source: BreakpointSource,
    #[serde(default)]
    breakpoints: Vec<SourceBreakpoint>,
}

/// A breakpoint's source.
#[derive(serde::Deserialize)]
struct BreakpointSource {
    path: Option<String>,
}

/// A breakpoint on a line.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct SourceBreakpoint {
    line: i64,
    condition: Option<String>,
    hit_condition: Option<String>,
}

/// What a stopped thread shows.
struct Shown {
    trail: Trail,
    label: String,
    scope: Option<Scope>,
    waiting: Option<Value>,
    past: bool,
}

/// A thread's name: its strand (a child execution's with its execution's name), and where it
/// is stopped, if it is.
fn thread_name(trail: &Trail, state: Option<&str>) -> String {
    let strand = match trail.level() {
        Level::ChildExecution { arn, .. } => format!("{trail} ({})", execution_name(arn)),
        _ => trail.to_string(),
    };
    match state {
        Some(state) => format!("{strand}: {state}"),
        None => strand,
    }
}

/// The name of the execution `arn` (its last part).
fn execution_name(arn: &str) -> &str {
    arn.rsplit(':').next().unwrap_or(arn)
}

/// How a frame names what its strand reached.
fn label(stop: Option<&Stop>, waiting: bool) -> String {
    if waiting {
        return "waiting for an answer".to_owned();
    }
    match stop {
        Some(Stop::Entered) => "entered".to_owned(),
        Some(Stop::Exited) => "left".to_owned(),
        Some(Stop::Failed { error, .. }) => format!("raised {error}"),
        Some(Stop::Diverged(_)) => "diverged".to_owned(),
        None => "stopped".to_owned(),
    }
}

/// The expression a hover over `text` means: a string's content (a path written as
/// `"$.order.id"`), without a trailing comma or colon.
fn hovered(text: &str) -> String {
    text.trim()
        .trim_end_matches([',', ':'])
        .trim_matches('"')
        .to_owned()
}

/// What the adapter can do. (The exception filters are written here: the `dap` crate's
/// `ExceptionBreakpointsFilter` writes `supports_condition` and `condition_description` under
/// those snake-case names, not the protocol's.)
fn capabilities() -> Value {
    let capabilities = Capabilities {
        supports_configuration_done_request: Some(true),
        supports_function_breakpoints: Some(true),
        supports_conditional_breakpoints: Some(true),
        supports_hit_conditional_breakpoints: Some(true),
        supports_evaluate_for_hovers: Some(true),
        supports_step_back: Some(true),
        supports_set_variable: Some(true),
        supports_exception_info_request: Some(true),
        supports_exception_filter_options: Some(true),
        supports_terminate_request: Some(true),
        ..Capabilities::default()
    };
    let mut capabilities = body(capabilities);
    let filters: Vec<Value> = FILTERS
        .iter()
        .map(|(id, label, description, default)| {
            let mut filter = json!({
                "filter": id,
                "label": label,
                "description": description,
                "default": default,
            });
            if *id != "divergence" {
                filter["supportsCondition"] = Value::Bool(true);
                filter["conditionDescription"] = Value::String(CONDITION_DESCRIPTION.to_owned());
            }
            filter
        })
        .collect();
    capabilities["exceptionBreakpointFilters"] = Value::Array(filters);
    capabilities
}

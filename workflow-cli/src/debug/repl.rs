//! The REPL's commands (an `evaluate` in the `repl` context that starts with `.`): a Task
//! waiting for an answer (one that no handler, mock or endpoint answers) is answered here,
//! as its service would answer it: `.success JSON` (its result), `.failure ERROR [CAUSE]`
//! (its error; `SendTaskFailure`), `.heartbeat` (`SendTaskHeartbeat`), `.wait SECONDS` (virtual
//! time passes on it: its `TimeoutSeconds` and `HeartbeatSeconds` run out as they would).
//! Anything else the REPL evaluates (JSONata, JSONPath, intrinsic functions) in the stopped
//! state's scope.

use super::control::Command;
use super::session::Session;
use std::time::Duration;
use tokio::sync::oneshot;
use workflow_runtime::engine::TaskFailure;

/// What `.help` prints.
pub(crate) const HELP: &str = "\
Evaluate JSONata (`{% $states.input.total * 2 %}`, or bare text in a JSONata state), a JSONPath \
path (`$.order.id`, `$$.Execution.Id`, `$total`) or an intrinsic (`States.Format('{}', $.id)`) in \
the stopped state's scope. A Task waiting for an answer:
  .success JSON           it succeeds with JSON as its result
  .failure ERROR [CAUSE]  it fails with ERROR (and CAUSE)
  .heartbeat              it sends a heartbeat
  .wait SECONDS           SECONDS of virtual time pass on it (its timeouts run out as they would)";

/// Runs the REPL command `text` for frame `frame`'s thread; what it says back. A Task's
/// answer lets the run go on, as `continue` does.
pub(crate) async fn command(
    session: &mut Session,
    text: &str,
    frame: Option<i64>,
) -> Result<String, String> {
    let (name, rest) = match text.split_once(char::is_whitespace) {
        Some((name, rest)) => (name, rest.trim()),
        None => (text, ""),
    };
    match name {
        ".help" => Ok(HELP.to_owned()),
        ".success" => {
            let result = if rest.is_empty() {
                serde_json::Value::Object(serde_json::Map::new())
            } else {
                workflow_text::json::parse_data(rest)
                    .map_err(|e| format!("`.success JSON`: the result is not JSON: {e}"))?
            };
            session.to_waiting_task(frame, || Command::Answer(Ok(result)))?;
            session.answered();
            Ok("the Task succeeded".to_owned())
        }
        ".failure" => {
            let (error, cause) = match rest.split_once(char::is_whitespace) {
                Some((error, cause)) => (error, unquoted(cause.trim())),
                None => (rest, String::new()),
            };
            if error.is_empty() {
                return Err("`.failure ERROR [CAUSE]`: name the error".into());
            }
            let failure = TaskFailure::new(error, cause);
            session.to_waiting_task(frame, || Command::Answer(Err(failure)))?;
            session.answered();
            Ok(format!("the Task failed with {error}"))
        }
        ".heartbeat" => {
            let (reply, said) = oneshot::channel();
            session.to_waiting_task(frame, || Command::Heartbeat(reply))?;
            said.await
                .map_err(|_| "the Task no longer waits".to_owned())?
        }
        ".wait" => {
            let seconds: f64 = rest
                .parse()
                .ok()
                .filter(|s: &f64| s.is_finite() && *s >= 0.0 && *s <= 1e9)
                .ok_or("`.wait SECONDS`: a number of seconds (0 to 1e9)")?;
            let (reply, said) = oneshot::channel();
            let duration = Duration::from_secs_f64(seconds);
            session.to_waiting_task(frame, || Command::Wait(duration, reply))?;
            let (said, answered) = said
                .await
                .map_err(|_| "the Task no longer waits".to_owned())??;
            if answered {
                session.answered();
            }
            Ok(said)
        }
        other => Err(format!(
            "`{other}` is no command of the REPL; `.help` lists them"
        )),
    }
}

/// `"text"` without its quotes (a cause written as a JSON string), else the text.
fn unquoted(text: &str) -> String {
    match serde_json::from_str::<String>(text) {
        Ok(s) => s,
        Err(_) => text.to_owned(),
    }
}

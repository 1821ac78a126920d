//! The local Step Functions endpoints `serve_side_by_side` measures, each a process of its own
//! on a free loopback port: `workflow serve` (this build's binary), ministack, moto and
//! LocalStack (natively), from the virtualenvs `tools/endpoints/setup.sh` and
//! `scripts/setup.sh` make; and the CPU time of a process with everything it started.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running endpoint; killed (with every process it started) when dropped.
pub struct Endpoint {
    /// What it is, as the report names it.
    pub name: &'static str,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// Seconds from its start to its first answer.
    pub start_s: f64,
    child: Child,
}

impl Drop for Endpoint {
    fn drop(&mut self) {
        for pid in descendants(self.child.id()) {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Endpoint {
    /// The CPU seconds (user and system) its process and every process under it used so far.
    pub fn cpu_s(&self) -> f64 {
        let mut pids = descendants(self.child.id());
        pids.push(self.child.id());
        pids.iter().map(|&pid| process_cpu_s(pid)).sum()
    }

    /// Its resident memory, with its processes', in MiB.
    pub fn rss_mib(&self) -> f64 {
        let mut pids = descendants(self.child.id());
        pids.push(self.child.id());
        pids.iter()
            .filter_map(|pid| crate::proc_status::proc_status(&pid.to_string(), "VmRSS"))
            .sum::<f64>()
            / 1024.0
    }
}

/// Field 14 and 15 of `/proc/PID/stat` (utime, stime) in seconds, at 100 ticks a second (the
/// kernel's `USER_HZ` on every Linux this runs on).
fn process_cpu_s(pid: u32) -> f64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0.0;
    };
    // The command name (field 2) is in parentheses and may hold spaces: count after its end.
    let Some(rest) = stat.rfind(')').map(|i| &stat[i + 1..]) else {
        return 0.0;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // `rest` starts at field 3: utime is field 14, stime 15.
    let ticks: f64 = fields
        .get(11..13)
        .map(|f| f.iter().filter_map(|t| t.parse::<f64>().ok()).sum())
        .unwrap_or(0.0);
    ticks / 100.0
}

/// Every process under `pid` (children, theirs, ...), from `/proc/*/stat`'s parent field.
fn descendants(pid: u32) -> Vec<u32> {
    let mut parents: Vec<(u32, u32)> = Vec::new();
    if let Ok(dir) = std::fs::read_dir("/proc") {
        for entry in dir.flatten() {
            let Some(p) = entry
                .file_name()
                .to_str()
                .and_then(|n| n.parse::<u32>().ok())
            else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(format!("/proc/{p}/stat")) else {
                continue;
            };
            let ppid = stat
                .rfind(')')
                .and_then(|i| stat[i + 1..].split_whitespace().nth(1)?.parse::<u32>().ok());
            if let Some(ppid) = ppid {
                parents.push((p, ppid));
            }
        }
    }
    let mut out = Vec::new();
    let mut frontier = vec![pid];
    while let Some(parent) = frontier.pop() {
        for &(child, of) in &parents {
            if of == parent && !out.contains(&child) {
                out.push(child);
                frontier.push(child);
            }
        }
    }
    out
}

fn free_port() -> Option<u16> {
    Some(
        std::net::TcpListener::bind("127.0.0.1:0")
            .ok()?
            .local_addr()
            .ok()?
            .port(),
    )
}

/// Starts `command` and waits until a Step Functions call on `port` is answered (at most
/// `patience`): the endpoint, or why not.
fn start(
    name: &'static str,
    mut command: Command,
    port: u16,
    patience: Duration,
) -> Result<Endpoint, String> {
    let began = Instant::now();
    let child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{name}: cannot start: {e}"))?;
    let mut endpoint = Endpoint {
        name,
        url: format!("http://127.0.0.1:{port}"),
        start_s: 0.0,
        child,
    };
    while began.elapsed() < patience {
        if answers(port) {
            endpoint.start_s = began.elapsed().as_secs_f64();
            return Ok(endpoint);
        }
        if let Ok(Some(status)) = endpoint.child.try_wait() {
            return Err(format!("{name}: exited before answering: {status}"));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Err(format!("{name}: no answer within {patience:?}"))
}

/// Whether `ListStateMachines` on `port` is answered 200.
fn answers(port: u16) -> bool {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let request = format!(
        "POST / HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\ncontent-type: application/x-amz-json-1.0\r\n\
         x-amz-target: AWSStepFunctions.ListStateMachines\r\n\
         authorization: AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/states/aws4_request, SignedHeaders=host, Signature=0\r\n\
         content-length: 2\r\nconnection: close\r\n\r\n{{}}"
    );
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.starts_with("HTTP/1.1 200")
}

/// `workflow serve` (the binary `binary`), in memory.
pub fn workflow_serve(binary: &Path) -> Result<Endpoint, String> {
    let port = free_port().ok_or("no free port")?;
    let mut command = Command::new(binary);
    command.args(["serve", "--port", &port.to_string()]);
    start("workflow serve", command, port, Duration::from_secs(30))
}

fn venv_python(root: &Path, venv: &str) -> Result<PathBuf, String> {
    let python = root.join("target").join(venv).join("bin/python");
    if python.is_file() {
        Ok(python)
    } else {
        Err(format!(
            "{} is missing: run `bash tools/endpoints/setup.sh` (ministack, LocalStack) and \
             `bash scripts/setup.sh` (moto) first",
            python.display()
        ))
    }
}

/// ministack 1.5.33 (`target/ministack-venv`).
pub fn ministack(root: &Path) -> Result<Endpoint, String> {
    let python = venv_python(root, "ministack-venv")?;
    let port = free_port().ok_or("no free port")?;
    let mut command = Command::new(python);
    command
        .args(["-m", "ministack"])
        .env("GATEWAY_PORT", port.to_string())
        .env("BIND_HOST", "127.0.0.1");
    start("ministack 1.5.33", command, port, Duration::from_secs(60))
}

/// moto 5.2.5's server with Step Functions executing (`tools/moto/moto-sfn-server.py`).
pub fn moto(root: &Path) -> Result<Endpoint, String> {
    let python = venv_python(root, "moto-venv")?;
    let port = free_port().ok_or("no free port")?;
    let mut command = Command::new(python);
    command
        .arg(root.join("tools/moto/moto-sfn-server.py"))
        .args(["-H", "127.0.0.1", "-p", &port.to_string()]);
    start("moto 5.2.5", command, port, Duration::from_secs(60))
}

/// LocalStack (localstack-core 4.6.0, natively: no docker), Step Functions alone.
pub fn localstack(root: &Path, scratch: &Path) -> Result<Endpoint, String> {
    let python = venv_python(root, "localstack-venv")?;
    let port = free_port().ok_or("no free port")?;
    let mut command = Command::new(python);
    command
        .args(["-m", "localstack.runtime.main"])
        .env("GATEWAY_LISTEN", format!("127.0.0.1:{port}"))
        .env("SERVICES", "stepfunctions")
        .env("LOCALSTACK_VOLUME_DIR", scratch.join("volume"))
        .env("FILESYSTEM_ROOT", scratch.join("fs"))
        .env("DISABLE_EVENTS", "1")
        .env("SKIP_SSL_CERT_DOWNLOAD", "1");
    start(
        "LocalStack 4.6.0 (native)",
        command,
        port,
        Duration::from_secs(120),
    )
}

//! A moto server (moto 5.2.5's Step Functions interpreter, through `tools/moto/moto-sfn-server.py`)
//! for tests that compare our engine with it. `scripts/moto.sh install` (run by `scripts/test.sh`)
//! creates `target/moto-venv`; a missing venv or python3 is a test failure, never a skip.

use std::fs::File;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The repository root (the workspace directory).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workflow-runtime sits inside the workspace")
        .to_path_buf()
}

/// The venv's Python, or a failure explaining how to install it. `MOTO_VENV` overrides the
/// default `target/moto-venv`.
pub fn venv_python() -> PathBuf {
    let venv = std::env::var_os("MOTO_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target").join("moto-venv"));
    let python = if cfg!(windows) {
        venv.join("Scripts").join("python.exe")
    } else {
        venv.join("bin").join("python")
    };
    assert!(
        python.exists(),
        "moto is not installed: {} is missing. Run `bash scripts/setup.sh` (it needs python3 with venv; \
         `bash scripts/test.sh` does this before running the tests). The differential suite does not skip.",
        python.display()
    );
    python
}

/// A running moto server; killed when dropped (also when the test panics).
pub struct MotoServer {
    child: Child,
    pub port: u16,
    pub log: PathBuf,
}

impl MotoServer {
    /// Starts the launcher on a free port of 127.0.0.1 and waits until it answers HTTP.
    pub fn start() -> MotoServer {
        let python = venv_python();
        let root = repo_root();
        let port = free_port();
        let log = std::env::temp_dir().join(format!("moto-sfn-server-{port}.log"));
        let log_file = File::create(&log).expect("create the moto log file");
        let child = Command::new(&python)
            .arg(root.join("tools/moto/moto-sfn-server.py"))
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .current_dir(&root)
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().expect("clone the log handle"))
            .stderr(log_file)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", python.display()));
        let mut server = MotoServer { child, port, log };
        server.wait_until_ready(Duration::from_secs(60));
        server
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn wait_until_ready(&mut self, limit: Duration) {
        let deadline = Instant::now() + limit;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "the moto server exited ({status}) before answering:\n{}",
                    std::fs::read_to_string(&self.log).unwrap_or_default()
                );
            }
            if answers_http(self.port) {
                return;
            }
            if Instant::now() > deadline {
                panic!(
                    "the moto server did not answer on port {} within {limit:?}:\n{}",
                    self.port,
                    std::fs::read_to_string(&self.log).unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for MotoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("find a free port")
}

fn answers_http(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    if stream
        .write_all(b"GET /moto-api/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        .is_err()
    {
        return false;
    }
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.")
}

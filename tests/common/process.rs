//! Real processes and real TCP for the tests (and nothing else): the
//! `partnerdesk` binary as a child that is killed when dropped, `serve` on a
//! port the system picked, and HTTP requests to it (through `client.rs`).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

// ---------------------------------------------------------------------------
// Child processes

/// The binary, quiet; `FAULTS_LOG` (e.g. `sqlx=debug`) sets the children's
/// log filter when a failure needs explaining.
pub fn partnerdesk() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_partnerdesk"));
    c.env_remove("DATABASE_URL")
        .env_remove("PARTNERDESK_NOW")
        .env("PARTNERDESK_LOG", std::env::var("FAULTS_LOG").unwrap_or_else(|_| "warn".into()));
    c
}

/// Lines a child printed, kept to explain a failure.
pub type Lines = Arc<Mutex<Vec<String>>>;

/// Reads `stream` line by line into `lines` on a thread of its own, which
/// ends when the stream does.
pub fn drain(
    stream: impl std::io::Read + Send + 'static,
    lines: Lines,
    on_line: impl Fn(&str) + Send + 'static,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            on_line(&line);
            lines.lock().unwrap().push(line);
        }
    })
}

/// A child process that is killed (SIGKILL) when dropped, and whose output is
/// shown when the test fails.
pub struct Proc {
    pub name: String,
    pub child: Child,
    pub stdout: Lines,
    pub stderr: Lines,
    drains: Vec<std::thread::JoinHandle<()>>,
}

impl Proc {
    pub fn spawn(name: &str, mut command: Command, on_stdout: impl Fn(&str) + Send + 'static) -> Self {
        let mut child =
            command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap_or_else(|e| panic!("cannot start {name}: {e}"));
        let (stdout, stderr) = (Lines::default(), Lines::default());
        let drains = vec![
            drain(child.stdout.take().expect("stdout"), stdout.clone(), on_stdout),
            drain(child.stderr.take().expect("stderr"), stderr.clone(), |_| {}),
        ];
        Self { name: name.to_owned(), child, stdout, stderr, drains }
    }

    pub fn output(&self) -> String {
        format!(
            "--- {} stdout:\n{}\n--- {} stderr:\n{}",
            self.name,
            self.stdout.lock().unwrap().join("\n"),
            self.name,
            self.stderr.lock().unwrap().join("\n")
        )
    }

    /// Waits for the process to exit on its own.
    pub async fn wait(&mut self, limit: Duration) -> ExitStatus {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                // The pipes are closed: the drain threads end once they
                // have read the last lines.
                for drain in self.drains.drain(..) {
                    let _ = drain.join();
                }
                return status;
            }
            assert!(Instant::now() < deadline, "{} did not exit within {limit:?}\n{}", self.name, self.output());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    pub fn signal(&self, signal: &str) {
        let status = Command::new("kill").args([signal, &self.child.id().to_string()]).status().expect("kill");
        assert!(status.success(), "kill {signal} {} failed", self.child.id());
    }

    /// SIGSTOP, then waits until the kernel shows the process stopped: a
    /// signal is delivered asynchronously, and a process that runs on after
    /// `kill` returned could still take a lock the test is about to release.
    pub async fn freeze(&mut self) {
        self.signal("-STOP");
        let stat = format!("/proc/{}/stat", self.child.id());
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let text = std::fs::read_to_string(&stat).unwrap_or_default();
            // The state is the first field after the command name's ")".
            let state = text.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().next());
            if matches!(state, Some("T" | "t")) || !self.is_running() {
                return;
            }
            assert!(Instant::now() < deadline, "{} did not stop within 10 s (state {state:?})", self.name);
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }

    /// `kill -9`, and reaps the process.
    pub fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        if self.is_running() {
            self.kill9();
        }
        if std::thread::panicking() {
            eprintln!("{}", self.output());
        }
    }
}

/// A `partnerdesk serve` on a port the system picked.
pub struct Server {
    pub proc: Proc,
    pub port: u16,
}

impl Server {
    /// Starts `serve` with its clock at `now`.
    pub async fn start(url: &str, now: &str) -> Self {
        Self::start_with(url, now, &[]).await
    }

    /// Starts `serve` with its clock at `now` and more flags.
    pub async fn start_with(url: &str, now: &str, extra: &[&str]) -> Self {
        Self::start_in(None, url, now, extra).await
    }

    /// Starts `serve` in folder `dir` (the test's own by default).
    pub async fn start_in(dir: Option<&std::path::Path>, url: &str, now: &str, extra: &[&str]) -> Self {
        let mut command = partnerdesk();
        if let Some(dir) = dir {
            command.current_dir(dir);
        }
        command.args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--database-url",
            url,
            "--jobs-interval-secs",
            "0",
            "--rate-limit-points-per-minute",
            "1000000",
            "--now",
            now,
        ]);
        command.args(extra);
        let (tx, rx) = std::sync::mpsc::channel::<u16>();
        let tx = Mutex::new(tx);
        let proc = Proc::spawn("serve", command, move |line| {
            if let Some(rest) = line.split("listening on http://127.0.0.1:").nth(1) {
                if let Some(port) = rest.split('/').next().and_then(|p| p.parse().ok()) {
                    let _ = tx.lock().unwrap().send(port);
                }
            }
        });
        let mut server = Self { proc, port: 0 };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            match rx.try_recv() {
                Ok(port) => {
                    server.port = port;
                    return server;
                }
                Err(_) if Instant::now() < deadline && server.proc.is_running() => tokio::time::sleep(Duration::from_millis(20)).await,
                Err(_) => panic!("serve did not say it was listening within 30 s\n{}", server.proc.output()),
            }
        }
    }

    pub fn stdout(&self) -> String {
        self.proc.stdout.lock().unwrap().join("\n")
    }
}

// ---------------------------------------------------------------------------
// HTTP, through the one client (`client.rs`)

pub use super::client::Resp;

/// One request to the server on `port`, on its own connection, bounded to `limit`.
pub async fn http_within(
    limit: Duration,
    port: u16,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> std::io::Result<Resp> {
    let bearer = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = bearer.iter().map(|b| ("authorization", b.as_str())).collect();
    super::client::request(std::net::SocketAddr::from(([127, 0, 0, 1], port)), method, path, &headers, body, limit).await
}

pub async fn http(port: u16, method: &str, path: &str, token: Option<&str>, body: Option<&str>) -> std::io::Result<Resp> {
    http_within(Duration::from_secs(30), port, method, path, token, body).await
}

pub async fn gql(port: u16, query: &str, variables: Value, token: Option<&str>) -> std::io::Result<Resp> {
    let body = json!({ "query": query, "variables": variables }).to_string();
    http(port, "POST", "/graphql", token, Some(&body)).await
}

//! The peer to beat (issue 16): Apollo Server on Node, reading the same
//! volumes from SQLite with better-sqlite3, written as a competent Apollo user
//! would (`../shared/bench/peer-apollo/`). It is copied to a temporary folder,
//! installed with `npm ci` from `bench/peer-apollo/package-lock.json`, seeded
//! and started; then it and partnerdesk answer the peer's own dashboard
//! query (`dashboard.lua`), in alternating rounds, since only the ratio means
//! anything on a shared machine.

use std::io::BufRead as _;
use std::process::{Child, Stdio};

use super::*;

/// The peer's server process, stopped on drop.
pub(crate) struct Peer {
    child: Child,
    pub(crate) addr: SocketAddr,
    /// The dashboard request body both servers answer.
    pub(crate) body: String,
    _dir: tempfile::TempDir,
}

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Peer {
    /// The server's peak RSS (VmHWM), in MiB.
    pub(crate) fn peak_rss_mib(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
            .map_or(f64::NAN, |k| k / 1024.0)
    }
}

fn run(what: &str, command: &mut Command) -> Result<(), String> {
    let output = command.output().map_err(|e| format!("{what}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed: {}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr)))
    }
}

/// The JSON body of `dashboard.lua` (`wrk.body = '…'`).
fn dashboard_body(lua: &str) -> Option<String> {
    let line = lua.lines().find(|l| l.trim_start().starts_with("wrk.body"))?;
    let start = line.find('\'')? + 1;
    let end = line.rfind('\'')?;
    (end > start).then(|| line[start..end].to_owned())
}

/// Installs, seeds and starts the peer with `orgs` organizations; `Err` says why it cannot run here.
pub(crate) fn start_peer(orgs: usize) -> Result<Peer, String> {
    let source = std::env::var("BENCH_PEER_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/peer-apollo"));
    if !source.join("server.mjs").is_file() {
        return Err(format!("no peer at {} (set BENCH_PEER_DIR)", source.display()));
    }
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    for name in ["package.json", "server.mjs", "seed.mjs", "dashboard.lua"] {
        std::fs::copy(source.join(name), dir.path().join(name)).map_err(|e| format!("copy {name}: {e}"))?;
    }
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/peer-apollo/package-lock.json");
    std::fs::copy(&lock, dir.path().join("package-lock.json")).map_err(|e| format!("copy {}: {e}", lock.display()))?;
    let body = dashboard_body(&std::fs::read_to_string(dir.path().join("dashboard.lua")).map_err(|e| e.to_string())?)
        .ok_or("dashboard.lua has no wrk.body")?;
    println!("Installing the peer's npm packages (npm ci; better-sqlite3 may compile)...");
    run("npm ci", Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(dir.path()))?;
    println!("Seeding the peer with {orgs} organizations...");
    run("node seed.mjs", Command::new("node").args(["seed.mjs", "peer.db", &orgs.to_string()]).current_dir(dir.path()))?;
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
    let mut child = Command::new("node")
        .args(["server.mjs", "peer.db", &port.to_string()])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("node server.mjs: {e}"))?;
    // It prints "peer ready at …" once it listens.
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().expect("piped")).read_line(&mut line).map_err(|e| e.to_string())?;
    if !line.contains("ready") {
        let _ = child.kill();
        return Err(format!("the peer did not start: {line:?}"));
    }
    Ok(Peer { child, addr: SocketAddr::from(([127, 0, 0, 1], port)), body, _dir: dir })
}

/// Both servers under the same load, in `rounds` alternating rounds: the
/// peer with its own token, partnerdesk (`product`) with the bench admin's.
pub(crate) fn compare(gen: &LoadGen, cfg: &Config, peer: &Peer, product: SocketAddr, token: &str, rounds: usize) {
    let mut peer_runs = Vec::new();
    let mut ours = Vec::new();
    for round in 1..=rounds {
        println!("  round {round}: the peer...");
        peer_runs.push(Load { gen, cfg, connections: cfg.connections, addr: peer.addr, token: "token-1", body: &peer.body }.run());
        println!("  round {round}: partnerdesk...");
        ours.push(Load { gen, cfg, connections: cfg.connections, addr: product, token, body: &peer.body }.run());
    }
    let join = |runs: &[LoadResult], f: fn(&LoadResult) -> f64, digits: usize| {
        runs.iter().map(|r| format!("{:.*}", digits, f(r))).collect::<Vec<_>>().join(" / ")
    };
    let (peak, _) = rss_mib();
    println!("{:-<100}", "");
    println!("The peer's dashboard query, {} connections, {} s per run, {rounds} alternating rounds:", cfg.connections, cfg.seconds);
    println!("| | req/s | p50 ms | p99 ms | failures | peak RSS |");
    println!("| --- | --- | --- | --- | --- | --- |");
    let failures = |runs: &[LoadResult]| runs.iter().map(|r| r.failures).sum::<u64>();
    println!(
        "| Apollo Server 5 + better-sqlite3 | {} | {} | {} | {} | {:.0} MiB |",
        join(&peer_runs, |r| r.rps, 0),
        join(&peer_runs, |r| r.p50_ms, 1),
        join(&peer_runs, |r| r.p99_ms, 1),
        failures(&peer_runs),
        peer.peak_rss_mib()
    );
    println!(
        "| partnerdesk (SQLite) | {} | {} | {} | {} | {:.0} MiB (the bench process) |",
        join(&ours, |r| r.rps, 0),
        join(&ours, |r| r.p50_ms, 1),
        join(&ours, |r| r.p99_ms, 1),
        failures(&ours),
        peak
    );
    let sum = |runs: &[LoadResult]| runs.iter().map(|r| r.rps).sum::<f64>();
    let ratio = sum(&ours) / sum(&peer_runs);
    let worst_p99 = ours.iter().map(|r| r.p99_ms).fold(0.0, f64::max);
    println!("{:<46} {:>9.2}×   goal ≥ 10×      {}", "throughput partnerdesk / peer", ratio, verdict(ratio >= 10.0));
    println!("{:<46} {:>9.1} ms  goal < 10 ms    {}", "partnerdesk p99 (worst round)", worst_p99, verdict(worst_p99 < 10.0));
    println!("{:<46} {:>9.0} MiB goal < 100 MiB  {}", "partnerdesk peak RSS (bench process)", peak, verdict(peak < 100.0));
}

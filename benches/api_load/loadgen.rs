//! The API load benchmark: the load generator (oha or wrk) and one measured
//! run of it.

use super::*;

/// The oha that is installed when neither oha nor wrk is found (bench/api.sh pins the same).
const OHA_VERSION: &str = "1.16.0";

#[derive(Debug, Clone)]
pub(crate) enum LoadGen {
    Oha(PathBuf),
    Wrk(PathBuf),
}

impl LoadGen {
    pub(crate) fn describe(&self) -> String {
        let (name, path) = match self {
            LoadGen::Oha(p) => ("oha", p),
            LoadGen::Wrk(p) => ("wrk", p),
        };
        let version = Command::new(path)
            .arg(if matches!(self, LoadGen::Oha(_)) { "--version" } else { "-v" })
            .output()
            .map(|o| format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr)))
            .unwrap_or_default();
        let version = version.lines().next().unwrap_or(name).trim().to_owned();
        if version.is_empty() {
            name.to_owned()
        } else {
            version
        }
    }
}

pub(crate) fn which(name: &str) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect()).unwrap_or_default();
    if let Some(home) =
        std::env::var_os("CARGO_HOME").map(PathBuf::from).or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
    {
        dirs.push(home.join("bin"));
    }
    dirs.into_iter().map(|d| d.join(name)).find(|p| p.is_file())
}

/// `BENCH_LOADGEN`, or oha if installed, or wrk, or oha installed now.
pub(crate) fn find_loadgen() -> LoadGen {
    let wanted = std::env::var("BENCH_LOADGEN").unwrap_or_default();
    let oha = || which("oha").map(LoadGen::Oha);
    let wrk = || which("wrk").map(LoadGen::Wrk);
    let found = match wanted.as_str() {
        "oha" => oha(),
        "wrk" => wrk(),
        _ => oha().or_else(wrk),
    };
    if let Some(found) = found {
        return found;
    }
    if wanted == "wrk" {
        panic!("wrk is not installed: apt-get install -y wrk");
    }
    println!("NOTE: no load generator found; installing oha with `cargo install oha --locked --version {OHA_VERSION}` (a few minutes the first time)...");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["install", "oha", "--locked", "--version", OHA_VERSION])
        .status()
        .expect("run cargo install");
    assert!(status.success(), "cargo install oha failed; install oha or wrk (apt-get install -y wrk) and run again");
    oha().expect("oha after cargo install")
}

/// What one load run measured.
#[derive(Debug, Clone, Default)]
pub(crate) struct LoadResult {
    pub(crate) requests: u64,
    pub(crate) rps: f64,
    pub(crate) p50_ms: f64,
    pub(crate) p99_ms: f64,
    /// Responses other than 200, and transport errors.
    pub(crate) failures: u64,
}

pub(crate) struct Load<'a> {
    pub(crate) gen: &'a LoadGen,
    pub(crate) cfg: &'a Config,
    pub(crate) connections: u32,
    pub(crate) addr: SocketAddr,
    pub(crate) token: &'a str,
    pub(crate) body: &'a str,
}

impl Load<'_> {
    /// A warm-up run (not measured), then the measured run.
    pub(crate) fn run(&self) -> LoadResult {
        if self.cfg.warmup_seconds > 0 {
            self.once(self.cfg.warmup_seconds);
        }
        self.once(self.cfg.seconds)
    }

    pub(crate) fn once(&self, seconds: u64) -> LoadResult {
        let url = format!("http://{}/graphql", self.addr);
        match self.gen {
            LoadGen::Oha(path) => self.oha(path, &url, seconds),
            LoadGen::Wrk(path) => self.wrk(path, &url, seconds),
        }
    }

    pub(crate) fn oha(&self, path: &Path, url: &str, seconds: u64) -> LoadResult {
        let output = Command::new(path)
            .args(["--worker-threads", &self.cfg.loadgen_threads.to_string()])
            .args(["--no-tui", "--output-format", "json", "-z", &format!("{seconds}s"), "-c", &self.connections.to_string()])
            .args(["-m", "POST", "-H", "Content-Type: application/json", "-H", &format!("Authorization: Bearer {}", self.token)])
            .args(["-d", self.body, url])
            .output()
            .expect("run oha");
        assert!(output.status.success(), "oha failed: {}", String::from_utf8_lossy(&output.stderr));
        let report: Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("oha's JSON output ({e}): {}", String::from_utf8_lossy(&output.stdout)));
        let num = |pointer: &str| report.pointer(pointer).and_then(Value::as_f64).unwrap_or(f64::NAN);
        let codes = report.pointer("/statusCodeDistribution").and_then(Value::as_object).cloned().unwrap_or_default();
        let ok = codes.get("200").and_then(Value::as_u64).unwrap_or(0);
        let other: u64 = codes.iter().filter(|(code, _)| *code != "200").filter_map(|(_, n)| n.as_u64()).sum();
        // Requests cut off by the end of the run are not failures.
        let errors: u64 = report
            .pointer("/errorDistribution")
            .and_then(Value::as_object)
            .map(|m| m.iter().filter(|(what, _)| !what.contains("deadline")).filter_map(|(_, n)| n.as_u64()).sum())
            .unwrap_or(0);
        LoadResult {
            requests: ok + other,
            rps: num("/summary/requestsPerSec"),
            p50_ms: num("/latencyPercentiles/p50") * 1000.0,
            p99_ms: num("/latencyPercentiles/p99") * 1000.0,
            failures: other + errors,
        }
    }

    pub(crate) fn wrk(&self, path: &Path, url: &str, seconds: u64) -> LoadResult {
        let dir = tempfile::tempdir().expect("temp dir");
        let body_file = dir.path().join("body.json");
        std::fs::write(&body_file, self.body).expect("write the request body");
        let script = dir.path().join("post.lua");
        let lua = format!(
            r#"local f = io.open("{}", "rb")
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {}"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH_RESULT %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
"#,
            body_file.display(),
            self.token
        );
        std::fs::write(&script, lua).expect("write the wrk script");
        let threads = self.cfg.loadgen_threads.min(self.connections as usize).max(1);
        let output = Command::new(path)
            .args(["-t", &threads.to_string(), "-c", &self.connections.to_string(), "-d", &format!("{seconds}s"), "--latency"])
            .arg("-s")
            .arg(&script)
            .arg(url)
            .output()
            .expect("run wrk");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let line = stdout.lines().find_map(|l| l.strip_prefix("BENCH_RESULT ")).unwrap_or_else(|| panic!("wrk output: {stdout}"));
        let n: Vec<f64> = line.split_whitespace().map(|x| x.parse().unwrap_or(f64::NAN)).collect();
        LoadResult {
            requests: n[0] as u64,
            rps: n[0] / (n[1] / 1e6),
            p50_ms: n[2] / 1000.0,
            p99_ms: n[3] / 1000.0,
            failures: (n[4] + n[5]) as u64,
        }
    }
}

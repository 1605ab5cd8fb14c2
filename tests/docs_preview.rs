//! `partnerdesk docs serve`, the live preview: the real binary on a port the
//! system picked, a page read over HTTP, the reload stream listened to, a
//! page edited on disk: the stream says "reload", the page has changed, and
//! only that page was rendered again. A broken edit shows its error in the
//! browser until it is fixed.

mod common;
mod docs_fixture;

use std::net::SocketAddr;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::client;
use common::process::{partnerdesk, Proc};
use docs_fixture::*;

/// How long the preview may take to notice a change and build (a bound on waiting, not a pause).
const LIMIT: Duration = Duration::from_secs(30);

/// The preview of `dir`, its address, and its stdout lines as they come.
fn start(dir: &std::path::Path) -> (Proc, SocketAddr, mpsc::Receiver<String>) {
    let mut command = partnerdesk();
    command
        .args(["docs", "serve", "--listen", "127.0.0.1:0", "--content"])
        .arg(dir.join("content"))
        .arg("--locales")
        .arg(dir.join("locales"));
    let (lines, receive) = mpsc::channel();
    let proc = Proc::spawn("docs serve", command, move |line| {
        let _ = lines.send(line.to_owned());
    });
    let serving = wait_for(&receive, "Serving the help site at http://", &proc);
    let addr = serving.split("http://").nth(1).and_then(|rest| rest.split('/').next()).expect("an address").parse().expect("host:port");
    (proc, addr, receive)
}

/// The next stdout line containing `needle`.
fn wait_for(lines: &mpsc::Receiver<String>, needle: &str, proc: &Proc) -> String {
    loop {
        match lines.recv_timeout(LIMIT) {
            Ok(line) if line.contains(needle) => return line,
            Ok(_) => {}
            Err(_) => panic!("no line with {needle:?} within {LIMIT:?}\n{}", proc.output()),
        }
    }
}

async fn get(addr: SocketAddr, path: &str) -> client::Resp {
    client::request(addr, "GET", path, &[], None, LIMIT).await.expect("the preview answers")
}

/// The next event named on the reload stream (its `event:` line), within `LIMIT`.
async fn next_event(events: &mut client::EventStream, proc: &Proc) -> String {
    let deadline = Instant::now() + LIMIT;
    loop {
        match events.next_line(deadline.saturating_duration_since(Instant::now())).await {
            Ok(Some(line)) if line.starts_with("event:") => return line,
            Ok(Some(_)) => {}
            Ok(None) => panic!("the reload stream ended\n{}", proc.output()),
            Err(e) => panic!("no event on the reload stream: {e}\n{}", proc.output()),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_reloads_the_open_page_and_renders_only_that_page_again() {
    let dir = fixture();
    let (proc, addr, lines) = start(dir.path());
    let page = get(addr, "/en/start/").await;
    assert_eq!(page.status, 200, "{}", proc.output());
    assert!(page.body.contains("new EventSource(\"/__livereload\")"), "the page listens for reloads");
    assert!(!page.body.contains("A sentence written just now."));

    let mut events = client::event_stream(addr, "/__livereload", LIMIT).await.expect("the stream answers");
    assert_eq!(events.status, 200);
    let text = read(dir.path(), "content/en/start.md");
    write(dir.path(), "content/en/start.md", &format!("{text}\nA sentence written just now.\n"));

    assert_eq!(next_event(&mut events, &proc).await, "event: reload");
    let built = wait_for(&lines, "Built ", &proc);
    // One English page changed: the French pages keep their bodies, only a banner moves.
    assert!(built.contains("(1 rendered again"), "{built}");
    let page = get(addr, "/en/start/").await;
    assert!(page.body.contains("A sentence written just now."), "{}", page.body);

    // A broken page: the browser shows the error, then the page again once fixed.
    let text = read(dir.path(), "content/en/start.md");
    write(dir.path(), "content/en/start.md", &text.replacen("title = ", "titel = ", 1));
    assert_eq!(next_event(&mut events, &proc).await, "event: reload");
    let broken = get(addr, "/en/start/").await;
    assert_eq!(broken.status, 503, "{}", broken.body);
    assert!(broken.body.contains("start.md") && broken.body.contains("new EventSource"), "{}", broken.body);
    write(dir.path(), "content/en/start.md", &text);
    assert_eq!(next_event(&mut events, &proc).await, "event: reload");
    assert_eq!(get(addr, "/en/start/").await.status, 200);
    drop(proc);
}

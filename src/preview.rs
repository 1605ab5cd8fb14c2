//! `partnerdesk docs serve`: the help site as an author sees it while
//! writing. The site is built in memory, served over HTTP, and built again
//! when a file of `--content` or `--locales` changes (`notify` watches them);
//! a [`Builder`] keeps what did not change, so that an edit renders one page
//! again. Every HTML page gets a small script that listens on
//! `/__livereload` (server-sent events) and reloads the page after each
//! build. A build that fails shows its errors in the browser instead, and
//! reloads when they are fixed.

use std::net::SocketAddr;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use anyhow::Context;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures::Stream;
use notify::{RecursiveMode, Watcher};
use tokio::sync::watch;

use crate::docs::{Builder, DocError, DocsConfig, Site};

/// Where the reload events are served.
pub const LIVE_RELOAD_PATH: &str = "/__livereload";

/// The script every served HTML page carries: reload after the next build.
const LIVE_RELOAD_SCRIPT: &str =
    r#"<script>new EventSource("/__livereload").addEventListener("reload", () => location.reload());</script>"#;

/// How long to wait for more changes after one, so that an editor saving
/// several files (or writing one in steps) gives one build.
const SETTLE: Duration = Duration::from_millis(120);

/// The last build: the site, or its errors.
enum Latest {
    Built(Site),
    Failed(Vec<DocError>),
}

#[derive(Clone)]
struct Preview {
    latest: Arc<RwLock<Latest>>,
    /// The number of builds so far; each new value reloads the open pages.
    builds: watch::Receiver<u64>,
    base: String,
}

/// Builds once, prints where the site is served, then serves it and builds
/// again on every change until the process is stopped.
pub async fn serve(config: DocsConfig, listen: SocketAddr) -> anyhow::Result<()> {
    let base = if config.base_url.ends_with('/') { config.base_url.clone() } else { format!("{}/", config.base_url) };
    let watched: Vec<std::path::PathBuf> = [&config.content, &config.locales]
        .into_iter()
        .filter_map(|tree| match tree {
            crate::sources::Tree::Folder(path) => Some(path.clone()),
            crate::sources::Tree::Embedded { .. } => None,
        })
        .collect();
    let mut builder = Builder::new(config);
    let first = build(&mut builder);
    let latest = Arc::new(RwLock::new(first));
    let (tell, builds) = watch::channel(0u64);

    // Changes arrive on a channel from notify's thread; builds run on a thread of their own.
    let (changed, changes) = std::sync::mpsc::channel::<()>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|e| !e.kind.is_access()) {
            let _ = changed.send(());
        }
    })
    .context("cannot watch the sources")?;
    for path in &watched {
        watcher.watch(path, RecursiveMode::Recursive).with_context(|| format!("cannot watch {}", path.display()))?;
    }
    let shared = latest.clone();
    std::thread::spawn(move || {
        let _watcher = watcher;
        let mut count = 0u64;
        while changes.recv().is_ok() {
            // Take every change that follows within SETTLE as part of this one.
            while changes.recv_timeout(SETTLE).is_ok() {}
            let next = build(&mut builder);
            if let Ok(mut slot) = shared.write() {
                *slot = next;
            }
            count += 1;
            if tell.send(count).is_err() {
                break;
            }
        }
    });

    let state = Preview { latest, builds, base: base.clone() };
    let app = Router::new().route(LIVE_RELOAD_PATH, get(live_reload)).route("/", get(page)).route("/{*path}", get(page)).with_state(state);
    let listener = tokio::net::TcpListener::bind(listen).await.with_context(|| format!("cannot listen on {listen}"))?;
    let local = listener.local_addr()?;
    println!("Serving the help site at http://{local}{base} (rebuilt when {} change; Ctrl-C stops)", join(&watched));
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

fn join(paths: &[std::path::PathBuf]) -> String {
    paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" and ")
}

/// One build, reported on the terminal.
fn build(builder: &mut Builder) -> Latest {
    let started = Instant::now();
    match builder.build() {
        Ok(report) => {
            for warning in &report.warnings {
                eprintln!("warning: {warning}");
            }
            println!(
                "Built {} pages in {} ms ({} rendered again, the others unchanged), {} warning(s)",
                report.pages,
                started.elapsed().as_millis(),
                report.rendered_again,
                report.warnings.len()
            );
            Latest::Built(report.site)
        }
        Err(errors) => {
            for error in &errors {
                eprintln!("{error}");
            }
            println!("The help site has {} error(s); the browser shows them until they are fixed", errors.len());
            Latest::Failed(errors)
        }
    }
}

/// `GET /__livereload`: an event named `reload` after each build.
async fn live_reload(State(preview): State<Preview>) -> Sse<impl Stream<Item = Result<Event, std::convert::Infallible>>> {
    let mut builds = preview.builds.clone();
    builds.mark_unchanged();
    let stream = futures::stream::unfold(builds, |mut builds| async move {
        builds.changed().await.ok()?;
        let count = *builds.borrow_and_update();
        Some((Ok(Event::default().event("reload").data(count.to_string())), builds))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// A page of the site, with the live-reload script in HTML; the errors of a
/// failed build in place of any page.
async fn page(State(preview): State<Preview>, path: Option<Path<String>>) -> Response {
    let path = format!("/{}", path.map(|Path(p)| p).unwrap_or_default());
    let Some(inside) = path.strip_prefix(&preview.base).or_else(|| (path == preview.base.trim_end_matches('/')).then_some("")) else {
        return (StatusCode::NOT_FOUND, "not under the site's base URL").into_response();
    };
    let Ok(latest) = preview.latest.read() else {
        return (StatusCode::SERVICE_UNAVAILABLE, "the preview is rebuilding").into_response();
    };
    match &*latest {
        Latest::Built(site) => match site.resolve(inside) {
            Some((content_type, bytes)) => {
                let body = if content_type.starts_with("text/html") { with_reload(bytes) } else { bytes.to_vec() };
                ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "no-store")], body).into_response()
            }
            None => {
                let body = site.get("404.html").map(|(_, b)| with_reload(b)).unwrap_or_else(|| b"Not found".to_vec());
                (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
            }
        },
        Latest::Failed(errors) => {
            let page = maud::html! {
                (maud::DOCTYPE)
                html lang="en" {
                    head { meta charset="utf-8"; title { "The help site has errors" } }
                    body {
                        main {
                            h1 { "The help site has " (errors.len()) " error(s)" }
                            p { "Fix them and save: this page reloads by itself." }
                            ul { @for e in errors { li { code { (e.to_string()) } } } }
                        }
                    }
                }
            };
            let body = with_reload(page.into_string().as_bytes());
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-store")],
                body,
            )
                .into_response()
        }
    }
}

/// `html` with the live-reload script before `</body>` (or at the end).
fn with_reload(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{LIVE_RELOAD_SCRIPT}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{LIVE_RELOAD_SCRIPT}").into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let out = String::from_utf8(with_reload(b"<html><body><p>x</p></body></html>")).unwrap();
        assert!(out.ends_with(&format!("<p>x</p>{LIVE_RELOAD_SCRIPT}</body></html>")), "{out}");
        assert!(String::from_utf8(with_reload(b"bare")).unwrap().ends_with(LIVE_RELOAD_SCRIPT));
    }
}

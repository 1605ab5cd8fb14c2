//! The help site under `/help/`, built in memory when the server starts.
//! Broken sources do not stop the server: `/help/` then explains that the
//! site could not be built, and the log lists every error.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::ApiState;
use crate::docs::{DocsConfig, Site};

/// The help site as this server holds it.
pub enum HelpSite {
    Built(Site),
    /// The sources had errors; the count is shown, the details are logged.
    Broken {
        errors: usize,
    },
    /// This server was started without a help site (tests, embedded use).
    Absent,
}

impl HelpSite {
    /// Builds the site for `/help/` from `config`'s sources, logging problems.
    pub fn build(mut config: DocsConfig) -> Self {
        config.base_url = "/help/".to_owned();
        let started = std::time::Instant::now();
        match crate::docs::build(&config) {
            Ok(report) => {
                for warning in &report.warnings {
                    tracing::warn!(%warning, "help site");
                }
                tracing::info!(pages = report.pages, elapsed_ms = started.elapsed().as_millis() as u64, "help site built");
                Self::Built(report.site)
            }
            Err(errors) => {
                for error in &errors {
                    tracing::error!(%error, "help site");
                }
                tracing::error!(errors = errors.len(), "the help site could not be built; /help/ shows an error page");
                Self::Broken { errors: errors.len() }
            }
        }
    }
}

/// `GET /help` → `/help/`.
pub async fn redirect() -> Redirect {
    Redirect::permanent("/help/")
}

/// `GET /help/` and everything below it.
pub async fn page(State(state): State<ApiState>, path: Option<Path<String>>) -> Response {
    let path = path.map(|Path(p)| p).unwrap_or_default();
    match state.help.as_ref() {
        HelpSite::Built(site) => match site.resolve(&path) {
            Some((content_type, bytes)) => ([(header::CONTENT_TYPE, content_type)], bytes.to_vec()).into_response(),
            None => {
                let body = site.get("404.html").map(|(_, b)| b.to_vec()).unwrap_or_else(|| b"Not found".to_vec());
                (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
            }
        },
        HelpSite::Broken { errors } => {
            let body = format!(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Help unavailable</title></head><body>\
                 <h1>The help site is unavailable</h1><p>Its sources have {errors} error(s); the server log lists each one with its file and line. \
                 Run <code>partnerdesk docs check</code> to see them.</p></body></html>"
            );
            (StatusCode::SERVICE_UNAVAILABLE, Html(body)).into_response()
        }
        HelpSite::Absent => (StatusCode::NOT_FOUND, "This server has no help site.").into_response(),
    }
}

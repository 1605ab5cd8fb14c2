//! What a resolver knows about its request, and how app errors become
//! GraphQL errors (top-level) or userErrors (in mutation payloads).

use crate::api::codes;
use std::sync::Arc;

use async_graphql::{Context, ErrorExtensions};
use tokio::sync::OnceCell;

use super::schema::types::UserError;
use crate::app::access::{Granted, Guarded};
use crate::app::{App, AppError, Viewer};
use crate::domain::ErrorCode;
use crate::i18n::Lang;

/// Per-request data, added to each GraphQL request by the HTTP layer.
pub struct RequestContext {
    pub lang: Lang,
    pub request_id: String,
    /// The client's address, for sign-in throttling.
    pub address: String,
    token: Option<String>,
    viewer: OnceCell<Option<Arc<Viewer>>>,
}

impl RequestContext {
    pub fn new(lang: Lang, request_id: String, address: String, token: Option<String>) -> Self {
        Self { lang, request_id, address, token, viewer: OnceCell::new() }
    }

    /// The signed-in viewer, looked up once per request and only when asked for.
    pub async fn viewer(&self, app: &App) -> Result<&Arc<Viewer>, AppError> {
        let Some(token) = &self.token else { return Err(AppError::Unauthenticated { token_invalid: false }) };
        let viewer = self
            .viewer
            .get_or_try_init(|| async {
                match app.authenticate(token).await {
                    Ok(v) => Ok(Some(Arc::new(v))),
                    Err(AppError::Unauthenticated { .. }) => Ok(None),
                    Err(e) => Err(e),
                }
            })
            .await?;
        viewer.as_ref().ok_or(AppError::Unauthenticated { token_invalid: true })
    }
}

/// Shortcuts for resolvers.
pub(crate) trait ContextExt {
    fn app(&self) -> &Arc<App>;
    fn request(&self) -> &RequestContext;
    /// The viewer, or the top-level `UNAUTHENTICATED` error.
    async fn viewer(&self) -> async_graphql::Result<Arc<Viewer>>;
    /// Turns an app error into a top-level GraphQL error.
    fn error(&self, err: AppError) -> async_graphql::Error;
    /// Turns an app error into userErrors when it is a rule error, or into a
    /// top-level error otherwise.
    fn user_errors(&self, err: AppError) -> async_graphql::Result<Vec<UserError>>;
    /// The whole of a granted object, or `FORBIDDEN` on this field when the
    /// grant shows only its profile.
    fn full<'g, T>(&self, granted: &'g Granted<T>) -> async_graphql::Result<&'g T>;
    /// Grants `row` to the viewer, or the error on this field.
    fn grant<T: Guarded>(&self, viewer: &Arc<Viewer>, row: T) -> async_graphql::Result<Granted<T>>;
}

impl ContextExt for Context<'_> {
    fn app(&self) -> &Arc<App> {
        self.data_unchecked::<Arc<App>>()
    }

    fn request(&self) -> &RequestContext {
        self.data_unchecked::<RequestContext>()
    }

    async fn viewer(&self) -> async_graphql::Result<Arc<Viewer>> {
        match self.request().viewer(self.app()).await {
            Ok(v) => Ok(v.clone()),
            Err(e) => Err(self.error(e)),
        }
    }

    fn error(&self, err: AppError) -> async_graphql::Error {
        let (app, req) = (self.app(), self.request());
        to_graphql_error(app, req, err)
    }

    fn full<'g, T>(&self, granted: &'g Granted<T>) -> async_graphql::Result<&'g T> {
        granted.full().map_err(|e| self.error(e))
    }

    fn grant<T: Guarded>(&self, viewer: &Arc<Viewer>, row: T) -> async_graphql::Result<Granted<T>> {
        viewer.grant(row).map_err(|e| self.error(e))
    }

    fn user_errors(&self, err: AppError) -> async_graphql::Result<Vec<UserError>> {
        match err {
            AppError::Rejected(errors) => {
                let locales = &self.app().locales;
                let lang = self.request().lang;
                Ok(errors
                    .into_iter()
                    .map(|e| UserError {
                        field: e.field.map(|f| vec!["input".to_owned(), f.to_owned()]),
                        code: e.error.code.into(),
                        message: locales.text(lang, e.error.message_id()),
                    })
                    .collect())
            }
            other => Err(self.error(other)),
        }
    }
}

/// A top-level error with `extensions.code`, in the request's language.
pub(crate) fn to_graphql_error(app: &App, req: &RequestContext, err: AppError) -> async_graphql::Error {
    let text = |id: &str| app.locales.text(req.lang, id);
    let coded = |message: String, code: &'static str| async_graphql::Error::new(message).extend_with(move |_, e| e.set("code", code));
    match err {
        AppError::Unauthenticated { token_invalid } => {
            coded(text(if token_invalid { "error-token-invalid" } else { "error-unauthenticated" }), codes::UNAUTHENTICATED)
        }
        AppError::Forbidden => coded(text("error-forbidden"), codes::FORBIDDEN),
        AppError::Rejected(errors) => {
            let first = errors.first().map(|e| e.error);
            let message = first.map(|e| text(e.message_id())).unwrap_or_else(|| text("error-bad-request"));
            let reason = first.map(|e| super::schema::types::code_name(e.code));
            let code =
                if first.is_some_and(|e| e.code == ErrorCode::PasswordChangeRequired) { codes::FORBIDDEN } else { codes::BAD_REQUEST };
            coded(message, code).extend_with(move |_, e| {
                if let Some(reason) = reason {
                    e.set("reason", reason);
                }
            })
        }
        AppError::RateLimited { retry_after_secs } => {
            let message = app.locales.format(req.lang, "error-rate-limited", &[("seconds", retry_after_secs.into())]);
            coded(message, codes::RATE_LIMITED).extend_with(move |_, e| e.set("retryAfter", retry_after_secs))
        }
        AppError::Internal(detail) => {
            tracing::error!(request_id = %req.request_id, error = %detail, "internal error");
            let id = req.request_id.clone();
            let message = app.locales.format(req.lang, "error-internal", &[("requestId", id.clone().into())]);
            coded(message, codes::INTERNAL).extend_with(move |_, e| e.set("requestId", id.clone()))
        }
    }
}

//! GraphiQL, served by the binary itself: the page, and the GraphiQL, React
//! and ReactDOM builds vendored in `assets/graphiql/vendor/` (refreshed from
//! the npm registry by `assets/graphiql/update.sh`, licenses beside them).
//! The page makes no request off the machine.
//!
//! The page opens with the document and variables of its URL fragment
//! (`/graphql#query=…&variables=…`), which is how the help site's "Open in
//! GraphiQL" links fill it in.

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};

/// A vendored file and its media type.
struct Asset {
    name: &'static str,
    media_type: &'static str,
    bytes: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "graphiql.min.js",
        media_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../assets/graphiql/vendor/graphiql.min.js"),
    },
    Asset {
        name: "graphiql.min.css",
        media_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../../assets/graphiql/vendor/graphiql.min.css"),
    },
    Asset {
        name: "react.production.min.js",
        media_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../assets/graphiql/vendor/react.production.min.js"),
    },
    Asset {
        name: "react-dom.production.min.js",
        media_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../assets/graphiql/vendor/react-dom.production.min.js"),
    },
    Asset { name: "playground.js", media_type: "text/javascript; charset=utf-8", bytes: PLAYGROUND_JS.as_bytes() },
];

/// `GET /graphql/assets/{name}`.
pub async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|a| a.name == name) {
        Some(asset) => {
            ([(header::CONTENT_TYPE, asset.media_type), (header::CACHE_CONTROL, "public, max-age=86400")], asset.bytes).into_response()
        }
        None => (StatusCode::NOT_FOUND, "No such asset.").into_response(),
    }
}

/// The playground page for a browser.
pub fn page() -> Html<&'static str> {
    Html(PAGE)
}

const PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>partnerdesk GraphiQL</title>
<link rel="stylesheet" href="/graphql/assets/graphiql.min.css">
<style>
  html, body { height: 100%; margin: 0; }
  body { display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
  #hint { margin: 0; padding: 6px 12px; font-size: 14px; background: #eef3f8; color: #1b2a3a; }
  #graphiql { flex: 1; min-height: 0; }
</style>
</head>
<body>
<p id="hint">Sign in with the <code>signIn</code> mutation, then paste its token once in the <strong>Headers</strong> tab below as <code>{"Authorization": "Bearer …"}</code>; GraphiQL keeps it for this browser.</p>
<div id="graphiql">Loading…</div>
<script src="/graphql/assets/react.production.min.js"></script>
<script src="/graphql/assets/react-dom.production.min.js"></script>
<script src="/graphql/assets/graphiql.min.js"></script>
<script src="/graphql/assets/playground.js"></script>
</body>
</html>
"#;

const PLAYGROUND_JS: &str = r##"(function () {
  var params = new URLSearchParams(window.location.hash.slice(1));
  var fetcher = GraphiQL.createFetcher({ url: window.location.origin + "/graphql" });
  var props = {
    fetcher: fetcher,
    defaultHeaders: '{\n  "Authorization": "Bearer paste-your-token-here"\n}',
    defaultQuery: "# Sign in, then paste the token in the Headers tab.\nmutation SignIn {\n  signIn(input: { email: \"admin@harborlane.example\", password: \"tidewater-lantern-42\" }) {\n    token\n    userErrors { code message }\n  }\n}\n",
    shouldPersistHeaders: true,
    defaultEditorToolsVisibility: "headers"
  };
  // A link from the help site: the document (and variables) open in a tab.
  if (params.get("query")) {
    props.query = params.get("query");
    props.variables = params.get("variables") || undefined;
  }
  ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(GraphiQL, props));
})();
"##;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_loads_only_what_the_binary_serves() {
        for src in PAGE.split("src=\"").skip(1).chain(PAGE.split("href=\"").skip(1)) {
            let url = src.split('"').next().unwrap_or_default();
            let name = url.strip_prefix("/graphql/assets/").unwrap_or_else(|| panic!("{url} is not one of ours"));
            assert!(ASSETS.iter().any(|a| a.name == name), "{name} is not embedded");
        }
        assert!(!PAGE.contains("://") && !PLAYGROUND_JS.contains("://"), "no address off the machine");
    }
}

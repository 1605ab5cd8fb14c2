//! The binary on its own: started from an empty folder, as an installed
//! binary would be, `serve --demo` gives the whole product: the API, GraphiQL
//! with its scripts, and the help site in both languages.

mod common;

use common::process::{gql, http, Server};
use common::START;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_from_an_empty_folder_gives_api_graphiql_and_help_site() {
    let empty = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", empty.path().join("data/partnerdesk.db").display());
    let server = Server::start_in(Some(empty.path()), &url, START, &["--demo"]).await;
    let port = server.port;

    let offers = gql(port, "{ program { offers { code } } }", json!({}), None).await.unwrap();
    assert_eq!(offers.status, 200, "{}", offers.body);
    assert!(offers.body.contains("ACTION_PACK"));

    for (path, expect) in [
        ("/help/en/", "<html lang=\"en\""),
        ("/help/fr/", "<html lang=\"fr\""),
        ("/help/fr/reference/", "Mutation"),
        ("/graphql/assets/graphiql.min.js", "GraphiQL"),
        ("/graphql/assets/react.production.min.js", "React"),
    ] {
        let resp = http(port, "GET", path, None, None).await.unwrap();
        assert_eq!(resp.status, 200, "{path}: {}", &resp.body[..resp.body.len().min(300)]);
        assert!(resp.body.contains(expect), "{path} lacks {expect}");
    }
    // The terms every buyer accepts can be read, in each language, at the URL
    // the API gives in that language.
    for (lang, title) in [("en", "Action Pack terms of subscription"), ("fr", "Conditions d’abonnement à Action Pack")] {
        let query = json!({ "query": "{ program { offers { terms { version url } } } }" }).to_string();
        let answer = common::client::request(
            std::net::SocketAddr::from(([127, 0, 0, 1], port)),
            "POST",
            "/graphql",
            &[("accept-language", lang)],
            Some(&query),
            std::time::Duration::from_secs(30),
        )
        .await
        .unwrap()
        .json();
        let terms = &answer["data"]["program"]["offers"][0]["terms"];
        let (version, url) = (terms["version"].as_str().unwrap(), terms["url"].as_str().unwrap());
        assert_eq!(url, format!("/help/{lang}/action-pack-terms/"), "{answer}");
        let page = http(port, "GET", url, None, None).await.unwrap();
        assert_eq!(page.status, 200, "{url}");
        assert!(page.body.contains(title), "{url} lacks its title {title:?}");
        assert!(page.body.contains(version), "{url} does not name the version {version}");
    }

    // The folder holds only what the service wrote: its database.
    let names: Vec<String> =
        std::fs::read_dir(empty.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["data"], "{names:?}");
}

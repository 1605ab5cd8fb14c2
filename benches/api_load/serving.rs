//! The API load benchmark: serving the three routers on loopback ports, and
//! asking them once.

use super::*;

pub(crate) struct Served {
    pub(crate) addr: SocketAddr,
    pub(crate) task: tokio::task::JoinHandle<()>,
}

pub(crate) async fn serve(router: Router) -> Served {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
    let addr = listener.local_addr().expect("local address");
    let task = tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        if let Err(e) = axum::serve(listener, service).await {
            eprintln!("server on {addr} failed: {e}");
        }
    });
    Served { addr, task }
}

/// One POST to `/graphql` over a fresh connection, through the tests' HTTP
/// client (call from outside the runtime). Returns the status and the body.
pub(crate) fn http_post(rt: &tokio::runtime::Runtime, addr: SocketAddr, token: &str, body: &str) -> (u16, String) {
    let bearer = format!("Bearer {token}");
    let answer = rt
        .block_on(client::request(addr, "POST", "/graphql", &[("authorization", &bearer)], Some(body), Duration::from_secs(60)))
        .expect("an answer from the bench server");
    (answer.status, answer.body)
}

pub(crate) fn gql_body(query: &str, variables: Value) -> String {
    json!({ "query": query, "variables": variables }).to_string()
}

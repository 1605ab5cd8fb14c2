//! The one HTTP client of the tests and the bench: hyper's HTTP/1.1 client,
//! one connection per request (as a separate client would), every exchange
//! bounded by a time limit. The bench mounts this file with `#[path]`.

use std::net::SocketAddr;
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;

/// An answer: the status, the request id the server gave, and the body.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub request_id: Option<String>,
    pub body: String,
}

impl Resp {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("not JSON (HTTP {}): {}", self.status, self.body))
    }
}

fn io_error(what: &str, e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(format!("{what}: {e}"))
}

/// One request on a connection of its own, with `headers`, and a JSON body
/// when `body` is given; an error if it takes more than `limit`, or if the
/// connection is refused or cut.
pub async fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
    limit: Duration,
) -> std::io::Result<Resp> {
    let exchange = async {
        let stream = tokio::net::TcpStream::connect(addr).await?;
        let (mut sender, connection) =
            hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.map_err(|e| io_error("handshake", e))?;
        let driver = tokio::spawn(connection);
        let mut builder = hyper::Request::builder().method(method).uri(path).header(hyper::header::HOST, addr.to_string());
        if body.is_some() {
            builder = builder.header(hyper::header::CONTENT_TYPE, "application/json").header(hyper::header::ACCEPT, "application/json");
        }
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let request = builder.body(Full::new(Bytes::from(body.unwrap_or_default().to_owned()))).map_err(|e| io_error("request", e))?;
        let response = sender.send_request(request).await.map_err(|e| io_error("the connection was cut", e))?;
        let status = response.status().as_u16();
        let request_id = response.headers().get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_owned);
        let bytes = response.into_body().collect().await.map_err(|e| io_error("the body was cut", e))?.to_bytes();
        driver.abort();
        Ok(Resp { status, request_id, body: String::from_utf8_lossy(&bytes).into_owned() })
    };
    match tokio::time::timeout(limit, exchange).await {
        Ok(result) => result,
        Err(_) => Err(std::io::Error::new(std::io::ErrorKind::TimedOut, format!("{method} {path} took more than {limit:?}"))),
    }
}

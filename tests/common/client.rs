//! The one HTTP client of the tests and the bench: hyper's HTTP/1.1 client,
//! one connection per request (as a separate client would), every exchange
//! bounded by a time limit; and server-sent event streams, read line by line.
//! The bench mounts this file with `#[path]`.

use std::net::SocketAddr;
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper_util::rt::TokioIo;
use tokio::task::JoinHandle;

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

/// Sends one request on a connection of its own and returns the response
/// (its body not read yet) with the task driving the connection.
async fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> std::io::Result<(hyper::Response<Incoming>, JoinHandle<()>)> {
    let stream = tokio::net::TcpStream::connect(addr).await?;
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.map_err(|e| io_error("handshake", e))?;
    let driver = tokio::spawn(async move {
        let _ = connection.await;
    });
    let mut builder = hyper::Request::builder().method(method).uri(path).header(hyper::header::HOST, addr.to_string());
    if body.is_some() {
        builder = builder.header(hyper::header::CONTENT_TYPE, "application/json").header(hyper::header::ACCEPT, "application/json");
    }
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let request = builder.body(Full::new(Bytes::from(body.unwrap_or_default().to_owned()))).map_err(|e| io_error("request", e))?;
    match sender.send_request(request).await {
        Ok(response) => Ok((response, driver)),
        Err(e) => {
            driver.abort();
            Err(io_error("the connection was cut", e))
        }
    }
}

fn timed_out(what: &str, limit: Duration) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::TimedOut, format!("{what} took more than {limit:?}"))
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
        let (response, driver) = send(addr, method, path, headers, body).await?;
        let status = response.status().as_u16();
        let request_id = response.headers().get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_owned);
        let bytes = response.into_body().collect().await;
        driver.abort();
        let bytes = bytes.map_err(|e| io_error("the body was cut", e))?.to_bytes();
        Ok(Resp { status, request_id, body: String::from_utf8_lossy(&bytes).into_owned() })
    };
    tokio::time::timeout(limit, exchange).await.unwrap_or_else(|_| Err(timed_out(&format!("{method} {path}"), limit)))
}

/// A stream of server-sent events (`text/event-stream`) being read: the
/// status, then the stream's lines as they arrive. Dropping it closes the
/// connection.
pub struct EventStream {
    pub status: u16,
    body: Incoming,
    /// Bytes received after the last whole line.
    pending: Vec<u8>,
    driver: JoinHandle<()>,
}

/// `GET path` with `Accept: text/event-stream`, once the response head has
/// come (within `limit`): from then on the server sends this client its events.
pub async fn event_stream(addr: SocketAddr, path: &str, limit: Duration) -> std::io::Result<EventStream> {
    let headers = [("accept", "text/event-stream")];
    match tokio::time::timeout(limit, send(addr, "GET", path, &headers, None)).await {
        Ok(Ok((response, driver))) => {
            Ok(EventStream { status: response.status().as_u16(), body: response.into_body(), pending: Vec::new(), driver })
        }
        Ok(Err(e)) => Err(e),
        Err(_) => Err(timed_out(&format!("GET {path}"), limit)),
    }
}

impl EventStream {
    /// The next line of the stream, without its line ending; `None` once the
    /// server has ended the stream; an error if no whole line comes within
    /// `limit` or the connection is cut.
    pub async fn next_line(&mut self, limit: Duration) -> std::io::Result<Option<String>> {
        let read = async {
            loop {
                if let Some(end) = self.pending.iter().position(|b| *b == b'\n') {
                    let line: Vec<u8> = self.pending.drain(..=end).collect();
                    return Ok(Some(String::from_utf8_lossy(&line).trim_end_matches(['\r', '\n']).to_owned()));
                }
                match self.body.frame().await {
                    Some(Ok(frame)) => {
                        if let Ok(data) = frame.into_data() {
                            self.pending.extend_from_slice(&data);
                        }
                    }
                    Some(Err(e)) => return Err(io_error("the event stream was cut", e)),
                    None if self.pending.is_empty() => return Ok(None),
                    // The last line had no line ending.
                    None => return Ok(Some(String::from_utf8_lossy(&std::mem::take(&mut self.pending)).into_owned())),
                }
            }
        };
        tokio::time::timeout(limit, read).await.unwrap_or_else(|_| Err(timed_out("the next line of the event stream", limit)))
    }
}

impl Drop for EventStream {
    fn drop(&mut self) {
        self.driver.abort();
    }
}

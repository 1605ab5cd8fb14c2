//! `SmtpMailer`: delivers mails to an SMTP server over plain, unauthenticated SMTP.

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::{message, MailError, Mailer, OutgoingMail};

/// Bound on opening the TCP connection (lettre's own timeout, which only covers connecting).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Bound on a whole delivery, because lettre's async transport has no timeout on individual SMTP commands.
const SEND_TIMEOUT: Duration = Duration::from_secs(30);

/// Sends mail through an SMTP server at HOST:PORT, one connection per mail.
///
/// TLS is out of scope for now: the connection is plain text with no STARTTLS and no authentication, so point it only at
/// a local relay or a test server (e.g. a sidecar MTA on loopback), never across an untrusted network.
#[derive(Clone)]
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    host: String,
    port: u16,
}

impl SmtpMailer {
    /// Creates the mailer; nothing is connected until the first send.
    pub fn new(host: &str, port: u16, from: Mailbox) -> Self {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host).port(port).timeout(Some(CONNECT_TIMEOUT)).build();
        Self { transport, from, host: host.to_owned(), port }
    }
}

impl std::fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpMailer").field("server", &self.describe()).field("from", &self.from.to_string()).finish()
    }
}

#[async_trait::async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        let message = message::build_message(&self.from, mail)?;
        match tokio::time::timeout(SEND_TIMEOUT, self.transport.send(message)).await {
            Ok(Ok(_response)) => Ok(()),
            Ok(Err(e)) => Err(MailError::Transport(format!("{}: {e}", self.describe()))),
            Err(_elapsed) => Err(MailError::Transport(format!("{}: no answer within {} s", self.describe(), SEND_TIMEOUT.as_secs()))),
        }
    }

    fn describe(&self) -> String {
        if self.host.contains(':') {
            format!("smtp://[{}]:{}", self.host, self.port)
        } else {
            format!("smtp://{}:{}", self.host, self.port)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_closed_port_is_a_transport_error() {
        // A port held without listening: connections are refused, and no one else can take it meanwhile.
        let held = tokio::net::TcpSocket::new_v4().expect("socket");
        held.bind("127.0.0.1:0".parse().expect("address")).expect("bind");
        let port = held.local_addr().expect("addr").port();
        let from = message::parse_mailbox("sender", "noreply@partnerdesk.test").expect("sender");
        let mailer = SmtpMailer::new("127.0.0.1", port, from);
        let mail = OutgoingMail { id: 1, to: "a@b.test".into(), subject: "Hi".into(), body: "x".into(), language: "en".into() };
        let err = mailer.send(&mail).await.expect_err("nothing listens");
        assert!(matches!(err, MailError::Transport(_)), "{err}");
        assert!(!err.is_permanent());
        assert!(err.to_string().starts_with(&format!("mail transport failed: smtp://127.0.0.1:{port}: ")), "{err}");
    }
}

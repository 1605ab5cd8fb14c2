//! `SmtpMailer`: delivers mails to an SMTP server, over TLS (implicit or
//! STARTTLS, with rustls and certificate checks always on) or, for a relay on
//! the same host, plain text; with AUTH when credentials are given.

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::{message, MailError, Mailer, OutgoingMail, SmtpOptions, SmtpSecurity};

/// Bound on opening the TCP connection (lettre's own timeout, which only covers connecting).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Bound on a whole delivery, because lettre's async transport has no timeout on individual SMTP commands.
const SEND_TIMEOUT: Duration = Duration::from_secs(30);

/// Sends mail through an SMTP server at HOST:PORT, one connection per mail.
/// The server's certificate must be valid for HOST, from the public roots or
/// the extra CAs of [`SmtpOptions`]; there is no switch to turn checks off.
#[derive(Clone)]
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    host: String,
    port: u16,
    security: SmtpSecurity,
}

impl SmtpMailer {
    /// Creates the mailer; nothing is connected until the first send.
    pub fn new(host: &str, port: u16, security: SmtpSecurity, options: &SmtpOptions, from: Mailbox) -> Result<Self, String> {
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host).port(port).timeout(Some(CONNECT_TIMEOUT));
        if security != SmtpSecurity::Plain {
            let mut parameters = TlsParameters::builder(host.to_owned());
            if let Some(pem) = &options.extra_roots_pem {
                // lettre reads a file without certificates as an empty list: say so instead.
                if !pem.windows(27).any(|w| w == b"-----BEGIN CERTIFICATE-----") {
                    return Err("the SMTP CA file holds no PEM certificate".to_owned());
                }
                let roots = Certificate::from_pem(pem).map_err(|e| format!("the SMTP CA file is not a PEM certificate: {e}"))?;
                parameters = parameters.add_root_certificate(roots);
            }
            let parameters = parameters.build_rustls().map_err(|e| format!("cannot set up TLS for {host}: {e}"))?;
            builder = builder.tls(match security {
                SmtpSecurity::ImplicitTls => Tls::Wrapper(parameters),
                _ => Tls::Required(parameters),
            });
        }
        if let Some((user, password)) = &options.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Self { transport: builder.build(), from, host: host.to_owned(), port, security })
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
        let host = if self.host.contains(':') { format!("[{}]", self.host) } else { self.host.clone() };
        match self.security {
            SmtpSecurity::ImplicitTls => format!("smtps://{host}:{}", self.port),
            SmtpSecurity::StartTls => format!("smtp://{host}:{} (STARTTLS)", self.port),
            SmtpSecurity::Plain => format!("smtp://{host}:{}?tls=none", self.port),
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
        let mailer = SmtpMailer::new("127.0.0.1", port, SmtpSecurity::Plain, &SmtpOptions::default(), from).expect("mailer");
        let mail = OutgoingMail { id: 1, to: "a@b.test".into(), subject: "Hi".into(), body: "x".into(), language: "en".into() };
        let err = mailer.send(&mail).await.expect_err("nothing listens");
        assert!(matches!(err, MailError::Transport(_)), "{err}");
        assert!(!err.is_permanent());
        assert!(err.to_string().starts_with(&format!("mail transport failed: smtp://127.0.0.1:{port}?tls=none: ")), "{err}");
    }
}

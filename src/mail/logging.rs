//! `LogMailer`: a development transport that only logs that a mail would have been sent.

use super::{message, MailError, Mailer, OutgoingMail};

/// Logs one `tracing::info!` line per mail (id, recipient, subject) and delivers nothing.
///
/// The body is deliberately left out: it may hold one-time secrets such as sign-in or reset links.
#[derive(Debug, Clone, Copy, Default)]
pub struct LogMailer;

#[async_trait::async_trait]
impl Mailer for LogMailer {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        // Same address check as the real transports, so bad data shows up in development too.
        message::parse_mailbox("recipient", &mail.to)?;
        tracing::info!(mail_id = mail.id, to = %mail.to, subject = %mail.subject, language = %mail.language, "mail not sent (log transport)");
        Ok(())
    }

    fn describe(&self) -> String {
        "log".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn accepts_good_mail_and_rejects_bad_recipients() {
        let mut mail = OutgoingMail { id: 1, to: "a@b.test".into(), subject: "Hi".into(), body: "secret".into(), language: "en".into() };
        assert!(LogMailer.send(&mail).await.is_ok());
        mail.to = "nope".into();
        assert!(matches!(LogMailer.send(&mail).await, Err(MailError::InvalidAddress(_))));
    }
}

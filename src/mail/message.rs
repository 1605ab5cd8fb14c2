//! Turns an `OutgoingMail` into an RFC 5322 message with lettre, shared by the file and SMTP transports.

use lettre::message::header::{ContentType, HeaderName, HeaderValue, MIME_VERSION_1_0};
use lettre::message::Mailbox;
use lettre::Message;

use super::{MailError, OutgoingMail};

/// Parses an address such as `user@example.com` or `Name <user@example.com>`; `role` names it in the error.
pub(crate) fn parse_mailbox(role: &str, address: &str) -> Result<Mailbox, MailError> {
    address.trim().parse::<Mailbox>().map_err(|e| MailError::InvalidAddress(format!("{role} \"{address}\" ({e})")))
}

/// Builds the full message: From, To, Subject (RFC 2047-encoded when not ASCII), Date, Message-ID,
/// MIME-Version, Content-Type text/plain; charset=utf-8, Content-Language and a transfer-encoded body.
pub(crate) fn build_message(from: &Mailbox, mail: &OutgoingMail) -> Result<Message, MailError> {
    let to = parse_mailbox("recipient", &mail.to)?;
    if !is_language_tag(&mail.language) {
        return Err(MailError::InvalidMessage(format!("mail {} has an invalid language tag \"{}\"", mail.id, mail.language)));
    }
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(mail.subject.as_str())
        .date_now()
        // Random `<id@hostname>` rather than derived from the outbox id, which repeats after a database reset.
        .message_id(None)
        .header(MIME_VERSION_1_0)
        .header(ContentType::TEXT_PLAIN)
        .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("Content-Language"), mail.language.clone()))
        .body(mail.body.clone())
        .map_err(|e| MailError::InvalidMessage(format!("mail {} cannot be built: {e}", mail.id)))
}

/// A loose BCP 47 check: enough to keep the header value a single, plain token.
fn is_language_tag(tag: &str) -> bool {
    (1..=35).contains(&tag.len())
        && tag.split('-').all(|part| !part.is_empty() && part.len() <= 8 && part.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::test_support::{decode_header_value, parse_eml};

    fn mail(to: &str, language: &str) -> OutgoingMail {
        OutgoingMail {
            id: 3,
            to: to.into(),
            subject: "Bienvenue à bord, Élodie".into(),
            body: "Ligne 1\nÀ bientôt\n".into(),
            language: language.into(),
        }
    }

    fn from() -> Mailbox {
        parse_mailbox("sender", "Partnerdesk <noreply@partnerdesk.test>").expect("sender")
    }

    #[test]
    fn builds_all_headers() {
        let raw = build_message(&from(), &mail("Élodie Martin <elodie@example.fr>", "fr")).expect("message").formatted();
        let raw = String::from_utf8(raw).expect("utf-8");
        assert!(raw.is_ascii(), "headers and body are transfer-encoded:\n{raw}");
        let eml = parse_eml(&raw);
        assert_eq!(eml.header("From"), Some("Partnerdesk <noreply@partnerdesk.test>"));
        assert_eq!(eml.header("To").map(decode_header_value).as_deref(), Some("Élodie Martin <elodie@example.fr>"));
        assert_eq!(eml.header("Subject").map(decode_header_value).as_deref(), Some("Bienvenue à bord, Élodie"));
        assert_eq!(eml.header("Content-Type"), Some("text/plain; charset=utf-8"));
        assert_eq!(eml.header("Content-Language"), Some("fr"));
        assert_eq!(eml.header("MIME-Version"), Some("1.0"));
        assert!(eml.header("Date").is_some());
        assert!(eml.header("Message-ID").is_some_and(|id| id.starts_with('<') && id.ends_with('>')));
        assert!(eml.body.contains("=C3=80 bient=C3=B4t"), "{}", eml.body);
    }

    #[test]
    fn rejects_bad_recipients_and_language_tags() {
        for to in ["", "not an address", "a@b.test\r\nBcc: evil@x.test", "<unbalanced@x.test"] {
            let err = build_message(&from(), &mail(to, "en")).expect_err(to);
            assert!(matches!(err, MailError::InvalidAddress(ref m) if m.starts_with("recipient")), "{to:?}: {err}");
        }
        for language in ["", "fr\r\nBcc: evil@x.test", "fr fr", "-fr", "toolonglanguagepart"] {
            let err = build_message(&from(), &mail("a@b.test", language)).expect_err(language);
            assert!(matches!(err, MailError::InvalidMessage(_)), "{language:?}: {err}");
        }
        assert!(build_message(&from(), &mail("a@b.test", "fr-CA")).is_ok());
    }

    #[test]
    fn header_injection_through_the_subject_is_neutralised() {
        let mut m = mail("a@b.test", "en");
        m.subject = "Hello\r\nBcc: evil@x.test".into();
        let raw = String::from_utf8(build_message(&from(), &m).expect("message").formatted()).expect("utf-8");
        let eml = parse_eml(&raw);
        assert_eq!(eml.header("Bcc"), None);
        assert_eq!(eml.header("Subject").map(decode_header_value).as_deref(), Some("Hello\r\nBcc: evil@x.test"));
    }
}

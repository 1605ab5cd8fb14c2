//! Mail delivery for the transactional outbox: the `Mailer` trait and its log, directory and SMTP transports.
//! The outbox layer stores rendered mails and hands each one to a `Mailer`; nothing here touches the database.

mod dir;
mod logging;
mod message;
mod smtp;
#[cfg(test)]
mod smtp_tests;
#[cfg(test)]
mod test_support;

use std::path::PathBuf;
use std::sync::Arc;

pub use dir::DirMailer;
pub use logging::LogMailer;
pub use smtp::SmtpMailer;

/// A rendered mail ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    /// Outbox row id; also names the file written by [`DirMailer`].
    pub id: i64,
    /// Recipient, either `user@example.com` or `Name <user@example.com>`.
    pub to: String,
    /// Subject line, any Unicode (encoded on the wire as needed).
    pub subject: String,
    /// Plain-text body.
    pub body: String,
    /// Language tag of the body ("en" or "fr"), sent as `Content-Language`.
    pub language: String,
}

/// Why a mail could not be delivered.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The recipient or sender is not a valid mail address.
    #[error("invalid mail address: {0}")]
    InvalidAddress(String),
    /// The mail itself cannot be turned into a valid message (e.g. a malformed language tag).
    #[error("invalid mail: {0}")]
    InvalidMessage(String),
    /// The transport (e.g. the SMTP server) failed or refused the mail.
    #[error("mail transport failed: {0}")]
    Transport(String),
    /// Reading or writing local files failed.
    #[error("mail i/o failed: {0}")]
    Io(String),
}

impl MailError {
    /// True when retrying the same mail cannot succeed (bad address or malformed mail), so the outbox may stop retrying it.
    pub fn is_permanent(&self) -> bool {
        matches!(self, MailError::InvalidAddress(_) | MailError::InvalidMessage(_))
    }
}

/// Something that can deliver an [`OutgoingMail`].
#[async_trait::async_trait]
pub trait Mailer: Send + Sync + 'static {
    /// Delivers one mail; Err means "try again later".
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError>;
    /// A short description for logs, e.g. "smtp://127.0.0.1:2525".
    fn describe(&self) -> String;
}

const SPEC_HELP: &str = "use log, dir:PATH, smtp://HOST:PORT (STARTTLS), smtps://HOST:PORT (TLS) or smtp://HOST:PORT?tls=none";

/// How an SMTP connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// `smtps://`: TLS from the first byte (usually port 465).
    ImplicitTls,
    /// `smtp://`: STARTTLS, required; a server that does not offer it is refused.
    StartTls,
    /// `smtp://…?tls=none`: plain text, for a relay on the same host; never with credentials.
    Plain,
}

/// What an SMTP server may need beyond its URL. Kept out of the URL so that
/// the password is never in a flag value, a log line or an error.
#[derive(Clone, Default)]
pub struct SmtpOptions {
    /// User name and password for AUTH.
    pub credentials: Option<(String, String)>,
    /// PEM certificates of CAs to trust besides the public roots (a private CA).
    pub extra_roots_pem: Option<Vec<u8>>,
}

impl std::fmt::Debug for SmtpOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpOptions")
            .field("user", &self.credentials.as_ref().map(|(user, _)| user))
            .field("extra_roots", &self.extra_roots_pem.is_some())
            .finish_non_exhaustive()
    }
}

/// A parsed `--mail` flag value.
#[derive(Debug, Clone, PartialEq, Eq)]
enum MailerSpec {
    Log,
    Dir(PathBuf),
    Smtp { host: String, port: u16, security: SmtpSecurity },
}

/// Builds a mailer from the --mail flag value: "log", "dir:PATH" or "smtp://HOST:PORT".
///
/// `from` is the sender, e.g. `Partnerdesk <noreply@example.com>`; it is checked for every transport so that a bad
/// sender fails at startup rather than when switching transports.
pub fn mailer_from_spec(spec: &str, from: &str) -> Result<Arc<dyn Mailer>, String> {
    mailer_with(spec, from, &SmtpOptions::default())
}

/// Like [`mailer_from_spec`], with the SMTP server's credentials and extra CAs.
pub fn mailer_with(spec: &str, from: &str, options: &SmtpOptions) -> Result<Arc<dyn Mailer>, String> {
    let parsed = parse_spec(spec)?;
    let from = message::parse_mailbox("sender", from).map_err(|e| e.to_string())?;
    let mailer: Arc<dyn Mailer> = match parsed {
        MailerSpec::Log => Arc::new(LogMailer),
        MailerSpec::Dir(path) => Arc::new(DirMailer::new(path, from).map_err(|e| e.to_string())?),
        MailerSpec::Smtp { host, port, security } => {
            if security == SmtpSecurity::Plain && options.credentials.is_some() {
                return Err(format!("mail transport \"{spec}\": credentials are only sent over TLS; use smtps:// or smtp:// (STARTTLS)"));
            }
            Arc::new(SmtpMailer::new(&host, port, security, options, from)?)
        }
    };
    Ok(mailer)
}

fn parse_spec(spec: &str) -> Result<MailerSpec, String> {
    let spec = spec.trim();
    if spec == "log" {
        return Ok(MailerSpec::Log);
    }
    if let Some(path) = spec.strip_prefix("dir:") {
        if path.is_empty() {
            return Err(format!("mail transport \"{spec}\" needs a directory: use dir:PATH"));
        }
        return Ok(MailerSpec::Dir(PathBuf::from(path)));
    }
    for (scheme, security) in [("smtp://", SmtpSecurity::StartTls), ("smtps://", SmtpSecurity::ImplicitTls)] {
        if let Some(rest) = spec.strip_prefix(scheme) {
            let (authority, security) = match rest.split_once('?') {
                Some((authority, "tls=none")) if security == SmtpSecurity::StartTls => (authority, SmtpSecurity::Plain),
                Some(_) => return Err(format!("mail transport \"{spec}\": the only query is ?tls=none, on smtp://")),
                None => (rest, security),
            };
            return parse_smtp_authority(spec, authority.strip_suffix('/').unwrap_or(authority), security);
        }
    }
    Err(format!("unknown mail transport \"{spec}\": {SPEC_HELP}"))
}

fn parse_smtp_authority(spec: &str, authority: &str, security: SmtpSecurity) -> Result<MailerSpec, String> {
    if authority.contains(['@', '/', '?', '#']) {
        return Err(format!(
            "mail transport \"{spec}\" must be exactly smtp://HOST:PORT (no credentials, path or query; the user and password come from --smtp-user and PARTNERDESK_SMTP_PASSWORD)"
        ));
    }
    // A bracketed IPv6 literal contains colons of its own, so split after the closing bracket.
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (host, after) = rest.split_once(']').ok_or_else(|| format!("mail transport \"{spec}\" has an unclosed '['"))?;
        (host, after.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err(format!("mail transport \"{spec}\" needs a host: use smtp://HOST:PORT"));
    }
    let port = port.ok_or_else(|| format!("mail transport \"{spec}\" needs a port: use smtp://HOST:PORT"))?;
    let port = match port.parse::<u16>() {
        Ok(p) if p != 0 => p,
        _ => return Err(format!("invalid port \"{port}\" in mail transport \"{spec}\": expected a number from 1 to 65535")),
    };
    Ok(MailerSpec::Smtp { host: host.to_owned(), port, security })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FROM: &str = "Partnerdesk <noreply@partnerdesk.test>";

    fn smtp(host: &str, port: u16) -> MailerSpec {
        MailerSpec::Smtp { host: host.to_owned(), port, security: SmtpSecurity::StartTls }
    }

    #[test]
    fn parses_good_specs() {
        assert_eq!(parse_spec("log"), Ok(MailerSpec::Log));
        assert_eq!(parse_spec(" log "), Ok(MailerSpec::Log));
        assert_eq!(parse_spec("dir:/var/mail/out"), Ok(MailerSpec::Dir(PathBuf::from("/var/mail/out"))));
        assert_eq!(parse_spec("dir:relative dir"), Ok(MailerSpec::Dir(PathBuf::from("relative dir"))));
        assert_eq!(parse_spec("smtp://127.0.0.1:2525"), Ok(smtp("127.0.0.1", 2525)));
        assert_eq!(parse_spec("smtp://mail.example.com:25/"), Ok(smtp("mail.example.com", 25)));
        assert_eq!(parse_spec("smtp://[::1]:1025"), Ok(smtp("::1", 1025)));
        let tls = MailerSpec::Smtp { host: "mail.example.com".into(), port: 465, security: SmtpSecurity::ImplicitTls };
        assert_eq!(parse_spec("smtps://mail.example.com:465"), Ok(tls));
        let plain = MailerSpec::Smtp { host: "127.0.0.1".into(), port: 2525, security: SmtpSecurity::Plain };
        assert_eq!(parse_spec("smtp://127.0.0.1:2525?tls=none"), Ok(plain));
    }

    #[test]
    fn rejects_bad_specs_with_clear_messages() {
        let err = |spec: &str| parse_spec(spec).expect_err(spec);
        assert_eq!(err("foo"), format!("unknown mail transport \"foo\": {SPEC_HELP}"));
        assert_eq!(err(""), format!("unknown mail transport \"\": {SPEC_HELP}"));
        assert!(err("LOG").starts_with("unknown mail transport \"LOG\""));
        assert!(err("dir:").contains("needs a directory"));
        assert!(err("smtp://localhost").contains("needs a port"));
        assert!(err("smtp://:25").contains("needs a host"));
        assert!(err("smtp://localhost:").contains("invalid port \"\""));
        assert!(err("smtp://localhost:0").contains("invalid port \"0\""));
        assert!(err("smtp://localhost:70000").contains("expected a number from 1 to 65535"));
        assert!(err("smtp://user:pw@localhost:25").contains("no credentials"));
        assert!(err("smtp://[::1:25").contains("unclosed"));
        assert!(err("smtps://mail.example.com:465?tls=none").contains("the only query"));
        assert!(err("smtp://mail.example.com:25?tls=off").contains("the only query"));
    }

    #[test]
    fn builds_mailers_and_checks_the_sender() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("out");
        let spec = format!("dir:{}", out.display());
        assert_eq!(mailer_from_spec("log", FROM).expect("log").describe(), "log");
        assert_eq!(mailer_from_spec(&spec, FROM).expect("dir").describe(), spec);
        assert!(out.is_dir(), "the mail directory is created up front");
        assert_eq!(mailer_from_spec("smtp://127.0.0.1:2525", FROM).expect("smtp").describe(), "smtp://127.0.0.1:2525 (STARTTLS)");
        assert_eq!(mailer_from_spec("smtp://[::1]:2525?tls=none", FROM).expect("smtp v6").describe(), "smtp://[::1]:2525?tls=none");
        assert_eq!(mailer_from_spec("smtps://mail.example.com:465", FROM).expect("smtps").describe(), "smtps://mail.example.com:465");
        // Credentials never travel in clear, and never show in a description.
        let options = SmtpOptions { credentials: Some(("mailer".into(), "hunter2-secret".into())), extra_roots_pem: None };
        let refused = mailer_with("smtp://127.0.0.1:2525?tls=none", FROM, &options).err().expect("credentials over plain text");
        assert!(refused.contains("only sent over TLS") && !refused.contains("hunter2"), "{refused}");
        let mailer = mailer_with("smtps://mail.example.com:465", FROM, &options).expect("smtps with credentials");
        assert!(!mailer.describe().contains("hunter2") && !format!("{options:?}").contains("hunter2"));
        let bad_ca = SmtpOptions { credentials: None, extra_roots_pem: Some(b"not a certificate".to_vec()) };
        assert!(mailer_with("smtps://mail.example.com:465", FROM, &bad_ca).err().expect("bad CA file").contains("CA"));

        let err = mailer_from_spec("log", "not an address").err().expect("bad sender is rejected");
        assert!(err.contains("sender \"not an address\""), "{err}");
        assert!(mailer_from_spec("nope", FROM).is_err());
    }

    #[test]
    fn errors_read_well_and_know_when_retrying_is_pointless() {
        let err = MailError::Transport("Connection error: refused".into());
        assert_eq!(err.to_string(), "mail transport failed: Connection error: refused");
        assert!(!err.is_permanent());
        assert!(MailError::InvalidAddress("recipient \"x\" (Invalid input)".into()).is_permanent());
    }
}

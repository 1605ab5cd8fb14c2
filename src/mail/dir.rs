//! `DirMailer`: writes each mail as `<id>.eml` into a directory, for development and tests.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use lettre::message::Mailbox;

use super::{message, MailError, Mailer, OutgoingMail};

/// Makes temp names unique when the same id is written twice at once.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes each mail as an RFC 5322 `<id>.eml` file into a directory.
///
/// The file is written under a hidden temporary name and then renamed, so readers never see half a file.
/// Sending the same id again replaces the file, which keeps outbox retries idempotent.
#[derive(Debug, Clone)]
pub struct DirMailer {
    dir: PathBuf,
    from: Mailbox,
}

impl DirMailer {
    /// Creates the mailer, creating `dir` (and its parents) if missing.
    pub fn new(dir: impl Into<PathBuf>, from: Mailbox) -> Result<Self, MailError> {
        let dir = dir.into();
        fs::create_dir_all(&dir).map_err(|e| MailError::Io(format!("cannot create mail directory {}: {e}", dir.display())))?;
        Ok(Self { dir, from })
    }

    /// The directory mails are written to.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

#[async_trait::async_trait]
impl Mailer for DirMailer {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        let bytes = message::build_message(&self.from, mail)?.formatted();
        let dir = self.dir.clone();
        let id = mail.id;
        // std::fs on the blocking pool: the service's tokio build has no "fs" feature, and this is what tokio::fs does anyway.
        tokio::task::spawn_blocking(move || write_atomically(&dir, id, &bytes))
            .await
            .map_err(|e| MailError::Io(format!("mail file writer task failed: {e}")))?
    }

    fn describe(&self) -> String {
        format!("dir:{}", self.dir.display())
    }
}

fn write_atomically(dir: &Path, id: i64, bytes: &[u8]) -> Result<(), MailError> {
    // Recreated on every write in case someone cleaned the directory out while the service was running.
    fs::create_dir_all(dir).map_err(|e| MailError::Io(format!("cannot create mail directory {}: {e}", dir.display())))?;
    let target = dir.join(format!("{id}.eml"));
    let temp = dir.join(format!(".{id}.eml.{}-{}.tmp", std::process::id(), TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)));
    let result = write_file(&temp, bytes).and_then(|()| fs::rename(&temp, &target));
    if let Err(e) = result {
        // Best effort: the original error is the one worth reporting.
        let _ = fs::remove_file(&temp);
        return Err(MailError::Io(format!("cannot write {}: {e}", target.display())));
    }
    Ok(())
}

fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::test_support::{decode_header_value, parse_eml};

    fn from() -> Mailbox {
        message::parse_mailbox("sender", "Partnerdesk <noreply@partnerdesk.test>").expect("sender")
    }

    fn file_names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            fs::read_dir(dir).expect("read_dir").map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[tokio::test]
    async fn writes_a_parsable_eml_and_no_temp_file() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("nested").join("outbox");
        let mailer = DirMailer::new(&dir, from()).expect("mailer");
        let mail = OutgoingMail {
            id: 42,
            to: "camille@example.fr".into(),
            subject: "Réinitialisation de votre accès à l’espace partenaire".into(),
            body: "Bonjour,\n\nVotre code : 123456\nÀ bientôt\n".into(),
            language: "fr".into(),
        };
        mailer.send(&mail).await.expect("send");

        assert_eq!(file_names(&dir), ["42.eml"]);
        let raw = fs::read_to_string(dir.join("42.eml")).expect("read");
        assert!(raw.contains("\r\n"), "RFC 5322 line ends");
        let eml = parse_eml(&raw);
        assert_eq!(eml.header("To"), Some("camille@example.fr"));
        assert_eq!(eml.header("From"), Some("Partnerdesk <noreply@partnerdesk.test>"));
        let subject = eml.header("Subject").expect("subject");
        assert!(subject.is_ascii() && subject.contains("=?utf-8?"), "non-ASCII subject must be encoded: {subject}");
        assert_eq!(decode_header_value(subject), mail.subject);
        assert_eq!(eml.header("Content-Type"), Some("text/plain; charset=utf-8"));
        assert_eq!(eml.header("Content-Language"), Some("fr"));
        assert!(eml.header("Date").is_some() && eml.header("Message-ID").is_some());
    }

    #[tokio::test]
    async fn rewrites_the_same_id_and_rejects_bad_recipients() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let mailer = DirMailer::new(tmp.path(), from()).expect("mailer");
        let mut mail = OutgoingMail { id: 7, to: "a@b.test".into(), subject: "First".into(), body: "x".into(), language: "en".into() };
        mailer.send(&mail).await.expect("first");
        mail.subject = "Second".into();
        mailer.send(&mail).await.expect("retry");
        assert_eq!(file_names(tmp.path()), ["7.eml"]);
        let raw = fs::read_to_string(tmp.path().join("7.eml")).expect("read");
        assert_eq!(parse_eml(&raw).header("Subject"), Some("Second"));

        mail.id = 8;
        mail.to = "no at sign".into();
        assert!(matches!(mailer.send(&mail).await, Err(MailError::InvalidAddress(_))));
        assert_eq!(file_names(tmp.path()), ["7.eml"]);
    }

    #[test]
    fn reports_an_unwritable_directory() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let blocker = tmp.path().join("file");
        fs::write(&blocker, "not a directory").expect("write");
        let err = DirMailer::new(blocker.join("sub"), from()).expect_err("cannot create under a file");
        assert!(matches!(err, MailError::Io(ref m) if m.starts_with("cannot create mail directory")), "{err}");
    }
}

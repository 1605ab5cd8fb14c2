//! Mail that real providers accept: SMTP over implicit TLS (`smtps://`) and
//! STARTTLS (`smtp://`), with authentication, against a real server (Python's
//! aiosmtpd, `tests/fixtures/smtp/tls_server.py`) holding a throwaway
//! certificate made by `openssl`. Certificates are checked: the server's is
//! trusted only through `--smtp-ca-file`, and the password never shows in
//! what the mailer says.

mod common;

use std::io::{BufRead as _, Write as _};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use partnerdesk::mail::{mailer_with, OutgoingMail, SmtpOptions};

const USER: &str = "mailer";
const PASSWORD: &str = "correct-horse-battery-staple";

/// What the test needs installed: aiosmtpd (pip, from .ci/smtp/requirements.txt) and openssl.
fn tools() -> bool {
    let ok = |cmd: &mut Command| cmd.stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success());
    let found = ok(Command::new("python3").args(["-c", "import aiosmtpd"])) && ok(Command::new("openssl").arg("version"));
    if !found {
        let _ = std::io::stderr().write_all(b"SKIPPED (SMTP): the TLS tests need aiosmtpd and openssl\n");
    }
    found
}

/// A throwaway CA and a server certificate it signed for 127.0.0.1, valid
/// two days: (ca.pem, cert.pem, key.pem).
fn certificates(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf, std::path::PathBuf) {
    let path = |name: &str| dir.join(name);
    let openssl = |args: &[&str]| {
        let status = Command::new("openssl").args(args).current_dir(dir).stdout(Stdio::null()).stderr(Stdio::null()).status().unwrap();
        assert!(status.success(), "openssl {args:?} failed");
    };
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=partnerdesk test CA",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
    ]);
    openssl(&["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", "key.pem", "-out", "server.csr"]);
    std::fs::write(path("server.ext"), "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n").unwrap();
    openssl(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "server.ext",
        "-out",
        "cert.pem",
    ]);
    (path("ca.pem"), path("cert.pem"), path("key.pem"))
}

/// The server; it stops when its standard input closes (on drop).
struct Server {
    child: Child,
    port: u16,
    maildir: std::path::PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(mode: &str, dir: &std::path::Path, cert: &std::path::Path, key: &std::path::Path) -> Server {
    let maildir = dir.join(format!("maildir-{mode}"));
    let mut child = Command::new("python3")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/smtp/tls_server.py"))
        .arg(mode)
        .args([cert, key, &maildir])
        .args([USER, PASSWORD])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the SMTP server");
    // The server prints its port once it accepts connections (or exits).
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let port = line.trim().strip_prefix("READY ").unwrap_or_else(|| panic!("the SMTP server did not start: {line:?}")).parse().unwrap();
    Server { child, port, maildir }
}

fn mail(id: i64) -> OutgoingMail {
    OutgoingMail {
        id,
        to: "partner@contoso.example".into(),
        subject: format!("Over TLS {id}"),
        body: "Bonjour".into(),
        language: "fr".into(),
    }
}

/// Waits for `count` messages in the server's maildir.
async fn delivered(server: &Server, count: usize) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let files: Vec<_> = std::fs::read_dir(server.maildir.join("new")).map(|d| d.filter_map(|e| e.ok()).collect()).unwrap_or_default();
        if files.len() >= count {
            return files.iter().map(|f| std::fs::read_to_string(f.path()).unwrap()).collect();
        }
        assert!(Instant::now() < deadline, "{} of {count} mails arrived", files.len());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn options(password: &str, ca: Option<&std::path::Path>) -> SmtpOptions {
    SmtpOptions { credentials: Some((USER.into(), password.into())), extra_roots_pem: ca.map(|p| std::fs::read(p).unwrap()) }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn implicit_tls_and_starttls_deliver_with_authentication() {
    if !tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (ca, cert, key) = certificates(dir.path());
    for (mode, scheme) in [("implicit", "smtps"), ("starttls", "smtp")] {
        let server = start(mode, dir.path(), &cert, &key);
        let spec = format!("{scheme}://127.0.0.1:{}", server.port);
        let from = "Program <no-reply@program.example>";
        let mailer = mailer_with(&spec, from, &options(PASSWORD, Some(&ca))).unwrap();
        mailer.send(&mail(1)).await.unwrap_or_else(|e| panic!("{spec}: {e}"));
        let got = delivered(&server, 1).await;
        assert!(got[0].contains("Subject: Over TLS 1") && got[0].contains("To: partner@contoso.example"), "{}", got[0]);

        // A wrong password is refused, and the error does not repeat it.
        let wrong = mailer_with(&spec, from, &options("not-the-password", Some(&ca))).unwrap();
        let err = wrong.send(&mail(2)).await.expect_err("a wrong password");
        assert!(!err.to_string().contains("not-the-password"), "{err}");
        // A certificate no trusted CA signed is refused before anything is sent.
        let untrusted = mailer_with(&spec, from, &options(PASSWORD, None)).unwrap();
        let err = untrusted.send(&mail(3)).await.expect_err("an untrusted certificate");
        assert!(err.to_string().to_lowercase().contains("certificate"), "{spec}: {err}");
        assert!(!format!("{err} {}", mailer.describe()).contains(PASSWORD));
        assert_eq!(delivered(&server, 1).await.len(), 1, "{mode}: only the authenticated, verified mail arrived");
    }
}

/// Through the binary: `jobs run` with the SMTP settings from the
/// environment, the password never in its output.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jobs_run_sends_over_starttls_with_the_password_from_the_environment() {
    if !tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (ca, cert, key) = certificates(dir.path());
    let server = start("starttls", dir.path(), &cert, &key);
    let url = format!("sqlite://{}", dir.path().join("pd.db").display());
    let db = common::sqlite_at(&url, tempfile::tempdir().unwrap()).await;
    let t = common::TestApp::new(db).await;
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let card = t.add_card(&admin, "4242424242424242").await;
    t.purchase(&admin, &card, None).await.assert_ok();

    let mut run = common::process::partnerdesk();
    run.args([
        "jobs",
        "run",
        "--database-url",
        &url,
        "--now",
        "2017-03-02T09:00:00Z",
        "--mail",
        &format!("smtp://127.0.0.1:{}", server.port),
    ]);
    run.env("PARTNERDESK_SMTP_USER", USER).env("PARTNERDESK_SMTP_PASSWORD", PASSWORD).env("PARTNERDESK_SMTP_CA_FILE", &ca);
    let mut proc = common::process::Proc::spawn("jobs run", run, |_| {});
    let status = proc.wait(Duration::from_secs(60)).await;
    let output = proc.output();
    assert!(status.success(), "{output}");
    assert!(output.contains("mails sent: 1"), "{output}");
    assert!(!output.contains(PASSWORD), "the password showed: {output}");
    let got = delivered(&server, 1).await;
    assert!(got[0].contains("To: admin@contoso.example"), "{}", got[0]);
}

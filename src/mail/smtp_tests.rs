//! End-to-end test of `SmtpMailer` against a real SMTP server (Python's aiosmtpd) on loopback.
//! Skipped, with a note on the real stderr, when aiosmtpd is not installed.

use std::fs;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{mailer_from_spec, OutgoingMail};
use crate::mail::test_support::{decode_header_value, parse_eml};

/// Kills the server even when an assertion fails half-way.
struct ServerGuard(Child);

impl Drop for ServerGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn aiosmtpd_installed() -> bool {
    Command::new("python3").args(["-c", "import aiosmtpd"]).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

/// aiosmtpd listening on a free port. It cannot pick one itself: a port
/// another process takes between the pick and aiosmtpd's bind makes it exit,
/// and then another port is tried.
async fn start_aiosmtpd(maildir: &Path, log: &Path) -> (ServerGuard, u16) {
    for _ in 0..5 {
        let port = free_port();
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(fs::File::create(log).expect("log file"))
            .spawn()
            .expect("start aiosmtpd");
        let mut server = ServerGuard(child);
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if server.0.try_wait().expect("try_wait").is_some() {
                break; // most likely the port was taken: try another
            }
            if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                return (server, port);
            }
            assert!(Instant::now() < deadline, "aiosmtpd did not listen on port {port}:\n{}", fs::read_to_string(log).unwrap_or_default());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    panic!("aiosmtpd could not listen on any of five free ports:\n{}", fs::read_to_string(log).unwrap_or_default());
}

#[tokio::test]
async fn smtp_mailer_delivers_to_a_real_server() {
    if !aiosmtpd_installed() {
        // Straight to the process's stderr: the test harness captures eprintln!, and a silent skip would look like a pass.
        let _ = std::io::Write::write_all(&mut std::io::stderr(), b"SKIPPED (SMTP): aiosmtpd is not installed\n");
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let maildir = tmp.path().join("maildir");
    let log = tmp.path().join("aiosmtpd.log");
    let (server, port) = start_aiosmtpd(&maildir, &log).await;

    let mailer = mailer_from_spec(&format!("smtp://127.0.0.1:{port}?tls=none"), "Partnerdesk <noreply@partnerdesk.test>").expect("mailer");
    let mails = [
        OutgoingMail {
            id: 1,
            to: "alice@example.com".into(),
            subject: "Welcome to the partner program".into(),
            body: "Hello Alice,\nWelcome aboard.\n".into(),
            language: "en".into(),
        },
        OutgoingMail {
            id: 2,
            to: "Bérénice Durand <berenice@example.fr>".into(),
            subject: "Votre accès à l’espace partenaire est prêt".into(),
            body: "Bonjour Bérénice,\nÀ bientôt.\n".into(),
            language: "fr".into(),
        },
    ];
    for mail in &mails {
        mailer.send(mail).await.unwrap_or_else(|e| panic!("send {}: {e}", mail.id));
    }

    // aiosmtpd's Mailbox handler stores each message before answering 250, so both are on disk by now.
    let mut received: Vec<(String, String, String, String)> = fs::read_dir(maildir.join("new"))
        .expect("maildir/new")
        .map(|entry| {
            let raw = fs::read(entry.expect("entry").path()).expect("read message");
            let eml = parse_eml(&String::from_utf8(raw).expect("ASCII message"));
            let get = |name: &str| eml.header(name).unwrap_or_else(|| panic!("missing {name}")).to_owned();
            (get("X-RcptTo"), decode_header_value(&get("To")), decode_header_value(&get("Subject")), get("Content-Language"))
        })
        .collect();
    received.sort();
    let expected: Vec<(String, String, String, String)> = vec![
        ("alice@example.com".into(), "alice@example.com".into(), mails[0].subject.clone(), "en".into()),
        ("berenice@example.fr".into(), mails[1].to.clone(), mails[1].subject.clone(), "fr".into()),
    ];
    assert_eq!(received, expected);
    drop(server);
}

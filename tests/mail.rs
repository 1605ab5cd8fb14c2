//! Mail from the outbox to a real SMTP server on loopback (Python's aiosmtpd,
//! installed by .ci/run), through the scheduled jobs, in each recipient's language.

mod common;

use std::io::Write as _;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::TimeDelta;
use common::{TestApp, TestDb};
use serde_json::json;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn aiosmtpd() -> bool {
    Command::new("python3").args(["-c", "import aiosmtpd"]).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

/// aiosmtpd on a free port. It can't be told to pick one itself, so a port
/// another process takes between the pick and the bind makes it exit: then
/// another port is tried.
async fn start_aiosmtpd(maildir: &std::path::Path) -> (Server, u16) {
    for _ in 0..5 {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut server = Server(
            Command::new("python3")
                .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
                .arg(maildir)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap(),
        );
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                return (server, port);
            }
            if server.0.try_wait().unwrap().is_some() {
                break; // the port was taken: try another
            }
            assert!(Instant::now() < deadline, "aiosmtpd did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    panic!("aiosmtpd could not listen on any of five free ports");
}

/// aiosmtpd storing into `<dir>/maildir`, or `None` (and a notice) without it.
async fn smtp_server() -> Option<(Server, u16, tempfile::TempDir)> {
    if !aiosmtpd() {
        let _ = std::io::stderr().write_all(b"SKIPPED (SMTP): aiosmtpd is not installed (pip install aiosmtpd)\n");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let (server, port) = start_aiosmtpd(&dir.path().join("maildir")).await;
    Some((server, port, dir))
}

/// A French-speaking admin: joined with Accept-Language: fr.
async fn join_in_french(t: &TestApp) -> common::Session {
    let join = "mutation J($input: JoinNetworkInput!) { joinNetwork(input: $input) { user { id } userErrors { code } } }";
    let input = json!({ "input": { "legalName": "Lumière SARL", "country": "FR", "adminEmail": "admin@lumiere.example", "adminDisplayName": "Élodie", "adminPassword": common::PASSWORD } });
    let joined = t.gql_with(join, input, None, Some("fr-FR")).await;
    joined.assert_ok();
    common::Session {
        token: t.sign_in("admin@lumiere.example", common::PASSWORD).await,
        user_id: joined.str("/data/joinNetwork/user/id"),
        organization_id: String::new(),
    }
}

async fn outbox_mail_reaches_a_real_smtp_server(db: TestDb) {
    let Some((_server, port, dir)) = smtp_server().await else { return };
    let maildir = dir.path().join("maildir");
    let t = TestApp::long_lived(db).await;
    let fr = join_in_french(&t).await;
    let card = t.add_card(&fr, "4242424242424242").await;
    t.purchase(&fr, &card, None).await.assert_ok();

    let mailer =
        partnerdesk::mail::mailer_from_spec(&format!("smtp://127.0.0.1:{port}?tls=none"), "Program <no-reply@program.example>").unwrap();
    let report = partnerdesk::jobs::run_once(&t.app, mailer.as_ref(), TimeDelta::zero()).await.unwrap();
    assert_eq!((report.mails_sent, report.mails_failed), (1, 0), "{report}");
    let raw = delivered(&maildir, 1).await.remove(0);
    assert!(raw.contains("To: admin@lumiere.example"), "{raw}");
    assert!(raw.contains("Content-Language: fr"), "{raw}");
    // Delivered mail is not sent again.
    assert_eq!(partnerdesk::jobs::run_once(&t.app, mailer.as_ref(), TimeDelta::zero()).await.unwrap().mails_sent, 0);
    let mails = t.db.store.recent_mails(5).await.unwrap();
    assert_eq!(mails[0].status, partnerdesk::store::MailStatus::Sent);
    assert!(mails[0].subject.starts_with("Commande"), "{}", mails[0].subject);
    assert!(mails[0].body.contains("Bonjour Élodie") && mails[0].body.contains("475,00\u{a0}$US"), "{}", mails[0].body);
}

async fn failed_deliveries_are_retried_later(db: TestDb) {
    let t = TestApp::long_lived(db).await;
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let card = t.add_card(&admin, "4242424242424242").await;
    t.purchase(&admin, &card, None).await.assert_ok();
    // Nothing listens on this port: delivery fails and is retried later. The
    // port stays bound (without listening) until the end of the test, so no
    // other process can take it, and connecting to it is refused at once.
    let held = tokio::net::TcpSocket::new_v4().unwrap();
    held.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let port = held.local_addr().unwrap().port();
    let refused = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.map(|_| ()).unwrap_err();
    assert_eq!(refused.kind(), std::io::ErrorKind::ConnectionRefused, "{refused}");
    let mailer = partnerdesk::mail::mailer_from_spec(&format!("smtp://127.0.0.1:{port}?tls=none"), "no-reply@program.example").unwrap();
    let started = Instant::now();
    let report = partnerdesk::jobs::run_once(&t.app, mailer.as_ref(), TimeDelta::zero()).await.unwrap();
    // Refused, not timed out: well within the mailer's 10 s connect timeout.
    assert!(started.elapsed() < Duration::from_secs(5), "the failed delivery took {:?}", started.elapsed());
    assert_eq!((report.mails_sent, report.mails_failed), (0, 1));
    let mail = &t.db.store.recent_mails(1).await.unwrap()[0];
    assert_eq!(mail.status, partnerdesk::store::MailStatus::Pending);
    let error = mail.last_error.as_deref().expect("the delivery's error is kept");
    assert!(error.to_lowercase().contains("refused"), "{error}");
    assert!(mail.next_attempt_at > t.clock.now());
    // Not retried before its time; then delivered to a folder.
    let folder = tempfile::tempdir().unwrap();
    let dir_mailer = partnerdesk::mail::mailer_from_spec(&format!("dir:{}", folder.path().display()), "no-reply@program.example").unwrap();
    assert_eq!(partnerdesk::jobs::run_once(&t.app, dir_mailer.as_ref(), TimeDelta::zero()).await.unwrap().mails_sent, 0);
    t.clock.advance(TimeDelta::minutes(5));
    assert_eq!(partnerdesk::jobs::run_once(&t.app, dir_mailer.as_ref(), TimeDelta::zero()).await.unwrap().mails_sent, 1);
    assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 1);
    drop(held);
}

/// Waits until `count` mails are in the maildir, and returns them.
async fn delivered(maildir: &std::path::Path, count: usize) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let files: Vec<_> =
            std::fs::read_dir(maildir.join("new")).map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect()).unwrap_or_default();
        if files.len() >= count {
            return files.iter().map(|f| std::fs::read_to_string(f).unwrap()).collect();
        }
        assert!(Instant::now() < deadline, "{} of {count} mails reached the mailbox", files.len());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The support plan's access instructions, when the activation job runs:
/// both addresses, the user's language, once although two runners race.
async fn support_instructions_reach_both_addresses_once(db: TestDb) {
    let Some((_server, port, dir)) = smtp_server().await else { return };
    let maildir = dir.path().join("maildir");
    let t = TestApp::long_lived(db).await;
    let fr = join_in_french(&t).await;
    let card = t.add_card(&fr, "4242424242424242").await;
    t.purchase(&fr, &card, None).await.assert_ok();
    let list = t.gql("{ organization { benefits(category: SUPPORT) { id } } }", json!({}), Some(&fr.token)).await;
    let support = list.str("/data/organization/benefits/0/id");
    let assign = "mutation S($input: AssignSupportBenefitInput!) { assignSupportBenefit(input: $input) { assignment { status } userErrors { code } } }";
    let input = json!({ "input": { "benefitId": support, "userId": fr.user_id, "alternateEmail": "support@lumiere.example" } });
    let r = t.gql(assign, input, Some(&fr.token)).await;
    assert_eq!(r.at("/data/assignSupportBenefit/assignment/status"), &json!("PENDING_ACTIVATION"), "{}", r.body);

    let mailer =
        partnerdesk::mail::mailer_from_spec(&format!("smtp://127.0.0.1:{port}?tls=none"), "Program <no-reply@program.example>").unwrap();
    // The order and the two "being set up" mails.
    assert_eq!(partnerdesk::jobs::run_once(&t.app, mailer.as_ref(), TimeDelta::zero()).await.unwrap().mails_sent, 3);
    assert_eq!(delivered(&maildir, 3).await.len(), 3);
    t.clock.advance(TimeDelta::days(3));
    let (a, b) = tokio::join!(
        partnerdesk::jobs::run_once(&t.app, mailer.as_ref(), TimeDelta::zero()),
        partnerdesk::jobs::run_once(&t.app, mailer.as_ref(), TimeDelta::zero())
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!((a.activations + b.activations, a.mails_sent + b.mails_sent), (1, 2), "{a} / {b}");
    assert_eq!(partnerdesk::jobs::run_once(&t.app, mailer.as_ref(), TimeDelta::zero()).await.unwrap().mails_sent, 0);
    let mails = delivered(&maildir, 5).await;
    let mut active: Vec<&str> = mails
        .iter()
        .filter(|raw| raw.contains("Subject: Votre plan de support est actif"))
        .map(|raw| raw.lines().find_map(|l| l.strip_prefix("To: ")).expect("a To header"))
        .collect();
    active.sort_unstable();
    assert_eq!(active, ["admin@lumiere.example", "support@lumiere.example"], "{mails:#?}");
    assert!(mails.iter().all(|raw| raw.contains("Content-Language: fr")));
    let stored = t.db.store.recent_mails(2).await.unwrap();
    for mail in &stored {
        assert_eq!(mail.subject, "Votre plan de support est actif");
        assert!(mail.body.starts_with("Bonjour Élodie"), "{}", mail.body);
        assert!(
            mail.body
                .contains("connectez-vous sur https://partner.microsoft.com/support avec admin@lumiere.example ou support@lumiere.example"),
            "{}",
            mail.body
        );
    }
}

on_both_backends!(
    outbox_mail_reaches_a_real_smtp_server,
    failed_deliveries_are_retried_later,
    support_instructions_reach_both_addresses_once
);

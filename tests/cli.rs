//! The real binary: `schema`, `migrate`, `staff add`, `--locales` on every
//! command that writes messages, and `serve --demo` over TCP with a graceful
//! shutdown on SIGTERM.

mod common;

use std::time::{Duration, Instant};

use common::process::{gql, http, partnerdesk, Proc, Server};
use serde_json::{json, Value};

#[test]
fn schema_command_prints_the_committed_schema() {
    let out = partnerdesk().arg("schema").output().unwrap();
    assert!(out.status.success());
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql")).unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), committed);
}

#[test]
fn every_flag_documents_its_environment_variable() {
    let out = partnerdesk().args(["serve", "--help"]).output().unwrap();
    // Help text wraps; compare with runs of white space folded.
    let help = String::from_utf8(out.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ");
    for var in [
        "PARTNERDESK_LISTEN",
        "DATABASE_URL",
        "PARTNERDESK_DEMO",
        "PARTNERDESK_NOW",
        "PARTNERDESK_LOCALES",
        "PARTNERDESK_TOKEN_TTL_HOURS",
        "PARTNERDESK_MAX_BODY_BYTES",
        "PARTNERDESK_MAX_DEPTH",
        "PARTNERDESK_DISABLE_INTROSPECTION",
    ] {
        assert!(help.contains(&format!("env: {var}")), "{var} missing from serve --help:\n{help}");
    }
    let staff = String::from_utf8(partnerdesk().args(["staff", "add", "--help"]).output().unwrap().stdout).unwrap();
    let staff = staff.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(staff.contains("SUPPORT_AGENT") && staff.contains("env: PARTNERDESK_STAFF_EMAIL"), "{staff}");
}

#[test]
fn bad_database_urls_are_clear_errors() {
    let out = partnerdesk().args(["migrate", "--database-url", "mysql://nope"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unsupported database URL"));
}

#[tokio::test]
async fn staff_add_prints_a_temporary_password_that_signs_in() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("db/pd.db").display());
    let migrate = partnerdesk().args(["migrate", "--database-url", &url]).output().unwrap();
    assert!(migrate.status.success(), "{}", String::from_utf8_lossy(&migrate.stderr));
    assert!(dir.path().join("db/pd.db").exists());

    let out = partnerdesk()
        .args(["staff", "add", "--email", "Agent@Program.example", "--name", "Agent", "--role", "SUPPORT_AGENT", "--database-url", &url])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let password = stdout.split_whitespace().last().unwrap().to_owned();
    assert!(!stdout.contains("$argon2"));

    let store = partnerdesk::store::connect(&partnerdesk::store::DatabaseUrl::parse(&url).unwrap()).await.unwrap().store;
    let user = store.user_by_email("agent@program.example").await.unwrap().expect("staff user");
    assert!(user.must_change_password);
    assert_ne!(user.password_hash, password, "only the hash is stored");
    assert_eq!(user.organization_id, store.operator_organization().await.unwrap().id);

    let db = common::sqlite_at(&url, dir).await;
    let t = common::TestApp::new(db).await;
    let token = t.sign_in("agent@program.example", &password).await;
    let me = t.gql("{ viewer { roles mustChangePassword organization { partnerId } } }", json!({}), Some(&token)).await;
    assert_eq!(me.at("/data/viewer/roles"), &json!(["SUPPORT_AGENT"]));
    assert_eq!(me.at("/data/viewer/mustChangePassword"), &json!(true));

    // The same email twice is refused with a clear message.
    let again = partnerdesk()
        .args(["staff", "add", "--email", "agent@program.example", "--name", "A", "--role", "PROGRAM_ADMIN", "--database-url", &url])
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("EmailTaken"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_demo_answers_over_tcp_and_shuts_down_gracefully() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("demo.db").display());
    let mut server = Server::start_with(&url, NOW, &["--demo"]).await;
    let printed = server.stdout();
    for who in ["global admin", "membership admin", "member", "support agent"] {
        assert!(printed.contains(who), "{printed}");
    }
    let port = server.port;
    let body = gql(port, SIGN_IN, sign_in("admin@harborlane.example", "tidewater-lantern-42"), None).await.unwrap().json();
    assert_eq!(body["data"]["signIn"]["viewer"]["roles"], json!(["GLOBAL_ADMIN"]), "{body}");

    // Several sign-ins in flight (argon2 makes each take a while): SIGTERM
    // is sent once the server counts all four as being answered.
    let before = in_flight(port).await;
    let requests: Vec<_> =
        (0..4).map(|_| tokio::spawn(gql(port, SIGN_IN, sign_in("member@harborlane.example", "driftwood-beacon-93"), None))).collect();
    let deadline = Instant::now() + Duration::from_secs(30);
    while in_flight(port).await < before + 4 {
        assert!(Instant::now() < deadline, "the four sign-ins never were in flight together\n{}", server.proc.output());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.proc.signal("-TERM");
    for request in requests {
        let response = request.await.unwrap().expect("an in-flight request was cut off");
        let body = response.json();
        assert_eq!(response.status, 200, "{body}");
        assert!(body["data"]["signIn"]["token"].is_string(), "{body}");
    }
    let exit = server.proc.wait(Duration::from_secs(30)).await;
    assert!(exit.success(), "serve exited with {exit:?}\n{}", server.proc.output());

    // A second start does not load the demo again.
    let again = Server::start_with(&url, NOW, &["--demo"]).await;
    assert!(again.stdout().contains("already has data"), "{}", again.stdout());
}

const NOW: &str = "2026-03-01T09:00:00Z";
const SIGN_IN: &str = "mutation S($i: SignInInput!) { signIn(input: $i) { token viewer { roles } userErrors { code } } }";

fn sign_in(email: &str, password: &str) -> Value {
    json!({ "i": { "email": email, "password": password } })
}

/// Requests to /graphql the server is answering now, from its metrics.
async fn in_flight(port: u16) -> i64 {
    let metrics = http(port, "GET", "/metrics", None, None).await.expect("GET /metrics").body;
    metrics
        .lines()
        .find_map(|l| l.strip_prefix("partnerdesk_http_requests_in_flight{route=\"/graphql\"} "))
        .map_or(0, |v| v.trim().parse().expect("a gauge value"))
}

#[tokio::test]
async fn every_command_that_writes_messages_reads_locales() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("pd.db").display());
    let locales = dir.path().join("locales");
    for lang in ["en", "fr"] {
        std::fs::create_dir_all(locales.join(lang)).unwrap();
        std::fs::write(locales.join(lang).join("broken.ftl"), "this is = not { Fluent\n").unwrap();
    }
    let locales = locales.display().to_string();
    let staff = ["staff", "add", "--email", "a@program.example", "--name", "A", "--role", "SUPPORT_AGENT"];
    for command in [&["jobs", "run"][..], &staff[..], &["serve", "--listen", "127.0.0.1:0"][..]] {
        let mut run = partnerdesk();
        run.args(command).args(["--database-url", &url, "--locales", &locales]);
        // Each must refuse to start: one that starts instead (`serve` would
        // serve on) fails the test when the time is up, and is killed.
        let mut proc = Proc::spawn(&command.join(" "), run, |_| {});
        let status = proc.wait(Duration::from_secs(30)).await;
        let stderr = proc.stderr.lock().unwrap().join("\n");
        assert!(!status.success(), "{command:?} ignored --locales");
        assert!(stderr.contains("the Fluent files have errors") && stderr.contains("broken.ftl"), "{command:?}: {stderr}");
    }
}

#[tokio::test]
async fn jobs_mails_lists_the_outbox_without_bodies() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("pd.db").display());
    let db = common::sqlite_at(&url, dir).await;
    let t = common::TestApp::new(db).await;
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let card = t.add_card(&admin, "4242424242424242").await;
    t.purchase(&admin, &card, None).await.assert_ok();
    let body = &t.db.store.recent_mails(1).await.unwrap()[0].body;

    let mut run = partnerdesk();
    run.args(["jobs", "mails", "--limit", "5", "--database-url", &url]);
    let mut proc = Proc::spawn("jobs mails", run, |_| {});
    let status = proc.wait(Duration::from_secs(30)).await;
    let stdout = proc.stdout.lock().unwrap().join("\n");
    assert!(status.success(), "{}", proc.stderr.lock().unwrap().join("\n"));
    let line = stdout.lines().find(|l| l.contains("admin@contoso.example")).unwrap_or_else(|| panic!("{stdout}"));
    assert!(line.contains("PENDING") && line.contains("Order ORD-"), "{line}");
    let first_body_line = body.lines().find(|l| l.len() > 20).expect("a body line");
    assert!(!stdout.contains(first_body_line), "bodies stay out of the listing: {stdout}");
}

/// `jobs run --support-portal-url`: the deployment's own support portal is
/// the one the activation mails name; a URL that is not http(s) is refused.
#[tokio::test]
async fn jobs_run_sends_the_deployments_support_portal() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("pd.db").display());
    let outbox = tempfile::tempdir().unwrap();
    let db = common::sqlite_at(&url, dir).await;
    let t = common::TestApp::new(db).await;
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let card = t.add_card(&admin, "4242424242424242").await;
    t.purchase(&admin, &card, None).await.assert_ok();
    let support = t.gql("{ organization { benefits(category: SUPPORT) { id } } }", json!({}), Some(&admin.token)).await;
    let assign = "mutation S($input: AssignSupportBenefitInput!) { assignSupportBenefit(input: $input) { userErrors { code } } }";
    let input = json!({ "input": { "benefitId": support.str("/data/organization/benefits/0/id"), "userId": admin.user_id, "alternateEmail": "desk@contoso.example" } });
    assert_eq!(t.gql(assign, input, Some(&admin.token)).await.user_error_codes("assignSupportBenefit"), Vec::<String>::new());

    let jobs = |portal: &str| {
        let mut run = partnerdesk();
        run.args(["jobs", "run", "--database-url", &url, "--now", "2017-03-05T09:00:00Z", "--support-portal-url", portal]);
        run.arg("--mail").arg(format!("dir:{}", outbox.path().display()));
        run
    };
    let mut refused = Proc::spawn("jobs run (ftp portal)", jobs("ftp://files.contoso.example/"), |_| {});
    assert!(!refused.wait(Duration::from_secs(30)).await.success());
    let stderr = refused.stderr.lock().unwrap().join("\n");
    assert!(stderr.contains("--support-portal-url") && stderr.contains("http or https"), "{stderr}");

    let mut run = Proc::spawn("jobs run", jobs("https://help.contoso.example/support"), |_| {});
    let status = run.wait(Duration::from_secs(60)).await;
    assert!(status.success(), "{}", run.stderr.lock().unwrap().join("\n"));
    assert!(run.stdout.lock().unwrap().join("\n").contains("activations: 1"));
    let instructions: Vec<String> = std::fs::read_dir(outbox.path())
        .unwrap()
        .map(|f| std::fs::read_to_string(f.unwrap().path()).unwrap())
        .filter(|mail| mail.contains("Your support plan is active"))
        .collect();
    assert_eq!(instructions.len(), 2, "one for each address");
    assert!(instructions.iter().all(|m| m.contains("https://help.contoso.example/support")), "{instructions:#?}");
}

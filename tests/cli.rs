//! The real binary: `schema`, `migrate`, `staff add`, and `serve --demo` over
//! TCP with a graceful shutdown on SIGTERM.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};

fn partnerdesk() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_partnerdesk"));
    c.env_remove("DATABASE_URL").env("PARTNERDESK_LOG", "warn");
    c
}

/// A one-shot HTTP/1.1 POST of a GraphQL body; returns status and JSON.
fn post_graphql(port: u16, body: &Value) -> (u16, Value) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    send_graphql(&mut stream, body);
    read_response(stream)
}

fn send_graphql(stream: &mut TcpStream, body: &Value) {
    let body = body.to_string();
    let request = format!(
        "POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).expect("write");
}

fn read_response(mut stream: TcpStream) -> (u16, Value) {
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    let text = String::from_utf8_lossy(&raw);
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or_default();
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

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

    let store = partnerdesk::store::connect(&partnerdesk::store::DatabaseUrl::parse(&url).unwrap()).await.unwrap();
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

#[test]
fn serve_demo_answers_over_tcp_and_shuts_down_gracefully() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("demo.db").display());
    let port = free_port();
    let mut child = partnerdesk()
        .args(["serve", "--demo", "--listen", &format!("127.0.0.1:{port}"), "--database-url", &url])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut printed = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        let ready = line.contains("listening on");
        printed.push(line);
        if ready {
            break;
        }
    }
    let printed = printed.join("\n");
    for who in ["global admin", "membership admin", "member", "support agent"] {
        assert!(printed.contains(who), "{printed}");
    }
    let sign_in = |email: &str, password: &str| {
        json!({ "query": "mutation S($i: SignInInput!) { signIn(input: $i) { token viewer { roles } userErrors { code } } }",
                "variables": { "i": { "email": email, "password": password } } })
    };
    let (status, body) = post_graphql(port, &sign_in("admin@harborlane.example", "tidewater-lantern-42"));
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["signIn"]["viewer"]["roles"], json!(["GLOBAL_ADMIN"]));

    // Several sign-ins in flight (argon2 makes each take a while), then SIGTERM.
    let streams: Vec<TcpStream> = (0..4)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            send_graphql(&mut s, &sign_in("member@harborlane.example", "driftwood-beacon-93"));
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(30));
    let kill = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(kill.success());
    for s in streams {
        let (status, body) = read_response(s);
        assert_eq!(status, 200, "an in-flight request was cut off: {body}");
        assert!(body["data"]["signIn"]["token"].is_string(), "{body}");
    }
    let exit = child.wait().unwrap();
    assert!(exit.success(), "serve exited with {exit:?}");

    // A second start does not load the demo again.
    let out = partnerdesk()
        .args(["serve", "--demo", "--listen", &format!("127.0.0.1:{}", free_port()), "--database-url", &url])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = out;
    let first = BufReader::new(out.stdout.take().unwrap()).lines().next().unwrap().unwrap();
    let _ = out.kill();
    let _ = out.wait();
    assert!(first.contains("already has data"), "{first}");
}

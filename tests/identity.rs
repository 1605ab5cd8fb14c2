//! Identity and access over HTTP through the real router, on both databases:
//! joining, signing in and out, passwords, user management, permissions and
//! isolation between organizations.

mod common;

use chrono::TimeDelta;
use common::{TestApp, TestDb, PASSWORD};
use serde_json::json;

const JOIN: &str = "mutation J($input: JoinNetworkInput!) { joinNetwork(input: $input) {
    organization { id partnerId legalName country membership { level networkMemberSince } }
    user { id email roles mustChangePassword }
    userErrors { field code message } } }";
const SIGN_IN: &str =
    "mutation S($input: SignInInput!) { signIn(input: $input) { token expiresAt viewer { email } userErrors { field code message } } }";
const CREATE_USER: &str = "mutation C($input: CreateUserInput!) { createUser(input: $input) { user { id roles mustChangePassword } temporaryPassword userErrors { field code message } } }";
const SET_ROLES: &str =
    "mutation R($input: SetUserRolesInput!) { setUserRoles(input: $input) { user { id roles } userErrors { field code message } } }";
const DEACTIVATE: &str =
    "mutation D($input: DeactivateUserInput!) { deactivateUser(input: $input) { user { id active } userErrors { field code message } } }";
const CHANGE_PASSWORD: &str = "mutation P($input: ChangePasswordInput!) { changePassword(input: $input) { viewer { mustChangePassword } userErrors { field code message } } }";
const VIEWER: &str = "{ viewer { id email } }";

async fn joining_makes_a_network_member_with_a_global_admin(db: TestDb) {
    let t = TestApp::new(db).await;
    let input = json!({ "input": { "legalName": "  Harbor Lane Ltd ", "country": "fr", "adminEmail": "Ada@Example.com",
        "adminDisplayName": "Ada", "adminPassword": PASSWORD } });
    let r = t.gql(JOIN, input.clone(), None).await;
    r.assert_ok();
    assert_eq!(r.at("/data/joinNetwork/userErrors"), &json!([]));
    let partner_id = r.str("/data/joinNetwork/organization/partnerId");
    assert!(partner_id.len() == 7 && partner_id.bytes().all(|b| b.is_ascii_digit()), "{partner_id}");
    assert_eq!(r.str("/data/joinNetwork/organization/legalName"), "Harbor Lane Ltd");
    assert_eq!(r.str("/data/joinNetwork/organization/country"), "FR");
    assert_eq!(r.str("/data/joinNetwork/organization/membership/level"), "NETWORK");
    assert_eq!(r.str("/data/joinNetwork/organization/membership/networkMemberSince"), "2017-03-01T09:00:00+00:00");
    assert_eq!(r.at("/data/joinNetwork/user/roles"), &json!(["GLOBAL_ADMIN"]));
    assert_eq!(r.str("/data/joinNetwork/user/email"), "ada@example.com");

    // The same email again is taken, whatever its case.
    let again = t
        .gql(
            JOIN,
            json!({ "input": { "legalName": "Other", "country": "US", "adminEmail": "ADA@example.com",
        "adminDisplayName": "Ada", "adminPassword": PASSWORD } }),
            None,
        )
        .await;
    assert_eq!(again.user_error_codes("joinNetwork"), ["EMAIL_TAKEN"]);
    assert_eq!(again.at("/data/joinNetwork/userErrors/0/field"), &json!(["input", "adminEmail"]));
    assert!(again.at("/data/joinNetwork/organization").is_null());
}

async fn joining_reports_every_invalid_field_at_once_and_writes_nothing(db: TestDb) {
    let t = TestApp::new(db).await;
    let r = t
        .gql_with(
            JOIN,
            json!({ "input": { "legalName": " ", "country": "XX", "adminEmail": "not-an-email",
            "adminDisplayName": "", "adminPassword": "short" } }),
            None,
            Some("fr-FR,fr;q=0.9"),
        )
        .await;
    r.assert_ok();
    let errors = r.at("/data/joinNetwork/userErrors").as_array().unwrap().clone();
    let fields: Vec<_> = errors.iter().map(|e| e["field"][1].as_str().unwrap().to_owned()).collect();
    assert_eq!(fields, ["legalName", "country", "adminEmail", "adminDisplayName", "adminPassword"]);
    assert_eq!(errors[4]["code"], "WEAK_PASSWORD");
    assert_eq!(errors[2]["message"], "Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.");
    assert!(t.db.store.has_no_partners().await.unwrap());
}

async fn sign_in_gives_a_token_that_sign_out_revokes(db: TestDb) {
    let t = TestApp::new(db).await;
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let r = t.gql(VIEWER, json!({}), Some(&admin.token)).await;
    r.assert_ok();
    assert_eq!(r.str("/data/viewer/email"), "admin@contoso.example");
    assert_eq!(r.str("/data/viewer/id"), admin.user_id);

    let out = t.gql("mutation { signOut(input: {}) { ok userErrors { code } } }", json!({}), Some(&admin.token)).await;
    out.assert_ok();
    assert_eq!(out.at("/data/signOut/ok"), &json!(true));
    let after = t.gql(VIEWER, json!({}), Some(&admin.token)).await;
    assert_eq!(after.error_code(), Some("UNAUTHENTICATED"));
    assert!(after.str("/errors/0/message").contains("expired or was revoked"));
}

async fn tokens_expire_after_twelve_hours(db: TestDb) {
    let t = TestApp::new(db).await;
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let r = t.gql(SIGN_IN, json!({ "input": { "email": "admin@contoso.example", "password": PASSWORD } }), None).await;
    assert_eq!(r.str("/data/signIn/expiresAt"), "2017-03-01T21:00:00+00:00");
    t.clock.advance(TimeDelta::hours(12) - TimeDelta::seconds(1));
    t.gql(VIEWER, json!({}), Some(&admin.token)).await.assert_ok();
    t.clock.advance(TimeDelta::seconds(1));
    assert_eq!(t.gql(VIEWER, json!({}), Some(&admin.token)).await.error_code(), Some("UNAUTHENTICATED"));
}

async fn wrong_credentials_are_one_error_in_both_languages(db: TestDb) {
    let t = TestApp::new(db).await;
    t.join("Contoso", "admin@contoso.example").await;
    for (email, password) in [("admin@contoso.example", "wrong password!"), ("nobody@contoso.example", PASSWORD)] {
        let en = t.gql(SIGN_IN, json!({ "input": { "email": email, "password": password } }), None).await;
        en.assert_ok();
        assert_eq!(en.user_error_codes("signIn"), ["INVALID_CREDENTIALS"]);
        assert_eq!(en.str("/data/signIn/userErrors/0/message"), "The email address or password is incorrect.");
        assert!(en.at("/data/signIn/token").is_null());
        let fr = t.gql_with(SIGN_IN, json!({ "input": { "email": email, "password": password } }), None, Some("fr")).await;
        assert_eq!(fr.str("/data/signIn/userErrors/0/message"), "L’adresse e-mail ou le mot de passe est incorrect.");
    }
}

async fn repeated_failed_sign_ins_are_refused_for_a_while(db: TestDb) {
    let t = TestApp::new(db).await;
    t.join("Contoso", "admin@contoso.example").await;
    let attempt = |password: &'static str| {
        let t = &t;
        async move { t.gql(SIGN_IN, json!({ "input": { "email": "admin@contoso.example", "password": password } }), None).await }
    };
    for _ in 0..5 {
        assert_eq!(attempt("wrong password!").await.user_error_codes("signIn"), ["INVALID_CREDENTIALS"]);
    }
    // Even the right password is refused now, with a clear error and a retry time.
    let refused = attempt(PASSWORD).await;
    assert_eq!(refused.error_code(), Some("RATE_LIMITED"), "{}", refused.body);
    assert_eq!(refused.at("/errors/0/extensions/retryAfter"), &json!(900));
    assert!(refused.str("/errors/0/message").contains("900 seconds"));
    t.clock.advance(TimeDelta::minutes(15));
    let ok = attempt(PASSWORD).await;
    ok.assert_ok();
    assert!(ok.at("/data/signIn/token").is_string());
}

async fn changing_the_password_checks_the_current_one_and_signs_out_elsewhere(db: TestDb) {
    let t = TestApp::new(db).await;
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let other_token = t.sign_in("admin@contoso.example", PASSWORD).await;
    let wrong = t
        .gql(
            CHANGE_PASSWORD,
            json!({ "input": { "currentPassword": "nope nope nope", "newPassword": "a brand new passphrase" } }),
            Some(&admin.token),
        )
        .await;
    assert_eq!(wrong.user_error_codes("changePassword"), ["INVALID_CREDENTIALS"]);
    assert_eq!(wrong.at("/data/changePassword/userErrors/0/field"), &json!(["input", "currentPassword"]));
    let weak =
        t.gql(CHANGE_PASSWORD, json!({ "input": { "currentPassword": PASSWORD, "newPassword": "short" } }), Some(&admin.token)).await;
    assert_eq!(weak.user_error_codes("changePassword"), ["WEAK_PASSWORD"]);
    let ok = t
        .gql(
            CHANGE_PASSWORD,
            json!({ "input": { "currentPassword": PASSWORD, "newPassword": "a brand new passphrase" } }),
            Some(&admin.token),
        )
        .await;
    assert_eq!(ok.at("/data/changePassword/userErrors"), &json!([]), "{}", ok.body);
    t.gql(VIEWER, json!({}), Some(&admin.token)).await.assert_ok();
    assert_eq!(t.gql(VIEWER, json!({}), Some(&other_token)).await.error_code(), Some("UNAUTHENTICATED"));
    t.sign_in("admin@contoso.example", "a brand new passphrase").await;
}

async fn a_temporary_password_must_be_changed_first(db: TestDb) {
    let t = TestApp::new(db).await;
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let created = t
        .gql(
            CREATE_USER,
            json!({ "input": { "email": "new@contoso.example", "displayName": "New", "roles": ["ACCOUNT_ADMIN"] } }),
            Some(&admin.token),
        )
        .await;
    created.assert_ok();
    let temporary = created.str("/data/createUser/temporaryPassword");
    assert!(temporary.len() >= 16);
    assert_eq!(created.at("/data/createUser/user/mustChangePassword"), &json!(true));

    let token = t.sign_in("new@contoso.example", &temporary).await;
    let viewer = t.gql("{ viewer { mustChangePassword } }", json!({}), Some(&token)).await;
    assert_eq!(viewer.at("/data/viewer/mustChangePassword"), &json!(true));
    let blocked = t.gql("{ organization { users(first: 5) { totalCount } } }", json!({}), Some(&token)).await;
    assert_eq!(blocked.error_code(), Some("FORBIDDEN"));
    assert_eq!(blocked.at("/errors/0/extensions/reason"), &json!("PASSWORD_CHANGE_REQUIRED"));
    let mutation = t
        .gql(CREATE_USER, json!({ "input": { "email": "x@contoso.example", "displayName": "X", "roles": ["MEMBER"] } }), Some(&token))
        .await;
    assert_eq!(mutation.user_error_codes("createUser"), ["PASSWORD_CHANGE_REQUIRED"]);

    let changed = t.gql(CHANGE_PASSWORD, json!({ "input": { "currentPassword": temporary, "newPassword": PASSWORD } }), Some(&token)).await;
    assert_eq!(changed.at("/data/changePassword/viewer/mustChangePassword"), &json!(false));
    t.gql("{ organization { users(first: 5) { totalCount } } }", json!({}), Some(&token)).await.assert_ok();
}

async fn roles_follow_the_permission_table(db: TestDb) {
    let t = TestApp::new(db).await;
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let accounts = t.add_user(&admin, "accounts@contoso.example", &["ACCOUNT_ADMIN"]).await;
    let member = t.add_user(&admin, "member@contoso.example", &["MEMBER"]).await;

    // An account admin manages users but cannot grant global admin.
    let grant = t
        .gql(
            CREATE_USER,
            json!({ "input": { "email": "ga@contoso.example", "displayName": "GA", "roles": ["GLOBAL_ADMIN"] } }),
            Some(&accounts.token),
        )
        .await;
    assert_eq!(grant.error_code(), Some("FORBIDDEN"));
    assert!(grant.at("/data").is_null() || grant.at("/data/createUser").is_null());
    let promote =
        t.gql(SET_ROLES, json!({ "input": { "userId": member.user_id, "roles": ["GLOBAL_ADMIN"] } }), Some(&accounts.token)).await;
    assert_eq!(promote.error_code(), Some("FORBIDDEN"));
    let billing = t
        .gql(SET_ROLES, json!({ "input": { "userId": member.user_id, "roles": ["BILLING_ADMIN", "MEMBER"] } }), Some(&accounts.token))
        .await;
    assert_eq!(billing.at("/data/setUserRoles/user/roles"), &json!(["BILLING_ADMIN", "MEMBER"]), "{}", billing.body);
    let demote_admin = t.gql(SET_ROLES, json!({ "input": { "userId": admin.user_id, "roles": ["MEMBER"] } }), Some(&accounts.token)).await;
    assert_eq!(demote_admin.error_code(), Some("FORBIDDEN"));

    // A member (now billing admin) cannot manage users or read the audit log.
    let denied = t
        .gql(
            CREATE_USER,
            json!({ "input": { "email": "y@contoso.example", "displayName": "Y", "roles": ["MEMBER"] } }),
            Some(&member.token),
        )
        .await;
    assert_eq!(denied.error_code(), Some("FORBIDDEN"));
    assert_eq!(
        t.gql("{ organization { auditLog(first: 5) { totalCount } } }", json!({}), Some(&member.token)).await.error_code(),
        Some("FORBIDDEN")
    );

    // Empty role lists and staff roles are invalid input on `roles`.
    for roles in [json!([]), json!(["SUPPORT_AGENT"])] {
        let r = t.gql(SET_ROLES, json!({ "input": { "userId": member.user_id, "roles": roles } }), Some(&admin.token)).await;
        assert_eq!(r.user_error_codes("setUserRoles"), ["INVALID_INPUT"]);
        assert_eq!(r.at("/data/setUserRoles/userErrors/0/field"), &json!(["input", "roles"]));
    }
}

async fn the_last_global_admin_stays(db: TestDb) {
    let t = TestApp::new(db).await;
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let demote = t.gql(SET_ROLES, json!({ "input": { "userId": admin.user_id, "roles": ["MEMBER"] } }), Some(&admin.token)).await;
    assert_eq!(demote.user_error_codes("setUserRoles"), ["LAST_GLOBAL_ADMIN"]);
    let deactivate = t.gql(DEACTIVATE, json!({ "input": { "userId": admin.user_id } }), Some(&admin.token)).await;
    assert_eq!(deactivate.user_error_codes("deactivateUser"), ["LAST_GLOBAL_ADMIN"]);
    assert_eq!(
        t.gql_with(DEACTIVATE, json!({ "input": { "userId": admin.user_id } }), Some(&admin.token), Some("fr"))
            .await
            .str("/data/deactivateUser/userErrors/0/message"),
        "L’organisation doit conserver au moins un administrateur général actif."
    );
    // With a second global admin, the first may step down.
    let second = t.add_user(&admin, "second@contoso.example", &["GLOBAL_ADMIN"]).await;
    let ok = t.gql(SET_ROLES, json!({ "input": { "userId": admin.user_id, "roles": ["MEMBER"] } }), Some(&second.token)).await;
    assert_eq!(ok.at("/data/setUserRoles/user/roles"), &json!(["MEMBER"]), "{}", ok.body);
}

async fn a_deactivated_user_is_signed_out_and_cannot_sign_in(db: TestDb) {
    let t = TestApp::new(db).await;
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let member = t.add_user(&admin, "member@contoso.example", &["MEMBER"]).await;
    let r = t.gql(DEACTIVATE, json!({ "input": { "userId": member.user_id } }), Some(&admin.token)).await;
    assert_eq!(r.at("/data/deactivateUser/user/active"), &json!(false), "{}", r.body);
    assert_eq!(t.gql(VIEWER, json!({}), Some(&member.token)).await.error_code(), Some("UNAUTHENTICATED"));
    let again = t.gql(SIGN_IN, json!({ "input": { "email": "member@contoso.example", "password": PASSWORD } }), None).await;
    assert_eq!(again.user_error_codes("signIn"), ["INVALID_CREDENTIALS"]);
}

async fn another_organizations_ids_answer_like_missing_ones(db: TestDb) {
    let t = TestApp::new(db).await;
    let a = t.join("Contoso", "admin@contoso.example").await;
    let b = t.join("Fabrikam", "admin@fabrikam.example").await;
    let b_member = t.add_user(&b, "member@fabrikam.example", &["MEMBER"]).await;
    let missing = partnerdesk::domain::GlobalId::new(partnerdesk::domain::NodeKind::User, 999_999).encode();

    let foreign = t.gql(SET_ROLES, json!({ "input": { "userId": b_member.user_id, "roles": ["MEMBER"] } }), Some(&a.token)).await;
    let absent = t.gql(SET_ROLES, json!({ "input": { "userId": missing, "roles": ["MEMBER"] } }), Some(&a.token)).await;
    let garbage = t.gql(SET_ROLES, json!({ "input": { "userId": "garbage", "roles": ["MEMBER"] } }), Some(&a.token)).await;
    assert_eq!(foreign.user_error_codes("setUserRoles"), ["NOT_FOUND"]);
    assert_eq!(foreign.at("/data/setUserRoles"), absent.at("/data/setUserRoles"));
    assert_eq!(foreign.at("/data/setUserRoles"), garbage.at("/data/setUserRoles"));
    let deactivate = t.gql(DEACTIVATE, json!({ "input": { "userId": b_member.user_id } }), Some(&a.token)).await;
    assert_eq!(deactivate.user_error_codes("deactivateUser"), ["NOT_FOUND"]);
    t.gql(VIEWER, json!({}), Some(&b_member.token)).await.assert_ok();

    let nodes = "query N($ids: [ID!]!) { nodes(ids: $ids) { id } }";
    let r = t
        .gql(
            nodes,
            json!({ "ids": [b_member.user_id, b.organization_id, missing, a.user_id, a.organization_id, "garbage"] }),
            Some(&a.token),
        )
        .await;
    r.assert_ok();
    assert_eq!(r.at("/data/nodes"), &json!([null, null, null, { "id": a.user_id }, { "id": a.organization_id }, null]));
    let one =
        t.gql("query N($id: ID!) { node(id: $id) { id ... on User { email } } }", json!({ "id": b_member.user_id }), Some(&a.token)).await;
    assert_eq!(one.at("/data/node"), &json!(null));
}

async fn users_and_the_audit_log_are_paged_connections(db: TestDb) {
    let t = TestApp::new(db).await;
    let admin = t.join("Contoso", "admin@contoso.example").await;
    for i in 0..3 {
        t.add_user(&admin, &format!("u{i}@contoso.example"), &["MEMBER"]).await;
    }
    let q = "query U($after: String) { organization { users(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { email } } } } }";
    let p1 = t.gql(q, json!({}), Some(&admin.token)).await;
    p1.assert_ok();
    assert_eq!(p1.at("/data/organization/users/totalCount"), &json!(4));
    assert_eq!(p1.at("/data/organization/users/pageInfo/hasNextPage"), &json!(true));
    let p2 = t.gql(q, json!({ "after": p1.str("/data/organization/users/pageInfo/endCursor") }), Some(&admin.token)).await;
    let emails: Vec<_> = p2
        .at("/data/organization/users/edges")
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["email"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(emails, ["u1@contoso.example", "u2@contoso.example"]);
    assert_eq!(p2.at("/data/organization/users/pageInfo/hasNextPage"), &json!(false));

    let members = t.gql("{ organization { users(first: 10, role: MEMBER) { totalCount } } }", json!({}), Some(&admin.token)).await;
    assert_eq!(members.at("/data/organization/users/totalCount"), &json!(3));
    for bad in ["first: 0", "first: 101", ""] {
        let r = t.gql(&format!("{{ organization {{ users({bad}) {{ totalCount }} }} }}"), json!({}), Some(&admin.token)).await;
        assert_eq!(r.error_code(), Some("BAD_REQUEST"), "{bad}: {}", r.body);
    }
    let bad_cursor = t.gql("{ organization { users(first: 2, after: \"nope\") { totalCount } } }", json!({}), Some(&admin.token)).await;
    assert_eq!(bad_cursor.error_code(), Some("BAD_REQUEST"));

    let log = t
        .gql(
            "{ organization { auditLog(first: 20) { totalCount edges { node { action actor { email } targetId } } } } }",
            json!({}),
            Some(&admin.token),
        )
        .await;
    log.assert_ok();
    let actions: Vec<_> = log
        .at("/data/organization/auditLog/edges")
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(actions.first().map(String::as_str), Some("user.password.change"));
    assert_eq!(actions.last().map(String::as_str), Some("organization.join"));
    assert_eq!(actions.iter().filter(|a| *a == "user.create").count(), 3);
}

async fn missing_and_malformed_tokens_are_unauthenticated(db: TestDb) {
    let t = TestApp::new(db).await;
    let none = t.gql(VIEWER, json!({}), None).await;
    assert_eq!(none.error_code(), Some("UNAUTHENTICATED"));
    let fr = t.gql_with(VIEWER, json!({}), None, Some("fr")).await;
    assert!(fr.str("/errors/0/message").starts_with("Connectez-vous"));
    let forged = t.gql(VIEWER, json!({}), Some("pdt_forged")).await;
    assert_eq!(forged.error_code(), Some("UNAUTHENTICATED"));
}

on_both_backends!(
    joining_makes_a_network_member_with_a_global_admin,
    joining_reports_every_invalid_field_at_once_and_writes_nothing,
    sign_in_gives_a_token_that_sign_out_revokes,
    tokens_expire_after_twelve_hours,
    wrong_credentials_are_one_error_in_both_languages,
    repeated_failed_sign_ins_are_refused_for_a_while,
    changing_the_password_checks_the_current_one_and_signs_out_elsewhere,
    a_temporary_password_must_be_changed_first,
    roles_follow_the_permission_table,
    the_last_global_admin_stays,
    a_deactivated_user_is_signed_out_and_cannot_sign_in,
    another_organizations_ids_answer_like_missing_ones,
    users_and_the_audit_log_are_paged_connections,
    missing_and_malformed_tokens_are_unauthenticated,
);

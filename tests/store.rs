//! The store conformance suite: every case runs on SQLite and on PostgreSQL
//! (when TEST_DATABASE_URL is set), each on a fresh database.

mod common;

use chrono::TimeDelta;
use common::{at, TestDb, START};
use partnerdesk::domain::catalog::CompetencyLevel;
use partnerdesk::domain::identity::OrganizationKind;
use partnerdesk::domain::money::Currency;
use partnerdesk::domain::{ErrorCode, GlobalId, NodeKind, Role, RoleSet};
use partnerdesk::store::{AccessChange, NewAuditEvent, NewOrganization, NewUser, PageRequest, StoreError};

fn new_org(partner_id: &str) -> NewOrganization {
    NewOrganization { partner_id: partner_id.into(), legal_name: "Contoso".into(), country: "FR".into() }
}

fn new_user(email: &str, roles: &[Role]) -> NewUser {
    NewUser {
        email: email.into(),
        display_name: "Someone".into(),
        password_hash: "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g".into(),
        roles: RoleSet::from_roles(roles.iter().copied()).bits(),
        must_change_password: false,
        language: partnerdesk::domain::Lang::En,
    }
}

fn audit(actor: Option<i64>, action: &'static str) -> NewAuditEvent {
    NewAuditEvent { actor_user_id: actor, action, target: None }
}

async fn migrations_run_again_without_change(db: TestDb) {
    db.store.migrate().await.unwrap();
    db.store.migrate().await.unwrap();
    db.store.ping().await.unwrap();
    let operator = db.store.operator_organization().await.unwrap();
    assert_eq!(operator.kind, OrganizationKind::Operator);
    assert!(db.store.has_no_partners().await.unwrap());
}

async fn joining_creates_organization_admin_and_audit_event(db: TestDb) {
    let now = at(START);
    let (org, admin) = db.store.join_network(new_org("4801234"), new_user("a@example.com", &[Role::GlobalAdmin]), now).await.unwrap();
    assert_eq!(org.partner_id, "4801234");
    assert_eq!(org.kind, OrganizationKind::Partner);
    assert_eq!(org.network_member_since, Some(now));
    assert_eq!(org.created_at, now);
    assert_eq!(admin.organization_id, org.id);
    assert!(admin.active);
    assert_eq!(db.store.organization(org.id).await.unwrap(), Some(org.clone()));
    assert_eq!(db.store.user_by_email("a@example.com").await.unwrap(), Some(admin.clone()));
    assert!(!db.store.has_no_partners().await.unwrap());
    let log = db.store.audit_page(org.id, PageRequest { after: None, first: 10 }).await.unwrap();
    assert_eq!(log.total, 1);
    assert_eq!(log.rows[0].action, "organization.join");
    assert_eq!(log.rows[0].actor_user_id, Some(admin.id));
    assert_eq!(log.rows[0].target_id, Some(GlobalId::new(NodeKind::Organization, org.id).encode()));
}

async fn timestamps_round_trip_to_the_microsecond(db: TestDb) {
    let now = at("2017-03-01T09:00:00.123456Z");
    let (org, _) = db.store.join_network(new_org("4801235"), new_user("t@example.com", &[Role::GlobalAdmin]), now).await.unwrap();
    assert_eq!(db.store.organization(org.id).await.unwrap().unwrap().created_at, now);
}

async fn unique_emails_and_partner_numbers_are_conflicts(db: TestDb) {
    let now = at(START);
    let (org, admin) = db.store.join_network(new_org("4801234"), new_user("a@example.com", &[Role::GlobalAdmin]), now).await.unwrap();
    let err = db.store.join_network(new_org("4801234"), new_user("b@example.com", &[Role::GlobalAdmin]), now).await.unwrap_err();
    assert!(err.is_conflict_on("partner_id"), "{err:?}");
    let err = db
        .store
        .create_user(org.id, new_user("a@example.com", &[Role::Member]), audit(Some(admin.id), "user.create"), now)
        .await
        .unwrap_err();
    assert!(err.is_conflict_on("email"), "{err:?}");
    // The failed join left nothing behind: no second admin, no orphan user.
    assert!(db.store.user_by_email("b@example.com").await.unwrap().is_none());
    assert_eq!(db.store.audit_page(org.id, PageRequest { after: None, first: 10 }).await.unwrap().total, 1);
}

async fn users_are_paged_and_filtered_by_role(db: TestDb) {
    let now = at(START);
    let (org, admin) = db.store.join_network(new_org("4801234"), new_user("a@example.com", &[Role::GlobalAdmin]), now).await.unwrap();
    for i in 0..5 {
        let roles: &[Role] = if i % 2 == 0 { &[Role::Member] } else { &[Role::BillingAdmin, Role::Member] };
        db.store
            .create_user(org.id, new_user(&format!("u{i}@example.com"), roles), audit(Some(admin.id), "user.create"), now)
            .await
            .unwrap();
    }
    let first = db.store.users_page(org.id, None, PageRequest { after: None, first: 4 }).await.unwrap();
    assert_eq!((first.rows.len(), first.has_next, first.total), (4, true, 6));
    assert_eq!(first.rows[0].id, admin.id);
    let rest = db.store.users_page(org.id, None, PageRequest { after: Some(first.rows[3].id), first: 4 }).await.unwrap();
    assert_eq!((rest.rows.len(), rest.has_next), (2, false));
    let billing =
        db.store.users_page(org.id, Some(RoleSet::bit_of(Role::BillingAdmin)), PageRequest { after: None, first: 10 }).await.unwrap();
    assert_eq!((billing.rows.len(), billing.total), (2, 2));
    // Another organization's users never show up.
    let (other, _) = db.store.join_network(new_org("4809999"), new_user("z@example.com", &[Role::GlobalAdmin]), now).await.unwrap();
    assert_eq!(db.store.users_page(other.id, None, PageRequest { after: None, first: 10 }).await.unwrap().total, 1);
}

async fn the_last_global_admin_cannot_be_demoted_or_deactivated(db: TestDb) {
    let now = at(START);
    let (org, admin) = db.store.join_network(new_org("4801234"), new_user("a@example.com", &[Role::GlobalAdmin]), now).await.unwrap();
    let member_bits = RoleSet::from_roles([Role::Member]).bits();
    for change in [AccessChange::SetRoles(member_bits), AccessChange::Deactivate] {
        let err = db.store.update_user_access(org.id, admin.id, change, audit(Some(admin.id), "x"), now).await.unwrap_err();
        assert!(matches!(err, StoreError::Rule(r) if r.code == ErrorCode::LastGlobalAdmin), "{err:?}");
    }
    // Nothing changed, not even the audit log.
    assert_eq!(db.store.user(admin.id).await.unwrap().unwrap(), admin);
    assert_eq!(db.store.audit_page(org.id, PageRequest { after: None, first: 10 }).await.unwrap().total, 1);

    let second = db
        .store
        .create_user(org.id, new_user("b@example.com", &[Role::GlobalAdmin]), audit(Some(admin.id), "user.create"), now)
        .await
        .unwrap();
    let demoted = db
        .store
        .update_user_access(org.id, admin.id, AccessChange::SetRoles(member_bits), audit(Some(second.id), "user.roles.set"), now)
        .await
        .unwrap();
    assert_eq!(demoted.roles, member_bits);
    // A user of another organization is not found through this one.
    let err = db.store.update_user_access(org.id + 1000, second.id, AccessChange::Deactivate, audit(None, "x"), now).await.unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
}

async fn concurrent_demotions_keep_one_global_admin(db: TestDb) {
    let now = at(START);
    let (org, a) = db.store.join_network(new_org("4801234"), new_user("a@example.com", &[Role::GlobalAdmin]), now).await.unwrap();
    let b =
        db.store.create_user(org.id, new_user("b@example.com", &[Role::GlobalAdmin]), audit(Some(a.id), "user.create"), now).await.unwrap();
    let member_bits = RoleSet::from_roles([Role::Member]).bits();
    for _round in 0..3 {
        let (s1, s2) = (db.store.clone(), db.store.clone());
        let (r1, r2) = tokio::join!(
            async move { s1.update_user_access(org.id, a.id, AccessChange::SetRoles(member_bits), audit(Some(b.id), "x"), now).await },
            async move { s2.update_user_access(org.id, b.id, AccessChange::Deactivate, audit(Some(a.id), "x"), now).await },
        );
        assert!(r1.is_ok() != r2.is_ok(), "exactly one may succeed: {r1:?} {r2:?}");
        let admins =
            db.store.users_page(org.id, Some(RoleSet::bit_of(Role::GlobalAdmin)), PageRequest { after: None, first: 10 }).await.unwrap();
        assert_eq!(admins.rows.iter().filter(|u| u.active).count(), 1);
        // Restore both admins for the next round.
        let ga = RoleSet::from_roles([Role::GlobalAdmin]).bits();
        sqlx_restore(&db, a.id, ga).await;
        sqlx_restore(&db, b.id, ga).await;
    }
}

/// Puts a user back to an active global admin, through the store's own API
/// where it allows it.
async fn sqlx_restore(db: &TestDb, user_id: i64, roles: i64) {
    let user = db.store.user(user_id).await.unwrap().unwrap();
    if user.active {
        db.store
            .update_user_access(user.organization_id, user_id, AccessChange::SetRoles(roles), audit(None, "x"), at(START))
            .await
            .unwrap();
    } else {
        // The store offers no reactivation; do it directly.
        let pool_url = db.url.clone();
        reactivate(&pool_url, user_id).await;
    }
}

async fn reactivate(url: &str, user_id: i64) {
    use sqlx::Connection;
    let sql = "UPDATE users SET active = TRUE WHERE id = $1";
    if url.starts_with("sqlite") {
        let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
        sqlx::query(sql).bind(user_id).execute(&mut c).await.unwrap();
    } else {
        let mut c = sqlx::PgConnection::connect(url).await.unwrap();
        sqlx::query(sql).bind(user_id).execute(&mut c).await.unwrap();
    }
}

async fn sessions_expire_are_revoked_and_die_with_their_user(db: TestDb) {
    let now = at(START);
    let (org, admin) = db.store.join_network(new_org("4801234"), new_user("a@example.com", &[Role::GlobalAdmin]), now).await.unwrap();
    let user =
        db.store.create_user(org.id, new_user("b@example.com", &[Role::Member]), audit(Some(admin.id), "user.create"), now).await.unwrap();
    let s1 = db.store.create_session(user.id, "hash-1", now, now + TimeDelta::hours(12)).await.unwrap();
    let (found, found_user, found_org) = db.store.session_by_token("hash-1", now).await.unwrap().unwrap();
    assert_eq!((found.id, found_user.id), (s1.id, user.id));
    assert_eq!(found_org, org, "the session brings its user's organization");
    assert!(db.store.session_by_token("hash-1", now + TimeDelta::hours(12)).await.unwrap().is_none(), "expired");
    assert!(db.store.session_by_token("nope", now).await.unwrap().is_none());
    db.store.revoke_session(s1.id, now).await.unwrap();
    assert!(db.store.session_by_token("hash-1", now).await.unwrap().is_none(), "revoked");

    // A password change keeps the current session and revokes the others.
    let keep = db.store.create_session(user.id, "hash-2", now, now + TimeDelta::hours(1)).await.unwrap();
    db.store.create_session(user.id, "hash-3", now, now + TimeDelta::hours(1)).await.unwrap();
    let changed =
        db.store.set_password(user.id, "new-hash", Some(keep.id), audit(Some(user.id), "user.password.change"), now).await.unwrap();
    assert_eq!(changed.password_hash, "new-hash");
    assert!(db.store.session_by_token("hash-2", now).await.unwrap().is_some());
    assert!(db.store.session_by_token("hash-3", now).await.unwrap().is_none());

    // Deactivation ends every session.
    db.store.update_user_access(org.id, user.id, AccessChange::Deactivate, audit(Some(admin.id), "user.deactivate"), now).await.unwrap();
    assert!(db.store.session_by_token("hash-2", now).await.unwrap().is_none());
}

async fn sign_in_failures_are_counted_per_email_and_address(db: TestDb) {
    let t0 = at(START);
    for i in 0..3 {
        db.store.record_sign_in_failure("a@example.com", "10.0.0.1", t0 + TimeDelta::minutes(i)).await.unwrap();
    }
    db.store.record_sign_in_failure("b@example.com", "10.0.0.1", t0 + TimeDelta::minutes(5)).await.unwrap();
    let counts = db.store.sign_in_failures("a@example.com", "10.0.0.1", t0 - TimeDelta::seconds(1)).await.unwrap();
    assert_eq!((counts.by_email, counts.by_address), (3, 4));
    assert_eq!(counts.oldest_by_email, Some(t0));
    let later = db.store.sign_in_failures("a@example.com", "10.0.0.1", t0 + TimeDelta::seconds(90)).await.unwrap();
    assert_eq!((later.by_email, later.by_address), (1, 2));
    db.store.clear_sign_in_failures("a@example.com", t0).await.unwrap();
    let cleared = db.store.sign_in_failures("a@example.com", "10.0.0.1", t0 - TimeDelta::seconds(1)).await.unwrap();
    assert_eq!((cleared.by_email, cleared.by_address), (0, 1));
}

async fn audit_log_pages_newest_first(db: TestDb) {
    let now = at(START);
    let (org, admin) = db.store.join_network(new_org("4801234"), new_user("a@example.com", &[Role::GlobalAdmin]), now).await.unwrap();
    for i in 0..4 {
        let u = new_user(&format!("u{i}@example.com"), &[Role::Member]);
        db.store.create_user(org.id, u, audit(Some(admin.id), "user.create"), now + TimeDelta::seconds(i)).await.unwrap();
    }
    let page = db.store.audit_page(org.id, PageRequest { after: None, first: 3 }).await.unwrap();
    assert_eq!((page.rows.len(), page.has_next, page.total), (3, true, 5));
    assert!(page.rows.windows(2).all(|w| w[0].id > w[1].id));
    let next = db.store.audit_page(org.id, PageRequest { after: Some(page.rows[2].id), first: 3 }).await.unwrap();
    assert_eq!((next.rows.len(), next.has_next), (2, false));
    assert_eq!(next.rows[1].action, "organization.join");
    let one = db.store.audit_event(page.rows[0].id).await.unwrap().unwrap();
    assert_eq!(one, page.rows[0]);
    // Past the last row the page is empty and the total is counted apart.
    let past = db.store.audit_page(org.id, PageRequest { after: Some(next.rows[1].id), first: 3 }).await.unwrap();
    assert_eq!((past.rows.len(), past.has_next, past.total), (0, false, 5));
}

async fn membership_facts_bring_competencies_in_one_read(db: TestDb) {
    let now = at(START);
    let (org, admin) = db.store.join_network(new_org("4801234"), new_user("a@example.com", &[Role::GlobalAdmin]), now).await.unwrap();
    let (other, _) = db.store.join_network(new_org("4805678"), new_user("b@example.com", &[Role::GlobalAdmin]), now).await.unwrap();
    let grant = |area: &'static str, level: CompetencyLevel, days: i64| {
        let store = db.store.clone();
        async move {
            let a = audit(Some(admin.id), "competency.grant");
            store.grant_competency(org.id, area, level, now + TimeDelta::days(days), a, now).await.unwrap()
        }
    };
    let silver = grant("DEVOPS", CompetencyLevel::Silver, 365).await;
    let gold = grant("SECURITY", CompetencyLevel::Gold, -1).await;
    let offer = db.store.offers().await.unwrap()[0].id;
    let facts = db.store.membership_facts(org.id, offer).await.unwrap();
    assert_eq!(facts.live_action_pack, None, "nothing bought");
    assert_eq!(facts.competencies, vec![silver, gold], "every competency, oldest first, expired ones included");
    assert_eq!(facts.competencies, db.store.competencies(org.id).await.unwrap());
    let empty = db.store.membership_facts(other.id, offer).await.unwrap();
    assert_eq!(empty, partnerdesk::store::MembershipFacts::default(), "another organization's facts are its own");
}

on_both_backends!(
    migrations_run_again_without_change,
    joining_creates_organization_admin_and_audit_event,
    timestamps_round_trip_to_the_microsecond,
    unique_emails_and_partner_numbers_are_conflicts,
    users_are_paged_and_filtered_by_role,
    the_last_global_admin_cannot_be_demoted_or_deactivated,
    concurrent_demotions_keep_one_global_admin,
    sessions_expire_are_revoked_and_die_with_their_user,
    sign_in_failures_are_counted_per_email_and_address,
    audit_log_pages_newest_first,
    membership_facts_bring_competencies_in_one_read,
    a_stored_name_the_code_does_not_know_is_an_error,
);

/// Runs one statement on the test database, beside the store.
async fn execute(db: &TestDb, sql: &str) {
    use sqlx::Connection;
    if db.url.starts_with("postgres") {
        let mut c = sqlx::PgConnection::connect(&db.url).await.expect("open PostgreSQL");
        sqlx::query(sql).execute(&mut c).await.expect("statement");
    } else {
        let mut c = sqlx::SqliteConnection::connect(&db.url).await.expect("open SQLite");
        sqlx::query(sql).execute(&mut c).await.expect("statement");
    }
}

async fn a_stored_name_the_code_does_not_know_is_an_error(db: TestDb) {
    // The schema's CHECK constraints guard most such columns; an offer's
    // currency is not one of them, and a corrupt one once read as USD.
    let offer = db.store.offers().await.unwrap()[0].clone();
    assert_eq!(db.store.offer(offer.id).await.unwrap().map(|o| o.currency), Some(Currency::Usd));
    execute(&db, &format!("UPDATE offers SET currency = 'XAU' WHERE id = {}", offer.id)).await;
    match db.store.offer(offer.id).await {
        Err(StoreError::Database(sqlx::Error::ColumnDecode { index, source })) => {
            assert!(index.contains("currency"), "the column is named: {index}");
            assert!(source.to_string().contains("XAU"), "the value is named: {source}");
        }
        other => panic!("an unknown currency must be an error, not a default: {other:?}"),
    }

    // A user's language once read as English when it was anything else.
    let (_, user) = db
        .store
        .join_network(new_org("4809999"), new_user("lang@example.com", &[Role::GlobalAdmin]), common::at(common::START))
        .await
        .unwrap();
    assert_eq!(db.store.user(user.id).await.unwrap().map(|u| u.language), Some(partnerdesk::domain::Lang::En));
    execute(&db, &format!("UPDATE users SET language = 'de' WHERE id = {}", user.id)).await;
    match db.store.user(user.id).await {
        Err(StoreError::Database(sqlx::Error::ColumnDecode { source, .. })) => {
            assert!(source.to_string().contains("\"de\" is not a Lang"), "the value is named: {source}");
        }
        other => panic!("an unknown language must be an error, not English: {other:?}"),
    }
}

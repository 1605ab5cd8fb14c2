//! The API load benchmark: seeding the organizations through the app's use
//! cases.

use super::*;

/// What the bench needs to know about a seeded organization.
pub(crate) struct SeededOrg {
    pub(crate) index: usize,
    pub(crate) admin_email: String,
    pub(crate) subscription_id: i64,
    pub(crate) payment_method_id: i64,
}

pub(crate) fn must<T>(what: &str, index: usize, result: AppResult<T>) -> T {
    result.unwrap_or_else(|e| panic!("seeding organization {index}: {what}: {e:?}"))
}

pub(crate) fn purchase_key(index: usize) -> String {
    format!("bench-purchase-{index:04}")
}

/// One organization through the library API: its admin and four users, a
/// card, a purchased Action Pack, Windows keys revealed, the Azure credit
/// activated, the three Visual Studio seats and the support plan assigned.
pub(crate) async fn seed_org(app: &App, offer: &OfferRow, index: usize) -> SeededOrg {
    let domain = format!("org{index:04}.bench.example");
    let admin_email = format!("admin@{domain}");
    let join = JoinNetwork {
        legal_name: format!("Bench Partner {index:04} Ltd"),
        country: "FR".into(),
        admin_email: admin_email.clone(),
        admin_display_name: format!("Admin {index:04}"),
        admin_password: PASSWORD.into(),
    };
    let viewer = must("joinNetwork", index, app.join_network(join, Lang::En).await);
    let org = viewer.organization.clone();
    let mut users = Vec::new();
    for (n, role) in [(1, Role::Member), (2, Role::Member), (3, Role::Member), (4, Role::MembershipAdmin)] {
        let email = format!("user{n}@{domain}");
        let created = must("createUser", index, app.create_user(&viewer, &email, &format!("User {n} of {index:04}"), &[role]).await);
        users.push(created.user);
    }
    let card = CardInput {
        number: "4242424242424242".into(),
        expiry_month: 12,
        expiry_year: 2020,
        cvc: "123".into(),
        holder_name: format!("Admin {index:04}"),
    };
    let card = must("addPaymentMethod", index, app.add_payment_method(&viewer, card).await);
    let request = OrderRequest {
        target_id: offer.id,
        payment_method_id: card.id,
        accept_terms_version: offer.terms_version.clone(),
        idempotency_key: Some(purchase_key(index)),
    };
    let paid = must("purchaseOffer", index, app.purchase(&viewer, request).await);
    let subscription = paid.subscription.expect("a purchase creates a subscription");
    for benefit in must("benefits", index, app.list_benefits(&viewer, org.id, None).await) {
        let id = benefit.row.id;
        match benefit.row.product_code.as_str() {
            "WIN10_ENT_UPGRADE" => {
                must("revealProductKeys", index, app.reveal_product_keys(&viewer, id).await);
            }
            "AZURE_MONTHLY_CREDIT" => {
                must("activateBenefit", index, app.activate_benefit(&viewer, id).await);
            }
            "VS_SUBSCRIPTIONS" => {
                for user in &users[..3] {
                    must("assignBenefit", index, app.assign_benefit(&viewer, id, user.id).await);
                }
            }
            "SUPPORT_PLAN" => {
                let alternate = format!("support@alt-{domain}");
                must("assignSupportBenefit", index, app.assign_support_benefit(&viewer, id, users[3].id, &alternate).await);
            }
            _ => {}
        }
    }
    SeededOrg { index, admin_email, subscription_id: subscription.id, payment_method_id: card.id }
}

pub(crate) async fn seed(app: Arc<App>, orgs: usize, concurrency: usize) -> Vec<SeededOrg> {
    let offer = app.offers().await.expect("offers").into_iter().find(|o| o.code == "ACTION_PACK").expect("Action Pack on sale");
    let started = Instant::now();
    let mut done = 0usize;
    let mut seeded = Vec::with_capacity(orgs);
    let mut stream = futures::stream::iter(0..orgs)
        .map(|index| {
            let (app, offer) = (app.clone(), offer.clone());
            async move { seed_org(&app, &offer, index).await }
        })
        .buffer_unordered(concurrency);
    while let Some(org) = stream.next().await {
        seeded.push(org);
        done += 1;
        if done % 100 == 0 || done == orgs {
            println!("  seeded {done}/{orgs} organizations ({:.1} s)", started.elapsed().as_secs_f64());
        }
    }
    seeded.sort_by_key(|o| o.index);
    seeded
}

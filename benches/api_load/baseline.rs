//! The API load benchmark: the hand-written baseline (b), the same JSON
//! through the same use cases without GraphQL.

use super::*;

pub(crate) fn gid(kind: NodeKind, key: i64) -> String {
    GlobalId::new(kind, key).encode()
}

pub(crate) fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339()
}

pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// The dashboard's `data`, read through the same use cases the resolvers
/// call (and so the same `Store` methods), built without GraphQL.
pub(crate) async fn dashboard_data(app: &App, token: &str) -> AppResult<Value> {
    let viewer = std::sync::Arc::new(app.authenticate(token).await?);
    let org = viewer.grant(app.own_organization(&viewer).await?)?;
    let facts_of = app.membership_facts(&org);
    let org = org.row();
    let page = PageRequest { after: None, first: 5 };
    let (facts, subscriptions, benefits) =
        tokio::try_join!(facts_of, app.list_subscriptions(&viewer, org.id, None, page), app.list_benefits(&viewer, org.id, None),)?;
    let level = app.level_of(&facts);
    let action_pack = facts.live_action_pack;
    let since = org.network_member_since.ok_or_else(|| AppError::internal("no membership"))?;
    let action_pack = action_pack.map(|s: SubscriptionRow| {
        json!({ "id": gid(NodeKind::OfferSubscription, s.id), "status": s.status.as_str(), "autoRenew": s.auto_renew, "currentTermEnd": time(s.current_term_end) })
    });
    let edges: Vec<Value> = subscriptions
        .rows
        .iter()
        .map(|s| {
            json!({ "node": {
                "id": gid(NodeKind::OfferSubscription, s.id),
                "status": s.status.as_str(),
                "autoRenew": s.auto_renew,
                "currentTermStart": time(s.current_term_start),
                "currentTermEnd": time(s.current_term_end),
            } })
        })
        .collect();
    let benefits: Vec<Value> = benefits.iter().map(|b| benefit_json(app, b)).collect();
    Ok(json!({ "organization": {
        "id": gid(NodeKind::Organization, org.id),
        "partnerId": org.partner_id,
        "legalName": org.legal_name,
        "country": org.country,
        "membership": { "level": level.as_str(), "networkMemberSince": time(since), "actionPack": action_pack },
        "subscriptions": { "totalCount": subscriptions.total, "pageInfo": { "hasNextPage": subscriptions.has_next }, "edges": edges },
        "benefits": benefits,
    } }))
}

pub(crate) fn benefit_json(app: &App, b: &BenefitView) -> Value {
    let row = &b.row;
    let assignments: Vec<Value> = b
        .assignments
        .iter()
        .map(|a| {
            json!({
                "id": gid(NodeKind::BenefitAssignment, a.id),
                "status": a.status.as_str(),
                "alternateEmail": a.alternate_email,
                "user": { "id": gid(NodeKind::User, a.user.id), "email": a.user.email, "displayName": a.user.display_name },
            })
        })
        .collect();
    json!({
        "id": gid(NodeKind::Benefit, row.id),
        "product": { "code": row.product_code, "name": app.locales.text(Lang::En, &row.name_id) },
        "category": row.category.as_str(),
        "status": b.status().as_str(),
        "quantity": row.quantity,
        "assignedCount": b.assigned_count(),
        "availableCount": b.available_count(),
        "expiresAt": time(partnerdesk::domain::benefits::expires_at(row.current_term_end, row.grace_ends_at)),
        "assignments": assignments,
    })
}

/// Baseline (b): the dashboard as a plain axum handler.
pub(crate) async fn handwritten(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let Some(token) = bearer(&headers) else { return StatusCode::UNAUTHORIZED.into_response() };
    match dashboard_data(&app, token).await {
        Ok(data) => ([(header::CONTENT_TYPE, GRAPHQL_RESPONSE)], json!({ "data": data }).to_string()).into_response(),
        Err(AppError::Unauthenticated { .. }) => StatusCode::UNAUTHORIZED.into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

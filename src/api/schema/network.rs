//! Renewing network membership.

use async_graphql::{Context, InputObject, Object, SimpleObject};

use super::objects::Membership;
use super::types::{payload, UserError};
use crate::api::context::ContextExt;
use crate::app::AppError;

#[derive(InputObject)]
pub struct RenewNetworkMembershipInput {
    /// The version of the network agreement accepted (membership.networkAgreement.version)
    pub accept_agreement_version: String,
    pub idempotency_key: Option<String>,
}

#[derive(SimpleObject, Default)]
pub struct RenewNetworkMembershipPayload {
    pub membership: Option<Membership>,
    pub user_errors: Vec<UserError>,
}

#[derive(Default)]
pub struct NetworkMutation;

#[Object]
impl NetworkMutation {
    /// Renews the organization's network membership for a year, free of charge, by accepting the current network agreement.
    async fn renew_network_membership(
        &self,
        ctx: &Context<'_>,
        input: RenewNetworkMembershipInput,
    ) -> async_graphql::Result<RenewNetworkMembershipPayload> {
        let viewer = ctx.viewer().await?;
        let app = ctx.app();
        let renewed = async {
            app.renew_network(&viewer, &input.accept_agreement_version, input.idempotency_key.as_deref()).await?;
            app.own_organization(&viewer).await
        };
        let organization = match renewed.await {
            Ok(org) => ctx.grant(&viewer, org)?,
            Err(e) => return payload(ctx, Err::<(), AppError>(e), |()| RenewNetworkMembershipPayload::default()),
        };
        let since = organization.row().network_member_since.ok_or_else(|| ctx.error(AppError::internal("renewed without membership")))?;
        Ok(RenewNetworkMembershipPayload { membership: Some(Membership::new(organization, since)), user_errors: vec![] })
    }
}

super::types::impl_payload!(RenewNetworkMembershipPayload);

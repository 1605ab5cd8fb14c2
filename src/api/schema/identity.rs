//! Mutations of identity and access: joining, signing in and out, passwords
//! and user management.

use std::sync::Arc;

use async_graphql::{Context, InputObject, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};

use super::objects::{Organization, User};
use super::types::{decode_id, payload, Role, UserError};
use crate::api::context::ContextExt;
use crate::app::identity::JoinNetwork;
use crate::domain::NodeKind;

#[derive(InputObject)]
pub struct JoinNetworkInput {
    pub legal_name: String,
    /// ISO 3166-1 alpha-2, e.g. "FR"
    pub country: String,
    pub admin_email: String,
    pub admin_display_name: String,
    /// At least 12 characters
    pub admin_password: String,
}

#[derive(SimpleObject, Default)]
pub struct JoinNetworkPayload {
    pub organization: Option<Organization>,
    pub user: Option<User>,
    pub user_errors: Vec<UserError>,
}

#[derive(InputObject)]
pub struct SignInInput {
    pub email: String,
    pub password: String,
}

#[derive(SimpleObject, Default)]
pub struct SignInPayload {
    /// Bearer token; shown once
    pub token: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    pub viewer: Option<User>,
    pub user_errors: Vec<UserError>,
}

#[derive(InputObject)]
pub struct SignOutInput {
    pub client_mutation_id: Option<String>,
}

#[derive(SimpleObject, Default)]
pub struct SignOutPayload {
    pub ok: bool,
    pub user_errors: Vec<UserError>,
}

#[derive(InputObject)]
pub struct ChangePasswordInput {
    pub current_password: String,
    pub new_password: String,
}

#[derive(SimpleObject, Default)]
pub struct ChangePasswordPayload {
    pub viewer: Option<User>,
    pub user_errors: Vec<UserError>,
}

#[derive(InputObject)]
pub struct CreateUserInput {
    pub email: String,
    pub display_name: String,
    pub roles: Vec<Role>,
}

#[derive(SimpleObject, Default)]
pub struct CreateUserPayload {
    pub user: Option<User>,
    /// Shown once; must be changed at first sign-in
    pub temporary_password: Option<String>,
    pub user_errors: Vec<UserError>,
}

#[derive(InputObject)]
pub struct SetUserRolesInput {
    pub user_id: ID,
    pub roles: Vec<Role>,
}

#[derive(SimpleObject, Default)]
pub struct SetUserRolesPayload {
    pub user: Option<User>,
    pub user_errors: Vec<UserError>,
}

#[derive(InputObject)]
pub struct DeactivateUserInput {
    pub user_id: ID,
}

#[derive(SimpleObject, Default)]
pub struct DeactivateUserPayload {
    pub user: Option<User>,
    pub user_errors: Vec<UserError>,
}

fn domain_roles(roles: &[Role]) -> Vec<crate::domain::Role> {
    roles.iter().map(|r| (*r).into()).collect()
}

#[derive(Default)]
pub struct IdentityMutation;

#[Object]
impl IdentityMutation {
    /// Creates a partner organization, a network member from now on, with its
    /// first global admin. Needs no token.
    async fn join_network(&self, ctx: &Context<'_>, input: JoinNetworkInput) -> async_graphql::Result<JoinNetworkPayload> {
        let join = JoinNetwork {
            legal_name: input.legal_name,
            country: input.country,
            admin_email: input.admin_email,
            admin_display_name: input.admin_display_name,
            admin_password: input.admin_password,
        };
        // The payload is read as the new admin.
        payload(ctx, ctx.app().join_network(join, ctx.request().lang).await, |admin| {
            let admin = Arc::new(admin);
            JoinNetworkPayload {
                organization: admin.grant(admin.organization.clone()).ok().map(Organization),
                user: admin.grant(admin.user.clone()).ok().map(User),
                user_errors: vec![],
            }
        })
    }

    /// Exchanges an email and password for a bearer token. Needs no token.
    async fn sign_in(&self, ctx: &Context<'_>, input: SignInInput) -> async_graphql::Result<SignInPayload> {
        let address = &ctx.request().address;
        payload(ctx, ctx.app().sign_in(&input.email, &input.password, address).await, |s| SignInPayload {
            token: Some(s.token),
            expires_at: Some(s.expires_at),
            // Read as the user who just signed in.
            viewer: Arc::new(s.viewer).grant_self().ok().map(User),
            user_errors: vec![],
        })
    }

    /// Revokes the token this request was made with.
    async fn sign_out(&self, ctx: &Context<'_>, input: SignOutInput) -> async_graphql::Result<SignOutPayload> {
        let _ = input.client_mutation_id;
        let viewer = ctx.viewer().await?;
        payload(ctx, ctx.app().sign_out(&viewer).await, |()| SignOutPayload { ok: true, user_errors: vec![] })
    }

    /// Changes the viewer's password; other sessions are signed out.
    async fn change_password(&self, ctx: &Context<'_>, input: ChangePasswordInput) -> async_graphql::Result<ChangePasswordPayload> {
        let viewer = ctx.viewer().await?;
        payload(ctx, ctx.app().change_password(&viewer, &input.current_password, &input.new_password).await, |user| ChangePasswordPayload {
            viewer: viewer.grant(user).ok().map(User),
            user_errors: vec![],
        })
    }

    /// Adds a user to the viewer's organization with a temporary password.
    async fn create_user(&self, ctx: &Context<'_>, input: CreateUserInput) -> async_graphql::Result<CreateUserPayload> {
        let viewer = ctx.viewer().await?;
        payload(ctx, ctx.app().create_user(&viewer, &input.email, &input.display_name, &domain_roles(&input.roles)).await, |c| {
            CreateUserPayload {
                user: viewer.grant(c.user).ok().map(User),
                temporary_password: Some(c.temporary_password),
                user_errors: vec![],
            }
        })
    }

    /// Replaces a user's roles.
    async fn set_user_roles(&self, ctx: &Context<'_>, input: SetUserRolesInput) -> async_graphql::Result<SetUserRolesPayload> {
        let viewer = ctx.viewer().await?;
        let result = match decode_id(&input.user_id, NodeKind::User, "userId") {
            Ok(user_id) => ctx.app().set_user_roles(&viewer, user_id, &domain_roles(&input.roles)).await,
            Err(e) => Err(e),
        };
        payload(ctx, result, |user| SetUserRolesPayload { user: viewer.grant(user).ok().map(User), user_errors: vec![] })
    }

    /// Deactivates a user: no more sign-ins, and their tokens stop working.
    async fn deactivate_user(&self, ctx: &Context<'_>, input: DeactivateUserInput) -> async_graphql::Result<DeactivateUserPayload> {
        let viewer = ctx.viewer().await?;
        let result = match decode_id(&input.user_id, NodeKind::User, "userId") {
            Ok(user_id) => ctx.app().deactivate_user(&viewer, user_id).await,
            Err(e) => Err(e),
        };
        payload(ctx, result, |user| DeactivateUserPayload { user: viewer.grant(user).ok().map(User), user_errors: vec![] })
    }
}

super::types::impl_payload!(
    JoinNetworkPayload,
    SignInPayload,
    SignOutPayload,
    ChangePasswordPayload,
    CreateUserPayload,
    SetUserRolesPayload,
    DeactivateUserPayload
);

//! Joining the network, signing in and out, passwords, and who the viewer is.

use chrono::{DateTime, Utc};
use rand::Rng;

use super::errors::Checks;
use super::secrets::{hash_token, new_token};
use super::{App, AppError, AppResult};
use crate::domain::identity::{check_password, clean_name, normalize_country, normalize_email, OrganizationKind};
use crate::domain::{Action, ErrorCode, Role, RoleSet, RuleError};
use crate::i18n::Lang;
use crate::store::{NewAuditEvent, NewOrganization, NewUser, OrganizationRow, StoreError, UserRow};

/// The signed-in user behind a request, with their live session.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub user: UserRow,
    /// The user's organization, read with the session.
    pub organization: OrganizationRow,
    pub roles: RoleSet,
    /// The session the request came with; 0 for the admin `joinNetwork` returns.
    pub session_id: i64,
}

impl Viewer {
    pub fn organization_id(&self) -> i64 {
        self.user.organization_id
    }

    pub fn user_id(&self) -> i64 {
        self.user.id
    }

    /// Whether the viewer belongs to a partner or to the program operator.
    pub fn organization_kind(&self) -> OrganizationKind {
        self.organization.kind
    }

    /// Allows `action` or says why not. Until a temporary password is
    /// changed, nothing that needs a permission is allowed.
    pub fn require(&self, action: Action) -> AppResult<()> {
        if self.user.must_change_password {
            return Err(AppError::rule(None, ErrorCode::PasswordChangeRequired));
        }
        if self.roles.allows(action) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Whether the viewer may do `action` (without saying why not).
    pub fn may(&self, action: Action) -> bool {
        self.require(action).is_ok()
    }

    /// An audit event by this viewer.
    pub(crate) fn audit(&self, action: &'static str) -> NewAuditEvent {
        NewAuditEvent { actor_user_id: Some(self.user.id), action, target: None }
    }
}

/// What `joinNetwork` asks for.
#[derive(Debug, Clone)]
pub struct JoinNetwork {
    pub legal_name: String,
    pub country: String,
    pub admin_email: String,
    pub admin_display_name: String,
    pub admin_password: String,
}

/// A successful sign-in: the token is shown once.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    /// The new session's viewer, to read the sign-in's payload with.
    pub viewer: Viewer,
}

impl App {
    /// The viewer for a bearer token; `Unauthenticated` if it is unknown,
    /// expired or revoked, or its user was deactivated.
    pub async fn authenticate(&self, token: &str) -> AppResult<Viewer> {
        let found = self.store.session_by_token(&hash_token(token), self.clock.now()).await?;
        let (session, user, organization) = found.ok_or(AppError::Unauthenticated { token_invalid: true })?;
        let roles = super::users::stored_roles(&user)?;
        Ok(Viewer { user, organization, roles, session_id: session.id })
    }

    /// Creates a partner organization, a network member from now on, with its
    /// first global admin. Every invalid field is reported at once. The admin
    /// comes back as a viewer without a session (sign in to get one).
    pub async fn join_network(&self, input: JoinNetwork, lang: Lang) -> AppResult<Viewer> {
        let mut checks = Checks::default();
        let legal_name = checks.check("legalName", clean_name(&input.legal_name, 2, 200));
        let country = checks.check("country", normalize_country(&input.country));
        let email = checks.check("adminEmail", normalize_email(&input.admin_email));
        let display_name = checks.check("adminDisplayName", clean_name(&input.admin_display_name, 1, 100));
        let password_ok = checks.check("adminPassword", check_password(&input.admin_password, email.as_deref().unwrap_or_default()));
        checks.finish()?;
        let (Some(legal_name), Some(country), Some(email), Some(display_name), Some(())) =
            (legal_name, country, email, display_name, password_ok)
        else {
            return Err(AppError::internal("join_network: checks passed without values"));
        };
        if self.store.user_by_email(&email).await?.is_some() {
            return Err(AppError::rule(Some("adminEmail"), ErrorCode::EmailTaken));
        }
        let admin = NewUser {
            email,
            display_name,
            password_hash: self.hash_password(&input.admin_password).await?,
            roles: RoleSet::from_roles([Role::GlobalAdmin]).bits(),
            must_change_password: false,
            language: lang,
        };
        // Partner numbers are random; on the rare collision, draw again.
        for _ in 0..8 {
            let org = NewOrganization {
                partner_id: rand::thread_rng().gen_range(2_000_000..=9_999_999).to_string(),
                legal_name: legal_name.clone(),
                country: country.clone(),
            };
            match self.store.join_network(org, admin.clone(), self.clock.now()).await {
                Err(e) if e.is_conflict_on("partner_id") => continue,
                Err(e) if e.is_conflict_on("email") => return Err(AppError::rule(Some("adminEmail"), ErrorCode::EmailTaken)),
                other => {
                    let (organization, user) = other?;
                    return Ok(Viewer { roles: RoleSet::from_roles([Role::GlobalAdmin]), session_id: 0, user, organization });
                }
            }
        }
        Err(AppError::internal("no free partner number after 8 draws"))
    }

    /// Checks an email and password and opens a session. Unknown emails,
    /// wrong passwords and deactivated users all get `INVALID_CREDENTIALS`,
    /// in about the same time. Repeated failures are refused for a while.
    pub async fn sign_in(&self, email: &str, password: &str, address: &str) -> AppResult<SignedIn> {
        let now = self.clock.now();
        let window = self.settings.sign_in_window;
        let email = normalize_email(email).unwrap_or_else(|_| email.trim().to_lowercase());
        let failures = self.store.sign_in_failures(&email, address, now - window).await?;
        let limited = [
            (failures.by_email >= self.settings.sign_in_max_per_email, failures.oldest_by_email),
            (failures.by_address >= self.settings.sign_in_max_per_address, failures.oldest_by_address),
        ];
        if let Some(retry_at) = limited.iter().filter(|(over, _)| *over).filter_map(|(_, oldest)| oldest.map(|t| t + window)).max() {
            return Err(AppError::RateLimited { retry_after_secs: (retry_at - now).num_seconds().max(1) });
        }
        let user = self.store.user_by_email(&email).await?;
        let verified = self.verify_password(password, user.as_ref().map(|u| u.password_hash.as_str())).await?;
        let user = match user {
            Some(user) if verified && user.active => user,
            _ => {
                self.store.record_sign_in_failure(&email, address, now).await?;
                return Err(AppError::rule(None, ErrorCode::InvalidCredentials));
            }
        };
        self.store.clear_sign_in_failures(&email, now - window).await?;
        let (token, token_hash) = new_token();
        let expires_at = now + self.settings.token_ttl;
        self.store.create_session(user.id, &token_hash, now, expires_at).await?;
        let viewer = self.authenticate(&token).await?;
        Ok(SignedIn { token, expires_at, viewer })
    }

    /// Revokes the viewer's token.
    pub async fn sign_out(&self, viewer: &Viewer) -> AppResult<()> {
        Ok(self.store.revoke_session(viewer.session_id, self.clock.now()).await?)
    }

    /// Changes the viewer's password, clears the temporary-password flag and
    /// signs out every other session.
    pub async fn change_password(&self, viewer: &Viewer, current: &str, new: &str) -> AppResult<UserRow> {
        if !self.verify_password(current, Some(&viewer.user.password_hash)).await? {
            return Err(AppError::rule(Some("currentPassword"), ErrorCode::InvalidCredentials));
        }
        if current == new {
            return Err(AppError::rule(
                Some("newPassword"),
                RuleError { code: ErrorCode::WeakPassword, detail: Some("error-password-reused") },
            ));
        }
        check_password(new, &viewer.user.email).map_err(|e| AppError::rule(Some("newPassword"), e))?;
        let hash = self.hash_password(new).await?;
        let audit = viewer.audit("user.password.change");
        match self.store.set_password(viewer.user_id(), &hash, Some(viewer.session_id), audit, self.clock.now()).await {
            Err(StoreError::NotFound) => Err(AppError::Unauthenticated { token_invalid: true }),
            other => Ok(other?),
        }
    }
}

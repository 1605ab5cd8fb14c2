//! Benefits: listing them with their assignments (in a fixed number of
//! queries), revealing product keys, downloads, and assigning seats, the
//! Azure credit and the support plan.

use std::collections::HashMap;

use rand::RngCore;

use super::mail::MailArg;
use super::{App, AppError, AppResult, Viewer};
use crate::domain::benefits::{
    benefit_status, check_alternate_email, product_key, AssignmentStatus, BenefitStatus, OperatingSystem, Portal,
};
use crate::domain::catalog::{ActivationMethod, BenefitCategory};
use crate::domain::{Action, RuleError};
use crate::store::{AssignmentRow, BenefitRow, DownloadRow, Effects, NewAssignment, StoreError};

/// A benefit with its assignments (and their users), ready to show.
#[derive(Debug, Clone)]
pub struct BenefitView {
    pub row: BenefitRow,
    pub assignments: Vec<AssignmentRow>,
}

impl BenefitView {
    pub fn activation(&self) -> ActivationMethod {
        self.row.activation
    }

    pub fn subscription_live(&self) -> bool {
        self.row.subscription_status.is_live()
    }

    pub fn status(&self) -> BenefitStatus {
        let statuses: Vec<AssignmentStatus> = self.assignments.iter().map(|a| a.status).collect();
        benefit_status(self.subscription_live(), self.activation(), self.row.keys_revealed, &statuses)
    }

    pub fn assigned_count(&self) -> i32 {
        self.assignments.len() as i32
    }

    /// Seats left; for product keys, the licenses (they are not assigned).
    pub fn available_count(&self) -> i32 {
        match self.row.seats {
            Some(seats) => (seats - self.assigned_count()).max(0),
            None => self.row.quantity,
        }
    }
}

/// A revealed product key.
#[derive(Debug, Clone)]
pub struct RevealedKey {
    pub product_code: String,
    pub name_id: String,
    pub key: String,
    pub instructions_id: String,
}

/// Pending assignments activated per round.
const ACTIVATION_BATCH: i64 = 100;

/// The Fluent id of a product's special instructions.
pub fn instructions_id(product_code: &str) -> String {
    format!("benefit-instructions-{}", product_code.to_ascii_lowercase().replace('_', "-"))
}

impl App {
    /// The organization's benefits, optionally one tab, with assignments and
    /// users: two queries whatever their number.
    pub async fn list_benefits(
        &self,
        viewer: &Viewer,
        organization_id: i64,
        category: Option<BenefitCategory>,
    ) -> AppResult<Vec<BenefitView>> {
        self.require_own(viewer, organization_id, Action::ViewBenefits)?;
        let rows = self.store.benefits(organization_id, category).await?;
        let mut by_benefit: HashMap<i64, Vec<AssignmentRow>> = HashMap::new();
        for a in self.store.organization_assignments(organization_id).await? {
            by_benefit.entry(a.benefit_id).or_default().push(a);
        }
        Ok(rows.into_iter().map(|row| BenefitView { assignments: by_benefit.remove(&row.id).unwrap_or_default(), row }).collect())
    }

    /// A benefit the viewer may see: the organization's, for benefit managers.
    pub async fn visible_benefit(&self, viewer: &Viewer, id: i64) -> AppResult<Option<BenefitView>> {
        if !viewer.may(Action::ViewBenefits) {
            return Ok(None);
        }
        self.benefit_as_seen_by(viewer, id).await.map(|b| b.filter(|b| b.row.organization_id == viewer.organization_id()))
    }

    /// A benefit with the assignments the viewer may see: all of them for
    /// benefit managers, their own otherwise. Whether the viewer may see the
    /// benefit at all is for its grant to say.
    pub(crate) async fn benefit_as_seen_by(&self, viewer: &Viewer, id: i64) -> AppResult<Option<BenefitView>> {
        let Some(row) = self.store.benefit(id).await? else { return Ok(None) };
        let mut assignments = self.store.benefit_assignments(row.id).await?;
        if !viewer.may(Action::ViewBenefits) {
            assignments.retain(|a| a.user_id == viewer.user_id());
        }
        Ok(Some(BenefitView { row, assignments }))
    }

    /// The benefit of an assignment, with the assignments the viewer may see.
    pub async fn assignment_benefit(&self, viewer: &Viewer, assignment: &AssignmentRow) -> AppResult<Option<BenefitView>> {
        self.benefit_as_seen_by(viewer, assignment.benefit_id).await
    }

    /// The benefits assigned to the viewer.
    pub async fn own_assignments(&self, viewer: &Viewer, user_id: i64) -> AppResult<Vec<AssignmentRow>> {
        if user_id == viewer.user_id() {
            viewer.require(Action::ViewOwnAssignments)?;
        } else {
            viewer.require(Action::ViewBenefits)?;
        }
        Ok(self.store.user_assignments(user_id).await?.into_iter().filter(|a| a.organization_id == viewer.organization_id()).collect())
    }

    /// An assignment the viewer may see: their own, or any in the organization for benefit managers.
    pub async fn visible_assignment(&self, viewer: &Viewer, id: i64) -> AppResult<Option<AssignmentRow>> {
        let found = self.store.assignment(id).await?.filter(|a| a.organization_id == viewer.organization_id());
        Ok(found.filter(|a| a.user_id == viewer.user_id() || viewer.may(Action::ViewBenefits)))
    }

    /// A benefit to change: managed by the viewer, live, and activated the expected way.
    async fn managed_benefit(&self, viewer: &Viewer, id: i64, expected: &[ActivationMethod]) -> AppResult<BenefitView> {
        viewer.require(Action::ManageBenefits)?;
        let benefit = self.visible_benefit(viewer, id).await?.ok_or_else(|| AppError::not_found("benefitId"))?;
        if !benefit.subscription_live() {
            return Err(AppError::rule(Some("benefitId"), crate::domain::ErrorCode::SubscriptionNotActive));
        }
        if !expected.contains(&benefit.activation()) {
            return Err(AppError::rule(Some("benefitId"), RuleError::invalid("error-benefit-activation-mismatch")));
        }
        Ok(benefit)
    }

    /// Reveals a benefit's product keys (generated once, the same ever after). Audited.
    pub async fn reveal_product_keys(&self, viewer: &Viewer, id: i64) -> AppResult<Vec<RevealedKey>> {
        viewer.require(Action::RevealProductKeys)?;
        let benefit = self.managed_benefit(viewer, id, &[ActivationMethod::ProductKey]).await?;
        let effects = Effects { audit: viewer.audit("benefit.keys.reveal"), mails: Vec::new() };
        let sealer = self.sealer().await?;
        let key = loop {
            let mut random = [0u8; 25];
            rand::rngs::OsRng.fill_bytes(&mut random);
            let candidate = sealer.seal(&product_key(&random))?;
            match self.store.reveal_key(benefit.row.id, &candidate, effects.clone(), self.clock.now()).await {
                // Another benefit already has this key: draw again.
                Err(e) if e.is_conflict_on("fingerprint") => continue,
                other => break sealer.open(&other?)?,
            }
        };
        Ok(vec![RevealedKey {
            instructions_id: instructions_id(&benefit.row.product_code),
            product_code: benefit.row.product_code,
            name_id: benefit.row.name_id,
            key,
        }])
    }

    /// Usage-based cloud services: the viewer assigns themselves.
    pub async fn activate_benefit(&self, viewer: &Viewer, id: i64) -> AppResult<(BenefitView, AssignmentRow)> {
        let benefit = self.managed_benefit(viewer, id, &[ActivationMethod::AssignSelf]).await?;
        let new = NewAssignment {
            benefit_id: benefit.row.id,
            user_id: viewer.user_id(),
            alternate_email: None,
            status: AssignmentStatus::Active,
            activates_at: None,
        };
        let assignment = self.assign(new, Effects { audit: viewer.audit("benefit.activate"), mails: Vec::new() }).await?;
        Ok((self.reload_benefit(viewer, id).await?, assignment))
    }

    /// Gives one seat to one active user of the organization.
    pub async fn assign_benefit(&self, viewer: &Viewer, id: i64, user_id: i64) -> AppResult<(BenefitView, AssignmentRow)> {
        let benefit = self.managed_benefit(viewer, id, &[ActivationMethod::AssignUser]).await?;
        self.assignable_user(viewer, user_id).await?;
        let new = NewAssignment {
            benefit_id: benefit.row.id,
            user_id,
            alternate_email: None,
            status: AssignmentStatus::Active,
            activates_at: None,
        };
        let assignment = self.assign(new, Effects { audit: viewer.audit("benefit.assign"), mails: Vec::new() }).await?;
        Ok((self.reload_benefit(viewer, id).await?, assignment))
    }

    /// Frees a seat.
    pub async fn unassign_benefit(&self, viewer: &Viewer, assignment_id: i64) -> AppResult<BenefitView> {
        viewer.require(Action::ManageBenefits)?;
        let assignment = self.visible_assignment(viewer, assignment_id).await?.ok_or_else(|| AppError::not_found("assignmentId"))?;
        let benefit = self
            .managed_benefit(
                viewer,
                assignment.benefit_id,
                &[ActivationMethod::AssignUser, ActivationMethod::AssignSelf, ActivationMethod::AssignUserWithAlternateEmail],
            )
            .await?;
        match self
            .store
            .unassign_benefit(assignment_id, Effects { audit: viewer.audit("benefit.unassign"), mails: Vec::new() }, self.clock.now())
            .await
        {
            Err(StoreError::NotFound) => return Err(AppError::not_found("assignmentId")),
            other => other?,
        }
        self.reload_benefit(viewer, benefit.row.id).await
    }

    /// Assigns the support plan to a user with an alternate email; it stays
    /// pending until the activation job runs. Both addresses are mailed.
    pub async fn assign_support_benefit(&self, viewer: &Viewer, id: i64, user_id: i64, alternate_email: &str) -> AppResult<AssignmentRow> {
        let benefit = self.managed_benefit(viewer, id, &[ActivationMethod::AssignUserWithAlternateEmail]).await?;
        let user = self.assignable_user(viewer, user_id).await?;
        let alternate = check_alternate_email(alternate_email, &user.email).map_err(|e| AppError::rule(Some("alternateEmail"), e))?;
        let activates_at = self.clock.now() + self.settings.support_activation_delay;
        let args = [("alternateEmail", MailArg::Text(alternate.clone())), ("activatesAt", MailArg::Date(activates_at))];
        let mails = vec![
            self.render_mail(&user, &alternate, "support-assigned", &args),
            self.render_mail(&user, &user.email, "support-assigned", &args),
        ];
        let new = NewAssignment {
            benefit_id: benefit.row.id,
            user_id,
            alternate_email: Some(alternate),
            status: AssignmentStatus::PendingActivation,
            activates_at: Some(activates_at),
        };
        self.assign(new, Effects { audit: viewer.audit("benefit.support.assign"), mails }).await
    }

    /// Where a benefit is managed once activated, for this deployment; `None`
    /// when it is used here (product keys, downloads).
    pub fn portal_url(&self, benefit: &BenefitView) -> Option<&str> {
        benefit.row.portal.map(|portal| self.settings.portals.url(portal))
    }

    /// Activates the support plans whose delay has passed. Each user gets the
    /// access instructions at both addresses, in their language, written to
    /// the outbox in the transaction that activates: once, however many
    /// runners race. Returns how many this runner activated.
    pub async fn activate_due_assignments(&self) -> AppResult<u64> {
        let mut activated = 0;
        loop {
            let now = self.clock.now();
            let due = self.store.due_activations(now, ACTIVATION_BATCH).await?;
            let last_batch = due.len() < ACTIVATION_BATCH as usize;
            for assignment in due {
                let mut mails = Vec::new();
                if let Some(alternate) = &assignment.alternate_email {
                    let args = [
                        ("portal", MailArg::Text(self.settings.portals.url(Portal::Support).to_owned())),
                        ("accountEmail", MailArg::Text(assignment.user.email.clone())),
                        ("alternateEmail", MailArg::Text(alternate.clone())),
                    ];
                    mails.push(self.render_mail(&assignment.user, alternate, "support-active", &args));
                    mails.push(self.render_mail(&assignment.user, &assignment.user.email, "support-active", &args));
                }
                let audit = crate::store::NewAuditEvent { actor_user_id: None, action: "benefit.support.activate", target: None };
                if self.store.activate_assignment(assignment.id, Effects { audit, mails }, now).await? {
                    activated += 1;
                }
            }
            if last_batch {
                return Ok(activated);
            }
        }
    }

    /// The files of a software benefit for one language and operating system.
    pub async fn downloads(&self, product_code: &str, language: &str, operating_system: OperatingSystem) -> AppResult<Vec<DownloadRow>> {
        let files: Vec<DownloadRow> = self
            .downloads_catalog()
            .await?
            .iter()
            .filter(|d| d.product_code == product_code && d.language == language && d.operating_system == operating_system)
            .cloned()
            .collect();
        if files.is_empty() {
            return Err(AppError::rule(Some("language"), RuleError::invalid("error-download-unsupported")));
        }
        Ok(files)
    }

    /// Every download of a product (the catalog is read once, then kept).
    pub async fn product_downloads(&self, product_code: &str) -> AppResult<Vec<DownloadRow>> {
        Ok(self.downloads_catalog().await?.iter().filter(|d| d.product_code == product_code).cloned().collect())
    }

    async fn downloads_catalog(&self) -> AppResult<&Vec<DownloadRow>> {
        self.downloads.get_or_try_init(|| async { Ok::<_, AppError>(self.store.downloads().await?) }).await
    }

    async fn assignable_user(&self, viewer: &Viewer, user_id: i64) -> AppResult<crate::store::UserRow> {
        let user = self
            .store
            .user(user_id)
            .await?
            .filter(|u| u.organization_id == viewer.organization_id())
            .ok_or_else(|| AppError::not_found("userId"))?;
        if !user.active {
            return Err(AppError::rule(Some("userId"), RuleError::invalid("error-user-inactive")));
        }
        Ok(user)
    }

    async fn assign(&self, new: NewAssignment, effects: Effects) -> AppResult<AssignmentRow> {
        let field = if new.alternate_email.is_some() { "benefitId" } else { "userId" };
        match self.store.assign_benefit(new, effects, self.clock.now()).await {
            Err(StoreError::Rule(rule)) => {
                Err(AppError::rule(Some(if rule.code == crate::domain::ErrorCode::AlreadyAssigned { "userId" } else { field }), rule))
            }
            Err(StoreError::Conflict(_)) => Err(AppError::rule(Some("userId"), crate::domain::ErrorCode::AlreadyAssigned)),
            other => Ok(other?),
        }
    }

    async fn reload_benefit(&self, viewer: &Viewer, id: i64) -> AppResult<BenefitView> {
        self.visible_benefit(viewer, id).await?.ok_or_else(|| AppError::internal("benefit vanished"))
    }
}

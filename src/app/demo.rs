//! Demo data for `serve --demo`: a partner organization with a user for each
//! kind of person, and a support agent. Loaded only into an empty database.

use chrono::Datelike;

use super::{App, AppResult};
use crate::domain::Role;
use crate::i18n::Lang;
use crate::store::NewAuditEvent;

/// A demo account and how to sign in as it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAccount {
    pub email: &'static str,
    pub password: &'static str,
    pub roles: &'static [Role],
    pub who: &'static str,
}

/// The demo organization's legal name.
pub const DEMO_ORGANIZATION: &str = "Harbor Lane Software Ltd";

/// Every demo account. The passwords are public: this data is for trying the product.
pub const DEMO_ACCOUNTS: [DemoAccount; 5] = [
    DemoAccount { email: "admin@harborlane.example", password: "tidewater-lantern-42", roles: &[Role::GlobalAdmin], who: "global admin" },
    DemoAccount {
        email: "membership@harborlane.example",
        password: "saltmarsh-compass-17",
        roles: &[Role::MembershipAdmin],
        who: "membership admin",
    },
    DemoAccount { email: "member@harborlane.example", password: "driftwood-beacon-93", roles: &[Role::Member], who: "member" },
    DemoAccount {
        email: "support@partnerdesk.example",
        password: "lighthouse-keeper-58",
        roles: &[Role::SupportAgent],
        who: "support agent (program staff)",
    },
    DemoAccount {
        email: "program@partnerdesk.example",
        password: "harbor-pilot-lamp-61",
        roles: &[Role::ProgramAdmin],
        who: "program admin (program staff: grants competencies)",
    },
];

impl App {
    /// Loads the demo data when no partner organization exists yet. Returns
    /// the accounts created, or `None` when the database already had data.
    pub async fn load_demo(&self) -> AppResult<Option<&'static [DemoAccount]>> {
        if !self.store.has_no_partners().await? {
            return Ok(None);
        }
        let [admin, membership, member, support, program] = &DEMO_ACCOUNTS;
        let join = super::identity::JoinNetwork {
            legal_name: DEMO_ORGANIZATION.into(),
            country: "US".into(),
            admin_email: admin.email.into(),
            admin_display_name: "Avery Harbor".into(),
            admin_password: admin.password.into(),
        };
        let viewer = self.join_network(join, Lang::En).await?;
        let org = viewer.organization.clone();
        for (account, name) in [(membership, "Morgan Lane"), (member, "Sam Rivers")] {
            let created = self.create_user(&viewer, account.email, name, account.roles).await?;
            self.set_demo_password(created.user.id, account.password).await?;
        }
        let staff = self.add_staff(support.email, "Robin Support", Role::SupportAgent).await?;
        self.set_demo_password(staff.user.id, support.password).await?;
        let staff = self.add_staff(program.email, "Jordan Keel", Role::ProgramAdmin).await?;
        self.set_demo_password(staff.user.id, program.password).await?;
        // A card and a purchased Action Pack, so that GraphiQL shows real data.
        let card = super::billing::CardInput {
            number: "4242424242424242".into(),
            expiry_month: 12,
            expiry_year: self.clock.now().year() + 3,
            cvc: "123".into(),
            holder_name: "Avery Harbor".into(),
        };
        let card = self.add_payment_method(&viewer, card).await?;
        if let Some(offer) = self.offers().await?.into_iter().find(|o| o.code == "ACTION_PACK") {
            let request = super::billing::OrderRequest {
                target_id: offer.id,
                payment_method_id: card.id,
                accept_terms_version: offer.terms_version.clone(),
                idempotency_key: Some("demo-action-pack".into()),
            };
            self.purchase(&viewer, request).await?;
            self.demo_benefits(&viewer).await?;
        }
        tracing::info!(organization = org.id, "demo data loaded");
        Ok(Some(&DEMO_ACCOUNTS))
    }

    /// Puts some benefits to use: Windows keys revealed, the Azure credit
    /// activated, a Visual Studio seat for the member, the support plan for
    /// the membership admin.
    async fn demo_benefits(&self, admin: &super::Viewer) -> AppResult<()> {
        let benefits = self.list_benefits(admin, admin.organization_id(), None).await?;
        let member = self.store.user_by_email(DEMO_ACCOUNTS[2].email).await?;
        let membership = self.store.user_by_email(DEMO_ACCOUNTS[1].email).await?;
        for benefit in benefits {
            match benefit.row.product_code.as_str() {
                "WIN10_ENT_UPGRADE" => {
                    self.reveal_product_keys(admin, benefit.row.id).await?;
                }
                "AZURE_MONTHLY_CREDIT" => {
                    self.activate_benefit(admin, benefit.row.id).await?;
                }
                "VS_SUBSCRIPTIONS" => {
                    if let Some(m) = &member {
                        self.assign_benefit(admin, benefit.row.id, m.id).await?;
                    }
                }
                "SUPPORT_PLAN" => {
                    if let Some(m) = &membership {
                        self.assign_support_benefit(admin, benefit.row.id, m.id, "support-contact@harborlane.example").await?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    async fn set_demo_password(&self, user_id: i64, password: &str) -> AppResult<()> {
        let hash = self.hash_password(password).await?;
        let audit = NewAuditEvent { actor_user_id: None, action: "user.password.set", target: None };
        self.store.set_password(user_id, &hash, None, audit, self.clock.now()).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_passwords_pass_the_policy() {
        for account in DEMO_ACCOUNTS {
            crate::domain::identity::check_password(account.password, account.email).unwrap();
        }
    }
}

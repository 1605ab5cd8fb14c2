//! The program catalog and an organization's standing in the program.

use super::{App, AppError, AppResult, Viewer};
use crate::domain::catalog::{membership_level, MembershipLevel};
use crate::domain::money::Money;
use crate::store::{AllocationRow, MembershipFacts, OfferRow, OrganizationRow};

/// The price of one term of `offer`.
pub fn offer_price(offer: &OfferRow) -> Money {
    Money { minor: offer.price_minor, currency: offer.currency }
}

/// The Fluent id of an offer's name, e.g. `term-action-pack`.
pub fn offer_name_id(offer: &OfferRow) -> String {
    format!("term-{}", offer.code.to_ascii_lowercase().replace('_', "-"))
}

/// The Fluent id of an offer's description.
pub fn offer_description_id(offer: &OfferRow) -> String {
    format!("offer-{}-description", offer.code.to_ascii_lowercase().replace('_', "-"))
}

impl App {
    /// Offers on sale (read from the store once, then kept).
    pub async fn offers(&self) -> AppResult<Vec<OfferRow>> {
        Ok(self.on_sale().await?.clone())
    }

    /// An offer on sale, by key.
    pub async fn offer_on_sale(&self, id: i64) -> AppResult<Option<OfferRow>> {
        Ok(self.on_sale().await?.iter().find(|o| o.id == id).cloned())
    }

    async fn on_sale(&self) -> AppResult<&Vec<OfferRow>> {
        self.catalog.get_or_try_init(|| async { Ok::<_, AppError>(self.store.offers().await?) }).await
    }

    pub async fn allocations(&self, offer_id: i64) -> AppResult<Vec<AllocationRow>> {
        Ok(self.store.allocations(offer_id).await?)
    }

    /// Membership levels, lowest first.
    pub async fn membership_levels(&self) -> AppResult<Vec<MembershipLevel>> {
        Ok(self.store.membership_levels().await?)
    }

    pub async fn competency_areas(&self) -> AppResult<Vec<String>> {
        Ok(self.store.competency_areas().await?)
    }

    /// The live Action Pack and the competencies, read together.
    pub(crate) async fn facts_of(&self, organization_id: i64) -> AppResult<MembershipFacts> {
        match self.on_sale().await?.iter().find(|o| o.code == "ACTION_PACK") {
            Some(action_pack) => Ok(self.store.membership_facts(organization_id, action_pack.id).await?),
            None => Ok(MembershipFacts { live_action_pack: None, competencies: self.store.competencies(organization_id).await? }),
        }
    }

    /// The highest level the organization holds now.
    pub async fn membership_level(&self, org: &OrganizationRow) -> AppResult<MembershipLevel> {
        Ok(self.level_of(&self.facts_of(org.id).await?))
    }

    /// The highest level `facts` give now (expired competencies don't count).
    pub fn level_of(&self, facts: &MembershipFacts) -> MembershipLevel {
        let now = self.clock.now();
        let active = facts.competencies.iter().filter(|c| c.expires_at > now).map(|c| c.level);
        membership_level(facts.live_action_pack.is_some(), active)
    }

    /// Offers the viewer's organization can buy now: its network membership
    /// is live and it holds no live subscription to them.
    pub async fn available_offers(&self, viewer: &Viewer, org: &OrganizationRow) -> AppResult<Vec<OfferRow>> {
        if !viewer.may(crate::domain::Action::ViewSubscriptions) || self.require_network(org).await.is_err() {
            return Ok(Vec::new());
        }
        let mut available = Vec::new();
        for offer in self.offers().await? {
            if self.store.live_subscription(org.id, offer.id).await?.is_none() {
                available.push(offer);
            }
        }
        Ok(available)
    }
}

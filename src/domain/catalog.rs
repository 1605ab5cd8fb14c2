//! The program's vocabulary: membership levels, benefit categories, units and
//! activation methods, competency levels. Stored as text; parsed strictly.

use super::stored::stored_enum;

stored_enum!(
    /// Levels of membership, lowest first: the highest one held is the organization's level.
    MembershipLevel { Network = "NETWORK", ActionPack = "ACTION_PACK", SilverCompetency = "SILVER_COMPETENCY", GoldCompetency = "GOLD_COMPETENCY" }
);

stored_enum!(
    /// The four tabs benefits are listed under.
    BenefitCategory { Software = "SOFTWARE", CloudService = "CLOUD_SERVICE", VisualStudio = "VISUAL_STUDIO", Support = "SUPPORT" }
);

stored_enum!(
    /// What a benefit's quantity counts.
    BenefitUnit { License = "LICENSE", Seat = "SEAT", Account = "ACCOUNT", MonthlyCreditUsd = "MONTHLY_CREDIT_USD", SupportPlan = "SUPPORT_PLAN" }
);

stored_enum!(
    /// How a benefit is put to use.
    ActivationMethod {
        ProductKey = "PRODUCT_KEY",
        AssignSelf = "ASSIGN_SELF",
        AssignUser = "ASSIGN_USER",
        AssignUserWithAlternateEmail = "ASSIGN_USER_WITH_ALTERNATE_EMAIL",
    }
);

stored_enum!(
    /// Competency levels.
    CompetencyLevel { Silver = "SILVER", Gold = "GOLD" }
);

impl CompetencyLevel {
    /// The membership level an active competency of this level gives.
    pub fn membership_level(self) -> MembershipLevel {
        match self {
            Self::Silver => MembershipLevel::SilverCompetency,
            Self::Gold => MembershipLevel::GoldCompetency,
        }
    }
}

/// The level an organization holds: the highest of network membership, a live
/// Action Pack and its unexpired competencies.
pub fn membership_level(has_live_action_pack: bool, active_competencies: impl IntoIterator<Item = CompetencyLevel>) -> MembershipLevel {
    let base = if has_live_action_pack { MembershipLevel::ActionPack } else { MembershipLevel::Network };
    active_competencies.into_iter().map(CompetencyLevel::membership_level).fold(base, Ord::max)
}

/// The Fluent id of a competency area's name.
pub fn competency_area_name_id(code: &str) -> String {
    format!("competency-area-{}", code.to_ascii_lowercase().replace('_', "-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_round_trip() {
        for level in MembershipLevel::ALL {
            assert_eq!(MembershipLevel::parse(level.as_str()), Some(*level));
        }
        assert_eq!(ActivationMethod::parse("ASSIGN_USER_WITH_ALTERNATE_EMAIL"), Some(ActivationMethod::AssignUserWithAlternateEmail));
        assert_eq!(BenefitCategory::parse("software"), None);
    }

    #[test]
    fn the_highest_level_wins() {
        assert_eq!(membership_level(false, []), MembershipLevel::Network);
        assert_eq!(membership_level(true, []), MembershipLevel::ActionPack);
        assert_eq!(membership_level(false, [CompetencyLevel::Silver]), MembershipLevel::SilverCompetency);
        assert_eq!(membership_level(true, [CompetencyLevel::Silver, CompetencyLevel::Gold]), MembershipLevel::GoldCompetency);
    }

    #[test]
    fn fluent_ids_follow_the_codes() {
        assert_eq!(competency_area_name_id("CLOUD_PLATFORM"), "competency-area-cloud-platform");
    }
}

//! Benefit rules: what status a benefit is in, product key format, and the
//! support plan's alternate email.

use chrono::{DateTime, Utc};

use super::catalog::ActivationMethod;
use super::errors::{ErrorCode, RuleError};
use super::identity::normalize_email;
use super::stored::stored_enum;

stored_enum!(
    /// Where a benefit stands.
    BenefitStatus { NotActivated = "NOT_ACTIVATED", PendingActivation = "PENDING_ACTIVATION", Active = "ACTIVE", Expired = "EXPIRED" }
);

stored_enum!(
    /// Where an assignment stands.
    AssignmentStatus { PendingActivation = "PENDING_ACTIVATION", Active = "ACTIVE" }
);

stored_enum!(
    /// Operating systems downloads are offered for.
    OperatingSystem { WindowsX64 = "WINDOWS_X64", WindowsX86 = "WINDOWS_X86", Macos = "MACOS", Linux = "LINUX" }
);

stored_enum!(
    /// The outside place where a benefit is put to use once it is activated.
    Portal { Azure = "AZURE", VisualStudio = "VISUAL_STUDIO", Support = "SUPPORT" }
);

/// Where each portal is for this deployment; by default the program's public portals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Portals {
    pub azure: String,
    pub visual_studio: String,
    pub support: String,
}

impl Portals {
    pub const DEFAULT_AZURE: &'static str = "https://portal.azure.com/";
    pub const DEFAULT_VISUAL_STUDIO: &'static str = "https://my.visualstudio.com/";
    pub const DEFAULT_SUPPORT: &'static str = "https://partner.microsoft.com/support";

    pub fn url(&self, portal: Portal) -> &str {
        match portal {
            Portal::Azure => &self.azure,
            Portal::VisualStudio => &self.visual_studio,
            Portal::Support => &self.support,
        }
    }
}

impl Default for Portals {
    fn default() -> Self {
        Self {
            azure: Self::DEFAULT_AZURE.to_owned(),
            visual_studio: Self::DEFAULT_VISUAL_STUDIO.to_owned(),
            support: Self::DEFAULT_SUPPORT.to_owned(),
        }
    }
}

/// A benefit's status, derived from its subscription and its use: benefits
/// end with their subscription; product keys are active once revealed;
/// assigned benefits once assigned; the support plan once its activation ran.
pub fn benefit_status(
    subscription_live: bool,
    activation: ActivationMethod,
    keys_revealed: bool,
    assignments: &[AssignmentStatus],
) -> BenefitStatus {
    if !subscription_live {
        return BenefitStatus::Expired;
    }
    let any = |s: AssignmentStatus| assignments.contains(&s);
    match activation {
        ActivationMethod::ProductKey if keys_revealed => BenefitStatus::Active,
        ActivationMethod::ProductKey => BenefitStatus::NotActivated,
        _ if any(AssignmentStatus::Active) => BenefitStatus::Active,
        _ if any(AssignmentStatus::PendingActivation) => BenefitStatus::PendingActivation,
        _ => BenefitStatus::NotActivated,
    }
}

/// When a benefit ends: with its subscription's term, or at the end of the
/// grace period while it runs.
pub fn expires_at(term_end: DateTime<Utc>, grace_ends_at: Option<DateTime<Utc>>) -> DateTime<Utc> {
    grace_ends_at.unwrap_or(term_end)
}

/// The characters of product keys: no vowels or look-alikes.
const KEY_ALPHABET: &[u8; 24] = b"BCDFGHJKMPQRTVWXY2346789";

/// A product key in the `XXXXX-XXXXX-XXXXX-XXXXX-XXXXX` form, from 25 random bytes.
pub fn product_key(random: &[u8; 25]) -> String {
    let chars: Vec<char> = random.iter().map(|b| KEY_ALPHABET[usize::from(*b) % KEY_ALPHABET.len()] as char).collect();
    chars.chunks(5).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// Whether `key` has the product key form.
pub fn is_product_key(key: &str) -> bool {
    let groups: Vec<&str> = key.split('-').collect();
    groups.len() == 5 && groups.iter().all(|g| g.len() == 5 && g.bytes().all(|b| KEY_ALPHABET.contains(&b)))
}

/// Checks the support plan's alternate email: a valid address that differs
/// from the user's account email, ignoring case.
pub fn check_alternate_email(raw: &str, account_email: &str) -> Result<String, RuleError> {
    let email = normalize_email(raw)?;
    if email.eq_ignore_ascii_case(account_email.trim()) {
        return Err(RuleError::new(ErrorCode::AlternateEmailSameAsAccount));
    }
    Ok(email)
}

/// What changes a benefit's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BenefitEvent {
    /// Someone revealed the product keys.
    KeysRevealed,
    /// A seat was assigned (to oneself or to a user).
    Assigned,
    /// The support plan was assigned: activation follows later.
    SupportAssigned,
    /// The activation job activated the support plan.
    ActivationRan,
    /// The last assignment was removed.
    Unassigned,
    /// The subscription expired or was cancelled.
    SubscriptionEnded,
}

/// The moves of a benefit's status, found by asking [`benefit_status`]
/// before and after each event (the help site draws them).
pub fn benefit_moves() -> Vec<(BenefitStatus, BenefitStatus, BenefitEvent)> {
    use AssignmentStatus::{Active, PendingActivation};
    use BenefitEvent::*;
    // For each way of activating: (event, keys revealed and assignments before, after).
    type State<'a> = (bool, &'a [AssignmentStatus]);
    let steps: [(ActivationMethod, BenefitEvent, State<'_>, State<'_>); 6] = [
        (ActivationMethod::ProductKey, KeysRevealed, (false, &[]), (true, &[])),
        (ActivationMethod::AssignUser, Assigned, (false, &[]), (false, &[Active])),
        (ActivationMethod::AssignUser, Unassigned, (false, &[Active]), (false, &[])),
        (ActivationMethod::AssignUserWithAlternateEmail, SupportAssigned, (false, &[]), (false, &[PendingActivation])),
        (ActivationMethod::AssignUserWithAlternateEmail, ActivationRan, (false, &[PendingActivation]), (false, &[Active])),
        (ActivationMethod::AssignUserWithAlternateEmail, Unassigned, (false, &[PendingActivation]), (false, &[])),
    ];
    let mut out: Vec<(BenefitStatus, BenefitStatus, BenefitEvent)> = Vec::new();
    let mut add = |edge: (BenefitStatus, BenefitStatus, BenefitEvent)| {
        if edge.0 != edge.1 && !out.contains(&edge) {
            out.push(edge);
        }
    };
    for (method, event, (keys, before), (keys_after, after)) in steps {
        add((benefit_status(true, method, keys, before), benefit_status(true, method, keys_after, after), event));
    }
    for (method, keys, assignments) in [
        (ActivationMethod::ProductKey, false, &[][..]),
        (ActivationMethod::AssignUserWithAlternateEmail, false, &[PendingActivation][..]),
        (ActivationMethod::AssignUser, false, &[Active][..]),
    ] {
        add((benefit_status(true, method, keys, assignments), benefit_status(false, method, keys, assignments), SubscriptionEnded));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_follows_subscription_and_use() {
        use ActivationMethod::*;
        use AssignmentStatus as A;
        assert_eq!(benefit_status(false, ProductKey, true, &[]), BenefitStatus::Expired);
        assert_eq!(benefit_status(true, ProductKey, false, &[]), BenefitStatus::NotActivated);
        assert_eq!(benefit_status(true, ProductKey, true, &[]), BenefitStatus::Active);
        assert_eq!(benefit_status(true, AssignUser, false, &[]), BenefitStatus::NotActivated);
        assert_eq!(benefit_status(true, AssignUser, false, &[A::Active]), BenefitStatus::Active);
        assert_eq!(benefit_status(true, AssignUserWithAlternateEmail, false, &[A::PendingActivation]), BenefitStatus::PendingActivation);
        assert_eq!(benefit_status(false, AssignSelf, false, &[A::Active]), BenefitStatus::Expired);
    }

    #[test]
    fn product_keys_have_five_groups_of_five() {
        let key = product_key(&[7; 25]);
        assert!(is_product_key(&key), "{key}");
        assert_eq!(key.len(), 29);
        let varied: [u8; 25] = core::array::from_fn(|i| (i * 37) as u8);
        assert!(is_product_key(&product_key(&varied)));
        assert!(!is_product_key("AAAAA-BBBBB-CCCCC-DDDDD-EEEEE"));
        assert!(!is_product_key("BCDFG-BCDFG-BCDFG-BCDFG"));
    }

    #[test]
    fn alternate_emails_must_differ_from_the_account_ignoring_case() {
        assert_eq!(check_alternate_email("Ops@Contoso.example", "ada@contoso.example").unwrap(), "ops@contoso.example");
        assert_eq!(
            check_alternate_email("ADA@contoso.example", "ada@contoso.example").unwrap_err().code,
            ErrorCode::AlternateEmailSameAsAccount
        );
        assert_eq!(check_alternate_email("not an email", "ada@contoso.example").unwrap_err().code, ErrorCode::InvalidInput);
    }

    #[test]
    fn the_moves_of_a_benefit_follow_benefit_status() {
        use BenefitStatus::*;
        let moves = benefit_moves();
        assert!(moves.contains(&(NotActivated, PendingActivation, BenefitEvent::SupportAssigned)));
        assert!(moves.contains(&(PendingActivation, Active, BenefitEvent::ActivationRan)));
        assert!(moves.contains(&(Active, Expired, BenefitEvent::SubscriptionEnded)));
        assert!(!moves.iter().any(|(from, _, _)| *from == Expired), "expired is the end");
        assert_eq!(moves.len(), 9, "{moves:?}");
    }
}

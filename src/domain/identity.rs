//! Identity rules: what a valid email, password, name and country are, and
//! which role sets an organization's users may hold.

use super::errors::{ErrorCode, RuleError};
use super::roles::{Role, RoleSet};
use super::stored::stored_enum;

stored_enum!(
    /// Partner organizations join the network; the operator runs the program.
    OrganizationKind { Partner = "PARTNER", Operator = "OPERATOR" }
);

pub const PASSWORD_MIN_CHARS: usize = 12;
pub const PASSWORD_MAX_CHARS: usize = 128;

/// A few of the passwords that every list of leaked passwords starts with;
/// the length rule already excludes most of the rest.
const COMMON_PASSWORDS: &[&str] =
    &["123456789012", "password1234", "passwordpassword", "qwertyuiopas", "iloveyou1234", "administrator", "letmein12345", "changeme1234"];

/// Trims and lower-cases an email address and checks its form.
pub fn normalize_email(raw: &str) -> Result<String, RuleError> {
    let email = raw.trim().to_lowercase();
    if email.is_empty() || email.len() > 254 {
        return Err(RuleError::invalid("error-email-invalid"));
    }
    let parsed: email_address::EmailAddress = email.parse().map_err(|_| RuleError::invalid("error-email-invalid"))?;
    // The crate accepts "user@localhost" and quoted or bracketed forms; a
    // partner's mailbox needs an ordinary domain name.
    let domain = parsed.domain();
    let plain_domain = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    if !plain_domain || parsed.local_part().starts_with('"') {
        return Err(RuleError::invalid("error-email-invalid"));
    }
    Ok(email)
}

/// Checks a new password against the policy.
pub fn check_password(password: &str, email: &str) -> Result<(), RuleError> {
    let weak = |detail| Err(RuleError { code: ErrorCode::WeakPassword, detail: Some(detail) });
    let chars = password.chars().count();
    if chars < PASSWORD_MIN_CHARS {
        return weak("error-password-too-short");
    }
    if chars > PASSWORD_MAX_CHARS {
        return weak("error-password-too-long");
    }
    let lower = password.to_lowercase();
    let local = email.split('@').next().unwrap_or_default();
    let mut distinct: Vec<char> = lower.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 5 || COMMON_PASSWORDS.contains(&lower.as_str()) || (local.len() >= 4 && lower.contains(local)) {
        return weak("error-password-guessable");
    }
    Ok(())
}

/// Trims a person's or organization's name and checks its length.
pub fn clean_name(raw: &str, min: usize, max: usize) -> Result<String, RuleError> {
    let name = raw.trim();
    let chars = name.chars().count();
    if chars < min || chars > max || name.chars().any(char::is_control) {
        return Err(RuleError::invalid("error-name-invalid"));
    }
    Ok(name.to_string())
}

/// ISO 3166-1 alpha-2 codes of the officially assigned countries and territories.
const COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ \
BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES \
ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO \
IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK \
ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR \
PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK \
TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// Upper-cases a country code and checks that ISO 3166-1 assigns it.
pub fn normalize_country(raw: &str) -> Result<String, RuleError> {
    let code = raw.trim().to_ascii_uppercase();
    if code.len() == 2 && COUNTRIES.split(' ').any(|c| c == code) {
        Ok(code)
    } else {
        Err(RuleError::invalid("error-country-invalid"))
    }
}

/// Checks a role set for a user of an organization of `kind`: at least one
/// role, and partner roles and staff roles never mixed across the line.
pub fn check_roles(kind: OrganizationKind, roles: RoleSet) -> Result<RoleSet, RuleError> {
    if roles.is_empty() {
        return Err(RuleError::invalid("error-roles-empty"));
    }
    match kind {
        OrganizationKind::Partner if roles.has_staff_role() => Err(RuleError::invalid("error-roles-staff-only")),
        OrganizationKind::Operator if roles.has_partner_role() => Err(RuleError::invalid("error-roles-partner-only")),
        _ => Ok(roles),
    }
}

/// Whether going from `before` to `after` grants or takes away global admin,
/// which only a global admin may do.
pub fn changes_global_admin(before: RoleSet, after: RoleSet) -> bool {
    before.contains(Role::GlobalAdmin) != after.contains(Role::GlobalAdmin)
}

/// A public partner number: seven digits, never starting with 0.
pub fn is_partner_number(s: &str) -> bool {
    s.len() == 7 && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalized_and_checked() {
        assert_eq!(normalize_email("  Ada@Example.COM ").unwrap(), "ada@example.com");
        for bad in ["", "ada", "ada@", "@example.com", "ada@localhost", "ada@exa mple.com", "\"a\"@example.com", "a@.com"] {
            assert_eq!(normalize_email(bad).unwrap_err().code, ErrorCode::InvalidInput, "{bad}");
        }
        assert!(normalize_email(&format!("{}@example.com", "a".repeat(250))).is_err());
    }

    #[test]
    fn password_policy_boundaries() {
        let email = "ada@example.com";
        assert!(check_password("Correct horse", email).is_ok());
        assert_eq!(check_password("short pass1", email).unwrap_err().detail, Some("error-password-too-short"));
        assert!(check_password(&"ab1cD".repeat(26)[..PASSWORD_MAX_CHARS], email).is_ok());
        assert_eq!(check_password(&"ab1cDx".repeat(22), email).unwrap_err().detail, Some("error-password-too-long"));
        assert_eq!(check_password("aaaaaaaaaaaaaaaa", email).unwrap_err().code, ErrorCode::WeakPassword);
        assert_eq!(check_password("Password1234", email).unwrap_err().code, ErrorCode::WeakPassword);
        assert_eq!(check_password("my-adalovelace!", "adalovelace@example.com").unwrap_err().code, ErrorCode::WeakPassword);
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(clean_name("  Contoso Ltd ", 2, 200).unwrap(), "Contoso Ltd");
        assert!(clean_name(" ", 1, 100).is_err());
        assert!(clean_name("a\u{0}b", 1, 100).is_err());
        assert!(clean_name(&"x".repeat(201), 2, 200).is_err());
        assert!(clean_name(&"é".repeat(200), 2, 200).is_ok());
    }

    #[test]
    fn countries_are_iso_codes() {
        assert_eq!(normalize_country("fr").unwrap(), "FR");
        assert_eq!(normalize_country(" US ").unwrap(), "US");
        for bad in ["", "F", "FRA", "XX", "ZZ", "1A"] {
            assert!(normalize_country(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn role_sets_respect_the_organization_kind() {
        let partner = RoleSet::from_roles([Role::Member]);
        let staff = RoleSet::from_roles([Role::SupportAgent]);
        assert!(check_roles(OrganizationKind::Partner, partner).is_ok());
        assert!(check_roles(OrganizationKind::Operator, staff).is_ok());
        assert!(check_roles(OrganizationKind::Partner, staff).is_err());
        assert!(check_roles(OrganizationKind::Operator, partner).is_err());
        assert!(check_roles(OrganizationKind::Partner, RoleSet::default()).is_err());
    }

    #[test]
    fn global_admin_changes_are_detected_both_ways() {
        let ga = RoleSet::from_roles([Role::GlobalAdmin]);
        let member = RoleSet::from_roles([Role::Member]);
        assert!(changes_global_admin(ga, member));
        assert!(changes_global_admin(member, ga));
        assert!(!changes_global_admin(member, RoleSet::from_roles([Role::BillingAdmin])));
    }

    #[test]
    fn partner_numbers_have_seven_digits() {
        assert!(is_partner_number("4801234"));
        assert!(!is_partner_number("0801234"));
        assert!(!is_partner_number("480123"));
        assert!(!is_partner_number("48012a4"));
    }
}

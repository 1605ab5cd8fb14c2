//! Payment cards: checks a card's number, expiry date and CVC, and keeps only what may be stored.
//! Card numbers and CVCs are secrets: they never appear in `Debug` output or in errors.

use chrono::{DateTime, Datelike, Utc};

use super::errors::RuleError;

/// The GraphQL input field of the card number.
pub const FIELD_CARD_NUMBER: &str = "cardNumber";
/// The GraphQL input field of the expiry month.
pub const FIELD_EXPIRY_MONTH: &str = "expiryMonth";
/// The GraphQL input field of the expiry year.
pub const FIELD_EXPIRY_YEAR: &str = "expiryYear";
/// The GraphQL input field of the card verification code.
pub const FIELD_CVC: &str = "cvc";

const NUMBER_INVALID: RuleError = RuleError::invalid("error-card-number-invalid");
const BRAND_UNSUPPORTED: RuleError = RuleError::invalid("error-card-brand-unsupported");
const EXPIRY_INVALID: RuleError = RuleError::invalid("error-card-expiry-invalid");
const EXPIRED: RuleError = RuleError::invalid("error-card-expired");
const CVC_INVALID: RuleError = RuleError::invalid("error-card-cvc-invalid");

/// Every problem found in a card's input, each with the GraphQL input field it concerns.
pub type FieldErrors = Vec<(&'static str, RuleError)>;

/// How many years ahead an expiry year may be.
const MAX_YEARS_AHEAD: i32 = 25;

/// A card network the program accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CardBrand {
    /// Visa: starts with 4; 13, 16 or 19 digits.
    Visa,
    /// Mastercard: starts with 51–55 or 2221–2720; 16 digits.
    Mastercard,
    /// American Express: starts with 34 or 37; 15 digits and a 4-digit CVC.
    Amex,
    /// Discover: starts with 6011, 644–649 or 65; 16 to 19 digits.
    Discover,
}

impl CardBrand {
    /// The brand's name as shown to people, e.g. `"American Express"`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Visa => "Visa",
            Self::Mastercard => "Mastercard",
            Self::Amex => "American Express",
            Self::Discover => "Discover",
        }
    }

    /// The brand whose prefix `digits` starts with (length not checked); `digits` holds ASCII digits only.
    fn from_prefix(digits: &str) -> Option<Self> {
        let lead = |n: usize| digits.bytes().take(n).fold(0_u32, |acc, b| acc * 10 + u32::from(b - b'0'));
        if lead(1) == 4 {
            Some(Self::Visa)
        } else if (51..=55).contains(&lead(2)) || (2221..=2720).contains(&lead(4)) {
            Some(Self::Mastercard)
        } else if matches!(lead(2), 34 | 37) {
            Some(Self::Amex)
        } else if lead(4) == 6011 || (644..=649).contains(&lead(3)) || lead(2) == 65 {
            Some(Self::Discover)
        } else {
            None
        }
    }

    fn accepts_length(self, len: usize) -> bool {
        match self {
            Self::Visa => matches!(len, 13 | 16 | 19),
            Self::Mastercard => len == 16,
            Self::Amex => len == 15,
            Self::Discover => (16..=19).contains(&len),
        }
    }
}

/// What may be stored about a card: never its number or CVC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardDetails {
    /// The card network.
    pub brand: CardBrand,
    /// The last four digits of the number, to help people recognise the card.
    pub last4: String,
    /// The expiry month, 1 to 12.
    pub expiry_month: u32,
    /// The expiry year, four digits.
    pub expiry_year: i32,
}

/// A card that passed [`validate_card`]: its full number (to hand to the payment processor, never to
/// store or log) and the details that may be stored. Its `Debug` output shows only the brand and last4.
#[derive(Clone, PartialEq, Eq)]
pub struct ValidCard {
    /// The card number, digits only. A secret.
    pub number: String,
    /// What may be stored about the card.
    pub details: CardDetails,
}

impl std::fmt::Debug for ValidCard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ValidCard").field("brand", &self.details.brand).field("last4", &self.details.last4).finish_non_exhaustive()
    }
}

/// Checks a card entered by a person and returns every problem at once, each with the GraphQL input
/// field it concerns (`cardNumber`, `expiryMonth`, `expiryYear`, `cvc`), in that order.
/// Spaces and dashes in the number are ignored. A card is valid through the last day (UTC) of its
/// expiry month.
pub fn validate_card(number: &str, expiry_month: i32, expiry_year: i32, cvc: &str, now: DateTime<Utc>) -> Result<ValidCard, FieldErrors> {
    let mut errors = Vec::new();

    let card = check_number(number);
    if let Err(e) = card {
        errors.push((FIELD_CARD_NUMBER, e));
    }

    let month = u32::try_from(expiry_month).ok().filter(|m| (1..=12).contains(m));
    if month.is_none() {
        errors.push((FIELD_EXPIRY_MONTH, EXPIRY_INVALID));
    }
    let max_year = now.year().saturating_add(MAX_YEARS_AHEAD);
    let year = Some(expiry_year).filter(|y| (2000..=max_year).contains(y));
    if year.is_none() {
        errors.push((FIELD_EXPIRY_YEAR, EXPIRY_INVALID));
    }
    if month.zip(year).is_some_and(|(m, y)| expired(m, y, now)) {
        errors.push((FIELD_EXPIRY_MONTH, EXPIRED));
    }

    // Without a known brand, accept either CVC length rather than report a doubtful error.
    let cvc_lengths = match card {
        Ok((_, CardBrand::Amex)) => 4..=4,
        Ok(_) => 3..=3,
        Err(_) => 3..=4,
    };
    if !cvc_lengths.contains(&cvc.len()) || !cvc.bytes().all(|b| b.is_ascii_digit()) {
        errors.push((FIELD_CVC, CVC_INVALID));
    }

    match (card, month, year) {
        (Ok((number, brand)), Some(expiry_month), Some(expiry_year)) if errors.is_empty() => {
            let last4 = number[number.len() - 4..].to_owned();
            Ok(ValidCard { number, details: CardDetails { brand, last4, expiry_month, expiry_year } })
        }
        _ => Err(errors),
    }
}

/// Whether a stored card has expired at `now`: it is valid through the last day (UTC) of its expiry month.
pub fn is_expired(details: &CardDetails, now: DateTime<Utc>) -> bool {
    expired(details.expiry_month, details.expiry_year, now)
}

fn expired(month: u32, year: i32, now: DateTime<Utc>) -> bool {
    (now.year(), now.month()) > (year, month)
}

/// The number's digits and brand, or the one error to report on the number.
fn check_number(raw: &str) -> Result<(String, CardBrand), RuleError> {
    let mut digits = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            ' ' | '-' => {}
            '0'..='9' => digits.push(c),
            _ => return Err(NUMBER_INVALID),
        }
    }
    if !(12..=19).contains(&digits.len()) || !luhn_valid(&digits) {
        return Err(NUMBER_INVALID);
    }
    match CardBrand::from_prefix(&digits) {
        None => Err(BRAND_UNSUPPORTED),
        // A known prefix with the wrong length is more likely a typo than another network.
        Some(brand) if !brand.accepts_length(digits.len()) => Err(NUMBER_INVALID),
        Some(brand) => Ok((digits, brand)),
    }
}

/// The Luhn (mod 10) checksum over ASCII digits: every second digit from the right is doubled, and a
/// two-digit result counts as the sum of its digits.
fn luhn_valid(digits: &str) -> bool {
    const DOUBLED: [u32; 10] = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];
    let total = digits.bytes().rev().enumerate().fold(0_u32, |acc, (i, b)| {
        let d = b - b'0';
        acc + if i % 2 == 1 { DOUBLED[usize::from(d)] } else { u32::from(d) }
    });
    total % 10 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const BAD: Result<CardBrand, &str> = Err("error-card-number-invalid");
    const UNSUPPORTED: Result<CardBrand, &str> = Err("error-card-brand-unsupported");

    fn at(rfc3339: &str) -> DateTime<Utc> {
        rfc3339.parse().unwrap()
    }

    fn now() -> DateTime<Utc> {
        at("2025-06-15T12:00:00Z")
    }

    /// A Luhn-valid number of `len` digits: `prefix`, zeros, then the check digit.
    fn luhn(prefix: &str, len: usize) -> String {
        let body = format!("{prefix:0<width$}", width = len - 1);
        (0..10).map(|d| format!("{body}{d}")).find(|n| luhn_valid(n)).unwrap()
    }

    /// The brand found for `number`, or the message id of the single error on the number.
    fn brand_of(number: &str) -> Result<CardBrand, &'static str> {
        let cvc = if matches!(number.get(..2), Some("34" | "37")) { "1234" } else { "123" };
        match validate_card(number, 12, 2030, cvc, now()) {
            Ok(card) => Ok(card.details.brand),
            Err(errors) => match errors.as_slice() {
                [(FIELD_CARD_NUMBER, e)] => Err(e.message_id()),
                other => panic!("{number}: {other:?}"),
            },
        }
    }

    /// The fields and message ids of the errors on a Visa card expiring `month`/`year`.
    fn fields(month: i32, year: i32, now: DateTime<Utc>) -> Vec<(&'static str, &'static str)> {
        let errors = validate_card("4242424242424242", month, year, "123", now).err().unwrap_or_default();
        errors.into_iter().map(|(field, e)| (field, e.message_id())).collect()
    }

    #[test]
    fn known_test_numbers_get_their_brand_and_bad_ones_an_error() {
        use CardBrand::{Amex, Discover, Mastercard, Visa};
        let numbers =
            [("4242424242424242", Visa), ("4000000000000002", Visa), ("4000000000009995", Visa), ("5555555555554444", Mastercard)];
        for (number, brand) in numbers.into_iter().chain([("378282246310005", Amex), ("6011111111111117", Discover)]) {
            assert_eq!(brand_of(number), Ok(brand), "{number}");
        }
        for number in ["4242424242424241", "4242.4242.4242.4242", "４242424242424242", "4242_4242_4242_4242", ""] {
            assert_eq!(brand_of(number), BAD, "{number}");
        }
        assert_eq!((Amex.name(), Mastercard.name()), ("American Express", "Mastercard"));
    }

    #[test]
    fn lengths_and_brand_prefixes_have_exact_edges() {
        use CardBrand::{Amex, Discover, Mastercard, Visa};
        let known = [("4", 13, Visa), ("4", 19, Visa), ("37", 15, Amex), ("51", 16, Mastercard), ("55", 16, Mastercard)];
        let more = [("2221", 16, Mastercard), ("2720", 16, Mastercard), ("644", 16, Discover), ("649", 17, Discover), ("65", 19, Discover)];
        for (prefix, len, brand) in known.into_iter().chain(more) {
            assert_eq!(brand_of(&luhn(prefix, len)), Ok(brand), "{prefix} with {len} digits");
        }
        // Too short or long for any card, or for the brand the prefix names.
        for (prefix, len) in [("9", 11), ("4", 12), ("4", 15), ("4", 20), ("34", 14), ("55", 15), ("6011", 15), ("65", 20)] {
            assert_eq!(brand_of(&luhn(prefix, len)), BAD, "{prefix} with {len} digits");
        }
        for prefix in ["2220", "2721", "50", "56", "643", "6010", "6012", "35", "1", "9"] {
            assert_eq!(brand_of(&luhn(prefix, 16)), UNSUPPORTED, "{prefix}");
        }
        assert_eq!(brand_of(&luhn("9", 12)), UNSUPPORTED);
    }

    #[test]
    fn valid_card_keeps_digits_and_storable_details_and_debug_hides_the_number() {
        let card = validate_card("4000 0000-0000 9995", 3, 2030, "123", now()).unwrap();
        assert_eq!(card.number, "4000000000009995");
        assert_eq!(card.details, CardDetails { brand: CardBrand::Visa, last4: "9995".into(), expiry_month: 3, expiry_year: 2030 });
        let debug = format!("{card:?} {card:#?}");
        assert!(!debug.contains("400000000000") && debug.contains("Visa") && debug.contains("9995"), "{debug}");
    }

    #[test]
    fn cvc_length_depends_on_the_brand() {
        let cvc_ok = |number: &str, cvc: &str| validate_card(number, 12, 2030, cvc, now()).is_ok();
        assert!(cvc_ok("4242424242424242", "000") && cvc_ok("378282246310005", "1234"));
        for (number, cvc) in
            [("4242424242424242", "1234"), ("4242424242424242", "12"), ("4242424242424242", "12a"), ("378282246310005", "123")]
        {
            assert!(!cvc_ok(number, cvc), "{number} {cvc}");
        }
        assert_eq!(validate_card("4242424242424242", 12, 2030, " 123", now()).unwrap_err(), [(FIELD_CVC, CVC_INVALID)]);
        // With no known brand, a CVC that could fit some brand is not reported.
        assert_eq!(validate_card("1", 12, 2030, "1234", now()).unwrap_err(), [(FIELD_CARD_NUMBER, NUMBER_INVALID)]);
    }

    #[test]
    fn expiry_month_and_year_ranges() {
        assert!(fields(1, 2030, now()).is_empty() && fields(12, 2050, now()).is_empty());
        for month in [0, 13, -1] {
            assert_eq!(fields(month, 2030, now()), [(FIELD_EXPIRY_MONTH, "error-card-expiry-invalid")], "{month}");
        }
        for year in [2051, 1999, 30, -2030] {
            assert_eq!(fields(12, year, now()), [(FIELD_EXPIRY_YEAR, "error-card-expiry-invalid")], "{year}");
        }
        assert_eq!(fields(12, 2000, now()), [(FIELD_EXPIRY_MONTH, "error-card-expired")]);
    }

    #[test]
    fn card_is_valid_through_the_last_second_of_its_expiry_month() {
        assert!(fields(3, 2017, at("2017-03-31T23:59:59Z")).is_empty());
        assert_eq!(fields(3, 2017, at("2017-04-01T00:00:00Z")), [(FIELD_EXPIRY_MONTH, "error-card-expired")]);

        let details = CardDetails { brand: CardBrand::Visa, last4: "4242".into(), expiry_month: 3, expiry_year: 2017 };
        assert!(!is_expired(&details, at("2016-12-31T00:00:00Z")));
        assert!(!is_expired(&details, at("2017-03-31T23:59:59Z")));
        assert!(is_expired(&details, at("2017-04-01T00:00:00Z")));
        let december = CardDetails { expiry_month: 12, ..details };
        assert!(!is_expired(&december, at("2017-12-31T23:59:59Z")));
        assert!(is_expired(&december, at("2018-01-01T00:00:00Z")));
    }

    #[test]
    fn all_problems_are_reported_together_in_field_order() {
        let errors = validate_card("4242424242424241", 13, 1999, "12", now()).unwrap_err();
        assert_eq!(
            errors,
            [
                (FIELD_CARD_NUMBER, RuleError::invalid("error-card-number-invalid")),
                (FIELD_EXPIRY_MONTH, RuleError::invalid("error-card-expiry-invalid")),
                (FIELD_EXPIRY_YEAR, RuleError::invalid("error-card-expiry-invalid")),
                (FIELD_CVC, RuleError::invalid("error-card-cvc-invalid")),
            ]
        );
        let errors = validate_card("378282246310005", 1, 2020, "123", now()).unwrap_err();
        assert_eq!(errors, [(FIELD_EXPIRY_MONTH, EXPIRED), (FIELD_CVC, CVC_INVALID)]);
        assert!(!format!("{errors:?}").contains("378282"));
    }
}

//! Amounts of money in integer minor units (cents), and how to show them in
//! English and French. Floating point is never used.

/// A currency the program sells in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Currency {
    /// United States dollar.
    Usd,
    /// Euro.
    Eur,
}

impl Currency {
    /// The ISO 4217 code: `"USD"` or `"EUR"`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Usd => "USD",
            Self::Eur => "EUR",
        }
    }

    /// How many digits the minor unit has (2 for both: cents).
    pub fn minor_digits(self) -> u32 {
        match self {
            Self::Usd | Self::Eur => 2,
        }
    }
}

/// The one way to read a currency: its ISO 4217 code exactly as stored.
impl super::stored::StoredEnum for Currency {
    const NAME: &'static str = "Currency";

    fn as_str(self) -> &'static str {
        self.code()
    }

    fn parse(text: &str) -> Option<Self> {
        [Self::Usd, Self::Eur].into_iter().find(|c| c.code() == text)
    }
}

/// The conventions used to show an amount to people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MoneyLocale {
    /// English: `$1,234.56`, `€1,234.56`.
    En,
    /// French: `1 234,56 $US`, `1 234,56 €`, with U+202F between digit groups and U+00A0 before the symbol.
    Fr,
}

/// An amount of money: a whole number of minor units (cents) of one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    /// The amount in minor units, e.g. 47500 for 475.00; negative for refunds and credits.
    pub minor: i64,
    /// The currency of the amount.
    pub currency: Currency,
}

/// An amount split into what is written: sign, whole units and zero-padded fraction digits.
struct Parts {
    negative: bool,
    units: u64,
    fraction: String,
}

impl Money {
    /// An amount of `minor` units of `currency`.
    pub const fn new(minor: i64, currency: Currency) -> Self {
        Self { minor, currency }
    }

    /// A plain decimal string with a dot and no grouping or symbol, e.g. `"475.00"` or `"-0.05"`.
    pub fn decimal(&self) -> String {
        let parts = self.parts();
        let mut out = String::new();
        if parts.negative {
            out.push('-');
        }
        out.push_str(&parts.units.to_string());
        if !parts.fraction.is_empty() {
            out.push('.');
            out.push_str(&parts.fraction);
        }
        out
    }

    /// The amount as shown to people in `locale`, e.g. `"$1,234.50"` or `"1\u{202f}234,50\u{a0}$US"`.
    pub fn format(&self, locale: MoneyLocale) -> String {
        let parts = self.parts();
        let mut out = String::new();
        if parts.negative {
            out.push('-');
        }
        match locale {
            MoneyLocale::En => {
                out.push_str(match self.currency {
                    Currency::Usd => "$",
                    Currency::Eur => "€",
                });
                out.push_str(&group(parts.units, ","));
                if !parts.fraction.is_empty() {
                    out.push('.');
                    out.push_str(&parts.fraction);
                }
            }
            MoneyLocale::Fr => {
                out.push_str(&group(parts.units, "\u{202f}"));
                if !parts.fraction.is_empty() {
                    out.push(',');
                    out.push_str(&parts.fraction);
                }
                out.push('\u{a0}');
                out.push_str(match self.currency {
                    Currency::Usd => "$US",
                    Currency::Eur => "€",
                });
            }
        }
        out
    }

    fn parts(&self) -> Parts {
        let digits = self.currency.minor_digits();
        let scale = 10_u64.pow(digits);
        // unsigned_abs keeps i64::MIN representable.
        let magnitude = self.minor.unsigned_abs();
        let fraction = if digits == 0 { String::new() } else { format!("{:0width$}", magnitude % scale, width = digits as usize) };
        Parts { negative: self.minor < 0, units: magnitude / scale, fraction }
    }
}

/// Writes `units` with `separator` between groups of three digits, counted from the right.
fn group(units: u64, separator: &str) -> String {
    let digits = units.to_string();
    let mut groups = Vec::new();
    let mut end = digits.len();
    while end > 3 {
        groups.push(&digits[end - 3..end]);
        end -= 3;
    }
    groups.push(&digits[..end]);
    groups.reverse();
    groups.join(separator)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(minor: i64) -> Money {
        Money::new(minor, Currency::Usd)
    }

    fn eur(minor: i64) -> Money {
        Money::new(minor, Currency::Eur)
    }

    #[test]
    fn currency_codes_round_trip_and_nothing_else_parses() {
        use crate::domain::stored::StoredEnum;
        for c in [Currency::Usd, Currency::Eur] {
            assert_eq!(Currency::parse(c.code()), Some(c));
            assert_eq!(c.minor_digits(), 2);
        }
        assert_eq!(Currency::Usd.code(), "USD");
        assert_eq!(Currency::Eur.code(), "EUR");
        assert_eq!(Currency::parse("usd"), None, "stored codes are upper case");
        assert_eq!(Currency::parse("eUr"), None);
        assert_eq!(Currency::parse("GBP"), None);
        assert_eq!(Currency::parse(""), None);
        assert_eq!(Currency::parse(" USD"), None);
        assert_eq!(Currency::parse("USDX"), None);
    }

    #[test]
    fn decimal_pads_the_fraction_and_keeps_the_sign() {
        assert_eq!(usd(47500).decimal(), "475.00");
        assert_eq!(usd(-5).decimal(), "-0.05");
        assert_eq!(usd(7).decimal(), "0.07");
        assert_eq!(usd(0).decimal(), "0.00");
        assert_eq!(usd(-0).decimal(), "0.00");
        assert_eq!(usd(99).decimal(), "0.99");
        assert_eq!(usd(100).decimal(), "1.00");
        assert_eq!(usd(-100).decimal(), "-1.00");
        assert_eq!(eur(123456789).decimal(), "1234567.89");
    }

    #[test]
    fn decimal_handles_the_extremes_of_i64() {
        assert_eq!(usd(i64::MAX).decimal(), "92233720368547758.07");
        assert_eq!(usd(i64::MIN).decimal(), "-92233720368547758.08");
    }

    #[test]
    fn english_puts_the_symbol_first_and_groups_with_commas() {
        assert_eq!(usd(47500).format(MoneyLocale::En), "$475.00");
        assert_eq!(usd(123456789).format(MoneyLocale::En), "$1,234,567.89");
        assert_eq!(eur(47500).format(MoneyLocale::En), "€475.00");
        assert_eq!(usd(-500).format(MoneyLocale::En), "-$5.00");
        assert_eq!(eur(-5).format(MoneyLocale::En), "-€0.05");
        assert_eq!(usd(0).format(MoneyLocale::En), "$0.00");
    }

    #[test]
    fn grouping_starts_at_four_digits() {
        assert_eq!(usd(99999).format(MoneyLocale::En), "$999.99");
        assert_eq!(usd(100000).format(MoneyLocale::En), "$1,000.00");
        assert_eq!(usd(99999999).format(MoneyLocale::En), "$999,999.99");
        assert_eq!(usd(100000000).format(MoneyLocale::En), "$1,000,000.00");
        assert_eq!(usd(99999).format(MoneyLocale::Fr), "999,99\u{a0}$US");
        assert_eq!(usd(100000).format(MoneyLocale::Fr), "1\u{202f}000,00\u{a0}$US");
    }

    #[test]
    fn french_puts_the_symbol_last_after_a_no_break_space() {
        assert_eq!(usd(47500).format(MoneyLocale::Fr), "475,00\u{a0}$US");
        assert_eq!(usd(123456789).format(MoneyLocale::Fr), "1\u{202f}234\u{202f}567,89\u{a0}$US");
        assert_eq!(eur(47500).format(MoneyLocale::Fr), "475,00\u{a0}€");
        assert_eq!(usd(-500).format(MoneyLocale::Fr), "-5,00\u{a0}$US");
        assert_eq!(eur(-123456).format(MoneyLocale::Fr), "-1\u{202f}234,56\u{a0}€");
    }

    #[test]
    fn format_does_not_panic_at_the_extremes_of_i64() {
        assert_eq!(usd(i64::MIN).format(MoneyLocale::En), "-$92,233,720,368,547,758.08");
        assert_eq!(eur(i64::MAX).format(MoneyLocale::Fr), "92\u{202f}233\u{202f}720\u{202f}368\u{202f}547\u{202f}758,07\u{a0}€");
    }
}

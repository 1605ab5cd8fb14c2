//! Rendering mails from Fluent in the recipient's language, ready for the outbox.

use chrono::{DateTime, Datelike, Utc};
use fluent_bundle::FluentValue;

use std::sync::Arc;

use super::App;
use crate::domain::money::{Money, MoneyLocale};
use crate::i18n::Lang;
use crate::i18n::Locales;
use crate::store::{NewMail, UserRow};

const MONTHS_EN: [&str; 12] =
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const MONTHS_FR: [&str; 12] =
    ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

/// A date as people write it: "March 1, 2018" or "1 mars 2018" (UTC).
pub fn format_date(at: DateTime<Utc>, lang: Lang) -> String {
    let month = at.month0() as usize;
    match lang {
        Lang::En => format!("{} {}, {}", MONTHS_EN[month], at.day(), at.year()),
        Lang::Fr => format!("{}{} {} {}", at.day(), if at.day() == 1 { "er" } else { "" }, MONTHS_FR[month], at.year()),
    }
}

/// Money as people write it in `lang`.
pub fn format_money(money: Money, lang: Lang) -> String {
    money.format(match lang {
        Lang::En => MoneyLocale::En,
        Lang::Fr => MoneyLocale::Fr,
    })
}

/// Arguments of a mail template, formatted per language when rendered.
#[derive(Debug, Clone)]
pub enum MailArg {
    Text(String),
    /// A Fluent message id, rendered in the recipient's language.
    Term(String),
    Date(DateTime<Utc>),
    Money(Money),
    Number(i64),
}

/// Renders mails from Fluent; cheap to clone into a closure.
#[derive(Clone)]
pub(crate) struct Renderer {
    locales: Arc<Locales>,
}

impl App {
    pub(crate) fn renderer(&self) -> Renderer {
        Renderer { locales: self.locales.clone() }
    }

    pub(crate) fn render_mail(&self, user: &UserRow, to: &str, name: &str, args: &[(&str, MailArg)]) -> NewMail {
        self.renderer().render_mail(user, to, name, args)
    }

    pub(crate) fn render_for_all(&self, users: &[UserRow], name: &str, args: &[(&str, MailArg)]) -> Vec<NewMail> {
        users.iter().map(|u| self.render_mail(u, &u.email, name, args)).collect()
    }
}

impl Renderer {
    /// Renders template `name` (`mail-<name>-subject` and `-body`) for `to`,
    /// greeting `user` in their language.
    pub(crate) fn render_mail(&self, user: &UserRow, to: &str, name: &str, args: &[(&str, MailArg)]) -> NewMail {
        let lang = user.language;
        let values: Vec<(&str, FluentValue<'_>)> = args
            .iter()
            .map(|(k, v)| {
                let value: FluentValue<'_> = match v {
                    MailArg::Text(t) => t.clone().into(),
                    MailArg::Term(id) => self.locales.text(lang, id).into(),
                    MailArg::Date(d) => format_date(*d, lang).into(),
                    MailArg::Money(m) => format_money(*m, lang).into(),
                    MailArg::Number(n) => (*n).into(),
                };
                (*k, value)
            })
            .collect();
        let subject = self.locales.format(lang, &format!("mail-{name}-subject"), &values);
        let greeting = self.locales.format(lang, "mail-greeting", &[("name", user.display_name.clone().into())]);
        let body = self.locales.format(lang, &format!("mail-{name}-body"), &values);
        let signature = self.locales.text(lang, "mail-signature");
        NewMail { to: to.to_owned(), language: lang, subject, body: format!("{greeting}\n\n{body}\n\n{signature}\n") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_naturally_in_both_languages() {
        let d = DateTime::parse_from_rfc3339("2018-03-01T09:00:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(format_date(d, Lang::En), "March 1, 2018");
        assert_eq!(format_date(d, Lang::Fr), "1er mars 2018");
        let d = DateTime::parse_from_rfc3339("2018-08-15T09:00:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(format_date(d, Lang::Fr), "15 août 2018");
    }
}

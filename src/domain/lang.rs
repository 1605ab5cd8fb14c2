//! The languages the product speaks: a user's preference, a mail's language,
//! a help page's. How messages are written in each lives in `i18n`.

/// A language the product speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    En,
    Fr,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    /// The BCP 47 code, also the folder name under `locales/` and `content/`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// Reads a code as people and browsers write it, ignoring ASCII case.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code().eq_ignore_ascii_case(code))
    }
}

/// As stored: the code exactly as `code` writes it.
impl super::stored::StoredEnum for Lang {
    const NAME: &'static str = "Lang";

    fn as_str(self) -> &'static str {
        self.code()
    }

    fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == text)
    }
}

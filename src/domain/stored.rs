//! Values kept in the database as text: fieldless enums stored as their
//! SCREAMING_SNAKE_CASE names. `domain` knows only the text; the store maps
//! it to columns (`store::types`) and refuses text that names no value.

/// A value stored as one of a fixed set of names.
pub trait StoredEnum: Sized + Copy + Send + Sync + 'static {
    /// What the values are, for error messages: `"SubscriptionStatus"`.
    const NAME: &'static str;

    /// The stored text.
    fn as_str(self) -> &'static str;

    /// Parses the stored text; `None` for anything else.
    fn parse(text: &str) -> Option<Self>;
}

/// Declares a fieldless enum stored as its SCREAMING_SNAKE_CASE name.
macro_rules! stored_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored text.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the stored text; `None` for anything else.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl $crate::domain::stored::StoredEnum for $name {
            const NAME: &'static str = stringify!($name);

            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }

            fn parse(text: &str) -> Option<Self> {
                $name::parse(text)
            }
        }
    };
}
pub(crate) use stored_enum;

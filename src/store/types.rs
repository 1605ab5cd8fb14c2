//! How the domain's stored enums map to text columns: encoded as their
//! names, and decoded strictly, so that a row holding a name the code does
//! not know is an error (`ColumnDecode`), never a default.

use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::{Database, Decode, Encode, Type};

use crate::domain::benefits::{AssignmentStatus, OperatingSystem, Portal};
use crate::domain::catalog::{ActivationMethod, BenefitCategory, BenefitUnit, CompetencyLevel, MembershipLevel};
use crate::domain::identity::OrganizationKind;
use crate::domain::money::Currency;
use crate::domain::service_requests::{ServiceRequestCategory, ServiceRequestStatus, Severity};
use crate::domain::stored::StoredEnum;
use crate::domain::subscriptions::{AttemptState, OrderKind, OrderStatus, RefundState, SubscriptionStatus};
use crate::domain::Lang;
use crate::store::MailStatus;

/// Reads stored text as `T`, or says which value it is not.
fn decode_text<T: StoredEnum>(text: &str) -> Result<T, BoxDynError> {
    T::parse(text).ok_or_else(|| format!("{text:?} is not a {}", T::NAME).into())
}

/// Implements sqlx's `Type`, `Encode` and `Decode` for stored enums, on
/// every database whose text type does.
macro_rules! stored_as_text {
    ($($ty:ty),+ $(,)?) => {$(
        impl<DB: Database> Type<DB> for $ty
        where
            str: Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <str as Type<DB>>::type_info()
            }

            fn compatible(ty: &DB::TypeInfo) -> bool {
                <str as Type<DB>>::compatible(ty)
            }
        }

        impl<'q, DB: Database> Encode<'q, DB> for $ty
        where
            &'q str: Encode<'q, DB>,
        {
            fn encode_by_ref(&self, buf: &mut DB::ArgumentBuffer<'q>) -> Result<IsNull, BoxDynError> {
                let text: &'q str = StoredEnum::as_str(*self);
                text.encode_by_ref(buf)
            }
        }

        impl<'r, DB: Database> Decode<'r, DB> for $ty
        where
            &'r str: Decode<'r, DB>,
        {
            fn decode(value: DB::ValueRef<'r>) -> Result<Self, BoxDynError> {
                decode_text(<&'r str as Decode<'r, DB>>::decode(value)?)
            }
        }
    )+};
}

stored_as_text!(
    ActivationMethod,
    AssignmentStatus,
    AttemptState,
    BenefitCategory,
    BenefitUnit,
    CompetencyLevel,
    Currency,
    Lang,
    MailStatus,
    MembershipLevel,
    OperatingSystem,
    OrderKind,
    OrderStatus,
    OrganizationKind,
    Portal,
    RefundState,
    ServiceRequestCategory,
    ServiceRequestStatus,
    Severity,
    SubscriptionStatus,
);

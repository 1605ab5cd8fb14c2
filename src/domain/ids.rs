//! Opaque global IDs: a type tag and a database key, encoded as base64url.
//! Clients must treat them as opaque; the server decodes them strictly and a
//! malformed ID simply names nothing.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// The kinds of object that have a global ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeKind {
    Organization,
    User,
    AuditEvent,
    Offer,
    OfferSubscription,
    PaymentMethod,
    Order,
    ServiceRequest,
    Competency,
    Benefit,
    BenefitAssignment,
}

impl NodeKind {
    pub const ALL: [NodeKind; 11] = [
        Self::Organization,
        Self::User,
        Self::AuditEvent,
        Self::Offer,
        Self::OfferSubscription,
        Self::PaymentMethod,
        Self::Order,
        Self::ServiceRequest,
        Self::Competency,
        Self::Benefit,
        Self::BenefitAssignment,
    ];

    /// The tag written inside the ID (also the GraphQL type name).
    pub fn tag(self) -> &'static str {
        match self {
            Self::Organization => "Organization",
            Self::User => "User",
            Self::AuditEvent => "AuditEvent",
            Self::Offer => "Offer",
            Self::OfferSubscription => "OfferSubscription",
            Self::PaymentMethod => "PaymentMethod",
            Self::Order => "Order",
            Self::ServiceRequest => "ServiceRequest",
            Self::Competency => "Competency",
            Self::Benefit => "Benefit",
            Self::BenefitAssignment => "BenefitAssignment",
        }
    }

    fn from_tag(tag: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.tag() == tag)
    }
}

/// A decoded global ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GlobalId {
    pub kind: NodeKind,
    pub key: i64,
}

impl GlobalId {
    pub const fn new(kind: NodeKind, key: i64) -> Self {
        Self { kind, key }
    }

    /// The opaque string form.
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}:{}", self.kind.tag(), self.key))
    }

    /// Decodes an ID; `None` for anything that is not exactly what `encode` writes.
    pub fn decode(id: &str) -> Option<Self> {
        if id.is_empty() || id.len() > 64 {
            return None;
        }
        let bytes = URL_SAFE_NO_PAD.decode(id).ok()?;
        let text = std::str::from_utf8(&bytes).ok()?;
        let (tag, key) = text.split_once(':')?;
        let kind = NodeKind::from_tag(tag)?;
        // Reject signs, leading zeros and anything else `encode` never writes,
        // so that one object has exactly one ID.
        if key.is_empty() || key.starts_with('0') || !key.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let key: i64 = key.parse().ok()?;
        let decoded = Self { kind, key };
        (decoded.encode() == id).then_some(decoded)
    }

    /// Decodes an ID that must be of `kind`.
    pub fn decode_as(id: &str, kind: NodeKind) -> Option<i64> {
        Self::decode(id).filter(|g| g.kind == kind).map(|g| g.key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_kind() {
        for kind in NodeKind::ALL {
            for key in [1, 42, i64::MAX] {
                let id = GlobalId::new(kind, key);
                assert_eq!(GlobalId::decode(&id.encode()), Some(id));
            }
        }
    }

    #[test]
    fn ids_are_opaque_base64url() {
        let id = GlobalId::new(NodeKind::User, 7).encode();
        assert!(!id.contains("User"));
        assert!(id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    }

    #[test]
    fn rejects_malformed_ids() {
        let b64 = |s: &str| URL_SAFE_NO_PAD.encode(s);
        for bad in [
            String::new(),
            "not base64 !".into(),
            b64("User"),
            b64("User:"),
            b64("User:abc"),
            b64("User:-1"),
            b64("User:0"),
            b64("User:007"),
            b64("Nope:1"),
            b64("User:99999999999999999999"),
            format!("{}=", b64("User:1")),
            "A".repeat(100),
        ] {
            assert_eq!(GlobalId::decode(&bad), None, "{bad:?}");
        }
    }

    #[test]
    fn decode_as_checks_the_kind() {
        let id = GlobalId::new(NodeKind::Organization, 5).encode();
        assert_eq!(GlobalId::decode_as(&id, NodeKind::Organization), Some(5));
        assert_eq!(GlobalId::decode_as(&id, NodeKind::User), None);
    }
}

//! Payment gateways: the `PaymentGateway` trait and the built-in test gateway.
//! A real provider plugs in behind the same trait.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rand::RngCore;

use crate::domain::cards::ValidCard;
use crate::domain::money::Money;
use crate::store::GatewayLedger;

/// How a charge ended at the gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChargeOutcome {
    Succeeded,
    Declined,
    InsufficientFunds,
}

impl ChargeOutcome {
    fn as_str(self) -> &'static str {
        match self {
            Self::Succeeded => "SUCCEEDED",
            Self::Declined => "DECLINED",
            Self::InsufficientFunds => "INSUFFICIENT_FUNDS",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        [Self::Succeeded, Self::Declined, Self::InsufficientFunds].into_iter().find(|o| o.as_str() == s)
    }
}

/// The gateway could not be asked (network, outage): the outcome is unknown.
#[derive(Debug, thiserror::Error)]
#[error("payment gateway unavailable: {0}")]
pub struct GatewayError(pub String);

/// A card payment provider.
#[async_trait]
pub trait PaymentGateway: Send + Sync + 'static {
    /// Exchanges a card for the provider's token; the number and CVC go no further.
    async fn tokenize(&self, card: &ValidCard) -> Result<String, GatewayError>;
    /// Charges the card behind `token`. Idempotent by `key`: a second call
    /// with the same key charges nothing and returns the first outcome.
    async fn charge(&self, key: &str, token: &str, amount: Money, now: DateTime<Utc>) -> Result<ChargeOutcome, GatewayError>;
    /// The outcome of the charge made under `key`, or `None` if none was made.
    async fn find_charge(&self, key: &str) -> Result<Option<ChargeOutcome>, GatewayError>;
    /// Gives back all of the successful charge made under `charge_key`.
    /// Idempotent by `key`: a second call refunds nothing more.
    async fn refund(&self, key: &str, charge_key: &str, amount: Money, now: DateTime<Utc>) -> Result<(), GatewayError>;
}

/// The built-in test gateway. Like a provider's test mode, the card number
/// decides the outcome: `4000000000000002` is declined, `4000000000009995`
/// is declined for insufficient funds, any other valid card is approved. Its
/// ledger lives in the `gateway_charges` table, standing in for the
/// provider's own records.
pub struct TestGateway {
    ledger: Arc<dyn GatewayLedger>,
}

impl TestGateway {
    /// The test gateway over the ledger of a [`Database`](crate::store::Database).
    pub fn new(ledger: Arc<dyn GatewayLedger>) -> Self {
        Self { ledger }
    }

    fn behaviour(token: &str) -> ChargeOutcome {
        if token.starts_with("tok_test_declined_") {
            ChargeOutcome::Declined
        } else if token.starts_with("tok_test_nofunds_") {
            ChargeOutcome::InsufficientFunds
        } else {
            ChargeOutcome::Succeeded
        }
    }
}

#[async_trait]
impl PaymentGateway for TestGateway {
    async fn tokenize(&self, card: &ValidCard) -> Result<String, GatewayError> {
        let kind = match card.number.as_str() {
            "4000000000000002" => "declined",
            "4000000000009995" => "nofunds",
            _ => "ok",
        };
        let mut random = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut random);
        let suffix: String = random.iter().map(|b| format!("{b:02x}")).collect();
        Ok(format!("tok_test_{kind}_{suffix}"))
    }

    async fn charge(&self, key: &str, token: &str, amount: Money, now: DateTime<Utc>) -> Result<ChargeOutcome, GatewayError> {
        let outcome = Self::behaviour(token);
        let recorded = self
            .ledger
            .ledger_charge(key, token, amount.minor, amount.currency.code(), outcome.as_str(), now)
            .await
            .map_err(|e| GatewayError(e.to_string()))?;
        ChargeOutcome::parse(&recorded).ok_or_else(|| GatewayError(format!("unknown recorded outcome {recorded}")))
    }

    async fn find_charge(&self, key: &str) -> Result<Option<ChargeOutcome>, GatewayError> {
        let found = self.ledger.ledger_find(key).await.map_err(|e| GatewayError(e.to_string()))?;
        Ok(found.as_deref().and_then(ChargeOutcome::parse))
    }

    async fn refund(&self, key: &str, charge_key: &str, amount: Money, now: DateTime<Utc>) -> Result<(), GatewayError> {
        // Like a provider, it refunds only what it charged.
        if self.find_charge(charge_key).await? != Some(ChargeOutcome::Succeeded) {
            return Err(GatewayError(format!("no successful charge under {charge_key} to refund")));
        }
        self.ledger.ledger_refund(key, charge_key, amount.minor, amount.currency.code(), now).await.map_err(|e| GatewayError(e.to_string()))
    }
}

//! Use cases: check the permission, load, apply the domain rule, save
//! atomically (with the audit event). One module per area; the API calls
//! these and nothing below them.

pub mod access;
pub mod benefits;
pub mod billing;
pub mod catalog;
mod clock;
pub mod demo;
mod errors;
mod hashing;
pub mod identity;
pub mod jobs;
pub mod mail;
pub mod network;
pub mod nodes;
pub mod sealing;
pub mod secrets;
pub mod settlement;
pub mod subscriptions;
pub mod support;
pub mod users;

use std::sync::Arc;

use chrono::TimeDelta;

pub use clock::Clock;
pub use errors::{AppError, AppResult, FieldError};
pub use identity::Viewer;
pub use secrets::PasswordHasher;

use crate::i18n::Locales;
use crate::payments::PaymentGateway;
use crate::store::Store;

/// Tunables of the use cases.
#[derive(Debug, Clone)]
pub struct Settings {
    /// How long a bearer token lives.
    pub token_ttl: TimeDelta,
    /// The window over which failed sign-ins are counted.
    pub sign_in_window: TimeDelta,
    /// Failed sign-ins for one email within the window before refusing.
    pub sign_in_max_per_email: i64,
    /// Failed sign-ins from one address within the window before refusing.
    pub sign_in_max_per_address: i64,
    /// How long the support plan takes to activate after it is assigned.
    pub support_activation_delay: TimeDelta,
    /// Where benefits managed elsewhere are used (links in the API and mails).
    pub portals: crate::domain::benefits::Portals,
    /// The key product keys are sealed with; `None` keeps one in the database.
    pub data_key: Option<sealing::DataKey>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            token_ttl: TimeDelta::hours(12),
            sign_in_window: TimeDelta::minutes(15),
            sign_in_max_per_email: 5,
            sign_in_max_per_address: 30,
            support_activation_delay: TimeDelta::days(3),
            portals: crate::domain::benefits::Portals::default(),
            data_key: None,
        }
    }
}

/// Everything a use case needs, shared by all requests.
pub struct App {
    /// Only use cases read the store: the API gets objects through grants.
    pub(in crate::app) store: Arc<dyn Store>,
    pub gateway: Arc<dyn PaymentGateway>,
    pub clock: Clock,
    pub locales: Arc<Locales>,
    pub hasher: PasswordHasher,
    pub settings: Settings,
    pub metrics: Arc<crate::metrics::Metrics>,
    /// The downloads catalog, read once.
    downloads: tokio::sync::OnceCell<Vec<crate::store::DownloadRow>>,
    /// The offers on sale, read once: the catalog changes only with migrations.
    catalog: tokio::sync::OnceCell<Vec<crate::store::OfferRow>>,
    /// Verified against when an email is unknown (see `PasswordHasher::decoy`).
    decoy_hash: String,
    /// Bounds how many password hashes run and wait at once.
    hashing: hashing::HashingQueue,
    /// Seals product keys, once the data key is known.
    sealer: tokio::sync::OnceCell<sealing::Sealer>,
}

/// Builds the one `App` of a process: the store and the payment gateway are
/// required; everything else has the production default until set (the
/// system clock, the Fluent files built into the binary, OWASP's argon2id
/// settings, default settings).
pub struct AppBuilder {
    store: Arc<dyn Store>,
    gateway: Arc<dyn PaymentGateway>,
    clock: Clock,
    locales: Option<Arc<Locales>>,
    hasher: PasswordHasher,
    settings: Settings,
}

impl AppBuilder {
    pub fn clock(self, clock: Clock) -> Self {
        Self { clock, ..self }
    }

    pub fn locales(self, locales: Arc<Locales>) -> Self {
        Self { locales: Some(locales), ..self }
    }

    pub fn hasher(self, hasher: PasswordHasher) -> Self {
        Self { hasher, ..self }
    }

    pub fn settings(self, settings: Settings) -> Self {
        Self { settings, ..self }
    }

    pub fn build(self) -> App {
        let decoy_hash = self.hasher.decoy();
        App {
            gateway: self.gateway,
            clock: self.clock,
            locales: self.locales.unwrap_or_else(|| Arc::new(Locales::embedded())),
            hasher: self.hasher,
            settings: self.settings,
            metrics: Arc::new(crate::metrics::Metrics::new()),
            downloads: tokio::sync::OnceCell::new(),
            catalog: tokio::sync::OnceCell::new(),
            decoy_hash,
            hashing: hashing::HashingQueue::for_this_machine(),
            sealer: tokio::sync::OnceCell::new(),
            store: self.store,
        }
    }
}

impl App {
    /// The only way to make an `App`: see [`AppBuilder`]. The built-in
    /// gateway is `TestGateway::new(database.ledger)`.
    pub fn builder(store: Arc<dyn Store>, gateway: Arc<dyn PaymentGateway>) -> AppBuilder {
        AppBuilder {
            store,
            gateway,
            clock: Clock::system(),
            locales: None,
            hasher: PasswordHasher::recommended(),
            settings: Settings::default(),
        }
    }

    /// The sealer of product keys: under the configured data key, or the one
    /// the database keeps (drawn by the first replica that needs it).
    pub(crate) async fn sealer(&self) -> AppResult<&sealing::Sealer> {
        self.sealer
            .get_or_try_init(|| async {
                let key = match &self.settings.data_key {
                    Some(key) => key.clone(),
                    None => {
                        let stored = self.store.instance_secret(sealing::DATA_KEY_NAME, &sealing::DataKey::generate().encode()).await?;
                        sealing::DataKey::parse(&stored).map_err(AppError::internal)?
                    }
                };
                Ok(sealing::Sealer::new(&key))
            })
            .await
    }

    /// Seals the product keys revealed before keys were sealed; returns how many.
    pub async fn seal_clear_keys(&self) -> AppResult<usize> {
        let clear = self.store.clear_product_keys().await?;
        if clear.is_empty() {
            return Ok(0);
        }
        let sealer = self.sealer().await?;
        for row in &clear {
            self.store.seal_clear_key(row.benefit_id, &sealer.seal(&row.product_key)?).await?;
        }
        Ok(clear.len())
    }

    /// Open and idle database connections, for the metrics.
    pub fn pool_stats(&self) -> (u32, u32) {
        self.store.pool_stats()
    }

    /// Whether the database answers, for the readiness probe.
    pub async fn ping(&self) -> AppResult<()> {
        Ok(self.store.ping().await?)
    }

    /// Closes the database connections.
    pub async fn close(&self) {
        self.store.close().await;
    }

    /// Hashes a password off the async threads: argon2 is deliberately slow.
    pub(crate) async fn hash_password(&self, password: &str) -> AppResult<String> {
        let hasher = self.hasher.clone();
        let password = password.to_owned();
        self.hashing.run(move || hasher.hash(&password)).await?.map_err(|e| AppError::internal(format!("password hashing: {e}")))
    }

    /// Verifies a password off the async threads; `None` checks against the decoy.
    pub(crate) async fn verify_password(&self, password: &str, phc: Option<&str>) -> AppResult<bool> {
        let hasher = self.hasher.clone();
        let password = password.to_owned();
        let (phc, real) = match phc {
            Some(p) => (p.to_owned(), true),
            None => (self.decoy_hash.clone(), false),
        };
        let ok = self.hashing.run(move || hasher.verify(&password, &phc)).await?;
        Ok(ok && real)
    }
}

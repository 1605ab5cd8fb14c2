//! Product keys at rest: sealed with ChaCha20-Poly1305 under the data key,
//! and found again (for uniqueness) by their SHA-256 fingerprint. Only
//! `revealProductKeys` opens them.
//!
//! The data key comes from `PARTNERDESK_DATA_KEY` (32 bytes, base64url). Without
//! it, one is drawn at the first reveal and kept in the database's
//! `instance_secrets` table, shared by every replica: keys are then never in
//! clear in a table, a log or a backup of the keys table alone, but someone
//! holding the whole database holds both. Production sets the variable.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use sha2::{Digest, Sha256};

use super::{AppError, AppResult};
use crate::store::SealedKey;

/// The name of the data key in `instance_secrets`.
pub const DATA_KEY_NAME: &str = "data-key";

/// Seals and opens secrets under one data key.
pub struct Sealer {
    cipher: ChaCha20Poly1305,
}

/// A data key as configured: 32 bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct DataKey([u8; 32]);

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(…)")
    }
}

impl DataKey {
    /// Reads a base64url key (with or without padding).
    pub fn parse(text: &str) -> Result<Self, String> {
        let bytes = URL_SAFE_NO_PAD.decode(text.trim().trim_end_matches('=')).map_err(|e| format!("the data key is not base64url: {e}"))?;
        let bytes: [u8; 32] = bytes.try_into().map_err(|b: Vec<u8>| format!("the data key has {} bytes, not 32", b.len()))?;
        Ok(Self(bytes))
    }

    /// A new random key.
    pub fn generate() -> Self {
        Self(ChaCha20Poly1305::generate_key(&mut OsRng).into())
    }

    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.0)
    }
}

impl Sealer {
    pub fn new(key: &DataKey) -> Self {
        Self { cipher: ChaCha20Poly1305::new(Key::from_slice(&key.0)) }
    }

    /// `secret` sealed with a fresh nonce, and its fingerprint.
    pub fn seal(&self, secret: &str) -> AppResult<SealedKey> {
        let nonce = ChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self.cipher.encrypt(&nonce, secret.as_bytes()).map_err(|_| AppError::internal("sealing failed"))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(SealedKey { sealed: URL_SAFE_NO_PAD.encode(out), fingerprint: fingerprint(secret) })
    }

    /// The secret behind `sealed`; an error if it was sealed under another key or altered.
    pub fn open(&self, sealed: &str) -> AppResult<String> {
        let bytes = URL_SAFE_NO_PAD.decode(sealed).map_err(|_| AppError::internal("a sealed value is not base64url"))?;
        if bytes.len() < 12 {
            return Err(AppError::internal("a sealed value is too short"));
        }
        let (nonce, body) = bytes.split_at(12);
        let clear = self
            .cipher
            .decrypt(Nonce::from_slice(nonce), body)
            .map_err(|_| AppError::internal("a sealed value does not open with this data key"))?;
        String::from_utf8(clear).map_err(|_| AppError::internal("a sealed value is not text"))
    }
}

/// The SHA-256 of a secret, hex-encoded: finds duplicates without the secret.
pub fn fingerprint(secret: &str) -> String {
    Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_under_their_key_and_never_show_the_secret() {
        let key = DataKey::generate();
        let sealer = Sealer::new(&key);
        let a = sealer.seal("ABCDE-FGHIJ-KLMNO-PQRST-UVWXY").unwrap();
        let b = sealer.seal("ABCDE-FGHIJ-KLMNO-PQRST-UVWXY").unwrap();
        assert_ne!(a.sealed, b.sealed, "a fresh nonce each time");
        assert_eq!(a.fingerprint, b.fingerprint);
        assert!(!a.sealed.contains("ABCDE") && !a.fingerprint.contains("ABCDE"));
        assert_eq!(sealer.open(&a.sealed).unwrap(), "ABCDE-FGHIJ-KLMNO-PQRST-UVWXY");
        assert!(Sealer::new(&DataKey::generate()).open(&a.sealed).is_err());
        let mut altered = a.sealed.clone().into_bytes();
        altered[20] = if altered[20] == b'A' { b'B' } else { b'A' };
        assert!(sealer.open(&String::from_utf8(altered).unwrap()).is_err());
        assert!(sealer.open("short").is_err());
    }

    #[test]
    fn data_keys_round_trip_and_bad_ones_are_refused() {
        let key = DataKey::generate();
        assert_eq!(DataKey::parse(&key.encode()).unwrap(), key);
        assert!(DataKey::parse("too-short").is_err());
        assert!(DataKey::parse("not base64 at all!").is_err());
        assert!(!format!("{key:?}").contains(&key.encode()));
    }
}

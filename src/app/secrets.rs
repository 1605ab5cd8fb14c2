//! Passwords (argon2id), bearer tokens (random, stored as SHA-256) and
//! temporary passwords.

use argon2::password_hash::{Output, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::rngs::OsRng;
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};

/// Hashes and verifies passwords with argon2id.
#[derive(Debug, Clone)]
pub struct PasswordHasher {
    params: Params,
}

impl PasswordHasher {
    /// OWASP's recommended argon2id settings: 19 MiB, 2 passes, 1 lane.
    pub fn recommended() -> Self {
        Self { params: Params::new(19 * 1024, 2, 1, None).unwrap_or_default() }
    }

    /// The cheapest settings argon2 allows: for tests only, never for stored data.
    pub fn fast_insecure_for_tests() -> Self {
        Self { params: Params::new(Params::MIN_M_COST, 1, 1, None).unwrap_or_default() }
    }

    fn argon2(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    /// A PHC string (`$argon2id$v=19$…`) with a fresh random salt.
    pub fn hash(&self, password: &str) -> Result<String, argon2::password_hash::Error> {
        let salt = SaltString::generate(&mut OsRng);
        let mut salt_bytes = [0u8; 64];
        let salt_bytes = salt.decode_b64(&mut salt_bytes)?;
        let mut out = vec![0u8; self.params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN)];
        with_blocks(self.params.block_count(), |blocks| {
            self.argon2().hash_password_into_with_memory(password.as_bytes(), salt_bytes, &mut out, blocks)
        })?;
        let hash = PasswordHash {
            algorithm: argon2::Algorithm::Argon2id.ident(),
            version: Some(argon2::Version::V0x13.into()),
            params: (&self.params).try_into()?,
            salt: Some(salt.as_salt()),
            hash: Some(Output::new(&out)?),
        };
        Ok(hash.to_string())
    }

    /// Whether `password` matches `phc`. Parameters come from the PHC string,
    /// so hashes made with other settings still verify.
    pub fn verify(&self, password: &str, phc: &str) -> bool {
        let check = || -> Result<bool, argon2::password_hash::Error> {
            let parsed = PasswordHash::new(phc)?;
            let (Some(expected), Some(salt)) = (parsed.hash, parsed.salt) else { return Ok(false) };
            let algorithm = Algorithm::try_from(parsed.algorithm)?;
            let version = parsed.version.map(Version::try_from).transpose()?.unwrap_or(Version::V0x13);
            let params = Params::try_from(&parsed)?;
            let mut salt_bytes = [0u8; 64];
            let salt_bytes = salt.decode_b64(&mut salt_bytes)?;
            let mut out = vec![0u8; expected.len()];
            let argon2 = Argon2::new(algorithm, version, params.clone());
            with_blocks(params.block_count(), |blocks| {
                argon2.hash_password_into_with_memory(password.as_bytes(), salt_bytes, &mut out, blocks)
            })?;
            // `Output` compares in constant time.
            Ok(Output::new(&out)? == expected)
        };
        check().unwrap_or(false)
    }

    /// A hash of nothing in particular, verified against when an email is
    /// unknown so that sign-in takes as long either way.
    pub fn decoy(&self) -> String {
        self.hash("decoy password that no one has").unwrap_or_default()
    }
}

thread_local! {
    /// argon2's working memory, kept by each thread that hashes: allocating
    /// 19 MiB a call leaves the allocator holding several blocks per thread.
    static BLOCKS: std::cell::RefCell<Vec<Block>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs `f` with `count` blocks of this thread's argon2 memory.
fn with_blocks<T>(count: usize, f: impl FnOnce(&mut [Block]) -> argon2::Result<T>) -> Result<T, argon2::password_hash::Error> {
    BLOCKS.with(|cell| {
        let mut blocks = cell.borrow_mut();
        if blocks.len() < count {
            blocks.resize(count, Block::default());
        }
        f(&mut blocks[..count]).map_err(argon2::password_hash::Error::from)
    })
}

/// The prefix of every bearer token, so that leaked tokens are easy to spot.
pub const TOKEN_PREFIX: &str = "pdt_";

/// A new bearer token (256 random bits) and the hash to store.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token = format!("{TOKEN_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes));
    let hash = hash_token(&token);
    (token, hash)
}

/// The SHA-256 of a token, hex-encoded. Tokens carry 256 bits of entropy, so a
/// fast hash is enough: there is nothing to brute-force.
pub fn hash_token(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// A temporary password: 20 characters from an alphabet without look-alikes
/// (about 110 bits).
pub fn temporary_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = OsRng;
    (0..20).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let hasher = PasswordHasher::fast_insecure_for_tests();
        let phc = hasher.hash("Correct horse battery").unwrap();
        assert!(phc.starts_with("$argon2id$"));
        assert!(!phc.contains("Correct horse"));
        assert!(hasher.verify("Correct horse battery", &phc));
        assert!(!hasher.verify("correct horse battery", &phc));
        assert!(!hasher.verify("anything", "not a phc string"));
        // A hash made with other parameters still verifies.
        assert!(PasswordHasher::recommended().verify("Correct horse battery", &phc));
        // The PHC strings are standard: argon2's own hasher and verifier agree.
        use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
        let parsed = PasswordHash::new(&phc).unwrap();
        assert!(Argon2::default().verify_password(b"Correct horse battery", &parsed).is_ok());
        let theirs = Argon2::default().hash_password(b"tr0ub4dor", &SaltString::generate(&mut OsRng)).unwrap().to_string();
        assert!(hasher.verify("tr0ub4dor", &theirs));
        assert!(!hasher.verify("tr0ub4dor!", &theirs));
    }

    #[test]
    fn tokens_are_random_and_stored_as_hashes() {
        let (a, hash_a) = new_token();
        let (b, _) = new_token();
        assert_ne!(a, b);
        assert!(a.starts_with(TOKEN_PREFIX) && a.len() >= TOKEN_PREFIX.len() + 43);
        assert_eq!(hash_token(&a), hash_a);
        assert_eq!(hash_a.len(), 64);
        assert!(!hash_a.contains(&a[TOKEN_PREFIX.len()..]));
    }

    #[test]
    fn temporary_passwords_pass_the_policy() {
        for _ in 0..50 {
            let p = temporary_password();
            assert_eq!(p.len(), 20);
            crate::domain::identity::check_password(&p, "someone@example.com").unwrap();
        }
    }
}

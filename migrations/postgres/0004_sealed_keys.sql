-- Product keys are secrets: they are kept sealed (ChaCha20-Poly1305 under the
-- data key, see src/app/sealing.rs) and found again by their SHA-256
-- fingerprint, which keeps them unique across the program without the key.
CREATE TABLE sealed_product_keys (
    benefit_id BIGINT PRIMARY KEY REFERENCES benefits (id),
    organization_id BIGINT NOT NULL REFERENCES organizations (id),
    sealed TEXT NOT NULL,
    fingerprint TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL
);

-- Secrets of this installation, shared by every replica: the data key when
-- PARTNERDESK_DATA_KEY does not give one.
CREATE TABLE instance_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Keys revealed before sealing stay in product_keys until the service seals
-- them at its next start (App::seal_clear_keys), which also empties it.

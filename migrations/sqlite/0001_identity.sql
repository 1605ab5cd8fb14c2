-- Identity: organizations, their users, sessions and the audit log.
-- Timestamps are RFC 3339 text in UTC (sqlx's encoding), which sorts correctly.

CREATE TABLE organizations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- The public partner number shown to people ("4801234").
    partner_id TEXT NOT NULL UNIQUE,
    -- PARTNER organizations join the network; the single OPERATOR one holds program staff.
    kind TEXT NOT NULL CHECK (kind IN ('PARTNER', 'OPERATOR')),
    legal_name TEXT NOT NULL,
    country TEXT NOT NULL,
    -- Network membership starts the moment a partner joins; NULL for the operator.
    network_member_since TEXT,
    created_at TEXT NOT NULL
);

-- The operator organization exists from the start so that `staff add` has a home.
INSERT INTO organizations (partner_id, kind, legal_name, country, network_member_since, created_at)
VALUES ('1000000', 'OPERATOR', 'Partner program operator', 'US', NULL, '2017-01-01T00:00:00+00:00');

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    -- Lower-cased; sign-in is by email, so it is unique across organizations.
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    -- An argon2id PHC string; never a password.
    password_hash TEXT NOT NULL,
    -- Bitmask of roles (see domain::roles); every user has at least one.
    roles INTEGER NOT NULL CHECK (roles <> 0),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    -- Set for temporary passwords: they must be changed at first sign-in.
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    -- The language mails and messages go out in (en or fr).
    language TEXT NOT NULL DEFAULT 'en',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX users_organization ON users (organization_id, id);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id),
    -- SHA-256 of the bearer token; the token itself is shown once and never stored.
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Failed sign-ins, kept for the throttling window so that every replica sees them.
CREATE TABLE sign_in_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL,
    address TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX sign_in_failures_email ON sign_in_failures (email, at);
CREATE INDEX sign_in_failures_address ON sign_in_failures (address, at);

CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    actor_user_id INTEGER REFERENCES users (id),
    -- Dotted action name, e.g. user.roles.set
    action TEXT NOT NULL,
    -- Global ID of the object acted on, when there is one.
    target_id TEXT,
    at TEXT NOT NULL
);
CREATE INDEX audit_events_organization ON audit_events (organization_id, id);

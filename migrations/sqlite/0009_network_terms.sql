-- Network membership is a yearly term from joining, free, renewed by
-- accepting the current network agreement (domain/network.rs). Existing
-- members get the term that started the day they joined.
CREATE TABLE network_terms (
    organization_id INTEGER PRIMARY KEY REFERENCES organizations (id),
    term_start TEXT NOT NULL,
    term_end TEXT NOT NULL,
    -- The agreement last accepted (at joining: the one then current).
    agreement_version TEXT NOT NULL,
    -- The term end each reminder went out for, so it goes out once a term.
    reminded_30_for TEXT,
    reminded_7_for TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX network_terms_end ON network_terms (term_end);
INSERT INTO network_terms (organization_id, term_start, term_end, agreement_version, updated_at)
SELECT id, network_member_since, strftime('%Y-%m-%dT%H:%M:%S+00:00', network_member_since, '+1 year'), '2017-01', network_member_since
FROM organizations WHERE network_member_since IS NOT NULL;

-- Renewals by idempotency key: a retry answers the first renewal's term.
CREATE TABLE network_renewals (
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    idempotency_key TEXT NOT NULL,
    term_end TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (organization_id, idempotency_key)
);

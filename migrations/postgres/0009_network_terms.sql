-- Network membership is a yearly term from joining, free, renewed by
-- accepting the current network agreement (domain/network.rs). Existing
-- members get the term that started the day they joined.
CREATE TABLE network_terms (
    organization_id BIGINT PRIMARY KEY REFERENCES organizations (id),
    term_start TIMESTAMPTZ NOT NULL,
    term_end TIMESTAMPTZ NOT NULL,
    -- The agreement last accepted (at joining: the one then current).
    agreement_version TEXT NOT NULL,
    -- The term end each reminder went out for, so it goes out once a term.
    reminded_30_for TIMESTAMPTZ,
    reminded_7_for TIMESTAMPTZ,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX network_terms_end ON network_terms (term_end);
INSERT INTO network_terms (organization_id, term_start, term_end, agreement_version, updated_at)
SELECT id, network_member_since, network_member_since + INTERVAL '1 year', '2017-01', network_member_since
FROM organizations WHERE network_member_since IS NOT NULL;

-- Renewals by idempotency key: a retry answers the first renewal's term.
CREATE TABLE network_renewals (
    organization_id BIGINT NOT NULL REFERENCES organizations (id),
    idempotency_key TEXT NOT NULL,
    term_end TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, idempotency_key)
);

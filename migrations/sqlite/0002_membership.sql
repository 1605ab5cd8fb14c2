-- Membership: the program catalog, payment methods, subscriptions, orders and
-- payment attempts, service requests, competencies and the mail outbox.

-- ---------------------------------------------------------------- catalog
-- The catalog is data: names and descriptions come from Fluent (locales/*/catalog.ftl).

CREATE TABLE membership_levels (
    code TEXT PRIMARY KEY,
    -- Higher rank wins when an organization holds several levels.
    rank INTEGER NOT NULL UNIQUE
);
INSERT INTO membership_levels (code, rank) VALUES
    ('NETWORK', 0), ('ACTION_PACK', 1), ('SILVER_COMPETENCY', 2), ('GOLD_COMPETENCY', 3);

CREATE TABLE products (
    code TEXT PRIMARY KEY,
    category TEXT NOT NULL CHECK (category IN ('SOFTWARE', 'CLOUD_SERVICE', 'VISUAL_STUDIO', 'SUPPORT')),
    -- The Fluent message with the product's name (locales/*/terms.ftl).
    name_id TEXT NOT NULL
);
INSERT INTO products (code, category, name_id) VALUES
    ('WIN10_ENT_UPGRADE', 'SOFTWARE', 'term-product-windows-10-enterprise-upgrade'),
    ('VS_PROFESSIONAL', 'SOFTWARE', 'term-product-visual-studio-professional'),
    ('VSTS', 'CLOUD_SERVICE', 'term-product-visual-studio-team-services'),
    ('O365_E3', 'CLOUD_SERVICE', 'term-product-office-365-e3'),
    ('EMS', 'CLOUD_SERVICE', 'term-product-enterprise-mobility-suite'),
    ('DYNAMICS_CRM_ONLINE_PRO', 'CLOUD_SERVICE', 'term-product-dynamics-crm-online-professional'),
    ('AZURE_MONTHLY_CREDIT', 'CLOUD_SERVICE', 'term-product-azure-monthly-credit'),
    ('VS_SUBSCRIPTIONS', 'VISUAL_STUDIO', 'term-product-visual-studio-subscriptions'),
    ('SUPPORT_PLAN', 'SUPPORT', 'term-product-support-plan');

CREATE TABLE offers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    -- Price of one term in minor units (cents) of `currency`; never a float.
    price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
    currency TEXT NOT NULL,
    term_months INTEGER NOT NULL CHECK (term_months > 0),
    auto_renewable BOOLEAN NOT NULL,
    requires_level TEXT NOT NULL REFERENCES membership_levels (code),
    -- Purchases must accept exactly this version of the terms.
    terms_version TEXT NOT NULL,
    terms_url TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE
);
INSERT INTO offers (code, price_minor, currency, term_months, auto_renewable, requires_level, terms_version, terms_url)
VALUES ('ACTION_PACK', 47500, 'USD', 12, TRUE, 'NETWORK', '2017-01', '/help/en/subscribe-to-action-pack/');

-- What one subscription to an offer includes.
CREATE TABLE offer_allocations (
    offer_id INTEGER NOT NULL REFERENCES offers (id),
    position INTEGER NOT NULL,
    product_code TEXT NOT NULL REFERENCES products (code),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    unit TEXT NOT NULL CHECK (unit IN ('LICENSE', 'SEAT', 'ACCOUNT', 'MONTHLY_CREDIT_USD', 'SUPPORT_PLAN')),
    activation TEXT NOT NULL CHECK (activation IN ('PRODUCT_KEY', 'ASSIGN_SELF', 'ASSIGN_USER', 'ASSIGN_USER_WITH_ALTERNATE_EMAIL')),
    -- How many users it can be assigned to (NULL for product keys).
    seats INTEGER,
    PRIMARY KEY (offer_id, position)
);
INSERT INTO offer_allocations (offer_id, position, product_code, quantity, unit, activation, seats) VALUES
    ((SELECT id FROM offers WHERE code = 'ACTION_PACK'), 1, 'WIN10_ENT_UPGRADE', 10, 'LICENSE', 'PRODUCT_KEY', NULL),
    ((SELECT id FROM offers WHERE code = 'ACTION_PACK'), 2, 'VS_PROFESSIONAL', 3, 'LICENSE', 'PRODUCT_KEY', NULL),
    ((SELECT id FROM offers WHERE code = 'ACTION_PACK'), 3, 'VSTS', 1, 'ACCOUNT', 'PRODUCT_KEY', NULL),
    ((SELECT id FROM offers WHERE code = 'ACTION_PACK'), 4, 'O365_E3', 10, 'SEAT', 'PRODUCT_KEY', NULL),
    ((SELECT id FROM offers WHERE code = 'ACTION_PACK'), 5, 'EMS', 5, 'SEAT', 'PRODUCT_KEY', NULL),
    ((SELECT id FROM offers WHERE code = 'ACTION_PACK'), 6, 'DYNAMICS_CRM_ONLINE_PRO', 5, 'SEAT', 'PRODUCT_KEY', NULL),
    ((SELECT id FROM offers WHERE code = 'ACTION_PACK'), 7, 'AZURE_MONTHLY_CREDIT', 100, 'MONTHLY_CREDIT_USD', 'ASSIGN_SELF', 1),
    ((SELECT id FROM offers WHERE code = 'ACTION_PACK'), 8, 'VS_SUBSCRIPTIONS', 3, 'SEAT', 'ASSIGN_USER', 3),
    ((SELECT id FROM offers WHERE code = 'ACTION_PACK'), 9, 'SUPPORT_PLAN', 1, 'SUPPORT_PLAN', 'ASSIGN_USER_WITH_ALTERNATE_EMAIL', 1);

CREATE TABLE competency_areas (
    code TEXT PRIMARY KEY,
    position INTEGER NOT NULL
);
INSERT INTO competency_areas (code, position) VALUES
    ('APPLICATION_DEVELOPMENT', 1), ('CLOUD_PLATFORM', 2), ('CLOUD_PRODUCTIVITY', 3), ('DATA_ANALYTICS', 4),
    ('DATACENTER', 5), ('DEVOPS', 6), ('SMALL_MIDMARKET_CLOUD_SOLUTIONS', 7), ('SECURITY', 8);

-- ---------------------------------------------------------------- payments

-- Only what may be kept of a card: never its number or CVC.
CREATE TABLE payment_methods (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    brand TEXT NOT NULL,
    last4 TEXT NOT NULL,
    expiry_month INTEGER NOT NULL,
    expiry_year INTEGER NOT NULL,
    holder_name TEXT NOT NULL,
    -- The payment gateway's reference to the card.
    gateway_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    removed_at TEXT
);
CREATE INDEX payment_methods_organization ON payment_methods (organization_id, id);

-- The built-in test gateway's own ledger: it stands in for a payment provider's
-- records, which is what reconciliation asks after a crash.
CREATE TABLE gateway_charges (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL UNIQUE,
    gateway_token TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    outcome TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- ---------------------------------------------------------------- subscriptions and orders

CREATE TABLE subscriptions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    offer_id INTEGER NOT NULL REFERENCES offers (id),
    status TEXT NOT NULL CHECK (status IN ('ACTIVE', 'GRACE_PERIOD', 'EXPIRED', 'CANCELLED')),
    auto_renew BOOLEAN NOT NULL,
    -- Set when auto-renewal is turned off; cleared by a manual renewal.
    auto_renew_locked BOOLEAN NOT NULL DEFAULT FALSE,
    purchased_at TEXT NOT NULL,
    current_term_start TEXT NOT NULL,
    current_term_end TEXT NOT NULL,
    grace_ends_at TEXT,
    payment_method_id INTEGER REFERENCES payment_methods (id),
    placed_by_user_id INTEGER REFERENCES users (id),
    cancelled_at TEXT,
    -- The term end for which each reminder went out, so it goes out once a term.
    reminded_30_for TEXT,
    reminded_7_for TEXT,
    updated_at TEXT NOT NULL
);
-- One live subscription per organization and offer.
CREATE UNIQUE INDEX subscriptions_one_live ON subscriptions (organization_id, offer_id) WHERE status IN ('ACTIVE', 'GRACE_PERIOD');
CREATE INDEX subscriptions_due ON subscriptions (status, current_term_end);

-- Every charge is recorded here before the gateway is called, so that a crash
-- between the charge and the order is found and settled at the next start.
CREATE TABLE payment_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    idempotency_key TEXT NOT NULL,
    -- SHA-256 of the request, to refuse a key reused for another request.
    request_hash TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('NEW', 'RENEWAL')),
    offer_id INTEGER NOT NULL REFERENCES offers (id),
    subscription_id INTEGER REFERENCES subscriptions (id),
    payment_method_id INTEGER NOT NULL REFERENCES payment_methods (id),
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    terms_version TEXT NOT NULL,
    placed_by_user_id INTEGER REFERENCES users (id),
    -- The gateway's key for this charge (unique across the program).
    charge_key TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL CHECK (state IN ('PENDING', 'SUCCEEDED', 'FAILED')),
    order_id INTEGER,
    failure_code TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (organization_id, idempotency_key)
);
CREATE UNIQUE INDEX payment_attempts_one_pending_purchase ON payment_attempts (organization_id, offer_id) WHERE state = 'PENDING' AND kind = 'NEW';
CREATE UNIQUE INDEX payment_attempts_one_pending_renewal ON payment_attempts (subscription_id) WHERE state = 'PENDING' AND kind = 'RENEWAL';
CREATE INDEX payment_attempts_pending ON payment_attempts (state, created_at);

CREATE TABLE orders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Human-facing number, from the payment attempt it settles.
    number TEXT NOT NULL UNIQUE,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    kind TEXT NOT NULL CHECK (kind IN ('NEW', 'RENEWAL')),
    offer_id INTEGER NOT NULL REFERENCES offers (id),
    subscription_id INTEGER REFERENCES subscriptions (id),
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('PAID', 'FAILED')),
    payment_method_id INTEGER NOT NULL REFERENCES payment_methods (id),
    terms_version TEXT NOT NULL,
    placed_by_user_id INTEGER REFERENCES users (id),
    failure_code TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX orders_organization ON orders (organization_id, id);
CREATE INDEX orders_subscription ON orders (subscription_id, id);

-- ---------------------------------------------------------------- service requests

CREATE TABLE service_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    category TEXT NOT NULL,
    severity TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('OPEN', 'IN_PROGRESS', 'AWAITING_PARTNER', 'RESOLVED', 'CLOSED')),
    subscription_id INTEGER REFERENCES subscriptions (id),
    opened_by_user_id INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    closed_at TEXT
);
CREATE INDEX service_requests_organization ON service_requests (organization_id, id);
CREATE INDEX service_requests_status ON service_requests (status, id);

CREATE TABLE service_request_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    service_request_id INTEGER NOT NULL REFERENCES service_requests (id),
    author_user_id INTEGER NOT NULL REFERENCES users (id),
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX service_request_notes_request ON service_request_notes (service_request_id, id);

-- ---------------------------------------------------------------- competencies

CREATE TABLE competencies (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    area_code TEXT NOT NULL REFERENCES competency_areas (code),
    level TEXT NOT NULL CHECK (level IN ('SILVER', 'GOLD')),
    attained_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    granted_by_user_id INTEGER REFERENCES users (id)
);
CREATE INDEX competencies_organization ON competencies (organization_id, id);

-- ---------------------------------------------------------------- mail outbox

-- Written in the same transaction as the change that causes the mail;
-- delivered later by the jobs.
CREATE TABLE outbox_mails (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    to_address TEXT NOT NULL,
    language TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('PENDING', 'SENT', 'FAILED')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    -- A delivering job holds the mail until then; another may take it after.
    lease_until TEXT,
    last_error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT
);
CREATE INDEX outbox_mails_due ON outbox_mails (status, next_attempt_at);

-- Refunds: money taken for nothing goes back. A renewal charged while its
-- subscription changed (a cancellation, say) and a charge the gateway made
-- after its attempt was given up are marked DUE; the jobs refund them at the
-- gateway under a key of their own, then mark them REFUNDED with the order.
ALTER TABLE payment_attempts ADD COLUMN refund TEXT CHECK (refund IN ('DUE', 'REFUNDED'));
ALTER TABLE payment_attempts ADD COLUMN refunded_at TEXT;
CREATE INDEX payment_attempts_refund_due ON payment_attempts (refund) WHERE refund = 'DUE';
ALTER TABLE orders ADD COLUMN refunded_at TEXT;

-- The test gateway's refunds, beside its charges (a provider keeps its own).
CREATE TABLE gateway_refunds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL UNIQUE,
    charge_key TEXT NOT NULL UNIQUE REFERENCES gateway_charges (idempotency_key),
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    created_at TEXT NOT NULL
);

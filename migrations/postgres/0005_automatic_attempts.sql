-- Whether an attempt is an automatic renewal started by the jobs (no user
-- placed it) is a fact of its own, not something read from its charge key.
ALTER TABLE payment_attempts ADD COLUMN automatic BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE payment_attempts SET automatic = TRUE WHERE charge_key LIKE 'auto-renewal:%';

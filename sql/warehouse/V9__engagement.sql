-- sendtime warehouse, version 9: engagement in profiles.
--  * email_events: the email service's delivery and engagement events sendtime serve received (curated email_events:
--    docs/transform.md), one row per event; the recipient by customer_key and the SHA-256 of the address, never the
--    address.
--  * profiles (and their history): last_active_at, the latest storefront event of any type (a view, a search, a cart
--    change, a checkout, an order); last_engaged_at, the latest open or click of an email; hard_bounced, whether any
--    email to them hard-bounced or was refused as invalid. The counts of delivered, opened and clicked emails in the
--    last 30 and 90 days are computed when read (sql/load/features.sql), like the other windowed features.
-- Profiles loaded before this version read NULL and false until a load recomputes them: `run load --full-rebuild`
-- recomputes everyone (and adds a version where one of these is set).
CREATE TABLE email_events (
    event_id VARCHAR, provider VARCHAR, kind VARCHAR, campaign VARCHAR, send_id VARCHAR, variant VARCHAR,
    customer_key VARCHAR, email_sha256 VARCHAR, occurred_at TIMESTAMPTZ, group_id BIGINT, status VARCHAR,
    is_deleted BOOLEAN,
    _raw_run_id VARCHAR, _extracted_at TIMESTAMPTZ, _source_updated_at TIMESTAMPTZ, _transform_run_id VARCHAR
);

ALTER TABLE profiles ADD COLUMN last_active_at TIMESTAMPTZ;
ALTER TABLE profiles ADD COLUMN last_engaged_at TIMESTAMPTZ;
ALTER TABLE profiles ADD COLUMN hard_bounced BOOLEAN DEFAULT false;
ALTER TABLE profile_snapshots ADD COLUMN last_active_at TIMESTAMPTZ;
ALTER TABLE profile_snapshots ADD COLUMN last_engaged_at TIMESTAMPTZ;
ALTER TABLE profile_snapshots ADD COLUMN hard_bounced BOOLEAN;

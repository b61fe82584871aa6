-- Consent as the sources stated it just before this send (ConsentRefresh): render_consent_records holds each
-- record read, as a JSON object of its raw schema's fields (timestamps in microseconds); the rules in
-- consent/<entity>.sql turn them into render_consent_statements, shaped like consent_statements; consent.sql
-- decides each refreshed recipient's consent into render_consent. All empty when nothing was refreshed
-- (a preview, or --allow-stale-consent after a failed refresh): the last load's consent stands.
SET VARIABLE subscription_channels = CAST(:subscriptionChannels::JSON AS MAP(VARCHAR, VARCHAR));
CREATE OR REPLACE TEMP TABLE render_consent_records (source VARCHAR, entity VARCHAR, record VARCHAR);
CREATE OR REPLACE TEMP TABLE render_consent_statements (
    customer_key VARCHAR, channel VARCHAR, status VARCHAR, source VARCHAR, record_id VARCHAR,
    stated_at TIMESTAMPTZ, own_time BOOLEAN);
CREATE OR REPLACE TEMP TABLE render_consent (customer_key VARCHAR, status VARCHAR);

-- A load's inputs as DuckDB variables (bound by the loader), and the customers it touches.
SET VARIABLE as_of = :asOf::TIMESTAMPTZ;
SET VARIABLE load_id = :loadId::BIGINT;
-- which consent channel each CRM subscription type states (sendtime.load.subscription-channels)
SET VARIABLE subscription_channels = CAST(:subscriptionChannels::JSON AS MAP(VARCHAR, VARCHAR));
CREATE OR REPLACE TEMP TABLE touched (customer_key VARCHAR);

-- A load's inputs as DuckDB variables (bound by the loader), and the customers it touches.
SET VARIABLE as_of = :asOf::TIMESTAMPTZ;
SET VARIABLE load_id = :loadId::BIGINT;
CREATE OR REPLACE TEMP TABLE touched (customer_key VARCHAR);

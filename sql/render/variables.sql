-- The render's inputs as DuckDB variables, bound by the code (never written into the SQL):
-- render_at, campaign_id, send_id, snapshot_version; campaign_segments (the campaign's segments, empty:
-- everyone) and only_customer (a preview: that customer alone, in or out of the audience; else NULL).
SET VARIABLE render_at = :renderAt::TIMESTAMPTZ;
SET VARIABLE campaign_id = :campaignId::VARCHAR;
SET VARIABLE send_id = :sendId::VARCHAR;
SET VARIABLE snapshot_version = :snapshotVersion::BIGINT;
SET VARIABLE campaign_segments = CAST(:campaignSegments::JSON AS VARCHAR[]);
SET VARIABLE only_customer = :onlyCustomer::VARCHAR;

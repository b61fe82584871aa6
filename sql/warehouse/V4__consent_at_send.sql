-- sendtime warehouse, version 4: consent decided at the moment of sending.
--
-- source_windows: the extract windows whose data the warehouse holds (each load adds the windows of the
-- extract runs its curated manifests consumed). The render reads every consent change at the sources since
-- the end of the first unbroken stretch of these windows (sql/render/consent_since.sql), so a change the
-- warehouse may not hold yet is read again, never assumed. Warehouses loaded before this version start
-- recording with their next load; until then the render reads the sources' consent from the beginning.
CREATE TABLE source_windows (
    source       VARCHAR NOT NULL,
    entity       VARCHAR NOT NULL,
    run_id       VARCHAR NOT NULL,
    window_from  TIMESTAMPTZ NOT NULL,           -- inclusive lower bound of the source cursor the run read
    window_to    TIMESTAMPTZ NOT NULL,           -- exclusive upper bound
    load_id      BIGINT NOT NULL,
    PRIMARY KEY (source, entity, run_id)
);

-- how a send's consent was decided: 'sources' (refreshed from the sources just before the render),
-- 'load' (the last load's, because the refresh failed and --allow-stale-consent allowed it, or no refresh
-- is configured); when; how many statements the refresh read; and why it fell back, if it did
ALTER TABLE render_summaries ADD COLUMN consent_source VARCHAR DEFAULT 'load';
ALTER TABLE render_summaries ADD COLUMN consent_checked_at TIMESTAMPTZ;
ALTER TABLE render_summaries ADD COLUMN consent_statements BIGINT DEFAULT 0;
ALTER TABLE render_summaries ADD COLUMN consent_note VARCHAR;

-- sendtime's own tables in the job-repository database (H2 or PostgreSQL), next to Spring Batch's.
-- Instants are stored as ISO-8601 UTC text so they keep their full precision on every database.

-- The high watermark per (source, entity): the exclusive upper bound of the last committed extract.
CREATE TABLE IF NOT EXISTS sendtime_watermark (
    source          VARCHAR(100) NOT NULL,
    entity          VARCHAR(100) NOT NULL,
    high_watermark  VARCHAR(40)  NOT NULL,
    run_id          VARCHAR(100) NOT NULL,
    committed_at    VARCHAR(40)  NOT NULL,
    PRIMARY KEY (source, entity)
);

-- Records the last committed extract read inside its lookback band [high_watermark - lookback,
-- high_watermark). The next run re-reads that band (to catch late commits at the source) and skips
-- these (id, updated_at) pairs, so the overlap never produces duplicates.
CREATE TABLE IF NOT EXISTS sendtime_extract_boundary (
    source             VARCHAR(100) NOT NULL,
    entity             VARCHAR(100) NOT NULL,
    record_id          VARCHAR(200) NOT NULL,
    source_updated_at  BIGINT       NOT NULL
);
CREATE INDEX IF NOT EXISTS sendtime_extract_boundary_entity ON sendtime_extract_boundary (source, entity);

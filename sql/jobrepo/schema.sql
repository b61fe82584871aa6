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

-- Which committed extract runs a transform has consumed, recorded in the transaction of the
-- transform's commit step: a raw run is curated exactly once (the primary key refuses a second).
CREATE TABLE IF NOT EXISTS sendtime_transform_consumed (
    source            VARCHAR(100) NOT NULL,
    run_id            VARCHAR(100) NOT NULL,
    transform_run_id  VARCHAR(100) NOT NULL,
    committed_at      VARCHAR(40)  NOT NULL,
    PRIMARY KEY (source, run_id)
);

-- The customer_key given to each CRM contact and commerce customer the first time a transform saw
-- it. Keys never change afterwards, so profiles do not split or merge when an email changes.
CREATE TABLE IF NOT EXISTS sendtime_identity (
    system        VARCHAR(20)  NOT NULL,
    record_id     VARCHAR(200) NOT NULL,
    customer_key  VARCHAR(16)  NOT NULL,
    assigned_by   VARCHAR(100) NOT NULL,
    PRIMARY KEY (system, record_id)
);

-- Curated manifests replaced by a compaction (`lake housekeep`), recorded in one transaction when the
-- compaction commits: from then on the load reads the compaction's manifest instead of the ones it
-- replaced (a manifest is replaced once: the primary key refuses a second compaction of it).
CREATE TABLE IF NOT EXISTS sendtime_curated_compaction (
    replaced_run_id  VARCHAR(100) NOT NULL,
    compaction_id    VARCHAR(100) NOT NULL,
    committed_at     VARCHAR(40)  NOT NULL,
    PRIMARY KEY (replaced_run_id)
);

-- Addresses that get no marketing email from the next render on (`privacy suppress`, an ESP's bounces,
-- complaints and unsubscribes), as keyed hashes (HMAC-SHA256 with the privacy key) of the normalized
-- address: never the address itself. Kept here, not in DuckDB, so it can be written while a job holds the
-- warehouse.
CREATE TABLE IF NOT EXISTS sendtime_suppression (
    email_hash     VARCHAR(64)  NOT NULL,
    reason         VARCHAR(200),
    source         VARCHAR(100) NOT NULL,
    suppressed_at  VARCHAR(40)  NOT NULL,
    PRIMARY KEY (email_hash)
);

-- Erasures (`privacy erase`), holding no personal data: the erasure's id (a keyed hash of the identifiers it
-- was asked for), the reason, how many identifiers it found, when it was asked and when every store was done.
CREATE TABLE IF NOT EXISTS sendtime_erasure (
    erasure_id    VARCHAR(64)  NOT NULL,
    reason        VARCHAR(200),
    identifiers   INTEGER      NOT NULL,
    requested_at  VARCHAR(40)  NOT NULL,
    completed_at  VARCHAR(40),
    PRIMARY KEY (erasure_id)
);

-- The keyed hashes (HMAC-SHA256 with the privacy key) of every identifier of an erased person, as
-- `<kind>:<value>` (their addresses, CRM and shop ids, customer keys): a later extract that still receives
-- their records from a source drops them before anything is written.
CREATE TABLE IF NOT EXISTS sendtime_erased_id (
    id_hash     VARCHAR(64)  NOT NULL,
    erasure_id  VARCHAR(64)  NOT NULL,
    PRIMARY KEY (id_hash)
);

-- How this install's customer keys are made: 'keyed' (HMAC with the privacy key, written by the first transform
-- of an install, or by `privacy rekey`). An install whose identity table has keys but no row here issued plain
-- SHA-256 keys (before keyed keys): the transform refuses until `privacy rekey` has run once.
CREATE TABLE IF NOT EXISTS sendtime_key_scheme (
    scheme  VARCHAR(20)  NOT NULL,
    set_at  VARCHAR(40)  NOT NULL,
    PRIMARY KEY (scheme)
);

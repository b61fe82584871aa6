-- Rendering (issue 4): one summary row per (campaign, send). token_sets (V1) holds the token sets;
-- a re-render of a send replaces both in one transaction.

CREATE TABLE render_summaries (
    campaign_id           VARCHAR NOT NULL,
    send_id               VARCHAR NOT NULL,
    send_at               TIMESTAMPTZ NOT NULL,
    rendered_at           TIMESTAMPTZ NOT NULL,
    snapshot_version      BIGINT NOT NULL,           -- the load whose profiles were rendered
    snapshot_as_of        TIMESTAMPTZ NOT NULL,
    snapshot_age_seconds  BIGINT NOT NULL,           -- at render time
    stale_allowed         BOOLEAN NOT NULL,          -- --allow-stale was needed
    audience              BIGINT NOT NULL,           -- matched the audience before consent
    rendered              BIGINT NOT NULL,
    excluded              MAP(VARCHAR, BIGINT) NOT NULL,   -- no token set: consent and suppression, by reason
    rejected              MAP(VARCHAR, BIGINT) NOT NULL,   -- rendered but invalid, by reason
    fallbacks             MAP(VARCHAR, BIGINT) NOT NULL,   -- fallbacks used, per token
    variants              MAP(VARCHAR, BIGINT) NOT NULL,   -- token sets per A/B variant
    stock_source          VARCHAR NOT NULL,          -- api | lake (the commerce API failed: stock from the last load)
    duration_ms           BIGINT NOT NULL,
    export_path           VARCHAR NOT NULL,
    PRIMARY KEY (campaign_id, send_id)
);

-- why a recipient of a send got no token set or was rejected (no personal data: the key and a reason)
CREATE TABLE render_rejections (
    campaign_id   VARCHAR NOT NULL,
    send_id       VARCHAR NOT NULL,
    customer_key  VARCHAR NOT NULL,
    reason        VARCHAR NOT NULL
);

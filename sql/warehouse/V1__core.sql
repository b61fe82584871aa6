-- sendtime warehouse, version 1: the tables of the design and issue 3, as a first version.
-- Conventions (every table):
--   * customer_key is the transform's identity key (docs/transform.md), VARCHAR.
--   * Instants are TIMESTAMPTZ. sendtime sets TimeZone = 'UTC' on every connection, so they read
--     and print as UTC; curated Parquet (timestamp-micros, UTC) loads into them without a shift.
--   * Money is BIGINT in minor units of the row's ISO 4217 currency (*_minor + currency).
--   * snapshot_version is the load_id of the load that last changed the row.
-- Later versions (V2__..., never an edit of this file) evolve the schema with the load job.

CREATE TABLE load_log (
    load_id           BIGINT PRIMARY KEY,
    started_at        TIMESTAMPTZ NOT NULL,
    finished_at       TIMESTAMPTZ,
    mode              VARCHAR NOT NULL,          -- incremental | full-rebuild
    profiles_touched  BIGINT NOT NULL DEFAULT 0,
    status            VARCHAR NOT NULL,          -- running | completed | failed
    message           VARCHAR
);

-- current profile: one row per customer
CREATE TABLE profiles (
    customer_key               VARCHAR PRIMARY KEY,
    crm_contact_id             VARCHAR,
    commerce_customer_id       VARCHAR,
    first_name                 VARCHAR,
    last_name                  VARCHAR,
    email                      VARCHAR,
    email_sha256               VARCHAR,
    phone_e164                 VARCHAR,
    country                    VARCHAR,          -- ISO 3166-1 alpha-2
    language                   VARCHAR,
    consent_email              VARCHAR,          -- SUBSCRIBED | UNSUBSCRIBED | NOT_SPECIFIED
    consent_sms                VARCHAR,
    consent_push               VARCHAR,
    suppressed                 BOOLEAN NOT NULL DEFAULT FALSE,
    orders_count               BIGINT NOT NULL DEFAULT 0,
    lifetime_value_minor       BIGINT NOT NULL DEFAULT 0,
    currency                   VARCHAR,
    average_order_value_minor  BIGINT,
    first_order_at             TIMESTAMPTZ,
    last_order_at              TIMESTAMPTZ,
    days_since_last_order      INTEGER,
    top_categories             VARCHAR[],
    engagement_score           DOUBLE,
    primary_segment            VARCHAR,
    row_hash                   VARCHAR NOT NULL,
    snapshot_version           BIGINT NOT NULL,
    updated_at                 TIMESTAMPTZ NOT NULL
);

-- profile history, SCD type 2: one open version (is_current, valid_to NULL) per live customer
CREATE TABLE profile_snapshots (
    customer_key               VARCHAR NOT NULL,
    valid_from                 TIMESTAMPTZ NOT NULL,
    valid_to                   TIMESTAMPTZ,
    is_current                 BOOLEAN NOT NULL,
    is_deleted                 BOOLEAN NOT NULL DEFAULT FALSE,
    row_hash                   VARCHAR NOT NULL,
    snapshot_version           BIGINT NOT NULL,
    crm_contact_id             VARCHAR,
    commerce_customer_id       VARCHAR,
    first_name                 VARCHAR,
    last_name                  VARCHAR,
    email                      VARCHAR,
    email_sha256               VARCHAR,
    phone_e164                 VARCHAR,
    country                    VARCHAR,
    language                   VARCHAR,
    consent_email              VARCHAR,
    consent_sms                VARCHAR,
    consent_push               VARCHAR,
    suppressed                 BOOLEAN,
    orders_count               BIGINT,
    lifetime_value_minor       BIGINT,
    currency                   VARCHAR,
    average_order_value_minor  BIGINT,
    first_order_at             TIMESTAMPTZ,
    last_order_at              TIMESTAMPTZ,
    days_since_last_order      INTEGER,
    top_categories             VARCHAR[],
    engagement_score           DOUBLE,
    primary_segment            VARCHAR,
    PRIMARY KEY (customer_key, valid_from),
    CHECK (valid_to IS NULL OR valid_to > valid_from),
    CHECK (is_current = (valid_to IS NULL))
);

CREATE TABLE orders (
    order_id            VARCHAR PRIMARY KEY,
    customer_key        VARCHAR,
    status              VARCHAR,
    currency            VARCHAR NOT NULL,
    subtotal_minor      BIGINT NOT NULL,
    tax_minor           BIGINT NOT NULL,
    total_minor         BIGINT NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ,
    is_cancelled        BOOLEAN NOT NULL DEFAULT FALSE,
    cancelled_at        TIMESTAMPTZ,
    cancel_reason       VARCHAR,
    is_deleted          BOOLEAN NOT NULL DEFAULT FALSE,
    snapshot_version    BIGINT NOT NULL
);

CREATE TABLE order_items (
    order_id            VARCHAR NOT NULL,
    line_no             INTEGER NOT NULL,
    product_id          VARCHAR,
    sku                 VARCHAR,
    category            VARCHAR,
    quantity            INTEGER NOT NULL,
    unit_price_minor    BIGINT NOT NULL,
    line_total_minor    BIGINT NOT NULL,
    currency            VARCHAR NOT NULL,
    PRIMARY KEY (order_id, line_no)
);

CREATE TABLE events (
    event_id            VARCHAR PRIMARY KEY,
    customer_key        VARCHAR,                 -- NULL: anonymous browsing
    event_type          VARCHAR NOT NULL,        -- product_viewed | added_to_cart | searched
    product_id          VARCHAR,
    category            VARCHAR,
    query               VARCHAR,
    occurred_at         TIMESTAMPTZ NOT NULL,
    snapshot_version    BIGINT NOT NULL
);

-- products with their current price and stock
CREATE TABLE products (
    product_id          VARCHAR PRIMARY KEY,
    sku                 VARCHAR,
    name                VARCHAR,
    category            VARCHAR,
    price_minor         BIGINT,
    currency            VARCHAR,
    stock               BIGINT,
    is_deleted          BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at          TIMESTAMPTZ,
    snapshot_version    BIGINT NOT NULL
);

-- consent per channel with its history: the open row (valid_to NULL) is the current status
CREATE TABLE consents (
    customer_key        VARCHAR NOT NULL,
    channel             VARCHAR NOT NULL,        -- email | sms | push
    status              VARCHAR NOT NULL,        -- SUBSCRIBED | UNSUBSCRIBED | NOT_SPECIFIED
    source              VARCHAR,                 -- which system said so
    changed_at          TIMESTAMPTZ NOT NULL,
    valid_from          TIMESTAMPTZ NOT NULL,
    valid_to            TIMESTAMPTZ,
    PRIMARY KEY (customer_key, channel, valid_from),
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);

-- segments are data: a rule is a SQL boolean expression over profiles; lower priority wins
CREATE TABLE segment_definitions (
    name                VARCHAR PRIMARY KEY,
    priority            INTEGER NOT NULL UNIQUE,
    rule_sql            VARCHAR NOT NULL,
    description         VARCHAR
);

CREATE TABLE segment_memberships (
    customer_key        VARCHAR NOT NULL,
    segment             VARCHAR NOT NULL,
    is_primary          BOOLEAN NOT NULL DEFAULT FALSE,
    snapshot_version    BIGINT NOT NULL,
    assigned_at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (customer_key, segment)
);

-- what render produced for one send
CREATE TABLE token_sets (
    campaign_id         VARCHAR NOT NULL,
    send_id             VARCHAR NOT NULL,
    customer_key        VARCHAR NOT NULL,
    variant             VARCHAR,
    tokens              MAP(VARCHAR, VARCHAR) NOT NULL,
    snapshot_version    BIGINT NOT NULL,
    rendered_at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (campaign_id, send_id, customer_key)
);

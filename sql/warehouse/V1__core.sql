-- sendtime warehouse, version 1. Owned by Flyway (io.sendtime.warehouse.Warehouse); later versions
-- are new files (V2__...), never an edit of a released one.
-- Conventions:
--   * customer_key is the transform's identity key (docs/transform.md).
--   * Instants are TIMESTAMPTZ; every sendtime connection sets TimeZone = 'UTC'.
--   * Money is BIGINT in minor units of the row's ISO 4217 currency (*_minor + currency).
--   * snapshot_version is the load_id of the load that last wrote the row.
--   * Big fact tables carry no PRIMARY KEY (DuckDB's indexes slow bulk loads); the load keeps keys
--     unique itself, and the tests check it.
-- The load (sql/load/*.sql) fills everything; docs/load.md explains each table.

CREATE TABLE load_log (
    load_id           BIGINT PRIMARY KEY,
    started_at        TIMESTAMPTZ NOT NULL,
    finished_at       TIMESTAMPTZ,
    mode              VARCHAR NOT NULL,          -- incremental | full-rebuild
    profiles_touched  BIGINT NOT NULL DEFAULT 0,
    status            VARCHAR NOT NULL,          -- completed (a failed load leaves no row: it rolled back)
    message           VARCHAR,
    as_of             TIMESTAMPTZ,               -- the instant time-relative features were computed at
    manifests         INTEGER,                   -- curated manifests loaded
    counts            MAP(VARCHAR, BIGINT)       -- rows merged per table and documented-rule counts
);

-- which curated manifests (transform runs) are in the warehouse
CREATE TABLE loaded_manifests (
    transform_run_id  VARCHAR PRIMARY KEY,
    load_id           BIGINT NOT NULL,
    committed_at      TIMESTAMPTZ
);

-- ---------------------------------------------------------------------------------------------
-- Current state of the curated entities: the latest version per key (docs/transform.md), with the
-- lineage columns that order versions.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE contacts (
    contact_id VARCHAR, customer_key VARCHAR, email VARCHAR, email_sha256 VARCHAR,
    first_name VARCHAR, last_name VARCHAR, phone_e164 VARCHAR, city VARCHAR, country_code VARCHAR,
    language VARCHAR, lifecycle_stage VARCHAR, created_at TIMESTAMPTZ, updated_at TIMESTAMPTZ,
    is_deleted BOOLEAN, deleted_at TIMESTAMPTZ,
    _raw_run_id VARCHAR, _extracted_at TIMESTAMPTZ, _source_updated_at TIMESTAMPTZ, _transform_run_id VARCHAR
);

CREATE TABLE customers (
    customer_id BIGINT, customer_key VARCHAR, email VARCHAR, email_sha256 VARCHAR,
    first_name VARCHAR, last_name VARCHAR, phone_e164 VARCHAR, state VARCHAR, currency VARCHAR,
    tags VARCHAR, verified_email BOOLEAN, email_marketing_state VARCHAR,
    email_marketing_opt_in_level VARCHAR, email_marketing_consent_updated_at TIMESTAMPTZ,
    city VARCHAR, province VARCHAR, country_code VARCHAR, zip VARCHAR,
    created_at TIMESTAMPTZ, updated_at TIMESTAMPTZ, is_deleted BOOLEAN, deleted_at TIMESTAMPTZ,
    _raw_run_id VARCHAR, _extracted_at TIMESTAMPTZ, _source_updated_at TIMESTAMPTZ, _transform_run_id VARCHAR
);

CREATE TABLE subscriptions (
    subscription_record_id VARCHAR, contact_id VARCHAR, customer_key VARCHAR, email VARCHAR,
    email_sha256 VARCHAR, subscription_id VARCHAR, subscription_name VARCHAR, status VARCHAR,
    source VARCHAR, status_at TIMESTAMPTZ, updated_at TIMESTAMPTZ, is_deleted BOOLEAN,
    _raw_run_id VARCHAR, _extracted_at TIMESTAMPTZ, _source_updated_at TIMESTAMPTZ, _transform_run_id VARCHAR
);

CREATE TABLE checkouts (
    checkout_id BIGINT, customer_id BIGINT, customer_key VARCHAR, email_sha256 VARCHAR,
    created_at TIMESTAMPTZ, updated_at TIMESTAMPTZ, completed_at TIMESTAMPTZ, currency VARCHAR,
    total_minor BIGINT,
    line_items STRUCT(product_id BIGINT, variant_id BIGINT, title VARCHAR, quantity INTEGER, price_minor BIGINT)[],
    is_deleted BOOLEAN,
    _raw_run_id VARCHAR, _extracted_at TIMESTAMPTZ, _source_updated_at TIMESTAMPTZ, _transform_run_id VARCHAR
);

-- ---------------------------------------------------------------------------------------------
-- Facts
-- ---------------------------------------------------------------------------------------------
CREATE TABLE orders (
    order_id BIGINT, order_name VARCHAR, customer_id BIGINT, customer_key VARCHAR, email_sha256 VARCHAR,
    created_at TIMESTAMPTZ, updated_at TIMESTAMPTZ, processed_at TIMESTAMPTZ, cancelled_at TIMESTAMPTZ,
    cancel_reason VARCHAR, is_cancelled BOOLEAN, currency VARCHAR, total_minor BIGINT,
    subtotal_minor BIGINT, tax_minor BIGINT, discounts_minor BIGINT, financial_status VARCHAR,
    fulfillment_status VARCHAR,
    line_items STRUCT(line_item_id BIGINT, product_id BIGINT, variant_id BIGINT, sku VARCHAR, title VARCHAR,
                      quantity INTEGER, price_minor BIGINT)[],
    is_deleted BOOLEAN,
    _raw_run_id VARCHAR, _extracted_at TIMESTAMPTZ, _source_updated_at TIMESTAMPTZ, _transform_run_id VARCHAR
);

-- the line items of the current orders, one row each
CREATE TABLE order_items (
    order_id BIGINT NOT NULL, line_no INTEGER NOT NULL, customer_key VARCHAR, line_item_id BIGINT,
    product_id BIGINT, variant_id BIGINT, sku VARCHAR, title VARCHAR, quantity INTEGER,
    price_minor BIGINT, line_total_minor BIGINT, currency VARCHAR, ordered_at TIMESTAMPTZ
);

CREATE TABLE events (
    event_id VARCHAR, type VARCHAR, customer_id BIGINT, customer_key VARCHAR, session_id VARCHAR,
    occurred_at TIMESTAMPTZ, created_at TIMESTAMPTZ, product_id BIGINT, variant_id BIGINT,
    search_query VARCHAR, is_deleted BOOLEAN,
    _raw_run_id VARCHAR, _extracted_at TIMESTAMPTZ, _source_updated_at TIMESTAMPTZ, _transform_run_id VARCHAR
);

CREATE TABLE products (
    product_id BIGINT, title VARCHAR, handle VARCHAR, category VARCHAR, product_type VARCHAR,
    vendor VARCHAR, tags VARCHAR, status VARCHAR, currency VARCHAR, created_at TIMESTAMPTZ,
    updated_at TIMESTAMPTZ,
    variants STRUCT(variant_id BIGINT, title VARCHAR, sku VARCHAR, price_minor BIGINT,
                    compare_at_price_minor BIGINT, inventory_quantity BIGINT, updated_at TIMESTAMPTZ)[],
    is_deleted BOOLEAN,
    price_minor BIGINT,                        -- current price: the cheapest variant's
    stock BIGINT,                              -- current stock: all variants' inventory
    _raw_run_id VARCHAR, _extracted_at TIMESTAMPTZ, _source_updated_at TIMESTAMPTZ, _transform_run_id VARCHAR
);

-- ---------------------------------------------------------------------------------------------
-- Consent: every statement any source made, and the history per channel derived from them
-- ---------------------------------------------------------------------------------------------
CREATE TABLE consent_statements (
    customer_key VARCHAR NOT NULL,
    channel      VARCHAR NOT NULL,             -- marketing_email | product_updates | ...
    status       VARCHAR NOT NULL,             -- SUBSCRIBED | UNSUBSCRIBED | NOT_SPECIFIED
    source       VARCHAR,                      -- crm:<source> | commerce:<opt-in level>
    record_id    VARCHAR NOT NULL,             -- the statement's record (subscription or customer)
    stated_at    TIMESTAMPTZ NOT NULL
);

-- consent per channel with its history: the open row (valid_to NULL) is the current status
CREATE TABLE consents (
    customer_key VARCHAR NOT NULL,
    channel      VARCHAR NOT NULL,
    status       VARCHAR NOT NULL,
    source       VARCHAR,
    valid_from   TIMESTAMPTZ NOT NULL,
    valid_to     TIMESTAMPTZ,
    is_current   BOOLEAN NOT NULL,
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);

-- ---------------------------------------------------------------------------------------------
-- Profiles: the current one per live customer, and its history (SCD type 2)
-- ---------------------------------------------------------------------------------------------
CREATE TABLE profiles (
    customer_key               VARCHAR PRIMARY KEY,
    crm_contact_id             VARCHAR,
    commerce_customer_id       BIGINT,
    email                      VARCHAR,
    email_sha256               VARCHAR,
    first_name                 VARCHAR,
    last_name                  VARCHAR,
    phone_e164                 VARCHAR,
    city                       VARCHAR,
    country                    VARCHAR,          -- ISO 3166-1 alpha-2
    language                   VARCHAR,
    currency                   VARCHAR,          -- of the money features
    consent_marketing_email    VARCHAR,          -- SUBSCRIBED | UNSUBSCRIBED | NOT_SPECIFIED
    consent_product_updates    VARCHAR,
    suppressed_email           BOOLEAN NOT NULL, -- hard: bounced, complained, or no usable address
    orders_count               BIGINT NOT NULL,
    lifetime_value_minor       BIGINT NOT NULL,
    average_order_value_minor  BIGINT,
    first_order_at             TIMESTAMPTZ,
    last_order_at              TIMESTAMPTZ,
    top_categories_by_spend    VARCHAR[] NOT NULL,
    last_viewed_products       BIGINT[] NOT NULL, -- newest first, at most 5
    last_viewed_at             TIMESTAMPTZ,
    cart_checkout_id           BIGINT,           -- the open cart (not followed by a purchase in the window)
    cart_updated_at            TIMESTAMPTZ,
    cart_value_minor           BIGINT,
    cart_currency              VARCHAR,
    cart_items                 STRUCT(product_id BIGINT, variant_id BIGINT, title VARCHAR, quantity INTEGER,
                                      price_minor BIGINT)[],
    row_hash                   VARCHAR NOT NULL,
    snapshot_version           BIGINT NOT NULL,
    updated_at                 TIMESTAMPTZ NOT NULL
);

CREATE TABLE profile_snapshots (
    customer_key               VARCHAR NOT NULL,
    valid_from                 TIMESTAMPTZ NOT NULL,
    valid_to                   TIMESTAMPTZ,
    is_current                 BOOLEAN NOT NULL,
    row_hash                   VARCHAR NOT NULL,
    snapshot_version           BIGINT NOT NULL,
    closed_by                  VARCHAR,          -- changed | deleted (why the version was closed)
    crm_contact_id             VARCHAR,
    commerce_customer_id       BIGINT,
    email                      VARCHAR,
    email_sha256               VARCHAR,
    first_name                 VARCHAR,
    last_name                  VARCHAR,
    phone_e164                 VARCHAR,
    city                       VARCHAR,
    country                    VARCHAR,
    language                   VARCHAR,
    currency                   VARCHAR,
    consent_marketing_email    VARCHAR,
    consent_product_updates    VARCHAR,
    suppressed_email           BOOLEAN,
    orders_count               BIGINT,
    lifetime_value_minor       BIGINT,
    average_order_value_minor  BIGINT,
    first_order_at             TIMESTAMPTZ,
    last_order_at              TIMESTAMPTZ,
    top_categories_by_spend    VARCHAR[],
    last_viewed_products       BIGINT[],
    last_viewed_at             TIMESTAMPTZ,
    cart_checkout_id           BIGINT,
    cart_updated_at            TIMESTAMPTZ,
    cart_value_minor           BIGINT,
    cart_currency              VARCHAR,
    cart_items                 STRUCT(product_id BIGINT, variant_id BIGINT, title VARCHAR, quantity INTEGER,
                                      price_minor BIGINT)[],
    CHECK (valid_to IS NULL OR valid_to > valid_from),
    CHECK (is_current = (valid_to IS NULL))
);

-- ---------------------------------------------------------------------------------------------
-- Segments: rules are data (sql/load/segment_definitions.sql), memberships are recomputed per load
-- ---------------------------------------------------------------------------------------------
CREATE TABLE segment_definitions (
    name                VARCHAR PRIMARY KEY,
    priority            INTEGER NOT NULL UNIQUE,  -- lower wins the primary segment
    rule_sql            VARCHAR NOT NULL,         -- a boolean SQL expression over profile_features
    description         VARCHAR
);

CREATE TABLE segment_memberships (
    customer_key        VARCHAR NOT NULL,
    segment             VARCHAR NOT NULL,
    is_primary          BOOLEAN NOT NULL,
    since               TIMESTAMPTZ NOT NULL,     -- the as_of of the load that first put them there
    snapshot_version    BIGINT NOT NULL
);

-- ---------------------------------------------------------------------------------------------
-- Rendering (issue 4)
-- ---------------------------------------------------------------------------------------------
CREATE TABLE token_sets (
    campaign_id         VARCHAR NOT NULL,
    send_id             VARCHAR NOT NULL,
    customer_key        VARCHAR NOT NULL,
    variant             VARCHAR,
    tokens              MAP(VARCHAR, VARCHAR) NOT NULL,
    snapshot_version    BIGINT NOT NULL,
    rendered_at         TIMESTAMPTZ NOT NULL
);

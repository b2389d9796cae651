-- Stock: the ledger per SKU, each order's share of it, where SKUs are listed, and what each marketplace advertises.

-- On hand is set by stock feeds; reserved is the sum of open orders' reservations. A reservation is taken only with
-- a conditional update (on_hand - reserved >= quantity), so concurrent orders cannot reserve more than there is.
CREATE TABLE inventory (
    sku        VARCHAR(255) NOT NULL PRIMARY KEY,
    on_hand    INTEGER      NOT NULL,
    reserved   INTEGER      NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT inventory_reserved_not_negative CHECK (reserved >= 0)
);

-- One row per order and SKU: what the order wants (quantity) and holds (held) of the SKU. State RESERVED (an open
-- order; held is counted in inventory.reserved), RELEASED (cancelled), CONSUMED (shipped: on hand and reserved both
-- dropped), UNTRACKED (a SKU the ledger holds no stock for yet). shortfall > 0: the marketplace sold units the ledger
-- did not have (OVERSOLD, shown to people); the order holds what there was.
CREATE TABLE stock_reservations (
    connector_id VARCHAR(63)  NOT NULL,
    external_id  VARCHAR(255) NOT NULL,
    sku          VARCHAR(255) NOT NULL,
    quantity     INTEGER      NOT NULL,
    held         INTEGER      NOT NULL,
    shortfall    INTEGER      NOT NULL,
    state        VARCHAR(16)  NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (connector_id, external_id, sku)
);
CREATE INDEX stock_reservations_sku ON stock_reservations (sku, state);
CREATE INDEX stock_reservations_shortfall ON stock_reservations (shortfall);

-- Where a SKU is sold, with the marketplace's own ids (JSON object) its stock API needs.
CREATE TABLE listings (
    connector_id VARCHAR(63)  NOT NULL,
    sku          VARCHAR(255) NOT NULL,
    ids          TEXT         NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (connector_id, sku)
);
CREATE INDEX listings_sku ON listings (sku);

-- Per listing: whether the advertised quantity must be pushed (dirty, with a version that every change bumps, so
-- a push only clears what it saw) and what was last pushed.
CREATE TABLE stock_advertised (
    connector_id VARCHAR(63)  NOT NULL,
    sku          VARCHAR(255) NOT NULL,
    version      BIGINT       NOT NULL,
    dirty        BOOLEAN      NOT NULL,
    pushed       INTEGER,
    pushed_at    TIMESTAMP WITH TIME ZONE,
    attempts     INTEGER      NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE,
    last_error   TEXT,
    PRIMARY KEY (connector_id, sku)
);
CREATE INDEX stock_advertised_dirty ON stock_advertised (connector_id, dirty);

-- One instance at a time pushes a connector's stock, so an older value can never overtake a newer one.
CREATE TABLE stock_push_leases (
    connector_id VARCHAR(63)  NOT NULL PRIMARY KEY,
    holder       VARCHAR(200) NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

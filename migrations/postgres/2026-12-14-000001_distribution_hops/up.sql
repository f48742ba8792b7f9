-- The distribution index: every hop of every letter's distribution tree, kept in the same
-- transaction as the delivery it mirrors (docs/decisions/0007-distribution-index.md).
-- A hop is one row per tree that holds it: a province's circular forwarding OPDC's letter has
-- its hops in its own tree and again in OPDC's. `path` is the ids of the hops from the top of
-- the tree down to this one, 12 digits each, so ordering by path walks the tree depth first
-- and a subtree is one range of it.
CREATE TABLE distribution_hops (
    root_letter_id BIGINT NOT NULL REFERENCES letters (id),
    delivery_id BIGINT NOT NULL REFERENCES deliveries (id),
    parent_delivery_id BIGINT REFERENCES deliveries (id),
    depth INTEGER NOT NULL CHECK (depth >= 1),
    path TEXT COLLATE "C" NOT NULL,
    recipient_id BIGINT NOT NULL,
    recipient_name TEXT NOT NULL,
    recipient_kind TEXT NOT NULL,
    status TEXT NOT NULL,
    due_date DATE,
    forwarded BOOLEAN NOT NULL DEFAULT FALSE,
    -- When the hop left `pending` (the dashboard's timeline).
    reached_at TIMESTAMP,
    PRIMARY KEY (root_letter_id, delivery_id)
);
CREATE UNIQUE INDEX distribution_hops_path ON distribution_hops (root_letter_id, path);
CREATE INDEX distribution_hops_delivery ON distribution_hops (delivery_id);
CREATE INDEX distribution_hops_status
    ON distribution_hops (root_letter_id, status, recipient_kind, due_date);
CREATE INDEX distribution_hops_recipient ON distribution_hops (root_letter_id, recipient_id);

-- The kept summary: hop counts per (tree, recipient kind, status), spread over a few shards
-- per key so thousands of offices receiving one circular at once do not queue on one row;
-- read as the sum over the shards. `status` is a delivery status, or `forwarded` for the
-- flag beside it.
CREATE TABLE distribution_counts (
    root_letter_id BIGINT NOT NULL REFERENCES letters (id),
    recipient_kind TEXT NOT NULL,
    status TEXT NOT NULL,
    shard INTEGER NOT NULL,
    hops BIGINT NOT NULL,
    PRIMARY KEY (root_letter_id, recipient_kind, status, shard)
);

-- Which derived indexes have been built from the rows already there (start-up fills an
-- index made by a migration, once).
CREATE TABLE index_builds (
    name TEXT PRIMARY KEY NOT NULL,
    built_at TIMESTAMP NOT NULL
);

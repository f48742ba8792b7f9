-- Core 2: routing inside an office, links between letters, addressees outside the directory,
-- and reserved numbers.

-- A letter that forwards, cites, replies to or supersedes an older one (a graph, no cycles:
-- the service refuses a link that would close one).
CREATE TABLE letter_links (
    id INTEGER PRIMARY KEY,
    from_letter_id BIGINT NOT NULL REFERENCES letters (id),
    to_letter_id BIGINT NOT NULL REFERENCES letters (id),
    relation TEXT NOT NULL CHECK (relation IN ('forwards', 'cites', 'replies_to', 'supersedes')),
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    CHECK (from_letter_id <> to_letter_id),
    UNIQUE (from_letter_id, to_letter_id, relation)
);
CREATE INDEX letter_links_to ON letter_links (to_letter_id, relation);

-- A routed delivery (via = 'route') comes from the receipt it was routed from. No REFERENCES
-- here: SQLite cannot drop a foreign-key column in down.sql; the service checks it.
ALTER TABLE deliveries ADD COLUMN source_receipt_id BIGINT;
CREATE INDEX deliveries_source_receipt ON deliveries (source_receipt_id);

-- Addressees outside the directory (a person, a company): written down with the dispatch,
-- never a delivery, since they keep no register here.
CREATE TABLE external_recipients (
    id INTEGER PRIMARY KEY,
    dispatch_id BIGINT NOT NULL REFERENCES dispatches (id),
    letter_id BIGINT NOT NULL REFERENCES letters (id),
    name TEXT NOT NULL,
    address TEXT,
    email TEXT,
    method TEXT NOT NULL CHECK (method IN ('post', 'email', 'hand', 'ecms')),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX external_recipients_letter ON external_recipients (letter_id);

-- Numbers taken from a series ahead of time. Used by at most one letter; unused ones are
-- void once their year is over and are never handed out again.
CREATE TABLE number_reservations (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs (id),
    series_org_id BIGINT NOT NULL REFERENCES orgs (id),
    series TEXT NOT NULL CHECK (series IN ('dispatch', 'circular', 'directive')),
    year_be BIGINT NOT NULL,
    number BIGINT NOT NULL,
    note TEXT NOT NULL,
    letter_id BIGINT REFERENCES letters (id),
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (series_org_id, series, year_be, number)
);
CREATE INDEX number_reservations_org ON number_reservations (org_id, year_be);

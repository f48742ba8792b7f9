CREATE TABLE orgs (
    id INTEGER PRIMARY KEY,
    code TEXT UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('ministry', 'department', 'division', 'province', 'provincial_office', 'district', 'local_body', 'unit', 'external')),
    parent_id BIGINT REFERENCES orgs (id),
    letter_code TEXT,
    email TEXT,
    circular_series TEXT NOT NULL CHECK (circular_series IN ('own', 'shared')),
    series_owner_id BIGINT REFERENCES orgs (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX orgs_parent ON orgs (parent_id, kind);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'clerk', 'head', 'viewer')),
    org_id BIGINT REFERENCES orgs (id),
    password_hash TEXT,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);

-- One row per (office, series, Buddhist-Era year): the next number to hand out.
-- Numbers come from here inside the transaction that uses them, never from MAX()+1.
CREATE TABLE number_counters (
    org_id BIGINT NOT NULL REFERENCES orgs (id),
    series TEXT NOT NULL CHECK (series IN ('receipt', 'dispatch', 'circular', 'directive')),
    year_be BIGINT NOT NULL,
    next_number BIGINT NOT NULL CHECK (next_number >= 1),
    PRIMARY KEY (org_id, series, year_be)
);

CREATE TABLE letters (
    id INTEGER PRIMARY KEY,
    origin TEXT NOT NULL CHECK (origin IN ('issued', 'recorded')),
    issuer_id BIGINT REFERENCES orgs (id),
    from_name TEXT NOT NULL,
    recorded_by_org_id BIGINT REFERENCES orgs (id),
    number_raw TEXT NOT NULL,
    number_canonical TEXT NOT NULL,
    running_number BIGINT,
    circular BOOLEAN NOT NULL,
    series_org_id BIGINT REFERENCES orgs (id),
    series TEXT CHECK (series IN ('dispatch', 'circular', 'directive')),
    year_be BIGINT,
    dated DATE,
    dated_raw TEXT,
    subject TEXT NOT NULL,
    addressee TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('external', 'internal', 'stamped', 'directive', 'notice')),
    urgency TEXT NOT NULL CHECK (urgency IN ('normal', 'urgent', 'very_urgent', 'most_urgent')),
    secrecy TEXT NOT NULL CHECK (secrecy IN ('normal', 'confidential', 'secret', 'top_secret')),
    issued_at TIMESTAMP,
    due_date DATE,
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
-- The last guard against a number handed out twice in one series and year.
CREATE UNIQUE INDEX letters_series_number ON letters (series_org_id, series, year_be, running_number);
CREATE INDEX letters_canonical ON letters (number_canonical, dated);
CREATE INDEX letters_issuer ON letters (issuer_id, year_be);

CREATE TABLE dispatches (
    id INTEGER PRIMARY KEY,
    letter_id BIGINT NOT NULL REFERENCES letters (id),
    sender_id BIGINT NOT NULL REFERENCES orgs (id),
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX dispatches_letter ON dispatches (letter_id);

CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    letter_id BIGINT NOT NULL REFERENCES letters (id),
    dispatch_id BIGINT REFERENCES dispatches (id),
    via TEXT NOT NULL CHECK (via IN ('dispatch', 'route')),
    sender_id BIGINT NOT NULL REFERENCES orgs (id),
    recipient_id BIGINT NOT NULL REFERENCES orgs (id),
    recipient_name TEXT NOT NULL,
    recipient_kind TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'received', 'acknowledged', 'not_related')),
    note TEXT,
    status_note TEXT,
    status_changed_at TIMESTAMP,
    acknowledged_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX deliveries_letter ON deliveries (letter_id);
CREATE INDEX deliveries_recipient ON deliveries (recipient_id, status);

CREATE TABLE receipts (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs (id),
    year_be BIGINT NOT NULL,
    number BIGINT NOT NULL,
    letter_id BIGINT NOT NULL REFERENCES letters (id),
    delivery_id BIGINT REFERENCES deliveries (id),
    received_at TIMESTAMP,
    received_on DATE NOT NULL,
    received_time TEXT,
    action TEXT,
    remarks TEXT,
    duplicate_of BIGINT REFERENCES receipts (id),
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    -- The last guard against a receipt number handed out twice.
    UNIQUE (org_id, year_be, number)
);
CREATE INDEX receipts_letter ON receipts (letter_id, org_id);
CREATE INDEX receipts_delivery ON receipts (delivery_id);

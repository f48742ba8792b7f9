ALTER TABLE letter_readers RENAME TO letter_readers_split;
ALTER INDEX letter_readers_pkey RENAME TO letter_readers_split_pkey;
ALTER INDEX letter_readers_date RENAME TO letter_readers_split_date;
ALTER INDEX letter_readers_trgm RENAME TO letter_readers_split_trgm;

CREATE TABLE letter_readers (
    org_id BIGINT NOT NULL,
    letter_id BIGINT NOT NULL REFERENCES letters (id),
    sort_date DATE NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (org_id, letter_id)
);
INSERT INTO letter_readers (org_id, letter_id, sort_date, doc)
SELECT org_id, letter_id, sort_date, doc FROM letter_readers_split ORDER BY letter_id;
DROP TABLE letter_readers_split;

CREATE INDEX letter_readers_date ON letter_readers (org_id, sort_date DESC, letter_id DESC);
CREATE INDEX letter_readers_trgm ON letter_readers USING gin (org_id, doc gin_trgm_ops);

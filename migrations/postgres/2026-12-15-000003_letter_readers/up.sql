-- Search at scale (docs/search.md): one row per (office, letter) the office may see, with the
-- letter's folded search document and its date as a sort key, kept by triggers in the same
-- transaction as the letter, delivery or receipt that makes the letter visible. The rule is
-- db::visibility::visible_to's: issued or recorded by the office, delivered to it, or (when
-- unclassified) received by it. A search by an office then reads only its own rows, newest
-- first, without asking the visibility rule of every matching letter.
--
-- `doc` is lower(saraban_search_doc(...)); `sort_date` is the letter's date, 0001-01-01 when
-- unknown (so unknown dates sort last, newest first). Letters are never updated in their issuer,
-- recorder or secrecy, and deliveries and receipts are never deleted, so inserts are enough;
-- the text and date of a letter are followed on update all the same.
CREATE EXTENSION IF NOT EXISTS btree_gin;

CREATE TABLE letter_readers (
    org_id BIGINT NOT NULL,
    letter_id BIGINT NOT NULL REFERENCES letters (id),
    sort_date DATE NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (org_id, letter_id)
);
CREATE INDEX letter_readers_date ON letter_readers (org_id, sort_date DESC, letter_id DESC);
-- One GIN over (office, trigrams): a search finds its office's matching rows in one index scan.
CREATE INDEX letter_readers_trgm ON letter_readers USING gin (org_id, doc gin_trgm_ops);

CREATE FUNCTION saraban_reader_doc(l letters) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
    SELECT lower(saraban_search_doc(l.subject, l.from_name, l.addressee, l.number_raw, l.number_canonical))
$$;

CREATE FUNCTION saraban_readers_of_letters() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO letter_readers (org_id, letter_id, sort_date, doc)
    SELECT DISTINCT o.org_id, n.id, coalesce(n.dated, DATE '0001-01-01'), saraban_reader_doc(n)
    FROM new_rows n
    CROSS JOIN LATERAL (VALUES (n.issuer_id), (n.recorded_by_org_id)) AS o (org_id)
    WHERE o.org_id IS NOT NULL
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE FUNCTION saraban_readers_of_deliveries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO letter_readers (org_id, letter_id, sort_date, doc)
    SELECT DISTINCT n.recipient_id, l.id, coalesce(l.dated, DATE '0001-01-01'), saraban_reader_doc(l)
    FROM new_rows n JOIN letters l ON l.id = n.letter_id
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE FUNCTION saraban_readers_of_receipts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO letter_readers (org_id, letter_id, sort_date, doc)
    SELECT DISTINCT n.org_id, l.id, coalesce(l.dated, DATE '0001-01-01'), saraban_reader_doc(l)
    FROM new_rows n JOIN letters l ON l.id = n.letter_id
    WHERE l.secrecy = 'normal'
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE FUNCTION saraban_readers_follow_letter() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE letter_readers
    SET sort_date = coalesce(NEW.dated, DATE '0001-01-01'), doc = saraban_reader_doc(NEW)
    WHERE letter_id = NEW.id;
    RETURN NULL;
END $$;

-- Statement-level triggers: a national dispatch inserts thousands of deliveries in one
-- statement, and their rows are added in one INSERT … SELECT.
CREATE TRIGGER letter_readers_letters AFTER INSERT ON letters
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION saraban_readers_of_letters();
CREATE TRIGGER letter_readers_deliveries AFTER INSERT ON deliveries
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION saraban_readers_of_deliveries();
CREATE TRIGGER letter_readers_receipts AFTER INSERT ON receipts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION saraban_readers_of_receipts();
CREATE TRIGGER letter_readers_follow AFTER UPDATE OF subject, from_name, addressee, number_raw, number_canonical, dated
    ON letters FOR EACH ROW EXECUTE FUNCTION saraban_readers_follow_letter();

-- The letters already here.
INSERT INTO letter_readers (org_id, letter_id, sort_date, doc)
SELECT DISTINCT s.org_id, l.id, coalesce(l.dated, DATE '0001-01-01'), saraban_reader_doc(l)
FROM letters l JOIN (
    SELECT issuer_id AS org_id, id AS letter_id FROM letters WHERE issuer_id IS NOT NULL
    UNION SELECT recorded_by_org_id, id FROM letters WHERE recorded_by_org_id IS NOT NULL
    UNION SELECT recipient_id, letter_id FROM deliveries
    UNION SELECT r.org_id, r.letter_id FROM receipts r JOIN letters x ON x.id = r.letter_id
        WHERE x.secrecy = 'normal'
) s ON s.letter_id = l.id;

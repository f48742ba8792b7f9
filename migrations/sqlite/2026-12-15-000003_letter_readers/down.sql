DROP TRIGGER IF EXISTS letter_readers_follow;
DROP TRIGGER IF EXISTS letter_readers_receipts;
DROP TRIGGER IF EXISTS letter_readers_deliveries;
DROP TRIGGER IF EXISTS letter_readers_letters;
DROP VIEW IF EXISTS letter_readers_doc;
DROP TABLE IF EXISTS letter_readers;

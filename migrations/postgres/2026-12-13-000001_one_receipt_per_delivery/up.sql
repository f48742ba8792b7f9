-- One receipt per delivery (ลงรับ once): the database refuses a second receipt of the same
-- delivery, whichever request comes second. A register written before this rule may hold later
-- receipts of one delivery; they stay (their numbers are a record) as duplicates of the first,
-- no longer linked to the delivery.
UPDATE receipts
SET duplicate_of = COALESCE(duplicate_of,
        (SELECT MIN(first.id) FROM receipts first WHERE first.delivery_id = receipts.delivery_id)),
    delivery_id = NULL
WHERE delivery_id IS NOT NULL
  AND id > (SELECT MIN(first.id) FROM receipts first WHERE first.delivery_id = receipts.delivery_id);
DROP INDEX receipts_delivery;
CREATE UNIQUE INDEX receipts_one_per_delivery ON receipts (delivery_id);

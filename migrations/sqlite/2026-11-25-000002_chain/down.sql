DROP TABLE number_reservations;
DROP TABLE external_recipients;
DROP INDEX deliveries_source_receipt;
ALTER TABLE deliveries DROP COLUMN source_receipt_id;
DROP TABLE letter_links;

DROP INDEX receipts_one_per_delivery;
CREATE INDEX receipts_delivery ON receipts (delivery_id);

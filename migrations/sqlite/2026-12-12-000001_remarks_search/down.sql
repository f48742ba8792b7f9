DROP TRIGGER receipt_remarks_fts_delete;
DROP TRIGGER receipt_remarks_fts_update;
DROP TRIGGER receipt_remarks_fts_insert;
DROP TABLE receipt_remarks_fts;
DROP VIEW receipt_remarks_fts_doc;

DROP INDEX receipts_remarks_trgm;
DROP FUNCTION saraban_fold(TEXT);

DROP INDEX IF EXISTS letters_search_trgm;
DROP FUNCTION IF EXISTS saraban_search_doc(TEXT, TEXT, TEXT, TEXT, TEXT);

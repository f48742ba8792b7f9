DROP FUNCTION saraban_clean_pending_lists(boolean);

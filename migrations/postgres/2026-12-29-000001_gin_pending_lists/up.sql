-- The trigram GIN indexes collect new entries in a pending list and merge it into the index when
-- it passes gin_pending_list_limit (4 MB): about every two seconds under a steady stream of
-- receipts, and the insert that passes the limit does the merge, 30-140 ms inside one request
-- while its writer's whole queue waits. saraban_clean_pending_lists() merges the lists of the
-- indexes that requests write (letters, receipts' remarks and, with `readers`, every
-- letter_readers partition); the upkeep thread calls it after commits (src/db/checkpoint.rs),
-- so a list seldom reaches the limit inside a request. An insert that finds a list full while a
-- merge runs does not wait for it (PostgreSQL's own rule). Returns the pending pages merged.
CREATE FUNCTION saraban_clean_pending_lists(readers boolean) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    idx regclass;
    merged bigint := 0;
BEGIN
    FOR idx IN
        SELECT i.indexrelid::regclass
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indexrelid
        JOIN pg_am am ON am.oid = c.relam
        WHERE am.amname = 'gin' AND c.relkind = 'i'
          AND (i.indrelid IN ('letters'::regclass, 'receipts'::regclass)
               OR (readers AND i.indrelid IN (SELECT inhrelid FROM pg_inherits
                                              WHERE inhparent = 'letter_readers'::regclass)))
    LOOP
        merged := merged + gin_clean_pending_list(idx);
    END LOOP;
    RETURN merged;
END $$;

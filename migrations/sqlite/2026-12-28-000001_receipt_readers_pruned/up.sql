-- PostgreSQL's receipt trigger now looks up one partition of letter_readers; SQLite's table has
-- no partitions and its trigger is unchanged.
SELECT 1;

-- PostgreSQL's GIN pending lists have no SQLite counterpart (SQLite's trigram index is written
-- once per transaction, docs/search.md).
SELECT 1;

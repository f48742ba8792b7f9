-- SQLite's search document is now folded by a registered Rust function; PostgreSQL keeps its SQL
-- functions saraban_fold and saraban_search_doc.
SELECT 1;

-- Nothing to undo: the PostgreSQL migration of the same name has no SQLite counterpart.
SELECT 1;

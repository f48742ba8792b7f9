-- PostgreSQL's part of this migration indexes a dispatch's readers after its commit
-- (docs/decisions/0011-dispatch-readers-after-commit.md); SQLite keeps them in the dispatch's
-- own transaction: its reader rows carry no trigram index, and they cost it little.
SELECT 1;

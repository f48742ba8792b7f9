-- PostgreSQL splits letter_readers into partitions by office (docs/search.md); SQLite's table
-- is already clustered by office and date (WITHOUT ROWID), so its rows of one office lie together.
SELECT 1;

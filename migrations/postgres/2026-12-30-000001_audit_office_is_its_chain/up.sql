-- An office's audit entries are its chain (`chain` is the office's id, src/db/audit.rs), which
-- the chain's unique index (chain, seq) already orders: the listing of one office's entries
-- reads that index, and this second index, one more leaf written by every entry, goes.
DROP INDEX audit_events_office;

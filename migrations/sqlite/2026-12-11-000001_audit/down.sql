DROP TABLE audit_heads;
DROP TABLE audit_chains;
DROP TABLE audit_events;

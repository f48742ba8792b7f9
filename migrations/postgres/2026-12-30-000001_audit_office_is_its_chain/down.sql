CREATE INDEX audit_events_office ON audit_events (office_id, id);

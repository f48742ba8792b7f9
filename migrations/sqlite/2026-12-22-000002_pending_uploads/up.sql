-- A file uploaded on the receipt form before the receipt exists: stored at once by content,
-- held for its uploader until a receipt attaches it to the letter (the row is then deleted) or
-- the worker removes it after expires_at.
CREATE TABLE pending_uploads (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    blob_sha256 TEXT NOT NULL REFERENCES blobs (sha256),
    role TEXT NOT NULL CHECK (role IN ('main', 'enclosure')),
    file_name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX pending_uploads_expiry ON pending_uploads (expires_at);
CREATE INDEX pending_uploads_blob ON pending_uploads (blob_sha256);

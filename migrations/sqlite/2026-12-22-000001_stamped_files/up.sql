-- A receipt's stamp drawn on its letter's main file (ตรารับบนหนังสือ): derived content, stored
-- once by hash like any file, made once per (receipt, source file) and served as stored after.
CREATE TABLE stamped_files (
    id INTEGER PRIMARY KEY,
    receipt_id BIGINT NOT NULL REFERENCES receipts (id),
    source_file_id BIGINT NOT NULL REFERENCES letter_files (id),
    blob_sha256 TEXT NOT NULL REFERENCES blobs (sha256),
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    CONSTRAINT stamped_files_once UNIQUE (receipt_id, source_file_id)
);
CREATE INDEX stamped_files_blob ON stamped_files (blob_sha256);

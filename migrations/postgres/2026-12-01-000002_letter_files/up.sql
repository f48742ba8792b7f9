-- Stored content, one row per distinct SHA-256; the bytes live at <files_dir>/<sha[0..2]>/<sha>.
CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY NOT NULL CHECK (length(sha256) = 64),
    size BIGINT NOT NULL CHECK (size >= 0),
    media_type TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- A file of a letter: the scanned letter (main) or an enclosure. Deleting is soft: the row stays.
CREATE TABLE letter_files (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    letter_id BIGINT NOT NULL REFERENCES letters (id),
    blob_sha256 TEXT NOT NULL REFERENCES blobs (sha256),
    role TEXT NOT NULL CHECK (role IN ('main', 'enclosure')),
    title TEXT,
    file_name TEXT NOT NULL,
    source_file_id BIGINT REFERENCES letter_files (id),
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    deleted_by BIGINT REFERENCES users (id)
);
CREATE INDEX letter_files_letter ON letter_files (letter_id, id);
CREATE INDEX letter_files_blob ON letter_files (blob_sha256);
CREATE INDEX letter_files_source ON letter_files (source_file_id);

-- A disabled user's tokens are refused (401); the user's records stay.
ALTER TABLE users ADD COLUMN disabled_at TIMESTAMP;

-- Sign-in sessions of the web pages (docs/web.md). The cookie holds a random token; only its
-- SHA-256 is stored, so a copy of the database cannot be used to sign in.
CREATE TABLE web_sessions (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX web_sessions_user ON web_sessions (user_id);

-- Failed sign-in attempts, per user name and client address, for the rate limit. In the
-- database so that every instance behind a load balancer counts the same attempts.
CREATE TABLE login_attempts (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    client_ip TEXT NOT NULL,
    attempted_at TIMESTAMP NOT NULL
);
CREATE INDEX login_attempts_key ON login_attempts (username, client_ip, attempted_at);

-- Staff accounts and their sessions (issue 25), as SQLite's migrations 0003, 0008 and 0017
-- left them: argon2id hashes only; the cookie's token is in no table, only its SHA-256.
-- The closed sets are CHECK constraints; times RFC 3339 text in UTC with milliseconds.

CREATE TABLE staff (
    name TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'verwaltung' CHECK (role IN ('verwaltung', 'moderation')),
    -- A deactivated account cannot sign in, and its sessions end.
    active BOOLEAN NOT NULL DEFAULT TRUE,
    -- The office's digest: the owner's own address, how often, when the last was queued.
    digest_address TEXT,
    digest TEXT NOT NULL DEFAULT 'off' CHECK (digest IN ('off', 'daily', 'hourly')),
    digest_sent_at TEXT
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    staff_name TEXT NOT NULL REFERENCES staff (name) ON DELETE CASCADE,
    expires_at_ms BIGINT NOT NULL
);
CREATE INDEX sessions_by_staff ON sessions (staff_name, expires_at_ms);

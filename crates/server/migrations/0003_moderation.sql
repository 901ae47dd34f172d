-- Moderation and official answers (issue 5).

-- Staff accounts, created with `mitreden-server user add NAME`; argon2id hashes only.
CREATE TABLE staff (
    name TEXT PRIMARY KEY NOT NULL,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Signed-in staff. The cookie holds a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    staff_name TEXT NOT NULL REFERENCES staff (name) ON DELETE CASCADE,
    expires_at_ms INTEGER NOT NULL
);

-- Why a comment was rejected (shown to its author) and when it was published.
ALTER TABLE comments ADD COLUMN moderation_reason TEXT;
ALTER TABLE comments ADD COLUMN published_at TEXT;

-- The town's official answer to a comment, signed by the office.
CREATE TABLE answers (
    comment_id TEXT PRIMARY KEY NOT NULL REFERENCES comments (id),
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    office TEXT NOT NULL,
    revision_section_id TEXT,
    revision_version INTEGER,
    staff_name TEXT,
    answered_at TEXT NOT NULL
);

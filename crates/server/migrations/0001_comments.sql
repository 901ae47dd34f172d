-- Comments citizens send on sections of the strategy. Created now so the database a town
-- starts with already has the shape the comments API (next) writes into.
CREATE TABLE comments (
    -- UUID created in the browser; the idempotency key of every retry.
    id TEXT PRIMARY KEY NOT NULL,
    section_id TEXT NOT NULL,
    -- Version of the section text the comment was written against (Section::version).
    section_version INTEGER NOT NULL,
    body TEXT NOT NULL,
    author_name TEXT,
    self_description TEXT,
    consent INTEGER NOT NULL CHECK (consent IN (0, 1)),
    -- RFC 3339 times: when the citizen wrote it (client clock) and when it arrived.
    client_created_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    moderation_state TEXT NOT NULL DEFAULT 'received'
);

CREATE INDEX comments_section ON comments (section_id);

-- mitreden on PostgreSQL (issue 25): the tables of the areas behind the store trait so far
-- — comments, their official answers, the notification requests a withdrawal ends — as
-- SQLite's migrations 0001–0018 left them. The closed sets are CHECK constraints (SQLite
-- keeps them with triggers); the words are the model's enums'. Times are RFC 3339 text in
-- UTC with milliseconds, as on SQLite, so that a page's cursor means the same on both.

CREATE TABLE comments (
    -- UUID created in the browser; the idempotency key of every retry.
    id TEXT PRIMARY KEY,
    section_id TEXT NOT NULL,
    -- Version of the section text the comment was written against.
    section_version BIGINT NOT NULL,
    body TEXT NOT NULL,
    author_name TEXT,
    self_description TEXT,
    consent BOOLEAN NOT NULL,
    client_created_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    moderation_state TEXT NOT NULL DEFAULT 'received'
        CHECK (moderation_state IN ('received', 'published', 'rejected', 'withdrawn')),
    receipt_hash TEXT,
    withdrawn_at TEXT,
    moderation_reason TEXT,
    published_at TEXT,
    trapped BOOLEAN NOT NULL DEFAULT FALSE,
    kiosk TEXT
);
CREATE INDEX comments_by_section_time ON comments (section_id, received_at, id);
CREATE INDEX comments_by_kiosk ON comments (kiosk) WHERE kiosk IS NOT NULL;

CREATE TABLE answers (
    comment_id TEXT PRIMARY KEY REFERENCES comments (id),
    body TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('eingegangen', 'in_pruefung', 'beruecksichtigt',
        'teilweise_beruecksichtigt', 'nicht_beruecksichtigt')),
    reason TEXT,
    office TEXT NOT NULL,
    revision_section_id TEXT,
    revision_version BIGINT,
    staff_name TEXT,
    answered_at TEXT NOT NULL
);
CREATE INDEX answers_by_revision ON answers (revision_section_id)
    WHERE revision_section_id IS NOT NULL;

CREATE TABLE notify_requests (
    id TEXT PRIMARY KEY,
    comment_id TEXT NOT NULL REFERENCES comments (id),
    kind TEXT NOT NULL CHECK (kind IN ('email', 'push')),
    language TEXT NOT NULL CHECK (language IN ('de', 'en')),
    address TEXT,
    receipt_token TEXT,
    -- SHA-256 of the token in the mails' links (confirm, stop); the token is in no table.
    link_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
        DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
    confirmed_at TEXT,
    ended_at TEXT,
    ended_why TEXT CHECK (ended_why IN
        ('answered', 'rejected', 'withdrawn', 'stopped', 'expired', 'participation_ended')),
    CHECK ((ended_at IS NULL) = (ended_why IS NULL)),
    CHECK (ended_at IS NULL OR (address IS NULL AND receipt_token IS NULL))
);
CREATE INDEX notify_requests_open ON notify_requests (comment_id) WHERE ended_at IS NULL;

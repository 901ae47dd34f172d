-- Requests to be told what becomes of one comment (issue 23), kept apart from the comments.
-- The address and the receipt token (for the link in the mails) are erased when the
-- comment is answered or refused, is withdrawn, the citizen stops, the participation ends,
-- or an unconfirmed request expires; the row stays without them, for counts.
CREATE TABLE notify_requests (
    id TEXT PRIMARY KEY,
    comment_id TEXT NOT NULL REFERENCES comments (id),
    kind TEXT NOT NULL CHECK (kind IN ('email', 'push')),
    language TEXT NOT NULL CHECK (language IN ('de', 'en')),
    address TEXT,
    receipt_token TEXT,
    -- SHA-256 of the token in the mails' links (confirm, stop); the token is in no table.
    link_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    confirmed_at TEXT,
    ended_at TEXT,
    ended_why TEXT CHECK (ended_why IN
        ('answered', 'rejected', 'withdrawn', 'stopped', 'expired', 'participation_ended')),
    CHECK ((ended_at IS NULL) = (ended_why IS NULL)),
    CHECK (ended_at IS NULL OR (address IS NULL AND receipt_token IS NULL))
);

CREATE INDEX notify_requests_open ON notify_requests (comment_id) WHERE ended_at IS NULL;

-- One confirmation per address per hour: the address's SHA-256 and when the last one went
-- out; rows older than an hour are deleted when the next is written.
CREATE TABLE notify_throttle (
    address_hash TEXT PRIMARY KEY,
    sent_at TEXT NOT NULL
);

-- The stop links of the mails sent for a request (each mail its own token; its SHA-256
-- here), so that any of them ends it.
CREATE TABLE notify_stops (
    stop_hash TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES notify_requests (id)
);

-- Web Push (issue 23). The server's own keys, made on the first start and kept: `vapid`
-- is the P-256 key pair that signs every push (RFC 8292). Back it up with the database; a
-- new one makes every browser's subscription useless.
CREATE TABLE server_keys (
    name TEXT PRIMARY KEY,
    secret BLOB NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- A push goes through the mail queue: `channel` says which. For a push, `recipient` holds
-- the subscription (JSON, erased as an address is), `body_text` what the service worker
-- shows (JSON); subject and HTML stay empty.
ALTER TABLE mail_queue ADD COLUMN channel TEXT NOT NULL DEFAULT 'email'
    CHECK (channel IN ('email', 'push'));

-- Secrets the server keeps for itself (issue 25), as SQLite's migration 0018 left them:
-- Web Push's VAPID key pair, made on the first start (the first writer wins).
CREATE TABLE server_keys (
    name TEXT PRIMARY KEY,
    secret BYTEA NOT NULL,
    created_at TEXT NOT NULL
        DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
);

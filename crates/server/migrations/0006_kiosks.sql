-- Kiosks: shared devices in the town hall, set up by staff. The set-up token and the
-- device's secret are stored only as SHA-256 hashes. `kiosk add` for an existing label
-- makes a new set-up link and ends the old device's secret.
CREATE TABLE kiosks (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL UNIQUE,
    idle_seconds INTEGER NOT NULL CHECK (idle_seconds BETWEEN 30 AND 3600),
    setup_hash TEXT UNIQUE,
    secret_hash TEXT UNIQUE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    set_up_at TEXT,
    revoked_at TEXT
);

-- The label of the kiosk a comment came from (as it was then), for staff to filter by.
ALTER TABLE comments ADD COLUMN kiosk TEXT;
CREATE INDEX comments_by_kiosk ON comments (kiosk) WHERE kiosk IS NOT NULL;

-- Kiosks (issue 25), as SQLite's migration 0006 left them: shared devices in the town hall,
-- set up by staff. The set-up token and the device's secret are stored only as SHA-256
-- hashes. (The comments' `kiosk` label is in 0001.)
CREATE TABLE kiosks (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    label TEXT NOT NULL UNIQUE,
    idle_seconds BIGINT NOT NULL CHECK (idle_seconds BETWEEN 30 AND 3600),
    setup_hash TEXT UNIQUE,
    secret_hash TEXT UNIQUE,
    created_at TEXT NOT NULL,
    set_up_at TEXT,
    revoked_at TEXT
);

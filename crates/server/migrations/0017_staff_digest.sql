-- The office's digest (issue 23): a staff member's own address for it, how often it comes,
-- and when the last one was queued. The address is shown to its owner alone.
ALTER TABLE staff ADD COLUMN digest_address TEXT;
ALTER TABLE staff ADD COLUMN digest TEXT NOT NULL DEFAULT 'off'
    CHECK (digest IN ('off', 'daily', 'hourly'));
ALTER TABLE staff ADD COLUMN digest_sent_at TEXT;

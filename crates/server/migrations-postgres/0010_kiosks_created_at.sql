-- A kiosk's creation time gets the same default as on SQLite (its migration 0006): a row
-- written without one — by the migration from SQLite, or by hand — is then valid on both.
ALTER TABLE kiosks
    ALTER COLUMN created_at
    SET DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));

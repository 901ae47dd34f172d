-- Every text the town has put up for comment, as the strategy file it came in (TOML),
-- numbered in the order it came. The newest published version is the one the server takes
-- comments on; one not yet published is a draft nobody outside the office sees.
CREATE TABLE strategy_versions (
    version INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    -- content_hash(source): the app built from the same file computes the same.
    fingerprint TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    -- An account's name, or "Kommandozeile" / "Start" for the server's own commands.
    imported_by TEXT NOT NULL,
    published_at TEXT
);
CREATE INDEX strategy_versions_by_fingerprint ON strategy_versions (fingerprint);

-- Staff accounts in the administration (issue 12): the role "verwaltung" may manage
-- accounts, "moderation" may not; accounts made on the command line are "verwaltung". A
-- deactivated account cannot sign in, and its sessions end.
ALTER TABLE staff ADD COLUMN role TEXT NOT NULL DEFAULT 'verwaltung'
    CHECK (role IN ('verwaltung', 'moderation'));
ALTER TABLE staff ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));

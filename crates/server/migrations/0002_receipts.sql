-- Receipt tokens (issue 5): the browser makes a secret token per comment; the server keeps
-- only its SHA-256, so the token proves authorship without the server knowing it.
-- withdrawn_at marks a comment the citizen withdrew (its text and name are erased).
ALTER TABLE comments ADD COLUMN receipt_hash TEXT;
ALTER TABLE comments ADD COLUMN withdrawn_at TEXT;

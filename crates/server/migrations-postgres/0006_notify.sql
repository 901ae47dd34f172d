-- Telling citizens and the staff's search (issue 25), as SQLite's migrations 0007, 0015,
-- 0016 and 0018 left them: the mail queue (written in the transaction of what a mail
-- tells of; recipient and bodies erased once sent or given up), the hour marks of the
-- confirmations, the stop links, and full-text indexes for the moderation's search with
-- PostgreSQL's German configuration (SQLite: FTS5, `unicode61`).

CREATE TABLE mail_queue (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id TEXT NOT NULL UNIQUE,
    recipient TEXT,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    -- The one-click stop link (`List-Unsubscribe`), where the mail has one.
    unsubscribe TEXT,
    channel TEXT NOT NULL DEFAULT 'email' CHECK (channel IN ('email', 'push')),
    created_at TEXT NOT NULL
        DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL
        DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
    -- The SMTP reply's code or the kind of failure, never its text.
    last_error TEXT,
    sent_at TEXT,
    given_up_at TEXT,
    CHECK (sent_at IS NULL OR given_up_at IS NULL)
);
CREATE INDEX mail_queue_due ON mail_queue (next_attempt_at)
    WHERE sent_at IS NULL AND given_up_at IS NULL;

-- One confirmation per address per hour: the address's SHA-256 and when the last went.
CREATE TABLE notify_throttle (
    address_hash TEXT PRIMARY KEY,
    sent_at TEXT NOT NULL
);

-- The stop links of the mails sent for a request (their tokens' SHA-256).
CREATE TABLE notify_stops (
    stop_hash TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES notify_requests (id)
);

-- The moderation's search (SQLite: FTS5 with `unicode61`, kept by triggers): every word of
-- the query begins a word of the comment or of its answer, with German stemming. The
-- comment's text and its answer's in one vector, kept by triggers as SQLite's index is; a
-- withdrawal empties the text and so the vector.
ALTER TABLE comments ADD COLUMN search tsvector;

CREATE FUNCTION comments_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search := to_tsvector('german', NEW.body) || to_tsvector('german',
        coalesce((SELECT body FROM answers WHERE comment_id = NEW.id), ''));
    RETURN NEW;
END $$;
CREATE TRIGGER comments_search BEFORE INSERT OR UPDATE OF body ON comments
    FOR EACH ROW EXECUTE FUNCTION comments_search();

CREATE FUNCTION answers_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE comments SET search = to_tsvector('german', body)
        || to_tsvector('german', NEW.body) WHERE id = NEW.comment_id;
    RETURN NULL;
END $$;
CREATE TRIGGER answers_search AFTER INSERT OR UPDATE OF body ON answers
    FOR EACH ROW EXECUTE FUNCTION answers_search();

CREATE INDEX comments_search ON comments USING gin (search) WHERE NOT trapped;

-- The moderation trail (issue 25), as SQLite's migration 0007 left it: every moderation
-- action with who and when; an answer's entry keeps the whole answer as saved then. Here
-- before moderation moves, because the retention job's erasure empties it.
CREATE TABLE moderation_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    comment_id TEXT NOT NULL REFERENCES comments (id),
    action TEXT NOT NULL
        CHECK (action IN ('published', 'rejected', 'answered', 'answer_changed')),
    staff_name TEXT NOT NULL,
    detail TEXT,
    answer_text TEXT,
    at TEXT NOT NULL
        DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
);
CREATE INDEX moderation_events_by_comment ON moderation_events (comment_id, id);

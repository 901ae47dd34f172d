-- The office's workplace (issue 12).

-- Every moderation action with who and when: nothing is overwritten without a trace.
CREATE TABLE moderation_events (
    id INTEGER PRIMARY KEY,
    comment_id TEXT NOT NULL REFERENCES comments (id),
    action TEXT NOT NULL
        CHECK (action IN ('published', 'rejected', 'answered', 'answer_changed')),
    staff_name TEXT NOT NULL,
    detail TEXT,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX moderation_events_by_comment ON moderation_events (comment_id, id);

-- Staff search over comments and answers. Its rowid is the comment's; triggers keep it in
-- step. `secure-delete`: a withdrawn comment's words leave the index at once, not at the
-- next merge.
CREATE VIRTUAL TABLE comments_fts USING fts5(
    body, answer, tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO comments_fts (comments_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO comments_fts (rowid, body, answer)
    SELECT c.rowid, c.body, COALESCE(a.body, '')
    FROM comments c LEFT JOIN answers a ON a.comment_id = c.id;

CREATE TRIGGER comments_fts_insert AFTER INSERT ON comments BEGIN
    INSERT INTO comments_fts (rowid, body, answer) VALUES (NEW.rowid, NEW.body, '');
END;
CREATE TRIGGER comments_fts_body AFTER UPDATE OF body ON comments BEGIN
    UPDATE comments_fts SET body = NEW.body WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER answers_fts_insert AFTER INSERT ON answers BEGIN
    UPDATE comments_fts SET answer = NEW.body
    WHERE rowid = (SELECT rowid FROM comments WHERE id = NEW.comment_id);
END;
CREATE TRIGGER answers_fts_update AFTER UPDATE OF body ON answers BEGIN
    UPDATE comments_fts SET answer = NEW.body
    WHERE rowid = (SELECT rowid FROM comments WHERE id = NEW.comment_id);
END;

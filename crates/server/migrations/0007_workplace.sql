-- The office's workplace (issue 12).

-- Every moderation action with who and when: nothing is overwritten without a trace. An
-- answer's event keeps the whole answer as saved then (text, status, reason, revision).
CREATE TABLE moderation_events (
    id INTEGER PRIMARY KEY,
    comment_id TEXT NOT NULL REFERENCES comments (id),
    action TEXT NOT NULL
        CHECK (action IN ('published', 'rejected', 'answered', 'answer_changed')),
    staff_name TEXT NOT NULL,
    detail TEXT,
    answer_text TEXT,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX moderation_events_by_comment ON moderation_events (comment_id, id);

-- What happened before the trail existed, as far as the rows tell.
INSERT INTO moderation_events (comment_id, action, staff_name, detail, at)
    SELECT id, 'published', '(vor dem Protokoll)', NULL, published_at
    FROM comments WHERE moderation_state = 'published' AND published_at IS NOT NULL;
INSERT INTO moderation_events (comment_id, action, staff_name, detail, answer_text, at)
    SELECT comment_id, 'answered', COALESCE(staff_name, '(vor dem Protokoll)'), status, body,
        answered_at
    FROM answers;

-- Staff search over comments and answers, keyed by the comment's id (not by a rowid,
-- which VACUUM may renumber); triggers keep it in step; honeypot comments are never in
-- it. `secure-delete`: a withdrawn comment's words leave the index at once, not at the
-- next merge.
CREATE VIRTUAL TABLE comments_fts USING fts5(
    comment_id UNINDEXED, body, answer, tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO comments_fts (comments_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO comments_fts (comment_id, body, answer)
    SELECT c.id, c.body, COALESCE(a.body, '')
    FROM comments c LEFT JOIN answers a ON a.comment_id = c.id
    WHERE c.trapped = 0;

CREATE TRIGGER comments_fts_insert AFTER INSERT ON comments WHEN NEW.trapped = 0 BEGIN
    INSERT INTO comments_fts (comment_id, body, answer) VALUES (NEW.id, NEW.body, '');
END;
CREATE TRIGGER comments_fts_body AFTER UPDATE OF body ON comments BEGIN
    UPDATE comments_fts SET body = NEW.body WHERE comment_id = NEW.id;
END;
CREATE TRIGGER answers_fts_insert AFTER INSERT ON answers BEGIN
    UPDATE comments_fts SET answer = NEW.body WHERE comment_id = NEW.comment_id;
END;
CREATE TRIGGER answers_fts_update AFTER UPDATE OF body ON answers BEGIN
    UPDATE comments_fts SET answer = NEW.body WHERE comment_id = NEW.comment_id;
END;

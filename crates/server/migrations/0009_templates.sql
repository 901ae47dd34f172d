-- Answer templates (issue 12): standard answers the office saves and reuses. Only text to
-- start an answer from; who saved it is kept.
CREATE TABLE answer_templates (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);

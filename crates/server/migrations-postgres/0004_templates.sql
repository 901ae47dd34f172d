-- Answer templates (issue 25), as SQLite's migration 0009 left them: standard answers the
-- office saves and reuses; who saved it is kept.
CREATE TABLE answer_templates (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);

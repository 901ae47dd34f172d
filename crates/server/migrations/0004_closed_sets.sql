-- The closed sets of the model (ModerationState, AnswerStatus) enforced by the database
-- too, so that no write path — a bug, a manual fix — can store a word the model does not
-- know. SQLite cannot add a CHECK to an existing column without rebuilding the table, and a
-- rebuild of `comments` (which `answers` references) needs foreign keys switched off,
-- which sqlx's migrations, each one transaction, cannot do; triggers check the same.
CREATE TRIGGER comments_state_insert BEFORE INSERT ON comments
WHEN NEW.moderation_state NOT IN ('received', 'published', 'rejected', 'withdrawn')
BEGIN
    SELECT RAISE(ABORT, 'CHECK: unknown moderation_state');
END;

CREATE TRIGGER comments_state_update BEFORE UPDATE OF moderation_state ON comments
WHEN NEW.moderation_state NOT IN ('received', 'published', 'rejected', 'withdrawn')
BEGIN
    SELECT RAISE(ABORT, 'CHECK: unknown moderation_state');
END;

CREATE TRIGGER answers_status_insert BEFORE INSERT ON answers
WHEN NEW.status NOT IN ('eingegangen', 'in_pruefung', 'beruecksichtigt',
    'teilweise_beruecksichtigt', 'nicht_beruecksichtigt')
BEGIN
    SELECT RAISE(ABORT, 'CHECK: unknown answer status');
END;

CREATE TRIGGER answers_status_update BEFORE UPDATE OF status ON answers
WHEN NEW.status NOT IN ('eingegangen', 'in_pruefung', 'beruecksichtigt',
    'teilweise_beruecksichtigt', 'nicht_beruecksichtigt')
BEGIN
    SELECT RAISE(ABORT, 'CHECK: unknown answer status');
END;

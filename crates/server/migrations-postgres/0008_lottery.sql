-- A participation event's seats drawn by lot (issue 25), as SQLite's migration 0010 left
-- it: the database itself refuses to change a commitment, a seed or a draw once made, the
-- applicants of a made draw, or the event's log (SQLite: triggers with RAISE(ABORT); here
-- PL/pgSQL triggers that raise).

CREATE TABLE event_states (
    event_id TEXT PRIMARY KEY,
    closed_at TEXT,
    seed TEXT,
    commitment TEXT,
    committed_at TEXT,
    public_value TEXT,
    algorithm TEXT,
    seats BIGINT,
    quotas TEXT,
    drawn_at TEXT,
    result TEXT,
    contacts_deleted_at TEXT,
    CHECK ((seed IS NULL) = (commitment IS NULL) AND (seed IS NULL) = (committed_at IS NULL)),
    CHECK ((result IS NULL) = (drawn_at IS NULL) AND (result IS NULL) = (public_value IS NULL)
        AND (result IS NULL) = (seats IS NULL) AND (result IS NULL) = (quotas IS NULL)
        AND (result IS NULL) = (algorithm IS NULL)),
    CHECK (result IS NULL OR commitment IS NOT NULL),
    CHECK (result IS NULL OR jsonb_typeof(result::jsonb) = 'array')
);

CREATE FUNCTION event_states_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.commitment IS NOT NULL THEN
            RAISE EXCEPTION 'a committed event cannot be deleted';
        END IF;
        RETURN OLD;
    END IF;
    IF (OLD.seed IS NOT NULL OR OLD.commitment IS NOT NULL)
        AND (NEW.seed IS DISTINCT FROM OLD.seed OR NEW.commitment IS DISTINCT FROM OLD.commitment
            OR NEW.committed_at IS DISTINCT FROM OLD.committed_at) THEN
        RAISE EXCEPTION 'the commitment and its seed cannot change';
    END IF;
    IF OLD.result IS NOT NULL
        AND (NEW.public_value IS DISTINCT FROM OLD.public_value
            OR NEW.algorithm IS DISTINCT FROM OLD.algorithm OR NEW.seats IS DISTINCT FROM OLD.seats
            OR NEW.quotas IS DISTINCT FROM OLD.quotas OR NEW.drawn_at IS DISTINCT FROM OLD.drawn_at
            OR NEW.result IS DISTINCT FROM OLD.result) THEN
        RAISE EXCEPTION 'the draw cannot change';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER event_states_fixed BEFORE UPDATE OR DELETE ON event_states
    FOR EACH ROW EXECUTE FUNCTION event_states_fixed();

CREATE TABLE applications (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    contact_kind TEXT NOT NULL CHECK (contact_kind IN ('email', 'post', 'phone')),
    contact TEXT NOT NULL,
    attributes TEXT NOT NULL CHECK (jsonb_typeof(attributes::jsonb) = 'object'),
    created_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'withdrawn')),
    withdrawn_at TEXT
);
CREATE INDEX applications_by_event ON applications (event_id, status);

-- Once drawn, the applicants of the draw are fixed: none added, withdrawn or changed in
-- what the draw read. Name and contact may still be erased.
CREATE FUNCTION applications_fixed_after_draw() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    event TEXT := CASE WHEN TG_OP = 'INSERT' THEN NEW.event_id ELSE OLD.event_id END;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM event_states WHERE event_id = event AND result IS NOT NULL) THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'INSERT' THEN
        RAISE EXCEPTION 'the draw is made: no new applications';
    END IF;
    IF TG_OP = 'DELETE' OR NEW.id IS DISTINCT FROM OLD.id
        OR NEW.event_id IS DISTINCT FROM OLD.event_id OR NEW.code IS DISTINCT FROM OLD.code
        OR NEW.attributes IS DISTINCT FROM OLD.attributes
        OR NEW.status IS DISTINCT FROM OLD.status THEN
        RAISE EXCEPTION 'the draw is made: its applicants cannot change';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER applications_fixed_after_draw BEFORE INSERT OR UPDATE OR DELETE ON applications
    FOR EACH ROW EXECUTE FUNCTION applications_fixed_after_draw();

-- What staff (or the command line, or the automatic deletion) did to an event; only ever
-- added to.
CREATE TABLE event_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id TEXT NOT NULL,
    action TEXT NOT NULL
        CHECK (action IN ('closed', 'committed', 'drawn', 'contacts_deleted')),
    staff_name TEXT NOT NULL,
    detail TEXT,
    at TEXT NOT NULL
);

CREATE FUNCTION event_log_only_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the event log is only added to';
END $$;
CREATE TRIGGER event_log_only_added BEFORE UPDATE OR DELETE ON event_log
    FOR EACH ROW EXECUTE FUNCTION event_log_only_added();

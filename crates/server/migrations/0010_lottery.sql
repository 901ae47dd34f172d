-- Issue 14: applications for the seats of a participation event (Esslingen's workshop) and
-- the verifiable draw by lot.

-- One row per event, made when staff first act on it (an event without a row has no
-- closing, commitment or draw yet). The seed is secret until the draw; its commitment
-- (SHA-256, hex) is public from the moment it is made and can never change, nor can the
-- seed. The draw's inputs besides the applicants (public value, algorithm, seats and
-- quotas as used) and its result (the drawn codes in order, a JSON array) are fixed once
-- drawn.
CREATE TABLE event_states (
    event_id TEXT PRIMARY KEY NOT NULL,
    closed_at TEXT,
    seed TEXT,
    commitment TEXT,
    committed_at TEXT,
    public_value TEXT,
    algorithm TEXT,
    seats INTEGER,
    quotas TEXT,
    drawn_at TEXT,
    result TEXT,
    contacts_deleted_at TEXT,
    CHECK ((seed IS NULL) = (commitment IS NULL) AND (seed IS NULL) = (committed_at IS NULL)),
    CHECK ((result IS NULL) = (drawn_at IS NULL) AND (result IS NULL) = (public_value IS NULL)
        AND (result IS NULL) = (seats IS NULL) AND (result IS NULL) = (quotas IS NULL)
        AND (result IS NULL) = (algorithm IS NULL)),
    CHECK (result IS NULL OR commitment IS NOT NULL),
    CHECK (result IS NULL OR json_valid(result))
);

CREATE TRIGGER event_states_commitment_fixed BEFORE UPDATE OF seed, commitment, committed_at
ON event_states
WHEN (OLD.seed IS NOT NULL OR OLD.commitment IS NOT NULL)
    AND (NEW.seed IS NOT OLD.seed OR NEW.commitment IS NOT OLD.commitment
        OR NEW.committed_at IS NOT OLD.committed_at)
BEGIN
    SELECT RAISE(ABORT, 'the commitment and its seed cannot change');
END;

CREATE TRIGGER event_states_draw_fixed
BEFORE UPDATE OF public_value, algorithm, seats, quotas, drawn_at, result ON event_states
WHEN OLD.result IS NOT NULL
    AND (NEW.public_value IS NOT OLD.public_value OR NEW.algorithm IS NOT OLD.algorithm
        OR NEW.seats IS NOT OLD.seats
        OR NEW.quotas IS NOT OLD.quotas OR NEW.drawn_at IS NOT OLD.drawn_at
        OR NEW.result IS NOT OLD.result)
BEGIN
    SELECT RAISE(ABORT, 'the draw cannot change');
END;

CREATE TRIGGER event_states_kept BEFORE DELETE ON event_states
WHEN OLD.commitment IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a committed event cannot be deleted');
END;

-- An application for a seat, by the browser's UUID (sending it twice stores it once). The
-- code is the receipt the applicant keeps and the draw publishes; name and contact are
-- only for the invitation: erased at withdrawal and when the contacts are deleted
-- (`secure_delete` is on). Attributes: the quota attributes as a JSON object.
CREATE TABLE applications (
    id TEXT PRIMARY KEY NOT NULL,
    event_id TEXT NOT NULL,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    contact_kind TEXT NOT NULL CHECK (contact_kind IN ('email', 'post', 'phone')),
    contact TEXT NOT NULL,
    attributes TEXT NOT NULL CHECK (json_valid(attributes)),
    created_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'withdrawn')),
    withdrawn_at TEXT
);
CREATE INDEX applications_by_event ON applications (event_id, status);

-- Once drawn, the applicants of the draw are fixed: none added, withdrawn or changed in
-- what the draw read (so the published inputs stay those of the draw). Name and contact
-- may still be erased.
CREATE TRIGGER applications_none_after_draw BEFORE INSERT ON applications
WHEN EXISTS (SELECT 1 FROM event_states WHERE event_id = NEW.event_id AND result IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'the draw is made: no new applications');
END;

CREATE TRIGGER applications_fixed_after_draw
BEFORE UPDATE OF id, event_id, code, attributes, status ON applications
WHEN EXISTS (SELECT 1 FROM event_states WHERE event_id = OLD.event_id AND result IS NOT NULL)
    AND (NEW.id IS NOT OLD.id OR NEW.event_id IS NOT OLD.event_id OR NEW.code IS NOT OLD.code
        OR NEW.attributes IS NOT OLD.attributes OR NEW.status IS NOT OLD.status)
BEGIN
    SELECT RAISE(ABORT, 'the draw is made: its applicants cannot change');
END;

CREATE TRIGGER applications_kept_after_draw BEFORE DELETE ON applications
WHEN EXISTS (SELECT 1 FROM event_states WHERE event_id = OLD.event_id AND result IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'the draw is made: its applicants cannot change');
END;

-- What staff (or the command line, or the automatic deletion) did to an event, with who and
-- when; only ever added to.
CREATE TABLE event_log (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL,
    action TEXT NOT NULL
        CHECK (action IN ('closed', 'committed', 'drawn', 'contacts_deleted')),
    staff_name TEXT NOT NULL,
    detail TEXT,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TRIGGER event_log_no_update BEFORE UPDATE ON event_log
BEGIN
    SELECT RAISE(ABORT, 'the event log is only added to');
END;

CREATE TRIGGER event_log_no_delete BEFORE DELETE ON event_log
BEGIN
    SELECT RAISE(ABORT, 'the event log is only added to');
END;

-- Mails to send (issue 23): written in the same transaction as what they tell of, sent by
-- one worker with retries and backoff, kept across a restart. `message_id` is made by the
-- writer and unique: writing the same mail twice stores it once, and a mail sent again
-- after a crash between the SMTP server's acceptance and the row's update carries the same
-- Message-ID. The recipient and the bodies are erased once the mail is sent or given up.
CREATE TABLE mail_queue (
    id INTEGER PRIMARY KEY,
    message_id TEXT NOT NULL UNIQUE,
    recipient TEXT,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    -- The one-click stop link (`List-Unsubscribe`), where the mail has one.
    unsubscribe TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    -- Why the last attempt failed: the SMTP reply's code or the kind of failure, never its
    -- text (a server's reply may repeat the address).
    last_error TEXT,
    sent_at TEXT,
    given_up_at TEXT,
    CHECK (sent_at IS NULL OR given_up_at IS NULL)
);

CREATE INDEX mail_queue_due ON mail_queue (next_attempt_at)
    WHERE sent_at IS NULL AND given_up_at IS NULL;

-- Comments whose honeypot field was filled in (by a bot): stored and answered like any
-- other, so the bot learns nothing, but never listed for staff nor shown to the public.
ALTER TABLE comments ADD COLUMN trapped INTEGER NOT NULL DEFAULT 0;

-- Publishing in the administration (issue 22): who published a version, and the comments
-- staff linked as having led to a section's new version.
ALTER TABLE strategy_versions ADD COLUMN published_by TEXT;

-- A comment that led to `section_version` of `section_id`, linked in the editor while that
-- version was a draft. When a version is published in which the section has that version,
-- the comment's answer points to it (`credited_at` set); until then nothing is public.
CREATE TABLE strategy_causes (
    section_id TEXT NOT NULL,
    section_version INTEGER NOT NULL,
    comment_id TEXT NOT NULL REFERENCES comments (id),
    linked_by TEXT NOT NULL,
    linked_at TEXT NOT NULL,
    credited_at TEXT,
    PRIMARY KEY (section_id, section_version, comment_id)
);

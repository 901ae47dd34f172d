-- The comments behind a change of a section (the first page of its public list names
-- them): found from the answers that point to the section, not by reading every comment
-- of the section (a second per page at 10,000 comments without the read cache).
CREATE INDEX answers_by_revision ON answers (revision_section_id) WHERE revision_section_id IS NOT NULL;

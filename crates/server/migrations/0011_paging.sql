-- The public list of a section's comments comes in pages found by (received_at, id) —
-- keyset paging, newest or oldest first (issue 21). This index serves both orders and the
-- section's count; it replaces the index on section_id alone, its prefix.
CREATE INDEX comments_by_section_time ON comments (section_id, received_at, id);
DROP INDEX comments_section;

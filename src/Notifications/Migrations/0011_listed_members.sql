-- Incident day (issue #18, point 5): a reminder to exactly the people a breach-scope report
-- names. Its audience is "listed-members" and the list is kept with the reminder, so every
-- resolution (the first, after a corrected count, on request) asks Members for the same list.
-- Only that audience has one; at most 10,000 (ResolveAudience carries the whole list).
ALTER TABLE reminder ADD COLUMN member_ids text[] NULL;
ALTER TABLE reminder ADD CONSTRAINT reminder_member_ids_check
    CHECK ((audience = 'listed-members') = (member_ids IS NOT NULL)
           AND coalesce(cardinality(member_ids) BETWEEN 1 AND 10000, true));

-- Follow-ups (issue #17, point 4): a reminder an operator makes from another reminder's failed
-- and unknown recipients. Never made by the system: a row here has a requester like any other,
-- and goes through resolution, reconciliation and a second person's approval. A reminder is a
-- correction or a follow-up, never both.
ALTER TABLE reminder ADD COLUMN follow_up_of uuid NULL REFERENCES reminder (id);
ALTER TABLE reminder ADD CONSTRAINT reminder_derived_from_one CHECK (follow_up_of IS NULL OR correction_of IS NULL);

-- A member's deliveries across reminders (issue #17, point 5), newest first.
CREATE INDEX ix_reminder_delivery_member ON reminder_delivery (member_id, id DESC);

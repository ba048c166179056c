-- A reminder's send rate holds across every Notifications replica: each reserves its next
-- batch's send slots here, in one UPDATE of the reminder's row, so two replicas never take
-- the same second twice. next_slot is when the next message may go.
CREATE TABLE reminder_throttle (
    reminder_id uuid        PRIMARY KEY REFERENCES reminder (id),
    next_slot   timestamptz NOT NULL
);

-- A claim is a lease its sender renews while it sends; only an expired lease is swept
-- (to Unknown). Rows claimed before this migration keep the old five minutes.
ALTER TABLE reminder_delivery ADD COLUMN lease_until timestamptz NULL;
UPDATE reminder_delivery SET lease_until = claimed_at + interval '5 minutes' WHERE status = 'Claimed';
CREATE INDEX ix_reminder_delivery_lease ON reminder_delivery (lease_until) WHERE status = 'Claimed';
DROP INDEX ix_reminder_delivery_claimed;

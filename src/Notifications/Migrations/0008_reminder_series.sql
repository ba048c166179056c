-- Reminder series (issue #17, point 7): an operator plans the reminders before a deadline once
-- (say 14, 7 and 2 days before, at 18:00 JST). Each step becomes a reminder of its own when it
-- opens (ReminderScheduler): resolved at that time, stopped for reconciliation against a count
-- declared that day, approved by a second person. A step's reminder that is not approved by
-- the end of its send window expires (window_closed_at) and never sends.
CREATE TABLE reminder_series (
    id           uuid        PRIMARY KEY,
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    planned_by   text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- One row per step. `planned` is the reminder the step will create (NewReminder as JSON, its
-- text already rendered and checked at planning). reminder_id is set, once, when it opens.
CREATE TABLE reminder_series_step (
    series_id    uuid        NOT NULL REFERENCES reminder_series (id),
    step         integer     NOT NULL CHECK (step >= 1),
    opens_at     timestamptz NOT NULL,
    send_from    timestamptz NOT NULL,
    send_until   timestamptz NOT NULL CHECK (send_until > send_from),
    planned      jsonb       NOT NULL,
    reminder_id  uuid        NULL UNIQUE REFERENCES reminder (id),
    PRIMARY KEY (series_id, step),
    CHECK (opens_at <= send_from)
);
CREATE INDEX ix_reminder_series_step_due ON reminder_series_step (opens_at) WHERE reminder_id IS NULL;

ALTER TABLE reminder ADD COLUMN series_id uuid NULL REFERENCES reminder_series (id);
-- Set once when a reminder's send window ended before it was approved: it expired, unsent.
ALTER TABLE reminder ADD COLUMN window_closed_at timestamptz NULL;

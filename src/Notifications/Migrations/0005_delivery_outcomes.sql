-- How a send ended (issue #17): a 4xx reply or a connection lost before DATA is NotAccepted
-- (nothing arrived, sending again cannot duplicate), a 5xx reply is Failed with its code, a
-- connection lost or timed out after DATA is Unknown (it may have arrived; never sent again).

-- Reminder mail: a NotAccepted send goes back to Pending until next_attempt_at, within the send
-- window; a row that runs out of attempts (or of window) stays NotAccepted, reported as not sent.
ALTER TABLE reminder_delivery ADD COLUMN attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0);
ALTER TABLE reminder_delivery ADD COLUMN reply_code integer NULL CHECK (reply_code BETWEEN 200 AND 599);
ALTER TABLE reminder_delivery ADD COLUMN next_attempt_at timestamptz NULL;
ALTER TABLE reminder_delivery DROP CONSTRAINT reminder_delivery_status_check;
ALTER TABLE reminder_delivery ADD CONSTRAINT reminder_delivery_status_check
    CHECK (status IN ('Pending', 'Claimed', 'Sent', 'Failed', 'Unknown', 'Skipped', 'NotAccepted'));

-- One-off mail (sign-in codes, correction requests): the row is now written and committed before
-- the send (Sending) and its outcome after it, each on its own, outside the consumer's
-- transaction, so a redelivered request finds what happened to the mail even when that
-- transaction failed to commit after the send.
ALTER TABLE email_delivery DROP CONSTRAINT email_delivery_status_check;
ALTER TABLE email_delivery ADD CONSTRAINT email_delivery_status_check
    CHECK (status IN ('Sending', 'Sent', 'Expired', 'NotAccepted', 'Failed', 'Unknown'));
ALTER TABLE email_delivery ADD COLUMN reply_code integer NULL CHECK (reply_code BETWEEN 200 AND 599);
ALTER TABLE email_delivery ADD COLUMN error text NULL;
ALTER TABLE email_delivery ADD COLUMN attempted_at timestamptz NULL;

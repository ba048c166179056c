-- One word per concept (issue #16): what Notifications sends to an audience is a reminder, and
-- "campaign" is the voucher tranche (campaign_code). The snapshot's column naming the asking
-- reminder follows ResolveAudience.ReminderId. A rename only: no row changes.
ALTER TABLE audience_snapshot RENAME COLUMN notification_campaign_id TO reminder_id;

-- One word per concept (issue #16): "campaign" is the voucher tranche (campaign_code stays), and
-- what this service sends to an audience is a reminder. Tables, columns, keys and indexes that
-- meant the reminder are renamed; rows, data and constraints are kept as they are. Renames only:
-- a database that ran 0002 and 0003 ends with the same schema as one created from scratch.
ALTER TABLE campaign RENAME TO reminder;
ALTER TABLE reminder RENAME CONSTRAINT campaign_pkey TO reminder_pkey;
ALTER TABLE reminder RENAME CONSTRAINT campaign_name_check TO reminder_name_check;
ALTER TABLE reminder RENAME CONSTRAINT campaign_subject_check TO reminder_subject_check;
ALTER TABLE reminder RENAME CONSTRAINT campaign_body_check TO reminder_body_check;
ALTER TABLE reminder RENAME CONSTRAINT campaign_channels_check TO reminder_channels_check;
ALTER TABLE reminder RENAME CONSTRAINT campaign_messages_per_second_check TO reminder_messages_per_second_check;
ALTER TABLE reminder RENAME CONSTRAINT campaign_seed_list_check TO reminder_seed_list_check;
ALTER TABLE reminder RENAME CONSTRAINT campaign_check TO reminder_check;
ALTER TABLE reminder RENAME CONSTRAINT campaign_correction_of_fkey TO reminder_correction_of_fkey;
-- The tranche's code keeps its name; only the table's part of the constraint name changes.
ALTER TABLE reminder RENAME CONSTRAINT campaign_campaign_code_check TO reminder_campaign_code_check;

ALTER TABLE audience_snapshot RENAME COLUMN campaign_id TO reminder_id;
ALTER TABLE audience_snapshot
    RENAME CONSTRAINT audience_snapshot_campaign_id_fkey TO audience_snapshot_reminder_id_fkey;

ALTER TABLE campaign_test_send RENAME TO reminder_test_send;
ALTER TABLE reminder_test_send RENAME COLUMN campaign_id TO reminder_id;
ALTER TABLE reminder_test_send RENAME CONSTRAINT campaign_test_send_pkey TO reminder_test_send_pkey;
ALTER TABLE reminder_test_send
    RENAME CONSTRAINT campaign_test_send_campaign_id_fkey TO reminder_test_send_reminder_id_fkey;
ALTER INDEX ix_campaign_test_send_campaign RENAME TO ix_reminder_test_send_reminder;

ALTER TABLE campaign_delivery RENAME TO reminder_delivery;
ALTER TABLE reminder_delivery RENAME COLUMN campaign_id TO reminder_id;
ALTER SEQUENCE campaign_delivery_id_seq RENAME TO reminder_delivery_id_seq;
ALTER TABLE reminder_delivery RENAME CONSTRAINT campaign_delivery_pkey TO reminder_delivery_pkey;
ALTER TABLE reminder_delivery RENAME CONSTRAINT campaign_delivery_channel_check TO reminder_delivery_channel_check;
ALTER TABLE reminder_delivery RENAME CONSTRAINT campaign_delivery_status_check TO reminder_delivery_status_check;
ALTER TABLE reminder_delivery
    RENAME CONSTRAINT campaign_delivery_campaign_id_fkey TO reminder_delivery_reminder_id_fkey;
ALTER TABLE reminder_delivery RENAME CONSTRAINT uq_campaign_delivery TO uq_reminder_delivery;
ALTER INDEX ix_campaign_delivery_pending RENAME TO ix_reminder_delivery_pending;
ALTER INDEX ix_campaign_delivery_claimed RENAME TO ix_reminder_delivery_claimed;

-- Values that named the reminder: the in-app notices it posted and its saga rows (the saga
-- type is fixed in ReminderStateMachine.SagaType so that rows outlive class renames).
UPDATE member_inbox SET kind = 'reminder' WHERE kind = 'campaign';
UPDATE saga_instance SET saga_type = 'reminder' WHERE saga_type = 'notification-campaign';

-- One spelling of a campaign code across the services (Contracts/Campaigns/CampaignCode.cs):
-- lower-case ASCII letters, digits and hyphens. A reminder campaign under another spelling
-- would ask Members for an audience of a campaign nobody is entitled in. Existing rows are not
-- folded (that would change what a past campaign was sent for): the migration stops and says so.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM campaign WHERE campaign_code !~ '^[a-z0-9][a-z0-9-]{0,39}$') THEN
        RAISE EXCEPTION 'Reminder campaigns hold campaign codes outside ^[a-z0-9][a-z0-9-]{0,39}$; correct them before this version starts.';
    END IF;
END $$;

ALTER TABLE campaign ADD CONSTRAINT campaign_campaign_code_check CHECK (campaign_code ~ '^[a-z0-9][a-z0-9-]{0,39}$');

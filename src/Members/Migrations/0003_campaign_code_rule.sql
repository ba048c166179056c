-- One spelling of a campaign code across the services (Contracts/Campaigns/CampaignCode.cs):
-- lower-case ASCII letters, digits and hyphens, as Applications has always required. Codes are
-- compared byte for byte, so an upper-case import next to a lower-case approval would be two
-- campaigns that no join connects (incident 2's class of bug). Rows already stored under
-- another spelling are not folded here, which could merge or split entitlements unseen: the
-- migration stops and says so, and ops decide.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM entitlement WHERE campaign_code !~ '^[a-z0-9][a-z0-9-]{0,39}$')
       OR EXISTS (SELECT 1 FROM audience_snapshot WHERE campaign_code !~ '^[a-z0-9][a-z0-9-]{0,39}$') THEN
        RAISE EXCEPTION 'Entitlements or audience snapshots hold campaign codes outside ^[a-z0-9][a-z0-9-]{0,39}$; correct them before this version starts.';
    END IF;
END $$;

ALTER TABLE entitlement DROP CONSTRAINT entitlement_campaign_code_check;
ALTER TABLE entitlement ADD CONSTRAINT entitlement_campaign_code_check CHECK (campaign_code ~ '^[a-z0-9][a-z0-9-]{0,39}$');
ALTER TABLE audience_snapshot ADD CONSTRAINT audience_snapshot_campaign_code_check CHECK (campaign_code ~ '^[a-z0-9][a-z0-9-]{0,39}$');

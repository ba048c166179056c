-- The voucher platform's balance export (issue #17, point 8): per entitlement, what is left to
-- spend and the last day it may be spent. An amount like any other: whole yen, NOT NULL, never
-- negative; 0 until a balance export says otherwise, so a member nobody reported a balance for
-- is in no balance audience. The usage deadline stays NULL until an export names it.
ALTER TABLE entitlement ADD COLUMN balance_yen bigint NOT NULL DEFAULT 0 CHECK (balance_yen >= 0);
ALTER TABLE entitlement ADD COLUMN usage_deadline date NULL;

-- The audience "charged-with-balance" reads exactly these rows by campaign.
CREATE INDEX ix_entitlement_charged_with_balance ON entitlement (campaign_code, member_id)
    WHERE charged_amount_yen > 0 AND balance_yen > 0;

ALTER TABLE member_import DROP CONSTRAINT member_import_kind_check;
ALTER TABLE member_import
    ADD CONSTRAINT member_import_kind_check CHECK (kind IN ('roster', 'entitlements', 'balances'));

-- Whether the member accepts mail from us. Together with inbox_opt_in it decides whether a
-- member is reachable at all (DESIGN.md, incident 2: no reachable channel, no recipient).
ALTER TABLE member ADD COLUMN email_opt_in boolean NOT NULL DEFAULT true;

-- A member's entitlement in one voucher campaign, in whole yen. won = what the member may pay
-- in (units x unit price), premium = what comes on top, charged = what was paid in so far.
-- Typed, NOT NULL, never negative: the incident's text-and-blank amounts cannot be stored.
CREATE TABLE entitlement (
    id                 bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_id          bigint      NOT NULL REFERENCES member (id),
    campaign_code      text        NOT NULL CHECK (campaign_code ~ '^[A-Za-z0-9_-]{1,64}$'),
    units              integer     NOT NULL CHECK (units >= 0),
    won_amount_yen     bigint      NOT NULL CHECK (won_amount_yen >= 0),
    premium_amount_yen bigint      NOT NULL DEFAULT 0 CHECK (premium_amount_yen >= 0),
    charged_amount_yen bigint      NOT NULL DEFAULT 0 CHECK (charged_amount_yen >= 0),
    -- The approved application it came from (public id); null for one imported from the platform.
    application_id     text        NULL UNIQUE,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (campaign_code, member_id)
);
CREATE INDEX ix_entitlement_member ON entitlement (member_id);
-- The audience "won but not fully charged": a partial index holds exactly the candidates, so
-- resolving reads them by campaign without touching fully charged rows.
CREATE INDEX ix_entitlement_not_fully_charged ON entitlement (campaign_code, member_id)
    WHERE charged_amount_yen < won_amount_yen;

-- One row per charge, so the same charge reported twice (event redelivered, or by event and
-- again by file) counts once.
CREATE TABLE entitlement_charge (
    charge_id      uuid        PRIMARY KEY,
    entitlement_id bigint      NOT NULL REFERENCES entitlement (id),
    amount_yen     bigint      NOT NULL CHECK (amount_yen >= 0),
    charged_at     timestamptz NOT NULL,
    recorded_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_entitlement_charge_entitlement ON entitlement_charge (entitlement_id);

-- Import history: every upload leaves a row, accepted or rejected. A file is known by its
-- SHA-256; the same file imported again is recorded as a duplicate and changes nothing.
CREATE TABLE member_import (
    id              uuid        PRIMARY KEY,
    kind            text        NOT NULL CHECK (kind IN ('roster', 'entitlements')),
    file_format     text        NOT NULL CHECK (file_format IN ('csv', 'xlsx')),
    file_name       text        NULL,
    file_sha256     text        NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
    status          text        NOT NULL CHECK (status IN ('imported', 'rejected', 'duplicate')),
    row_count       integer     NOT NULL CHECK (row_count >= 0),
    error_count     integer     NOT NULL CHECK (error_count >= 0),
    inserted_count  integer     NOT NULL DEFAULT 0 CHECK (inserted_count >= 0),
    updated_count   integer     NOT NULL DEFAULT 0 CHECK (updated_count >= 0),
    duplicate_of    uuid        NULL REFERENCES member_import (id),
    imported_by     text        NOT NULL,
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'rejected') = (error_count > 0)),
    CHECK ((status = 'duplicate') = (duplicate_of IS NOT NULL))
);
CREATE UNIQUE INDEX ux_member_import_file ON member_import (kind, file_sha256) WHERE status = 'imported';
CREATE INDEX ix_member_import_started ON member_import (started_at DESC);

-- Every bad cell of a rejected file: what ops download and fix.
CREATE TABLE member_import_error (
    import_id   uuid    NOT NULL REFERENCES member_import (id),
    seq         integer NOT NULL,
    -- 0 for the file as a whole (unreadable), 1 for the header row.
    row_number  integer NOT NULL CHECK (row_number >= 0),
    column_name text    NOT NULL,
    value       text    NULL,
    reason      text    NOT NULL,
    PRIMARY KEY (import_id, seq)
);

-- A frozen audience: who matched, how many, the bound they were checked against and the
-- digest the approver signs off on. Written in one transaction and never changed after it.
CREATE TABLE audience_snapshot (
    id                       uuid        PRIMARY KEY,
    request_id               uuid        NOT NULL UNIQUE,
    notification_campaign_id uuid        NOT NULL,
    audience                 text        NOT NULL,
    campaign_code            text        NOT NULL,
    recipient_count          integer     NOT NULL CHECK (recipient_count >= 0),
    bound                    integer     NOT NULL CHECK (bound >= recipient_count),
    digest                   text        NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$'),
    chunk_size               integer     NOT NULL CHECK (chunk_size > 0),
    chunk_count              integer     NOT NULL CHECK (chunk_count >= 0),
    resolved_at              timestamptz NOT NULL
);
CREATE INDEX ix_audience_snapshot_resolved ON audience_snapshot (resolved_at DESC);

-- The recipients as frozen, with the channels the send may use. public_id in the "C"
-- collation: its order is the ordinal order AudienceDigest sorts by.
CREATE TABLE audience_snapshot_member (
    snapshot_id  uuid    NOT NULL REFERENCES audience_snapshot (id),
    public_id    text    COLLATE "C" NOT NULL,
    member_id    bigint  NOT NULL REFERENCES member (id),
    email        text    NULL,
    inbox_opt_in boolean NOT NULL,
    PRIMARY KEY (snapshot_id, public_id),
    CHECK (email IS NOT NULL OR inbox_opt_in)
);

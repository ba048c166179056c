-- Campaign tranches (e.g. 子育て応援枠 追加販売): when intake is open, what a unit costs and what a
-- household may ask for. Amounts are whole yen; the premium rate is a whole percentage.
CREATE TABLE campaign (
    id                         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code                       text        NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
    name                       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    opens_at                   timestamptz NOT NULL,
    closes_at                  timestamptz NOT NULL,
    unit_price_yen             bigint      NOT NULL CHECK (unit_price_yen > 0),
    premium_rate_percent       integer     NOT NULL CHECK (premium_rate_percent BETWEEN 0 AND 100),
    unit_limit                 integer     NOT NULL CHECK (unit_limit BETWEEN 1 AND 100),
    household_members_required boolean     NOT NULL,
    accepted_documents         text[]      NOT NULL CHECK (cardinality(accepted_documents) > 0),
    -- Set while ops have stopped intake and My Page for this campaign (the kill switch).
    suspended_at               timestamptz NULL,
    created_at                 timestamptz NOT NULL DEFAULT now(),
    CHECK (closes_at > opens_at)
);

-- Every ops action on a campaign: who, what, why, when, under which trace.
CREATE TABLE campaign_audit (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    campaign_id bigint      NOT NULL REFERENCES campaign (id),
    actor       text        NOT NULL,
    action      text        NOT NULL CHECK (action IN ('created', 'suspended', 'resumed', 'deadline-extended')),
    reason      text        NOT NULL,
    detail      text        NULL,
    at          timestamptz NOT NULL DEFAULT now(),
    trace_id    text        NULL
);
CREATE INDEX ix_campaign_audit_campaign ON campaign_audit (campaign_id, at);

-- Valid and invalid applications live here together (incident 1: invalid ones once went to a
-- separate store whose numbers collided with this one's). public_id is the application number
-- people see: random, never an authority. owner_subject is the token subject of the member.
CREATE TABLE application (
    id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id           text        NOT NULL UNIQUE CHECK (public_id ~ '^[0-9A-HJKMNP-TV-Z]{20}$'),
    campaign_id         bigint      NOT NULL REFERENCES campaign (id),
    owner_subject       text        NOT NULL,
    status              text        NOT NULL CHECK (status IN ('Submitted', 'Accepted', 'NeedsCorrection', 'Corrected', 'Approved', 'Rejected', 'Invalid')),
    invalid_reason      text        NULL,
    units               integer     NOT NULL CHECK (units > 0),
    family_name         text        NOT NULL,
    given_name          text        NOT NULL,
    family_name_kana    text        NOT NULL,
    given_name_kana     text        NOT NULL,
    birth_date          date        NOT NULL,
    gender              text        NOT NULL CHECK (gender IN ('female', 'male', 'other', 'unspecified')),
    phone               text        NOT NULL,
    email               text        NOT NULL,
    postal_code         text        NOT NULL CHECK (postal_code ~ '^[0-9]{7}$'),
    address             text        NOT NULL,
    document_type       text        NOT NULL,
    consented_terms     boolean     NOT NULL CHECK (consented_terms),
    consented_privacy   boolean     NOT NULL CHECK (consented_privacy),
    -- Household identity, normalised (see Submissions/HouseholdKey.cs).
    kana_key            text        NOT NULL,
    phone_key           text        NOT NULL,
    address_key         text        NOT NULL,
    submitted_at        timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'Invalid') = (invalid_reason IS NOT NULL))
);
-- One valid application per member and per household per campaign, held by the database
-- itself, so concurrent submissions cannot both get through.
CREATE UNIQUE INDEX ux_application_member ON application (campaign_id, owner_subject) WHERE status <> 'Invalid';
CREATE UNIQUE INDEX ux_application_household_phone ON application (campaign_id, kana_key, birth_date, phone_key) WHERE status <> 'Invalid';
CREATE UNIQUE INDEX ux_application_household_address ON application (campaign_id, kana_key, birth_date, address_key) WHERE status <> 'Invalid';
CREATE INDEX ix_application_owner ON application (owner_subject, submitted_at);
CREATE INDEX ix_application_queue ON application (status, submitted_at);

CREATE TABLE application_household_member (
    application_id   bigint  NOT NULL REFERENCES application (id),
    position         integer NOT NULL CHECK (position >= 0),
    family_name      text    NOT NULL,
    given_name       text    NOT NULL,
    family_name_kana text    NOT NULL,
    given_name_kana  text    NOT NULL,
    birth_date       date    NOT NULL,
    relationship     text    NOT NULL CHECK (relationship IN ('spouse', 'child', 'parent', 'other')),
    PRIMARY KEY (application_id, position)
);

-- ID-document images, apart from the application row so no list query ever touches them.
-- They are never sent to a browser and never logged.
CREATE TABLE application_document (
    application_id bigint  NOT NULL REFERENCES application (id),
    side           text    NOT NULL CHECK (side IN ('front', 'back')),
    content_type   text    NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf')),
    size_bytes     integer NOT NULL CHECK (size_bytes > 0),
    sha256         bytea   NOT NULL,
    content        bytea   NOT NULL,
    PRIMARY KEY (application_id, side)
);

-- Client retries: the same key from the same member gets the first answer again, no new row.
CREATE TABLE submission_request (
    owner_subject   text        NOT NULL,
    idempotency_key text        NOT NULL,
    request_hash    bytea       NOT NULL,
    application_id  bigint      NOT NULL REFERENCES application (id),
    -- The answer as first given (number, status, reason: nothing personal), replayed as is.
    response_status integer     NOT NULL,
    response_body   jsonb       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (owner_subject, idempotency_key)
);

-- Every state change: who, when, why, and for a correction request what to fix.
CREATE TABLE application_event (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id bigint      NOT NULL REFERENCES application (id),
    from_status    text        NULL,
    to_status      text        NOT NULL,
    actor          text        NOT NULL,
    actor_role     text        NOT NULL CHECK (actor_role IN ('applicant', 'reviewer')),
    reason         text        NOT NULL,
    items          text[]      NOT NULL DEFAULT '{}',
    at             timestamptz NOT NULL DEFAULT now(),
    trace_id       text        NULL
);
CREATE INDEX ix_application_event_application ON application_event (application_id, at);

-- Every read of personal data, written in the reading transaction. Indexed for the two
-- questions an auditor asks: who read application X, and what did actor Y read.
CREATE TABLE access_audit (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor_subject  text        NOT NULL,
    actor_role     text        NOT NULL CHECK (actor_role IN ('applicant', 'reviewer')),
    owner_subject  text        NOT NULL,
    application_id bigint      NOT NULL REFERENCES application (id),
    fields         text[]      NOT NULL,
    read_at        timestamptz NOT NULL DEFAULT now(),
    trace_id       text        NULL
);
CREATE INDEX ix_access_audit_application ON access_audit (application_id, read_at DESC);
CREATE INDEX ix_access_audit_actor ON access_audit (actor_subject, read_at DESC);

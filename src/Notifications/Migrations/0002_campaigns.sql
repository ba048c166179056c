-- Reminder campaigns (issue #6). The saga's state lives in saga_instance; these tables hold what
-- the sender, the reports and the approver need in typed columns, with the rules of DESIGN.md
-- (incident 2) enforced by the database where a constraint can say them.

-- What the operator asked for. Subject and body are stored rendered: the template may name only
-- campaign-wide, member-safe values, so every recipient gets the same text and none of it is personal.
CREATE TABLE campaign (
    id                   uuid        PRIMARY KEY,
    name                 text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    audience             text        NOT NULL,
    campaign_code        text        NOT NULL,
    subject              text        NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
    body                 text        NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
    channels             text[]      NOT NULL CHECK (cardinality(channels) >= 1 AND channels <@ ARRAY['email', 'inbox']),
    send_from            timestamptz NOT NULL,
    send_until           timestamptz NOT NULL,
    messages_per_second  integer     NOT NULL CHECK (messages_per_second BETWEEN 1 AND 10000),
    seed_list            text[]      NOT NULL CHECK (cardinality(seed_list) BETWEEN 1 AND 20),
    requested_by         text        NOT NULL,
    correction_of        uuid        NULL REFERENCES campaign (id),
    halted               boolean     NOT NULL DEFAULT false,
    fan_out_completed_at timestamptz NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    CHECK (send_until > send_from)
);

-- A snapshot as Members announced it (AudienceResolved), or as derived here for a correction.
-- Header columns stay NULL until the announcement arrives: chunks may come first.
CREATE TABLE audience_snapshot (
    snapshot_id        uuid        PRIMARY KEY,
    campaign_id        uuid        NOT NULL REFERENCES campaign (id),
    request_id         uuid        NULL,
    announced_count    integer     NULL CHECK (announced_count >= 0),
    bound              integer     NULL CHECK (bound >= 0),
    digest             text        NULL,
    chunk_count        integer     NULL CHECK (chunk_count >= 0),
    derived_from       uuid        NULL,
    completed_at       timestamptz NULL,
    created_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audience_snapshot_chunk (
    snapshot_id  uuid    NOT NULL,
    chunk_index  integer NOT NULL CHECK (chunk_index >= 0),
    recipients   integer NOT NULL CHECK (recipients >= 0),
    PRIMARY KEY (snapshot_id, chunk_index)
);

-- The recipients of a snapshot, as they arrive. The address is kept because the sender needs
-- it; it never leaves this table except into the SMTP envelope.
CREATE TABLE snapshot_recipient (
    snapshot_id  uuid    NOT NULL,
    member_id    text    NOT NULL CHECK (length(member_id) BETWEEN 1 AND 64),
    email        text    NULL,
    inbox_opt_in boolean NOT NULL,
    PRIMARY KEY (snapshot_id, member_id)
);

-- Test sends to the seed list: the approver sees them, approval requires one for the snapshot.
CREATE TABLE campaign_test_send (
    id          uuid        PRIMARY KEY,
    campaign_id uuid        NOT NULL REFERENCES campaign (id),
    snapshot_id uuid        NOT NULL,
    sent_by     text        NOT NULL,
    recipients  text[]      NOT NULL,
    sent_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_campaign_test_send_campaign ON campaign_test_send (campaign_id, snapshot_id);

-- One row per recipient and channel of the approved snapshot, inserted in one statement at
-- approval. The unique key is the at-most-once rule: nothing can plan a second message.
-- Claimed rows are never sent again: a crash between claim and mark leaves them Claimed, and the
-- sweep turns them Unknown (reported with the failures), not back to Pending.
CREATE TABLE campaign_delivery (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    campaign_id uuid        NOT NULL REFERENCES campaign (id),
    snapshot_id uuid        NOT NULL,
    member_id   text        NOT NULL,
    channel     text        NOT NULL CHECK (channel IN ('email', 'inbox')),
    status      text        NOT NULL CHECK (status IN ('Pending', 'Claimed', 'Sent', 'Failed', 'Unknown', 'Skipped')),
    claimed_at  timestamptz NULL,
    sent_at     timestamptz NULL,
    error       text        NULL,
    CONSTRAINT uq_campaign_delivery UNIQUE (campaign_id, member_id, channel)
);
CREATE INDEX ix_campaign_delivery_pending ON campaign_delivery (campaign_id, id) WHERE status = 'Pending';
CREATE INDEX ix_campaign_delivery_claimed ON campaign_delivery (claimed_at) WHERE status = 'Claimed';

-- アプリの「事務局からのお知らせ」: one row per member and source (a campaign or a correction
-- request), so a replay cannot post the same notice twice.
CREATE TABLE member_inbox (
    id          uuid        PRIMARY KEY,
    member_id   text        NOT NULL,
    kind        text        NOT NULL,
    source_id   uuid        NOT NULL,
    subject     text        NOT NULL,
    body        text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    read_at     timestamptz NULL,
    CONSTRAINT uq_member_inbox_source UNIQUE (member_id, kind, source_id)
);
CREATE INDEX ix_member_inbox_member ON member_inbox (member_id, created_at DESC);

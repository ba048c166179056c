-- Per-recipient lookup (issue #17, point 5): an operator reading one member's deliveries across
-- reminders is a read of personal data, audited in the reading transaction like Members' and
-- Applications' reads. Same shape and the same owner_subject (the member's public id) as their
-- access_audit, so "who saw Y" is answered across the three trails by one subject.
CREATE TABLE access_audit (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor_subject text        NOT NULL,
    actor_role    text        NOT NULL CHECK (actor_role IN ('operator')),
    owner_subject text        NOT NULL CHECK (owner_subject ~ '^[0-9a-f]{32}$'),
    fields        text[]      NOT NULL CHECK (cardinality(fields) >= 1),
    read_at       timestamptz NOT NULL DEFAULT now(),
    trace_id      text        NULL
);
CREATE INDEX ix_access_audit_owner ON access_audit (owner_subject, read_at DESC);
CREATE INDEX ix_access_audit_actor ON access_audit (actor_subject, read_at DESC);

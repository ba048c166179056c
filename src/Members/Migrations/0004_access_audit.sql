-- DESIGN.md incident 1, point 6, for the personal data Members holds: every read an operator
-- makes of a member's entitlements (amounts of a named member) or of an import's stored error
-- cells (values from the file: addresses, member ids) writes a row here in the reading
-- transaction. owner_subject is the member's public id, the same value Applications keeps as
-- owner_subject in its own access_audit, so one subject answers "who saw Y" in both trails.
-- Indexed for the questions an auditor asks: who read member Y, what did actor X read, who
-- read import Z's error cells.
CREATE TABLE access_audit (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor_subject text        NOT NULL,
    actor_role    text        NOT NULL CHECK (actor_role IN ('operator')),
    owner_subject text        NULL CHECK (owner_subject ~ '^[0-9a-f]{32}$'),
    import_id     uuid        NULL REFERENCES member_import (id),
    fields        text[]      NOT NULL CHECK (cardinality(fields) >= 1),
    read_at       timestamptz NOT NULL DEFAULT now(),
    trace_id      text        NULL,
    -- A read is of one member's data or of one import's error cells, never neither.
    CHECK ((owner_subject IS NULL) <> (import_id IS NULL))
);
CREATE INDEX ix_access_audit_owner ON access_audit (owner_subject, read_at DESC);
CREATE INDEX ix_access_audit_actor ON access_audit (actor_subject, read_at DESC);
CREATE INDEX ix_access_audit_import ON access_audit (import_id, read_at DESC);

-- Imports run as jobs (issue #14, point 7): the upload stores the file here and answers at once;
-- a worker on any Members replica runs it later. The file lives in the database, not on a
-- replica's disk or in its memory, so any replica can run it and none loses it by restarting.
-- The bytes are cleared when the job ends; the row stays as the job's record.
CREATE TABLE member_import_job (
    id            uuid        PRIMARY KEY,
    kind          text        NOT NULL CHECK (kind IN ('roster', 'entitlements', 'balances')),
    state         text        NOT NULL CHECK (state IN ('Queued', 'Running', 'Succeeded', 'Refused', 'Failed')),
    file_name     text        NULL,
    file_size     bigint      NOT NULL CHECK (file_size > 0),
    file          bytea       NULL,
    requested_by  text        NOT NULL,
    queued_at     timestamptz NOT NULL DEFAULT now(),
    started_at    timestamptz NULL,
    finished_at   timestamptz NULL,
    -- Renewed by the running worker; a Running job whose lease has passed lost its worker, and
    -- the sweep of any replica marks it Failed (its import transaction never committed).
    lease_until   timestamptz NULL,
    worker        text        NULL,
    rows_read     integer     NOT NULL DEFAULT 0 CHECK (rows_read >= 0),
    rows_checked  integer     NOT NULL DEFAULT 0 CHECK (rows_checked >= 0),
    rows_stored   integer     NOT NULL DEFAULT 0 CHECK (rows_stored >= 0),
    -- The import's record and the answer the upload gave before it became a job.
    import_id     uuid        NULL REFERENCES member_import (id),
    result        jsonb       NULL,
    reason        text        NULL,
    CHECK ((state = 'Running') = (lease_until IS NOT NULL)),
    CHECK ((state IN ('Succeeded', 'Refused')) = (result IS NOT NULL)),
    CHECK ((state = 'Failed') = (reason IS NOT NULL))
);
-- The claim reads the oldest queued job of a kind; the sweep reads the running ones.
CREATE INDEX ix_member_import_job_queued ON member_import_job (kind, queued_at) WHERE state = 'Queued';
CREATE INDEX ix_member_import_job_running ON member_import_job (lease_until) WHERE state = 'Running';

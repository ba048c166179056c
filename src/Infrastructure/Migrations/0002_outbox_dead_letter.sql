-- When a message was first and last tried: the dead-letter table keeps both for the engineer on call.
ALTER TABLE outbox_message
    ADD COLUMN first_attempt_at timestamptz NULL,
    ADD COLUMN last_attempt_at  timestamptz NULL;

-- A message that could not be published after Messaging:Outbox:MaxAttempts tries. It leaves the
-- outbox so the messages behind it go on; it stays here, whole, until someone looks at it and
-- either fixes and re-inserts it into outbox_message or deletes it.
CREATE TABLE outbox_dead_letter (
    sequence_number  bigint      PRIMARY KEY,
    message_id       uuid        NOT NULL UNIQUE,
    message_type     text        NOT NULL,
    body             jsonb       NOT NULL,
    trace_parent     text        NULL,
    trace_state      text        NULL,
    created_at       timestamptz NOT NULL,
    attempts         integer     NOT NULL,
    last_error       text        NULL,
    first_attempt_at timestamptz NULL,
    last_attempt_at  timestamptz NULL,
    dead_lettered_at timestamptz NOT NULL DEFAULT now()
);

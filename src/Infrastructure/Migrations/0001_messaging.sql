-- Transactional outbox: rows written in the same transaction as the state change they announce.
CREATE TABLE outbox_message (
    sequence_number bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id      uuid        NOT NULL UNIQUE,
    message_type    text        NOT NULL,
    body            jsonb       NOT NULL,
    trace_parent    text        NULL,
    trace_state     text        NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    attempts        integer     NOT NULL DEFAULT 0,
    last_error      text        NULL
);

-- One row per outbox: the delivery loop locks it (FOR UPDATE SKIP LOCKED) so only one instance
-- of a service delivers at a time, and messages leave in sequence order.
CREATE TABLE outbox_state (
    outbox               text        PRIMARY KEY,
    last_sequence_number bigint      NOT NULL DEFAULT 0,
    delivered_at         timestamptz NULL
);
INSERT INTO outbox_state (outbox) VALUES ('bus');

-- Idempotent consumers: a message is handled once per consumer; a redelivery finds its row.
CREATE TABLE inbox_message (
    message_id  uuid        NOT NULL,
    consumer    text        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (message_id, consumer)
);
CREATE INDEX ix_inbox_message_received_at ON inbox_message (received_at);

-- MassTransit state machines, one table for every saga type of the service.
CREATE TABLE saga_instance (
    saga_type      text        NOT NULL,
    correlation_id uuid        NOT NULL,
    current_state  text        NULL,
    data           jsonb       NOT NULL,
    version        integer     NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (saga_type, correlation_id)
);

-- Pipeline probes received by this service (see Diagnostics): proof the message path works.
CREATE TABLE pipeline_probe_receipt (
    probe_id    uuid        NOT NULL,
    message_id  uuid        NOT NULL,
    origin      text        NOT NULL,
    trace_id    text        NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (probe_id, message_id)
);

-- Every mail this service sent, or decided not to send, one row per request. The row is written
-- before the send in the consumer's transaction; its unique key makes a second copy of a request
-- (redelivered, or re-published under a new message id) wait for the first and then skip.
-- The address itself is not kept: a SHA-256 of it (trimmed, upper-cased) and a masked form for reading.
CREATE TABLE email_delivery (
    id               uuid        PRIMARY KEY,
    kind             text        NOT NULL,
    request_id       uuid        NOT NULL,
    message_id       uuid        NOT NULL,
    recipient_hash   text        NOT NULL,
    recipient_masked text        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('Sending', 'Sent', 'Expired')),
    attempts         integer     NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz NULL,
    CONSTRAINT uq_email_delivery_kind_request UNIQUE (kind, request_id)
);
CREATE INDEX ix_email_delivery_recipient_hash ON email_delivery (recipient_hash);

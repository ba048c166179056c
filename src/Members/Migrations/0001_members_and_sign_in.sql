-- Members: the app's users. public_id is random (128 bits) and is the only id that leaves the
-- service; id is internal.
CREATE TABLE member (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id        text        NOT NULL UNIQUE,
    email            text        NOT NULL,
    email_normalized text        NOT NULL UNIQUE,
    inbox_opt_in     boolean     NOT NULL DEFAULT true,
    withdrawn_at     timestamptz NULL,
    created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE member_role (
    member_id  bigint      NOT NULL REFERENCES member (id),
    role       text        NOT NULL CHECK (role IN ('reviewer', 'operator', 'approver', 'auditor', 'admin')),
    granted_by text        NOT NULL,
    granted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (member_id, role)
);

-- One-time sign-in codes, stored only as a keyed hash. A code dies when used, after its
-- expiry, or after too many wrong tries.
CREATE TABLE sign_in_code (
    id               uuid        PRIMARY KEY,
    email_normalized text        NOT NULL,
    code_hash        bytea       NOT NULL,
    client_address   text        NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    failed_attempts  integer     NOT NULL DEFAULT 0,
    consumed_at      timestamptz NULL
);
CREATE INDEX ix_sign_in_code_email ON sign_in_code (email_normalized, created_at DESC);

-- A signed-in session; its id is the token's "sid". Sign-out sets revoked_at.
CREATE TABLE member_session (
    id         uuid        PRIMARY KEY,
    member_id  bigint      NOT NULL REFERENCES member (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz NULL
);

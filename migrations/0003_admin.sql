-- The admin API (issue #10): its keys, and the audit log of every change made through the CLI or the API.

-- Keys are shown once when created; only a SHA-256 of the key (hex) is kept, compared in constant time.
CREATE TABLE api_keys (
    id uuid PRIMARY KEY,
    name text NOT NULL UNIQUE CHECK (name <> ''),
    -- read: GET only; write: every route.
    scope text NOT NULL CHECK (scope IN ('read', 'write')),
    key_hash text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);

-- Who changed what: `actor` is the API key's name, or `cli`. `before`/`after` never hold a secret.
CREATE TABLE audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    actor text NOT NULL,
    -- e.g. endpoint.create, endpoint.rotate_secret, dead_letter.retry, api_key.revoke
    action text NOT NULL,
    target_type text NOT NULL,
    target_id text NOT NULL,
    before jsonb,
    after jsonb
);

CREATE INDEX audit_log_target ON audit_log (target_type, target_id, id);

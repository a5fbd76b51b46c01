-- Delivery (CONTRACT.md, "Delivery semantics"): every attempt, and the jobs that gave up (dead letters).

-- One row per HTTP attempt, written in batches (COPY) by `evmhook deliver`. No foreign key to endpoints: the history
-- outlives a deleted endpoint, and the hot path must not pay for the check.
CREATE TABLE delivery_attempts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    endpoint_id uuid NOT NULL,
    webhook_id text NOT NULL,
    attempt integer NOT NULL CHECK (attempt >= 1),
    -- Null when no response arrived (connection error, timeout).
    status integer,
    error text,
    duration_us bigint NOT NULL,
    -- The first 4 KiB of the response body, as received (bytes: a receiver may answer anything).
    response_body bytea NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX delivery_attempts_endpoint ON delivery_attempts (endpoint_id, created_at);
CREATE INDEX delivery_attempts_webhook ON delivery_attempts (webhook_id);

-- Jobs that will not be tried again by themselves; `evmhook dlq retry` re-queues them with attempt 1.
CREATE TABLE dead_letters (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The job exactly as it was taken from the queue (a poison job is kept verbatim).
    job text NOT NULL,
    -- Null for a job whose header does not parse.
    endpoint_id uuid,
    webhook_id text,
    -- Attempts made (0 when the job was never sent).
    attempts integer NOT NULL,
    last_status integer,
    last_error text,
    -- exhausted | rejected | gone | poison | endpoint_missing | endpoint_disabled | invalid_secret
    reason text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX dead_letters_endpoint ON dead_letters (endpoint_id, id);

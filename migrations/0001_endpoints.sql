-- Endpoints (CONTRACT.md, "Endpoints"). A filter loads in one query: addresses and topics are JSON arrays in
-- eth_getLogs form, events keeps what the user gave (human signatures as strings, JSON ABI fragments as objects).
CREATE TABLE endpoints (
    id uuid PRIMARY KEY,
    url text NOT NULL,
    chain_id bigint NOT NULL CHECK (chain_id > 0),
    -- ["0x…"] lowercase 20-byte hex; empty = any contract.
    addresses jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(addresses) = 'array'),
    -- Positions 0–3: null = any, or ["0x…", …] = any of them.
    topics jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(topics) = 'array' AND jsonb_array_length(topics) <= 4),
    events jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(events) = 'array'),
    secret text NOT NULL,
    -- During a rotation the previous secret still signs, until previous_secret_expires_at.
    previous_secret text,
    previous_secret_expires_at timestamptz,
    enabled boolean NOT NULL DEFAULT true,
    -- Why it was disabled when evmhook did it (410 Gone), null when a user did.
    disabled_reason text,
    rate_limit_per_second integer CHECK (rate_limit_per_second > 0),
    -- Null: the length of EVMHOOK_RETRY_SCHEDULE + 1.
    max_attempts integer CHECK (max_attempts BETWEEN 1 AND 100),
    timeout_ms integer NOT NULL DEFAULT 15000 CHECK (timeout_ms BETWEEN 100 AND 300000),
    description text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX endpoints_chain_enabled ON endpoints (chain_id) WHERE enabled;

-- Processors hold the enabled endpoints in memory; every change tells them which endpoint to reload.
CREATE FUNCTION endpoints_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('evmhook_endpoints', COALESCE(NEW.id, OLD.id)::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER endpoints_notify AFTER INSERT OR UPDATE OR DELETE ON endpoints
    FOR EACH ROW EXECUTE FUNCTION endpoints_notify();

-- The admin API keeps live keys in memory (by hash): every change to a key tells it to forget them. Payload: the
-- key id.
CREATE FUNCTION api_keys_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('evmhook_api_keys', COALESCE(NEW.id, OLD.id)::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER api_keys_notify AFTER INSERT OR UPDATE OR DELETE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION api_keys_notify();

-- A revocation returns only once every running admin API has forgotten its cached keys: the revoker takes the next
-- sync number and notifies it (payload `sync <schema> <n>`); each API empties its key cache, then records here that
-- it applied sync n. A process not seen for a while (it refreshes `seen_at` every second) is not waited for.
CREATE SEQUENCE api_key_cache_syncs;

CREATE TABLE api_key_caches (
    id uuid PRIMARY KEY,
    applied bigint NOT NULL,
    seen_at timestamptz NOT NULL DEFAULT now()
);

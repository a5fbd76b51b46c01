import Hiredis

/// The Lua scripts of the Ingestor's lease: take it with a fencing token, renew it, release it, each one atomic step
/// on the server. (The ledger's writes are optimistic transactions instead: see `IngestLedger`.)
enum LedgerScripts {
    /// KEYS: lease, fence. ARGV: holder, milliseconds. Takes the lease when free, with the next fencing token:
    /// returns the lease value (`holder token`), or nil while someone else holds it.
    static let acquire = RedisScript(
        """
        if redis.call('EXISTS', KEYS[1]) == 1 then return false end
        local value = ARGV[1] .. ' ' .. redis.call('INCR', KEYS[2])
        redis.call('SET', KEYS[1], value, 'PX', ARGV[2])
        return value
        """)

    /// KEYS: lease. ARGV: lease value, milliseconds. Extends the lease if still held with this value: 1, else 0.
    static let renew = RedisScript(
        """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return 1
        end
        return 0
        """)

    /// KEYS: lease. ARGV: lease value. Deletes the lease if still held with this value.
    static let release = RedisScript(
        """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """)
}

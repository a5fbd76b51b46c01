import Hiredis

/// The Lua scripts that change a chain's ingestion state. Each is one atomic step on the server: it checks the
/// lease's fencing value and the cursor, then writes the stream entries, the dedup sets, the canonical window and
/// the cursor together, so a crash at any instant (of the Ingestor or of Redis, whose AOF logs a script's effects
/// as one transaction) leaves either all of a step or none of it.
///
/// Seen keys are passed as KEYS; the key of a block leaving the window is built from a prefix argument (its hash
/// is only known inside the script). That is fine on a single Redis; a cluster would need hash tags.
enum LedgerScripts {
    /// KEYS: stream, cursor, canonical, lease, then the seen set of each block.
    /// ARGV: lease value, expected cursor hash ('' = no cursor yet), window size, seen TTL (s), seen key prefix,
    /// block count; then per block (ascending, not necessarily consecutive): number, hash, entry count, and per
    /// entry: log index, field count, fields.
    /// Returns the number of entries added (those already in a block's seen set are skipped).
    static let emit = RedisScript(
        """
        if redis.call('GET', KEYS[4]) ~= ARGV[1] then
          return redis.error_reply('EVMHOOKFENCED the lease is not held with this fencing token')
        end
        local cursor = redis.call('HGET', KEYS[2], 'hash') or ''
        if cursor ~= ARGV[2] then
          return redis.error_reply('EVMHOOKCURSOR the cursor is at ' .. cursor .. ', not ' .. ARGV[2])
        end
        local last = tonumber(redis.call('HGET', KEYS[2], 'number') or '-1')
        local window = tonumber(ARGV[3])
        local ttl = tonumber(ARGV[4])
        local seenPrefix = ARGV[5]
        local blocks = tonumber(ARGV[6])
        local i = 7
        local added = 0
        for b = 1, blocks do
          local number = ARGV[i]
          local hash = ARGV[i + 1]
          local count = tonumber(ARGV[i + 2])
          local seen = KEYS[4 + b]
          i = i + 3
          for e = 1, count do
            local index = ARGV[i]
            local fields = tonumber(ARGV[i + 1])
            i = i + 2
            if redis.call('SADD', seen, index) == 1 then
              redis.call('XADD', KEYS[1], '*', unpack(ARGV, i, i + fields - 1))
              added = added + 1
            end
            i = i + fields
          end
          if count > 0 then redis.call('EXPIRE', seen, ttl) end
          redis.call('HSET', KEYS[3], number, hash)
          -- Every block from the last one's horizon to this one's leaves the window (blocks may be skipped).
          local n = tonumber(number)
          for old = math.max(last - window + 1, 0), math.min(last, n - window) do
            local oldHash = redis.call('HGET', KEYS[3], tostring(old))
            if oldHash then
              redis.call('HDEL', KEYS[3], tostring(old))
              redis.call('DEL', seenPrefix .. oldHash)
            end
          end
          last = n
          redis.call('HSET', KEYS[2], 'number', number, 'hash', hash)
        end
        return added
        """)

    /// Undoes the cursor block after a reorg orphaned it.
    /// KEYS: stream, cursor, canonical, lease, seen set of the orphaned block.
    /// ARGV: lease value, orphaned hash (must be the cursor), its number, its parent hash, entry count, then per
    /// entry: log index, field count, fields (the `removed` entries, newest first).
    /// Returns how many emitted log indexes had no entry given (0 when the node returned every orphaned log).
    static let remove = RedisScript(
        """
        if redis.call('GET', KEYS[4]) ~= ARGV[1] then
          return redis.error_reply('EVMHOOKFENCED the lease is not held with this fencing token')
        end
        local cursor = redis.call('HGET', KEYS[2], 'hash') or ''
        if cursor ~= ARGV[2] then
          return redis.error_reply('EVMHOOKCURSOR the cursor is at ' .. cursor .. ', not ' .. ARGV[2])
        end
        local count = tonumber(ARGV[5])
        local i = 6
        for e = 1, count do
          local index = ARGV[i]
          local fields = tonumber(ARGV[i + 1])
          i = i + 2
          if redis.call('SREM', KEYS[5], index) == 1 then
            redis.call('XADD', KEYS[1], '*', unpack(ARGV, i, i + fields - 1))
          end
          i = i + fields
        end
        local missing = redis.call('SCARD', KEYS[5])
        redis.call('DEL', KEYS[5])
        redis.call('HDEL', KEYS[3], ARGV[3])
        redis.call('HSET', KEYS[2], 'number', tostring(tonumber(ARGV[3]) - 1), 'hash', ARGV[4])
        return missing
        """)

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

import Hiredis

/// Forgets consumers of the group that hold no pending entry and have been idle for long: every processor that ever
/// ran leaves its name behind (names are unique per process), and the group would grow with each restart.
///
/// One script, so no consumer can read an entry between the check and the deletion (`XGROUP DELCONSUMER` drops a
/// consumer's pending entries: deleting one that just read would lose them). A live consumer deleted while idle
/// comes back with its next read.
enum ConsumerCleanupScript {
    /// KEYS: stream. ARGV: group, idle milliseconds. Returns the number of consumers removed.
    static let script = RedisScript(
        """
        local stream, group, idle = KEYS[1], ARGV[1], tonumber(ARGV[2])
        local removed = 0
        for _, info in ipairs(redis.call('XINFO', 'CONSUMERS', stream, group)) do
            local name, pending, inactive
            for k = 1, #info, 2 do
                if info[k] == 'name' then name = info[k + 1]
                elseif info[k] == 'pending' then pending = info[k + 1]
                elseif info[k] == 'idle' then inactive = info[k + 1] end
            end
            if pending == 0 and inactive ~= nil and inactive > idle then
                redis.call('XGROUP', 'DELCONSUMER', stream, group, name)
                removed = removed + 1
            end
        end
        return removed
        """)
}

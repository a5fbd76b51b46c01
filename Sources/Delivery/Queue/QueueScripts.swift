import Hiredis

/// The Lua scripts that move jobs atomically between the queue, the retry set and processing lists.
///
/// Jobs that come back (due retries, dead workers' jobs, a shutdown's leftovers) go to the right end of the queue,
/// the end workers take from: they were waiting already, so they go before newer jobs.
enum QueueScripts {
    /// KEYS: retries, jobs. ARGV: now (ms), limit. Moves due members to the queue; returns how many.
    static let moveDue = RedisScript(
        """
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
        if #due == 0 then return 0 end
        for _, job in ipairs(due) do redis.call('RPUSH', KEYS[2], job) end
        redis.call('ZREM', KEYS[1], unpack(due))
        return #due
        """)

    /// KEYS: workers, jobs. ARGV: cutoff (ms), the processing-list key prefix. For every worker whose heartbeat is
    /// older than the cutoff, moves its processing list to the queue and removes the worker; returns jobs moved.
    static let reap = RedisScript(
        """
        local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
        local moved = 0
        for _, worker in ipairs(dead) do
            local list = ARGV[2] .. worker
            while redis.call('LMOVE', list, KEYS[2], 'LEFT', 'RIGHT') do moved = moved + 1 end
            redis.call('ZREM', KEYS[1], worker)
        end
        return moved
        """)

    /// KEYS: processing list, jobs, workers. ARGV: worker, or "" to keep it registered. Moves the list to the queue
    /// and removes the worker; returns jobs moved.
    static let handBack = RedisScript(
        """
        local moved = 0
        while redis.call('LMOVE', KEYS[1], KEYS[2], 'LEFT', 'RIGHT') do moved = moved + 1 end
        if ARGV[1] ~= '' then redis.call('ZREM', KEYS[3], ARGV[1]) end
        return moved
        """)
}

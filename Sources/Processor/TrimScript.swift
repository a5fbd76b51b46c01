import Hiredis

/// Trims the stream behind what the Processors still need: never past the oldest entry pending in the group (it
/// may be reclaimed and redone) nor past the group's last-delivered id (entries after it were never read).
/// One script, so no read or acknowledgement slips between the measurement and the trim.
enum TrimScript {
    /// KEYS: stream. ARGV: group. Returns the number of entries removed.
    static let script = RedisScript(
        """
        local stream, group = KEYS[1], ARGV[1]
        local function parse(id)
            local dash = string.find(id, '-', 1, true)
            return tonumber(string.sub(id, 1, dash - 1)), tonumber(string.sub(id, dash + 1))
        end
        local function less(a, b)
            local am, as = parse(a)
            local bm, bs = parse(b)
            return am < bm or (am == bm and as < bs)
        end
        if redis.call('EXISTS', stream) == 0 then return 0 end
        local floor
        for _, info in ipairs(redis.call('XINFO', 'GROUPS', stream)) do
            local name, last
            for k = 1, #info, 2 do
                if info[k] == 'name' then name = info[k + 1] elseif info[k] == 'last-delivered-id' then last = info[k + 1] end
            end
            if name == group then floor = last end
        end
        if floor == nil or floor == '0-0' then return 0 end
        local pending = redis.call('XPENDING', stream, group)
        if pending[1] > 0 and less(pending[2], floor) then floor = pending[2] end
        -- MINID removes entries whose id is lower than floor; `~` lets Redis stop at a node boundary (trims less).
        return redis.call('XTRIM', stream, 'MINID', '~', floor)
        """)
}

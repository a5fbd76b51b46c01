import Hiredis
import Pipeline

/// Pushes the jobs of a batch of entries and acknowledges those entries in one atomic step (a Lua script), so a
/// crash at any moment leaves each entry either pending with none of its jobs pushed, or acknowledged with all.
///
/// An entry counts only while this consumer still owns it: if a slow processor's entry was reclaimed by another
/// (`XAUTOCLAIM`), the first to finish pushes its jobs and the other finds it gone, so jobs are never doubled.
enum AcknowledgeScript {
    /// KEYS: stream, jobs, dead entries. ARGV: group, consumer, then per entry: id, `j` or `d`, n, n values
    /// (jobs; or the reason followed by the original field/value pairs). Returns {entries acked, jobs pushed}.
    static let script = RedisScript(
        """
        local stream, jobs, dead = KEYS[1], KEYS[2], KEYS[3]
        local group, consumer = ARGV[1], ARGV[2]
        local acked, pushed, i = 0, 0, 3
        while i <= #ARGV do
            local id, tag, n = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
            local first, last = i + 3, i + 2 + n
            i = last + 1
            if #redis.call('XPENDING', stream, group, id, id, 1, consumer) == 1 then
                if tag == 'j' then
                    -- unpack is limited by Lua's C stack: push in slices.
                    for from = first, last, 1000 do
                        redis.call('LPUSH', jobs, unpack(ARGV, from, math.min(from + 999, last)))
                    end
                    pushed = pushed + n
                else
                    redis.call('XADD', dead, '*', 'entry', id, 'reason', ARGV[first], unpack(ARGV, first + 1, last))
                end
                acked = acked + redis.call('XACK', stream, group, id)
            end
        end
        return {acked, pushed}
        """)

    static func keys(_ keys: RedisKeys) -> [RedisArgument] {
        [RedisArgument(keys.stream), RedisArgument(keys.jobs), RedisArgument(keys.deadEntries)]
    }

    static func arguments(group: String, consumer: String, outcomes: [(id: String, outcome: EntryOutcome)])
        -> [RedisArgument]
    {
        var arguments = [RedisArgument(group), RedisArgument(consumer)]
        for (id, outcome) in outcomes {
            arguments.append(RedisArgument(id))
            switch outcome {
            case .jobs(let jobs):
                arguments += ["j", RedisArgument(jobs.count)]
                arguments += jobs.map { RedisArgument($0.encoded) }
            case .dead(let reason, let fields):
                arguments += ["d", RedisArgument(1 + 2 * fields.count), RedisArgument(reason)]
                for (name, value) in fields { arguments += [RedisArgument(name), RedisArgument(value)] }
            }
        }
        return arguments
    }
}

import Hiredis
import Pipeline

/// Pushes the jobs of a batch of entries and acknowledges those entries in one atomic step (a Lua script), so a
/// crash at any moment leaves each entry either pending with none of its jobs pushed, or acknowledged with all.
///
/// An entry counts only while this consumer still owns it: if a slow processor's entry was reclaimed by another
/// (`XAUTOCLAIM`), the first to finish pushes its jobs and the other finds it gone, so jobs are never doubled.
enum AcknowledgeScript {
    /// KEYS: stream, jobs, dead entries. ARGV: group, consumer, the lowest and highest entry id, how many pending
    /// entries to look at, then per entry: id, `j` or `d`, n, n values (jobs; or the reason followed by the original
    /// field/value pairs). Returns {entries acked, jobs pushed}.
    ///
    /// Ownership is one `XPENDING` over the batch's id range, and the pushes and acknowledgements go in slices of
    /// 1,000 (Lua's `unpack` is limited by its C stack): a few Redis calls per batch rather than three per entry.
    static let script = RedisScript(
        """
        local stream, jobs, dead = KEYS[1], KEYS[2], KEYS[3]
        local group, consumer = ARGV[1], ARGV[2]
        local owned = {}
        for _, pending in ipairs(redis.call('XPENDING', stream, group, ARGV[3], ARGV[4], ARGV[5], consumer)) do
            owned[pending[1]] = true
        end
        local ids, values, i = {}, {}, 6
        while i <= #ARGV do
            local id, tag, n = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
            local first, last = i + 3, i + 2 + n
            i = last + 1
            if owned[id] then
                ids[#ids + 1] = id
                if tag == 'j' then
                    for k = first, last do values[#values + 1] = ARGV[k] end
                else
                    redis.call('XADD', dead, '*', 'entry', id, 'reason', ARGV[first], unpack(ARGV, first + 1, last))
                end
            end
        end
        for k = 1, #values, 1000 do
            redis.call('LPUSH', jobs, unpack(values, k, math.min(k + 999, #values)))
        end
        local acked = 0
        for k = 1, #ids, 1000 do
            acked = acked + redis.call('XACK', stream, group, unpack(ids, k, math.min(k + 999, #ids)))
        end
        return {acked, #values}
        """)

    /// Jobs per script call, about: a call holds whole entries, so one with more matches goes alone.
    static let jobsPerCall = 5_000
    /// Field pairs of an unreadable entry copied to the dead-entry stream.
    static let maximumDeadFields = 64

    /// `outcomes` in consecutive runs of at most `jobsPerCall` jobs (an entry is never split: its jobs and its
    /// acknowledgement stay in one atomic call), so a batch of entries matching thousands of endpoints each does
    /// not become one script call of gigabytes.
    static func slices(_ outcomes: [(id: String, outcome: EntryOutcome)]) -> [ArraySlice<
        (id: String, outcome: EntryOutcome)
    >] {
        var slices: [ArraySlice<(id: String, outcome: EntryOutcome)>] = []
        var start = outcomes.startIndex
        var jobs = 0
        for index in outcomes.indices {
            let count = if case .jobs(let list) = outcomes[index].outcome { list.count } else { 1 }
            if jobs > 0 && jobs + count > jobsPerCall {
                slices.append(outcomes[start..<index])
                start = index
                jobs = 0
            }
            jobs += count
        }
        if start < outcomes.endIndex { slices.append(outcomes[start...]) }
        return slices
    }

    private static let jobTag: RedisArgument = "j"
    private static let deadTag: RedisArgument = "d"
    private static let smallCounts = (0...16).map { RedisArgument($0) }

    private static func count(_ value: Int) -> RedisArgument {
        value < smallCounts.count ? smallCounts[value] : RedisArgument(value)
    }

    static func keys(_ keys: RedisKeys) -> [RedisArgument] {
        [RedisArgument(keys.stream), RedisArgument(keys.jobs), RedisArgument(keys.deadEntries)]
    }

    static func arguments(group: String, consumer: String, outcomes: ArraySlice<(id: String, outcome: EntryOutcome)>)
        -> [RedisArgument]
    {
        let ids = outcomes.map { StreamID($0.id) }
        // Our own pending entries in the range that are not in this batch (reclaimed ones whose script failed)
        // are looked at too: the margin keeps every entry of the batch within the count.
        var arguments: [RedisArgument] = []
        arguments.reserveCapacity(5 + 4 * outcomes.count)
        arguments += [
            RedisArgument(group), RedisArgument(consumer), RedisArgument(ids.min()?.text ?? "0-0"),
            RedisArgument(ids.max()?.text ?? "0-0"), RedisArgument(outcomes.count * 2 + 10_000),
        ]
        // Appended one by one, the tag and small counts shared: temporary arrays and one-byte arguments per entry
        // were most of this function's cost.
        for (id, outcome) in outcomes {
            arguments.append(RedisArgument(id))
            switch outcome {
            case .jobs(let jobs):
                arguments.append(jobTag)
                arguments.append(count(jobs.count))
                for job in jobs { arguments.append(RedisArgument(bytes: job)) }
            case .dead(let reason, let fields):
                arguments.append(deadTag)
                arguments.append(count(1 + 2 * fields.count))
                arguments.append(RedisArgument(reason))
                for (name, value) in fields {
                    arguments.append(RedisArgument(name))
                    arguments.append(RedisArgument(value))
                }
            }
        }
        return arguments
    }
}

/// A stream entry id, `milliseconds-sequence`, ordered as Redis orders them (numerically, not as text).
struct StreamID: Comparable {
    let text: String
    let milliseconds: UInt64
    let sequence: UInt64

    init(_ text: String) {
        self.text = text
        let parts = text.split(separator: "-", maxSplits: 1)
        milliseconds = parts.first.flatMap { UInt64($0) } ?? 0
        sequence = parts.count > 1 ? UInt64(parts[1]) ?? 0 : 0
    }

    static func < (lhs: StreamID, rhs: StreamID) -> Bool {
        (lhs.milliseconds, lhs.sequence) < (rhs.milliseconds, rhs.sequence)
    }

    static func == (lhs: StreamID, rhs: StreamID) -> Bool {
        (lhs.milliseconds, lhs.sequence) == (rhs.milliseconds, rhs.sequence)
    }
}

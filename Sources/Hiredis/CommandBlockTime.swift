/// How long a blocking command may keep the server silent, read from the command's own arguments.
///
/// hiredis applies one socket timeout to every read, and a read that times out leaves the context dead. So a
/// blocking command (`BRPOP … 5`, `XREADGROUP … BLOCK 5000`) needs a timeout longer than its block time, and one
/// that blocks forever (timeout 0) needs none. This is the pure part of that decision.
enum CommandBlockTime: Equatable, Sendable {
    /// The command may block without limit (block time 0, or a value the server will reject anyway).
    case forever
    /// The command blocks at most this long.
    case upTo(Duration)

    /// The block time of `arguments`, or nil when the command does not block.
    static func of(_ arguments: [RedisArgument]) -> CommandBlockTime? {
        // Every blocking command starts with B, X or W: skip decoding the name of all others (the hot path).
        guard let first = arguments.first?.bytes.first, Self.initials.contains(first | 0x20),
            let name = arguments.first?.text?.uppercased()
        else { return nil }
        switch name {
        case "BLPOP", "BRPOP", "BZPOPMIN", "BZPOPMAX", "BRPOPLPUSH", "BLMOVE":
            return seconds(arguments.count > 1 ? arguments.last : nil)
        case "BLMPOP", "BZMPOP":
            return seconds(arguments.count > 1 ? arguments[1] : nil)
        case "XREAD", "XREADGROUP":
            return streamBlock(arguments)
        case "WAIT":
            return milliseconds(arguments.count > 2 ? arguments[2] : nil)
        default:
            return nil
        }
    }

    /// Lowercase `b`, `x`, `w`.
    private static let initials: Set<UInt8> = [0x62, 0x78, 0x77]

    /// The socket read timeout for a round of `commands`: nil means "wait as long as it takes".
    ///
    /// - Parameter commandTimeout: the limit for a non-blocking command, nil for none.
    static func readTimeout(for commands: [[RedisArgument]], commandTimeout: Duration?) -> Duration? {
        guard let commandTimeout else { return nil }
        // The server runs a pipeline in order and replies as each command finishes, so the longest silence
        // between two reads is the longest single block, not their sum.
        var longest = Duration.zero
        for command in commands {
            switch of(command) {
            case .forever: return nil
            case .upTo(let block): longest = max(longest, block)
            case nil: continue
            }
        }
        return commandTimeout + longest
    }

    /// `XREAD`/`XREADGROUP`: the `BLOCK ms` option before `STREAMS`; no option means no blocking.
    private static func streamBlock(_ arguments: [RedisArgument]) -> CommandBlockTime? {
        var index = 1
        while index < arguments.count {
            switch arguments[index].text?.uppercased() {
            case "STREAMS": return nil
            case "BLOCK": return milliseconds(index + 1 < arguments.count ? arguments[index + 1] : nil)
            default: index += 1
            }
        }
        return nil
    }

    private static func seconds(_ argument: RedisArgument?) -> CommandBlockTime {
        // Beyond a billion seconds a block is forever in practice (and would overflow the conversion).
        guard let text = argument?.text, let value = Double(text), value > 0, value < 1e9 else { return .forever }
        return .upTo(.milliseconds(Int64((value * 1000).rounded(.up))))
    }

    private static func milliseconds(_ argument: RedisArgument?) -> CommandBlockTime {
        guard let text = argument?.text, let value = Int64(text), value > 0 else { return .forever }
        return .upTo(.milliseconds(value))
    }
}

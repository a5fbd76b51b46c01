extension RedisConnection {
    /// Runs `commands` between `MULTI` and `EXEC`, all in one round trip, and returns the `EXEC` replies.
    ///
    /// - Returns: one reply per command (a command that failed while running is an `.error` element, as Redis
    ///   does not roll back), or nil when a `WATCH`ed key changed and the server discarded the transaction.
    /// - Throws: `RedisError` with code `.transactionAborted` carrying the first rejection's text when the server
    ///   refused to queue a command (syntax, unknown command); nothing ran.
    public func transaction(_ commands: [[RedisArgument]]) async throws -> [RedisReply]? {
        try execResult(try await round([["MULTI"]] + commands + [["EXEC"]]))
    }

    /// `transaction(_:)` with commands given as strings (sent as UTF-8).
    public func transaction(_ commands: [[String]]) async throws -> [RedisReply]? {
        try await transaction(commands.map { $0.map { RedisArgument($0) } })
    }

    /// An optimistic transaction: `WATCH keys` and `reads` in one round trip, then `plan` turns the replies of the
    /// reads into the commands to run between `MULTI` and `EXEC` (none: nothing is written) and an outcome for the
    /// caller. The whole exchange runs on the connection's thread without suspending, so no other caller's command
    /// comes in between, and a lost connection fails it rather than silently dropping the `WATCH`.
    ///
    /// This does what a Lua script does for a read-check-write step, without a script's cost: a script copies
    /// every argument into Lua strings and back, which for wide writes (an `XADD` of many fields) costs several
    /// times the commands themselves.
    ///
    /// - Returns: the outcome, and the `EXEC` replies: nil when a watched key changed (nothing was written: read
    ///   and plan again), empty when `plan` wrote nothing.
    /// - Throws: what `plan` throws (after `UNWATCH`; nothing was written), `RedisError` as `transaction(_:)`.
    public func watching<Outcome: Sendable>(
        _ keys: [RedisArgument],
        reads: [[RedisArgument]],
        plan: @Sendable ([RedisReply]) throws -> (commands: [[RedisArgument]], outcome: Outcome)
    ) async throws -> (outcome: Outcome, replies: [RedisReply]?) {
        precondition(!keys.isEmpty, "WATCH needs a key")
        let context = try await connectedContext()
        let watched = try exchange([["WATCH"] + keys] + reads, on: context)
        if case .error(let message) = watched[0] {
            throw RedisError(code: .server, message: message, command: "WATCH", server: url.endpoint)
        }
        let decided: (commands: [[RedisArgument]], outcome: Outcome)
        do {
            decided = try plan(Array(watched.dropFirst()))
        } catch {
            _ = try exchange([["UNWATCH"]], on: context)
            throw error
        }
        guard !decided.commands.isEmpty else {
            _ = try exchange([["UNWATCH"]], on: context)
            return (decided.outcome, [])
        }
        let replies = try exchange([["MULTI"]] + decided.commands + [["EXEC"]], on: context)
        return (decided.outcome, try execResult(replies))
    }

    /// Runs `script` with `EVALSHA`; if the server answers `NOSCRIPT`, runs it with `EVAL` (which caches it).
    ///
    /// - Throws: `RedisError` with code `.server` when the script raises an error.
    public func evaluate(
        _ script: RedisScript,
        keys: [RedisArgument] = [],
        arguments: [RedisArgument] = []
    ) async throws -> RedisReply {
        let tail = [RedisArgument(keys.count)] + keys + arguments
        do {
            return try await send(["EVALSHA", RedisArgument(script.sha1)] + tail)
        } catch let error as RedisError where error.serverErrorPrefix == "NOSCRIPT" {
            return try await send(["EVAL", RedisArgument(script.source)] + tail)
        }
    }

    /// The `EXEC` replies of a `MULTI` … `EXEC` round (its last reply): nil when a watched key changed.
    private func execResult(_ replies: [RedisReply]) throws -> [RedisReply]? {
        guard let exec = replies.last else {
            throw RedisError(code: .unexpectedReply, message: "no reply to EXEC", command: "EXEC", server: url.endpoint)
        }
        switch exec {
        case .array(let results):
            return results
        case .null:
            return nil
        case .error(let message):
            let rejection = replies.dropLast().compactMap(\.errorMessage).first
            throw RedisError(
                code: .transactionAborted, message: rejection.map { "\(message) First rejection: \($0)" } ?? message,
                command: "EXEC", server: url.endpoint)
        default:
            throw RedisError(
                code: .unexpectedReply, message: "EXEC answered \(exec)", command: "EXEC", server: url.endpoint)
        }
    }
}

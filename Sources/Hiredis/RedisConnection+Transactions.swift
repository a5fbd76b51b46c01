extension RedisConnection {
    /// Runs `commands` between `MULTI` and `EXEC`, all in one round trip, and returns the `EXEC` replies.
    ///
    /// - Returns: one reply per command (a command that failed while running is an `.error` element, as Redis
    ///   does not roll back), or nil when a `WATCH`ed key changed and the server discarded the transaction.
    /// - Throws: `RedisError` with code `.transactionAborted` carrying the first rejection's text when the server
    ///   refused to queue a command (syntax, unknown command); nothing ran.
    public func transaction(_ commands: [[RedisArgument]]) async throws -> [RedisReply]? {
        let replies = try await round([["MULTI"]] + commands + [["EXEC"]])
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

    /// `transaction(_:)` with commands given as strings (sent as UTF-8).
    public func transaction(_ commands: [[String]]) async throws -> [RedisReply]? {
        try await transaction(commands.map { $0.map { RedisArgument($0) } })
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
}

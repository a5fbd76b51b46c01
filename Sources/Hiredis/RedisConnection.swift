public import Logging
import Threading

/// One Redis connection on a thread of its own: commands, pipelines, transactions and scripts, with reconnect.
///
/// Every hiredis call runs on the connection's dedicated thread (its `ThreadExecutor`), so a blocking command
/// (`BRPOP`, `BLMOVE`, `XREADGROUP … BLOCK`) blocks only that thread and never the cooperative pool. Calls from
/// several tasks run one after another; give blocking commands a connection of their own. Cancelling a task
/// blocked in such a command wakes it: the call throws `CancellationError` and the connection reconnects on its
/// next command (an element the server popped for the cancelled command is lost, as with any lost reply).
///
/// When the connection dies the failing command throws `RedisError` with code `.connectionLost` (it may or may
/// not have run); the next command reconnects first, with backoff, and repeats `AUTH`, `SELECT` and
/// `CLIENT SETNAME`. Connection state such as `WATCH` does not survive that.
public actor RedisConnection {
    /// The server and credentials; printing it never shows the password.
    public nonisolated let url: RedisURL
    private let configuration: Configuration
    private let logger: Logger
    private let executor: ThreadExecutor
    private let interrupter = BlockedReadInterrupter()
    private var context: RedisContext?
    private var closed = false

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    private init(url: RedisURL, configuration: Configuration, logger: Logger) {
        self.url = url
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "redis.server"] = "\(url.endpoint)"
        if let name = configuration.clientName { logger[metadataKey: "redis.client"] = "\(name)" }
        self.logger = logger
        executor = ThreadExecutor(name: "redis \(configuration.clientName ?? url.endpoint)")
    }

    deinit {
        // Nothing can enqueue on the executor any more (every job retains the actor); the context, if still
        // open, is freed with this actor's storage.
        executor.shutdown()
    }

    /// Connects (one attempt, no retries), authenticates and selects the URL's database.
    ///
    /// - Throws: `RedisError` with code `.connectionFailed` or `.authenticationFailed`.
    public static func connect(
        to url: RedisURL,
        configuration: Configuration = Configuration(),
        logger: Logger
    ) async throws -> RedisConnection {
        let connection = RedisConnection(url: url, configuration: configuration, logger: logger)
        try await connection.openFirstContext()
        return connection
    }

    /// Parses `url` (`redis://[[user]:password@]host[:port][/db]`) and connects.
    public static func connect(
        to url: String,
        configuration: Configuration = Configuration(),
        logger: Logger
    ) async throws -> RedisConnection {
        try await connect(to: RedisURL(url), configuration: configuration, logger: logger)
    }

    /// Runs one command and returns its reply; an error reply throws `RedisError` (code `.server`).
    public func send(_ arguments: [RedisArgument]) async throws -> RedisReply {
        let reply = try await round([arguments])[0]
        if case .error(let message) = reply {
            throw RedisError(code: .server, message: message, command: arguments.first?.text, server: url.endpoint)
        }
        return reply
    }

    /// Runs one command given as strings (sent as UTF-8).
    public func send(_ arguments: [String]) async throws -> RedisReply {
        try await send(arguments.map { RedisArgument($0) })
    }

    /// Runs one command and returns what `decode` makes of its reply, read in place on the connection's thread
    /// before hiredis frees it: for large replies read on hot paths, where copying each element into a
    /// `RedisReply` first costs more than the decoding. An error reply throws `RedisError` (code `.server`)
    /// without calling `decode`; what `decode` throws is rethrown (the connection stays usable).
    public func send<T: Sendable>(
        _ arguments: [RedisArgument],
        decode: @Sendable (RedisRawReply) throws -> T
    ) async throws -> T {
        let decoded = try await round([arguments]) { raw -> Result<T, any Error> in
            if let message = raw.errorMessage {
                return .failure(
                    RedisError(code: .server, message: message, command: arguments.first?.text, server: url.endpoint))
            }
            return Result { try decode(raw) }
        }
        return try decoded[0].get()
    }

    /// Sends all `commands` in one write and reads their replies, in order.
    ///
    /// A command the server rejects does not stop the others: its reply is `.error` in the result, so check the
    /// elements. Losing the connection throws `.connectionLost`; any prefix of the commands may have run.
    public func pipeline(_ commands: [[RedisArgument]]) async throws -> [RedisReply] {
        try await round(commands)
    }

    /// `pipeline(_:)` with commands given as strings (sent as UTF-8).
    public func pipeline(_ commands: [[String]]) async throws -> [RedisReply] {
        try await round(commands.map { $0.map { RedisArgument($0) } })
    }

    /// Closes the connection; later commands throw `.closed`. Idempotent.
    public func close() {
        guard !closed else { return }
        closed = true
        context?.close()
        context = nil
        logger.debug("Redis connection closed")
    }

    /// Writes `commands`, reads one reply each.
    func round(_ commands: [[RedisArgument]]) async throws -> [RedisReply] {
        try await round(commands) { $0.reply }
    }

    /// Writes `commands`, reads one reply each, decoded in place by `decode`; the single path every command takes.
    func round<T>(_ commands: [[RedisArgument]], _ decode: (RedisRawReply) -> T) async throws -> [T] {
        guard !commands.isEmpty else { return [] }
        // An empty argv would be sent as `*0`, which Redis never answers: the read would wait forever.
        precondition(!commands.contains { $0.isEmpty }, "a Redis command needs at least its name")
        let context = try await connectedContext()
        guard commands.contains(where: { CommandBlockTime.of($0) != nil }) else {
            return try exchange(commands, on: context, decode)
        }
        // Checked before anything is buffered: commands appended but never read would desynchronise the replies.
        try Task.checkCancellation()
        do {
            try context.setSocketTimeout(
                CommandBlockTime.readTimeout(for: commands, commandTimeout: configuration.commandTimeout))
            for command in commands { try context.append(command) }
            return try await readInterruptibly(commands, from: context, decode)
        } catch {
            lost(context, error)
            throw error
        }
    }

    /// Writes non-blocking `commands` on `context` and reads their replies, without suspending: a caller can run
    /// several exchanges on one context (a `WATCH` … `EXEC`) knowing that nothing else ran on it in between.
    func exchange(_ commands: [[RedisArgument]], on context: RedisContext) throws -> [RedisReply] {
        try exchange(commands, on: context) { $0.reply }
    }

    /// `exchange(_:on:)` with each reply decoded in place by `decode`.
    private func exchange<T>(
        _ commands: [[RedisArgument]], on context: RedisContext, _ decode: (RedisRawReply) -> T
    ) throws -> [T] {
        do {
            try context.setSocketTimeout(configuration.commandTimeout)
            for command in commands { try context.append(command) }
            return try read(commands, from: context, decode)
        } catch {
            lost(context, error)
            throw error
        }
    }

    /// A round cut short leaves requests or replies in flight: the context cannot be trusted any more.
    private func lost(_ context: RedisContext, _ error: any Error) {
        drop(context)
        if (error as? RedisError)?.code == .connectionLost {
            logger.warning("Redis connection lost", metadata: ["error": "\(error)"])
        }
    }

    private func read<T>(
        _ commands: [[RedisArgument]], from context: RedisContext, _ decode: (RedisRawReply) -> T
    ) throws -> [T] {
        var replies: [T] = []
        replies.reserveCapacity(commands.count)
        for command in commands {
            do {
                replies.append(try context.readReply(decode))
            } catch let error as RedisError {
                // Named only on failure: decoding every command's name would cost the hot path.
                throw error.about(command)
            }
        }
        return replies
    }

    /// `read` for rounds with a blocking command: task cancellation shuts the socket down to end the wait.
    private func readInterruptibly<T>(
        _ commands: [[RedisArgument]],
        from context: RedisContext,
        _ decode: (RedisRawReply) -> T
    ) async throws -> [T] {
        interrupter.arm(descriptor: context.fileDescriptor)
        let result = await withTaskCancellationHandler {
            Result { try read(commands, from: context, decode) }
        } onCancel: { [interrupter] in
            interrupter.interrupt()
        }
        guard interrupter.disarm() else { return try result.get() }
        // The socket was shut down: whatever was read is still valid, but the context is not.
        drop(context)
        if case .success(let replies) = result { return replies }
        throw CancellationError()
    }

    private func drop(_ dead: RedisContext) {
        dead.close()
        if context === dead { context = nil }
    }

    private func openFirstContext() throws {
        context = try openContext()
        logger.debug("Redis connected")
    }

    /// The live context, or a new one after a loss: attempts with doubling pauses until `reconnectTimeout`.
    func connectedContext() async throws -> RedisContext {
        let clock = ContinuousClock()
        let deadline = clock.now + configuration.reconnectTimeout
        var pause = configuration.initialBackoff
        while true {
            guard !closed else { throw RedisError(code: .closed, message: "close() was called", server: url.endpoint) }
            if let context { return context }
            do {
                let fresh = try openContext()
                context = fresh
                logger.info("Redis reconnected")
                return fresh
            } catch let error as RedisError where error.code == .connectionFailed {
                guard clock.now + pause < deadline else { throw error }
                logger.debug("Redis reconnect failed; retrying", metadata: ["error": "\(error)"])
                // The actor is free while it waits; another call may reconnect first (checked at the loop top).
                try await Task.sleep(for: pause)
                pause = min(pause * 2, configuration.maximumBackoff)
            }
        }
    }

    /// Connects and runs the handshake (`AUTH`, `SELECT`, `CLIENT SETNAME`) in one round.
    private func openContext() throws -> RedisContext {
        let context = try RedisContext(
            host: url.host, port: url.port, server: url.endpoint, timeout: configuration.connectTimeout,
            commandTimeout: configuration.commandTimeout)
        var handshake: [[RedisArgument]] = []
        if let password = url.password {
            handshake.append(["AUTH"] + (url.username.map { [RedisArgument($0)] } ?? []) + [RedisArgument(password)])
        }
        if url.database != 0 { handshake.append(["SELECT", RedisArgument(url.database)]) }
        if let name = configuration.clientName { handshake.append(["CLIENT", "SETNAME", RedisArgument(name)]) }
        do {
            for command in handshake { try context.append(command) }
            for command in handshake {
                if case .error(let message) = try context.readReply() {
                    throw RedisError(
                        code: .authenticationFailed, message: message, command: command.first?.text,
                        server: url.endpoint)
                }
            }
        } catch let error as RedisError where error.code == .connectionLost {
            // Dying during the handshake is a failed connect: the reconnect loop may try again.
            throw RedisError(
                code: .connectionFailed, message: error.message, command: error.command, server: error.server)
        }
        return context
    }
}

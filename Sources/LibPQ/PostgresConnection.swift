public import Logging
import Threading

/// One PostgreSQL session, used by one task at a time, on a thread of its own.
///
/// libpq calls block for a round trip; the actor runs them on its own `ThreadExecutor`, never on the cooperative
/// pool. Queries are parameterised only. A session that libpq reports broken is reopened before the next
/// command; a command that was in flight when the connection dropped throws `.connectionLost`, because it may or
/// may not have run and only the caller knows whether repeating it is safe.
public actor PostgresConnection {
    private let executor: ThreadExecutor
    private let url: PostgresURL
    private let logger: Logger
    private var handle: PostgresHandle?
    private var closed = false
    /// Set while `transaction` runs its body: a session that breaks then must not be silently reopened, or the
    /// body's remaining statements would run outside the transaction.
    var inTransaction = false

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    private init(url: PostgresURL, logger: Logger) {
        executor = ThreadExecutor(name: "postgres")
        self.url = url
        var logger = logger
        logger[metadataKey: "postgres.target"] = "\(url)"
        self.logger = logger
    }

    deinit {
        // A forgotten `close()` is not worth a crash: releasing `handle` right after this runs `PQfinish`, which
        // only writes a Terminate message.
        executor.shutdown()
    }

    /// Connects to `url` (`postgres://user:pass@host:port/db`, `?host=/socket/dir` for a Unix socket).
    ///
    /// - Throws: `PostgresError` coded `.invalidURL` (bad input) or `.connectionFailed` (unreachable, refused).
    public static func connect(url: String, logger: Logger) async throws -> PostgresConnection {
        let connection = PostgresConnection(url: try PostgresURL(url), logger: logger)
        try await connection.open()
        return connection
    }

    /// Runs one statement with `$1`, `$2`… bound to `parameters`, and returns its rows (empty for commands).
    ///
    /// - Throws: `PostgresError`: `.server` with the SQLSTATE, `.connectionLost` if the session dropped meanwhile,
    ///   `.connectionFailed` if a broken session could not be reopened, `.connectionClosed` after `close()`.
    @discardableResult
    public func query(_ sql: String, _ parameters: [PostgresValue] = []) throws -> PostgresRows {
        try reopenIfBroken().execute(sql, parameters)
    }

    /// Runs trusted SQL text holding any number of statements and no parameters (a migration file).
    public func executeScript(_ sql: String) throws {
        try reopenIfBroken().executeScript(sql)
    }

    private func open() throws {
        _ = try reopenIfBroken()
    }

    /// Closes the session; later calls throw `.connectionClosed`. Idempotent.
    public func close() {
        closed = true
        handle?.finish()
        handle = nil
    }

    /// The open session, reopened first when libpq knows it broke.
    func reopenIfBroken() throws -> PostgresHandle {
        if closed { throw PostgresError(.connectionClosed, "the connection was closed", context: "\(url)") }
        if let handle, !handle.isBroken { return handle }
        if inTransaction {
            throw PostgresError(.connectionLost, "the connection dropped during a transaction", context: "\(url)")
        }
        let hadSession = handle != nil
        handle?.finish()
        handle = nil
        let fresh = try PostgresHandle.connect(url: url, logger: logger)
        if hadSession { logger.info("reconnected to PostgreSQL") }
        handle = fresh
        return fresh
    }
}

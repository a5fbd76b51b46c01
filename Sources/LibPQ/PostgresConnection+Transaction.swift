extension PostgresConnection {
    /// Runs `body` between `BEGIN` and `COMMIT`, or `ROLLBACK` if it throws, and returns what it returns.
    ///
    /// `body` is synchronous and isolated to the connection: nothing else can run on the session while the
    /// transaction is open (an `await` inside would let other callers' statements into it).
    ///
    /// - Throws: what `body` throws (after the rollback); the `PostgresError` of BEGIN or COMMIT; `.server` with
    ///   SQLSTATE 25P02 if `body` swallowed a statement's error, since the server then rolls back on COMMIT.
    public func transaction<Result: Sendable>(
        _ body: @Sendable (isolated PostgresConnection) throws -> Result
    ) throws -> Result {
        let handle = try reopenIfBroken()
        precondition(!inTransaction && !handle.isInTransaction, "transaction() cannot nest")
        try handle.executeScript("BEGIN")
        inTransaction = true
        defer { inTransaction = false }
        let result: Result
        do {
            result = try body(self)
        } catch {
            // A failed rollback (the session dropped) changes nothing: the server discards the transaction with
            // the session, and the caller needs `body`'s error rather than the rollback's.
            try? handle.executeScript("ROLLBACK")
            throw error
        }
        if handle.isFailedTransaction {
            try handle.executeScript("ROLLBACK")
            throw PostgresError(
                .server,
                "a statement in the transaction failed, so it was rolled back",
                sqlState: "25P02"
            )
        }
        try handle.executeScript("COMMIT")
        return result
    }
}

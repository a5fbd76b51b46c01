public import ChainKit
public import LibPQ
public import Store

/// Writes the audit entry of a change, as the current `AuditActor`: in the change's own transaction when the change
/// is in PostgreSQL (`transaction`), so a change is never committed without its entry.
public struct AuditTrail: Sendable {
    /// What an entry says: the action on a target, with the target before and after (never a secret).
    public struct Record: Sendable {
        var action: String
        var targetType: String
        var targetID: String
        var before: JSONValue?
        var after: JSONValue?

        public init(_ action: String, _ targetType: String, _ targetID: String, before: JSONValue?, after: JSONValue?) {
            self.action = action
            self.targetType = targetType
            self.targetID = targetID
            self.before = before
            self.after = after
        }

        func entry(actor: String) -> AuditEntry {
            AuditEntry(
                actor: actor, action: action, targetType: targetType, targetID: targetID, before: before, after: after)
        }
    }

    let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Runs `change` and appends the entry it returns in one transaction: both commit or neither does (a failed audit
    /// write rolls the change back). `change` returns its result and its record, nil when it changed nothing.
    public func transaction<Result: Sendable>(
        _ change: @Sendable (isolated PostgresConnection) throws -> (Result, Record?)
    ) async throws -> Result {
        // The task-local of the caller, read once before the synchronous body runs on the connection.
        let actor = AuditActor.name
        return try await connection.transaction { connection in
            let (result, record) = try change(connection)
            if let record { try AuditLogStore.append(record.entry(actor: actor), on: connection) }
            return result
        }
    }

    /// Appends an entry on its own, for a change outside PostgreSQL (a replay, a job re-queued in Redis).
    public func record(
        _ action: String, _ targetType: String, _ targetID: String, before: JSONValue?, after: JSONValue?
    )
        async throws
    {
        try await AuditLogStore(connection: connection).append(
            Record(action, targetType, targetID, before: before, after: after).entry(actor: AuditActor.name))
    }
}

public import ChainKit
public import LibPQ
public import Store

/// Writes the audit entry of a change, as the current `AuditActor`.
public struct AuditTrail: Sendable {
    let store: AuditLogStore

    public init(connection: PostgresConnection) {
        store = AuditLogStore(connection: connection)
    }

    public func record(
        _ action: String, _ targetType: String, _ targetID: String, before: JSONValue?, after: JSONValue?
    )
        async throws
    {
        try await store.append(
            AuditEntry(
                actor: AuditActor.name, action: action, targetType: targetType, targetID: targetID, before: before,
                after: after))
    }
}

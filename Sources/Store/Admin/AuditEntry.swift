public import ChainKit
public import Foundation
import LibPQ

/// A row of `audit_log`: who (`actor`: an API key's name or `cli`) did what to which target, with the target's
/// state before and after (never a secret).
public struct AuditEntry: Sendable, Hashable {
    public var id: Int64
    public var at: Date
    public var actor: String
    public var action: String
    public var targetType: String
    public var targetID: String
    public var before: JSONValue?
    public var after: JSONValue?

    public init(
        actor: String, action: String, targetType: String, targetID: String, before: JSONValue?, after: JSONValue?
    ) {
        self.id = 0
        self.at = Date()
        self.actor = actor
        self.action = action
        self.targetType = targetType
        self.targetID = targetID
        self.before = before
        self.after = after
    }

    static let columns = "id, at, actor, action, target_type, target_id, before, after"

    init(row: PostgresRow) throws {
        id = try row.decode(Int64.self, "id")
        at = try row.decode(Date.self, "at")
        actor = try row.decode(String.self, "actor")
        action = try row.decode(String.self, "action")
        targetType = try row.decode(String.self, "target_type")
        targetID = try row.decode(String.self, "target_id")
        before = try row.decode(String?.self, "before").map { try JSONValue.parse($0) }
        after = try row.decode(String?.self, "after").map { try JSONValue.parse($0) }
    }

    /// The entry as `GET /v1/audit` shows it.
    public var json: JSONValue {
        .object([
            JSONMember("id", .number(String(id))),
            JSONMember("at", .string(Endpoint.timestamp(at))),
            JSONMember("actor", .string(actor)),
            JSONMember("action", .string(action)),
            JSONMember("target_type", .string(targetType)),
            JSONMember("target_id", .string(targetID)),
            JSONMember("before", before ?? .null),
            JSONMember("after", after ?? .null),
        ])
    }
}

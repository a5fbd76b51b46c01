import Admin
import Foundation
import Store

/// `/v1/endpoints/{id}/deliveries`, `/v1/endpoints/{id}/stats` and `/v1/audit`.
extension AdminHandler {
    func listDeliveryAttempts(_ input: Operations.ListDeliveryAttempts.Input) async throws
        -> Operations.ListDeliveryAttempts.Output
    {
        let limit = try Self.limit(input.query.limit)
        let id = try Self.uuid(input.path.id)
        // An unknown endpoint is a 404, not an empty history (a deleted endpoint's attempts are kept but not listed).
        _ = try await endpoint(id)
        let statusClass = input.query.statusClass.flatMap { DeliveryHistory.StatusClass(rawValue: $0.rawValue) }
        let attempts = try await DeliveryHistory(connection: pool.connection()).attempts(
            endpoint: id, statusClass: statusClass, before: try PageCursor.decodeID(input.query.cursor),
            limit: limit + 1)
        let page = attempts.prefix(limit)
        let next = attempts.count > limit ? page.last.map { PageCursor.encode(String($0.id)) } : nil
        let data = page.map { attempt in
            Components.Schemas.Attempt(
                id: attempt.id, webhookId: attempt.webhookID, attempt: attempt.attempt, status: attempt.status,
                error: attempt.error, durationMs: Double(attempt.durationMicroseconds) / 1_000,
                createdAt: attempt.createdAt)
        }
        return .ok(.init(body: .json(.init(data: data, nextCursor: next))))
    }

    func getEndpointStats(_ input: Operations.GetEndpointStats.Input) async throws -> Operations.GetEndpointStats.Output
    {
        let id = try Self.uuid(input.path.id)
        _ = try await endpoint(id)
        let stats = try await DeliveryHistory(connection: pool.connection()).statistics(endpoint: id)
        return .ok(
            .init(
                body: .json(
                    .init(
                        endpointId: id.uuidString.lowercased(),
                        windowSeconds: Int(DeliveryHistory.Statistics.window.components.seconds),
                        delivered: stats.delivered, failed: stats.failed, pending: stats.pending, dead: stats.dead,
                        latencyP50Ms: stats.latencyP50Milliseconds, latencyP99Ms: stats.latencyP99Milliseconds))))
    }

    func listAuditEntries(_ input: Operations.ListAuditEntries.Input) async throws
        -> Operations.ListAuditEntries.Output
    {
        let limit = try Self.limit(input.query.limit)
        let entries = try await AuditLogStore(connection: pool.connection()).list(
            before: try PageCursor.decodeID(input.query.cursor), limit: limit + 1)
        let page = entries.prefix(limit)
        let next = entries.count > limit ? page.last.map { PageCursor.encode(String($0.id)) } : nil
        let data = try page.map { entry in
            Components.Schemas.AuditEntry(
                id: entry.id, at: entry.at, actor: entry.actor, action: entry.action, targetType: entry.targetType,
                targetId: entry.targetID, before: try entry.before?.objectContainer(),
                after: try entry.after?.objectContainer())
        }
        return .ok(.init(body: .json(.init(data: data, nextCursor: next))))
    }
}

import Admin
import Delivery
import Foundation
import Pipeline

/// `/v1/dead-letters`.
extension AdminHandler {
    var deadLetters: DeadLetterOperations { DeadLetterOperations(connection: pool.connection()) }

    func listDeadLetters(_ input: Operations.ListDeadLetters.Input) async throws -> Operations.ListDeadLetters.Output {
        let limit = try Self.limit(input.query.limit)
        let endpoint = try input.query.endpointId.map { try Self.uuid($0, field: "endpoint_id") }
        let letters = try await deadLetters.page(
            endpoint: endpoint, after: try PageCursor.decodeID(input.query.cursor), limit: limit + 1)
        let page = letters.prefix(limit)
        let next = letters.count > limit ? page.last.map { PageCursor.encode(String($0.id)) } : nil
        return .ok(.init(body: .json(.init(data: page.map(Self.api), nextCursor: next))))
    }

    func retryDeadLetters(_ input: Operations.RetryDeadLetters.Input) async throws -> Operations.RetryDeadLetters.Output
    {
        guard case .json(let body) = input.body else { throw FieldError("body", "expected JSON") }
        let selection: DeadLetterStore.Selection
        switch (body.endpointId, body.all ?? false) {
        case (let endpoint?, false): selection = .endpoint(try Self.uuid(endpoint, field: "endpoint_id"))
        case (nil, true): selection = .all
        default: throw FieldError("endpoint_id", "give endpoint_id or all: true (one of them)")
        }
        return .ok(.init(body: .json(try await retry(selection))))
    }

    func retryDeadLetter(_ input: Operations.RetryDeadLetter.Input) async throws -> Operations.RetryDeadLetter.Output {
        .ok(.init(body: .json(try await retry(.ids([input.path.id])))))
    }

    func deleteDeadLetter(_ input: Operations.DeleteDeadLetter.Input) async throws -> Operations.DeleteDeadLetter.Output
    {
        try await deadLetters.delete(input.path.id)
        return .noContent(.init())
    }

    func retry(_ selection: DeadLetterStore.Selection) async throws -> Components.Schemas.RetryResult {
        let operations = deadLetters
        let report = try await operations.retry(
            selection, keys: RedisKeys(prefix: redisPrefix), redis: try await redis.connection())
        return .init(requeued: report.requeued, skipped: report.skipped.map { .init(id: $0.id, reason: $0.reason) })
    }

    static func api(_ letter: DeadLetter) -> Components.Schemas.DeadLetter {
        .init(
            id: letter.id, endpointId: letter.endpointID?.uuidString.lowercased(), webhookId: letter.webhookID,
            reason: letter.reason.rawValue, attempts: letter.attempts, lastStatus: letter.lastStatus,
            lastError: letter.lastError, createdAt: letter.createdAt, job: letter.job)
    }
}

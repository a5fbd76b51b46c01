import ChainKit
public import Foundation
import LibPQ

/// The mapping between `Endpoint` and a row of `endpoints` (column order: `EndpointStore.columns`).
extension Endpoint {
    /// Parameters $1…$17 in column order.
    var parameters: [PostgresValue] {
        let topics = JSONValue.array(
            filter.topics.map { position in
                position.isEmpty ? .null : .array(position.map { .string($0.description) })
            }
        )
        return [
            .uuid(id), .text(url), .bigint(Int64(chainID)),
            .jsonb(JSONValue.array(filter.addresses.map { .string($0.description) }).serialized()),
            .jsonb(topics.serialized()),
            .jsonb(JSONValue.array(events.map(\.json)).serialized()),
            .text(secret),
            previousSecret.map { .text($0) } ?? .null,
            previousSecretExpiresAt.map { .timestamptz($0) } ?? .null,
            .bool(enabled),
            disabledReason.map { .text($0) } ?? .null,
            rateLimitPerSecond.map { .int(Int32($0)) } ?? .null,
            maxAttempts.map { .int(Int32($0)) } ?? .null,
            .int(Int32(timeoutMilliseconds)),
            .text(description),
            .timestamptz(createdAt), .timestamptz(updatedAt),
        ]
    }

    /// Reads a row; a stored value that no longer parses (edited by hand) throws naming the endpoint and column.
    init(row: PostgresRow) throws {
        let id = try row.decode(UUID.self, "id")
        func json(_ column: String) throws -> [JSONValue] {
            do {
                guard let array = try JSONValue.parse(row.decode(String.self, column)).arrayValue else {
                    throw EndpointStoreError(endpoint: id, column: column, problem: "not a JSON array")
                }
                return array
            } catch let error as EndpointStoreError {
                throw error
            } catch {
                throw EndpointStoreError(endpoint: id, column: column, problem: "\(error)")
            }
        }
        func parsed<T>(_ column: String, _ body: () throws -> T) throws -> T {
            do { return try body() } catch {
                throw EndpointStoreError(endpoint: id, column: column, problem: "\(error)")
            }
        }
        let addressValues = try json("addresses")
        let addresses = try parsed("addresses") {
            try addressValues.map { value in try Address(hex: value.stringValue ?? "") }
        }
        let topicValues = try json("topics")
        let topics = try parsed("topics") {
            try topicValues.map { position in
                try (position.arrayValue ?? []).map { value in try Hash32(hex: value.stringValue ?? "") }
            }
        }
        let eventValues = try json("events")
        let events = try parsed("events") { try eventValues.map { try EndpointEvent(json: $0) } }
        self.init(
            id: id,
            url: try row.decode(String.self, "url"),
            chainID: UInt64(try row.decode(Int64.self, "chain_id")),
            filter: LogFilter(addresses: addresses, topics: topics),
            events: events,
            secret: try row.decode(String.self, "secret"),
            previousSecret: try row.decode(String?.self, "previous_secret"),
            previousSecretExpiresAt: try row.decode(Date?.self, "previous_secret_expires_at"),
            enabled: try row.decode(Bool.self, "enabled"),
            disabledReason: try row.decode(String?.self, "disabled_reason"),
            rateLimitPerSecond: try row.decode(Int?.self, "rate_limit_per_second"),
            maxAttempts: try row.decode(Int?.self, "max_attempts"),
            timeoutMilliseconds: try row.decode(Int.self, "timeout_ms"),
            description: try row.decode(String.self, "description"),
            createdAt: try row.decode(Date.self, "created_at"),
            updatedAt: try row.decode(Date.self, "updated_at")
        )
    }
}

/// A stored endpoint whose column does not parse.
public struct EndpointStoreError: Error, Sendable, CustomStringConvertible {
    public let endpoint: UUID
    public let column: String
    public let problem: String

    public var description: String { "endpoint \(endpoint.uuidString.lowercased()) column \(column): \(problem)" }
}

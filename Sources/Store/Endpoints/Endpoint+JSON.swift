public import ChainKit
import CivilTime
public import Foundation

extension Endpoint {
    /// The endpoint as users see it (`endpoint show --json`, the admin API): CONTRACT.md's field names, snake case.
    /// The secret appears only when `includingSecret` (on creation and rotation, printed once); the previous
    /// secret never does.
    public func json(includingSecret: Bool = false) -> JSONValue {
        func number(_ value: Int?) -> JSONValue { value.map { .number(String($0)) } ?? .null }
        func text(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
        var members = [
            JSONMember("id", .string(id.uuidString.lowercased())),
            JSONMember("url", .string(url)),
            JSONMember("chain_id", .number(String(chainID))),
            JSONMember("addresses", .array(filter.addresses.map { .string($0.description) })),
            JSONMember(
                "topics",
                .array(filter.topics.map { $0.isEmpty ? .null : .array($0.map { .string($0.description) }) })),
            JSONMember("events", .array(events.map(\.json))),
            JSONMember("enabled", .bool(enabled)),
            JSONMember("disabled_reason", text(disabledReason)),
            JSONMember("rate_limit_per_second", number(rateLimitPerSecond)),
            JSONMember("max_attempts", number(maxAttempts)),
            JSONMember("timeout_ms", number(timeoutMilliseconds)),
            JSONMember("description", .string(description)),
            JSONMember("previous_secret_expires_at", text(previousSecretExpiresAt.map(Self.timestamp))),
            JSONMember("created_at", .string(Self.timestamp(createdAt))),
            JSONMember("updated_at", .string(Self.timestamp(updatedAt))),
        ]
        if includingSecret { members.insert(JSONMember("secret", .string(secret)), at: 6) }
        return .object(members)
    }

    /// RFC 3339 in UTC with milliseconds, e.g. `2026-11-30T03:55:00.123Z`: what the CLI, the audit's snapshots and the
    /// API all show. `Date.ISO8601FormatStyle` truncates to the millisecond where the API's formatter rounds, so the
    /// same row read `.911Z` in `endpoint show` and `.912Z` in `GET /v1/endpoints/{id}`.
    public static func timestamp(_ date: Date) -> String {
        TimestampText.milliseconds(secondsSinceReferenceDate: date.timeIntervalSinceReferenceDate)
    }
}

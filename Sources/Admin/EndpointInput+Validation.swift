public import ChainKit
import Curl
import Delivery
import Foundation
public import Store

extension EndpointInput {
    /// Checks every given field and applies it to `endpoint`; the first refusal throws a `FieldError` and leaves
    /// the caller's copy to be discarded (nothing is written).
    public func apply(to endpoint: inout Endpoint, allowPrivateTargets: Bool) async throws {
        try Self.refuseNUL(in: url, field: "url")
        try Self.refuseNUL(in: description, field: "description")
        if let url { endpoint.url = try await Self.checkedURL(url, allowPrivateTargets: allowPrivateTargets) }
        if let chainID { endpoint.chainID = try Self.chainID(chainID) }
        if let addresses {
            // Each once, in the order given (the same contract twice is the same filter).
            var seen: Set<Address> = []
            endpoint.filter.addresses = try addresses.map(Self.address).filter { seen.insert($0).inserted }
        }
        if events?.isEmpty == true && abiEvents.isEmpty { Self.forgetEvents(of: &endpoint) }
        var explicitTopic0 = false
        if let topics {
            endpoint.filter.topics = try Self.topicPositions(topics)
            explicitTopic0 = topics.first.map { $0 != nil } ?? false
        }
        let newEvents = (events?.isEmpty == false) || !abiEvents.isEmpty
        if newEvents {
            endpoint.events = try (events ?? []).map(Self.event) + abiEvents
            if endpoint.events.contains(where: Self.containsNUL) {
                throw FieldError("events", Self.nulMessage)
            }
        }
        // Topics given without a topic 0 replace the other positions only: the events (new or stored) still set it.
        let topic0s = Self.topic0s(of: endpoint.events)
        if (newEvents || topics != nil) && !explicitTopic0 && !topic0s.isEmpty {
            if endpoint.filter.topics.isEmpty { endpoint.filter.topics = [[]] }
            endpoint.filter.topics[0] = topic0s
        }
        if let secret {
            do {
                endpoint.secret = try WebhookSecret(parsing: secret).encoded
            } catch {
                throw FieldError("secret", "\(error)")
            }
        }
        switch rateLimitPerSecond {
        case nil: break
        case .clear: endpoint.rateLimitPerSecond = nil
        case .value(let text):
            endpoint.rateLimitPerSecond = try Self.integer("rate_limit_per_second", text, in: 1...100_000)
        }
        switch maxAttempts {
        case nil: break
        case .clear: endpoint.maxAttempts = nil
        case .value(let text): endpoint.maxAttempts = try Self.integer("max_attempts", text, in: 1...100)
        }
        if let timeoutMilliseconds {
            endpoint.timeoutMilliseconds = try Self.integer("timeout_ms", timeoutMilliseconds, in: 100...300_000)
        }
        if let description { endpoint.description = description }
    }

    static let nulMessage = "must not contain a NUL character"

    /// PostgreSQL text cannot hold a NUL character (nor jsonb a `\u0000`): refused here, naming the field, where the
    /// write would fail with a database error.
    static func refuseNUL(in text: String?, field: String) throws {
        if let text, text.utf8.contains(0) { throw FieldError(field, nulMessage) }
    }

    static func containsNUL(_ event: EndpointEvent) -> Bool {
        switch event.source {
        case .signature(let text): text.utf8.contains(0)
        case .fragment(let fragment): containsNUL(fragment)
        }
    }

    static func containsNUL(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let text): text.utf8.contains(0)
        case .array(let items): items.contains(where: containsNUL)
        case .object(let members): members.contains { $0.key.utf8.contains(0) || containsNUL($0.value) }
        case .null, .bool, .number: false
        }
    }

    /// Drops the events and the topic 0 they set (a topic 0 given otherwise stays).
    static func forgetEvents(of endpoint: inout Endpoint) {
        let derived = topic0s(of: endpoint.events)
        if !derived.isEmpty && endpoint.filter.topics.first == derived { endpoint.filter.topics[0] = [] }
        // Only wildcards left would still demand topics of a log: no positions at all is what "any" means.
        if endpoint.filter.topics.allSatisfy(\.isEmpty) { endpoint.filter.topics = [] }
        endpoint.events = []
    }

    /// The topic0 of every non-anonymous event, each once, in order.
    static func topic0s(of events: [EndpointEvent]) -> [Hash32] {
        var seen: Set<Hash32> = []
        return events.filter { !$0.event.anonymous }.map(\.event.topic0).filter { seen.insert($0).inserted }
    }

    /// `http(s)://host…`, whose host is not (and does not resolve to) an address the SSRF guard refuses.
    static func checkedURL(_ text: String, allowPrivateTargets: Bool) async throws -> String {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https"
        else {
            throw FieldError("url", "'\(text)' is not an http:// or https:// URL")
        }
        guard let host = components.host, !host.isEmpty else {
            throw FieldError("url", "'\(text)' has no host")
        }
        if let port = components.port, !(1...65_535).contains(port) {
            throw FieldError("url", "port \(port) is not from 1 to 65535")
        }
        let guardian: AddressGuard = allowPrivateTargets ? .allowingPrivateTargets : .publicOnly
        if let refusal = await guardian.refusal(forHost: host) {
            let fix =
                AddressGuard.allowingPrivateTargets.refusal(for: refusal.address) == nil
                ? "set EVMHOOK_ALLOW_PRIVATE_TARGETS=1 to allow private targets" : "never allowed"
            throw FieldError("url", "\(host) is \(refusal.address) (\(refusal.category)): \(fix)")
        }
        return text
    }

    public static func chainID(_ text: String) throws -> UInt64 {
        guard let value = UInt64(text), value > 0, value <= UInt64(Int64.max) else {
            throw FieldError("chain_id", "'\(text)' is not a chain id (a whole number from 1)")
        }
        return value
    }

    static func address(_ text: String) throws -> Address {
        do {
            return try Address(hex: text)
        } catch {
            throw FieldError("addresses", "'\(text)' is not an address (0x + 40 hex digits): \(error)")
        }
    }

    static func topicPositions(_ positions: [[String]?]) throws -> [[Hash32]] {
        guard positions.count <= LogFilter.maximumTopicPositions else {
            throw FieldError("topics", "\(positions.count) positions given, at most \(LogFilter.maximumTopicPositions)")
        }
        return try positions.map { hashes in
            try (hashes ?? []).map { hash in
                do {
                    return try Hash32(hex: hash)
                } catch {
                    throw FieldError("topics", "'\(hash)' is not a 32-byte hash (0x + 64 hex digits)")
                }
            }
        }
    }

    /// A human signature, or a JSON fragment when the text starts with `{`.
    static func event(_ text: String) throws -> EndpointEvent {
        do {
            if text.trimmingCharacters(in: .whitespaces).hasPrefix("{") {
                return try EndpointEvent(fragment: JSONValue.parse(text))
            }
            return try EndpointEvent(signature: text)
        } catch {
            throw FieldError("events", "'\(text.prefix(80))' is not an event: \(error)")
        }
    }

    static func integer(_ field: String, _ text: String, in range: ClosedRange<Int>) throws -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw FieldError(field, "'\(text)' is not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}

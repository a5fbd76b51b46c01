public import Foundation

/// An event for the operator's webhook (`EVMHOOK_OPERATOR_WEBHOOK_URL`; README, "Operator webhooks"): something
/// about an endpoint a person should hear of. Sent signed like a delivery, with its own `webhook-id`.
public struct OperatorEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// The endpoint answered 410 Gone and evmhook disabled it.
        case endpointDisabled = "evmhook.endpoint.disabled"
        /// Its circuit breaker opened: deliveries to it are deferred.
        case endpointFailing = "evmhook.endpoint.failing"
        /// Its circuit breaker closed again: a probe delivery succeeded.
        case endpointRecovered = "evmhook.endpoint.recovered"
        /// A job became a dead letter after its last attempt.
        case deliveryExhausted = "evmhook.delivery.exhausted"
    }

    public var kind: Kind
    /// `evt_` + 32 hex digits: one per event, the same on every retry of its sending.
    public var id: String
    public var time: Date
    public var endpointID: UUID
    /// Nil when the endpoint is no longer known (deleted meanwhile).
    public var url: String?
    public var reason: String
    /// `attempts`, `consecutiveFailures`, … depending on the kind.
    public var counts: [String: Int]
    /// The delivery concerned (disabled, exhausted).
    public var webhookID: String?
    public var lastStatus: Int?

    public init(
        kind: Kind, time: Date = Date(), endpointID: UUID, url: String?, reason: String, counts: [String: Int] = [:],
        webhookID: String? = nil, lastStatus: Int? = nil
    ) {
        self.kind = kind
        id = "evt_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        self.time = time
        self.endpointID = endpointID
        self.url = url
        self.reason = reason
        self.counts = counts
        self.webhookID = webhookID
        self.lastStatus = lastStatus
    }

    /// The POST body: `{"type", "timestamp", "data": {"endpointId", "url", "reason", "counts", …}}`.
    public var body: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let document = Document(
            type: kind.rawValue, timestamp: time.formatted(.iso8601),
            data: .init(
                endpointId: endpointID.uuidString.lowercased(), url: url, reason: reason, counts: counts,
                webhookId: webhookID, lastStatus: lastStatus))
        // Strings, integers and optionals only: encoding cannot fail.
        return Array((try? encoder.encode(document)) ?? Data())
    }

    private struct Document: Encodable {
        struct Payload: Encodable {
            var endpointId: String
            var url: String?
            var reason: String
            var counts: [String: Int]
            var webhookId: String?
            var lastStatus: Int?
        }

        var type: String
        var timestamp: String
        var data: Payload
    }
}

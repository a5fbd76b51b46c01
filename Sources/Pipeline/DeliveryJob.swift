public import Foundation

/// One webhook to send to one endpoint: what the Processor pushes on the jobs list and Delivery pops. The body is
/// rendered once, by the Processor, and signed byte for byte as it is here.
public struct DeliveryJob: Sendable, Hashable {
    public var endpointID: UUID
    /// The `webhook-id` header; the same for every attempt (see `WebhookID`).
    public var webhookID: String
    public var type: WebhookEventType
    /// The attempt this job will make next, from 1; deferrals (breaker, rate limit) do not advance it.
    public var attempt: Int
    /// When the Processor first enqueued it (unix milliseconds): the start of the delivery latency.
    public var enqueuedAt: UInt64
    /// The webhook body, JSON.
    public var body: String

    public init(
        endpointID: UUID, webhookID: String, type: WebhookEventType, attempt: Int = 1, enqueuedAt: UInt64, body: String
    ) {
        self.endpointID = endpointID
        self.webhookID = webhookID
        self.type = type
        self.attempt = attempt
        self.enqueuedAt = enqueuedAt
        self.body = body
    }
}

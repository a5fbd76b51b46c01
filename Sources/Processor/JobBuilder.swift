import ChainKit
import Foundation
public import Pipeline

/// Turns one stream entry into its delivery jobs: one per matching enabled endpoint, each with its body and a
/// `webhook-id` that depends only on the endpoint and the event, never on when or by whom it was processed.
public struct JobBuilder {
    let index: SubscriptionIndex
    /// Unix milliseconds stamped on every job built (the start of delivery latency).
    let enqueuedAt: UInt64

    public init(index: SubscriptionIndex, enqueuedAt: UInt64) {
        self.index = index
        self.enqueuedAt = enqueuedAt
    }

    public func jobs(for entry: StreamEntry) -> [DeliveryJob] {
        build(entry) { subscription, id, type, body in
            DeliveryJob(
                endpointID: subscription.id, webhookID: id, type: type, enqueuedAt: enqueuedAt,
                body: String(decoding: body, as: UTF8.self))
        }
    }

    /// The same jobs as `jobs(for:)`, already in their queue encoding (`DeliveryJob.encoded`), as the Processor
    /// pushes them: the bodies never become `String`s.
    func encodedJobs(for entry: StreamEntry) -> [[UInt8]] {
        build(entry) { subscription, id, type, body in
            DeliveryJob.encoded(
                endpointID: subscription.id, webhookID: id, type: type, enqueuedAt: enqueuedAt, body: body)
        }
    }

    /// One `job` per target of `entry`, given the endpoint, the webhook id, the type and the body's bytes.
    private func build<Job>(
        _ entry: StreamEntry, _ job: (Subscription, String, WebhookEventType, [UInt8]) -> Job
    ) -> [Job] {
        let targets: [Subscription]
        if let endpoint = entry.replay?.endpoint {
            targets = index.match(endpoint, entry.log, chainID: entry.chainID).map { [$0] } ?? []
        } else {
            targets = index.matches(entry.log, chainID: entry.chainID)
        }
        guard !targets.isEmpty else { return [] }
        let type: WebhookEventType = entry.kind == .removed ? .logRemoved : .log
        // Endpoints without events of their own (most of them) share one body.
        var sharedBody: [UInt8]?
        func builtinBody() -> [UInt8] {
            if let sharedBody { return sharedBody }
            let body = WebhookBody.render(
                entry, type: type, decoded: ABIRegistry.builtin.decode(topics: entry.log.topics, data: entry.log.data))
            sharedBody = body
            return body
        }
        return targets.map { subscription in
            let body: [UInt8]
            if let decoded = subscription.registry?.decode(topics: entry.log.topics, data: entry.log.data) {
                body = WebhookBody.render(entry, type: type, decoded: decoded)
            } else {
                body = builtinBody()
            }
            let id = WebhookID.make(
                endpoint: subscription.id, chainID: entry.chainID, blockHash: entry.log.blockHash,
                logIndex: entry.log.logIndex, type: type, replayID: entry.replay?.id)
            return job(subscription, id, type, body)
        }
    }
}

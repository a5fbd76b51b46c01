import CoreMetrics
import Curl
import Foundation
import Logging
import Pipeline

/// Sends operator events off the delivery path: `notify` only enqueues (a bounded buffer, never waiting), and one
/// task posts them in order with their own HTTP client, retrying a few times before logging and dropping one.
final class OperatorNotifier: Sendable {
    let webhook: OperatorWebhook
    private let userAgent: String
    private let logger: Logger
    private let events: AsyncStream<OperatorEvent>
    private let input: AsyncStream<OperatorEvent>.Continuation

    init(webhook: OperatorWebhook, userAgent: String, logger: Logger) {
        self.webhook = webhook
        self.userAgent = userAgent
        self.logger = logger
        (events, input) = AsyncStream.makeStream(bufferingPolicy: .bufferingOldest(webhook.queueCapacity))
    }

    /// Queues `event`; when the queue is full it is logged and dropped at once.
    func notify(_ event: OperatorEvent) {
        if case .dropped = input.yield(event) {
            logger.warning(
                "operator webhook queue full: event dropped",
                metadata: ["event.type": "\(event.kind.rawValue)", "endpoint.id": "\(event.endpointID)"])
            Self.outcome(event.kind, "dropped").increment()
        }
    }

    /// Ends the queue: `run()` returns once what is queued is sent (or dropped).
    func finish() {
        input.finish()
    }

    /// Sends queued events until `finish()` (or cancellation).
    func run() async {
        // Every type and outcome is exported from the start, at 0: an alert on `increase(...)` then sees the first
        // event, which it cannot when the series only appears with it.
        for kind in OperatorEvent.Kind.allCases {
            for outcome in ["sent", "dropped"] { _ = Self.outcome(kind, outcome) }
        }
        let client: HTTPClient
        do {
            // The operator's own receiver, often internal: no SSRF guard (the operator configured it, not a user).
            client = try HTTPClient(
                configuration: HTTPClient.Configuration(
                    maxConnectionsPerHost: 2, maxConnections: 2, bodyCaptureLimit: 256,
                    addressGuard: .allowingPrivateTargets),
                logger: logger)
        } catch {
            logger.error("cannot start the operator webhook client", metadata: ["error": "\(error)"])
            return
        }
        for await event in events {
            await send(event, with: client)
        }
        await client.shutdown()
    }

    private func send(_ event: OperatorEvent, with client: HTTPClient) async {
        let body = event.body
        var failure = ""
        for attempt in 0...webhook.retryDelays.count {
            if attempt > 0 {
                do { try await Task.sleep(for: webhook.retryDelays[attempt - 1]) } catch { break }
            }
            let timestamp = Int64(Date().timeIntervalSince1970)
            let request = HTTPRequest(
                method: .post, url: webhook.url,
                headers: [
                    HTTPHeader("webhook-id", event.id),
                    HTTPHeader("webhook-timestamp", String(timestamp)),
                    HTTPHeader(
                        "webhook-signature",
                        WebhookSignature.header(
                            id: event.id, timestamp: timestamp, body: body, secrets: [webhook.secret])),
                    HTTPHeader("content-type", "application/json"),
                    HTTPHeader("user-agent", userAgent),
                ],
                body: body, timeout: webhook.timeout)
            do {
                let response = try await client.send(request)
                if (200..<300).contains(response.status) {
                    Self.outcome(event.kind, "sent").increment()
                    return
                }
                failure = "HTTP \(response.status)"
            } catch {
                failure = "\(error)"
            }
        }
        logger.warning(
            "operator webhook not delivered: event dropped",
            metadata: [
                "event.type": "\(event.kind.rawValue)", "endpoint.id": "\(event.endpointID)", "error": "\(failure)",
            ])
        Self.outcome(event.kind, "dropped").increment()
    }

    /// Rare (one per event), so looked up by swift-metrics each time rather than cached.
    private static func outcome(_ kind: OperatorEvent.Kind, _ outcome: String) -> Counter {
        Counter(label: MetricNames.operatorEvents, dimensions: [("type", kind.rawValue), ("outcome", outcome)])
    }
}

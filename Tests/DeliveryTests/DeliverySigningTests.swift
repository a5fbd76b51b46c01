import Delivery
import Foundation
import Pipeline
import Store
import TestSupport
import Testing

/// Deliveries as an off-the-shelf Standard Webhooks verifier (PyPI `standardwebhooks`) sees them.
// A hang (a worker that never settles) fails the test instead of stalling the suite.
@Suite(.timeLimit(.minutes(3))) struct DeliverySigningTests {
    @Test func everyDeliveryVerifiesIncludingDuringARotation() async throws {
        let harness = try await DeliveryHarness.start()
        let receiver = try await WebhookReceiver()
        let old = try WebhookSecret.generate().encoded
        let new = try WebhookSecret.generate().encoded
        try await receiver.configure("/hook", secrets: [old, new])
        let endpoint = try await harness.addEndpoint(url: receiver.url("/hook"), secret: old)
        let service = harness.service()
        try await running(service) {
            let before = (0..<20).map { harness.job(for: endpoint, index: $0) }
            try await harness.push(before)
            try await receiver.waitFor("20 deliveries before the rotation") { $0.count == 20 }

            _ = try await harness.endpoints.rotateSecret(
                endpoint.id, to: new, previousValidUntil: Date().addingTimeInterval(3_600))
            try await waitUntil("the catalog sees the rotation") {
                harness.catalog.endpoint(endpoint.id)?.secret == new
            }
            let during = (20..<40).map { harness.job(for: endpoint, index: $0) }
            try await harness.push(during)
            let seen = try await receiver.waitFor("40 deliveries") { $0.count == 40 }

            let now = Date().timeIntervalSince1970
            for delivery in seen {
                #expect(delivery.error == nil || delivery.verified.contains(true))
                #expect(delivery.userAgent == "evmhook/test")
                #expect(delivery.contentType == "application/json")
                #expect(delivery.attempt == "1")
                #expect(abs((Double(delivery.timestamp ?? "") ?? 0) - now) < 30)
            }
            let byID = Dictionary(uniqueKeysWithValues: seen.map { ($0.id ?? "", $0) })
            for job in before {
                #expect(byID[job.webhookID]?.verified == [true, false], "signed with the old secret only")
                #expect(byID[job.webhookID]?.body == job.body, "the body is sent byte for byte")
            }
            for job in during {
                #expect(byID[job.webhookID]?.verified == [true, true], "both signatures during the rotation")
            }
            try await waitUntil("40 attempts recorded") { try await harness.attempts().count == 40 }
            #expect(try await harness.attempts().allSatisfy { $0.status == 204 && $0.attempt == 1 })
            try await waitUntil("the processing list empties") {
                try await harness.queueState().processing == 0
            }
        }
        await receiver.shutdown()
        await harness.stop()
    }

    @Test func noSecretReachesTheLog() async throws {
        let harness = try await DeliveryHarness.start()
        let receiver = try await WebhookReceiver()
        let capture = LogCapture()
        let secret = try WebhookSecret.generate().encoded
        let previous = try WebhookSecret.generate().encoded
        try await receiver.configure("/gone", secrets: [], status: 410)
        let gone = try await harness.addEndpoint(url: receiver.url("/gone"), secret: secret)
        let flaky = try await harness.addEndpoint(url: receiver.url("/flaky"), secret: previous, maxAttempts: 2)
        try await receiver.configure("/flaky", secrets: [], status: 500)
        _ = try await harness.endpoints.rotateSecret(
            flaky.id, to: secret, previousValidUntil: Date().addingTimeInterval(3_600))
        // A stored secret that does not parse: its text must not be echoed either.
        let broken = "whsec_not*base64*at-all-but-secret"
        let unusable = try await harness.addEndpoint(url: receiver.url("/broken"), secret: broken)
        try await waitUntil("the catalog sees the rotation") { harness.catalog.endpoint(flaky.id)?.secret == secret }
        try await running(harness.service(logger: capture.logger())) {
            try await harness.push([
                harness.job(for: gone, index: 0), harness.job(for: flaky, index: 0),
                harness.job(for: unusable, index: 0),
            ])
            try await waitUntil("three dead letters") { try await harness.deadLetters().count == 3 }
        }
        let log = capture.text
        #expect(log.contains("410"), "the log did capture the run")
        for text in [secret, previous, broken] {
            #expect(!log.contains(String(text.dropFirst("whsec_".count))))
        }
        await receiver.shutdown()
        await harness.stop()
    }
}

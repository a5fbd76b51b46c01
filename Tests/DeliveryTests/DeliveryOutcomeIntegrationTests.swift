import ChainKit
import Delivery
import Foundation
import Pipeline
import Store
import TestSupport
import Testing

/// Each status class, end to end: what the receiver sees, what is recorded, where the job ends up.
// A hang (a worker that never settles) fails the test instead of stalling the suite.
@Suite(.timeLimit(.minutes(3))) struct DeliveryOutcomeIntegrationTests {
    @Test func eachStatusClassEndsWhereTheContractSays() async throws {
        let harness = try await DeliveryHarness.start()
        let receiver = try await WebhookReceiver()
        // path, statuses in turn then the last one for ever, the attempts the job makes, where it ends.
        let cases: [(path: String, statuses: [Int], status: Int, attempts: Int, dead: DeadLetterReason?)] = [
            ("/ok", [], 204, 1, nil),
            ("/created", [], 201, 1, nil),
            ("/flaky", [500], 200, 2, nil),
            ("/throttled", [429], 204, 2, nil),
            ("/timeout-408", [408], 204, 2, nil),
            ("/too-early", [425], 204, 2, nil),
            ("/not-found", [], 404, 1, .rejected),
            ("/redirect", [], 302, 1, .rejected),
            ("/bad-request", [], 400, 1, .rejected),
            ("/down", [], 503, 3, .exhausted),
        ]
        var jobs: [String: DeliveryJob] = [:]
        for item in cases {
            let secret = try WebhookSecret.generate().encoded
            try await receiver.configure(item.path, secrets: [secret], statuses: item.statuses, status: item.status)
            let endpoint = try await harness.addEndpoint(url: receiver.url(item.path), secret: secret)
            jobs[item.path] = harness.job(for: endpoint, index: 0)
        }
        try await running(harness.service()) {
            try await harness.push(Array(jobs.values))
            try await waitUntil("every job settled") {
                let state = try await harness.queueState()
                return state.queued == 0 && state.retries == 0 && state.processing == 0
            }
        }
        let seen = try await receiver.deliveries()
        let letters = try await harness.deadLetters()
        let attempts = try await harness.attempts()
        for item in cases {
            let job = try #require(jobs[item.path])
            let sent = seen.filter { $0.path == item.path }
            #expect(sent.count == item.attempts, "\(item.path)")
            #expect(sent.map(\.attempt) == (1...item.attempts).map { String($0) }, "\(item.path)")
            #expect(sent.allSatisfy { $0.id == job.webhookID && $0.verified == [true] }, "\(item.path)")
            #expect(attempts.filter { $0.webhookID == job.webhookID }.count == item.attempts, "\(item.path)")
            let letter = letters.first { $0.webhookID == job.webhookID }
            #expect(letter?.reason == item.dead, "\(item.path)")
            if let letter {
                #expect(letter.attempts == item.attempts)
                #expect(letter.lastStatus == item.status)
                var last = job
                last.attempt = item.attempts
                #expect(letter.job == last.encoded, "the job as last taken")
            }
        }
        await receiver.shutdown()
        await harness.stop()
    }

    @Test func goneDisablesTheEndpointAndDeadLettersTheRest() async throws {
        let harness = try await DeliveryHarness.start()
        let receiver = try await WebhookReceiver()
        try await receiver.configure("/gone", secrets: [], status: 410)
        let endpoint = try await harness.addEndpoint(url: receiver.url("/gone"))
        var configuration = DeliveryHarness.configuration()
        configuration.maxInFlightPerEndpoint = 1
        try await running(harness.service(configuration)) {
            try await harness.push((0..<5).map { harness.job(for: endpoint, index: $0) })
            try await waitUntil("all five are dead letters") { try await harness.deadLetters().count == 5 }
        }
        let stored = try #require(try await harness.endpoints.find(endpoint.id))
        #expect(!stored.enabled)
        #expect(stored.disabledReason?.contains("410") == true)
        // A change to an endpoint like any other: audited once, by `delivery`, with the endpoint before and after.
        let audited = try await AuditLogStore(connection: harness.database).list(limit: 50).filter {
            $0.targetID == endpoint.id.uuidString.lowercased()
        }
        #expect(audited.map(\.action) == ["endpoint.disable"])
        #expect(audited.first?.actor == "delivery")
        #expect(audited.first?.after?.serialized().contains("410") == true)
        let letters = try await harness.deadLetters()
        #expect(letters.filter { $0.reason == .gone }.count >= 1)
        #expect(letters.allSatisfy { $0.reason == .gone || $0.reason == .endpointDisabled })
        // After the 410 nothing more reaches the receiver.
        #expect(try await receiver.deliveries().count == letters.filter { $0.reason == .gone }.count)
        await receiver.shutdown()
        await harness.stop()
    }

    @Test func retryAfterIsHonoured() async throws {
        let harness = try await DeliveryHarness.start()
        let receiver = try await WebhookReceiver()
        try await receiver.configure("/busy", secrets: [], statuses: [503], status: 204, retryAfter: "2")
        let endpoint = try await harness.addEndpoint(url: receiver.url("/busy"))
        let seen = try await running(harness.service()) {
            try await harness.push([harness.job(for: endpoint, index: 0)])
            return try await receiver.waitFor("the retry") { $0.count == 2 }
        }
        // The schedule says 200 ms; Retry-After says 2 s, and wins.
        #expect(seen[1].received - seen[0].received >= 1.9)
        #expect(seen.map(\.attempt) == ["1", "2"])
        await receiver.shutdown()
        await harness.stop()
    }

    @Test func unparseableMissingAndDisabledJobsBecomeDeadLettersWithTheReason() async throws {
        let harness = try await DeliveryHarness.start()
        let receiver = try await WebhookReceiver()
        let disabled = try await harness.addEndpoint(url: receiver.url("/disabled"))
        try await harness.endpoints.setEnabled(disabled.id, false)
        try await waitUntil("the catalog sees the disabling") {
            harness.catalog.endpoint(disabled.id)?.enabled == false
        }
        let missing = Endpoint(url: receiver.url("/missing"), chainID: 1, secret: "whsec_unused")
        let alive = try await harness.addEndpoint(url: receiver.url("/alive"))
        try await running(harness.service()) {
            try await harness.pushRaw(["not a job at all", "evmhook-job/1 nope\n{}"])
            try await harness.push([
                harness.job(for: missing, index: 0), harness.job(for: disabled, index: 0),
                harness.job(for: alive, index: 0),
            ])
            try await waitUntil("four dead letters") { try await harness.deadLetters().count == 4 }
            try await receiver.waitFor("the good job") { $0.count == 1 }
        }
        let reasons = try await harness.deadLetters().map(\.reason)
        #expect(reasons.filter { $0 == .poison }.count == 2)
        #expect(reasons.contains(.endpointMissing))
        #expect(reasons.contains(.endpointDisabled))
        #expect(try await receiver.deliveries().map(\.path) == ["/alive"])
        await receiver.shutdown()
        await harness.stop()
    }
}

import Curl
import Foundation
import Logging
import TestSupport
import Testing

/// Shutdown, cancellation and TLS verification: the ways a request ends without a response.
@Suite struct HTTPClientLifecycleTests {
    @Test(arguments: [1, 2])
    func shutdownFailsRequestsInFlightAndLaterOnes(threads: Int) async throws {
        let receiver = try await Receiver()
        var configuration = HTTPClientTests.local
        configuration.threads = threads
        let client = try HTTPClient(configuration: configuration, logger: Logger(label: "curl-test"))
        let started = ContinuousClock.now
        let inFlight = Task { await client.failure(of: HTTPRequest(url: receiver.url("/slow?ms=60000"))) }
        try await receiver.waitForRequests(2)  // the slow request has arrived (the second is the stats query)
        await client.shutdown()
        let error = await inFlight.value
        #expect((error as? HTTPClientError)?.code == .shutdown)
        #expect(ContinuousClock.now - started < .seconds(30))  // well before the 60 s answer
        let later = await client.failure(of: HTTPRequest(url: receiver.url("/ok")))
        #expect((later as? HTTPClientError)?.code == .shutdown)
        await client.shutdown()  // idempotent
    }

    @Test func cancellingTheTaskAbandonsTheTransferAndTheClientGoesOn() async throws {
        let receiver = try await Receiver()
        try await HTTPClient.withTestClient(HTTPClientTests.local) { client in
            let started = ContinuousClock.now
            let slow = Task { try await client.send(HTTPRequest(url: receiver.url("/slow?ms=60000"))) }
            try await receiver.waitForRequests(2)
            slow.cancel()
            let outcome = await slow.result
            #expect(throws: CancellationError.self) { try outcome.get() }
            #expect(ContinuousClock.now - started < .seconds(30))  // well before the 60 s answer
            #expect(try await client.send(HTTPRequest(url: receiver.url("/ok"))).status == 204)
        }
    }

    @Test func anAlreadyCancelledTaskSendsNothing() async throws {
        let receiver = try await Receiver()
        let outcome = try await HTTPClient.withTestClient(HTTPClientTests.local) { client in
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await client.send(HTTPRequest(url: receiver.url("/ok")))
            }
            return await task.result
        }
        #expect(throws: CancellationError.self) { try outcome.get() }
        #expect(try await receiver.stats().requests == 1)
    }

    @Test func aCertificateThatDoesNotVerifyFailsAsTLSAndATrustedOneWorks() async throws {
        let files = try await SelfSignedCertificate()
        defer { files.remove() }
        let receiver = try await Receiver(tls: (files.certificate, files.key))
        let untrusted = try await HTTPClient.withTestClient(HTTPClientTests.local) { client in
            await client.failure(of: HTTPRequest(url: receiver.url("/ok", host: "localhost")))
        }
        #expect((untrusted as? HTTPClientError)?.code == .tls)
        var trusting = HTTPClientTests.local
        trusting.trustedCertificatesFile = files.certificate
        let response = try await HTTPClient.withTestClient(trusting) { client in
            try await client.send(HTTPRequest(url: receiver.url("/ok", host: "localhost")))
        }
        #expect(response.status == 204)
        // The failed handshake made no request: only the trusted one and the stats query did.
        #expect(try await receiver.stats().requests == 2)
    }
}

import Curl
import Foundation
import Logging
import TestSupport
import Testing
import Threading

#if canImport(Glibc)
    import Glibc
#endif

/// `send(_:completion:)`: the completion runs on the client's thread, and what it sends stays there.
@Suite struct HTTPClientCompletionTests {
    /// Each completion records where it ran and what it got, then sends the next request of the chain.
    final class Chain: Sendable {
        let client: HTTPClient
        let url: String
        let length: Int
        let seen = Guarded<[(thread: UInt, body: String)]>([])
        let done: CheckedContinuation<Result<Void, any Error>, Never>

        init(client: HTTPClient, url: String, length: Int, done: CheckedContinuation<Result<Void, any Error>, Never>) {
            self.client = client
            self.url = url
            self.length = length
            self.done = done
        }

        func send(_ index: Int) {
            let request = HTTPRequest(method: .post, url: url, body: Array("request \(index)".utf8))
            client.send(request) { outcome in
                do {
                    let echo = try JSONDecoder().decode(Echo.self, from: Data(try outcome.get().body))
                    self.seen.withLock { $0.append((UInt(pthread_self()), echo.body)) }
                } catch {
                    self.done.resume(returning: .failure(error))
                    return
                }
                if index + 1 < self.length { self.send(index + 1) } else { self.done.resume(returning: .success(())) }
            }
        }
    }

    @Test(arguments: [1, 2])
    func aChainSentFromCompletionsStaysOnTheThreadThatRanTheFirst(threads: Int) async throws {
        let receiver = try await Receiver()
        var configuration = HTTPClientTests.local
        configuration.threads = threads
        let caller = UInt(pthread_self())
        let seen = try await HTTPClient.withTestClient(configuration) { client in
            var chain: Chain?
            let outcome = await withCheckedContinuation { done in
                chain = Chain(client: client, url: receiver.url("/echo"), length: 20, done: done)
                chain?.send(0)
            }
            try outcome.get()
            return chain?.seen.withLock { $0 } ?? []
        }
        #expect(seen.map(\.body) == (0..<20).map { "request \($0)" })
        #expect(Set(seen.map(\.thread)).count == 1)
        #expect(seen.first?.thread != caller)
    }

    @Test func shutdownFailsACompletionRequestInFlightAndLaterOnesAtOnce() async throws {
        let receiver = try await Receiver()
        let client = try HTTPClient(configuration: HTTPClientTests.local, logger: Logger(label: "curl-test"))
        let started = ContinuousClock.now
        async let inFlight = withCheckedContinuation { done in
            client.send(HTTPRequest(url: receiver.url("/slow?ms=60000"))) { done.resume(returning: $0) }
        }
        try await receiver.waitForRequests(2)  // the slow request has arrived (the second is the stats query)
        await client.shutdown()
        #expect(Self.errorCode(await inFlight) == .shutdown)
        #expect(ContinuousClock.now - started < .seconds(30))  // well before the 60 s answer
        let later = Guarded<Result<HTTPResponse, any Error>?>(nil)
        client.send(HTTPRequest(url: receiver.url("/ok"))) { outcome in later.withLock { $0 = outcome } }
        #expect(Self.errorCode(later.withLock { $0 }) == .shutdown)  // called before `send` returned
    }

    static func errorCode(_ outcome: Result<HTTPResponse, any Error>?) -> HTTPClientError.Code? {
        guard case .failure(let error as HTTPClientError) = outcome else { return nil }
        return error.code
    }
}

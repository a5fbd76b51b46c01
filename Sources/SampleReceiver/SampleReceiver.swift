public import Delivery
import HTTPTypes
import Hummingbird
public import Logging
import NIOCore
import ServiceLifecycle
import Threading

/// The receiver `evmhook dev` points its sample endpoint at: it verifies every delivery's Standard Webhooks
/// signature as a user's receiver would, and prints one line per event (block, transaction, decoded event).
public final class SampleReceiver: Sendable {
    /// Verified and rejected deliveries so far.
    public struct Counts: Sendable, Hashable {
        public var verified = 0
        public var rejected = 0

        public init(verified: Int = 0, rejected: Int = 0) {
            self.verified = verified
            self.rejected = rejected
        }
    }

    /// `http://127.0.0.1:PORT/webhook`.
    public let url: String
    private let counts: Guarded<Counts>
    private let services: ServiceGroup
    private let server: Task<Void, any Error>

    private init(url: String, counts: Guarded<Counts>, services: ServiceGroup, server: Task<Void, any Error>) {
        self.url = url
        self.counts = counts
        self.services = services
        self.server = server
    }

    public var received: Counts { counts.withLock { $0 } }

    /// Listens on 127.0.0.1:`port` (0 = a free port); `print` receives one line per delivery.
    public static func start(
        port: Int = 0, secret: WebhookSecret, logger: Logger, print: @escaping @Sendable (String) -> Void
    ) async throws -> SampleReceiver {
        let counts = Guarded(Counts())
        let router = Router()
        router.post("/webhook") { request, _ -> Response in
            let body = Array(buffer: try await request.body.collect(upTo: 1 << 20))
            let verdict = Verdict(headers: request.headers, body: body, secret: secret)
            counts.withLock { verdict.isValid ? ($0.verified += 1) : ($0.rejected += 1) }
            print(verdict.line)
            return Response(status: verdict.isValid ? .noContent : .unauthorized)
        }
        let (bound, boundContinuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { channel in
                boundContinuation.yield(channel.localAddress?.port ?? port)
                boundContinuation.finish()
            },
            logger: logger
        )
        // A sender still writing its request (half a body) would hold a graceful shutdown forever: after a second it
        // is cancelled.
        var group = ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [], logger: logger)
        group.maximumGracefulShutdownDuration = .seconds(1)
        let services = ServiceGroup(configuration: group)
        let server = Task { try await services.run() }
        var iterator = bound.makeAsyncIterator()
        guard let boundPort = await iterator.next() else {
            try await server.value
            throw SampleReceiverError(description: "the sample receiver stopped before it was listening")
        }
        return SampleReceiver(
            url: "http://127.0.0.1:\(boundPort)/webhook", counts: counts, services: services, server: server)
    }

    public func stop() async {
        await services.triggerGracefulShutdown()
        _ = try? await server.value
    }
}

public struct SampleReceiverError: Error, CustomStringConvertible {
    public let description: String
}

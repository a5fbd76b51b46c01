public import ChainKit
import Dispatch
import LibWebSockets
public import Logging

/// JSON-RPC over one WebSocket: requests matched to responses by id, `eth_subscription` messages to
/// `notifications`. Built on libwebsockets' client, whose own thread does the IO.
///
/// Responses are routed by a scan for the top-level `"id"` rather than a full parse, so the caller decodes the body
/// once with the decoder it wants (the `eth_getLogs` fast path). An answer that names no id it can route (broken
/// JSON) is logged; a pending call whose id can still be read from the broken text fails at once as malformed,
/// others fail at their deadline.
public actor WebSocketNodeConnection: NodeConnection {
    public nonisolated let notifications: AsyncStream<RPCSubscriptionNotification>?
    private let notificationSink: AsyncStream<RPCSubscriptionNotification>.Continuation
    private let client: WebSocketClient
    private let logger: Logger
    private var pending: [Int64: Pending] = [:]
    private var nextID: Int64 = 1
    private var open = true
    private var reader: Task<Void, Never>?
    private var watchdog: Task<Void, Never>?
    /// The opener, until the handshake ends either way.
    private var handshake: CheckedContinuation<NodeError?, Never>?

    private struct Pending {
        let method: String
        let deadline: ContinuousClock.Instant
        let continuation: CheckedContinuation<[UInt8], any Error>
    }

    /// Connects to `url` (`ws://` or `wss://`) and returns once the handshake succeeded.
    public static func open(url: String, connectTimeout: Duration, logger: Logger) async throws(NodeError)
        -> WebSocketNodeConnection
    {
        var configuration = WebSocketClient.Configuration()
        configuration.connectTimeout = connectTimeout
        // Heads can be 12 s apart: ping after a quiet spell so a dead peer is noticed within about a block.
        configuration.pingAfterIdle = .seconds(10)
        configuration.hangUpAfterIdle = .seconds(20)
        let client: WebSocketClient
        do {
            client = try WebSocketClient(url: url, configuration: configuration, logger: logger)
        } catch {
            throw NodeError(.disconnected, method: "connect", detail: "\(error)")
        }
        let connection = WebSocketNodeConnection(client: client, logger: logger)
        if let failure = await connection.start(events: client.events) {
            await stop(client)
            throw failure
        }
        return connection
    }

    private init(client: WebSocketClient, logger: Logger) {
        self.client = client
        self.logger = logger
        (notifications, notificationSink) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    /// Starts reading events; returns once the handshake succeeded, or the reason it failed.
    private func start(events: AsyncStream<WebSocketEvent>) async -> NodeError? {
        reader = Task { [weak self] in
            for await event in events {
                guard let self else { return }
                await self.handle(event)
            }
            await self?.shutDown(reason: "connection ended")
        }
        // Deadlines are checked four times a second: a timed-out call is a rare event, not worth a timer each.
        watchdog = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(250))
                guard let self else { return }
                await self.expire()
            }
        }
        return await withCheckedContinuation { handshake = $0 }
    }

    public func call(_ method: String, params: JSONValue, timeout: Duration) async throws(NodeError) -> [UInt8] {
        guard open else { throw NodeError(.disconnected, method: method, detail: "connection closed") }
        let id = nextID
        nextID += 1
        let text = RPCRequest(id: .number(id), method: method, params: params).serialized()
        do {
            return try await withCheckedThrowingContinuation { continuation in
                pending[id] = Pending(
                    method: method, deadline: ContinuousClock.now + timeout, continuation: continuation)
                do {
                    try client.send(text: text)
                } catch {
                    pending.removeValue(forKey: id)?.continuation.resume(
                        throwing: NodeError(.disconnected, method: method, detail: "\(error)"))
                }
            }
        } catch let error as NodeError {
            throw error
        } catch {
            throw NodeError(.disconnected, method: method, detail: "\(error)")
        }
    }

    public func close() async {
        shutDown(reason: "closed")
        await Self.stop(client)
    }

    /// `WebSocketClient.stop()` joins the service thread after the close handshake (up to seconds): a blocking
    /// wait that must not hold one of the cooperative pool's threads.
    private static func stop(_ client: WebSocketClient) async {
        await withCheckedContinuation { done in
            DispatchQueue.global().async {
                client.stop()
                done.resume()
            }
        }
    }

    private func handle(_ event: WebSocketEvent) {
        switch event {
        case .text(let text):
            route(Array(text.utf8))
        case .closed(let code, let reason):
            shutDown(reason: "closed \(code) \(reason)")
        case .error(let message):
            shutDown(reason: message)
        case .connected:
            handshake?.resume(returning: nil)
            handshake = nil
        }
    }

    private func route(_ bytes: [UInt8]) {
        if let id = ResponseID.scan(bytes), let call = pending.removeValue(forKey: id) {
            call.continuation.resume(returning: bytes)
            return
        }
        // Not a response we wait for: a notification, or noise to log. Never fatal.
        do {
            if case .notification(let notification) = try RPCIncomingMessage.decode(bytes) {
                notificationSink.yield(notification)
                return
            }
            logger.warning("unmatched JSON-RPC response", metadata: ["body": "\(Self.prefix(bytes))"])
        } catch {
            logger.warning(
                "malformed message from the node", metadata: ["error": "\(error)", "body": "\(Self.prefix(bytes))"])
        }
    }

    private func expire() {
        let now = ContinuousClock.now
        for (id, call) in pending where call.deadline <= now {
            pending.removeValue(forKey: id)
            call.continuation.resume(throwing: NodeError(.timeout, method: call.method, detail: "no answer"))
        }
    }

    private func shutDown(reason: String) {
        guard open else { return }
        open = false
        handshake?.resume(returning: NodeError(.disconnected, method: "connect", detail: reason))
        handshake = nil
        logger.info("node connection ended", metadata: ["reason": "\(reason)"])
        let calls = pending
        pending.removeAll()
        for call in calls.values {
            call.continuation.resume(throwing: NodeError(.disconnected, method: call.method, detail: reason))
        }
        notificationSink.finish()
        watchdog?.cancel()
    }

    private static func prefix(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix(120), as: UTF8.self).debugDescription
    }
}

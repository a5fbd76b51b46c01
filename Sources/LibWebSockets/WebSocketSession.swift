import CLibWebSockets
import CShims
import Logging
import Threading

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The service-thread side of one `WebSocketClient`: owns the lws context, its single connection and the C memory
/// libwebsockets points into, and turns lws callbacks into `WebSocketEvent`s.
///
/// Threading: `shared` is the only state other threads touch (queue a message, ask to stop) and they wake the
/// service loop with `lws_cancel_service`, the one lws call that is safe from another thread. Everything else is
/// read and written only on the service thread, inside `run()` and the callbacks it drives.
final class WebSocketSession: @unchecked Sendable {
    // `@unchecked`: see the threading note above; the compiler cannot see that the C callbacks run on one thread.

    /// What other threads may touch.
    struct Shared: ~Copyable {
        /// Outgoing messages, each already laid out with LWS_PRE bytes of headroom.
        var outgoing: [[UInt8]] = []
        var stopRequested = false
        /// Whether the connection has ended: sending is refused from then on.
        var ended = false
        /// The context while the service loop runs, so `lws_cancel_service` can wake it.
        var context: CancelHandle?
    }

    /// The context pointer as other threads hold it: `@unchecked` because they make no call through it but
    /// `lws_cancel_service`, which libwebsockets documents as safe from any thread.
    struct CancelHandle: @unchecked Sendable {
        let context: OpaquePointer
        func wake() { lws_cancel_service(context) }
    }

    let shared = Guarded(Shared())
    let url: WebSocketURL
    let configuration: WebSocketClient.Configuration
    let logger: Logger
    let continuation: AsyncStream<WebSocketEvent>.Continuation

    // Service-thread state.
    var connection: OpaquePointer?
    var established = false
    /// Set once the stream must end; the service loop then returns.
    var finished = false
    var assembler: MessageAssembler
    /// Messages taken from `shared.outgoing`, written one per WRITEABLE callback from `nextWrite` on.
    var writes: [[UInt8]] = []
    var nextWrite = 0
    /// The close this client started (stop, oversized or invalid message), sent on the next WRITEABLE or at once.
    var localClose: ClosePayload?
    var peerClose: ClosePayload?

    // C memory lws keeps pointers to for the context's lifetime.
    private let protocols: UnsafeMutablePointer<lws_protocols>
    private let retryPolicy: UnsafeMutablePointer<lws_retry_bo_t>
    private let cHost: UnsafeMutablePointer<CChar>
    private let cPath: UnsafeMutablePointer<CChar>
    private let cHostHeader: UnsafeMutablePointer<CChar>
    private let cProtocolName: UnsafeMutablePointer<CChar>
    /// HTTP/1.1 only: the WebSocket handshake is an HTTP/1.1 upgrade, so a TLS server must not pick h2.
    private let cALPN: UnsafeMutablePointer<CChar>

    init(
        url: WebSocketURL,
        configuration: WebSocketClient.Configuration,
        logger: Logger,
        continuation: AsyncStream<WebSocketEvent>.Continuation
    ) {
        self.url = url
        self.configuration = configuration
        self.logger = logger
        self.continuation = continuation
        assembler = MessageAssembler(limit: configuration.maximumMessageSize)
        cHost = strdup(url.host)
        cPath = strdup(url.path)
        cHostHeader = strdup(url.hostHeader)
        cProtocolName = strdup("evmhook-client")
        cALPN = strdup("http/1.1")
        protocols = .allocate(capacity: 2)
        protocols.initialize(to: lws_protocols())
        protocols[0].name = UnsafePointer(cProtocolName)
        protocols[0].callback = libWebSocketsCallback
        (protocols + 1).initialize(to: lws_protocols())  // the all-zero terminator
        retryPolicy = .allocate(capacity: 1)
        retryPolicy.initialize(to: lws_retry_bo_t())
        retryPolicy.pointee.secs_since_valid_ping = configuration.pingAfterIdle.clampedSeconds
        retryPolicy.pointee.secs_since_valid_hangup = configuration.hangUpAfterIdle.clampedSeconds
    }

    deinit {
        protocols.deinitialize(count: 2)
        protocols.deallocate()
        retryPolicy.deinitialize(count: 1)
        retryPolicy.deallocate()
        for string in [cHost, cPath, cHostHeader, cProtocolName, cALPN] { free(string) }
    }

    // MARK: Other threads

    /// Queues `text` for sending; refused once the connection has ended or a stop was requested.
    func enqueue(_ text: String) throws(WebSocketError) {
        let payload = Array(text.utf8)
        guard payload.count <= configuration.maximumMessageSize else {
            throw WebSocketError(
                .messageTooLarge, "\(payload.count) bytes exceed the \(configuration.maximumMessageSize)-byte limit")
        }
        var framed = [UInt8](repeating: 0, count: evm_lws_pre())
        framed.append(contentsOf: payload)
        let accepted = shared.withLock { state in
            guard !state.ended && !state.stopRequested else { return false }
            state.outgoing.append(framed)
            state.context?.wake()
            return true
        }
        guard accepted else { throw WebSocketError(.notOpen, "the client was stopped or its connection ended") }
    }

    /// Asks the service loop to close the connection (1000) and return. Idempotent.
    func requestStop() {
        shared.withLock { state in
            guard !state.stopRequested else { return }
            state.stopRequested = true
            state.context?.wake()
        }
    }

    // MARK: Service thread

    /// The service thread's body: create the context, connect, service until finished, destroy the context.
    func run() {
        LibWebSocketsLog.silenceUnlessRouted()
        guard let context = makeContext() else {
            emit(.error("libwebsockets could not create a client context"))
            end()
            return
        }
        let handle = CancelHandle(context: context)
        let stopEarly = shared.withLock { state in
            state.context = handle
            return state.stopRequested
        }
        if stopEarly {
            finished = true
        } else {
            connect(context)
        }
        while !finished {
            lws_service(context, 0)
        }
        shared.withLock { $0.context = nil }
        // Destroying the context closes anything still open; callbacks then see `finished` and stay silent.
        lws_context_destroy(context)
        end()
    }

    private func makeContext() -> OpaquePointer? {
        var info = lws_context_creation_info()
        info.port = CONTEXT_PORT_NO_LISTEN
        info.protocols = UnsafePointer(protocols)
        // TLS setup only for wss://. libwebsockets 4.1 re-allocates process-wide OpenSSL ex-data indexes on
        // every TLS-enabled context; a context destroyed after another one was created then cannot find its
        // client SSL_CTX (a leak of the CA store, ~700 KB) and a handshake running at that moment fails
        // verification. Plain ws:// contexts stay clear of it; overlapping wss:// clients are exposed.
        info.options = url.secure ? UInt64(LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT) : 0
        info.gid = -1
        info.uid = -1
        info.user = Unmanaged.passUnretained(self).toOpaque()
        // `fd_limit_per_thread` stays 0 (sized from `ulimit -n`): lws 4.1 indexes its fd table by descriptor
        // number, and a small limit overran it (heap corruption) once the process held higher-numbered fds.
        info.connect_timeout_secs = UInt32(configuration.connectTimeout.clampedSeconds)
        info.timeout_secs = UInt32(configuration.connectTimeout.clampedSeconds)
        return configuration.trustedCertificatesFile.withOptionalCString { caFile in
            info.client_ssl_ca_filepath = caFile
            return lws_create_context(&info)
        }
    }

    private func connect(_ context: OpaquePointer) {
        var info = lws_client_connect_info()
        info.context = context
        info.address = UnsafePointer(cHost)
        info.port = Int32(url.port)
        info.path = UnsafePointer(cPath)
        info.host = UnsafePointer(cHostHeader)
        info.local_protocol_name = UnsafePointer(cProtocolName)
        // No `protocol`: a subprotocol header the server does not echo makes lws fail the handshake.
        info.ietf_version_or_minus_one = -1
        info.ssl_connection = url.secure ? Int32(LCCSCF_USE_SSL.rawValue) : 0
        info.alpn = UnsafePointer(cALPN)
        info.retry_and_idle_policy = UnsafePointer(retryPolicy)
        if lws_client_connect_via_info(&info) == nil && !finished {
            emit(.error("could not start connecting to \(url.hostHeader)"))
            finished = true
        }
    }

    /// Yields an event unless the stream has already been declared over.
    func emit(_ event: WebSocketEvent) {
        guard !finished else { return }
        continuation.yield(event)
    }

    private func end() {
        shared.withLock { state in
            state.ended = true
            state.outgoing = []
        }
        continuation.finish()
    }
}

extension Optional<String> {
    /// Runs `body` with a C string for the value, or NULL when there is none.
    fileprivate func withOptionalCString<Result>(_ body: (UnsafePointer<CChar>?) -> Result) -> Result {
        switch self {
        case .some(let value): value.withCString(body)
        case .none: body(nil)
        }
    }
}

import CCurl
import CShims
import Foundation
import Logging
import Synchronization
import Threading

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The thread that owns the curl multi handle and every easy handle, and the inbox other threads talk to it by.
///
/// Other threads only append to the inbox under its lock and call `curl_multi_wakeup` (the one thread-safe curl
/// call). The loop drains the inbox, lets curl work, hands finished transfers back, and blocks in
/// `curl_multi_poll` until a socket is ready, a timer fires or a wakeup arrives.
final class MultiLoop: @unchecked Sendable {
    // `@unchecked`: `inbox` is behind its lock; `multi` is used by other threads only for `curl_multi_wakeup`, and
    // only while the state is `.running`, checked under the lock; `idle` and `active` belong to the loop thread.
    private enum Operation {
        case submit(PendingRequest)
        case cancel(PendingRequest)
    }

    private enum State {
        case running, closing, closed
    }

    private struct Inbox {
        var operations: [Operation] = []
        var state = State.running
        var shutdownWaiters: [CheckedContinuation<Void, Never>] = []
        /// The loop is (about to be) blocked in `curl_multi_poll` and no wakeup has been sent since.
        var loopIsWaiting = false
    }

    /// Idle easy handles kept for reuse beyond this are freed: a burst of 10,000 requests should not pin 10,000
    /// handles (and their 16 KiB receive buffers) for the life of the client.
    private static let idleLimit = 256
    private static let globalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_SSL))

    private let inbox = Guarded(Inbox())
    private let multi: UnsafeMutableRawPointer
    private let configuration: HTTPClient.Configuration
    private let logger: Logger
    private var idle: [Transfer] = []
    private var active: [Transfer] = []
    /// The loop thread's identity, once it runs (0 before).
    private let threadID = Atomic<UInt>(0)

    init(configuration: HTTPClient.Configuration, logger: Logger) throws(HTTPClientError) {
        guard Self.globalInit == CURLE_OK, let multi = curl_multi_init() else {
            throw HTTPClientError(code: .transferFailed, message: "libcurl could not be initialised")
        }
        self.multi = multi
        self.configuration = configuration
        self.logger = logger
        let perHost = configuration.maxConnectionsPerHost
        let total = configuration.maxConnections
        _ = evm_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, perHost)
        _ = evm_curl_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, total)
        // The cache of kept-alive connections: curl closes connections beyond it after use.
        if total > 0 { _ = evm_curl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, total) }
        let thread = Thread { [self] in run() }
        thread.name = "curl-multi"
        thread.start()
    }

    // MARK: Called from any thread

    /// Hands `pending` to the loop; `completion` is called once with its outcome, on the loop thread (or on the
    /// calling thread, at once, when the loop is shutting down or the request was cancelled already).
    func submit(
        _ pending: PendingRequest, completion: @escaping @Sendable (Result<ReceivedResponse, any Error>) -> Void
    ) {
        let rejection: (any Error)? = inbox.withLock { inbox in
            guard inbox.state == .running else { return Self.shutdownError }
            guard !pending.cancelled else { return CancellationError() }
            pending.completion = completion
            pending.submitted = true
            enqueue(.submit(pending), in: &inbox)
            return nil
        }
        if let rejection { completion(.failure(rejection)) }
    }

    /// Whether the caller runs on this loop's thread (in a completion): a request it sends then stays here.
    var isCurrentThread: Bool { threadID.load(ordering: .acquiring) == currentThreadID() }

    func cancel(_ pending: PendingRequest) {
        inbox.withLock { inbox in
            guard inbox.state == .running else { return }
            if pending.submitted {
                enqueue(.cancel(pending), in: &inbox)
            } else {
                pending.cancelled = true
            }
        }
    }

    func shutdown() async {
        await withCheckedContinuation { continuation in
            let finished = inbox.withLock { inbox in
                guard inbox.state != .closed else { return true }
                beginClosing(&inbox)
                inbox.shutdownWaiters.append(continuation)
                return false
            }
            if finished { continuation.resume() }
        }
    }

    /// Starts the shutdown without waiting for it.
    func requestShutdown() {
        inbox.withLock { beginClosing(&$0) }
    }

    private func beginClosing(_ inbox: inout Inbox) {
        guard inbox.state == .running else { return }
        inbox.state = .closing
        curl_multi_wakeup(multi)
    }

    private func enqueue(_ operation: Operation, in inbox: inout Inbox) {
        // A busy loop looks at the inbox before it waits again, so only a waiting loop needs the wakeup (a
        // socket write, and a poll return for the loop): under load most submissions need none.
        if inbox.loopIsWaiting {
            inbox.loopIsWaiting = false
            curl_multi_wakeup(multi)
        }
        inbox.operations.append(operation)
    }

    // MARK: The loop thread

    private func run() {
        threadID.store(currentThreadID(), ordering: .releasing)
        var operations: [Operation] = []
        while true {
            let closing = inbox.withLock { inbox in
                inbox.loopIsWaiting = false
                swap(&operations, &inbox.operations)
                return inbox.state != .running
            }
            for operation in operations {
                switch operation {
                case .submit(let pending) where closing: resume(pending, with: .failure(Self.shutdownError))
                case .submit(let pending): start(pending)
                case .cancel(let pending) where !closing: abandon(pending)
                case .cancel: break  // Everything active fails with `.shutdown` just below.
                }
            }
            operations.removeAll(keepingCapacity: true)
            if closing { break }
            var running: Int32 = 0
            _ = curl_multi_perform(multi, &running)
            completeFinishedTransfers()
            let mayWait = inbox.withLock { inbox in
                inbox.loopIsWaiting = inbox.operations.isEmpty && inbox.state == .running
                return inbox.loopIsWaiting
            }
            // Returns early on socket activity or `curl_multi_wakeup`; curl shortens the wait to its next timer.
            if mayWait { _ = curl_multi_poll(multi, nil, 0, 1000, nil) }
        }
        close()
    }

    private func start(_ pending: PendingRequest) {
        let transfer: Transfer
        do {
            transfer = try idle.popLast() ?? Transfer(configuration: configuration)
        } catch {
            resume(pending, with: .failure(error))
            return
        }
        do {
            try transfer.prepare(pending.request)
        } catch {
            transfer.reset()
            recycle(transfer)
            resume(pending, with: .failure(error))
            return
        }
        let added = transfer.attach(to: multi)
        guard added == CURLM_OK else {
            transfer.reset()
            recycle(transfer)
            let message = "curl_multi_add_handle failed: \(String(cString: curl_multi_strerror(added)))"
            resume(pending, with: .failure(HTTPClientError(code: .transferFailed, message: message)))
            return
        }
        transfer.pending = pending
        pending.transfer = transfer
        transfer.activeIndex = active.count
        active.append(transfer)
    }

    private func completeFinishedTransfers() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            // Read before `detach`: the message is freed with the handle's removal.
            let result = evm_curl_msg_result(message)
            let transfer = Transfer.owning(easy)
            end(transfer, with: transfer.finish(result).mapError { $0 })
        }
    }

    /// Cancellation: the transfer is dropped at once (curl closes its connection if it was mid-exchange).
    private func abandon(_ pending: PendingRequest) {
        guard let transfer = pending.transfer else { return }  // Already finished: the response won.
        end(transfer, with: .failure(CancellationError()))
    }

    /// Takes a transfer out of the multi handle, readies it for reuse and hands `outcome` to its caller.
    private func end(_ transfer: Transfer, with outcome: Result<ReceivedResponse, any Error>) {
        transfer.detach(from: multi)
        transfer.reset()
        let pending = transfer.pending!
        pending.transfer = nil
        transfer.pending = nil
        let last = active.removeLast()
        if last !== transfer {
            active[transfer.activeIndex] = last
            last.activeIndex = transfer.activeIndex
        }
        recycle(transfer)
        if case .failure(let error as HTTPClientError) = outcome, error.code == .addressRefused {
            logger.debug("address guard refused a connection", metadata: ["http.error": "\(error.message)"])
        }
        resume(pending, with: outcome)
    }

    private func recycle(_ transfer: Transfer) {
        transfer.activeIndex = -1
        if idle.count < Self.idleLimit { idle.append(transfer) }
    }

    private func resume(_ pending: PendingRequest, with outcome: Result<ReceivedResponse, any Error>) {
        // Written under the lock before the request reached this thread, and only this thread reads it now.
        let completion = pending.completion
        pending.completion = nil
        completion?(outcome)
    }

    /// Fails what is left, frees every handle, then lets `shutdown()` callers return.
    private func close() {
        let unfinished = active
        for transfer in unfinished {
            end(transfer, with: .failure(Self.shutdownError))
        }
        if !unfinished.isEmpty {
            logger.debug("HTTP client shut down", metadata: ["http.failed": "\(unfinished.count)"])
        }
        idle.removeAll()
        curl_multi_cleanup(multi)
        let waiters = inbox.withLock { inbox in
            inbox.state = .closed
            return inbox.shutdownWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    private static let shutdownError = HTTPClientError(code: .shutdown, message: "the HTTP client was shut down")
}

/// The calling thread's identity, comparable between threads.
private func currentThreadID() -> UInt {
    #if canImport(Darwin)
        UInt(bitPattern: pthread_self())
    #else
        UInt(pthread_self())
    #endif
}

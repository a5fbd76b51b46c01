import ChainKit
import Hiredis
import Logging

/// Follows one node as the lease holder: connects (and reconnects with backoff), subscribes to `newHeads`
/// (or polls over HTTP), and turns each head into emit steps through the ledger: in order from the cursor,
/// with reorgs undone first. Used by one task at a time (the Ingestor's), hence a class without locks.
final class HeadFollower {
    let configuration: Ingestor.Configuration
    let chainID: UInt64
    let leaseValue: String
    let ledger: IngestLedger
    let logger: Logger
    var cursor: ChainCursor? {
        didSet { ledger.metrics.update(head: head, ingested: cursor?.number) }
    }
    /// The newest head the node announced (for the lag metric).
    var head: UInt64 = 0 {
        didSet { ledger.metrics.update(head: head, ingested: cursor?.number) }
    }
    var window: CanonicalWindow
    var fetcher: LogRangeFetcher

    init(
        configuration: Ingestor.Configuration, chainID: UInt64, leaseValue: String, ledger: IngestLedger,
        logger: Logger
    ) {
        self.configuration = configuration
        self.chainID = chainID
        self.leaseValue = leaseValue
        self.ledger = ledger
        self.logger = logger
        window = CanonicalWindow(size: configuration.windowSize)
        fetcher = LogRangeFetcher(maxRange: configuration.maxGetLogsRange, logger: logger)
    }

    /// Connects and follows until cancelled; reconnects after any node failure.
    func run() async throws {
        var backoff = ReconnectBackoff(
            initial: configuration.initialReconnectDelay, maximum: configuration.maximumReconnectDelay)
        while !Task.isCancelled {
            do {
                let connection = try await NodeConnector.open(
                    configuration.rpcURL, timeout: configuration.callTimeout, logger: logger)
                let node = NodeClient(connection: connection, logger: logger, timeout: configuration.callTimeout)
                let outcome: Result<Void, any Error>
                do {
                    try await follow(node: node, onProgress: { backoff.reset() })
                    outcome = .success(())
                } catch {
                    outcome = .failure(error)
                }
                await connection.close()
                try outcome.get()
                if Task.isCancelled { return }
                logger.warning("node connection ended; reconnecting")
            } catch let refusal as IngestLedger.Refusal where !refusal.fenced {
                // Someone moved the cursor (a previous leader's last write): start over from what Redis says.
                logger.warning("cursor moved under us; reloading", metadata: ["error": "\(refusal)"])
            } catch let error as NodeError {
                logger.warning("node failure; reconnecting", metadata: ["error": "\(error)"])
            } catch let error where Self.isFatal(error) {
                throw error
            } catch {
                logger.warning("following failed; reconnecting", metadata: ["error": "\(error)"])
            }
            let pause = backoff.next()
            do { try await Task.sleep(for: pause) } catch { return }
        }
    }

    /// Errors the reconnect loop must not swallow: a stop, a lost lease, a bad chain, a test's simulated crash.
    private static func isFatal(_ error: any Error) -> Bool {
        if error is CancellationError || error is LeaseLost || error is IngestorError { return true }
        if let refusal = error as? IngestLedger.Refusal { return refusal.fenced }
        // Anything that is neither a node nor a Redis problem came from the fault hook (or is a bug): stop.
        return !(error is NodeError) && !(error is RedisError)
    }

    /// One connection's life: state from Redis, subscription, gap fill, then heads (or polls) until it ends.
    private func follow(node: NodeClient, onProgress: () -> Void) async throws {
        let reported = try await node.chainID()
        guard reported == chainID else {
            throw IngestorError(.wrongChain, "the node now reports chain id \(reported), expected \(chainID)")
        }
        (cursor, window) = try await ledger.load()
        var notifications = node.connection.notifications
        if notifications != nil, try await !subscribeToHeads(node) { notifications = nil }
        // Whatever was missed while away (or before a restart) is filled from the cursor first.
        try await catchUp(node: node, head: try await node.blockNumber())
        onProgress()

        let events = FollowEvents(
            notifications: notifications,
            tick: notifications == nil ? configuration.pollInterval : configuration.expectedBlockTime / 2)
        defer { events.cancel() }
        let silence = configuration.expectedBlockTime * 3
        var lastHead = ContinuousClock.now
        for await event in events.stream {
            switch event {
            case .notification(let notification):
                let header: BlockHeader
                do {
                    header = try notification.header()
                } catch {
                    logger.warning(
                        "malformed newHeads notification; polling instead",
                        metadata: ["rpc.method": "eth_subscription", "error": "\(error)"])
                    try await catchUp(node: node, head: try await node.blockNumber())
                    continue
                }
                lastHead = .now
                try await onHead(header, node: node)
                onProgress()
            case .tick:
                if notifications != nil {
                    guard ContinuousClock.now - lastHead >= silence else { continue }
                    logger.warning(
                        "no new head for 3× the block time; polling eth_blockNumber",
                        metadata: ["silence": "\(ContinuousClock.now - lastHead)"])
                    lastHead = .now
                }
                try await catchUp(node: node, head: try await node.blockNumber())
            }
        }
    }

    /// Subscribes to `newHeads`; false when the node refuses (some providers serve WebSocket without
    /// subscriptions), which makes the follower poll instead.
    private func subscribeToHeads(_ node: NodeClient) async throws -> Bool {
        let body = try await node.connection.call(
            "eth_subscribe", params: ["newHeads"], timeout: configuration.callTimeout)
        do {
            _ = try NodeClient.result("eth_subscribe", body)
            return true
        } catch {
            guard error.code == .rpc else { throw error }
            logger.warning("the node refuses a newHeads subscription; polling", metadata: ["error": "\(error)"])
            return false
        }
    }

    /// A new head: the live fast path when it extends the cursor, else the general catch-up (gaps, reorgs).
    private func onHead(_ header: BlockHeader, node: NodeClient) async throws {
        // Announcements queued behind a catch-up arrive late: the head never goes back for them.
        head = max(head, header.number)
        if configuration.confirmations == 0, let cursor {
            if header.number == cursor.number + 1 && header.parentHash == cursor.hash {
                let logs = try await node.logs(blockHash: header.hash)
                try await emit([EmitBlock(header: header, logs: logs)])
                return
            }
            if header.number <= cursor.number, let known = window[header.number], known != header.hash,
                try await node.header(number: header.number)?.hash == header.hash
            {
                // A competing branch at or below our tip that the node calls canonical: undo back to where it forks,
                // then follow it. (A late announcement of a block the node has orphaned since, queued behind a
                // catch-up that already followed the new branch, is not one: undoing for it would retract logs of
                // the canonical chain and send them again. Nor is one older than the window, queued behind a poll
                // that took the cursor far ahead: it is not in the window because it left it, not because it
                // differs.)
                try await undoReorg(from: header, node: node)
            }
        }
        try await catchUp(node: node, head: header.number)
    }

    /// Writes `blocks` and moves the in-memory state as the scripts moved Redis.
    func emit(_ blocks: [EmitBlock]) async throws {
        let written = try await Self.write(
            blocks, after: cursor, ledger: ledger, lease: leaseValue, hook: configuration.faultHook, logger: logger)
        record(blocks, cursor: written)
    }

    /// Notes blocks the ledger took: the window grows, the cursor moves.
    func record(_ blocks: [EmitBlock], cursor written: ChainCursor?) {
        for block in blocks { window.append(number: block.number, hash: block.hash) }
        cursor = written
    }

    /// Logs per ledger step: big enough to amortise the round trips, small enough to keep Redis responsive.
    static let entriesPerStep = 4000

    /// Writes `blocks` (ascending, the first a descendant of `cursor`) in ledger steps of about `entriesPerStep`
    /// logs, with the fault hook around each, and returns the new cursor. The next step is prepared while Redis
    /// takes one. It touches no follower state, so catching up can fetch the next blocks meanwhile.
    static func write(
        _ blocks: [EmitBlock], after cursor: ChainCursor?, ledger: IngestLedger, lease: String,
        hook: EmitFaultHook?, logger: Logger
    ) async throws -> ChainCursor? {
        var steps: [ArraySlice<EmitBlock>] = []
        var start = blocks.startIndex
        while start < blocks.endIndex {
            var end = start
            var entries = 0
            while end < blocks.endIndex && (end == start || entries + blocks[end].logs.count <= entriesPerStep) {
                entries += blocks[end].logs.count
                end += 1
            }
            steps.append(blocks[start..<end])
            start = end
        }
        var cursor = cursor
        var prepared = steps.first.map { ledger.prepare(Array($0), after: cursor) }
        for index in steps.indices {
            guard let step = prepared, let last = step.newest else { break }
            let following = index + 1 < steps.count ? Array(steps[index + 1]) : nil
            async let next = following.map {
                ledger.prepare($0, after: ChainCursor(number: last.number, hash: last.hash))
            }
            try await hook?(.beforeEmit, last.number)
            let added = try await ledger.emit(step, lease: lease)
            try await hook?(.afterEmit, last.number)
            cursor = ChainCursor(number: last.number, hash: last.hash)
            logger.debug(
                "emitted",
                metadata: ["block.number": "\(last.number)", "blocks": "\(step.blocks.count)", "entries": "\(added)"])
            prepared = await next
        }
        return cursor
    }
}

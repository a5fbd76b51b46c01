import ChainKit
import Logging

extension HeadFollower {
    /// Blocks fetched and emitted per round while catching up: headers are asked for concurrently, logs by range.
    static let catchUpChunk: UInt64 = 500
    /// Headers asked for at once.
    static let headerConcurrency = 32

    /// Emits every block from the cursor up to `head` − confirmations, in order, undoing reorgs on the way.
    func catchUp(node: NodeClient, head: UInt64) async throws {
        self.head = head
        guard head >= configuration.confirmations else { return }
        let target = head - configuration.confirmations
        guard let start = cursor else {
            try await startFresh(node: node, target: target)
            return
        }
        if target < start.number, let known = window[target], let header = try await node.header(number: target),
            header.hash != known
        {
            // The node's chain is shorter than ours and differs: a reorg onto a shorter branch.
            try await undoReorg(from: header, node: node)
        }
        try await fetchAndWrite(node: node, target: target)
    }

    /// The catch-up loop, pipelined: while the ledger writes one chunk, the next is fetched (the two wait on
    /// different servers). A chunk that does not link to the one before it is a reorg: the writes in flight are
    /// finished first, then undone back to the common ancestor.
    private func fetchAndWrite(node: NodeClient, target: UInt64) async throws {
        guard var fetched = cursor else { return }
        var ready: [EmitBlock] = []
        let (ledger, lease, hook, logger) = (self.ledger, leaseValue, configuration.faultHook, self.logger)
        while true {
            try Task.checkCancellation()
            let writing = ready
            let written = cursor
            ready = []
            async let wrote = Self.write(
                writing, after: written, ledger: ledger, lease: lease, hook: hook, logger: logger)
            var forked: BlockHeader?
            var nodeBehind = false
            if fetched.number < target {
                let range = (fetched.number + 1)...min(target, fetched.number + Self.catchUpChunk)
                let headers = try await linkedHeaders(range, node: node)
                if let first = headers.first {
                    if first.parentHash == fetched.hash {
                        ready = try await blocksWithLogs(headers, node: node)
                        if let last = ready.last { fetched = ChainCursor(number: last.number, hash: last.hash) }
                    } else {
                        forked = first
                    }
                } else {
                    nodeBehind = true  // the node lags its own head: next time
                }
            }
            record(writing, cursor: try await wrote)
            if let forked {
                try await undoReorg(from: forked, node: node)
                guard let cursor else { return }
                fetched = cursor
                continue
            }
            if ready.isEmpty && (fetched.number >= target || nodeBehind) { return }
        }
    }

    /// A chain seen for the first time starts at `startBlock` or at the target, without backfilling history
    /// (that is `evmhook replay`'s job).
    private func startFresh(node: NodeClient, target: UInt64) async throws {
        let number = configuration.startBlock ?? target
        guard let header = try await node.header(number: number) else { return }
        logger.info("no cursor yet: starting", metadata: ["block.number": "\(number)"])
        try await emit([EmitBlock(header: header, logs: try await node.logs(blockHash: header.hash))])
        try await catchUp(node: node, head: target + configuration.confirmations)
    }

    /// The canonical headers of `range`, stopping at the first the node lacks or that does not link to the one
    /// before it (a reorg under way: the rest is fetched again next round).
    private func linkedHeaders(_ range: ClosedRange<UInt64>, node: NodeClient) async throws -> [BlockHeader] {
        var found: [UInt64: BlockHeader] = [:]
        var next = range.lowerBound
        try await withThrowingTaskGroup(of: (UInt64, BlockHeader?).self) { group in
            var inFlight = 0
            while next <= range.upperBound || inFlight > 0 {
                while next <= range.upperBound && inFlight < Self.headerConcurrency {
                    let number = next
                    group.addTask { (number, try await node.header(number: number)) }
                    next += 1
                    inFlight += 1
                }
                guard let (number, header) = try await group.next() else { break }
                inFlight -= 1
                if let header { found[number] = header }
            }
        }
        var headers: [BlockHeader] = []
        for number in range {
            guard let header = found[number], header.number == number else { break }
            if let previous = headers.last, header.parentHash != previous.hash { break }
            headers.append(header)
        }
        return headers
    }

    /// The logs of `headers` (consecutive, linked): by hash for one block, by range otherwise, checked against
    /// the headers' hashes so a reorg between the two calls cannot slip a foreign log in. Returns the blocks up
    /// to the first that did not match (it is fetched again next round).
    private func blocksWithLogs(_ headers: [BlockHeader], node: NodeClient) async throws -> [EmitBlock] {
        guard let first = headers.first, let last = headers.last else { return [] }
        if headers.count == 1 {
            return [EmitBlock(header: first, logs: try await node.logs(blockHash: first.hash))]
        }
        var byNumber: [UInt64: [Log]] = [:]
        var from = first.number
        let hashes = Dictionary(uniqueKeysWithValues: headers.map { ($0.number, $0.hash) })
        while from <= last.number {
            let (covered, logs) = try await fetcher.fetchPrefix(of: from...last.number, node: node) { hashes[$0] }
            for log in logs { byNumber[log.blockNumber, default: []].append(log) }
            from = covered.upperBound + 1
        }
        var blocks: [EmitBlock] = []
        for header in headers {
            let logs = byNumber[header.number] ?? []
            guard logs.allSatisfy({ $0.blockHash == header.hash }) else {
                logger.info("logs from another branch; refetching", metadata: ["block.number": "\(header.number)"])
                break
            }
            blocks.append(EmitBlock(header: header, logs: logs))
        }
        return blocks
    }
}

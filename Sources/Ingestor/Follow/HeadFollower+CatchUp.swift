import ChainKit
import Logging

extension HeadFollower {
    /// Blocks fetched and emitted per round while catching up: headers are asked for concurrently, logs by range.
    static let catchUpChunk: UInt64 = 500
    /// Headers asked for at once.
    static let headerConcurrency = 32

    /// Emits every block from the cursor up to `head` − confirmations, in order, undoing reorgs on the way.
    func catchUp(node: NodeClient, head: UInt64) async throws {
        // The node's head as polled counts as announced; a late announcement never takes the head back.
        self.head = max(self.head, head)
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
            let fetching: Result<Chunk?, any Error>
            if fetched.number < target {
                // Blocks below the window (as it will be at `target`) are fetched apart from the window's own.
                let windowStart = target >= configuration.windowSize ? target - configuration.windowSize + 1 : 0
                let deep = fetched.number + 1 < windowStart
                let end = min(deep ? windowStart - 1 : target, fetched.number + Self.catchUpChunk)
                do {
                    fetching = .success(
                        try await chunk((fetched.number + 1)...end, after: fetched, deep: deep, node: node))
                } catch {
                    fetching = .failure(error)
                }
            } else {
                fetching = .success(nil)
            }
            // The write first, even when the fetch failed: what Redis took is recorded, and a failed write (a lost
            // lease, a crash) says more than a node failure, which would only make the follower reconnect.
            record(writing, cursor: try await wrote)
            switch try fetching.get() {
            case .blocks(let blocks):
                ready = blocks
                if let last = ready.last { fetched = ChainCursor(number: last.number, hash: last.hash) }
            case .forked(let header):
                forked = header
            case .nodeBehind:
                nodeBehind = true  // the node lags its own head: next time
            case nil:
                break
            }
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

    /// What one round of catching up found.
    private enum Chunk {
        /// Blocks to write, ascending, the first a child of what was fetched before.
        case blocks([EmitBlock])
        /// The range does not start on our chain: a reorg under way.
        case forked(BlockHeader)
        /// The node does not have the range's first block yet.
        case nodeBehind
    }

    /// The blocks of `range`. Below the reorg window no block can be orphaned in a way the Ingestor could undo, so
    /// a header per block would only buy hashes the window is about to forget: such `deep` ranges take the cheap
    /// path; the window's own blocks are fetched header by header, linked.
    private func chunk(_ range: ClosedRange<UInt64>, after fetched: ChainCursor, deep: Bool, node: NodeClient)
        async throws -> Chunk
    {
        if deep, let blocks = try await deepBlocks(range, after: fetched, node: node) {
            return .blocks(blocks)
        }
        let headers = try await linkedHeaders(range, node: node)
        guard let first = headers.first else { return .nodeBehind }
        guard first.parentHash == fetched.hash else { return .forked(first) }
        return .blocks(try await blocksWithLogs(headers, node: node))
    }

    /// The blocks of a range deep below the head, from ranged logs and three kinds of header only: the first block
    /// (does it link to what was written?), the last (the cursor) and any whose logs lack `blockTimestamp`. Blocks
    /// without logs are skipped, but for the last. Nil when anything does not add up (a refusal only a block hash
    /// can answer, logs of two branches, a range that does not link): the header-by-header path sorts that out.
    private func deepBlocks(_ range: ClosedRange<UInt64>, after fetched: ChainCursor, node: NodeClient)
        async throws -> [EmitBlock]?
    {
        var logs: [Log] = []
        var from = range.lowerBound
        do {
            while from <= range.upperBound {
                let (covered, part) = try await fetcher.fetchPrefix(of: from...range.upperBound, node: node)
                logs += part
                from = covered.upperBound + 1
            }
        } catch let error as NodeError where RangeLimitRefusal(error) != nil {
            return nil
        }
        var wanted: Set<UInt64> = [range.lowerBound, range.upperBound]
        for log in logs where log.blockTimestamp == nil { wanted.insert(log.blockNumber) }
        let headers = try await self.headers(wanted, node: node)
        guard let first = headers[range.lowerBound], first.parentHash == fetched.hash,
            let last = headers[range.upperBound]
        else { return nil }
        var blocks: [EmitBlock] = []
        for (number, blockLogs) in Dictionary(grouping: logs, by: \.blockNumber).sorted(by: { $0.key < $1.key }) {
            let hash = blockLogs[0].blockHash
            guard range.contains(number), blockLogs.allSatisfy({ $0.blockHash == hash }) else { return nil }
            if let header = headers[number] {
                guard header.hash == hash else { return nil }
                blocks.append(EmitBlock(header: header, logs: blockLogs))
            } else {
                guard blockLogs.allSatisfy({ $0.blockTimestamp != nil }) else { return nil }
                blocks.append(EmitBlock(number: number, hash: hash, logs: blockLogs))
            }
        }
        if blocks.last?.number != last.number { blocks.append(EmitBlock(header: last, logs: [])) }
        return blocks
    }

    /// The canonical headers of `range`, stopping at the first the node lacks or that does not link to the one
    /// before it (a reorg under way: the rest is fetched again next round).
    private func linkedHeaders(_ range: ClosedRange<UInt64>, node: NodeClient) async throws -> [BlockHeader] {
        let found = try await headers(Set(range), node: node)
        var headers: [BlockHeader] = []
        for number in range {
            guard let header = found[number] else { break }
            if let previous = headers.last, header.parentHash != previous.hash { break }
            headers.append(header)
        }
        return headers
    }

    /// The node's canonical headers of `numbers` (those it has), asked for `headerConcurrency` at a time.
    private func headers(_ numbers: Set<UInt64>, node: NodeClient) async throws -> [UInt64: BlockHeader] {
        var found: [UInt64: BlockHeader] = [:]
        var pending = numbers.sorted()[...]
        try await withThrowingTaskGroup(of: (UInt64, BlockHeader?).self) { group in
            var inFlight = 0
            while !pending.isEmpty || inFlight > 0 {
                while let number = pending.first, inFlight < Self.headerConcurrency {
                    pending.removeFirst()
                    group.addTask { (number, try await node.header(number: number)) }
                    inFlight += 1
                }
                guard let (number, header) = try await group.next() else { break }
                inFlight -= 1
                if let header, header.number == number { found[number] = header }
            }
        }
        return found
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

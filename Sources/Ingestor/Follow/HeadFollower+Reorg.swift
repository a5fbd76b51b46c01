import ChainKit
import Logging

extension HeadFollower {
    /// Undoes the emitted blocks that `header`'s branch does not contain, newest first, leaving the cursor on
    /// the common ancestor; the caller then emits the new branch from there.
    ///
    /// The ancestor is found by walking `header`'s parents by hash until one is in the canonical window. When
    /// the walk leaves the window first (a reorg deeper than it), every block of the window is undone, an error
    /// names both hashes at the window's oldest height, and following resumes from the new branch's block just
    /// below the window: logs of the replaced blocks older than the window get no `removed` entry and the new
    /// branch's logs there are not emitted (`evmhook replay` repairs that range).
    func undoReorg(from header: BlockHeader, node: NodeClient) async throws {
        guard let start = cursor else { return }
        var child = header
        var ancestor: UInt64?
        walk: while true {
            switch window.step(from: child, cursor: start.number) {
            case .ancestor(let number):
                ancestor = number
                break walk
            case .belowWindow:
                break walk
            case .parent(let hash):
                guard let parent = try await node.header(hash: hash) else {
                    throw NodeError(.rpc, method: "eth_getBlockByHash", detail: "the node does not know \(hash)")
                }
                child = parent
            }
        }
        let floor: UInt64
        if let ancestor {
            floor = ancestor
            logger.warning(
                "reorg",
                metadata: [
                    "block.number": "\(start.number)", "depth": "\(start.number - ancestor)",
                    "ancestor": "\(ancestor)",
                ])
        } else {
            floor = (window.lowest ?? start.number + 1) - 1
            logger.error(
                "reorg deeper than the canonical window: resuming from the window's end",
                metadata: [
                    "block.number": "\(child.number)",
                    "block.hash.ours": "\(window[child.number].map { "\($0)" } ?? "unknown")",
                    "block.hash.node": "\(child.hash)", "window": "\(window.size)",
                ])
        }
        ledger.metrics.reorg(depth: start.number - floor)
        while let orphan = cursor, orphan.number > floor {
            try Task.checkCancellation()
            let parentHash: Hash32
            if let known = window[orphan.number - 1] {
                parentHash = known
            } else {
                parentHash = try await node.header(hash: orphan.hash)?.parentHash ?? Hash32.zero
            }
            let logs = try await node.logs(blockHash: orphan.hash)
            try await configuration.faultHook?(.beforeEmit, orphan.number)
            let missing = try await ledger.remove(orphan: orphan, parentHash: parentHash, logs: logs, lease: leaseValue)
            try await configuration.faultHook?(.afterEmit, orphan.number)
            if missing > 0 {
                logger.error(
                    "the node did not return every emitted log of an orphaned block: no removed entry for them",
                    metadata: [
                        "block.number": "\(orphan.number)", "block.hash": "\(orphan.hash)", "logs": "\(missing)",
                    ])
            }
            window.remove(number: orphan.number)
            cursor = ChainCursor(number: orphan.number - 1, hash: parentHash)
        }
        if ancestor == nil, let cursor {
            // Re-anchor on the new branch: its block at the cursor's height becomes the cursor, no logs emitted.
            guard let base = try await node.header(number: cursor.number) else { return }
            try await emit([EmitBlock(header: base, logs: [])])
        }
    }
}

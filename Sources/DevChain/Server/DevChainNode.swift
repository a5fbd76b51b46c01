import ChainKit
import Logging

/// The dev chain behind both transports: the chain, the miner, the faults, and every WebSocket with its
/// subscriptions. One actor, so a block is announced to every subscriber before the next is mined.
actor DevChainNode {
    private(set) var chain: Chain
    let logger: Logger
    var faults = Faults()
    var sockets: [Int: Socket] = [:]
    private var nextSocketID = 0
    private var subscriptionCounter: UInt64 = 0
    private var miner: Task<Void, Never>?
    private(set) var blockTime: Duration?
    private let clock = ContinuousClock()

    init(configuration: DevChainConfiguration, logger: Logger) {
        chain = Chain(
            configuration: Chain.Configuration(
                chainID: configuration.chainID,
                logsPerBlock: configuration.logsPerBlock,
                seed: configuration.seed,
                secondsPerBlock: max(1, UInt64(configuration.blockTime?.components.seconds ?? 1)),
                tokenCount: configuration.tokenCount
            )
        )
        self.logger = logger
    }

    // MARK: Mining

    /// Mines on a timer every `interval`, or stops mining when `nil` (blocks then come only from `mine`).
    func setBlockTime(_ interval: Duration?) {
        miner?.cancel()
        miner = nil
        blockTime = interval
        guard let interval, interval > .zero else { return }
        miner = Task { await self.runMiner(every: interval) }
    }

    private func runMiner(every interval: Duration) async {
        var next = clock.now.advanced(by: interval)
        while !Task.isCancelled {
            do { try await clock.sleep(until: next) } catch { return }
            guard !Task.isCancelled else { return }
            mine(count: 1)
            // Fall back into step rather than mining a burst after a stall, as a real chain would.
            next = max(next.advanced(by: interval), clock.now)
        }
    }

    /// Mines `count` blocks now, announcing each; returns the new head's number.
    @discardableResult
    func mine(count: Int) -> UInt64 {
        for _ in 0..<max(0, count) {
            let block = chain.mine()
            announce(removed: [], added: [block])
        }
        return chain.head.number
    }

    /// Queues logs for the next block.
    func emit(_ logs: [LogTemplate]) { chain.emit(logs) }

    /// Replaces the last `depth` blocks with a new branch of `depth + 1` and tells subscribers as geth does:
    /// the orphaned logs again with `removed: true`, the new branch's logs, and one `newHeads` for the new head.
    func reorg(depth: Int) throws(RPCFailure) -> Chain.Reorg {
        let reorg = try chain.reorg(depth: depth)
        logger.info(
            "reorg",
            metadata: ["depth": "\(depth)", "head": "\(chain.head.number)", "head.hash": "\(chain.head.hash)"]
        )
        announce(removed: reorg.orphaned, added: reorg.adopted)
        return reorg
    }

    func stop() {
        setBlockTime(nil)
        for socket in sockets.values {
            socket.output.yield(.close)
            socket.output.finish()
        }
        sockets.removeAll()
    }

    // MARK: Sockets

    func openSocket() -> (id: Int, output: AsyncStream<SocketOutput>) {
        let (output, continuation) = AsyncStream<SocketOutput>.makeStream()
        nextSocketID += 1
        sockets[nextSocketID] = Socket(output: continuation)
        return (nextSocketID, output)
    }

    func closeSocket(_ id: Int) {
        sockets.removeValue(forKey: id)?.output.finish()
    }

    /// Closes every WebSocket now, as a restarting node or a provider's load balancer does; returns how many.
    func closeAllSockets() -> Int {
        let count = sockets.count
        for socket in sockets.values {
            socket.output.yield(.close)
            socket.output.finish()
        }
        sockets.removeAll()
        return count
    }

    /// A new subscription id: 16 bytes in hex with leading zeros trimmed, as geth makes them, but derived from a
    /// counter so runs are reproducible.
    func newSubscriptionID() -> String {
        subscriptionCounter += 1
        let bytes = Keccak256.hash(Array("evmhook-devchain/subscription/\(subscriptionCounter)".utf8)).bytes.prefix(16)
        let hex = bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
            .joined()
        let trimmed = hex.drop { $0 == "0" }
        return "0x" + (trimmed.isEmpty ? "0" : trimmed)
    }

    // MARK: Announcements

    /// Tells subscribers in geth's order: the orphaned logs (`removed: true`), then the new blocks' logs, then the
    /// new head. Clients such as web3.py rely on having the logs of a head before the head itself.
    private func announce(removed: [ChainBlock], added: [ChainBlock]) {
        guard !sockets.isEmpty, let head = added.last else { return }
        let silenced = faults.headsSilencedUntil.map { clock.now < $0 } ?? false
        let headJSON = ChainJSON.header(head)
        for socket in sockets.values {
            let subscriptions = socket.subscriptions.sorted { $0.key < $1.key }
            for case (let id, .logs(let filter)) in subscriptions {
                for block in removed {
                    for log in block.logs where filter.matches(log) {
                        let json = ChainJSON.log(log, removed: true)
                        socket.output.yield(.text(RPCEnvelope.notification(subscription: id, json)))
                    }
                }
                for block in added {
                    for (index, log) in block.logs.enumerated() where filter.matches(log) {
                        socket.output.yield(.text(RPCEnvelope.notification(subscription: id, block.logJSON[index])))
                    }
                }
            }
            guard !silenced else { continue }
            for case (let id, .newHeads) in subscriptions {
                socket.output.yield(.text(RPCEnvelope.notification(subscription: id, headJSON)))
            }
        }
    }
}

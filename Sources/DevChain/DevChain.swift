public import ChainKit
public import Logging
import ServiceLifecycle

/// A simulated Ethereum node speaking geth's JSON-RPC over HTTP and WebSocket on one port, with controls for
/// reorgs and the faults real nodes and providers produce. Run it with `evmhook devchain`, or embed it:
///
/// ```swift
/// let chain = try await DevChain.start(DevChainConfiguration(port: 0, blockTime: nil))
/// try await chain.mine(3)
/// // … point a client at chain.webSocketURL …
/// await chain.stop()
/// ```
public final class DevChain: Sendable {
    private let node: DevChainNode
    private let server: Task<Void, any Error>
    private let services: ServiceGroup
    /// The port actually bound (useful with port 0).
    public let port: Int
    public let configuration: DevChainConfiguration

    public var httpURL: String { "http://\(configuration.host):\(port)" }
    public var webSocketURL: String { "ws://\(configuration.host):\(port)" }

    private init(
        node: DevChainNode, server: Task<Void, any Error>, services: ServiceGroup, port: Int,
        configuration: DevChainConfiguration
    ) {
        self.node = node
        self.server = server
        self.services = services
        self.port = port
        self.configuration = configuration
    }

    /// Starts serving and mining; returns once the port is bound.
    public static func start(
        _ configuration: DevChainConfiguration, logger: Logger = Logger(label: "evmhook.devchain")
    ) async throws -> DevChain {
        let node = DevChainNode(configuration: configuration, logger: logger)
        let (bound, boundContinuation) = AsyncStream<Int>.makeStream()
        let app = DevChainServer.application(node: node, configuration: configuration, logger: logger) { port in
            boundContinuation.yield(port)
            boundContinuation.finish()
        }
        // No signal handling here: the embedding program (the CLI, a test) decides when to stop. A client still
        // sending its request (half a body) would hold a graceful shutdown forever: after a second it is cancelled.
        var group = ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [], logger: logger)
        group.maximumGracefulShutdownDuration = .seconds(1)
        let services = ServiceGroup(configuration: group)
        let server = Task { try await services.run() }
        var iterator = bound.makeAsyncIterator()
        guard let port = await iterator.next() else {
            // The server ended before binding: surface its error (port in use, bad host).
            try await server.value
            throw DevChainError(description: "the dev chain server stopped before it was listening")
        }
        await node.setBlockTime(configuration.blockTime)
        logger.info("dev chain listening", metadata: ["port": "\(port)", "chain.id": "\(configuration.chainID)"])
        return DevChain(node: node, server: server, services: services, port: port, configuration: configuration)
    }

    /// Stops mining, closes every WebSocket, and stops the server. Idempotent.
    public func stop() async {
        await node.stop()
        await services.triggerGracefulShutdown()
        _ = await server.result
    }

    /// Mines `count` blocks now; returns the new head number.
    @discardableResult
    public func mine(_ count: Int = 1) async -> UInt64 { await node.mine(count: count) }

    /// The current head: number and hash.
    public func head() async -> (number: UInt64, hash: Hash32) {
        let head = await node.chain.head
        return (head.number, head.hash)
    }

    /// The logs of the canonical blocks in `range` (clamped to the head), in chain order: what a test compares a
    /// follower's output with.
    public func logs(in range: ClosedRange<UInt64>) async -> [Log] {
        await node.canonicalLogs(in: range)
    }

    /// Emits the given logs (address, topics, data) in the next block, one transaction each.
    public func emit(_ logs: [(address: Address, topics: [Hash32], data: [UInt8])]) async {
        await node.emit(logs.map { LogTemplate(address: $0.address, topics: $0.topics, data: $0.data) })
    }

    /// Replaces the last `depth` blocks with a different branch of `depth + 1` blocks.
    public func reorg(depth: Int) async throws {
        do { _ = try await node.reorg(depth: depth) } catch { throw DevChainError(description: error.message) }
    }

    /// Mines every `interval`, or only on request when `nil`.
    public func setBlockTime(_ interval: Duration?) async { await node.setBlockTime(interval) }

    /// Closes every WebSocket connection now; returns how many were open.
    @discardableResult
    public func closeWebSockets() async -> Int { await node.closeAllSockets() }

    /// Delays every answer by `delay`.
    public func setResponseDelay(_ delay: Duration) async { await node.setFaults { $0.responseDelay = delay } }

    /// Refuses `eth_getLogs` beyond `limit` in the words of its provider style; `nil` lifts it.
    public func setGetLogsLimit(_ limit: GetLogsLimit?) async { await node.setFaults { $0.getLogsLimit = limit } }

    /// Leaves `blockTimestamp` out of `eth_getLogs` answers (as clients other than geth do) while `omitted`.
    public func setLogTimestamps(omitted: Bool) async { await node.setFaults { $0.logsWithoutTimestamp = omitted } }

    /// Answers the next `count` requests with `fault` instead of their real answer.
    public func failNext(_ count: Int, with fault: TransportFault) async {
        await node.setFaults { $0.scheduled.append(contentsOf: Array(repeating: fault, count: count)) }
    }

    /// Answers the next `count` requests with broken JSON.
    public func malformNext(_ count: Int) async { await node.setFaults { $0.malformedRemaining += count } }

    /// Keeps mining but tells `newHeads` subscribers nothing for `duration` (`.zero` ends it).
    public func silenceHeads(for duration: Duration) async {
        await node.setFaults {
            $0.headsSilencedUntil = duration > .zero ? ContinuousClock.now.advanced(by: duration) : nil
        }
    }
}

/// An error of the dev chain's embedding API.
public struct DevChainError: Error, CustomStringConvertible {
    public let description: String
}

extension DevChainNode {
    func canonicalLogs(in range: ClosedRange<UInt64>) -> [Log] {
        guard range.lowerBound <= chain.head.number else { return [] }
        return (range.lowerBound...min(range.upperBound, chain.head.number)).flatMap {
            chain.block(number: $0)?.logs ?? []
        }
    }

    func setFaults(_ change: @Sendable (inout Faults) -> Void) { change(&faults) }
}

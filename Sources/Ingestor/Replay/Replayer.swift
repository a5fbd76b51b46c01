import ChainKit
public import Foundation
public import Hiredis
public import Logging
public import Pipeline

/// `evmhook replay`: re-emits the logs of a block range as `replay` entries (no dedup: a backfill is a deliberate
/// second delivery), in chunks of ranged `eth_getLogs` that adapt to the node's limits.
///
/// Each chunk's entries and the progress (`RedisKeys.replay(id)`) are written in one `MULTI`/`EXEC`, and the id
/// is derived from the arguments, so a rerun after Ctrl-C (or a crash) continues after the last whole chunk,
/// never repeating or skipping one. A rate cap keeps a backfill from starving live ingestion of Redis and node.
public struct Replayer: Sendable {
    public struct Configuration: Sendable {
        public var rpcURL: String
        public var chainID: UInt64
        public var range: ClosedRange<UInt64>
        /// Only this endpoint receives the entries (when its filter matches); nil: every matching endpoint.
        public var endpoint: UUID?
        public var keys: RedisKeys
        /// The widest `eth_getLogs` range asked for.
        public var maxGetLogsRange: UInt64 = 500
        /// Entries written per second at most.
        public var maxLogsPerSecond: Double = 5000
        public var callTimeout: Duration = .seconds(30)

        public init(rpcURL: String, chainID: UInt64, range: ClosedRange<UInt64>, endpoint: UUID?, keys: RedisKeys) {
            self.rpcURL = rpcURL
            self.chainID = chainID
            self.range = range
            self.endpoint = endpoint
            self.keys = keys
        }

        /// The replay's id: the same arguments give the same id, so a rerun finds its progress.
        public var id: String {
            let identity =
                "evmhook-replay/1|\(chainID)|\(range.lowerBound)|\(range.upperBound)|"
                + (endpoint?.uuidString.lowercased() ?? "all")
            return "rpl_" + Keccak256.hash(Array(identity.utf8)).description.dropFirst(2).prefix(16)
        }
    }

    /// Where a replay stands.
    public struct Progress: Sendable {
        public var blocksDone: UInt64
        public var blocksTotal: UInt64
        /// Blocks an earlier run had done when this one started.
        public var blocksResumed: UInt64
        /// Entries written by this run.
        public var logs: UInt64
        /// Since this run started.
        public var elapsed: Duration
        /// Whether the whole range is in the stream (this run or an earlier one).
        public var isComplete: Bool { blocksDone == blocksTotal }
    }

    public let configuration: Configuration
    let redis: RedisConnection
    let logger: Logger

    public init(configuration: Configuration, redis: RedisConnection, logger: Logger) {
        self.configuration = configuration
        self.redis = redis
        self.logger = logger
    }

    /// Replays from where an earlier run stopped; returns when done, or early (without error) when cancelled.
    public func run(onProgress: @Sendable (Progress) -> Void) async throws -> Progress {
        let range = configuration.range
        let key = configuration.keys.replay(id: configuration.id)
        var next = try await redis.send(["HGET", key, "next"]).int.map(UInt64.init) ?? range.lowerBound
        let clock = ContinuousClock()
        let started = clock.now
        var progress = Progress(
            blocksDone: next - range.lowerBound, blocksTotal: range.upperBound - range.lowerBound + 1,
            blocksResumed: next - range.lowerBound, logs: 0, elapsed: .zero)
        guard next <= range.upperBound else { return progress }

        let connection = try await NodeConnector.open(
            configuration.rpcURL, timeout: configuration.callTimeout, logger: logger)
        let node = NodeClient(connection: connection, logger: logger, timeout: configuration.callTimeout)
        do {
            try await Self.check(node, for: configuration)
            var fetcher = LogRangeFetcher(maxRange: configuration.maxGetLogsRange, logger: logger)
            let replay = StreamEntry.Replay(id: configuration.id, endpoint: configuration.endpoint)
            while next <= range.upperBound && !Task.isCancelled {
                let (covered, logs) = try await fetcher.fetchPrefix(of: next...range.upperBound, node: node)
                var commands: [[String]] = []
                commands.reserveCapacity(logs.count + 1)
                for log in try await node.withTimestamps(logs) {
                    let entry = StreamEntry(kind: .replay, chainID: configuration.chainID, log: log, replay: replay)
                    commands.append(["XADD", configuration.keys.stream, "*"] + entry.fields)
                }
                commands.append([
                    "HSET", key, "next", String(covered.upperBound + 1), "chain", String(configuration.chainID),
                    "from", String(range.lowerBound), "to", String(range.upperBound), "endpoint",
                    configuration.endpoint?.uuidString.lowercased() ?? "all",
                ])
                _ = try await redis.transaction(commands)
                next = covered.upperBound + 1
                progress.blocksDone = next - range.lowerBound
                progress.logs += UInt64(logs.count)
                progress.elapsed = clock.now - started
                onProgress(progress)
                try? await throttle(logs: progress.logs, since: started, clock: clock)
            }
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
        return progress
    }

    /// Whether the node of `configuration` can serve it, checked on a connection of its own: what `run` checks before
    /// its first chunk, for a caller that must answer before starting one (the admin API).
    ///
    /// - Throws: `IngestorError` coded `.wrongChain` or `.beyondHead`; `NodeError` when the node cannot be used.
    public static func checkNode(for configuration: Configuration, logger: Logger) async throws {
        let connection = try await NodeConnector.open(
            configuration.rpcURL, timeout: configuration.callTimeout, logger: logger)
        do {
            try await check(
                NodeClient(connection: connection, logger: logger, timeout: configuration.callTimeout),
                for: configuration)
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
    }

    /// The node serves the replay's chain and has mined the range's last block (else the replay would walk through
    /// empty ranges for ever).
    private static func check(_ node: NodeClient, for configuration: Configuration) async throws {
        let reported = try await node.chainID()
        guard reported == configuration.chainID else {
            throw IngestorError(
                .wrongChain, "the node reports chain id \(reported), not the replay's chain \(configuration.chainID)")
        }
        let head = try await node.blockNumber()
        guard configuration.range.upperBound <= head else {
            throw IngestorError(
                .beyondHead, "block \(configuration.range.upperBound) is beyond the node's head \(head)")
        }
    }

    /// Sleeps as long as needed to keep the average rate under `maxLogsPerSecond`.
    private func throttle(logs: UInt64, since start: ContinuousClock.Instant, clock: ContinuousClock) async throws {
        let earliest = start + .seconds(Double(logs) / configuration.maxLogsPerSecond)
        if earliest > clock.now { try await clock.sleep(until: earliest) }
    }
}

public import Pipeline

extension Ingestor {
    /// How one Ingestor follows one chain; the defaults suit Ethereum mainnet over a WebSocket.
    public struct Configuration: Sendable {
        /// The node: `ws://`/`wss://` (subscribes to `newHeads`) or `http://`/`https://` (polls).
        public var rpcURL: String
        /// The chain id the node must report; nil accepts what it reports.
        public var expectedChainID: UInt64?
        /// Blocks to wait: the logs of block h−N are emitted when head h arrives.
        public var confirmations: UInt64 = 0
        /// Where the stream and the chain's state live.
        public var keys = RedisKeys()
        /// Blocks of the canonical chain kept in Redis for reorgs (at least 128).
        public var windowSize: UInt64 = 256 {
            didSet { windowSize = max(windowSize, Self.minimumWindow) }
        }
        /// The chain's block time: 3× it without a head makes the follower poll `eth_blockNumber`.
        public var expectedBlockTime: Duration = .seconds(12)
        /// The widest `eth_getLogs` range asked for while catching up.
        public var maxGetLogsRange: UInt64 = 2000
        /// Lease lifetime for the hot standby; a standby takes over within 2× of it.
        public var leaseDuration: Duration = .seconds(10)
        /// The deadline of one node call.
        public var callTimeout: Duration = .seconds(10)
        /// The first pause before reconnecting; doubles up to `maximumReconnectDelay` (30 s, as the issue says).
        public var initialReconnectDelay: Duration = .milliseconds(250)
        public var maximumReconnectDelay: Duration = .seconds(30)
        /// How often an HTTP node is polled for its head.
        public var pollInterval: Duration = .seconds(2)
        /// Where a chain with no cursor starts; nil starts at the node's head minus the confirmations.
        public var startBlock: UInt64?
        /// The lease holder's name, for operators.
        public var holder = "evmhook"
        /// Test-only: called around every emit step (see `EmitFaultHook`).
        public var faultHook: EmitFaultHook?

        /// The smallest window allowed: the floor, and deeper than any reorg seen on mainnet since the merge.
        public static let minimumWindow: UInt64 = 128

        public init(rpcURL: String, expectedChainID: UInt64? = nil, confirmations: UInt64 = 0, keys: RedisKeys) {
            self.rpcURL = rpcURL
            self.expectedChainID = expectedChainID
            self.confirmations = confirmations
            self.keys = keys
        }

        /// A dedup set's expiry: the window at the expected block time, twice over, and at least an hour.
        var seenTTLSeconds: Int {
            max(3600, Int(windowSize) * 2 * Int(max(1, expectedBlockTime.components.seconds)))
        }
    }
}

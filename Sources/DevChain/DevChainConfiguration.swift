/// How a dev chain runs; the defaults are those of `evmhook devchain`.
public struct DevChainConfiguration: Sendable {
    /// Port on 127.0.0.1; 0 picks a free one (read it from `DevChain.port`).
    public var port: Int = 8545
    /// Host to bind; loopback unless deliberately exposed.
    public var host: String = "127.0.0.1"
    public var chainID: UInt64 = 31_337
    /// Time between blocks; `nil` mines only on request (`mine`), as tests usually want.
    public var blockTime: Duration? = .seconds(1)
    /// Logs in every mined block (the workload fills blocks to exactly this many).
    public var logsPerBlock: Int = 20
    /// Seed of the workload: equal seeds and equal operations give equal chains.
    public var seed: UInt64 = 1
    /// ERC-20 token contracts the workload spreads transfers over.
    public var tokenCount: Int = 8

    public init(
        port: Int = 8545, chainID: UInt64 = 31_337, blockTime: Duration? = .seconds(1), logsPerBlock: Int = 20,
        seed: UInt64 = 1, tokenCount: Int = 8
    ) {
        self.port = port
        self.chainID = chainID
        self.blockTime = blockTime
        self.logsPerBlock = logsPerBlock
        self.seed = seed
        self.tokenCount = tokenCount
    }
}

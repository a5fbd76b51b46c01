import ArgumentParser

/// The node and how to follow it: shared by `ingest` and `run` (which passes them on to its Ingestor).
struct NodeOptions: ParsableArguments {
    @Option(name: .customLong("rpc-url"), help: "Node URL, ws(s):// or http(s):// (default: EVMHOOK_RPC_URL).")
    var rpcURL: String?

    @Option(name: .customLong("chain-id"), help: "Expected chain id (default: EVMHOOK_CHAIN_ID, else the node's).")
    var chainID: String?

    @Option(help: "Blocks to wait before emitting (default: EVMHOOK_CONFIRMATIONS, else 0).")
    var confirmations: String?

    @Option(
        name: .customLong("start-block"),
        help: "Where a chain without a cursor starts (default: the node's head; `evmhook replay` backfills).")
    var startBlock: UInt64?

    @Option(name: .customLong("block-time"), help: "The chain's block time; 3× it without a head triggers polling.")
    var blockTime = "12s"

    /// The same options as `ingest` arguments.
    var arguments: [String] {
        var arguments = ["--block-time", blockTime]
        if let rpcURL { arguments += ["--rpc-url", rpcURL] }
        if let chainID { arguments += ["--chain-id", chainID] }
        if let confirmations { arguments += ["--confirmations", confirmations] }
        if let startBlock { arguments += ["--start-block", String(startBlock)] }
        return arguments
    }
}

import ArgumentParser
import Foundation

/// What `replay` and `reconcile` both take: a chain's block range, optionally one endpoint, where the node and Redis
/// are, and how wide an `eth_getLogs` may be.
struct BlockRangeOptions: ParsableArguments {
    @Option(help: "The chain id; the node (EVMHOOK_RPC_URL) must report it.")
    var chain: UInt64

    @Option(help: "First block.")
    var from: UInt64

    @Option(help: "Last block (inclusive); not past the node's head.")
    var to: UInt64

    @Option(help: "Only this endpoint (its id), if its filter matches; default: every endpoint whose filter matches.")
    var endpoint: String?

    @Option(name: .customLong("rpc-url"), help: "Node URL, ws(s):// or http(s):// (default: EVMHOOK_RPC_URL).")
    var rpcURL: String?

    @Option(name: .customLong("redis-url"), help: "Redis URL (default: EVMHOOK_REDIS_URL).")
    var redisURL: String?

    @Option(name: .customLong("max-range"), help: "Widest eth_getLogs block range.")
    var maxRange: UInt64 = 500

    func validate() throws {
        guard from <= to else { throw ValidationError("--from must not be after --to") }
        guard maxRange > 0 else { throw ValidationError("--max-range must be positive") }
        if let endpoint, UUID(uuidString: endpoint) == nil {
            throw ValidationError("--endpoint must be an endpoint id (a UUID), got '\(endpoint)'")
        }
    }

    var range: ClosedRange<UInt64> { from...to }
    var endpointID: UUID? { endpoint.flatMap(UUID.init(uuidString:)) }

    /// The node's URL: `--rpc-url`, else `EVMHOOK_RPC_URL`.
    func nodeURL(_ settings: Settings) throws -> String {
        guard let url = rpcURL ?? settings.rpcURL else {
            throw InputError(description: "EVMHOOK_RPC_URL (or --rpc-url) is required: the node's ws:// or http:// URL")
        }
        return url
    }
}

import Ingestor
import Logging
import Observability

extension ReadinessCheck {
    /// The node answers `eth_chainId` (what `ingest`, `run` and `dev` need besides Redis).
    static func node(rpcURL: String, logger: Logger) -> ReadinessCheck {
        ReadinessCheck(name: "node") {
            _ = try await NodeProbe.chainID(rpcURL: rpcURL, timeout: .seconds(2), logger: logger)
        }
    }
}

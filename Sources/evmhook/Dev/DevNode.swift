import DevChain
import Logging

/// The node `evmhook dev` follows: the built-in dev chain, or the one `EVMHOOK_RPC_URL` names.
struct DevNode: Sendable {
    let rpcURL: String
    let chainID: UInt64
    /// Set when the dev chain runs in this process.
    let chain: DevChain?

    static func start(
        settings: Settings, blockTime: Duration, logsPerBlock: Int, logger: Logger
    ) async throws -> DevNode {
        if let url = settings.rpcURL {
            guard let text = settings.chainID, let chainID = UInt64(text), chainID > 0 else {
                throw InputError(
                    description: "EVMHOOK_RPC_URL is set: set EVMHOOK_CHAIN_ID too (the sample endpoint's chain)")
            }
            return DevNode(rpcURL: url, chainID: chainID, chain: nil)
        }
        let chain = try await DevChain.start(
            DevChainConfiguration(port: 0, chainID: 31_337, blockTime: blockTime, logsPerBlock: logsPerBlock, seed: 1),
            logger: logger)
        return DevNode(rpcURL: chain.webSocketURL, chainID: chain.configuration.chainID, chain: chain)
    }

    func stop() async {
        await chain?.stop()
    }
}

public import Logging

/// A one-off round trip to a node, for `/readyz`: connect, `eth_chainId`, close.
public enum NodeProbe {
    /// The chain id the node at `rpcURL` reports.
    ///
    /// - Throws: `NodeError` when it cannot be reached or does not answer within `timeout`.
    public static func chainID(rpcURL: String, timeout: Duration, logger: Logger) async throws -> UInt64 {
        let connection = try await NodeConnector.open(rpcURL, timeout: timeout, logger: logger)
        let node = NodeClient(connection: connection, logger: logger, timeout: timeout)
        do {
            let id = try await node.chainID()
            await connection.close()
            return id
        } catch {
            await connection.close()
            throw error
        }
    }
}

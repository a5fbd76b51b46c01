public import Logging

/// Opens the connection kind a URL asks for.
public enum NodeConnector {
    public static func open(_ url: String, timeout: Duration, logger: Logger) async throws(NodeError)
        -> any NodeConnection
    {
        let lowered = url.lowercased()
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") {
            return try HTTPNodeConnection(url: url, logger: logger)
        }
        guard lowered.hasPrefix("ws://") || lowered.hasPrefix("wss://") else {
            throw NodeError(
                .disconnected, method: "connect", detail: "the node URL must be ws://, wss://, http:// or https://")
        }
        return try await WebSocketNodeConnection.open(url: url, connectTimeout: timeout, logger: logger)
    }
}

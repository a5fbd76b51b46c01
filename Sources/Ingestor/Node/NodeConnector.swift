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
        return try await WebSocketNodeConnection.open(url: url, connectTimeout: timeout, logger: logger)
    }
}

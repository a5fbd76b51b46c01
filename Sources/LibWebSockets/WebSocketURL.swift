/// A parsed `ws://` or `wss://` URL: what libwebsockets needs to connect.
struct WebSocketURL: Equatable, Sendable {
    /// Whether the connection uses TLS (`wss`).
    var secure: Bool
    /// Host name or IP address, without IPv6 brackets.
    var host: String
    var port: Int
    /// Path and query, starting with `/`.
    var path: String

    /// The `Host` header: the port appears only when it is not the scheme's default (RFC 6455 §4.1).
    var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == (secure ? 443 : 80) ? name : "\(name):\(port)"
    }

    /// Parses `text`; errors name the offending part but never echo the whole URL (it may carry credentials).
    init(parsing text: String) throws(WebSocketError) {
        let rest: Substring
        if text.hasPrefix("ws://") {
            secure = false
            rest = text.dropFirst(5)
        } else if text.hasPrefix("wss://") {
            secure = true
            rest = text.dropFirst(6)
        } else {
            throw WebSocketError(.invalidURL, "the scheme must be ws:// or wss://")
        }
        guard !text.contains("#") else { throw WebSocketError(.invalidURL, "WebSocket URLs cannot have a fragment") }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        let target = rest[authorityEnd...]
        path = target.hasPrefix("/") ? String(target) : "/" + target
        guard !authority.contains("@") else {
            throw WebSocketError(.invalidURL, "user information in the URL is not supported")
        }
        let portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw WebSocketError(.invalidURL, "unterminated IPv6 address")
            }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else {
                throw WebSocketError(.invalidURL, "unexpected text after the IPv6 address")
            }
            portText = after.isEmpty ? nil : after.dropFirst()
        } else if let colon = authority.firstIndex(of: ":") {
            host = String(authority[..<colon])
            portText = authority[authority.index(after: colon)...]
        } else {
            host = String(authority)
            portText = nil
        }
        guard !host.isEmpty else { throw WebSocketError(.invalidURL, "the host is empty") }
        if let portText {
            guard let port = Int(portText), (1...65535).contains(port) else {
                throw WebSocketError(.invalidURL, "the port must be a number from 1 to 65535")
            }
            self.port = port
        } else {
            port = secure ? 443 : 80
        }
    }
}

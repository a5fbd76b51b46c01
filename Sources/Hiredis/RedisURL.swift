import Foundation

/// Where a Redis server is and how to log in: `redis://[[user]:password@]host[:port][/db]`.
///
/// The password is percent-decoded. `description` and reflection never show it, so a `RedisURL` can be logged.
public struct RedisURL: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// Host name or IP address; an IPv6 address without its brackets.
    public var host: String
    /// TCP port, 6379 unless the URL names one.
    public var port: Int
    /// ACL user for `AUTH user password`; nil means `AUTH password` (the `default` user).
    public var username: String?
    /// Password sent with `AUTH` on every (re)connect; nil sends no `AUTH`.
    public var password: String?
    /// Database selected with `SELECT` on every (re)connect when not 0.
    public var database: Int

    /// Creates a URL from its parts.
    public init(host: String, port: Int = 6379, username: String? = nil, password: String? = nil, database: Int = 0) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
    }

    /// Parses `redis://[[user]:password@]host[:port][/db]`; throws `RedisError` with code `.invalidURL`.
    public init(_ string: String) throws {
        let scheme = "redis://"
        guard string.lowercased().hasPrefix(scheme) else {
            if string.lowercased().hasPrefix("rediss://") {
                throw Self.invalid("rediss:// (TLS) is not supported: hiredis 0.14 has no TLS")
            }
            throw Self.invalid("the URL must start with redis://")
        }
        var rest = Substring(string.dropFirst(scheme.count))
        if rest.contains("?") || rest.contains("#") { throw Self.invalid("query and fragment are not supported") }

        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        if let at = rest.lastIndex(of: "@") {
            let userinfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            guard let colon = userinfo.firstIndex(of: ":") else {
                throw Self.invalid("the user part needs a password: redis://[user]:password@host")
            }
            let user = userinfo[..<colon]
            guard let name = String(user).removingPercentEncoding,
                let secret = String(userinfo[userinfo.index(after: colon)...]).removingPercentEncoding
            else { throw Self.invalid("bad percent-encoding in the user part") }
            username = name.isEmpty ? nil : name
            password = secret
        } else {
            username = nil
            password = nil
        }
        (host, port) = try Self.parseHostPort(rest)
        if path.isEmpty {
            database = 0
        } else if let number = Self.decimal(path) {
            database = number
        } else {
            throw Self.invalid("the path must be a database number, e.g. /0")
        }
    }

    /// `host:port` (IPv6 in brackets), for logs and error context.
    public var endpoint: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// The URL with the password replaced by `***`.
    public var description: String {
        var userinfo = ""
        if password != nil { userinfo = "\(username ?? ""):***@" }
        return "redis://\(userinfo)\(endpoint)/\(database)"
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["url": description])
    }

    private static func parseHostPort(_ text: Substring) throws -> (String, Int) {
        var hostPart = text
        var portPart: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw invalid("unclosed [ in the IPv6 host") }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw invalid("unexpected text after the IPv6 host") }
                portPart = after.dropFirst()
            }
        } else if let colon = text.firstIndex(of: ":") {
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
        }
        guard !hostPart.isEmpty else { throw invalid("the host is missing") }
        guard let portPart else { return (String(hostPart), 6379) }
        guard let port = decimal(portPart), (1...65535).contains(port) else {
            throw invalid("the port must be a number from 1 to 65535")
        }
        return (String(hostPart), port)
    }

    /// Digits only: `Int(_:)` would also take a sign.
    private static func decimal(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 9, text.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        return Int(text)
    }

    private static func invalid(_ message: String) -> RedisError {
        RedisError(code: .invalidURL, message: message)
    }
}

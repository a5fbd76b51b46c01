import Foundation

/// TCP on 127.0.0.1, for probing ports (whether one is free, whether a server accepts on it) and for the tests' raw
/// HTTP clients.
public enum Loopback {
    /// Calls `body` with a new TCP socket and the address 127.0.0.1:`port`, then closes the socket; nil when no
    /// socket could be made.
    static func withSocket(port: Int, _ body: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Bool) -> Bool? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                body(fd, raw, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
    }

    /// A blocking TCP socket connected to 127.0.0.1:`port`, which the caller closes; nil when it could not connect.
    public static func connectedSocket(port: Int) -> Int32? {
        var connected: Int32 = -1
        _ = withSocket(port: port) { fd, address, length in
            guard connect(fd, address, length) == 0 else { return false }
            connected = dup(fd)  // `withSocket` closes its own descriptor.
            return true
        }
        return connected >= 0 ? connected : nil
    }
}

import Foundation
import LocalServers

#if canImport(Glibc)
    import Glibc
#endif

/// A client that sends a POST's head and the first byte of its 200-byte body, then sends nothing more and keeps the
/// connection open: a stalled or very slow sender, which a server's graceful shutdown must not wait for forever.
public final class StalledHTTPRequest {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    private var socket: Int32
    private let serverPort: Int

    /// Connects to `127.0.0.1:port` and sends `POST path` that far.
    public init(port: Int, path: String) throws {
        serverPort = port
        guard let socket = Loopback.connectedSocket(port: port) else {
            throw Failure(description: "connecting to port \(port) failed: errno \(errno)")
        }
        self.socket = socket
        let head = Array(
            "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"
                .utf8)
        guard send(socket, head, head.count, 0) == head.count else {
            let failure = Failure(description: "sending to port \(port) failed: errno \(errno)")
            close()
            throw failure
        }
    }

    deinit { close() }

    /// Returns once the server has read what was sent (its end's receive queue in `/proc/net/tcp` is empty), so it is
    /// handling the request rather than seeing an idle connection.
    public func waitUntilReadByServer() async throws {
        var local = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        // The server's end: local address 127.0.0.1:server, remote 127.0.0.1:ours, in /proc/net/tcp's hex.
        let key = String(format: "0100007F:%04X 0100007F:%04X", serverPort, Int(UInt16(bigEndian: local.sin_port)))
        try await waitUntil("the server to read the stalled request") {
            // Read to its end: `String(contentsOfFile:)` stops after the first page (~30 sockets), and a test run
            // has hundreds open.
            let table = String(
                decoding: FileHandle(forReadingAtPath: "/proc/net/tcp")?.readDataToEndOfFile() ?? Data(), as: UTF8.self)
            guard let line = table.split(separator: "\n").first(where: { $0.contains(key) }) else { return false }
            // Columns: sl, local, remote, state, tx_queue:rx_queue, …
            let queues = line.split(separator: " ", omittingEmptySubsequences: true)[4]
            return queues.hasSuffix(":00000000")
        }
    }

    /// Closes the connection. Idempotent.
    public func close() {
        guard socket >= 0 else { return }
        _ = Glibc.close(socket)
        socket = -1
    }
}

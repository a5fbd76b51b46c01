import Foundation
import LocalServers

#if canImport(Glibc)
    import Glibc
#endif

/// HTTP/1.1 over a plain TCP socket, for what URLSession hides: requests pipelined in one write, the exact bytes of
/// an answer, whether the server closed the connection.
///
/// The socket is blocking and lives on a thread of its own, so the cooperative pool never waits on it.
enum RawHTTPConnection {
    struct Response {
        /// The status line and header lines, as sent.
        let head: [String]
        let body: Data

        var status: Int? { head.first.flatMap { Int($0.split(separator: " ")[1]) } }

        /// The first value of header `name` (compared without regard to case).
        func header(_ name: String) -> String? {
            for line in head.dropFirst() {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2, parts[0].lowercased() == name.lowercased() {
                    return parts[1].trimmingCharacters(in: .whitespaces)
                }
            }
            return nil
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Connects to `127.0.0.1:port`, writes `requests` in one `send`, and reads `count` answers; with `untilClosed`
    /// it then reads on until the server closes the connection (and fails if it does not within 10 s).
    static func exchange(port: Int, _ requests: String, answers count: Int, untilClosed: Bool = false) async throws
        -> [Response]
    {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(
                    with: Result { try blockingExchange(port: port, Array(requests.utf8), count, untilClosed) })
            }.start()
        }
    }

    private static func blockingExchange(port: Int, _ request: [UInt8], _ count: Int, _ untilClosed: Bool) throws
        -> [Response]
    {
        guard let socket = Loopback.connectedSocket(port: port) else {
            throw Failure(description: "connect: errno \(errno)")
        }
        defer { close(socket) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard send(socket, request, request.count, 0) == request.count else {
            throw Failure(description: "send: errno \(errno)")
        }
        var received: [UInt8] = []
        var responses: [Response] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while responses.count < count || untilClosed {
            while responses.count < count, let (response, used) = parse(received) {
                responses.append(response)
                received.removeFirst(used)
            }
            if responses.count == count && !untilClosed { break }
            let read = recv(socket, &chunk, chunk.count, 0)
            if read == 0 {
                guard responses.count == count, received.isEmpty else {
                    throw Failure(description: "closed after \(responses.count) of \(count) answers")
                }
                return responses
            }
            guard read > 0 else {
                throw Failure(description: "recv after \(responses.count) answers: errno \(errno) (11: timed out)")
            }
            received += chunk[..<read]
        }
        return responses
    }

    /// The first whole answer in `bytes` (its body framed by `Content-Length`) and how many bytes it took.
    private static func parse(_ bytes: [UInt8]) -> (Response, Int)? {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = bytes.indices.dropLast(3).first(where: { Array(bytes[$0..<$0 + 4]) == separator }) else {
            return nil
        }
        let head = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let partial = Response(head: head, body: Data())
        let length = Int(partial.header("content-length") ?? "0") ?? 0
        let bodyStart = end + 4
        guard bytes.count >= bodyStart + length else { return nil }
        return (Response(head: head, body: Data(bytes[bodyStart..<bodyStart + length])), bodyStart + length)
    }
}

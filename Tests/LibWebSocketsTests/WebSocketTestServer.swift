import Foundation
import LibWebSockets
import TestSupport

/// `Tests/Servers/ws_server.py` (Python `websockets`) on a port of its choosing, for one test.
final class WebSocketTestServer: Sendable {
    let process: ChildProcess
    let port: Int

    static let directory = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Servers")
    /// The self-signed certificate the TLS server presents (SANs: IP and DNS 127.0.0.1, localhost).
    static let certificate = directory.appendingPathComponent("ws_server_test_cert.pem").path

    /// Starts the server (with `--tls` when `tls`) and waits until it prints its port.
    init(tls: Bool = false) async throws {
        var arguments = [Self.directory.appendingPathComponent("ws_server.py").path]
        if tls {
            arguments += [
                "--tls", Self.certificate, Self.directory.appendingPathComponent("ws_server_test_key.pem").path,
            ]
        }
        let process = try ChildProcess("/usr/bin/env", ["python3"] + arguments)
        let line = try await process.waitForLine(containing: "listening on")
        guard let port = line.split(separator: " ").last.flatMap({ Int($0) }) else {
            throw UnexpectedReadinessLine(line: line)
        }
        self.process = process
        self.port = port
    }

    func url(_ path: String, scheme: String = "ws") -> String { "\(scheme)://127.0.0.1:\(port)\(path)" }

    /// Waits for a line the server prints (such as "ping received").
    func waitForLine(containing marker: String, timeout: Duration = .seconds(20)) async throws {
        _ = try await process.waitForLine(containing: marker, timeout: timeout)
    }
}

/// Runs `body` on a thread of its own, outside the cooperative pool (`WebSocketClient.stop` from another thread).
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result(catching: body)) }.start()
    }
}

struct UnexpectedReadinessLine: Error {
    let line: String
}

struct EventTimeout: Error, CustomStringConvertible {
    let seen: [WebSocketEvent]
    var description: String { "no matching event before the deadline; saw \(seen.map(summary))" }
}

/// Events with long texts shortened, for failure messages.
func summary(_ event: WebSocketEvent) -> String {
    if case .text(let text) = event, text.count > 80 { return "text(\(text.count) characters)" }
    return "\(event)"
}

extension WebSocketClient {
    /// Reads events until one satisfies `last` (returned as the final element), or the stream ends (returns what
    /// came), or the deadline passes (throws).
    func events(
        until last: @escaping @Sendable (WebSocketEvent) -> Bool = { _ in false },
        timeout: Duration = .seconds(30)
    ) async throws -> [WebSocketEvent] {
        let stream = events
        let seen = SeenEvents()
        return try await withThrowingTaskGroup(of: [WebSocketEvent].self) { group in
            group.addTask {
                for await event in stream {
                    seen.append(event)
                    if last(event) { break }
                }
                return seen.all
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw EventTimeout(seen: seen.all)
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }
}

/// The events a reader has seen so far, readable by the deadline task for its error message.
final class SeenEvents: @unchecked Sendable {
    // `@unchecked`: `events` is only touched with `lock` held.
    private let lock = NSLock()
    private var events: [WebSocketEvent] = []
    func append(_ event: WebSocketEvent) { lock.withLock { events.append(event) } }
    var all: [WebSocketEvent] { lock.withLock { events } }
}

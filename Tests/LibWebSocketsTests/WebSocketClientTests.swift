import Foundation
import LibWebSockets
import Logging
import TestSupport
import Testing

/// The client against a real server: Python `websockets` on loopback, one server per test.
@Suite struct WebSocketClientTests {
    let logger = Logger(label: "evmhook.test.websocket")

    /// `count` bytes of "abc…z" repeated: what the server's /big sends, written out independently here.
    func alphabetPattern(_ count: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz".utf8)
        return String(decoding: (0..<count).map { alphabet[$0 % 26] }, as: UTF8.self)
    }

    @Test func echoRoundTrip() async throws {
        let server = try await WebSocketTestServer()
        let client = try WebSocketClient(url: server.url("/echo"), logger: logger)
        try client.send(text: "queued before the handshake")
        #expect(
            try await client.events(until: { $0 == .text("queued before the handshake") })
                == [.connected, .text("queued before the handshake")])
        try client.send(text: "héllo, wörld ✓")
        #expect(try await client.events(until: { _ in true }) == [.text("héllo, wörld ✓")])
        client.stop()
        #expect(try await client.events() == [.closed(code: 1000, reason: "")])
    }

    @Test func oneMebibyteMessageBothWays() async throws {
        let server = try await WebSocketTestServer()
        let size = 1 << 20
        let outgoing = String(decoding: (0..<size).map { UInt8(ascii: "0") + UInt8($0 % 10) }, as: UTF8.self)
        let echo = try WebSocketClient(url: server.url("/echo"), logger: logger)
        try echo.send(text: outgoing)
        let echoed = try await echo.events(until: { if case .text = $0 { true } else { false } })
        #expect(echoed.first == .connected)
        #expect(echoed.last == .text(outgoing), "the echo differs: \(echoed.map(summary))")
        echo.stop()

        let big = try WebSocketClient(url: server.url("/big?bytes=\(size)"), logger: logger)
        let received = try await big.events(until: { if case .text = $0 { true } else { false } })
        #expect(received == [.connected, .text(alphabetPattern(size))], "got \(received.map(summary))")
        big.stop()
    }

    @Test func messageOverSixteenMebibytesIsAnErrorAndClosesTheConnection() async throws {
        let server = try await WebSocketTestServer()
        let client = try WebSocketClient(url: server.url("/big?bytes=\(16 * 1024 * 1024 + 1)"), logger: logger)
        let events = try await client.events()
        #expect(events.count == 3, "got \(events.map(summary))")
        #expect(events.first == .connected)
        guard events.count == 3, case .error(let message) = events[1] else {
            Issue.record("expected an error event, got \(events.map(summary))")
            return
        }
        #expect(message.contains("16777216-byte limit"))
        #expect(events[2] == .closed(code: 1009, reason: "message too big"))
    }

    @Test func sixteenMebibytesExactlyIsAccepted() async throws {
        let server = try await WebSocketTestServer()
        let size = 16 * 1024 * 1024
        let client = try WebSocketClient(url: server.url("/big?bytes=\(size)"), logger: logger)
        let events = try await client.events(until: { if case .text = $0 { true } else { false } })
        guard case .text(let text) = events.last else {
            Issue.record("expected the message, got \(events.map(summary))")
            return
        }
        #expect(text.utf8.count == size)
        #expect(text.hasSuffix(alphabetPattern(size).suffix(26)))
        client.stop()
    }

    @Test func sendingBeyondTheLimitThrows() async throws {
        let server = try await WebSocketTestServer()
        var configuration = WebSocketClient.Configuration()
        configuration.maximumMessageSize = 8
        let client = try WebSocketClient(url: server.url("/echo"), configuration: configuration, logger: logger)
        let error = #expect(throws: WebSocketError.self) { try client.send(text: "123456789") }
        #expect(error?.code == .messageTooLarge)
        try client.send(text: "12345678")
        #expect(try await client.events(until: { $0 == .text("12345678") }) == [.connected, .text("12345678")])
        client.stop()
    }

    @Test func serverInitiatedCloseSurfacesCodeAndReason() async throws {
        let server = try await WebSocketTestServer()
        let client = try WebSocketClient(url: server.url("/close"), logger: logger)
        #expect(try await client.events() == [.connected, .closed(code: 4001, reason: "closing for the test")])
        let error = #expect(throws: WebSocketError.self) { try client.send(text: "too late") }
        #expect(error?.code == .notOpen)
        client.stop()
    }

    @Test func refusedConnectionIsAnErrorThenTheStreamEnds() async throws {
        // A port nothing listens on: FreePort binds it, reads it and closes it again.
        let port = try FreePort.next()
        let client = try WebSocketClient(url: "ws://127.0.0.1:\(port)/", logger: logger)
        let events = try await client.events()
        #expect(events.count == 1, "got \(events)")
        guard case .error(let message) = events.first else {
            Issue.record("expected a single error event, got \(events)")
            return
        }
        #expect(message.contains("127.0.0.1:\(port)"))
        client.stop()
    }

    @Test func stopFromAnotherThreadWhileConnectedFinishesTheStream() async throws {
        let server = try await WebSocketTestServer()
        let client = try WebSocketClient(url: server.url("/idle"), logger: logger)
        #expect(try await client.events(until: { $0 == .connected }) == [.connected])
        let stopped = try await offPool {
            client.stop()
            client.stop()  // idempotent
            return true
        }
        #expect(stopped)
        #expect(try await client.events() == [.closed(code: 1000, reason: "")])
        let error = #expect(throws: WebSocketError.self) { try client.send(text: "after stop") }
        #expect(error?.code == .notOpen)
    }

    @Test func stopWhileConnectingEndsWithoutEvents() async throws {
        let server = try await WebSocketTestServer()
        let client = try WebSocketClient(url: server.url("/idle"), logger: logger)
        client.stop()
        let events = try await client.events()
        // The handshake may win the race with stop(); if it does, the close must follow.
        #expect(events == [] || events == [.connected, .closed(code: 1000, reason: "")], "got \(events)")
    }

    @Test func manyMessagesArriveInOrder() async throws {
        let server = try await WebSocketTestServer()
        let count = 5000
        let burst = try WebSocketClient(url: server.url("/burst?n=\(count)"), logger: logger)
        let expected = [WebSocketEvent.connected] + (0..<count).map { WebSocketEvent.text("message \($0)") }
        #expect(try await burst.events(until: { $0 == .text("message \(count - 1)") }) == expected)
        burst.stop()

        let echo = try WebSocketClient(url: server.url("/echo"), logger: logger)
        for index in 0..<count { try echo.send(text: "sent \(index)") }
        let echoed = [WebSocketEvent.connected] + (0..<count).map { WebSocketEvent.text("sent \($0)") }
        #expect(try await echo.events(until: { $0 == .text("sent \(count - 1)") }) == echoed)
        echo.stop()
    }

    @Test func idleConnectionIsKeptAliveWithPings() async throws {
        let server = try await WebSocketTestServer()
        var configuration = WebSocketClient.Configuration()
        configuration.pingAfterIdle = .seconds(1)
        configuration.hangUpAfterIdle = .seconds(20)
        let client = try WebSocketClient(url: server.url("/idle"), configuration: configuration, logger: logger)
        #expect(try await client.events(until: { $0 == .connected }) == [.connected])
        try await server.waitForLine(containing: "ping received")
        client.stop()
        #expect(try await client.events() == [.closed(code: 1000, reason: "")])
    }
}

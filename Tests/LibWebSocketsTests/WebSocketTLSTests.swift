import LibWebSockets
import Logging
import Testing

/// `wss://` against the Python server with a self-signed certificate: verification is always on.
@Suite struct WebSocketTLSTests {
    let logger = Logger(label: "evmhook.test.websocket.tls")

    @Test func trustedCertificateConnectsAndEchoes() async throws {
        let server = try await WebSocketTestServer(tls: true)
        var configuration = WebSocketClient.Configuration()
        configuration.trustedCertificatesFile = WebSocketTestServer.certificate
        let client = try WebSocketClient(
            url: server.url("/echo", scheme: "wss"), configuration: configuration, logger: logger)
        try client.send(text: "over TLS")
        #expect(try await client.events(until: { $0 == .text("over TLS") }) == [.connected, .text("over TLS")])
        client.stop()
    }

    @Test func untrustedCertificateIsRefused() async throws {
        let server = try await WebSocketTestServer(tls: true)
        let client = try WebSocketClient(url: server.url("/echo", scheme: "wss"), logger: logger)
        let events = try await client.events()
        #expect(events.count == 1, "got \(events)")
        guard case .error = events.first else {
            Issue.record("expected the handshake to fail, got \(events)")
            return
        }
        client.stop()
    }
}

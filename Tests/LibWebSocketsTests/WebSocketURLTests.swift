import Testing

@testable import LibWebSockets

@Suite struct WebSocketURLTests {
    @Test(arguments: [
        ("ws://127.0.0.1:8546", false, "127.0.0.1", 8546, "/", "127.0.0.1:8546"),
        ("ws://example.org/feed?x=1", false, "example.org", 80, "/feed?x=1", "example.org"),
        ("wss://example.org", true, "example.org", 443, "/", "example.org"),
        ("wss://example.org:8443/v3/key", true, "example.org", 8443, "/v3/key", "example.org:8443"),
        ("ws://[::1]:9000/echo", false, "::1", 9000, "/echo", "[::1]:9000"),
        ("ws://host?only=query", false, "host", 80, "/?only=query", "host"),
    ])
    func parses(text: String, secure: Bool, host: String, port: Int, path: String, hostHeader: String) throws {
        let url = try WebSocketURL(parsing: text)
        #expect(url.secure == secure)
        #expect(url.host == host)
        #expect(url.port == port)
        #expect(url.path == path)
        #expect(url.hostHeader == hostHeader)
    }

    @Test(arguments: [
        "http://example.org", "ws://", "ws://:80/", "ws://host:0", "ws://host:65536", "ws://host:port",
        "ws://[::1", "ws://[::1]x", "ws://host/#fragment",
    ])
    func rejects(text: String) {
        let error = #expect(throws: WebSocketError.self) { try WebSocketURL(parsing: text) }
        #expect(error?.code == .invalidURL)
    }

    @Test func errorsNeverEchoCredentials() {
        let error = #expect(throws: WebSocketError.self) { try WebSocketURL(parsing: "wss://user:s3cret@host/") }
        #expect(error.map { !"\($0)".contains("s3cret") } == true)
    }
}

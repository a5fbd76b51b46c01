extension WebSocketClient {
    /// How a client connects and guards its connection.
    public struct Configuration: Sendable {
        /// The largest message accepted in either direction, in bytes. A larger incoming message produces an
        /// `.error` event and closes the connection with 1009. Default: 16 MiB.
        public var maximumMessageSize = 16 * 1024 * 1024
        /// After this long without proof that the peer is alive, the client sends a ping. Default: 20 s.
        public var pingAfterIdle: Duration = .seconds(20)
        /// After this long without proof that the peer is alive, the client drops the connection (`.closed`
        /// with 1006). Must exceed `pingAfterIdle` to leave the pong time to arrive. Default: 30 s.
        public var hangUpAfterIdle: Duration = .seconds(30)
        /// Time allowed for TCP, TLS and the opening handshake. Default: 10 s.
        public var connectTimeout: Duration = .seconds(10)
        /// A PEM file of CA certificates trusted for `wss://` instead of the system store (private CAs, tests).
        /// Server certificates are always verified, host name included.
        public var trustedCertificatesFile: String?

        /// The defaults above.
        public init() {}
    }
}

extension Duration {
    /// Whole seconds for libwebsockets' 16-bit second fields: at least 1, at most 65535.
    var clampedSeconds: UInt16 {
        UInt16(clamping: max(1, components.seconds + (components.attoseconds > 0 ? 1 : 0)))
    }
}

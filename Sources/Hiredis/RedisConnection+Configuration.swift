extension RedisConnection {
    /// Timeouts, reconnect policy and client name of one connection.
    public struct Configuration: Sendable {
        /// How long opening the TCP connection may take.
        public var connectTimeout: Duration = .seconds(5)
        /// Limit on a non-blocking command's round trip; nil waits without limit. A blocking command
        /// (`BRPOP`, `BLMOVE`, `BLMPOP`, `XREADGROUP … BLOCK`, `WAIT`) gets its own block time on top of this,
        /// and no limit when it blocks forever: a read timeout shorter than the block would kill the connection.
        public var commandTimeout: Duration? = .seconds(10)
        /// How long a command keeps trying to reconnect after the connection was lost, before it throws
        /// `connectionFailed`.
        public var reconnectTimeout: Duration = .seconds(5)
        /// The first pause between reconnect attempts; it doubles after each failure up to `maximumBackoff`.
        public var initialBackoff: Duration = .milliseconds(50)
        /// The longest pause between reconnect attempts.
        public var maximumBackoff: Duration = .seconds(1)
        /// Sent as `CLIENT SETNAME` on every (re)connect, so `CLIENT LIST` shows who is who. No spaces.
        public var clientName: String?

        /// The defaults above.
        public init() {}
    }
}

/// Where the time of one exchange went, measured by curl from the start of the transfer.
public struct HTTPTiming: Sendable, Hashable {
    /// Until the last byte of the response.
    public var total: Duration
    /// Until the TCP connection was established; zero when a kept-alive connection was reused.
    public var connect: Duration
    /// Until the first byte of the response arrived (time to first byte).
    public var firstByte: Duration

    /// The three figures of one exchange.
    public init(total: Duration, connect: Duration, firstByte: Duration) {
        self.total = total
        self.connect = connect
        self.firstByte = firstByte
    }
}

/// A `NOTIFY` received on a channel this session `LISTEN`s to.
public struct PostgresNotification: Sendable, Hashable {
    /// The channel named in `NOTIFY channel` or `pg_notify(channel, …)`.
    public let channel: String
    /// The payload (empty when none was given).
    public let payload: String
    /// The process id of the server backend that sent it.
    public let processID: Int32

    /// Builds a notification (the listener does; tests compare with it).
    public init(channel: String, payload: String, processID: Int32) {
        self.channel = channel
        self.payload = payload
        self.processID = processID
    }
}

import Hiredis
import Logging

/// The API's one Redis connection: opened by the first request that needs it (a dead-letter retry; nothing else in
/// the API uses Redis), then kept for the next ones (`RedisConnection` reconnects by itself), closed with the server.
actor SharedRedis {
    private let url: String
    private let logger: Logger
    /// The connection being opened or open; a failed opening is forgotten, so the next request tries again.
    private var opening: Task<RedisConnection, any Error>?

    init(url: String, logger: Logger) {
        self.url = url
        self.logger = logger
    }

    func connection() async throws -> RedisConnection {
        // A task, not the connection: requests arriving while it opens wait for the same one.
        let task = opening ?? Task { [url, logger] in try await RedisConnection.connect(to: url, logger: logger) }
        opening = task
        do {
            return try await task.value
        } catch {
            if opening == task { opening = nil }
            throw error
        }
    }

    func close() async {
        guard let task = opening else { return }
        opening = nil
        if let connection = try? await task.value { await connection.close() }
    }
}

import Hiredis
import Logging

/// Opening Redis for a command: a bad URL, an unreachable server, a refused handshake or a server that wants a
/// password the URL lacks is bad configuration (exit 2), named with the server's address.
enum RedisCommandConnection {
    static func open(_ url: String, logger: Logger) async throws -> RedisConnection {
        try await checked { try await RedisConnection.connect(to: url, logger: logger) }
    }

    static func open(_ url: RedisURL, logger: Logger) async throws -> RedisConnection {
        try await checked { try await RedisConnection.connect(to: url, logger: logger) }
    }

    private static func checked(_ connect: () async throws -> RedisConnection) async throws -> RedisConnection {
        let connection: RedisConnection
        do {
            connection = try await connect()
        } catch let error as RedisError {
            throw refused(error)
        }
        do {
            // A server with a password accepts a connection that gives none and refuses each command (NOAUTH): ask
            // once now, or the service would retry that refusal forever.
            _ = try await connection.send(["PING"])
        } catch let error as RedisError {
            await connection.close()
            throw refused(error)
        }
        return connection
    }

    private static func refused(_ error: RedisError) -> InputError {
        InputError(description: "cannot use Redis (check --redis-url or EVMHOOK_REDIS_URL): \(error)")
    }
}

public import LibPQ
public import Logging
import Threading

/// A few PostgreSQL connections the API's requests take turns on: each connection runs one statement at a time, so
/// concurrent requests spread over several.
public final class PostgresPool: Sendable {
    private let connections: [PostgresConnection]
    private let next = Guarded(0)

    private init(connections: [PostgresConnection]) {
        self.connections = connections
    }

    /// Opens `size` connections to `url` (all or none: a failure closes those already open).
    public static func connect(url: String, size: Int, logger: Logger) async throws -> PostgresPool {
        var connections: [PostgresConnection] = []
        do {
            for _ in 0..<max(1, size) {
                connections.append(try await PostgresConnection.connect(url: url, logger: logger))
            }
        } catch {
            for connection in connections { await connection.close() }
            throw error
        }
        return PostgresPool(connections: connections)
    }

    /// The connection the next request uses (round robin).
    public func connection() -> PostgresConnection {
        let index = next.withLock { value in
            defer { value = (value + 1) % connections.count }
            return value
        }
        return connections[index]
    }

    public func close() async {
        for connection in connections { await connection.close() }
    }
}

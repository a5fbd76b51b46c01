public import Foundation
public import LibPQ

/// `api_key_caches`: the admin API processes that keep keys in memory, and the last sync each has applied (its cache
/// emptied after it). A revocation starts a sync and waits until every process seen lately has applied it, so that
/// no process still accepts the key when the revocation returns (migration 0005).
public struct APIKeyCacheRegistry: Sendable {
    /// A process that has not refreshed its row for this long is taken as gone (it refreshes every second).
    public static let liveness: Duration = .seconds(5)
    /// The first word of a sync's payload on `APIKeyStore.notificationChannel`.
    public static let syncPrefix = "sync"

    public let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// The schema the tables are in: a sync names it, since notifications reach every schema of the database.
    public func schema() async throws -> String {
        try await connection.query("SELECT current_schema() AS name")[0].decode(String.self, "name")
    }

    /// The last sync started so far (0 before the first): a process that empties its cache after reading it has
    /// applied every sync up to it.
    public func latestSync() async throws -> Int64 {
        try await connection.query(
            "SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS n FROM api_key_cache_syncs")[
                0
            ].decode(Int64.self, "n")
    }

    /// Records that process `id` has applied every sync up to `sync`, and that it is alive.
    public func confirm(_ id: UUID, sync: Int64) async throws {
        try await connection.query(
            """
            INSERT INTO api_key_caches (id, applied) VALUES ($1, $2)
            ON CONFLICT (id) DO UPDATE SET applied = GREATEST(api_key_caches.applied, $2), seen_at = now()
            """,
            [.uuid(id), .bigint(sync)])
    }

    /// Removes process `id` (it stops), and the rows of processes gone for a day (they stopped without this).
    public func unregister(_ id: UUID) async throws {
        try await connection.query(
            "DELETE FROM api_key_caches WHERE id = $1 OR seen_at < now() - interval '1 day'", [.uuid(id)])
    }

    /// Starts a sync: takes its number and notifies it. A process that applies it empties its cache after this call
    /// began, so after every change committed before it.
    public func startSync() async throws -> Int64 {
        try await connection.query(
            """
            SELECT n, pg_notify($1, $2 || ' ' || current_schema() || ' ' || n) FROM
                (SELECT nextval('api_key_cache_syncs') AS n) AS sync
            """,
            [.text(APIKeyStore.notificationChannel), .text(Self.syncPrefix)]
        )[0].decode(Int64.self, "n")
    }

    /// The processes seen lately that have not applied `sync` yet.
    public func unconfirmed(_ sync: Int64) async throws -> [UUID] {
        try await connection.query(
            """
            SELECT id FROM api_key_caches
            WHERE applied < $1 AND seen_at > now() - $2::bigint * interval '1 millisecond'
            """,
            [.bigint(sync), .bigint(Int64(Self.liveness.components.seconds * 1_000))]
        ).map { try $0.decode(UUID.self, "id") }
    }
}

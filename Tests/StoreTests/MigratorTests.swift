import Foundation
import LibPQ
import Logging
import Store
import TestSupport
import Testing

@Suite("Migrator against the test server")
struct MigratorTests {
    static let files = [
        "0001_create.sql":
            "CREATE TABLE items (id int4 PRIMARY KEY, name text NOT NULL);\nCREATE INDEX ON items (name);",
        "0002_seed.sql": "INSERT INTO items VALUES (1, 'one'), (2, 'two');",
    ]

    @Test func appliesInOrderAndASecondRunChangesNothing() async throws {
        try await withTestSchema { connection, _ in
            let directory = try MigrationsDirectory(Self.files)
            let migrator = Migrator(migrations: try Migration.load(from: directory.url), logger: Logger(label: "test"))
            let first = try await migrator.apply(on: connection)
            #expect(first.map(\.version) == ["0001_create", "0002_seed"])
            let before = try await snapshot(connection)
            #expect(before.count == 3)
            #expect(before.last == "items: 2")

            let second = try await migrator.apply(on: connection)
            #expect(second.isEmpty)
            #expect(try await snapshot(connection) == before)
        }
    }

    @Test func aMigrationAddedLaterIsAppliedAlone() async throws {
        try await withTestSchema { connection, _ in
            let directory = try MigrationsDirectory(Self.files)
            _ = try await Migrator(migrations: try Migration.load(from: directory.url), logger: Logger(label: "t"))
                .apply(on: connection)
            try directory.add("0003_more.sql", "INSERT INTO items VALUES (3, 'three');")
            let applied = try await Migrator(
                migrations: try Migration.load(from: directory.url), logger: Logger(label: "t")
            )
            .apply(on: connection)
            #expect(applied.map(\.version) == ["0003_more"])
            #expect(try await snapshot(connection).last == "items: 3")
        }
    }

    @Test func aFailingMigrationIsRolledBackAndStopsTheRun() async throws {
        try await withTestSchema { connection, _ in
            let directory = try MigrationsDirectory([
                "0001_ok.sql": "CREATE TABLE ok (x int);",
                "0002_broken.sql": "CREATE TABLE half (x int);\nINSERT INTO missing VALUES (1);",
                "0003_after.sql": "CREATE TABLE after (x int);",
            ])
            let migrator = Migrator(migrations: try Migration.load(from: directory.url), logger: Logger(label: "test"))
            let heard = Heard()
            let error = await #expect(throws: MigrationError.self) {
                try await migrator.apply(on: connection) { heard.append($0.version) }
            }
            #expect(error?.code == .failed)
            #expect(error?.version == "0002_broken")
            #expect((error?.underlying as? PostgresError)?.sqlState == "42P01")
            #expect(heard.versions == ["0001_ok"])
            let state = try #require(
                try await connection.query(
                    """
                    SELECT string_agg(version, ',') AS versions, to_regclass('half') IS NULL AS no_half,
                           to_regclass('after') IS NULL AS no_after
                    FROM schema_migrations
                    """
                ).first
            )
            #expect(try state.decode(String.self, "versions") == "0001_ok")
            #expect(try state.decode(Bool.self, "no_half"))
            #expect(try state.decode(Bool.self, "no_after"))
        }
    }

    @Test func concurrentRunsApplyEachMigrationOnce() async throws {
        try await withTestSchema { _, url in
            let directory = try MigrationsDirectory(Self.files)
            let migrations = try Migration.load(from: directory.url)
            let connections = try await withThrowingTaskGroup(of: PostgresConnection.self) { group in
                for _ in 0..<4 {
                    group.addTask { try await PostgresConnection.connect(url: url, logger: Logger(label: "t")) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let applied = try await withThrowingTaskGroup(of: [String].self) { group in
                for connection in connections {
                    group.addTask {
                        try await Migrator(migrations: migrations, logger: Logger(label: "t")).apply(on: connection)
                            .map(\.version)
                    }
                }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            #expect(applied.sorted() == ["0001_create", "0002_seed"])
            #expect(try await snapshot(connections[0]).last == "items: 2")
            for connection in connections { await connection.close() }
        }
    }

    /// The recorded versions with their timestamps, then the number of items: what a re-run must not change.
    private func snapshot(_ connection: PostgresConnection) async throws -> [String] {
        let recorded = try await connection.query(
            "SELECT version, applied_at FROM schema_migrations ORDER BY version"
        )
        let items = try await connection.query("SELECT count(*) AS n FROM items")
        return try recorded.map {
            "\(try $0.decode(String.self, "version")) at \(try $0.decode(Date.self, "applied_at"))"
        }
            + ["items: \(try items.first!.decode(Int.self, "n"))"]
    }
}

/// Versions a callback reported, from whatever thread.
final class Heard: @unchecked Sendable {
    // `@unchecked`: `list` is only touched with `lock` held.
    private let lock = NSLock()
    private var list: [String] = []

    func append(_ version: String) { lock.withLock { list.append(version) } }
    var versions: [String] { lock.withLock { list } }
}

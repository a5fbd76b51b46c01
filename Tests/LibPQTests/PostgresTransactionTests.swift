import LibPQ
import Logging
import Testing

@Suite("PostgresConnection.transaction")
struct PostgresTransactionTests {
    struct Abort: Error {}

    @Test func committedTransactionKeepsItsRows() async throws {
        try await TestDatabase.withSchema { connection, _ in
            try await connection.query("CREATE TABLE v (id int4)")
            let returned = try await connection.transaction { tx in
                try tx.query("INSERT INTO v VALUES ($1), ($2)", [.int(1), .int(2)])
                return "done"
            }
            #expect(returned == "done")
            #expect(try await count(connection) == 2)
        }
    }

    @Test func rolledBackTransactionLeavesNothing() async throws {
        try await TestDatabase.withSchema { connection, _ in
            try await connection.query("CREATE TABLE v (id int4)")
            await #expect(throws: Abort.self) {
                try await connection.transaction { tx in
                    try tx.query("INSERT INTO v VALUES ($1)", [.int(1)])
                    try tx.query("CREATE TABLE w (id int4)")
                    throw Abort()
                }
            }
            #expect(try await count(connection) == 0)
            let tables = try await connection.query("SELECT to_regclass('w') IS NULL AS gone")
            #expect(try tables.first?.decode(Bool.self, "gone") == true)
        }
    }

    @Test func swallowedStatementErrorRollsBackInsteadOfCommitting() async throws {
        try await TestDatabase.withSchema { connection, _ in
            try await connection.query("CREATE TABLE v (id int4 PRIMARY KEY)")
            let error = await #expect(throws: PostgresError.self) {
                try await connection.transaction { tx in
                    try tx.query("INSERT INTO v VALUES ($1)", [.int(1)])
                    _ = try? tx.query("INSERT INTO v VALUES ($1)", [.int(1)])
                }
            }
            #expect(error?.sqlState == "25P02")
            #expect(try await count(connection) == 0)
            // The session is usable again, outside any transaction.
            try await connection.query("INSERT INTO v VALUES ($1)", [.int(1)])
            #expect(try await count(connection) == 1)
        }
    }

    private func count(_ connection: PostgresConnection) async throws -> Int64 {
        try #require(try await connection.query("SELECT count(*) AS n FROM v").first).decode(Int64.self, "n")
    }
}

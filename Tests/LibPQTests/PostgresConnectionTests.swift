import Foundation
import LibPQ
import Logging
import TestSupport
import Testing

@Suite("PostgresConnection against the test server")
struct PostgresConnectionTests {
    static let uuid = UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F")!
    /// 2023-11-14 22:13:20.25 UTC: exactly representable, so the round trip can be compared exactly.
    static let date = Date(timeIntervalSince1970: 1_700_000_000.25)
    static let columns = "t text, i int4, b int8, f bool, y bytea, u uuid, at timestamptz, j jsonb"

    @Test func everyTypeRoundTripsThroughParametersAndResults() async throws {
        try await TestDatabase.withSchema { connection, _ in
            try await connection.query("CREATE TABLE v (\(Self.columns))")
            let inserted = try await connection.query(
                "INSERT INTO v VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                [
                    .text("héllo ✓ 'quoted' \\ \"x\""), .int(Int32.min), .bigint(Int64.max), .bool(true),
                    .bytea(Data([0, 1, 255, 10, 92])), .uuid(Self.uuid), .timestamptz(Self.date),
                    .jsonb(#"{"b": [1, 2], "a": "x"}"#),
                ]
            )
            #expect(inserted.affectedRows == 1)

            let row = try #require(try await connection.query("SELECT * FROM v").first)
            #expect(try row.decode(String.self, "t") == "héllo ✓ 'quoted' \\ \"x\"")
            #expect(try row.decode(Int32.self, "i") == -2_147_483_648)
            #expect(try row.decode(Int64.self, "b") == 9_223_372_036_854_775_807)
            #expect(try row.decode(Bool.self, "f") == true)
            #expect(try row.decode(Data.self, "y") == Data([0, 1, 255, 10, 92]))
            #expect(try row.decode(UUID.self, "u") == Self.uuid)
            #expect(try row.decode(Date.self, "at") == Self.date)
            #expect(try row.decode(PostgresJSON.self, "j").text == #"{"a": "x", "b": [1, 2]}"#)
            #expect(try row.decode(Int32.self, at: 1) == Int32.min)

            // What the server stored, in its own words, independent of the wrapper's decoding.
            let text = try #require(
                try await connection.query("SELECT y::text, u::text, at::text, j->>'a' AS a FROM v").first
            )
            #expect(try text.decode(String.self, "y") == #"\x0001ff0a5c"#)
            #expect(try text.decode(String.self, "u") == "e621e1f8-c36c-495a-93fc-0c247a3e6e5f")
            #expect(try text.decode(String.self, "at") == "2023-11-14 22:13:20.25+00")
            #expect(try text.decode(String.self, "a") == "x")
        }
    }

    @Test func nullRoundTripsAsNilAndIsRefusedByNonOptionalTypes() async throws {
        try await TestDatabase.withSchema { connection, _ in
            try await connection.query("CREATE TABLE v (\(Self.columns))")
            try await connection.query(
                "INSERT INTO v VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                Array(repeating: .null, count: 8)
            )
            let row = try #require(try await connection.query("SELECT * FROM v").first)
            #expect(try row.decode(String?.self, "t") == nil)
            #expect(try row.decode(Int32?.self, "i") == nil)
            #expect(try row.decode(Int64?.self, "b") == nil)
            #expect(try row.decode(Bool?.self, "f") == nil)
            #expect(try row.decode(Data?.self, "y") == nil)
            #expect(try row.decode(UUID?.self, "u") == nil)
            #expect(try row.decode(Date?.self, "at") == nil)
            #expect(try row.decode(PostgresJSON?.self, "j") == nil)
            #expect(try row.isNull("t"))
            let error = try #require(throws: PostgresError.self) { try row.decode(Int32.self, "i") }
            #expect(error.code == .unexpectedNull)
            #expect(error.description.contains("column i"))
        }
    }

    @Test func wrongTypeAndUnknownColumnAreErrors() async throws {
        try await TestDatabase.withSchema { connection, _ in
            let row = try #require(try await connection.query("SELECT 'x'::text AS name, 7::int8 AS n").first)
            #expect(throws: PostgresError.self) { try row.decode(Int32.self, "name") }
            let mismatch = try #require(throws: PostgresError.self) { try row.decode(Int32.self, "n") }
            #expect(mismatch.code == .typeMismatch)
            #expect(try row.decode(Int64.self, "n") == 7)
            let unknown = try #require(throws: PostgresError.self) { try row.decode(String.self, "missing") }
            #expect(unknown.code == .unknownColumn)
        }
    }

    @Test func textParametersTakeTheTypeTheContextNeeds() async throws {
        try await TestDatabase.withSchema { connection, _ in
            try await connection.query("CREATE TABLE v (amount numeric, tags text[])")
            try await connection.query("INSERT INTO v VALUES ($1, $2)", [.text("12.50"), .text("{a,\"b c\"}")])
            let row = try #require(try await connection.query("SELECT amount, tags[2] AS tag FROM v").first)
            #expect(try row.decode(String.self, "amount") == "12.50")
            #expect(try row.decode(String.self, "tag") == "b c")
        }
    }

    @Test func uniqueViolationCarriesSqlState23505() async throws {
        try await TestDatabase.withSchema { connection, _ in
            try await connection.query("CREATE TABLE v (id int4 PRIMARY KEY)")
            try await connection.query("INSERT INTO v VALUES ($1)", [.int(1)])
            let error = await #expect(throws: PostgresError.self) {
                try await connection.query("INSERT INTO v VALUES ($1)", [.int(1)])
            }
            #expect(error?.code == .server)
            #expect(error?.sqlState == "23505")
            #expect(error?.detail == "Key (id)=(1) already exists.")
            // The session is still usable after a server error.
            let count = try await connection.query("SELECT count(*) AS n FROM v").first?.decode(Int64.self, "n")
            #expect(count == 1)
        }
    }

    @Test func syntaxErrorCarriesSqlState42601() async throws {
        try await TestDatabase.withSchema { connection, _ in
            let error = await #expect(throws: PostgresError.self) { try await connection.query("SELEC 1") }
            #expect(error?.code == .server)
            #expect(error?.sqlState == "42601")
            #expect(error?.message.contains("syntax error") == true)
        }
    }

    @Test func queriesAreOneParameterisedStatement() async throws {
        try await TestDatabase.withSchema { connection, _ in
            let error = await #expect(throws: PostgresError.self) {
                try await connection.query("SELECT 1; SELECT 2")
            }
            #expect(error?.sqlState == "42601")
            try await connection.executeScript("CREATE TABLE a (x int); CREATE TABLE b (y int)")
            let tables = try await connection.query(
                "SELECT count(*) AS n FROM pg_tables WHERE schemaname = current_schema()"
            )
            #expect(try tables.first?.decode(Int.self, "n") == 2)
        }
    }

    @Test func noticesAndWarningsReachTheLogger() async throws {
        let records = LogCapture()
        let logger = records.logger()
        try await TestDatabase.withSchema(logger: logger) { connection, _ in
            try await connection.executeScript(
                "DO $$ BEGIN RAISE NOTICE 'hello %', 42; RAISE WARNING 'careful'; END $$"
            )
        }
        let notice = try #require(records.events.first { $0.message.description == "hello 42" })
        #expect(notice.level == .notice)
        #expect(notice.metadata?["postgres.sqlstate"] == "00000")
        let warning = try #require(records.events.first { $0.message.description == "careful" })
        #expect(warning.level == .warning)
        #expect(warning.metadata?["postgres.sqlstate"] == "01000")
    }

    @Test func passwordNeverReachesErrorsOrLogs() async throws {
        let password = "s3cret-Passw0rd"
        let records = LogCapture()
        let logger = records.logger()
        // The test server trusts loopback, so a password in the URL is accepted and ignored.
        let base = try TestEnvironment.databaseURL()
        let url = base.replacingOccurrences(of: "postgres://postgres@", with: "postgres://postgres:\(password)@")
        #expect(url.contains(password))
        let connection = try await PostgresConnection.connect(url: url, logger: logger)
        try await connection.executeScript("DO $$ BEGIN RAISE NOTICE 'a notice'; END $$")
        let serverError = await #expect(throws: PostgresError.self) { try await connection.query("SELEC") }
        await connection.close()
        #expect(serverError?.description.contains(password) == false)
        #expect(serverError?.description.contains("postgres@127.0.0.1") == true)

        let refused = await #expect(throws: PostgresError.self) {
            try await PostgresConnection.connect(
                url: "postgres://evm:\(password)@127.0.0.1:\(try FreePort.next())/db",
                logger: logger
            )
        }
        #expect(refused?.code == .connectionFailed)
        #expect(refused?.description.contains(password) == false)
        #expect(records.events.isEmpty == false)
        #expect(records.text.contains(password) == false)
    }

    @Test(arguments: [
        "mysql://127.0.0.1/db", "postgres://127.0.0.1:99999/db", "postgres://127.0.0.1:port/db",
        "postgres://127.0.0.1/db?bogus=1", "postgres://u:pw%zzsecret@127.0.0.1/db",
    ])
    func malformedURLIsInvalidInputAndHidesThePassword(url: String) async throws {
        let error = await #expect(throws: PostgresError.self) {
            try await PostgresConnection.connect(url: url, logger: .init(label: "test"))
        }
        #expect(error?.code == .invalidURL)
        #expect(error?.description.contains("pw%zzsecret") == false)
    }

    @Test func closeIsIdempotentAndFinal() async throws {
        let connection = try await PostgresConnection.connect(
            url: try TestEnvironment.databaseURL(),
            logger: .init(label: "test")
        )
        await connection.close()
        await connection.close()
        let error = await #expect(throws: PostgresError.self) { try await connection.query("SELECT 1") }
        #expect(error?.code == .connectionClosed)
    }

    @Test func blockingQueriesDoNotStallTheCooperativePool() async throws {
        let url = try TestEnvironment.databaseURL()
        let sleepers = try await withThrowingTaskGroup(of: PostgresConnection.self) { group in
            for _ in 0..<3 {
                group.addTask { try await PostgresConnection.connect(url: url, logger: .init(label: "t")) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let quick = try await PostgresConnection.connect(url: url, logger: .init(label: "test"))
        // Three connections block in `pg_sleep` for 2 s, more than the pool's two threads; the fourth query
        // must still finish first, which it could not if libpq blocked a cooperative thread.
        let order = try await withThrowingTaskGroup(of: String.self) { group in
            for sleeper in sleepers {
                group.addTask {
                    try await sleeper.query("SELECT pg_sleep(2)"); return "sleep"
                }
            }
            group.addTask {
                try await quick.query("SELECT 1"); return "quick"
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(order.first == "quick")
        for connection in sleepers + [quick] { await connection.close() }
    }
}

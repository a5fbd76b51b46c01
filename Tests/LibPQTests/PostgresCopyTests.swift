import Foundation
import LibPQ
import Logging
import Testing

@Suite("PostgresConnection.copyRows")
struct PostgresCopyTests {
    @Test func copiesOneHundredThousandRows() async throws {
        try await TestDatabase.withSchema { connection, _ in
            try await connection.query(
                "CREATE TABLE events (id int8, chain int4, removed bool, hash bytea, at timestamptz, payload jsonb)"
            )
            let base = Date(timeIntervalSince1970: 1_700_000_000)
            let rows = (0..<100_000).map { index in row(index, base) }
            let started = ContinuousClock.now
            let copied = try await connection.copyRows(
                into: "events",
                columns: ["id", "chain", "removed", "hash", "at", "payload"],
                rows: rows
            )
            let elapsed = ContinuousClock.now - started
            print("COPY of 100000 rows took \(elapsed)")
            #expect(copied == 100_000)
            let summary = try #require(
                try await connection.query(
                    """
                    SELECT count(*) AS n, sum(id) AS total, count(*) FILTER (WHERE removed) AS removed,
                           max(at)::text AS last, (SELECT payload->>'n' FROM events WHERE id = 4242) AS n4242,
                           (SELECT hash FROM events WHERE id = 258) AS h258
                    FROM events
                    """
                ).first
            )
            #expect(try summary.decode(Int64.self, "n") == 100_000)
            #expect(try summary.decode(String.self, "total") == "4999950000")
            #expect(try summary.decode(Int64.self, "removed") == 50_000)
            #expect(try summary.decode(String.self, "last") == "2023-11-16 01:59:59+00")
            #expect(try summary.decode(String.self, "n4242") == "4242")
            #expect(try summary.decode(Data.self, "h258") == Data([2, 1]))
        }
    }

    private func row(_ index: Int, _ base: Date) -> [PostgresValue] {
        let hash = Data([UInt8(index & 0xff), UInt8(index >> 8 & 0xff)])
        let at = base.addingTimeInterval(Double(index))
        let payload = "{\"n\": \(index)}"
        return [
            .bigint(Int64(index)), .int(Int32(index % 7)), .bool(index % 2 == 0), .bytea(hash), .timestamptz(at),
            .jsonb(payload),
        ]
    }

    @Test func textWithEscapeCharactersAndNullSurviveCopy() async throws {
        try await TestDatabase.withSchema { connection, schema in
            try await connection.query("CREATE TABLE notes (id int4, body text, extra uuid)")
            let tricky = "tab\there\nnewline\\backslash\rreturn \\N not null ✓"
            let copied = try await connection.copyRows(
                into: "notes",
                schema: schema,
                columns: ["id", "body", "extra"],
                rows: [
                    [.int(1), .text(tricky), .null],
                    [.int(2), .null, .uuid(UUID(uuidString: "00000000-0000-0000-0000-000000000000")!)],
                ]
            )
            #expect(copied == 2)
            let rows = try await connection.query("SELECT body, extra FROM notes ORDER BY id")
            #expect(try rows[0].decode(String?.self, "body") == tricky)
            #expect(try rows[0].decode(UUID?.self, "extra") == nil)
            #expect(try rows[1].decode(String?.self, "body") == nil)
            #expect(try rows[1].decode(String.self, "extra") == "00000000-0000-0000-0000-000000000000")
        }
    }

    @Test func failingRowAbortsTheWholeCopy() async throws {
        try await TestDatabase.withSchema { connection, _ in
            try await connection.query("CREATE TABLE ids (id int4 PRIMARY KEY)")
            let error = await #expect(throws: PostgresError.self) {
                try await connection.copyRows(into: "ids", columns: ["id"], rows: [[.int(1)], [.int(2)], [.int(1)]])
            }
            #expect(error?.sqlState == "23505")
            let count = try await connection.query("SELECT count(*) AS n FROM ids").first?.decode(Int.self, "n")
            #expect(count == 0)
        }
    }
}

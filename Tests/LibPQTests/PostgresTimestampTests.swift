import Foundation
import LibPQ
import Testing

@Suite("PostgresTimestamp (pure)")
struct PostgresTimestampTests {
    /// Server output (DateStyle ISO) and the Unix time in microseconds it denotes, worked out by hand.
    static let vectors: [(text: String, micros: Int64)] = [
        ("1970-01-01 00:00:00+00", 0),
        ("2023-11-14 22:13:20.25+00", 1_700_000_000_250_000),
        ("2000-01-01 00:00:00+00", 946_684_800_000_000),
        ("2024-02-29 12:00:00.000001+00", 1_709_208_000_000_001),
        ("1969-12-31 23:59:59.5+00", -500_000),
        ("2023-11-15 03:43:20.25+05:30", 1_700_000_000_250_000),
        ("2023-11-14 14:13:20.25-08", 1_700_000_000_250_000),
        ("1900-03-01 00:00:00+00", -2_203_891_200_000_000),
        ("2023-11-14 22:13:20", 1_700_000_000_000_000),
    ]

    @Test(arguments: vectors)
    func parsesServerOutput(text: String, micros: Int64) throws {
        let date = try #require(PostgresTimestamp.parse(text))
        #expect(PostgresTimestamp.unixMicroseconds(date) == micros)
    }

    @Test func formatsInUTCWithMicroseconds() {
        #expect(
            PostgresTimestamp.format(Date(timeIntervalSince1970: 1_700_000_000.25)) == "2023-11-14 22:13:20.250000+00")
        #expect(PostgresTimestamp.format(Date(timeIntervalSince1970: -0.5)) == "1969-12-31 23:59:59.500000+00")
        #expect(PostgresTimestamp.format(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29 00:00:00.000000+00")
    }

    @Test func formatAndParseAgreeAcrossCenturies() throws {
        for seconds in stride(from: -8_000_000_000.0, through: 8_000_000_000.0, by: 123_456_789.123456) {
            let date = PostgresTimestamp.date(unixMicroseconds: Int64((seconds * 1_000_000).rounded()))
            let parsed = try #require(PostgresTimestamp.parse(PostgresTimestamp.format(date)))
            #expect(PostgresTimestamp.unixMicroseconds(parsed) == PostgresTimestamp.unixMicroseconds(date))
        }
    }

    @Test func infinitiesAndGarbage() {
        #expect(PostgresTimestamp.parse("infinity") == .distantFuture)
        #expect(PostgresTimestamp.parse("-infinity") == .distantPast)
        for bad in ["", "2023-11-14", "2023-13-01 00:00:00+00", "2023-11-14 22:13:20.+00", "2023-11-14 22:13:20+0x"] {
            #expect(PostgresTimestamp.parse(bad) == nil, "\(bad)")
        }
    }
}

import Foundation
import Testing

@testable import AdminAPI

@Suite("TimestampTranscoder")
struct TimestampTranscoderTests {
    /// The same text as the formatter it replaces, for dates with microseconds (as PostgreSQL keeps them) across
    /// leap years, month ends and before 1970.
    @Test func writesWhatTheStandardFormatterWrites() throws {
        let standard = ISO8601DateFormatter()
        standard.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var generator = SystemRandomNumberGenerator()
        var dates = [
            Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -0.0005),
            Date(timeIntervalSince1970: 951_782_400),
            Date(timeIntervalSince1970: 1_709_164_799.999_999), Date(timeIntervalSince1970: 4_102_444_800.123),
        ]
        for _ in 0..<10_000 {
            let microseconds = Int64.random(in: -2_208_988_800_000_000...4_102_444_800_000_000, using: &generator)
            dates.append(Date(timeIntervalSince1970: Double(microseconds) / 1_000_000))
        }
        for date in dates {
            #expect(
                try TimestampTranscoder().encode(date) == standard.string(from: date), "\(date.timeIntervalSince1970)")
        }
    }

    @Test func readsWhatItWrites() throws {
        let date = Date(timeIntervalSince1970: 1_764_494_324.123)
        let text = try TimestampTranscoder().encode(date)
        #expect(text == "2025-11-30T09:18:44.123Z")
        #expect(abs(try TimestampTranscoder().decode(text).timeIntervalSince(date)) < 0.001)
    }
}

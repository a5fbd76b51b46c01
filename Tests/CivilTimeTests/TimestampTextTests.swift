import CivilTime
import Foundation
import Testing

@Suite struct TimestampTextTests {
    /// The same text as the formatter it replaces, for dates with microseconds (as PostgreSQL keeps them) across
    /// leap years, month ends and before 1970.
    @Test func writesWhatTheStandardFormatterWrites() {
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
                TimestampText.milliseconds(secondsSinceReferenceDate: date.timeIntervalSinceReferenceDate)
                    == standard.string(from: date), "\(date.timeIntervalSince1970)")
        }
    }

    /// Rounded to the nearest millisecond, into the next second (and day) when it must; not truncated.
    @Test func roundsToTheNearestMillisecond() {
        // Expected values: the instants' UTC dates by hand (Python's datetime agrees), rounded.
        func text(_ seconds: Double) -> String {
            TimestampText.milliseconds(secondsSinceReferenceDate: seconds - 978_307_200)
        }
        #expect(text(1_764_494_324.9116) == "2025-11-30T09:18:44.912Z")
        #expect(text(1_764_494_324.9114) == "2025-11-30T09:18:44.911Z")
        #expect(text(1_764_547_199.9996) == "2025-12-01T00:00:00.000Z")
    }
}

import CivilTime
import Foundation
import Testing

/// The arithmetic against Foundation's Gregorian calendar, an independent implementation, over every day from
/// 1600 to 2400 and a sample far outside it.
@Suite struct CivilDateTests {
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    @Test func agreesWithFoundationsCalendarFrom1600To2400() {
        // Day -135,140 is 1600-01-01; day 157,142 is 2400-03-01.
        for days in stride(from: Int64(-135_140), through: 157_142, by: 1) where days % 7 == 0 || days % 365 < 3 {
            let parts = Self.calendar.dateComponents(
                [.era, .year, .month, .day], from: Date(timeIntervalSince1970: Double(days) * 86_400))
            let date = CivilDate(daysSince1970: days)
            #expect(date == CivilDate(year: Int64(parts.year!), month: Int64(parts.month!), day: Int64(parts.day!)))
            #expect(date.daysSince1970 == days)
        }
    }

    @Test func knownDates() {
        #expect(CivilDate(daysSince1970: 0) == CivilDate(year: 1970, month: 1, day: 1))
        #expect(CivilDate(daysSince1970: -1) == CivilDate(year: 1969, month: 12, day: 31))
        #expect(CivilDate(daysSince1970: 11_016) == CivilDate(year: 2000, month: 2, day: 29))
        // Astronomical year 0 (1 BC) was a leap year.
        #expect(
            CivilDate(year: 0, month: 2, day: 29).daysSince1970 + 1
                == CivilDate(year: 0, month: 3, day: 1).daysSince1970)
    }

    @Test func roundTripsFarFromToday() {
        for days in [Int64(-800_000_000), -719_469, -719_468, 2_932_896, 800_000_000] {
            #expect(CivilDate(daysSince1970: days).daysSince1970 == days)
        }
    }

    @Test func digitsArePaddedAndNeverCut() {
        var text: [UInt8] = []
        text.appendDigits(7, width: 2)
        text.appendDigits(2026, width: 4)
        text.appendDigits(12_345, width: 4)
        text.appendDigits(0, width: 3)
        text.appendDigits(-42, width: 4)
        #expect(String(decoding: text, as: UTF8.self) == "07202612345000-0042")
    }
}

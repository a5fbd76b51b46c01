import Foundation
import OpenAPIRuntime

/// The API's dates: RFC 3339 in UTC with milliseconds (`2026-11-30T09:18:44.123Z`), as OpenAPIRuntime's
/// `.iso8601WithFractionalSeconds` writes them, but without its formatter: that one formats through ICU behind a
/// lock shared by every request, and dates were a quarter of the JSON encoding in the profile of
/// `GET /v1/endpoints/{id}` under load. Decoding (no request carries a date today) keeps the standard parser.
struct TimestampTranscoder: DateTranscoder {
    private static let parser = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    func encode(_ date: Date) throws -> String {
        // The milliseconds since 1970 computed and rounded as CoreFoundation and ICU do, so the text is the standard
        // formatter's to the digit.
        let milliseconds = Int64(((date.timeIntervalSinceReferenceDate + 978_307_200) * 1_000 + 0.5).rounded(.down))
        let (days, dayMilliseconds) = milliseconds.quotientAndRemainder(dividingBy: 86_400_000)
        let (day, millisecond) =
            dayMilliseconds < 0 ? (days - 1, dayMilliseconds + 86_400_000) : (days, dayMilliseconds)
        let (year, month, dayOfMonth) = Self.civil(daysSince1970: day)
        let second = millisecond / 1_000
        var text = [UInt8]()
        text.reserveCapacity(24)
        func append(_ value: Int64, digits: Int) {
            var divisor: Int64 = 1
            for _ in 1..<digits { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                text.append(UInt8(ascii: "0") + UInt8(rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        append(year, digits: 4)
        text.append(UInt8(ascii: "-"))
        append(month, digits: 2)
        text.append(UInt8(ascii: "-"))
        append(dayOfMonth, digits: 2)
        text.append(UInt8(ascii: "T"))
        append(second / 3_600, digits: 2)
        text.append(UInt8(ascii: ":"))
        append(second / 60 % 60, digits: 2)
        text.append(UInt8(ascii: ":"))
        append(second % 60, digits: 2)
        text.append(UInt8(ascii: "."))
        append(millisecond % 1_000, digits: 3)
        text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }

    func decode(_ text: String) throws -> Date {
        try Self.parser.parse(text)
    }

    /// Year, month and day of the proleptic Gregorian calendar (Howard Hinnant's `civil_from_days`).
    static func civil(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

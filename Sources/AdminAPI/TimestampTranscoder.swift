import CivilTime
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
        let date = CivilDate(daysSince1970: day)
        let second = millisecond / 1_000
        var text = [UInt8]()
        text.reserveCapacity(24)
        text.appendDateTime(date, secondOfDay: second, separator: UInt8(ascii: "T"))
        text.append(UInt8(ascii: "."))
        text.appendDigits(millisecond % 1_000, width: 3)
        text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }

    func decode(_ text: String) throws -> Date {
        try Self.parser.parse(text)
    }
}

import CivilTime
public import Foundation

/// Converts between `Date` and PostgreSQL's timestamps: the binary form (microseconds since 2000-01-01 UTC)
/// and the ISO text form (`2023-11-14 22:13:20.25+00`, the server's output with `DateStyle=ISO`).
///
/// Pure calendar arithmetic (proleptic Gregorian, as PostgreSQL), no `Calendar` or locale involved.
public enum PostgresTimestamp {
    /// Seconds from 1970-01-01 to 2000-01-01, PostgreSQL's epoch for binary timestamps.
    static let postgresEpochOffset: Int64 = 946_684_800

    /// Microseconds since 1970-01-01 UTC, rounded to the nearest (PostgreSQL keeps microseconds).
    public static func unixMicroseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// The date at `micros` microseconds since 1970-01-01 UTC.
    public static func date(unixMicroseconds micros: Int64) -> Date {
        let seconds = micros.floorDivided(by: 1_000_000)
        let fraction = micros - seconds * 1_000_000
        return Date(timeIntervalSince1970: Double(seconds) + Double(fraction) / 1_000_000)
    }

    /// Microseconds since 2000-01-01 UTC: the binary wire value of a `timestamptz` parameter.
    static func postgresMicroseconds(_ date: Date) -> Int64 {
        unixMicroseconds(date) - postgresEpochOffset * 1_000_000
    }

    /// `YYYY-MM-DD HH:MM:SS.ffffff+00` in UTC, accepted by `timestamptz` input (COPY uses it).
    public static func format(_ date: Date) -> String {
        let micros = unixMicroseconds(date)
        let seconds = micros.floorDivided(by: 1_000_000)
        let fraction = micros - seconds * 1_000_000
        let days = seconds.floorDivided(by: 86_400)
        let secondOfDay = seconds - days * 86_400
        let civil = CivilDate(daysSince1970: days)
        var text: [UInt8] = []
        text.reserveCapacity(32)
        // PostgreSQL has no year 0: astronomical year 0 is 1 BC.
        let shown = CivilDate(year: civil.year > 0 ? civil.year : 1 - civil.year, month: civil.month, day: civil.day)
        text.appendDateTime(shown, secondOfDay: secondOfDay, separator: UInt8(ascii: " "))
        text.append(UInt8(ascii: "."))
        text.appendDigits(fraction, width: 6)
        text += "+00".utf8
        if civil.year <= 0 { text += " BC".utf8 }
        return String(decoding: text, as: UTF8.self)
    }

    /// Parses the server's ISO output; a value without an offset (`timestamp`) is taken as UTC.
    ///
    /// `infinity` and `-infinity` become `Date.distantFuture` and `Date.distantPast`. Returns nil on anything else.
    public static func parse(_ text: some StringProtocol) -> Date? {
        if text == "infinity" { return .distantFuture }
        if text == "-infinity" { return .distantPast }
        var scanner = DigitScanner(Array(text.utf8))
        guard var year = scanner.number(minDigits: 4), scanner.skip("-"),
            let month = scanner.number(exactDigits: 2), scanner.skip("-"),
            let day = scanner.number(exactDigits: 2), scanner.skip(" ") || scanner.skip("T"),
            let hour = scanner.number(exactDigits: 2), scanner.skip(":"),
            let minute = scanner.number(exactDigits: 2), scanner.skip(":"),
            let second = scanner.number(exactDigits: 2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var micros: Int64 = 0
        if scanner.skip(".") {
            var digits = 0
            while let digit = scanner.digit() {
                // More than six digits cannot come from PostgreSQL; keep the first six.
                if digits < 6 { micros = micros * 10 + digit }
                digits += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 6) { micros *= 10 }
        }
        var offsetSeconds: Int64 = 0
        if let sign = scanner.sign() {
            guard let hours = scanner.number(exactDigits: 2) else { return nil }
            var offset = hours * 3600
            if scanner.skip(":") {
                guard let minutes = scanner.number(exactDigits: 2) else { return nil }
                offset += minutes * 60
                if scanner.skip(":") {
                    guard let seconds = scanner.number(exactDigits: 2) else { return nil }
                    offset += seconds
                }
            }
            offsetSeconds = sign * offset
        }
        if scanner.skip(" BC") { year = 1 - year }
        guard scanner.atEnd else { return nil }
        let days = CivilDate(year: year, month: month, day: day).daysSince1970
        let local = days * 86_400 + hour * 3600 + minute * 60 + second
        return date(unixMicroseconds: (local - offsetSeconds) * 1_000_000 + micros)
    }
}

/// Reads ASCII digits and separators from the front of a byte array.
private struct DigitScanner {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { position == bytes.count }

    mutating func digit() -> Int64? {
        guard position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) else {
            return nil
        }
        defer { position += 1 }
        return Int64(bytes[position] - UInt8(ascii: "0"))
    }

    mutating func number(exactDigits count: Int) -> Int64? {
        let start = position
        guard let value = number(minDigits: count), position - start == count else { return nil }
        return value
    }

    mutating func number(minDigits: Int) -> Int64? {
        let start = position
        var value: Int64 = 0
        // Eighteen digits cannot overflow Int64; a longer year is not a timestamp.
        while position - start < 18, let digit = digit() { value = value * 10 + digit }
        return position - start >= minDigits ? value : nil
    }

    mutating func skip(_ literal: String) -> Bool {
        let expected = Array(literal.utf8)
        guard bytes.count - position >= expected.count,
            bytes[position..<position + expected.count].elementsEqual(expected)
        else { return false }
        position += expected.count
        return true
    }

    mutating func sign() -> Int64? {
        if skip("+") { return 1 }
        if skip("-") { return -1 }
        return nil
    }
}

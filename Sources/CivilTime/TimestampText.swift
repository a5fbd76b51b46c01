/// RFC 3339 in UTC with milliseconds (`2026-11-30T09:18:44.123Z`), rounded to the nearest millisecond as Foundation's
/// `ISO8601DateFormatter` (CoreFoundation and ICU) rounds: the one text a date has wherever evmhook shows it.
public enum TimestampText {
    /// The text of the instant `seconds` after 2001-01-01T00:00:00Z (Foundation's reference date, taken as it is
    /// so that the arithmetic, and with it the rounding, is CoreFoundation's to the digit).
    public static func milliseconds(secondsSinceReferenceDate seconds: Double) -> String {
        let milliseconds = Int64(((seconds + 978_307_200) * 1_000 + 0.5).rounded(.down))
        let (days, dayMilliseconds) = milliseconds.quotientAndRemainder(dividingBy: 86_400_000)
        let (day, millisecond) =
            dayMilliseconds < 0 ? (days - 1, dayMilliseconds + 86_400_000) : (days, dayMilliseconds)
        var text = [UInt8]()
        text.reserveCapacity(24)
        text.appendDateTime(
            CivilDate(daysSince1970: day), secondOfDay: millisecond / 1_000, separator: UInt8(ascii: "T"))
        text.append(UInt8(ascii: "."))
        text.appendDigits(millisecond % 1_000, width: 3)
        text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }
}
